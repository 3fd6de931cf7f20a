/** The seeds are kept unedited: byte-identical to the copies the project was given. */
import test from "ava"
import { createHash } from "node:crypto"
import { readFileSync } from "node:fs"

const SHA256: Record<string, string> = {
  "2004-french-cantonal-elections.txt": "5c1c62e1d5d543b37bc987731440e432a75002e20e865478e0f7778402e45dd6",
  "2004-french-regional-elections.txt": "b62fae2680b580631f30bd39cacba8d9d5418a78c989fadb6db790475f451198",
  "2004-french-senate-election.txt": "6a81672afac0a9a1669f2d177848e09e50b96fb6230399b1d4e3ec20e178e54c"
}

for (const [file, sha] of Object.entries(SHA256)) {
  test(`${file} is unedited`, (t) => {
    t.is(createHash("sha256").update(readFileSync(`seeds/${file}`)).digest("hex"), sha)
  })
}

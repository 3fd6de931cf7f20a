/**
 * The order of text in sorted outputs (pipeline/collate.ts): `compareText` agrees in sign with
 * `Intl.Collator("en-US")` (the long path) on every pair of its short path's characters and on
 * random strings mixing them with characters that take the collator (capitals, `_`, `:`, spaces,
 * accents); and a run's bytes no longer depend on the user's locale: two articles named `aa-…` and
 * `b-…` under LC_ALL=da_DK.UTF-8 (where "aa" sorts after "z") give the bytes of LC_ALL=en_US.UTF-8.
 */
import { spawnSync } from "node:child_process"
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import test from "ava"
import fc from "fast-check"
import { compareText } from "../pipeline/collate.ts"
import { ROOT, recountArgs } from "./helpers/recount.ts"
import { sameTree } from "./helpers/tree.ts"

const collator = new Intl.Collator("en-US")
const SHORT = "-./0123456789abcdefghijklmnopqrstuvwxyz"

test("compareText has the en-US collator's sign on every pair of short-path characters and strings", (t) => {
  const singles = ["", ...SHORT]
  for (const a of singles) for (const b of singles) t.is(Math.sign(compareText(a, b)), Math.sign(collator.compare(a, b)), `${a} ${b}`)
  const char = fc.constantFrom(...SHORT, ...SHORT, "A", "Z", "_", ":", " ", "é", "É", "(", "\u00a0")
  const text = fc.array(char, { maxLength: 12 }).map((cs) => cs.join(""))
  let fast = 0
  fc.assert(
    fc.property(text, text, (a, b) => {
      if ([...a, ...b].every((c) => SHORT.includes(c))) fast++
      return Math.sign(compareText(a, b)) === Math.sign(collator.compare(a, b))
    }),
    { numRuns: 30_000, seed: 11 }
  )
  t.true(fast > 1000, `${fast} pairs on the short path`)
})

test("a run's outputs do not depend on the user's locale (aa- and b- articles, da_DK against en_US)", (t) => {
  recountArgs() // builds the bundle when stale
  const work = mkdtempSync(join(tmpdir(), "recount-collate-"))
  t.teardown(() => rmSync(work, { recursive: true, force: true }))
  const seeds = join(work, "seeds")
  mkdirSync(seeds)
  cpSync(join(ROOT, "seeds", "reference"), join(seeds, "reference"), { recursive: true })
  copyFileSync(join(ROOT, "seeds", "2004-french-cantonal-elections.txt"), join(seeds, "aa-cantonal.txt"))
  copyFileSync(join(ROOT, "seeds", "2004-french-senate-election.txt"), join(seeds, "b-senate.txt"))
  for (const locale of ["en_US.UTF-8", "da_DK.UTF-8"]) {
    const run = spawnSync(join(ROOT, "dist", "recount"), ["--seeds", seeds, "--reference", join(seeds, "reference"), "--out", join(work, `out-${locale}`), "--reports", join(work, `reports-${locale}`), "-q"], {
      cwd: work,
      encoding: "utf8",
      env: { ...process.env, NODE_OPTIONS: "", RECOUNT_PROFILE: "", LANG: locale, LC_ALL: locale }
    })
    t.is(run.status, 0, run.stderr)
  }
  sameTree(t, join(work, "out-en_US.UTF-8"), join(work, "out-da_DK.UTF-8"))
  sameTree(t, join(work, "reports-en_US.UTF-8"), join(work, "reports-da_DK.UTF-8"))
})

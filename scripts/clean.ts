/**
 * `make clean`: removes what Recount wrote into the output folders — the files their manifests
 * list, then the manifests — and nothing else (a user's files beside them stay).
 * Usage: npx tsx scripts/clean.ts DIR [DIR …]
 */
import { existsSync, readFileSync, rmSync } from "node:fs"
import { join } from "node:path"
import { MANIFEST_FILE } from "../pipeline/emit/emit.ts"
import { manifestNames } from "../pipeline/emit/publish.ts"

for (const dir of process.argv.slice(2)) {
  const manifest = join(dir, MANIFEST_FILE)
  if (!existsSync(manifest)) {
    console.log(`clean: ${dir}: no Recount manifest, nothing removed`)
    continue
  }
  const names = manifestNames(readFileSync(manifest, "utf8"))
  if (names === null) {
    console.log(`clean: ${manifest} is not a Recount manifest, nothing removed`)
    continue
  }
  for (const name of names) rmSync(join(dir, name), { force: true })
  rmSync(manifest, { force: true })
  console.log(`clean: ${dir}: removed ${names.length} files and the manifest`)
}

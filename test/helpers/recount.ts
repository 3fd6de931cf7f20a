/**
 * The `recount` command as tests spawn it: the esbuild bundle `dist/recount.mjs` run with plain
 * node (what `make all` runs; ~0.3 s a start instead of ~1.5 s through tsx). `make test` builds it
 * first; if it is missing or older than a source, it is rebuilt here (atomically: build.mjs writes a
 * temporary file and renames it, so concurrent test files never read half a bundle).
 */
import { spawnSync } from "node:child_process"
import { readdirSync, statSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

export const ROOT = fileURLToPath(new URL("../../", import.meta.url))
export const BUNDLE = join(ROOT, "dist", "recount.mjs")

const newestSource = (dir: string): number =>
  readdirSync(dir, { withFileTypes: true }).reduce((newest, e) => {
    const path = join(dir, e.name)
    return Math.max(newest, e.isDirectory() ? newestSource(path) : e.name.endsWith(".ts") ? statSync(path).mtimeMs : 0)
  }, 0)

let fresh = false
/** Node arguments that run the command (the bundle, rebuilt first when stale). */
export const recountArgs = (): Array<string> => {
  if (!fresh) {
    let built = 0
    try {
      built = statSync(BUNDLE).mtimeMs
    } catch {
      built = 0
    }
    const newest = Math.max(newestSource(join(ROOT, "pipeline")), statSync(join(ROOT, "package.json")).mtimeMs)
    if (built < newest) {
      const result = spawnSync(process.execPath, [join(ROOT, "scripts", "build.mjs"), BUNDLE], { cwd: ROOT, encoding: "utf8" })
      if (result.status !== 0) throw new Error(`cannot build the bundle: ${result.stderr}`)
    }
    fresh = true
  }
  return [BUNDLE]
}

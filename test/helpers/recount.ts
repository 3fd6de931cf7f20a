/**
 * The `recount` command as tests spawn it: the esbuild bundle `dist/recount.mjs` run by node from
 * the start-up snapshot beside it, as the command users run (dist/recount, the launcher) starts it:
 * the launcher's V8 flags, `--snapshot-blob dist/recount.blob`, then the bundle (~70 ms less CPU a
 * start than the plain start; ~0.3 s instead of ~1.5 s through tsx). The plain start
 * (`node dist/recount.mjs`, the launcher's fallback) is taken when the snapshot or the launcher is
 * missing, was built by another Node, or NODE_OPTIONS is set (V8 refuses the snapshot under other
 * flags: the launcher's own rule); test/snapshot.test.ts holds the two starts to the same bytes.
 * `make test` builds them first; if the bundle is missing or older than a source, it is rebuilt
 * here (atomically: build.mjs writes a temporary file and renames it, so concurrent test files never
 * read half a bundle; it remakes the snapshot and the launcher too).
 */
import { spawnSync } from "node:child_process"
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

export const ROOT = fileURLToPath(new URL("../../", import.meta.url))
export const BUNDLE = join(ROOT, "dist", "recount.mjs")

const newestSource = (dir: string): number =>
  readdirSync(dir, { withFileTypes: true }).reduce((newest, e) => {
    const path = join(dir, e.name)
    return Math.max(newest, e.isDirectory() ? newestSource(path) : e.name.endsWith(".ts") ? statSync(path).mtimeMs : 0)
  }, 0)

/** The node arguments that start the bundle from its snapshot, as dist/recount does; null for the plain start. */
const snapshotStart = (): Array<string> | null => {
  const launcher = join(ROOT, "dist", "recount")
  const blob = join(ROOT, "dist", "recount.blob")
  if ((process.env.NODE_OPTIONS ?? "") !== "" || !existsSync(blob) || !existsSync(launcher)) return null
  const text = readFileSync(launcher, "utf8")
  const version = /"\$\(node --version 2>\/dev\/null\)" = "([^"]+)"/.exec(text)?.[1]
  const flags = /exec node (.*?) --snapshot-blob/.exec(text)?.[1]
  if (version !== process.version || flags === undefined) return null
  // `$pool`: the node options the launcher sets in a variable (`pool=…`; NODE_OPTIONS is empty here).
  const pool = /^pool=(.*)$/m.exec(text)?.[1] ?? ""
  return [...flags.replaceAll("$pool", pool).split(" ").filter((f) => f !== ""), "--snapshot-blob", blob, "--", BUNDLE]
}

let fresh = false
let start: Array<string> = [BUNDLE]
/** Node arguments that run the command (the bundle, rebuilt first when stale; from its snapshot when it can, see above). */
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
    start = snapshotStart() ?? [BUNDLE]
    fresh = true
  }
  return [...start]
}

/**
 * pipeline/memory.ts: the full collections of long runs keep the bundle's V8 code cache valid.
 * A cache records V8's flag hash and is rejected by a process whose flags differ; the build makes
 * the bundle's cache at the end of a run, so a run that left `--expose-gc` on would write a cache
 * every plain `node` start rejects. Checked across processes, as the build and the command do: the
 * cache is written by a process that imported pipeline/memory.ts and collected, and read back by a
 * plain `node` (no loader, no flag).
 */
import { spawnSync } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import test from "ava"
import { childModule } from "./helpers/child-module.ts"

/** What the first child imports pipeline/memory.ts's exports from (compiled under `make test`). */
const CHILD = childModule("memory-child")
const SOURCE = "(function () { return [1, 2, 3].map((n) => n * 2) })"

/** A fresh node process running `code` (through tsx only when it imports TypeScript). */
const node = (code: string, typescript: boolean) => {
  const r = spawnSync(process.execPath, [...(typescript ? ["--import", "tsx"] : []), "--input-type=module", "-e", code], { encoding: "utf8" })
  if (r.status !== 0) throw new Error(r.stderr)
  return r.stdout.trim()
}

test("a cache written after collections is accepted by a plain start; no global gc is left", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "recount-memory-"))
  try {
    const cache = join(dir, "script.cache")
    const made = node(`
      import { writeFileSync } from "node:fs"
      import { Script } from "node:vm"
      const { ARTICLES_PER_COLLECTION, releaseGarbage } = await import(${JSON.stringify(CHILD.href)})
      const script = new Script(${JSON.stringify(SOURCE)}, { filename: "memory-test.js" })
      script.runInThisContext()
      releaseGarbage(ARTICLES_PER_COLLECTION)
      releaseGarbage(ARTICLES_PER_COLLECTION * 2)
      writeFileSync(${JSON.stringify(cache)}, script.createCachedData())
      console.log(typeof globalThis.gc)
    `, !CHILD.compiled)
    t.is(made, "undefined", "no global gc")
    const rejected = node(`
      import { readFileSync } from "node:fs"
      import { Script } from "node:vm"
      const script = new Script(${JSON.stringify(SOURCE)}, { filename: "memory-test.js", cachedData: readFileSync(${JSON.stringify(cache)}) })
      console.log(String(script.cachedDataRejected))
    `, false)
    t.is(rejected, "false", "the cache is accepted by a process started without flags")
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})

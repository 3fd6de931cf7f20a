/**
 * The emitter's tables are handed to the publish with `durable` (pipeline/emit/emit.ts), and the
 * publish then does not sync them again (test/publish-durable.test.ts): so every file the emitter
 * marks durable must have been fsynced by it, under its own path, before `finish` returns — the
 * durable order of docs/decisions.md "Publishing outputs" rests on it. The file system calls are
 * watched (node:fs patched for the test, `syncBuiltinESMExports`), a descriptor named by the path
 * it was opened with.
 */
import test from "ava"
import * as Effect from "effect/Effect"
import fs, { mkdtempSync, rmSync } from "node:fs"
import { syncBuiltinESMExports } from "node:module"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { openEmitter } from "../pipeline/emit/emit.ts"
import { sampleRows, sampleTable } from "./helpers/sample-table.ts"

test.serial("every file the emitter marks durable was fsynced by it before finish returned", async (t) => {
  const out = mkdtempSync(join(tmpdir(), "recount-emit-durable-"))
  t.teardown(() => rmSync(out, { recursive: true, force: true }))
  const pathOf = new Map<number, string>()
  const synced = new Set<string>()
  const opened = new Set<string>()
  const original = { open: fs.open, openSync: fs.openSync, fsync: fs.fsync, fsyncSync: fs.fsyncSync }
  const restore = () => {
    Object.assign(fs, original)
    syncBuiltinESMExports()
  }
  t.teardown(restore)
  Object.assign(fs, {
    openSync: (path: fs.PathLike, ...rest: Array<never>) => {
      const fd = (original.openSync as (...a: Array<unknown>) => number)(path, ...rest)
      pathOf.set(fd, String(path))
      opened.add(String(path))
      return fd
    },
    open: (path: fs.PathLike, ...rest: Array<unknown>) => {
      const callback = rest.pop() as (error: Error | null, fd: number) => void
      ;(original.open as (...a: Array<unknown>) => void)(path, ...rest, (error: Error | null, fd: number) => {
        if (!error) pathOf.set(fd, String(path)), opened.add(String(path))
        callback(error, fd)
      })
    },
    fsync: (fd: number, callback: (error: Error | null) => void) =>
      original.fsync(fd, (error) => {
        if (!error && pathOf.has(fd)) synced.add(pathOf.get(fd)!)
        callback(error)
      }),
    fsyncSync: (fd: number) => {
      original.fsyncSync(fd)
      if (pathOf.has(fd)) synced.add(pathOf.get(fd)!)
    }
  })
  syncBuiltinESMExports()
  const defs = ["first", "second", "third"].map((name) => sampleTable(name, "A table."))
  const { files, syncedAtFinish } = await Effect.runPromise(Effect.gen(function*() {
    const emitter = yield* openEmitter(out)
    for (const [i, def] of defs.entries()) yield* emitter.add(def, sampleRows(200 * (i + 1), i))
    const encoded = yield* emitter.finish(defs)
    const syncedAtFinish = new Set(synced)
    yield* emitter.abort()
    return { files: encoded.files, syncedAtFinish }
  }))
  restore()
  const durable = files.filter((f) => "path" in f && f.durable !== undefined) as ReadonlyArray<{ readonly name: string; readonly path: string }>
  t.is(durable.length, 6, "each table's CSV and Parquet file is marked durable")
  for (const file of durable) t.true(syncedAtFinish.has(file.path), `${file.name} marked durable but not fsynced before finish returned`)
  t.true(durable.every((file) => opened.has(file.path)), "the watch saw every file opened (the check can fail)")
})

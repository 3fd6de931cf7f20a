/**
 * The publish's syncs (publish.ts `syncAsync`: open, fsync and close through fs's callback API)
 * report a failure as the FileHandle version did: a failed open is "cannot open <file>", a failed
 * fsync "cannot sync <file>" (a folder's EINVAL-like refusals ignored, as `syncDir`), each with its
 * path, and the previous outputs stay. A close that fails after a failed fsync does not hide the
 * fsync's failure (the FileHandle version's `finally` let the close's error replace it). Failures
 * are injected by replacing node's fs.open, fs.fsync and fs.close for the file named.
 */
import test from "ava"
import * as Effect from "effect/Effect"
import { createRequire, syncBuiltinESMExports } from "node:module"
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { OutputFile } from "../pipeline/emit/emit.ts"
import { EmitError } from "../pipeline/emit/errors.ts"
import { publish } from "../pipeline/emit/publish.ts"

const fs = createRequire(import.meta.url)("node:fs") as typeof import("node:fs")

const errno = (code: string, syscall: string) => Object.assign(new Error(`${code}: injected, ${syscall}`), { code, syscall })

type Plan = { readonly open?: (path: string) => Error | null; readonly fsync?: (path: string) => Error | null; readonly close?: (path: string) => Error | null }

/** Replaces fs.open, fs.fsync and fs.close (callback forms) until the test ends: `plan` may fail a call for a path. */
const inject = (t: { teardown: (f: () => void) => void }, plan: Plan) => {
  const original = { open: fs.open, fsync: fs.fsync, close: fs.close }
  const pathOf = new Map<number, string>()
  const calls: Array<string> = []
  fs.open = ((path: string, ...rest: Array<unknown>) => {
    const callback = rest.pop() as (error: Error | null, fd?: number) => void
    const failure = plan.open?.(String(path)) ?? null
    if (failure !== null) return process.nextTick(() => callback(failure))
    return (original.open as (...a: Array<unknown>) => void)(path, ...rest, (error: Error | null, fd: number) => {
      if (error === null) pathOf.set(fd, String(path))
      callback(error, fd)
    })
  }) as typeof fs.open
  fs.fsync = ((fd: number, callback: (error: Error | null) => void) =>
    original.fsync(fd, (error) => {
      const path = pathOf.get(fd) ?? ""
      calls.push(`fsync ${path}`)
      callback(error ?? plan.fsync?.(path) ?? null)
    })) as typeof fs.fsync
  fs.close = ((fd: number, callback?: (error: Error | null) => void) =>
    original.close(fd, (error) => {
      const path = pathOf.get(fd) ?? ""
      pathOf.delete(fd)
      calls.push(`close ${path}`)
      callback?.(error ?? plan.close?.(path) ?? null)
    })) as typeof fs.close
  syncBuiltinESMExports()
  t.teardown(() => {
    Object.assign(fs, original)
    syncBuiltinESMExports()
  })
  return calls
}

/** A published out/ (a.csv = "1"), and what a failed publish must leave as it is. */
const previous = async (t: { teardown: (f: () => void) => void }) => {
  const dir = mkdtempSync(join(tmpdir(), "recount-sync-failures-"))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const out = join(dir, "out")
  await Effect.runPromise(publish([folder(out, [{ name: "a.csv", content: "1" }])], { force: false }))
  return { out, names: readdirSync(out).sort(), manifest: readFileSync(join(out, "manifest.json"), "utf8") }
}

const folder = (dir: string, files: ReadonlyArray<OutputFile>) => ({ role: "out", dir, files, manifest: (run: string, entries: ReadonlyArray<unknown>) => ({ run, files: entries }) })

/** The publish of a.csv = "2", which must fail with an EmitError (an output failure, with its path). */
const failedPublish = async (out: string): Promise<EmitError> => {
  const error = await Effect.runPromise(Effect.flip(publish([folder(out, [{ name: "a.csv", content: "2" }])], { force: false })))
  if (!(error instanceof EmitError)) throw new Error(`not an EmitError: ${error.message}`)
  return error
}

const isDir = (path: string) => {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}
const isA = (path: string) => path.endsWith("a.csv") && !isDir(path)

const unchanged = (t: { deepEqual: (a: unknown, b: unknown) => void; is: (a: unknown, b: unknown) => void }, before: Awaited<ReturnType<typeof previous>>) => {
  t.deepEqual(readdirSync(before.out).sort(), before.names)
  t.is(readFileSync(join(before.out, "a.csv"), "utf8"), "1")
  t.is(readFileSync(join(before.out, "manifest.json"), "utf8"), before.manifest)
}

test.serial("a failed open of a file to sync is `cannot open <file>`, with its path; the previous outputs stay", async (t) => {
  const before = await previous(t)
  inject(t, { open: (path) => (isA(path) ? errno("EACCES", "open") : null) })
  const error = await failedPublish(before.out)
  t.true(error.path.endsWith("a.csv"), error.path)
  t.is(error.message, `cannot open ${error.path}: permission denied (EACCES)`)
  unchanged(t, before)
})

test.serial("a failed fsync is `cannot sync <file>`, and the file is still closed; the previous outputs stay", async (t) => {
  const before = await previous(t)
  const calls = inject(t, { fsync: (path) => (isA(path) ? errno("ENOSPC", "fsync") : null) })
  const error = await failedPublish(before.out)
  t.true(error.path.endsWith("a.csv"), error.path)
  t.is(error.message, `cannot sync ${error.path}: no space left on device (ENOSPC)`)
  t.true(calls.includes(`close ${error.path}`), calls.join("\n"))
  unchanged(t, before)
})

test.serial("a close that fails after a failed fsync does not hide the fsync's failure", async (t) => {
  const before = await previous(t)
  inject(t, { fsync: (path) => (isA(path) ? errno("ENOSPC", "fsync") : null), close: (path) => (isA(path) ? errno("EIO", "close") : null) })
  const error = await failedPublish(before.out)
  t.is(error.message, `cannot sync ${error.path}: no space left on device (ENOSPC)`)
  unchanged(t, before)
})

test.serial("a close that fails alone fails the publish (as the FileHandle version did)", async (t) => {
  const before = await previous(t)
  inject(t, { close: (path) => (isA(path) ? errno("EIO", "close") : null) })
  const error = await failedPublish(before.out)
  t.regex(error.message, /EIO: injected, close/)
  unchanged(t, before)
})

test.serial("a folder's fsync refused with EINVAL is ignored (as syncDir)", async (t) => {
  const before = await previous(t)
  const refused: Array<string> = []
  inject(t, { fsync: (path) => (isDir(path) ? (refused.push(path), errno("EINVAL", "fsync")) : null) })
  await Effect.runPromise(publish([folder(before.out, [{ name: "a.csv", content: "2" }])], { force: false }))
  t.is(readFileSync(join(before.out, "a.csv"), "utf8"), "2")
  t.true(refused.length > 0, "the control: a folder was synced through fs.fsync, and refused")
})

test.serial("a file's fsync refused with EINVAL fails the publish", async (t) => {
  const before = await previous(t)
  inject(t, { fsync: (path) => (isA(path) ? errno("EINVAL", "fsync") : null) })
  const error = await failedPublish(before.out)
  t.is(error.message, `cannot sync ${error.path}: invalid argument (EINVAL)`)
  unchanged(t, before)
})

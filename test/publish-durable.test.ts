/**
 * Files whose writer syncs them (pipeline/emit/emit.ts: the emitter's tables, each an `OutputFile`
 * with `durable`): the publish waits for that sync instead of syncing the file again, and a failed
 * sync fails the publish before its journal — the previous outputs untouched, nothing left behind
 * — as a failed sync of its own did.
 */
import test from "ava"
import * as Effect from "effect/Effect"
import { createRequire, syncBuiltinESMExports } from "node:module"
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { OutputFile } from "../pipeline/emit/emit.ts"
import { publish } from "../pipeline/emit/publish.ts"

const tempDir = (t: { teardown: (f: () => void) => void }) => {
  const dir = mkdtempSync(join(tmpdir(), "recount-durable-"))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

const folder = (dir: string, files: ReadonlyArray<OutputFile>) => ({ role: "out", dir, files, manifest: (run: string, entries: ReadonlyArray<unknown>) => ({ run, files: entries }) })

/** A file written beside the target, as the emitter writes one. */
const written = (work: string, name: string, text: string) => {
  const path = join(work, name)
  writeFileSync(path, text)
  return { name, path, bytes: Buffer.byteLength(text), sha256: "" }
}

test.serial("a file with `durable` is not synced again by the publish; one without is", async (t) => {
  const out = join(tempDir(t), "out")
  const work = join(out, ".recount-emit-test")
  mkdirSync(work, { recursive: true })
  // The publish syncs a file by opening it (fs.open, the callback API: publish.ts syncAsync).
  const opened: Array<string> = []
  const fs = createRequire(import.meta.url)("node:fs") as typeof import("node:fs")
  const open = fs.open
  fs.open = ((path: string, ...rest: Array<never>) => {
    opened.push(String(path))
    return (open as (...a: Array<unknown>) => unknown)(path, ...rest)
  }) as typeof fs.open
  syncBuiltinESMExports()
  t.teardown(() => {
    fs.open = open
    syncBuiltinESMExports()
  })
  const files: Array<OutputFile> = [{ ...written(work, "synced.csv", "a\r\n"), durable: Promise.resolve() }, written(work, "plain.csv", "b\r\n")]
  await Effect.runPromise(publish([folder(out, files)], { force: false, keep: [work] }))
  t.is(readFileSync(join(out, "synced.csv"), "utf8"), "a\r\n")
  t.is(readFileSync(join(out, "plain.csv"), "utf8"), "b\r\n")
  t.false(opened.some((path) => path.endsWith("/synced.csv")), opened.join("\n"))
  t.true(opened.some((path) => path.endsWith("/plain.csv")), "the control: a file without `durable` is opened and synced")
})

test.serial("a failed `durable` fails the publish before its journal: the previous outputs stay, nothing is left behind", async (t) => {
  const out = join(tempDir(t), "out")
  await Effect.runPromise(publish([folder(out, [{ name: "a.csv", content: "1" }])], { force: false }))
  const before = readdirSync(out).sort()
  const manifest = readFileSync(join(out, "manifest.json"), "utf8")
  const work = join(out, ".recount-emit-test")
  mkdirSync(work)
  const steps: Array<string> = []
  const failure = new Error("disk on fire")
  const error = await Effect.runPromise(Effect.flip(publish(
    [folder(out, [{ ...written(work, "a.csv", "2"), durable: Promise.reject(failure) }])],
    { force: false, keep: [work], hooks: { onStep: (step) => steps.push(step) } }
  )))
  t.true(error.message.includes("disk on fire"), error.message)
  t.deepEqual(steps, [], "not even staged")
  rmSync(work, { recursive: true })
  t.deepEqual(readdirSync(out).sort(), before)
  t.is(readFileSync(join(out, "a.csv"), "utf8"), "1")
  t.is(readFileSync(join(out, "manifest.json"), "utf8"), manifest)
})

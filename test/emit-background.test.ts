/**
 * The emitter's two-step end (pipeline/emit/emit.ts): `close` completes the CSVs and starts the
 * Parquet conversion in the background, `finish` waits for it; a table cannot grow after `close`,
 * and the files are the same as a plain `finish`'s. And the command's loader (scripts/loader.mjs):
 * a code cache V8 rejects, or none, only costs start-up time.
 */
import { spawnSync } from "node:child_process"
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import test from "ava"
import * as Effect from "effect/Effect"
import { defineTable, int64, text } from "../pipeline/normalise/columns.ts"
import { openEmitter } from "../pipeline/emit/emit.ts"
import { EmitError } from "../pipeline/emit/errors.ts"
import { VERSION } from "../pipeline/version.ts"
import { BUNDLE, recountArgs } from "./helpers/recount.ts"

const Items = defineTable<{ readonly name: string; readonly n: number }>("items", "Test rows.", { name: text("A name."), n: int64("A count.") })
const Other = defineTable<{ readonly name: string }>("other", "More test rows.", { name: text("A name.") })
const ROWS = Array.from({ length: 3000 }, (_, i) => ({ name: `item ${i}`, n: i }))

const tempDir = (t: { teardown(f: () => void): void }) => {
  const dir = mkdtempSync(join(tmpdir(), "recount-emit-bg-"))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** Emits Items and Other, closing Items before Other's rows (or finishing at once), and returns every file's bytes by name. */
const emit = (outDir: string, withClose: boolean) =>
  Effect.runPromise(Effect.gen(function*() {
    const emitter = yield* openEmitter(outDir)
    return yield* Effect.ensuring(
      Effect.gen(function*() {
        yield* emitter.add(Items, ROWS.slice(0, 1000))
        yield* emitter.add(Items, ROWS.slice(1000))
        if (withClose) {
          // Items closed first (its Parquet file starts), Other still open and written after.
          yield* emitter.close([Items])
          const late = yield* Effect.flip(emitter.add(Items, ROWS.slice(0, 1)))
          if (!(late instanceof EmitError) || !late.message.includes("after the table was closed")) throw new Error(`a late add was not refused: ${String(late)}`)
        }
        yield* emitter.add(Other, [{ name: "last" }])
        if (withClose) yield* emitter.close([Items, Other])
        const encoded = yield* emitter.finish([Items, Other])
        const bytes = new Map<string, string>()
        for (const f of encoded.files) if ("path" in f) bytes.set(f.name, readFileSync(f.path).toString("base64"))
        return { encoded, bytes, ms: emitter.parquetMs() }
      }),
      emitter.abort()
    )
  }))

test("close one table, write another, then finish: a late add is refused, and the files and manifest entries equal a plain finish's", async (t) => {
  const plain = await emit(join(tempDir(t), "out"), false)
  const closed = await emit(join(tempDir(t), "out"), true)
  t.deepEqual([...closed.bytes.keys()], ["items.csv", "items.parquet", "other.csv", "other.parquet"])
  t.deepEqual(closed.bytes, plain.bytes)
  t.deepEqual(closed.encoded.tables, plain.encoded.tables)
  t.is(closed.encoded.tables.find((x) => x.name === "items")?.rows, 3000)
  t.true(typeof closed.ms === "number" && closed.ms >= 0, "the background time is recorded")
})

test("the command runs with a rejected code cache, and without one, the same", (t) => {
  recountArgs() // builds the bundle when stale
  const dir = tempDir(t)
  copyFileSync(BUNDLE, join(dir, "recount.mjs"))
  copyFileSync(BUNDLE.replace(/\.mjs$/, ".cjs"), join(dir, "recount.cjs"))
  const version = () => spawnSync(process.execPath, [join(dir, "recount.mjs"), "--version"], { encoding: "utf8" })
  writeFileSync(join(dir, "recount.cjs.cache"), "not a V8 code cache")
  const rejected = version()
  t.is(rejected.status, 0, rejected.stderr)
  t.is(rejected.stdout.trim(), `recount v${VERSION}`)
  rmSync(join(dir, "recount.cjs.cache"))
  const none = version()
  t.is(none.status, 0, none.stderr)
  t.is(none.stdout, rejected.stdout)
})

// The loader sets V8 flags (its inlining budget) before compiling the bundle; the build's training
// run goes through the same loader, so the cache it made must be accepted by a plain start, and a
// worker-thread run must accept it too (the flags are process-wide).
test("the built command's code cache is accepted by a plain start (the loader's V8 flags match the build's)", (t) => {
  recountArgs() // builds the bundle when stale
  const run = spawnSync(process.execPath, [BUNDLE, "--version"], { encoding: "utf8", env: { ...process.env, RECOUNT_CODE_CACHE_STATUS: "1" } })
  t.is(run.status, 0, run.stderr)
  t.regex(run.stderr, /recount: code cache accepted/)
  const dir = tempDir(t)
  copyFileSync(BUNDLE, join(dir, "recount.mjs"))
  copyFileSync(BUNDLE.replace(/\.mjs$/, ".cjs"), join(dir, "recount.cjs"))
  writeFileSync(join(dir, "recount.cjs.cache"), "not a V8 code cache")
  const rejected = spawnSync(process.execPath, [join(dir, "recount.mjs"), "--version"], { encoding: "utf8", env: { ...process.env, RECOUNT_CODE_CACHE_STATUS: "1" } })
  t.regex(rejected.stderr, /recount: code cache (rejected|absent)/, "the status line can say otherwise")
})

// V8 checks a code cache only against the source's length: the cache carries the sha256 of the
// source it was made from, so an edit of the same length never runs the old, cached functions.
test("a code cache made from another bundle of the same length is not used: the edited bundle's code runs", (t) => {
  recountArgs() // builds the bundle when stale
  const dir = tempDir(t)
  copyFileSync(BUNDLE, join(dir, "recount.mjs"))
  const bundle = readFileSync(BUNDLE.replace(/\.mjs$/, ".cjs"), "utf8")
  copyFileSync(`${BUNDLE.replace(/\.mjs$/, ".cjs")}.cache`, join(dir, "recount.cjs.cache"))
  const version = () => spawnSync(process.execPath, [join(dir, "recount.mjs"), "--version"], { encoding: "utf8" })
  // The built bundle with the build's own cache: the version as built.
  writeFileSync(join(dir, "recount.cjs"), bundle)
  t.is(version().stdout.trim(), `recount v${VERSION}`)
  // The same bundle with one string changed, same length, under the old cache: the new string shows.
  const edited = `${VERSION.slice(0, -1)}${VERSION.endsWith("9") ? "8" : "9"}`
  t.is(edited.length, VERSION.length)
  const needle = `"${VERSION}"`
  t.true(bundle.includes(needle), "the bundle states its version as a string literal")
  writeFileSync(join(dir, "recount.cjs"), bundle.split(needle).join(`"${edited}"`))
  const run = version()
  t.is(run.status, 0, run.stderr)
  t.is(run.stdout.trim(), `recount v${edited}`)
})

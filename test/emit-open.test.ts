/**
 * The emitter creates each table's CSV file in the thread pool (pipeline/emit/emit.ts `csvOpened`)
 * and keeps the table's bytes pending until the file is there: the file must still hold exactly
 * the CSV of its rows (here: all of them added, far past the flush size, before the file can have
 * been created), and a file that cannot be created must still fail the run, naming its path.
 */
import test from "ava"
import { createHash } from "node:crypto"
import { encodeParquet } from "../pipeline/emit/parquet.ts"
import * as Effect from "effect/Effect"
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { encodeCsv } from "../pipeline/emit/csv.ts"
import { openEmitter } from "../pipeline/emit/emit.ts"
import { EmitError } from "../pipeline/emit/errors.ts"
import { defineTable, int64, nullable, text } from "../pipeline/normalise/columns.ts"

type Row = { readonly id: string; readonly n: number; readonly note: string | null }
const Big = defineTable<Row>("big", "Rows past the flush size.", { id: text("Row id."), n: int64("A count.", "votes"), note: nullable(text("Free text.")) })
const rowsOf = (from: number, count: number): ReadonlyArray<Row> =>
  Array.from({ length: count }, (_, i) => ({ id: `r${from + i}`, n: (from + i) * 7919, note: i % 3 === 0 ? null : `« ${i} », "x",\n${"é".repeat(i % 9)} 😀` }))

const tempDir = (t: { teardown: (f: () => void) => void }) => {
  const dir = mkdtempSync(join(tmpdir(), "recount-emit-open-"))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/**
 * The file `name` the emitter wrote for `batches`, all added with no turn of the event loop
 * between them (so before the thread pool can have created the table's files), with its manifest
 * entry.
 */
const writtenEarly = (out: string, batches: ReadonlyArray<ReadonlyArray<Row>>, name: string) =>
  Effect.runPromise(Effect.gen(function*() {
    const emitter = yield* openEmitter(out)
    return yield* Effect.ensuring(
      Effect.gen(function*() {
        for (const rows of batches) yield* emitter.add(Big, rows)
        const encoded = yield* emitter.finish([Big])
        const file = encoded.files.find((f) => f.name === name)! as { path: string; bytes: number; sha256: string }
        return { bytes: readFileSync(file.path), file }
      }),
      Effect.void
    )
  }))

/** The emitter's failure when the file `name` cannot be created (a folder stands where it goes), and its working folder. */
const failedToCreate = (out: string, name: string) =>
  Effect.runPromise(Effect.gen(function*() {
    const emitter = yield* openEmitter(out)
    mkdirSync(join(emitter.dir, name))
    const failed = yield* Effect.flip(Effect.gen(function*() {
      yield* emitter.add(Big, rowsOf(0, 10))
      return yield* emitter.finish([Big])
    }))
    yield* emitter.abort()
    return { failed, dir: emitter.dir }
  }))

test("rows added before the CSV file exists are all written, in order, as the table's CSV", async (t) => {
  const batches = [rowsOf(0, 4000), rowsOf(4000, 26_000), rowsOf(30_000, 1)]
  const { bytes: csv } = await writtenEarly(tempDir(t), batches, "big.csv")
  const expected = Buffer.from(encodeCsv(Big, batches.flat()))
  t.true(expected.length > 3 * (1 << 18), "past the flush size several times")
  t.true(csv.equals(expected))
})

test("a CSV file that cannot be created fails the emitter, naming it; abort leaves nothing", async (t) => {
  const result = await failedToCreate(tempDir(t), "big.csv")
  t.true(result.failed instanceof EmitError)
  t.true(result.failed.message.includes(join(result.dir, "big.csv")), result.failed.message)
  t.false(existsSync(result.dir))
})

test("rows added before the Parquet file exists, past a row group, give the Parquet file of those rows", async (t) => {
  // The first row group (20,480 rows) is made before the file is.
  const batches = [rowsOf(0, 4000), rowsOf(4000, 26_000), rowsOf(30_000, 1)]
  const { bytes: parquet, file } = await writtenEarly(tempDir(t), batches, "big.parquet")
  t.is(file.bytes, parquet.length)
  t.is(file.sha256, createHash("sha256").update(parquet).digest("hex"))
  t.true(parquet.equals(await encodeParquet(Big, batches.flat())))
})

test("a Parquet file that cannot be created fails the emitter, naming it; abort leaves nothing", async (t) => {
  const result = await failedToCreate(tempDir(t), "big.parquet")
  t.true(result.failed instanceof EmitError)
  t.true(result.failed.message.includes(join(result.dir, "big.parquet")), result.failed.message)
  t.false(existsSync(result.dir))
})

/**
 * Recount's Parquet writer (pipeline/emit/parquet-file.ts, parquet.ts):
 * - the file does not depend on where a table's rows came from: rows (`TableParquet.add`, the main
 *   thread's), CSV records (`addRecords`, a worker's), the whole CSV file (`csvParquet`), or any mix
 *   and batching of them — byte for byte, on random rows of every column type;
 * - DuckDB (the engine users load the files into) reads every value back as written, lists, nulls,
 *   empty strings and lists, non-BMP text, the safe-integer bounds, extreme doubles and dates;
 * - the statistics are right: null counts, and min/max of numbers, dates and booleans;
 * - a CSV outside Recount's dialect is refused with the table, record and column named.
 */
import test from "ava"
import fc from "fast-check"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { csvParts, encodeCsv } from "../pipeline/emit/csv.ts"
import { CsvReadError, csvParquet, TableParquet } from "../pipeline/emit/parquet.ts"
import { ROW_GROUP_ROWS } from "../pipeline/emit/parquet-file.ts"
import { bool, date, defineTable, double, int64, int64List, nullable, text, textList } from "../pipeline/normalise/columns.ts"
import { queryRows, sqlString, withDuckDB } from "./helpers/duckdb.ts"

type Row = {
  readonly s: string
  readonly ms: string | null
  readonly n: number
  readonly mn: number | null
  readonly x: number
  readonly mx: number | null
  readonly b: boolean
  readonly mb: boolean | null
  readonly d: string
  readonly md: string | null
  readonly ln: ReadonlyArray<number>
  readonly mls: ReadonlyArray<string> | null
}

const All = defineTable<Row>("all_types", "Every column type, nullable and not.", {
  s: text("Text."),
  ms: nullable(text("Maybe text.")),
  n: int64("A count."),
  mn: nullable(int64("Maybe a count.")),
  x: double("A share."),
  mx: nullable(double("Maybe a share.")),
  b: bool("A flag."),
  mb: nullable(bool("Maybe a flag.")),
  d: date("A day."),
  md: nullable(date("Maybe a day.")),
  ln: int64List("Lines."),
  mls: nullable(textList("Maybe a path."))
})

const tempDir = (t: { teardown: (fn: () => void) => void }): string => {
  const dir = mkdtempSync(join(tmpdir(), "recount-parquet-writer-"))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** Text with every character a CSV field must quote, non-ASCII and non-BMP ones, and NUL. */
const textArb = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom("", " lead", "trail ", "a,b", "say \"hi\"", "two\r\nlines", "\ufeffbom", "Île-de-France", "🗳️ vote", "a\u0000b", "\uffff", "𝔘")
)
const dayArb = fc.date({ min: new Date("0001-01-01T00:00:00Z"), max: new Date("9999-12-31T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))
const intArb = fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.constantFrom(Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 2 ** 31, -(2 ** 31) - 1, 2 ** 32, 0), fc.maxSafeInteger())
const doubleArb = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(-0, 0.1, 1e21, 1e-7, Number.MAX_VALUE, -Number.MIN_VALUE))
const rowArb: fc.Arbitrary<Row> = fc.record({
  s: textArb,
  ms: fc.option(textArb, { nil: null }),
  n: intArb,
  mn: fc.option(intArb, { nil: null }),
  x: doubleArb,
  mx: fc.option(doubleArb, { nil: null }),
  b: fc.boolean(),
  mb: fc.option(fc.boolean(), { nil: null }),
  d: dayArb,
  md: fc.option(dayArb, { nil: null }),
  ln: fc.array(intArb, { maxLength: 4 }),
  mls: fc.option(fc.array(textArb, { maxLength: 3 }), { nil: null })
})

/**
 * A file's bytes from the rows, fed in `batches` (row counts), each batch as rows or as CSV records
 * as `asRecords` says; row groups of `groupSize` rows.
 */
const fileOf = (rows: ReadonlyArray<Row>, batches: ReadonlyArray<number>, asRecords: (k: number) => boolean, groupSize = ROW_GROUP_ROWS): Buffer => {
  const pieces: Array<Buffer> = []
  const table = new TableParquet(All, (group) => pieces.push(...group), undefined, groupSize)
  let from = 0
  for (const [k, size] of [...batches, rows.length].entries()) {
    const batch = rows.slice(from, Math.min(rows.length, from + size))
    from += batch.length
    if (batch.length === 0) continue
    if (asRecords(k)) table.addRecords(Buffer.from(csvParts.records(All, batch, 0), "utf8"), batch.length)
    else table.add(batch)
  }
  pieces.push(...table.finish())
  return Buffer.concat(pieces)
}

test("the same file from rows, from CSV records, from the CSV file, in any batches and mixes, whatever the row groups", (t) => {
  fc.assert(
    fc.property(fc.array(rowArb, { maxLength: 40 }), fc.array(fc.integer({ min: 0, max: 15 }), { maxLength: 6 }), fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), fc.integer({ min: 1, max: 12 }), (rows, batches, mix, groupSize) => {
      // The whole file's records, read into groups of `groupSize` rows: the reference.
      const whole = fileOf(rows, [], () => true, groupSize)
      const fromCsvFile = Buffer.concat(csvParquet(All, Buffer.from(encodeCsv(All, rows), "utf8")))
      const fromRows = fileOf(rows, batches, () => false, groupSize)
      const mixed = fileOf(rows, batches, (k) => mix[k % mix.length]!, groupSize)
      // csvParquet's groups are ROW_GROUP_ROWS: the same file as rows in one group.
      return fromRows.equals(whole) && mixed.equals(whole) && fileOf(rows, batches, () => false).equals(fromCsvFile)
    }),
    { numRuns: 100 }
  )
  t.pass()
})

/** Deterministic rows of every type, `count` of them. */
const manyRows = (count: number): Array<Row> =>
  Array.from({ length: count }, (_, i) => ({
    s: `row ${i} « ${i % 7} »`,
    ms: i % 5 === 0 ? null : i % 9 === 0 ? "" : `v${i % 13}`,
    n: i * 7919 - 5_000_000,
    mn: i % 4 === 0 ? null : i % 3 === 0 ? Number.MAX_SAFE_INTEGER - i : -i,
    x: i / 7,
    mx: i % 6 === 0 ? null : -i * 1.5,
    b: i % 2 === 0,
    mb: i % 3 === 0 ? null : i % 3 === 1,
    d: `20${String(10 + (i % 15)).padStart(2, "0")}-0${1 + (i % 9)}-1${i % 9}`,
    md: i % 7 === 0 ? null : "2000-02-29",
    ln: i % 8 === 0 ? [] : [i, i + 1],
    mls: i % 10 === 0 ? null : i % 11 === 0 ? [] : [`a${i % 3}`, "b"]
  }))

test(`rows past several row groups (${ROW_GROUP_ROWS.toLocaleString("en-US")} rows each), split at any batch: one file, rows in order`, async (t) => {
  const rows = manyRows(ROW_GROUP_ROWS * 2 + 777)
  const whole = Buffer.concat(csvParquet(All, Buffer.from(encodeCsv(All, rows), "utf8")))
  t.true(fileOf(rows, [1, ROW_GROUP_ROWS - 2, 5, ROW_GROUP_ROWS, 3], (k) => k % 2 === 0).equals(whole))
  const file = join(tempDir(t), "many.parquet")
  writeFileSync(file, whole)
  const [summary] = await queryRows(
    `SELECT count(*) AS rows, count(*) FILTER (s <> 'row ' || (rn - 1) || ' « ' || ((rn - 1) % 7) || ' »') AS misplaced
     FROM (SELECT *, row_number() OVER () AS rn FROM read_parquet(${sqlString(file)}))`
  )
  t.deepEqual(summary, { rows: BigInt(rows.length), misplaced: 0n })
  const groups = await queryRows(`SELECT DISTINCT row_group_id, row_group_num_rows FROM parquet_metadata(${sqlString(file)}) ORDER BY 1`)
  t.deepEqual(groups.map((g) => g["row_group_num_rows"]), [BigInt(ROW_GROUP_ROWS), BigInt(ROW_GROUP_ROWS), 777n])
})

/** A value as DuckDB gives it back (BIGINT → bigint, DATE → its text, lists → arrays). */
const plainValue = (v: unknown): unknown =>
  v === null || typeof v !== "object" ? v : "items" in (v as object) ? (v as { items: Array<unknown> }).items.map(plainValue) : String(v)

test("DuckDB reads every value back as written: random rows of every type", async (t) => {
  const dir = tempDir(t)
  const samples = fc.sample(fc.array(rowArb, { minLength: 1, maxLength: 30 }), { numRuns: 12, seed: 20261130 })
  await withDuckDB(async (db) => {
    for (const [k, rows] of samples.entries()) {
      const file = join(dir, `r${k}.parquet`)
      writeFileSync(file, fileOf(rows, [7], () => false))
      const read = (await db.runAndReadAll(`SELECT * FROM read_parquet(${sqlString(file)})`)).getRowObjects()
      // (@duckdb/node-api decodes strings with a TextDecoder that drops a leading byte-order mark;
      // the file holds it: pyarrow reads it back, and the BOM test below reads its bytes.)
      const bom = (v: string | null) => (v !== null && v.startsWith("\ufeff") ? v.slice(1) : v)
      const expected = rows.map((r) => ({
        ...r,
        s: bom(r.s)!,
        ms: bom(r.ms),
        mls: r.mls === null ? null : r.mls.map((v) => bom(v)!),
        n: BigInt(r.n),
        mn: r.mn === null ? null : BigInt(r.mn),
        x: r.x === 0 ? 0 : r.x, // −0 is written 0, as the CSV writes it
        mx: r.mx === 0 ? 0 : r.mx,
        ln: r.ln.map(BigInt)
      }))
      t.deepEqual(read.map((row) => Object.fromEntries(Object.entries(row).map(([key, v]) => [key, plainValue(v)]))), expected as Array<unknown>, `sample ${k}`)
    }
  })
})

test("a leading byte-order mark is kept in the file's strings", async (t) => {
  const rows = manyRows(2).map((r, i) => ({ ...r, s: i === 0 ? "\ufeffbom" : "x\ufeffy" }))
  const file = join(tempDir(t), "bom.parquet")
  writeFileSync(file, fileOf(rows, [1], (k) => k === 0))
  t.deepEqual(await queryRows(`SELECT hex(encode(s)) AS h FROM read_parquet(${sqlString(file)})`), [{ h: "EFBBBF626F6D" }, { h: "78EFBBBF79" }])
})

test("statistics: null counts, and min/max of numbers, dates and booleans, as DuckDB reads them", async (t) => {
  const rows = manyRows(ROW_GROUP_ROWS + 100)
  const file = join(tempDir(t), "stats.parquet")
  writeFileSync(file, fileOf(rows, [], () => false))
  const stats = await queryRows(
    `SELECT row_group_id AS g, path_in_schema AS col, stats_min_value AS lo, stats_max_value AS hi, stats_null_count AS nulls
     FROM parquet_metadata(${sqlString(file)}) ORDER BY row_group_id, column_id`
  )
  const groups = [rows.slice(0, ROW_GROUP_ROWS), rows.slice(ROW_GROUP_ROWS)]
  for (const [g, part] of groups.entries()) {
    const of = (col: string) => stats.find((s) => s["g"] === BigInt(g) && s["col"] === col)!
    const values = <K extends keyof Row>(k: K) => part.map((r) => r[k]).filter((v) => v !== null) as Array<NonNullable<Row[K]>>
    for (const k of ["n", "mn", "x", "mx"] as const) {
      const v = values(k) as Array<number>
      // (+ 0: a zero double min is written −0.0, as the spec asks.)
      t.is(Number(of(k)["lo"]) + 0, Math.min(...v) + 0, `${k} min, group ${g}`)
      t.is(Number(of(k)["hi"]) + 0, Math.max(...v) + 0, `${k} max, group ${g}`)
    }
    for (const k of ["d", "md"] as const) {
      const v = (values(k) as Array<string>).sort()
      t.is(String(of(k)["lo"]), v[0]!, `${k} min, group ${g}`)
      t.is(String(of(k)["hi"]), v.at(-1)!, `${k} max, group ${g}`)
    }
    t.is(String(of("mb")["lo"]), "false")
    t.is(String(of("mb")["hi"]), "true")
    for (const k of ["s", "ms", "n", "mn", "x", "mx", "b", "mb", "d", "md"] as const) {
      t.is(of(k)["nulls"], BigInt(part.filter((r) => r[k] === null).length), `${k} nulls, group ${g}`)
    }
  }
  // And a filter that row-group statistics would prune wrongly if they were wrong.
  const [hits] = await queryRows(`SELECT count(*) AS n FROM read_parquet(${sqlString(file)}) WHERE n = ${rows.at(-1)!.n} OR md = DATE '2000-02-29' AND mn = -1`)
  t.is(hits!["n"], 2n)
})

test("a CSV outside Recount's dialect is refused, naming the table, record and column", (t) => {
  const header = "s,ms,n,mn,x,mx,b,mb,d,md,ln,mls"
  const good = "a,,1,,1.5,,true,,2004-03-21,,[],"
  const refused = (records: string, what: RegExp, whole = `${header}\r\n${records}\r\n`) => {
    const error = t.throws(() => csvParquet(All, Buffer.from(whole, "utf8")), { instanceOf: CsvReadError })
    t.regex(error!.message, what)
  }
  t.notThrows(() => csvParquet(All, Buffer.from(`${header}\r\n${good}\r\n`, "utf8")))
  refused(`${good}\r\na,,1,,1.5,,true,,2004-03-21,,[]`, /^table all_types, record 2, column mls: the record has too few fields$/)
  refused(`a,,1,,1.5,,true,,2004-03-21,,[],,extra`, /record 1, column mls: the record has too many fields/)
  refused(`"a,,1,,1.5,,true,,2004-03-21,,[],`, /record 1, column s: a quoted field is not closed/)
  refused(`"a"x,,1,,1.5,,true,,2004-03-21,,[],`, /record 1, column s: a quoted field is followed by other characters/)
  refused(`a,,1.0,,1.5,,true,,2004-03-21,,[],`, /record 1, column n: not a whole number/)
  refused(`a,,007,,1.5,,true,,2004-03-21,,[],`, /record 1, column n: not a whole number/)
  refused(`a,,99999999999999999,,1.5,,true,,2004-03-21,,[],`, /record 1, column n: not a whole number/)
  refused(`a,,1,,1e999,,true,,2004-03-21,,[],`, /record 1, column x: not a finite number/)
  refused(`a,,1,,1.5,,TRUE,,2004-03-21,,[],`, /record 1, column b: not true or false/)
  refused(`a,,1,,1.5,,true,,2001-02-29,,[],`, /record 1, column d: not a YYYY-MM-DD date/)
  refused(`a,,1,,1.5,,true,,2004-3-21,,[],`, /record 1, column d: not a YYYY-MM-DD date/)
  refused(`a,,1,,1.5,,true,,2004-03-21,,"[1,",`, /record 1, column ln: not a JSON array/)
  refused(`a,,1,,1.5,,true,,2004-03-21,,"[1.5]",`, /record 1, column ln: a list element is not a safe integer/)
  refused(`a,,1,,1.5,,true,,2004-03-21,,[],"[1]"`, /record 1, column mls: a list element is not a string/)
  refused("", /header: the header is not s,ms,/, `s,ms\r\n`)
  refused("", /header: no CRLF line ends/, `${header}\n${good}\n`)
})

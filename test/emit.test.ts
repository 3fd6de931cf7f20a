import { spawnSync } from "node:child_process"
import { createHash } from "node:crypto"
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as NodeServices from "@effect/platform-node/NodeServices"
import test from "ava"
import * as Effect from "effect/Effect"
import type * as FileSystem from "effect/FileSystem"
import type * as Path from "effect/Path"
import Papa from "papaparse"
import { bool, date, defineTable, double, int64, nullable, text } from "../pipeline/normalise/columns.ts"
import { encodeCsv } from "../pipeline/emit/csv.ts"
import { type Manifest, openEmitter, type OutputFile, type TableData, tableData } from "../pipeline/emit/emit.ts"
import { EmitError } from "../pipeline/emit/errors.ts"
import { publish } from "../pipeline/emit/publish.ts"
import { encodeParquet } from "../pipeline/emit/parquet.ts"
import { CREATED_BY } from "../pipeline/emit/parquet-file.ts"
import { CellError, doubleText, plainDecimal } from "../pipeline/emit/values.ts"
import { VERSION } from "../pipeline/version.ts"
import { childModule } from "./helpers/child-module.ts"
import { codecs, describe, fileMetadata, parquetColumns, queryRows, readParquet, sqlString, withDuckDB } from "./helpers/duckdb.ts"

interface Sample {
  readonly id: string
  readonly label: string | null
  readonly count: number
  readonly maybe_count: number | null
  readonly share: number
  readonly maybe_share: number | null
  readonly flag: boolean
  readonly maybe_flag: boolean | null
  readonly day: string
  readonly maybe_day: string | null
}

const Samples = defineTable<Sample>("samples", "A test table covering every column type.", {
  id: text("Row id."),
  label: nullable(text("Free text.")),
  count: int64("A count.", "votes"),
  maybe_count: nullable(int64("A count that may be absent.", "votes")),
  share: double("A percentage.", "percent"),
  maybe_share: nullable(double("A percentage that may be absent.", "percent")),
  flag: bool("A flag."),
  maybe_flag: nullable(bool("A flag that may be absent.")),
  day: date("A date."),
  maybe_day: nullable(date("A date that may be absent."))
})

const SAMPLE_ROWS: ReadonlyArray<Sample> = [
  {
    id: "r1",
    label: "Île-de-France",
    count: 0,
    maybe_count: 9007199254740991,
    share: 34.06,
    maybe_share: 0.1 + 0.2,
    flag: true,
    maybe_flag: false,
    day: "2004-03-21",
    maybe_day: "2004-03-28"
  },
  {
    id: "r2",
    label: null,
    count: -9007199254740991,
    maybe_count: null,
    share: -0.5,
    maybe_share: null,
    flag: false,
    maybe_flag: null,
    day: "1958-11-23",
    maybe_day: null
  },
  {
    id: "r3",
    label: "Drôme, \"Rhône-Alpes\"\nline two\r\nline three",
    count: 1234567,
    maybe_count: -1,
    share: 1e-7,
    maybe_share: 1e21,
    flag: true,
    maybe_flag: true,
    day: "1848-12-10",
    maybe_day: "2099-12-31"
  },
  {
    id: "r4, with comma",
    label: " padded ",
    count: 42,
    maybe_count: 0,
    share: 100,
    maybe_share: 5e-324,
    flag: false,
    maybe_flag: false,
    day: "2000-02-29",
    maybe_day: "1970-01-01"
  },
  {
    id: "r5 'single' \"double\"",
    label: "🗳️ élection — 選挙 | pipe; semi\ttab",
    count: 1,
    maybe_count: 2,
    share: 0,
    maybe_share: 12.5,
    flag: true,
    maybe_flag: null,
    day: "1969-12-31",
    maybe_day: "2001-01-01"
  },
  {
    id: "r6",
    label: "",
    count: 3,
    maybe_count: null,
    share: 99.99,
    maybe_share: null,
    flag: false,
    maybe_flag: null,
    day: "2010-03-14",
    maybe_day: null
  }
]

const EXPECTED_DESCRIBE = [
  { name: "id", type: "VARCHAR" },
  { name: "label", type: "VARCHAR" },
  { name: "count", type: "BIGINT" },
  { name: "maybe_count", type: "BIGINT" },
  { name: "share", type: "DOUBLE" },
  { name: "maybe_share", type: "DOUBLE" },
  { name: "flag", type: "BOOLEAN" },
  { name: "maybe_flag", type: "BOOLEAN" },
  { name: "day", type: "DATE" },
  { name: "maybe_day", type: "DATE" }
]

/** What DuckDB should give back for a row: int64 as bigint, everything else as given. */
const expectedFromDuckDB = (row: Sample) => ({
  ...row,
  count: BigInt(row.count),
  maybe_count: row.maybe_count === null ? null : BigInt(row.maybe_count)
})

const tempDir = (t: { teardown: (fn: () => void) => void }): string => {
  const dir = mkdtempSync(join(tmpdir(), "recount-emit-test-"))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

const run = <A, E>(program: Effect.Effect<A, E, FileSystem.FileSystem | Path.Path>): Promise<A> =>
  Effect.runPromise(program.pipe(Effect.provide(NodeServices.layer)))

const runError = <A, E>(program: Effect.Effect<A, E, FileSystem.FileSystem | Path.Path>): Promise<E> =>
  Effect.runPromise(Effect.flip(program).pipe(Effect.provide(NodeServices.layer)))

/** Every file directly in `dir` (names sorted) with its bytes, for before/after comparisons. */
const snapshot = (dir: string): Record<string, string> =>
  Object.fromEntries(
    readdirSync(dir).sort().map((name) => {
      const path = join(dir, name)
      return [name, statSync(path).isDirectory() ? "<dir>" : readFileSync(path).toString("base64")]
    })
  )

const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex")

/** A Parquet value as the CSV writes it: null ↔ "", numbers in plain decimal. */
const asCsvField = (value: string | number | boolean | bigint | null): string =>
  value === null ? "" : typeof value === "number" ? doubleText(value) : String(value)

test("Parquet: DuckDB reads every column with its type, nullability and value", async (t) => {
  const dir = tempDir(t)
  const file = join(dir, "samples.parquet")
  writeFileSync(file, await encodeParquet(Samples, SAMPLE_ROWS))
  await withDuckDB(async (db) => {
    t.deepEqual(await describe(file, db), EXPECTED_DESCRIBE)
    // Physical and converted types as documented. Every column is OPTIONAL, as DuckDB 1.5.5 wrote
    // them when it wrote these files (it marked no top-level column REQUIRED): readers have always
    // seen every column nullable. Non-nullable columns never hold a null all the same: values are
    // checked before the CSV is written (see the CellError test).
    t.deepEqual(await parquetColumns(file, db), [
      { name: "id", type: "BYTE_ARRAY", converted: "UTF8", repetition: "OPTIONAL" },
      { name: "label", type: "BYTE_ARRAY", converted: "UTF8", repetition: "OPTIONAL" },
      { name: "count", type: "INT64", converted: "INT_64", repetition: "OPTIONAL" },
      { name: "maybe_count", type: "INT64", converted: "INT_64", repetition: "OPTIONAL" },
      { name: "share", type: "DOUBLE", converted: null, repetition: "OPTIONAL" },
      { name: "maybe_share", type: "DOUBLE", converted: null, repetition: "OPTIONAL" },
      { name: "flag", type: "BOOLEAN", converted: null, repetition: "OPTIONAL" },
      { name: "maybe_flag", type: "BOOLEAN", converted: null, repetition: "OPTIONAL" },
      { name: "day", type: "INT32", converted: "DATE", repetition: "OPTIONAL" },
      { name: "maybe_day", type: "INT32", converted: "DATE", repetition: "OPTIONAL" }
    ])
    t.deepEqual(await readParquet(file, db), SAMPLE_ROWS.map(expectedFromDuckDB))
  })
})

test("Parquet: filters on every column type find the rows (statistics do not mislead)", async (t) => {
  const dir = tempDir(t)
  const file = join(dir, "samples.parquet")
  writeFileSync(file, await encodeParquet(Samples, SAMPLE_ROWS))
  const count = async (where: string) =>
    withDuckDB(async (db) =>
      (await db.runAndReadAll(`SELECT count(*) AS n FROM read_parquet(${sqlString(file)}) WHERE ${where}`)).getRowObjects()[0]?.["n"]
    )
  t.is(await count("label = 'Île-de-France'"), 1n)
  t.is(await count("label LIKE '🗳️%'"), 1n)
  t.is(await count("label IS NULL"), 1n)
  t.is(await count("count = -9007199254740991"), 1n)
  t.is(await count("maybe_share IS NULL"), 2n)
  t.is(await count("day < DATE '1970-01-01'"), 3n)
  t.is(await count("flag"), 3n)
})

test("Parquet: equal rows give byte-identical files, whatever the key order of the row objects", async (t) => {
  const a = await encodeParquet(Samples, SAMPLE_ROWS)
  const b = await encodeParquet(Samples, SAMPLE_ROWS)
  const reordered = SAMPLE_ROWS.map((row) => Object.fromEntries(Object.entries(row).reverse()) as unknown as Sample)
  const c = await encodeParquet(Samples, reordered)
  t.true(a.equals(b))
  t.true(a.equals(c))
  t.false(a.includes(Buffer.from(String(new Date().getUTCFullYear())))) // no timestamp in the file
  t.false(a.includes(Buffer.from("recount-parquet-"))) // no temp path in the file
})

test("Parquet: \"\" stays \"\", null stays NULL; NUL characters and the safe-integer bounds survive; -0 is 0 as in the CSV", async (t) => {
  const Edge = defineTable<{ readonly s: string | null; readonly n: number; readonly x: number }>("edge", "Edge values.", {
    s: nullable(text("A string.")),
    n: int64("A count."),
    x: double("A double.")
  })
  const file = join(tempDir(t), "edge.parquet")
  writeFileSync(
    file,
    await encodeParquet(Edge, [
      { s: "", n: Number.MAX_SAFE_INTEGER, x: -0 },
      { s: null, n: Number.MIN_SAFE_INTEGER, x: Number.MAX_VALUE },
      { s: "a\u0000b", n: -0, x: -Number.MIN_VALUE }
    ])
  )
  t.deepEqual(
    await queryRows(`SELECT s, s IS NULL AS is_null, length(s) AS len, n, x, sign(1 / x) AS sign FROM read_parquet(${sqlString(file)})`),
    [
      // The Parquet is read from the table's CSV, where −0 is written 0 (JavaScript's String(−0)).
      { s: "", is_null: false, len: 0n, n: 9007199254740991n, x: 0, sign: 1 },
      { s: null, is_null: true, len: null, n: -9007199254740991n, x: Number.MAX_VALUE, sign: 1 },
      { s: "a\u0000b", is_null: false, len: 3n, n: 0n, x: -Number.MIN_VALUE, sign: -1 }
    ]
  )
})

test("Parquet: rows keep their order past several row groups (20,480 rows)", async (t) => {
  // (Three groups, the last one short. The test processes run without TurboFan, where 130,000 rows
  // encoded twice, as when DuckDB wrote the files, cost ~2 s; determinism is tested above.)
  const many = Array.from({ length: 2 * 20_480 + 39 }, (_, i) => ({ ...SAMPLE_ROWS[i % SAMPLE_ROWS.length]!, id: `row ${i}`, count: i }))
  const bytes = await encodeParquet(Samples, many)
  const file = join(tempDir(t), "many.parquet")
  writeFileSync(file, bytes)
  const order = await queryRows(
    `SELECT count(*) AS n, count(*) FILTER (count <> rn - 1 OR id <> 'row ' || (rn - 1)) AS misplaced,
            count(DISTINCT label) FILTER (label IS NOT NULL) AS labels
     FROM (SELECT *, row_number() OVER () AS rn FROM read_parquet(${sqlString(file)}))`
  )
  t.deepEqual(order, [{ n: 40_999n, misplaced: 0n, labels: 5n }])
})

test("Parquet: every column chunk is Snappy-compressed; the footer names Recount's writer and holds the table's metadata (pandas dtypes, Recount version, descriptions), no time, no path", async (t) => {
  const dir = tempDir(t)
  const file = join(dir, "samples.parquet")
  writeFileSync(file, await encodeParquet(Samples, SAMPLE_ROWS))
  await withDuckDB(async (db) => {
    t.deepEqual(await codecs(file, db), Object.keys(Samples.columns).map((name) => `${name}: SNAPPY`).sort())
    const { createdBy, keyValues } = await fileMetadata(file, db)
    t.is(createdBy, CREATED_BY)
    const { kv } = await fileMetadata(file, db)
    t.deepEqual(Object.keys(kv).sort(), ["pandas", "recount.columns", "recount.description", "recount.inputs", "recount.inputs.sha256", "recount.table", "recount.version"])
    t.is(keyValues, 7)
    t.is(kv["recount.version"], VERSION)
    t.is(kv["recount.table"], "samples")
    t.is(kv["recount.description"], Samples.doc)
    const pandas = JSON.parse(kv["pandas"]!) as { index_columns: Array<unknown>; columns: Array<{ name: string; numpy_type: string }> }
    t.deepEqual(pandas.index_columns, [])
    t.deepEqual(pandas.columns.map((c) => [c.name, c.numpy_type]), [
      ["id", "str"], ["label", "str"], ["count", "Int64"], ["maybe_count", "Int64"], ["share", "float64"], ["maybe_share", "float64"],
      ["flag", "boolean"], ["maybe_flag", "boolean"], ["day", "date32[day][pyarrow]"], ["maybe_day", "date32[day][pyarrow]"]
    ])
    const columns = JSON.parse(kv["recount.columns"]!) as Record<string, { description: string; type: string }>
    t.is(columns["share"]!.description, Samples.columns["share"]!.doc)
    t.is(columns["share"]!.type, "DOUBLE")
    t.false(Object.values(kv).some((v) => v.includes(dir) || /\d{4}-\d{2}-\d{2}T\d{2}:/.test(v)), "no path, no timestamp")
  })
  // Compressed indeed: 5,000 rows of two alternating samples take under a tenth of their CSV
  // (PLAIN values, Snappy: ~2 bytes a row here; uncompressed they would be more than the CSV).
  const repetitive = Array.from({ length: 5_000 }, (_, i) => SAMPLE_ROWS[i % 2]!)
  t.true((await encodeParquet(Samples, repetitive)).byteLength < Buffer.byteLength(encodeCsv(Samples, repetitive)) / 10)
})

/** What the child process imports encodeParquet and defineTable from (compiled under `make test`). */
const CHILD = childModule("parquet-child")

/**
 * Encodes the samples in a fresh Node process with the given environment and working directory;
 * returns the file's sha256 and what the process saw of its module loading and its temp directory.
 */
const encodeElsewhere = (env: Record<string, string>, cwd: string) => {
  const script = `
    import { createHash } from "node:crypto"
    import { createRequire } from "node:module"
    import { readdirSync } from "node:fs"
    import { tmpdir } from "node:os"
    const snappyLoaded = () => Object.keys(createRequire(import.meta.url).cache).some((path) => path.includes("snappy") && path.endsWith(".node"))
    const { encodeParquet, defineTable } = await import(${JSON.stringify(CHILD.href)})
    const loadedBeforeUse = snappyLoaded()
    const def = defineTable("samples", ${JSON.stringify(Samples.doc)}, JSON.parse(process.env.SAMPLE_COLUMNS))
    const rows = JSON.parse(process.env.SAMPLE_ROWS)
    const bytes = await encodeParquet(def, rows)
    const again = await encodeParquet(def, rows)
    const failure = await encodeParquet(def, [{ ...rows[0], count: 0.5 }]).then(() => "none", (e) => e.name)
    console.log(JSON.stringify({
      sha256: createHash("sha256").update(bytes).digest("hex"),
      same: Buffer.compare(bytes, again) === 0,
      failure,
      loadedBeforeUse,
      loadedAfterUse: snappyLoaded(),
      leftInTmp: readdirSync(tmpdir()).filter((name) => name.startsWith("recount-parquet-"))
    }))
  `
  const result = spawnSync(process.execPath, [...(CHILD.compiled ? [] : ["--import", import.meta.resolve("tsx")]), "--input-type=module", "-e", script], {
    cwd,
    env: { ...process.env, ...env, SAMPLE_COLUMNS: JSON.stringify(Samples.columns), SAMPLE_ROWS: JSON.stringify(SAMPLE_ROWS) },
    encoding: "utf8"
  })
  if (result.status !== 0) throw new Error(`child process failed (${result.status}): ${result.stderr}`)
  return JSON.parse(result.stdout.trim().split("\n").at(-1)!) as {
    readonly sha256: string
    readonly same: boolean
    readonly failure: string
    readonly loadedBeforeUse: boolean
    readonly loadedAfterUse: boolean
    readonly leftInTmp: ReadonlyArray<string>
  }
}

test("Parquet: same bytes in other processes, time zones, locales and working directories; Snappy's binding loaded on first use; nothing left in the temp directory", async (t) => {
  const here = sha256(await encodeParquet(Samples, SAMPLE_ROWS))
  for (const env of [
    { TZ: "UTC", LANG: "C", LC_ALL: "C" },
    { TZ: "Pacific/Kiritimati", LANG: "fr_FR.UTF-8", LC_ALL: "fr_FR.UTF-8" }
  ]) {
    const cwd = tempDir(t)
    const child = encodeElsewhere({ ...env, TMPDIR: tempDir(t) }, cwd)
    t.is(child.sha256, here, JSON.stringify(env))
    t.true(child.same)
    t.is(child.failure, "CellError")
    t.false(child.loadedBeforeUse, "importing the module does not load Snappy's binding")
    t.true(child.loadedAfterUse)
    t.deepEqual(child.leftInTmp, [], "no temp directory is left, also after a failure")
    t.deepEqual(readdirSync(cwd), [], "nothing written in the working directory")
  }
})

test("Parquet: a table with no rows is a valid file with the schema and 0 rows", async (t) => {
  const dir = tempDir(t)
  const file = join(dir, "empty.parquet")
  const bytes = await encodeParquet(Samples, [])
  t.true(bytes.equals(await encodeParquet(Samples, [])))
  writeFileSync(file, bytes)
  await withDuckDB(async (db) => {
    t.deepEqual(await describe(file, db), EXPECTED_DESCRIBE)
    t.deepEqual(await readParquet(file, db), [])
  })
})

test("Parquet and CSV reject a value that does not fit its column, naming table, row and column", async (t) => {
  const bad = (patch: Partial<Record<keyof Sample, unknown>>) => [SAMPLE_ROWS[0]!, { ...SAMPLE_ROWS[1]!, ...patch } as Sample]
  const cases: Array<[Partial<Record<keyof Sample, unknown>>, string, RegExp]> = [
    [{ id: null }, "id", /null in a non-nullable column/],
    [{ count: 2 ** 53 }, "count", /safe integer/],
    [{ count: 1.5 }, "count", /safe integer/],
    [{ share: Number.NaN }, "share", /finite number/],
    [{ flag: "true" }, "flag", /boolean/],
    [{ day: "2004-02-30" }, "day", /YYYY-MM-DD date/],
    [{ maybe_day: "21/03/2004" }, "maybe_day", /YYYY-MM-DD date or null/],
    [{ label: undefined }, "label", /got undefined/],
    [{ label: "\uD800 lone" }, "label", /lone UTF-16 surrogate/]
  ]
  for (const [patch, column, problem] of cases) {
    const csvError = t.throws(() => encodeCsv(Samples, bad(patch)), { instanceOf: CellError })
    t.is(csvError?.column, column)
    t.regex(csvError?.message ?? "", new RegExp(`table samples, row 2, column ${column}: `))
    t.regex(csvError?.message ?? "", problem)
    const parquetError = await t.throwsAsync(encodeParquet(Samples, bad(patch)), { instanceOf: CellError })
    t.is(parquetError?.column, column)
  }
})

test("CSV: header in column order; Papa.parse gives back the Parquet values (null ↔ empty)", async (t) => {
  const csv = encodeCsv(Samples, SAMPLE_ROWS)
  t.is(csv, encodeCsv(Samples, SAMPLE_ROWS))
  t.true(csv.startsWith(`${Object.keys(Samples.columns).join(",")}\r\n`))
  // skipEmptyLines: the final line break ends the last record (no sample row is one empty field).
  const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true })
  t.deepEqual(parsed.errors, [])
  t.deepEqual(parsed.meta.fields, Object.keys(Samples.columns))

  const dir = tempDir(t)
  const file = join(dir, "samples.parquet")
  writeFileSync(file, await encodeParquet(Samples, SAMPLE_ROWS))
  const fromParquet = await withDuckDB((db) => readParquet(file, db))
  t.deepEqual(
    parsed.data,
    fromParquet.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, asCsvField(value)])))
  )
  // Doubles read back exactly from their plain-decimal text.
  t.deepEqual(parsed.data.map((row) => Number(row["maybe_share"] || Number.NaN)), SAMPLE_ROWS.map((row) => row.maybe_share ?? Number.NaN))
})

test("CSV: field formats", (t) => {
  const csv = encodeCsv(Samples, SAMPLE_ROWS)
  const lines = csv.split("\r\n")
  t.is(lines[1], "r1,Île-de-France,0,9007199254740991,34.06,0.30000000000000004,true,false,2004-03-21,2004-03-28")
  t.is(lines[2], "r2,,-9007199254740991,,-0.5,,false,,1958-11-23,")
  t.true(csv.includes("\"Drôme, \"\"Rhône-Alpes\"\"\nline two\r\nline three\""))
  t.true(csv.includes(",0.0000001,1000000000000000000000.0,"))
  t.true(csv.includes("\"r4, with comma\",\" padded \","))
  t.false(/\de[+-]?\d/.test(csv.replace(/"(?:[^"]|"")*"/g, ""))) // no exponent anywhere
  t.true(csv.endsWith("\"\r\n") || /[^\r\n]\r\n$/.test(csv), "one line break after the last record")
  t.is(encodeCsv(Samples, []), `${Object.keys(Samples.columns).join(",")}\r\n`)
  t.deepEqual(Papa.parse(encodeCsv(Samples, []), { header: true, skipEmptyLines: true }).data, [])
})

test("CSV: a one-column table whose last value is null keeps that row", async (t) => {
  const One = defineTable<{ readonly v: string | null }>("one", "One column.", { v: nullable(text("A value.")) })
  const csv = encodeCsv(One, [{ v: "a" }, { v: null }])
  t.is(csv, "v\r\na\r\n\r\n")
  // RFC 4180: the last CRLF ends the null record (papaparse reads one more empty row after a final line break).
  t.deepEqual(Papa.parse(csv.slice(0, -2), { header: true }).data, [{ v: "a" }, { v: "" }])
  // DuckDB reads the same two records from the Parquet file (made from the same values).
  const file = join(tempDir(t), "one.parquet")
  writeFileSync(file, await encodeParquet(One, [{ v: "a" }, { v: null }]))
  t.deepEqual(await withDuckDB((db) => readParquet(file, db)), [{ v: "a" }, { v: null }])
})

test("plainDecimal writes JS number text without exponents", (t) => {
  t.is(plainDecimal(34.06), "34.06")
  t.is(plainDecimal(-0), "0")
  t.is(plainDecimal(1e-7), "0.0000001")
  t.is(plainDecimal(-1.25e-8), "-0.0000000125")
  t.is(plainDecimal(1e21), "1000000000000000000000")
  t.is(plainDecimal(1.2345e22), "12345000000000000000000")
  for (const n of [1e-7, 1.5e-300, 5e-324, 1.7976931348623157e308, -4.2e25, 123.456]) t.is(Number(plainDecimal(n)), n)
})

const Empty = defineTable<{ readonly name: string }>("empty", "A table with no rows.", { name: text("A name.") })

/** Writes `tables` with the pipeline's emitter and publishes them alone into `outDir` (the pipeline publishes out/ with reports/). */
const emitTables = (outDir: string, tables: ReadonlyArray<TableData>) =>
  Effect.gen(function*() {
    const emitter = yield* openEmitter(outDir)
    return yield* Effect.ensuring(
      Effect.gen(function*() {
        for (const { def, rows } of tables) yield* emitter.add(def, rows)
        const encoded = yield* emitter.finish(tables.map((t) => t.def))
        const { manifests } = yield* publish(
          [{ role: "out", dir: outDir, files: encoded.files, manifest: (run) => ({ run, tables: encoded.tables }) }],
          { force: false, keep: [emitter.dir] }
        )
        return manifests[0] as Manifest
      }),
      emitter.abort()
    )
  })

/** Publishes plain files alone into `dir`, with a `{ run, files }` manifest. */
const publishFiles = (dir: string, files: ReadonlyArray<OutputFile>, force = false) =>
  publish([{ role: "reports", dir, files, manifest: (run, entries) => ({ run, files: entries }) }], { force })

test("emitTables writes Parquet, CSV and a manifest that matches them, and prunes stale outputs it wrote", async (t) => {
  const root = tempDir(t)
  const outDir = join(root, "out")
  const Old = defineTable<{ readonly name: string }>("old_table", "A table of an earlier run.", { name: text("A name.") })
  await run(emitTables(outDir, [tableData(Old, [{ name: "x" }])]))
  writeFileSync(join(outDir, "README.txt"), "keep me")
  writeFileSync(join(outDir, "mine.csv"), "not Recount's") // not in the manifest: never touched
  mkdirSync(join(outDir, "keep.csv")) // a directory, not an output file: left alone

  const manifest = await run(emitTables(outDir, [tableData(Samples, SAMPLE_ROWS), tableData(Empty, [])]))
  t.deepEqual(readdirSync(outDir).sort(), [
    "README.txt",
    "empty.csv",
    "empty.parquet",
    "keep.csv",
    "manifest.json",
    "mine.csv",
    "samples.csv",
    "samples.parquet"
  ])
  t.is(readFileSync(join(outDir, "README.txt"), "utf8"), "keep me")
  t.is(readFileSync(join(outDir, "mine.csv"), "utf8"), "not Recount's")
  t.deepEqual(readdirSync(root), ["out"]) // no staging folder or journal left anywhere

  const onDisk = JSON.parse(readFileSync(join(outDir, "manifest.json"), "utf8")) as Manifest
  t.deepEqual(onDisk, manifest)
  t.deepEqual(Object.keys(onDisk), ["run", "tables"])
  t.regex(onDisk.run, /^[0-9a-f]{64}$/)
  t.deepEqual(onDisk.tables.map((table) => [table.name, table.rows]), [["empty", 0], ["samples", SAMPLE_ROWS.length]])
  t.deepEqual(Object.keys(onDisk.tables[1]!), ["name", "rows", "columns", "files"])
  t.deepEqual(onDisk.tables[1]!.columns[2], { name: "count", type: "int64", nullable: false, unit: "votes" })
  for (const table of onDisk.tables) {
    t.deepEqual(table.files.map((f) => f.name), [`${table.name}.csv`, `${table.name}.parquet`])
    for (const file of table.files) {
      const bytes = readFileSync(join(outDir, file.name))
      t.is(file.bytes, bytes.byteLength, file.name)
      t.is(file.sha256, sha256(bytes), file.name)
    }
    const parquetRows = await withDuckDB((db) => readParquet(join(outDir, `${table.name}.parquet`), db))
    t.is(parquetRows.length, table.rows)
    const csvRows = Papa.parse(readFileSync(join(outDir, `${table.name}.csv`), "utf8"), { header: true, skipEmptyLines: true }).data
    t.is(csvRows.length, table.rows)
  }

  // A second run with the same tables changes nothing, byte for byte.
  const before = snapshot(outDir)
  await run(emitTables(outDir, [tableData(Empty, []), tableData(Samples, SAMPLE_ROWS)]))
  t.deepEqual(snapshot(outDir), before)
})

test("emitTables creates a missing output directory", async (t) => {
  const outDir = join(tempDir(t), "a", "b", "out")
  await run(emitTables(outDir, [tableData(Empty, [])]))
  t.deepEqual(readdirSync(outDir).sort(), ["empty.csv", "empty.parquet", "manifest.json"])
})

test("emitTables fails with an EmitError naming the path and the cause when outDir's parent is a regular file", async (t) => {
  const root = tempDir(t)
  writeFileSync(join(root, "file"), "not a directory")
  const error = await runError(emitTables(join(root, "file", "out"), [tableData(Empty, [])]))
  t.true(error instanceof EmitError)
  t.is(error._tag, "EmitError")
  t.true(error.message.includes(join(root, "file")), error.message)
  t.regex(error.message, /not a directory/)
  t.deepEqual(readdirSync(root), ["file"])
})

test("a failure before the switch leaves the output directory untouched", async (t) => {
  const root = tempDir(t)
  const outDir = join(root, "out")
  await run(emitTables(outDir, [tableData(Samples, SAMPLE_ROWS)]))
  writeFileSync(join(outDir, "notes.txt"), "mine")
  const before = snapshot(outDir)

  // A value that does not fit: fails while encoding, names the file.
  const badRow = { ...SAMPLE_ROWS[0]!, count: 0.5 }
  const encodeError = await runError(emitTables(outDir, [tableData(Empty, []), tableData(Samples, [badRow])]))
  t.is(encodeError._tag, "EmitError")
  t.regex(encodeError.message, /samples\.(csv|parquet).*row 1, column count/)
  t.deepEqual(snapshot(outDir), before)

  // A write that fails in the staging folder (file name too long for the file system).
  const longName = `${"x".repeat(300)}.csv`
  const writeError = await runError(publishFiles(outDir, [{ name: "samples.csv", content: "new" }, { name: longName, content: "x" }]))
  if (!(writeError instanceof EmitError)) return t.fail(String(writeError))
  t.true(writeError.path.endsWith(longName))
  t.true(writeError.message.includes(longName))
  t.regex(writeError.message, /file name too long/)
  t.deepEqual(snapshot(outDir), before)
  t.deepEqual(readdirSync(root), ["out"]) // staging folder removed after the failure

  // Names that are not plain file names, duplicates and reserved names are refused before anything is written.
  for (const files of [
    [{ name: "../escape.csv", content: "" }],
    [{ name: "a.csv", content: "" }, { name: "a.csv", content: "" }],
    [{ name: "manifest.json", content: "" }]
  ]) {
    const error = await runError(publishFiles(outDir, files))
    t.is(error._tag, "EmitError")
  }
  const duplicate = await runError(emitTables(outDir, [tableData(Empty, []), tableData(Empty, [])]))
  t.regex(duplicate.message, /given twice/)
  t.deepEqual(snapshot(outDir), before)
  t.deepEqual(readdirSync(root), ["out"])
})

test("publish keeps files its manifest does not list and removes the ones it listed and no longer writes", async (t) => {
  const dir = join(tempDir(t), "reports")
  await run(publishFiles(dir, [{ name: "old.md", content: "stale" }]))
  writeFileSync(join(dir, "other.md"), "kept")
  await run(publishFiles(dir, [{ name: "a.md", content: "é\n" }, { name: "b.bin", content: new Uint8Array([0, 255]) }]))
  t.deepEqual(readdirSync(dir).sort(), ["a.md", "b.bin", "manifest.json", "other.md"])
  t.is(readFileSync(join(dir, "a.md"), "utf8"), "é\n")
  t.is(readFileSync(join(dir, "other.md"), "utf8"), "kept")
  t.deepEqual([...readFileSync(join(dir, "b.bin"))], [0, 255])
})

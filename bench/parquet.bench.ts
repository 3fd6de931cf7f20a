/**
 * The Parquet writer against DuckDB's own CSV → Parquet copy, on the same rows (issue 8, item 5:
 * "emit ≤ 3× DuckDB's COPY").
 *
 *   npx tsx bench/parquet.bench.ts [--rows 867000] [--runs 3] [--warmup 1|0]
 *
 * The rows: every output table of the three seeds (extract → normalise → audit, as the pipeline
 * does in-process), repeated until there are about `--rows` rows in all (the party dictionary is
 * kept once, as in a real run). Each copy gets its own ids and file names (`c17/…`), so string
 * columns have the spread of distinct values a large corpus has rather than one seed's.
 *
 * For every table it times:
 * - ours: `encodeParquet` (the values checked by `cellOf` and written as CSV, read back into the
 *   Parquet writer's columns — the path a worker's rows take — and encoded with Snappy);
 * - COPY: DuckDB reading the table's CSV as `encodeCsv` writes it (papaparse, already on disk,
 *   column types given) and writing zstd Parquet: `COPY (SELECT * FROM read_csv(…)) TO 'x.parquet'`,
 *   once with one thread (as ours runs) and once with DuckDB's default thread count.
 * Medians of `--runs` runs after a warm-up run; prints the totals, the ratios and the file sizes.
 * Asserts nothing (tests never depend on timing).
 */
import { DuckDBInstance } from "@duckdb/node-api"
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { performance } from "node:perf_hooks"
import { parseArgs } from "node:util"
import { Anomalies } from "../pipeline/audit/anomaly.ts"
import { runAudit } from "../pipeline/audit/audit.ts"
import { parseReference } from "../pipeline/audit/reference.ts"
import { anomalyRows } from "../pipeline/audit/report.ts"
import { encodeCsv } from "../pipeline/emit/csv.ts"
import { articleTables, type TableData, tableData } from "../pipeline/emit/emit.ts"
import { encodeParquet } from "../pipeline/emit/parquet.ts"
import { columnsOf } from "../pipeline/emit/values.ts"
import { parseArticle } from "../pipeline/extract/parse.ts"
import { type ColumnType, CONSUMER_TYPES } from "../pipeline/normalise/columns.ts"
import { normalise } from "../pipeline/normalise/normalise.ts"
import { parsePartyDictionary } from "../pipeline/normalise/parties.ts"
import * as T from "../pipeline/normalise/records.ts"

const { values: args } = parseArgs({
  options: {
    rows: { type: "string", default: "867000" },
    runs: { type: "string", default: "3" },
    warmup: { type: "string", default: "1" }
  }
})
const targetRows = Number(args.rows)
const runs = Math.max(1, Number(args.runs))
const warmup = args.warmup !== "0"

// 1. The seeds' tables, as the pipeline builds them.
const reference = "seeds/reference"
const read = (f: string) => readFileSync(f, "utf8")
const { dictionary } = parsePartyDictionary(read(join(reference, "parties.csv")), "parties.csv")
const ref = parseReference(
  { file: "regional-councils.csv", text: read(join(reference, "regional-councils.csv")) },
  { file: "electoral-law.csv", text: read(join(reference, "electoral-law.csv")) }
)
const seeds = readdirSync("seeds").filter((f) => f.endsWith(".txt")).sort().map((f) => ({ file: f, text: read(join("seeds", f)) }))
const documents = seeds.map((s) => parseArticle(s.file, s.text))
const dataset = normalise(documents, dictionary)
const audit = runAudit({ dataset, documents, reference: ref })
const perArticle: ReadonlyArray<TableData> = [
  ...articleTables(dataset),
  tableData(Anomalies, anomalyRows(audit))
]

// 2. Repeated up to the target: ids and file names made distinct per copy.
const isKey = (name: string) => name === "id" || name.endsWith("_id") || name === "file" || name === "source_file"
const perCopy = perArticle.reduce((n, t) => n + t.rows.length, 0)
const copies = Math.max(1, Math.round((targetRows - dataset.parties.length) / perCopy))
const tables: ReadonlyArray<TableData> = [
  ...perArticle.map(({ def, rows }) => {
    const keys = columnsOf(def).filter(([name, c]) => c.type === "utf8" && isKey(name)).map(([name]) => name)
    const out: Array<Record<string, unknown>> = []
    for (let copy = 0; copy < copies; copy++) {
      for (const row of rows as ReadonlyArray<Record<string, unknown>>) {
        const next = { ...row }
        for (const key of keys) if (typeof next[key] === "string") next[key] = `c${copy}/${next[key]}`
        out.push(next)
      }
    }
    return tableData(def, out)
  }),
  tableData(T.Parties, dataset.parties)
]
const totalRows = tables.reduce((n, t) => n + t.rows.length, 0)
const fmt = (n: number) => n.toLocaleString("en-US")
console.log(`${fmt(totalRows)} rows in ${tables.length} tables (${copies} copies of the seeds' ${fmt(perCopy)} per-article rows + ${dataset.parties.length} parties)`)

const DUCKDB_TYPE: Record<ColumnType, string> = Object.fromEntries(Object.entries(CONSUMER_TYPES).map(([t, c]) => [t, c.duckdb])) as Record<ColumnType, string>
const sql = (text: string) => `'${text.replaceAll("'", "''")}'`
/** Wall-clock and CPU time (this process, every thread: DuckDB's included) in ms. */
interface Timing {
  readonly wall: number
  readonly cpu: number
}
const clock = () => ({ wall: performance.now(), cpu: process.cpuUsage() })
const since = (start: ReturnType<typeof clock>): Timing => {
  const cpu = process.cpuUsage(start.cpu)
  return { wall: performance.now() - start.wall, cpu: (cpu.user + cpu.system) / 1000 }
}
const median = (xs: ReadonlyArray<number>) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN

const dir = mkdtempSync(join(tmpdir(), "recount-parquet-bench-"))
try {
  // The CSV files DuckDB copies from (written once; not timed).
  const csvStart = performance.now()
  const csvFiles = tables.map(({ def, rows }) => {
    const file = join(dir, `${def.name}.csv`)
    writeFileSync(file, encodeCsv(def, rows))
    return file
  })
  const csvMs = performance.now() - csvStart

  // Ours.
  const ourBytes = new Map<string, number>()
  const ours = async () => {
    const start = clock()
    for (const { def, rows } of tables) ourBytes.set(def.name, (await encodeParquet(def, rows)).byteLength)
    return since(start)
  }

  // DuckDB's COPY from the CSV files.
  const copyBytes = new Map<string, number>()
  const copyFrom = (threads: string | undefined) => async () => {
    const instance = await DuckDBInstance.create(":memory:", threads === undefined ? {} : { threads })
    const connection = await instance.connect()
    try {
      const start = clock()
      for (const [i, { def }] of tables.entries()) {
        const columns = columnsOf(def).map(([name, c]) => `${sql(name)}: ${sql(DUCKDB_TYPE[c.type])}`).join(", ")
        const target = join(dir, `${def.name}.copy.parquet`)
        await connection.run(
          `COPY (SELECT * FROM read_csv(${sql(csvFiles[i]!)}, header = true, columns = {${columns}})) TO ${sql(target)} (FORMAT parquet, COMPRESSION zstd)`
        )
        copyBytes.set(def.name, statSync(target).size)
      }
      return since(start)
    } finally {
      connection.closeSync()
      instance.closeSync()
    }
  }

  const measure = async (fn: () => Promise<Timing>): Promise<Timing> => {
    if (warmup) await fn()
    const times: Array<Timing> = []
    for (let i = 0; i < runs; i++) times.push(await fn())
    return { wall: median(times.map((t) => t.wall)), cpu: median(times.map((t) => t.cpu)) }
  }
  const copy1 = await measure(copyFrom("1"))
  const copyDefault = await measure(copyFrom(undefined))
  const ourMs = await measure(ours)

  const line = (label: string, value: string) => console.log(`${label.padEnd(52)} ${value}`)
  console.log(`\nmedians of ${runs} runs${warmup ? " after a warm-up" : ""}`)
  line("CSV written by encodeCsv (for the COPY; once)", `${(csvMs / 1000).toFixed(2)} s`)
  const seconds = (t: Timing) => `${(t.wall / 1000).toFixed(2)} s wall, ${(t.cpu / 1000).toFixed(2)} s CPU`
  line("ours: encodeParquet, every table", `${seconds(ourMs)}  (${fmt(Math.round(totalRows / (ourMs.wall / 1000)))} rows/s)`)
  line("DuckDB COPY read_csv → parquet, threads = 1", seconds(copy1))
  line("DuckDB COPY read_csv → parquet, default threads", seconds(copyDefault))
  const ratio = (a: Timing, b: Timing) => `${(a.wall / b.wall).toFixed(2)}× wall, ${(a.cpu / b.cpu).toFixed(2)}× CPU`
  line("ratio ours / COPY (threads = 1)", ratio(ourMs, copy1))
  line("ratio ours / COPY (default threads)", ratio(ourMs, copyDefault))
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0)
  const csvBytes = csvFiles.reduce((n, f) => n + statSync(f).size, 0)
  line("bytes: ours (Parquet)", fmt(sum(ourBytes)))
  line("bytes: DuckDB COPY (Parquet, zstd)", fmt(sum(copyBytes)))
  line("bytes: CSV", fmt(csvBytes))
  console.log("\nper table: rows, ours bytes, COPY bytes")
  for (const { def, rows } of tables) {
    console.log(`  ${def.name.padEnd(16)} ${fmt(rows.length).padStart(9)} ${fmt(ourBytes.get(def.name) ?? 0).padStart(12)} ${fmt(copyBytes.get(def.name) ?? 0).padStart(12)}`)
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}

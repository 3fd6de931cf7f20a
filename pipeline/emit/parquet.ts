/**
 * Parquet encoding of one table, written by DuckDB (`@duckdb/node-api` 1.5.5-r.5, pinned: later
 * versions lack some platform bindings in the registry). The only module that writes Parquet.
 *
 * How: the rows are checked (`cellOf`, a bad value rejects with a `CellError` naming table, row
 * and column) and appended, 2,048 rows per DuckDB data chunk, to a TEMP staging table; DuckDB then
 * writes it with `COPY (SELECT …) TO 'x.parquet'` into a private temp directory
 * (`os.tmpdir()/recount-parquet-XXXXXX`, removed afterwards, also on failure), and the file's
 * bytes are returned. Data chunks hand DuckDB typed values directly: no text format in between,
 * so "" stays "" and null stays NULL, with no quoting or number-formatting rules (CSV cannot tell
 * "" from NULL; NDJSON and CSV temp files were measured and were no faster). Measured on 867k rows
 * (`bench/parquet.bench.ts`, docs/decisions.md "Parquet writer"): about 2–2.5× DuckDB's own
 * `COPY (SELECT * FROM read_csv(…)) TO` on the same rows, 11× faster than parquetjs-lite was.
 *
 * Schema: one top-level column per table column, in definition order — utf8 → VARCHAR
 * (BYTE_ARRAY/UTF8), int64 → BIGINT (INT64), double → DOUBLE, boolean → BOOLEAN, date → DATE
 * (INT32/DATE, days since 1970-01-01). Staging types: int64 is staged as DOUBLE (exact for the
 * safe integers `cellOf` admits; no BigInt per value) and cast back; a date as its day count
 * (`epochDays`), so DuckDB parses no date text. Every column is OPTIONAL, the non-nullable ones
 * too: DuckDB 1.5.5 marks no top-level column REQUIRED, not even from a NOT NULL table column
 * (duckdb/duckdb#22144, #23051). A non-nullable column still never holds a null: `cellOf` rejects
 * one, and the staging table's NOT NULL constraint would too.
 *
 * File options, pinned here rather than left to defaults: zstd (level 3) on every column chunk,
 * format version 1 (version-1 data pages, readable by every reader), row groups of 122,880 rows.
 * DuckDB writes min/max statistics in byte order (right for strings beyond the BMP too).
 *
 * Determinism (tested, also across processes, time zones, locales and working directories): one
 * DuckDB thread and insertion order preserved, so rows keep their order and pages and row groups
 * are cut at the same places; the file holds no timestamp, no path and no key/value metadata,
 * only `created_by` = "DuckDB version v1.5.5 (build d8cdaa33fd)", constant for the pinned version.
 * DuckDB never loads or installs an extension at run time (parquet is built in) and never spills
 * to disk (`temp_directory` off: it would default to `.tmp` in the working directory).
 *
 * Start-up: `@duckdb/node-api` (a 70 MB native library) is imported on the first call only, and
 * one in-memory DuckDB instance serves every table of the process. Calls are serialised.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { DuckDBConnection, DuckDBType, DuckDBValue } from "@duckdb/node-api"
import { createRequire } from "node:module"
import type { ColumnType, TableDef } from "../normalise/columns.ts"
import { cellOf, columnsOf, epochDays } from "./values.ts"

const INSTANCE_OPTIONS: Record<string, string> = {
  threads: "1",
  preserve_insertion_order: "true",
  autoinstall_known_extensions: "false",
  autoload_known_extensions: "false",
  temp_directory: ""
}

const COPY_OPTIONS = "FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 3, PARQUET_VERSION V1, ROW_GROUP_SIZE 122880"

/**
 * The staging table's SQL type per column type: int64 is staged as DOUBLE (exact for the safe
 * integers `cellOf` admits, and no BigInt per value) and cast back; dates as day counts.
 */
const STAGE_SQL: Record<ColumnType, string> = {
  utf8: "VARCHAR",
  int64: "DOUBLE",
  double: "DOUBLE",
  boolean: "BOOLEAN",
  date: "INTEGER"
}

/** Rows per data chunk: DuckDB's vector size. */
const CHUNK_ROWS = 2048

const STAGE = "recount_parquet_stage"

interface Engine {
  readonly api: typeof import("@duckdb/node-api")
  readonly connection: DuckDBConnection
}

let engine: Promise<Engine> | undefined

/** The process's one DuckDB connection, opened on first use (a failed open is retried next time). */
const duckdb = (): Promise<Engine> => {
  engine ??= (async () => {
    // require, not import(): the package is CommonJS, and importing it from an ES module makes
    // Node pre-parse every one of its files for named exports (~250 ms of start-up here).
    const api = createRequire(import.meta.url)("@duckdb/node-api") as typeof import("@duckdb/node-api")
    const instance = await api.DuckDBInstance.create(":memory:", INSTANCE_OPTIONS)
    return { api, connection: await instance.connect() }
  })().catch((error: unknown) => {
    engine = undefined
    throw error
  })
  return engine
}

let queue: Promise<unknown> = Promise.resolve()

/** Runs `task` after every earlier call has finished (one table at a time on the one connection). */
const serialised = <A>(task: () => Promise<A>): Promise<A> => {
  const result = queue.then(task, task)
  queue = result.catch(() => undefined)
  return result
}

const sqlString = (text: string): string => `'${text.replaceAll("'", "''")}'`
const sqlName = (name: string): string => `"${name.replaceAll("\"", "\"\"")}"`

/**
 * Appends `rows` to the staging table (columns `c0`, `c1`, … in column order), one data chunk of
 * up to 2,048 rows at a time, checking every value first.
 */
const stageRows = async <Row>(engine: Engine, def: TableDef<Row>, rows: ReadonlyArray<Row>): Promise<void> => {
  const { api, connection } = engine
  const columns = columnsOf(def)
  const stageType: Record<ColumnType, DuckDBType> = {
    utf8: api.VARCHAR,
    int64: api.DOUBLE,
    double: api.DOUBLE,
    boolean: api.BOOLEAN,
    date: api.INTEGER
  }
  const types = columns.map(([, column]) => stageType[column.type])
  const days = new Map<string, number>()
  // One set of column arrays for every full chunk (fewer allocations, less garbage).
  const full: Array<Array<DuckDBValue>> = columns.map(() => new Array<DuckDBValue>(CHUNK_ROWS).fill(null))
  const appender = await connection.createAppender(STAGE)
  let failed = true
  try {
    for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
      const end = Math.min(rows.length, start + CHUNK_ROWS)
      const values = end - start === CHUNK_ROWS ? full : columns.map(() => new Array<DuckDBValue>(end - start))
      for (let index = start; index < end; index++) {
        const row = rows[index]
        for (let c = 0; c < columns.length; c++) {
          const [name, column] = columns[c]!
          const value = cellOf(def, index, row, name, column)
          let staged: DuckDBValue = value
          if (value !== null) {
            if (column.type === "date") {
              let day = days.get(value as string)
              if (day === undefined) {
                day = epochDays(value as string)!
                days.set(value as string, day)
              }
              staged = day
            }
          }
          values[c]![index - start] = staged
        }
      }
      const chunk = api.DuckDBDataChunk.create(types, end - start)
      chunk.setColumns(values)
      appender.appendDataChunk(chunk)
    }
    failed = false
  } finally {
    try {
      appender.closeSync() // flushes what is left
    } catch (error) {
      if (!failed) throw error
    }
  }
}

/** The COPY statement from the staging table to `parquetFile`: names, types and order pinned. */
const copyStatement = (def: TableDef<any>, parquetFile: string): string => {
  const select = columnsOf(def)
    .map(([name, column], i) =>
      column.type === "date"
        ? `CAST(DATE '1970-01-01' + c${i} AS DATE) AS ${sqlName(name)}`
        : column.type === "int64"
        ? `CAST(c${i} AS BIGINT) AS ${sqlName(name)}`
        : `c${i} AS ${sqlName(name)}`
    )
    .join(", ")
  return `COPY (SELECT ${select} FROM ${STAGE}) TO ${sqlString(parquetFile)} (${COPY_OPTIONS})`
}

const createStatement = (def: TableDef<any>): string =>
  `CREATE OR REPLACE TEMP TABLE ${STAGE} (${
    columnsOf(def).map(([, column], i) => `c${i} ${STAGE_SQL[column.type]}${column.nullable ? "" : " NOT NULL"}`).join(", ")
  })`

const duckdbFailure = (def: TableDef<any>) => (error: unknown): never => {
  throw new Error(`table ${def.name}: DuckDB: ${error instanceof Error ? error.message : String(error)}`)
}

/**
 * Encodes `rows` as a Parquet file. Every value is checked against its column first; a value
 * that does not fit rejects the promise with a `CellError` naming table, row and column.
 */
export const encodeParquet = <Row>(def: TableDef<Row>, rows: ReadonlyArray<Row>): Promise<Buffer> =>
  serialised(async () => {
    const engine = await duckdb()
    const dir = await mkdtemp(join(tmpdir(), "recount-parquet-"))
    try {
      await engine.connection.run(createStatement(def)).catch(duckdbFailure(def))
      try {
        await stageRows(engine, def, rows)
        const parquetFile = join(dir, "table.parquet")
        await engine.connection.run(copyStatement(def, parquetFile)).catch(duckdbFailure(def))
        return await readFile(parquetFile)
      } finally {
        await engine.connection.run(`DROP TABLE IF EXISTS ${STAGE}`)
      }
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

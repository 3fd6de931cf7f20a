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
import type { DuckDBAppender, DuckDBConnection, DuckDBType, DuckDBValue } from "@duckdb/node-api"
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
 * Rows on their way into a staging table: values are checked and written into column arrays of
 * one DuckDB data chunk (2,048 rows, DuckDB's vector size); each full chunk is appended, the last
 * partial one on `flush`. Rows arrive in batches of any size (an article's rows of one table), so
 * chunks are always full and the arrays are allocated once per table.
 */
const chunkBuffer = <Row>(engine: Engine, appender: DuckDBAppender, def: TableDef<Row>) => {
  const { api } = engine
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
  const values: Array<Array<DuckDBValue>> = columns.map(() => new Array<DuckDBValue>(CHUNK_ROWS).fill(null))
  let filled = 0
  let rowsSoFar = 0
  const appendChunk = (size: number) => {
    const chunk = api.DuckDBDataChunk.create(types, size)
    chunk.setColumns(size === CHUNK_ROWS ? values : values.map((column) => column.slice(0, size)))
    appender.appendDataChunk(chunk)
  }
  return {
    /** Checks and buffers `rows` (a `CellError` names the row's index in the whole table). */
    push: (rows: ReadonlyArray<Row>): void => {
      for (let index = 0; index < rows.length; index++) {
        const row = rows[index]
        for (let c = 0; c < columns.length; c++) {
          const [name, column] = columns[c]!
          const value = cellOf(def, rowsSoFar + index, row, name, column)
          let staged: DuckDBValue = value
          if (value !== null && column.type === "date") {
            let day = days.get(value as string)
            if (day === undefined) {
              day = epochDays(value as string)!
              days.set(value as string, day)
            }
            staged = day
          }
          values[c]![filled] = staged
        }
        if (++filled === CHUNK_ROWS) {
          appendChunk(CHUNK_ROWS)
          filled = 0
        }
      }
      rowsSoFar += rows.length
    },
    /** Appends the last partial chunk. */
    flush: (): void => {
      if (filled > 0) appendChunk(filled)
      filled = 0
    }
  }
}

/** The COPY statement from the staging table to `parquetFile`: names, types and order pinned. */
const copyStatement = (def: TableDef<any>, table: string, parquetFile: string): string => {
  const select = columnsOf(def)
    .map(([name, column], i) =>
      column.type === "date"
        ? `CAST(DATE '1970-01-01' + c${i} AS DATE) AS ${sqlName(name)}`
        : column.type === "int64"
        ? `CAST(c${i} AS BIGINT) AS ${sqlName(name)}`
        : `c${i} AS ${sqlName(name)}`
    )
    .join(", ")
  return `COPY (SELECT ${select} FROM ${table}) TO ${sqlString(parquetFile)} (${COPY_OPTIONS})`
}

const createStatement = (def: TableDef<any>, table: string): string =>
  `CREATE OR REPLACE TEMP TABLE ${table} (${
    columnsOf(def).map(([, column], i) => `c${i} ${STAGE_SQL[column.type]}${column.nullable ? "" : " NOT NULL"}`).join(", ")
  })`

const duckdbFailure = (def: TableDef<any>) => (error: unknown): never => {
  throw new Error(`table ${def.name}: DuckDB: ${error instanceof Error ? error.message : String(error)}`)
}

/**
 * A Parquet file written in parts: `append` stages rows (checked, in order) in a DuckDB temporary
 * table, `finish` COPYs them to `file` and drops the table; `abort` drops it without writing.
 * Several sinks may be open at once (one per output table); their DuckDB work is serialised.
 */
export interface ParquetSink<Row> {
  readonly append: (rows: ReadonlyArray<Row>) => Promise<void>
  readonly finish: (file: string) => Promise<void>
  readonly abort: () => Promise<void>
}

let sinks = 0

export const openParquetSink = <Row>(def: TableDef<Row>): Promise<ParquetSink<Row>> =>
  serialised(async () => {
    const engine = await duckdb()
    const table = `${STAGE}_${++sinks}`
    await engine.connection.run(createStatement(def, table)).catch(duckdbFailure(def))
    const appender = await engine.connection.createAppender(table)
    const buffer = chunkBuffer(engine, appender, def)
    let open = true
    const drop = async () => {
      if (!open) return
      open = false
      try {
        appender.closeSync()
      } finally {
        await engine.connection.run(`DROP TABLE IF EXISTS ${table}`)
      }
    }
    return {
      // Checked and buffered now (so a bad value fails at its article); sent to DuckDB by chunks.
      append: async (rows) => buffer.push(rows),
      finish: (file) =>
        serialised(async () => {
          buffer.flush()
          appender.closeSync() // flushes what is left
          try {
            await engine.connection.run(copyStatement(def, table, file)).catch(duckdbFailure(def))
          } finally {
            open = false
            await engine.connection.run(`DROP TABLE IF EXISTS ${table}`)
          }
        }),
      abort: () => serialised(drop)
    }
  })

/**
 * Encodes `rows` as a Parquet file (one sink, in a private temporary folder). Every value is
 * checked against its column first; a value that does not fit rejects the promise with a
 * `CellError` naming table, row and column.
 */
export const encodeParquet = async <Row>(def: TableDef<Row>, rows: ReadonlyArray<Row>): Promise<Buffer> => {
  const dir = await mkdtemp(join(tmpdir(), "recount-parquet-"))
  try {
    const sink = await openParquetSink(def)
    try {
      await sink.append(rows)
      const parquetFile = join(dir, "table.parquet")
      await sink.finish(parquetFile)
      return await readFile(parquetFile)
    } finally {
      await sink.abort()
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

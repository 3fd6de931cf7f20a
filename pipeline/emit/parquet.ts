/**
 * Parquet encoding of one table, written by DuckDB (`@duckdb/node-api` 1.5.5-r.5, pinned: later
 * versions lack some platform bindings in the registry). The only module that writes Parquet.
 *
 * How: Recount writes each table's CSV itself (pipeline/emit/csv.ts: every value checked by
 * `cellOf`, streamed to a file as the articles' rows arrive), and DuckDB turns that file into
 * Parquet with its own CSV reader, every column's type given (no detection):
 * `COPY (SELECT * FROM read_csv('t.csv', columns = {…}, …)) TO 't.parquet'`. The CSV is
 * unambiguous for it: an empty string is written quoted (`""`) and read back as "" (with
 * `allow_quoted_nulls = false`), a null is an empty field and is read as NULL; numbers are plain
 * decimals that read back to the same double (shortest round-trip form), dates ISO. So the
 * Parquet and CSV files of a table hold the same values by construction, and no rows are held in
 * memory or staged in DuckDB. Measured (docs/decisions.md "Parquet writer"): the COPY itself is
 * DuckDB's native speed; the earlier designs (rows staged as DuckDB data chunks: 2–2.5× the COPY;
 * parquetjs-lite: 11× slower still, uncompressed) are recorded there.
 *
 * Schema: one top-level column per table column, in definition order — utf8 → VARCHAR
 * (BYTE_ARRAY/UTF8), int64 → BIGINT (INT64), double → DOUBLE, boolean → BOOLEAN, date → DATE
 * (INT32/DATE, days since 1970-01-01), int64_list → BIGINT[] and utf8_list → VARCHAR[] (Parquet
 * LISTs; JSON arrays in the CSV, turned into lists by `from_json`). Every column is OPTIONAL, the non-nullable ones too:
 * DuckDB 1.5.5 marks no top-level column REQUIRED (duckdb/duckdb#22144, #23051). A non-nullable
 * column still never holds a null: `cellOf` rejects one before the CSV is written.
 *
 * File options, pinned here rather than left to defaults: zstd (level 3) on every column chunk,
 * format version 1 (version-1 data pages, readable by every reader), row groups of 20,480 rows
 * (DuckDB buffers a whole row group while writing: 122,880-row groups cost ~190 MB more peak
 * memory on the 1,000-article corpus).
 * DuckDB writes min/max statistics in byte order (right for strings beyond the BMP too).
 *
 * Determinism (tested, also across processes, time zones, locales and working directories): one
 * DuckDB thread and insertion order preserved, so rows keep their order and pages and row groups
 * are cut at the same places; the file holds no timestamp and no path; `created_by` =
 * "DuckDB version v1.5.5 (build d8cdaa33fd)", constant for the pinned version; key/value metadata
 * from metadata.ts (pandas dtypes, Recount version, inputs' sha256, table and column descriptions).
 * DuckDB never loads or installs an extension at run time (parquet is built in) and never spills
 * to disk (`temp_directory` off: it would default to `.tmp` in the working directory).
 *
 * Start-up: DuckDB (a 70 MB native library) is loaded on first use only, or ahead of it by
 * `warmUp` (main.ts calls it before the analysis, so that opening the database in libuv's thread
 * pool overlaps the articles' analysis). Recount calls the native binding, `@duckdb/node-bindings`
 * (the layer `@duckdb/node-api` wraps; resolved from node-api's own folder, so the pinned version
 * is the one node-api ships with), directly: node-api's 60 JavaScript modules took 80–240 ms to
 * load, the binding 20–40 ms, and Recount needs only open, connect and query. One in-memory
 * Two in-memory instances of one thread each serve every table of the process (PARQUET_INSTANCES),
 * each taking the next table when it is free.
 */
import { existsSync } from "node:fs"
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises"
import { createRequire } from "node:module"
import { constants as osConstants, tmpdir } from "node:os"
import { join } from "node:path"
import { CONSUMER_TYPES, isList, type TableDef } from "../normalise/columns.ts"
import { encodeCsv } from "./csv.ts"
import { type Inputs, inputsMetadata, inputsOf, parquetMetadata, tableMetadata } from "./metadata.ts"
import { columnsOf } from "./values.ts"

const INSTANCE_OPTIONS: Record<string, string> = {
  threads: "1",
  preserve_insertion_order: "true",
  autoinstall_known_extensions: "false",
  autoload_known_extensions: "false",
  temp_directory: ""
}

const COPY_OPTIONS = "FORMAT parquet, COMPRESSION zstd, COMPRESSION_LEVEL 3, PARQUET_VERSION V1, ROW_GROUP_SIZE 20480"

/** How DuckDB reads Recount's CSV: exactly its dialect (csv.ts), nothing detected. */
const READ_OPTIONS = [
  "header = true",
  "auto_detect = false",
  "delim = ','",
  "quote = '\"'",
  "escape = '\"'",
  "allow_quoted_nulls = false",
  "strict_mode = true",
  "null_padding = false",
  "ignore_errors = false"
].join(", ")

/**
 * Whether the process runs with libraries preloaded (LD_PRELOAD, /etc/ld.so.preload): a replacement
 * allocator (jemalloc, tcmalloc, a sanitizer's runtime) interposes `malloc` and `free` that way, and
 * a deep-bound library would find glibc's own in its scope first, mixing two allocators in one
 * process (jemalloc's and the sanitizers' documentation: RTLD_DEEPBIND is unsupported with them).
 * DuckDB is then loaded the usual way.
 */
const preloaded = (): boolean => (process.env["LD_PRELOAD"] ?? "").trim() !== "" || existsSync("/etc/ld.so.preload")

/**
 * Runs `load` (the binding's `require`) with every native library it loads looked up in its own
 * symbols first (`RTLD_DEEPBIND`, glibc): DuckDB's 70 MB library carries ~41,500 relocations that
 * name a symbol (it exports ~58,000 and binds them to itself), and the dynamic loader otherwise
 * looks each one up through node's ~74,000 exported symbols and the C and C++ libraries before
 * reaching the library's own definition: ~12 -> ~9 ms of the main thread's CPU to load it (a fresh
 * node, 7 runs each). Where a name is defined both in DuckDB and before it in the process (a C++
 * template instantiated in both, a weak symbol), DuckDB now uses its own copy, as if linked
 * statically; it defines no allocator (no malloc or operator new). The Parquet files are the same
 * bytes either way (test/launcher-env.test.ts). Off where the platform has no RTLD_DEEPBIND
 * (macOS, musl, Windows), with libraries preloaded (`preloaded`), or with RECOUNT_DUCKDB_DEEPBIND=0
 * (the long path, for that test).
 * (`require` gives a native module no flags, so node's `process.dlopen` is wrapped while `load`
 * runs, synchronously, and restored after.)
 */
export const withOwnSymbolsFirst = <A>(load: () => A): A => {
  const deepBind = (osConstants.dlopen as Record<string, number | undefined>)["RTLD_DEEPBIND"]
  if (deepBind === undefined || process.env["RECOUNT_DUCKDB_DEEPBIND"] === "0" || preloaded()) return load()
  const dlopen = process.dlopen
  const lazy = (osConstants.dlopen as Record<string, number | undefined>)["RTLD_LAZY"] ?? 1
  process.dlopen = (module, filename, flags = lazy) => dlopen.call(process, module, filename, flags | deepBind)
  try {
    return load()
  } finally {
    process.dlopen = dlopen
  }
}

/**
 * DuckDB's native module, as `@duckdb/node-bindings`' own entry (duckdb.js) loads it: the platform
 * package `@duckdb/node-bindings-<platform>-<arch>[-musl]/duckdb.node`, resolved from the entry's
 * folder (so the version pinned by node-api's dependency). On Linux the entry asks `detect-libc`
 * which C library node runs on (four modules loaded and compiled at run time, and node's own ELF
 * header read: ~18 M instructions, a quarter of loading the binding, callgrind of a plain node);
 * npm installs only the variant whose `libc` field matches (the glibc package declares `glibc`, the
 * musl one `musl`), so where exactly one of the two is installed it is the one the entry would
 * choose, and it is loaded directly. Anything else — both or neither installed, another platform —
 * goes through the entry as before (same module either way: test/parquet-binding.test.ts).
 */
export const loadBinding = (): unknown => {
  const require = createRequire(import.meta.url)
  const entry = createRequire(require.resolve("@duckdb/node-api")).resolve("@duckdb/node-bindings")
  const fromEntry = createRequire(entry)
  if (process.platform === "linux") {
    const installed: Array<string> = []
    for (const variant of ["", "-musl"]) {
      try {
        installed.push(fromEntry.resolve(`@duckdb/node-bindings-linux-${process.arch}${variant}/duckdb.node`))
      } catch { /* not installed */ }
    }
    if (installed.length === 1) return fromEntry(installed[0]!)
  }
  return fromEntry(entry)
}

/** The part of `@duckdb/node-bindings` Recount uses (its types are node-api's dependency's). */
interface Binding {
  create_config(): unknown
  set_config(config: unknown, name: string, option: string): void
  open(path: string, config: unknown): Promise<unknown>
  connect(database: unknown): Promise<unknown>
  query(connection: unknown, sql: string): Promise<unknown>
}

/**
 * How many COPYs run at once, each on its own in-memory DuckDB instance of one thread: the
 * conversion after the analysis is one CPU's work per table, and the main thread renders the
 * reports meanwhile; with two instances the tables' conversions share the machine's second core.
 * Each COPY still runs on one DuckDB thread with insertion order preserved, so every file's bytes
 * are those of one instance (tested: test/parquet-determinism.test.ts compares them).
 */
export const PARQUET_INSTANCES = 2

/**
 * The instances a run's tables use: all of them, or one for a short run (short-run.ts: at most
 * SHORT_RUN_BYTES of articles on the main thread alone — the seeds). A short run's COPYs are a few
 * milliseconds each; a second instance only paid its own open (~15–20 ms of a thread-pool thread)
 * and its own first statements' cold costs, on the core the analysis shares with V8's and libuv's
 * threads (docs/decisions.md, "One DuckDB instance for a short run"). Same bytes either way: each
 * file is written by one COPY on one instance of one thread.
 */
export const parquetInstancesFor = (shortRun: boolean): number => (shortRun ? 1 : PARQUET_INSTANCES)

type Connection = { readonly binding: Binding; readonly connection: unknown }

const connections: Array<Promise<Connection> | undefined> = []

/** Instance `k`'s one connection, opened on first use (a failed open is retried next time). */
const duckdb = (k: number): Promise<Connection> => {
  const existing = connections[k]
  if (existing !== undefined) return existing
  const opened = (async () => {
    const binding = withOwnSymbolsFirst(loadBinding) as Binding
    const config = binding.create_config()
    // As node-api sets it (the client's name in DuckDB's own telemetry and logs; not in any file).
    binding.set_config(config, "duckdb_api", "node-neo-api")
    for (const [name, value] of Object.entries(INSTANCE_OPTIONS)) binding.set_config(config, name, value)
    const database = await binding.open(":memory:", config)
    return { binding, connection: await binding.connect(database) }
  })()
  connections[k] = opened
  opened.catch(() => {
    if (connections[k] === opened) connections[k] = undefined
  })
  return opened
}

/** How many instances this process has opened (or is opening): a profile note (main.ts). */
export const openedInstances = (): number => connections.filter((c) => c !== undefined).length

/**
 * Loads DuckDB and opens its databases now, in the background (the open runs in libuv's thread
 * pool), so that the first COPY does not wait for it. A failure is not reported here: the first
 * COPY retries and reports it.
 */
export const warmUp = (instances: number = PARQUET_INSTANCES): void => {
  for (let k = 0; k < instances; k++) duckdb(k).catch(() => undefined)
}

/** Tasks waiting for an instance (each with the number of instances it may use), in the order they were given; and which instances are free, lowest first. */
const waiting: Array<{ readonly instances: number; readonly start: (k: number) => void }> = []
const free: Array<number> = Array.from({ length: PARQUET_INSTANCES }, (_, k) => k)

/** The lowest free instance below `instances`, taken from the free list; undefined when none is. */
const take = (instances: number): number | undefined => {
  const at = free.findIndex((k) => k < instances)
  return at < 0 ? undefined : free.splice(at, 1)[0]
}

/**
 * Runs `task` on the lowest free instance below `instances`, in the order tasks were given (at
 * most PARQUET_INSTANCES at once; one at a time on each connection). An instance set free goes to
 * the first waiting task that may use it.
 */
const pooled = <A>(task: (db: Promise<Connection>) => Promise<A>, instances: number = PARQUET_INSTANCES): Promise<A> =>
  new Promise<number>((resolve) => {
    const k = take(instances)
    if (k !== undefined) resolve(k)
    else waiting.push({ instances, start: resolve })
  }).then((k) =>
    task(duckdb(k)).finally(() => {
      const next = waiting.findIndex((w) => k < w.instances)
      if (next >= 0) waiting.splice(next, 1)[0]!.start(k)
      else {
        free.push(k)
        free.sort((a, b) => a - b)
      }
    })
  )

const sqlString = (text: string): string => `'${text.replaceAll("'", "''")}'`

const sqlName = (name: string): string => `"${name.replaceAll("\"", "\"\"")}"`

/**
 * The COPY statement from a table's CSV file to its Parquet file: names, types and order pinned.
 * A list column is read as its JSON text and turned into a LIST by `from_json` (its CSV form is a
 * JSON array); the file's key/value metadata comes from `parquetMetadata`. The parts that depend on
 * the table alone are made once per definition (and while the start-up snapshot is built, main.ts),
 * the inputs' part once per run (`statementParts`); `copyStatementLong` is the statement made whole
 * each time, and the two agree (test/parquet-batch.test.ts).
 */
export const copyStatement = (def: TableDef<any>, csvFile: string, parquetFile: string, inputs: Inputs = NO_INPUTS): string => {
  const table = tableParts(def)
  return `COPY (SELECT ${table.select} FROM read_csv(${sqlString(csvFile)}, columns = {${table.read}}, ${READ_OPTIONS})) TO ${sqlString(parquetFile)} (${COPY_OPTIONS}, KV_METADATA {${table.kv}, ${inputsPart(inputs)}})`
}

/** `copyStatement` made whole: every part from `parquetMetadata` (exported for the tests). */
export const copyStatementLong = (def: TableDef<any>, csvFile: string, parquetFile: string, inputs: Inputs = NO_INPUTS): string => {
  const { read, select } = columnParts(def)
  const kv = sqlEntries(parquetMetadata(def, inputs))
  return `COPY (SELECT ${select} FROM read_csv(${sqlString(csvFile)}, columns = {${read}}, ${READ_OPTIONS})) TO ${sqlString(parquetFile)} (${COPY_OPTIONS}, KV_METADATA {${kv}})`
}

/** The read_csv column types and the SELECT list of a table. */
const columnParts = (def: TableDef<any>): { readonly read: string; readonly select: string } => {
  const columns = columnsOf(def)
  const read = columns.map(([name, column]) => `${sqlString(name)}: '${isList(column.type) ? "VARCHAR" : CONSUMER_TYPES[column.type].duckdb}'`).join(", ")
  const select = columns.map(([name, column]) =>
    isList(column.type)
      ? `from_json(${sqlName(name)}, '[${column.type === "int64_list" ? "\"BIGINT\"" : "\"VARCHAR\""}]') AS ${sqlName(name)}`
      : sqlName(name)
  ).join(", ")
  return { read, select }
}

const sqlEntries = (entries: ReadonlyArray<readonly [string, string]>): string => entries.map(([key, value]) => `${sqlName(key)}: ${sqlString(value)}`).join(", ")

const tables = new WeakMap<TableDef<any>, { readonly read: string; readonly select: string; readonly kv: string }>()

/** A table's own parts of its statement: columns, SELECT list, and its metadata entries (`tableMetadata`). */
export const tableParts = (def: TableDef<any>): { readonly read: string; readonly select: string; readonly kv: string } => {
  let parts = tables.get(def)
  if (parts === undefined) tables.set(def, parts = { ...columnParts(def), kv: sqlEntries(tableMetadata(def)) })
  return parts
}

const inputParts = new WeakMap<Inputs, string>()

/** The inputs' metadata entries as SQL (`inputsMetadata`: the same for every table of a run). */
const inputsPart = (inputs: Inputs): string => {
  let part = inputParts.get(inputs)
  if (part === undefined) inputParts.set(inputs, part = sqlEntries(inputsMetadata(inputs)))
  return part
}

const NO_INPUTS: Inputs = inputsOf([])

/** Writes `parquetFile` from `csvFile`, a CSV of `def` written by csv.ts; `inputs` are the run's articles (metadata). */
export const csvToParquet = (def: TableDef<any>, csvFile: string, parquetFile: string, inputs: Inputs = NO_INPUTS): Promise<void> =>
  csvsToParquet([{ def, csvFile, parquetFile, bytes: 0 }], inputs)[0]!

/** One table to convert: its CSV file (of `bytes` bytes, for sharing the work out) and the Parquet file to write. */
export interface CopyJob {
  readonly def: TableDef<any>
  readonly csvFile: string
  readonly parquetFile: string
  readonly bytes: number
}

/**
 * Writes several tables' Parquet files (`csvToParquet` for each): the tables are shared out among
 * the instances, the largest CSV first to the least loaded (by bytes), and each share is sent to its
 * instance as one query of COPY statements, run one after another. A statement's completion, and
 * so the start of the next, used to wait for this thread's event loop (a COPY is a call whose
 * completion the main thread takes up): while the reports were rendered, each instance ran one COPY
 * per turn of the loop. Each file is still written by its own COPY on one instance, so its bytes are
 * those of `csvToParquet` alone (test/parquet-pool.test.ts). When a share fails, its statements are
 * run again one at a time, so that each table's promise settles as with its own COPY (the failing
 * table's error names it; the others are written, the earlier ones again, to the same bytes).
 * Returns one promise per job, in the order given.
 */
export const csvsToParquet = (jobs: ReadonlyArray<CopyJob>, inputs: Inputs = NO_INPUTS, instances: number = PARQUET_INSTANCES): Array<Promise<void>> => {
  const shares = shareOut(jobs, instances)
  const settled = new Map<CopyJob, Promise<void>>()
  for (const share of shares) {
    const done = pooled(async (connection): Promise<ReadonlyArray<Error | null>> => {
      const db = await connection
      const statements = share.map((job) => copyStatement(job.def, job.csvFile, job.parquetFile, inputs))
      const failed = (job: CopyJob) => (error: unknown) => new Error(`table ${job.def.name}: DuckDB: ${error instanceof Error ? error.message : String(error)}`)
      if (share.length === 1) return [await db.binding.query(db.connection, statements[0]!).then(() => null, failed(share[0]!))]
      if (await db.binding.query(db.connection, statements.join(";\n")).then(() => true, () => false)) return share.map(() => null)
      const results: Array<Error | null> = []
      for (const [i, job] of share.entries()) results.push(await db.binding.query(db.connection, statements[i]!).then(() => null, failed(job)))
      return results
    }, instances)
    share.forEach((job, i) =>
      settled.set(job, done.then((results) => {
        const error = results[i]
        if (error !== null && error !== undefined) throw error
      }))
    )
  }
  return jobs.map((job) => settled.get(job)!)
}

/**
 * `jobs` in at most `n` shares: each job, largest CSV first (ties in the order given), to the share
 * with the fewest bytes so far (then the fewest jobs, then the first); each share keeps the order
 * given. No share is empty.
 */
export const shareOut = (jobs: ReadonlyArray<CopyJob>, n: number): Array<Array<CopyJob>> => {
  const order = jobs.map((job, index) => ({ job, index })).sort((a, b) => b.job.bytes - a.job.bytes || a.index - b.index)
  const shares = Array.from({ length: Math.min(n, jobs.length) }, () => ({ bytes: 0, items: [] as Array<{ job: CopyJob; index: number }> }))
  for (const item of order) {
    let least = shares[0]!
    for (const share of shares) if (share.bytes < least.bytes || (share.bytes === least.bytes && share.items.length < least.items.length)) least = share
    least.bytes += item.job.bytes
    least.items.push(item)
  }
  return shares.map((share) => share.items.sort((a, b) => a.index - b.index).map((item) => item.job))
}

/**
 * Encodes `rows` as a Parquet file (through a CSV in a private temporary folder, removed after).
 * Every value is checked against its column first; a value that does not fit throws a `CellError`
 * naming table, row and column.
 */
export const encodeParquet = async <Row>(def: TableDef<Row>, rows: ReadonlyArray<Row>): Promise<Buffer> => {
  const csv = encodeCsv(def, rows)
  const dir = await mkdtemp(join(tmpdir(), "recount-parquet-"))
  try {
    const csvFile = join(dir, "table.csv")
    const parquetFile = join(dir, "table.parquet")
    await writeFile(csvFile, csv)
    await csvToParquet(def, csvFile, parquetFile)
    return await readFile(parquetFile)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

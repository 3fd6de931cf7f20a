/**
 * The emit stage's writing half: every table as `<table>.csv` and `<table>.parquet`, written as
 * the articles' rows arrive (`openEmitter`) into a working folder inside --out, plus the manifest
 * entries describing them; `publish.ts` then moves them, with `manifest.json`, into out/ (together
 * with reports/, as one transaction). `articleTables` lists the tables one article's slice fills.
 */
import { createHash, randomBytes } from "node:crypto"
import * as fs from "node:fs"
import * as nodePath from "node:path"
import { performance } from "node:perf_hooks"
import * as Effect from "effect/Effect"
import { type Correction, withCorrections } from "../deliver/corrected.ts"
import type { ColumnType, TableDef } from "../normalise/columns.ts"
import type { Dataset } from "../normalise/normalise.ts"
import * as T from "../normalise/records.ts"
import { appendBytes, type ByteSink, byteSink, csvBytes, csvParts, utf8Write } from "./csv.ts"
import { describeFsCause, EmitError } from "./errors.ts"
import type { Inputs } from "./metadata.ts"
import { TableParquet, warmUp } from "./parquet.ts"
import { columnsOf } from "./values.ts"

/** The encoded tables: their files (Parquet and CSV, by table name) and their manifest entries. */
export interface EncodedTables {
  readonly files: ReadonlyArray<OutputFile>
  readonly tables: ReadonlyArray<ManifestTable>
}

/** A table to emit: its definition and its rows. */
export interface TableData<Row = any> {
  readonly def: TableDef<Row>
  readonly rows: ReadonlyArray<Row>
}

/** Pairs a definition with its rows, checking the row type (`TableData<any>` alone would not). */
export const tableData = <Row>(def: TableDef<Row>, rows: ReadonlyArray<Row>): TableData<Row> => ({ def, rows })

/**
 * The output tables an article's slice of the dataset fills, in output order, with the dataset
 * field that holds each one's rows (the party table is the dictionary's, written once; anomalies
 * and faults come from the whole run).
 */
const ARTICLE_TABLES = [
  [T.Elections, "elections"],
  [T.Contests, "contests"],
  [T.Turnouts, "turnout"],
  [T.Results, "results"],
  [T.ResultParties, "resultParties"],
  [T.Seats, "seats"],
  [T.SeatTotals, "seatTotals"],
  [T.Tables, "tables"],
  [T.Infoboxes, "infobox"],
  [T.Texts, "texts"],
  [T.Findings, "findings"]
] as const satisfies ReadonlyArray<readonly [TableDef<any>, keyof Dataset]>

export const articleTableDefs: ReadonlyArray<TableDef<any>> = ARTICLE_TABLES.map(([def]) => def)

/**
 * An article's slice as the tables it fills; the corrected columns of results, contests, seats and
 * seat_totals filled from `corrections` (the article's applied faults; null everywhere without).
 */
export const articleTables = (part: Dataset, corrections: ReadonlyMap<string, Correction> = new Map()): ReadonlyArray<TableData> =>
  ARTICLE_TABLES.map(([def, field]): TableData => ({ def, rows: withCorrections<any>(def, part[field], corrections) }))

/**
 * A file to publish: a plain file name (no directory part) and either its content (strings as
 * UTF-8), or the path of a file already written on the target's file system, with its size and
 * sha256 (what the streaming emitter produces). `durable`, when given, settles once the file's
 * bytes are synced (the emitter syncs its tables' files itself): the publish then waits for it
 * instead of syncing the file again.
 */
export type OutputFile =
  | { readonly name: string; readonly content: string | Uint8Array }
  | { readonly name: string; readonly path: string; readonly bytes: number; readonly sha256: string; readonly durable?: Promise<void> }

export interface ManifestFile {
  readonly name: string
  readonly bytes: number
  readonly sha256: string
}

export interface ManifestColumn {
  readonly name: string
  readonly type: ColumnType
  readonly nullable: boolean
  readonly unit: string | null
}

export interface ManifestTable {
  readonly name: string
  readonly rows: number
  readonly columns: ReadonlyArray<ManifestColumn>
  readonly files: ReadonlyArray<ManifestFile>
}

/**
 * `out/manifest.json`: the run identity (shared with `reports/manifest.json`, see
 * `runIdentity` in publish.ts), then the tables sorted by name, their files sorted by name,
 * columns in table order. It lists exactly the files Recount wrote in out/.
 */
export interface Manifest {
  readonly run: string
  /** The input articles (see metadata.ts `Inputs`). */
  readonly inputs?: Inputs
  readonly tables: ReadonlyArray<ManifestTable>
  /** Files beside the tables (datapackage.json). */
  readonly files?: ReadonlyArray<ManifestFile>
}

/** The name of every published folder's manifest (out/ and reports/). */
export const MANIFEST_FILE = "manifest.json"

const TABLE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/

const encodeFailure = (path: string) => (error: unknown): EmitError =>
  new EmitError({ path, message: `cannot encode ${path}: ${error instanceof Error ? error.message : String(error)}` })

/** `pieces` less their first `skip` bytes (after a short vectored write). */
const remaining = (pieces: ReadonlyArray<Buffer>, skip: number): Array<Buffer> => {
  const rest: Array<Buffer> = []
  for (const piece of pieces) {
    if (skip >= piece.length) skip -= piece.length
    else {
      rest.push(skip > 0 ? piece.subarray(skip) : piece)
      skip = 0
    }
  }
  return rest
}

/** A file's `durable` when it was synced before it was handed on. */
const SYNCED: Promise<void> = Promise.resolve()

/** Removes a working folder: at once when it is empty (as after a publish), else with everything in it. */
const removeFolder = (dir: string): void => {
  try {
    fs.rmdirSync(dir)
  } catch {
    try {
      fs.rmSync(dir, { recursive: true, force: true })
    } catch { /* the next run's recovery removes it */ }
  }
}

/** Prefix of the streaming emitter's working folder inside --out (removed by the next run if left). */
export const EMIT_PREFIX = ".recount-emit-"

/**
 * A table's CSV bytes are gathered up to this size before they are written and hashed: a few large
 * writes instead of one per article and table (a batch is encoded whole first, so a table's buffer
 * can exceed it by one batch).
 */
const FLUSH_BYTES = 1 << 18

const sortByName = <A extends { readonly def: TableDef<any> }>(items: ReadonlyArray<A>): Array<A> =>
  [...items].sort((a, b) => (a.def.name < b.def.name ? -1 : a.def.name > b.def.name ? 1 : 0))

interface TableSink {
  readonly def: TableDef<any>
  rows: number
  readonly csvPath: string
  /**
   * The CSV file's descriptor once created. The file is created in the thread pool (`fs.open`,
   * started when the table is opened): creating a file blocked this thread ~0.3–0.8 ms each on a
   * busy disk (15 tables), and nothing needs the file before the first FLUSH_BYTES are encoded.
   * Until it is there, the bytes stay pending.
   */
  csvFd: number | undefined
  /** Settles when the file is created (or its creation failed: `csvOpenError`). */
  readonly csvOpened: Promise<void>
  csvOpenError?: EmitError
  csvClosed: boolean
  readonly csvHash: ReturnType<typeof createHash>
  /** CSV bytes encoded but not yet written (written, hashed and emptied once past FLUSH_BYTES, and at close). */
  pending: ByteSink
  csvDigest?: string
  csvBytes: number
  /**
   * The table's Parquet file, built as its rows arrive (parquet.ts `TableParquet`: from `add`'s rows
   * or from a worker's CSV records, the same bytes either way); full row groups are written to the
   * file as they are made (`parquetPending` until the file is created), hashed as written.
   */
  readonly parquet: TableParquet
  parquetPending: Array<Buffer>
  readonly parquetHash: ReturnType<typeof createHash>
  parquetBytes: number
  parquetWriteError?: EmitError
  readonly parquetPath: string
  /** The Parquet file, created in the thread pool when the table is opened (as the CSV file). */
  parquetFd: number | undefined
  readonly parquetOpened: Promise<void>
  parquetOpenError?: EmitError
  parquetClosed: boolean
  /** Set when the table is closed: its CSV and Parquet files, or why they could not be made. */
  converted?: Promise<{ readonly ok: { readonly csv: OutputFile & { readonly path: string; readonly bytes: number; readonly sha256: string }; readonly pq: OutputFile & { readonly path: string; readonly bytes: number; readonly sha256: string } } } | { readonly error: EmitError }>
}

const fsError = (path: string, doing: string) => (error: unknown): EmitError =>
  new EmitError({ path, message: `cannot ${doing} ${path}: ${describeFsCause(error)}` })

/**
 * Creates the new file `path` in the thread pool (`fs.open`, "wx"), then calls `created` with its
 * descriptor or the failure; the promise settles after that, and never rejects.
 */
const createInPool = (path: string, created: (fd: number | undefined, error: EmitError | undefined) => void): Promise<void> =>
  new Promise<void>((resolve) =>
    fs.open(path, "wx", (error, fd) => {
      if (error) created(undefined, fsError(path, "write")(error))
      else created(fd, undefined)
      resolve()
    })
  )

/**
 * The emit stage as a stream: tables are written as the articles' rows arrive, so no table is ever
 * held whole in memory (the rows of a 1,000-article corpus were ~1 GiB of JavaScript objects).
 * Each table's CSV goes straight to a file (hashed as it is written), and its Parquet file is
 * built beside it from the same rows (parquet.ts `TableParquet`: each row group written as it is
 * made; a worker's rows arrive as CSV records and are read back into the same columns). Everything is written into
 * `<out>/.recount-emit-<random>/` (the target's file system, so publishing is a rename);
 * `finish` returns the files for `publishOutputs`, `abort` removes the folder (a killed run's
 * folder is removed by the next run's recovery).
 */
export interface Emitter {
  readonly dir: string
  /** Appends rows to a table (opened on first use). Values are checked (`CellError` → EmitError). */
  readonly add: <Row>(def: TableDef<Row>, rows: ReadonlyArray<Row>) => Effect.Effect<void, EmitError>
  /**
   * Appends `rows` rows already formatted elsewhere — `csvParts.records(def, rows, 0)` encoded as
   * UTF-8 by a worker thread (pipeline/parallel/) — exactly as `add` would have written them.
   */
  readonly addEncoded: (def: TableDef<any>, bytes: Uint8Array, rows: number) => Effect.Effect<void, EmitError>
  /**
   * Completes the CSV and Parquet files of `defs` (a table never added to is written empty) and
   * starts syncing them in libuv's thread pool (the caller goes on: the run's last tables, the
   * reports); no row can be added to them after. Closed tables are skipped.
   */
  readonly close: (defs: ReadonlyArray<TableDef<any>>, inputs?: Inputs) => Effect.Effect<void, EmitError>
  /** Closes `defs` and every other open table, waits for the Parquet files and describes every file (sorted by name). */
  readonly finish: (defs: ReadonlyArray<TableDef<any>>, inputs?: Inputs) => Effect.Effect<EncodedTables, EmitError>
  /** The time this thread spent encoding and writing the Parquet files (ms): part of the calls' time. */
  readonly parquetMs: () => number
  /** Waits for the files' creation and syncs, then removes the working folder. */
  readonly abort: () => Effect.Effect<void>
}

/**
 * Opens the emitter of a run writing into `outDir`.
 */
export const openEmitter = (outDir: string): Effect.Effect<Emitter, EmitError> =>
  Effect.gen(function*() {
    const out = nodePath.resolve(outDir)
    const dir = nodePath.join(out, `${EMIT_PREFIX}${randomBytes(6).toString("hex")}`)
    yield* Effect.try({ try: () => fs.mkdirSync(dir, { recursive: true }), catch: fsError(dir, "create folder") })
    // Snappy's binding loaded now, before the first row group needs it.
    warmUp()
    const sinks = new Map<string, TableSink>()
    const open = Effect.fnUntraced(function*(def: TableDef<any>) {
      const existing = sinks.get(def.name)
      if (existing !== undefined) {
        if (existing.def !== def) return yield* new EmitError({ path: def.name, message: `table ${def.name} is given twice` })
        return existing
      }
      if (!TABLE_NAME.test(def.name)) {
        return yield* new EmitError({ path: def.name, message: `table name ${JSON.stringify(def.name)} cannot be a file name` })
      }
      const csvPath = nodePath.join(dir, `${def.name}.csv`)
      const parquetPath = nodePath.join(dir, `${def.name}.parquet`)
      const sink: TableSink = {
        def,
        rows: 0,
        csvPath,
        csvFd: undefined,
        csvOpened: createInPool(csvPath, (fd, error) => {
          sink.csvFd = fd
          sink.csvOpenError = error
        }),
        csvClosed: false,
        csvHash: createHash("sha256"),
        pending: byteSink(),
        csvBytes: 0,
        parquet: new TableParquet(def, (pieces) => writeParquet(sink, pieces)),
        parquetPending: [],
        parquetHash: createHash("sha256"),
        parquetBytes: 0,
        parquetPath,
        parquetFd: undefined,
        parquetOpened: createInPool(parquetPath, (fd, error) => {
          sink.parquetFd = fd
          sink.parquetOpenError = error
        }),
        parquetClosed: false
      }
      sinks.set(def.name, sink)
      csvBytes.textBytes(csvParts.header(def), sink.pending)
      return sink
    })
    /** Writes and hashes bytes at the end of the table's CSV file (created: `csvFd` set). */
    const writeBytes = (sink: TableSink, buf: Uint8Array, length: number) => {
      let written = 0
      while (written < length) written += fs.writeSync(sink.csvFd!, buf, written, length - written)
      sink.csvHash.update(length === buf.length ? buf : buf.subarray(0, length))
      sink.csvBytes += length
    }
    /**
     * Writes and hashes the sink's pending bytes (all of them: `pending` is emptied) — once the
     * file is created; until then they stay pending (`closeCsv` waits for it).
     */
    const flushCsv = (sink: TableSink): Effect.Effect<void, EmitError> =>
      sink.csvOpenError !== undefined ? Effect.fail(sink.csvOpenError) : sink.csvFd === undefined ? Effect.void : Effect.try({
        try: () => {
          writeBytes(sink, sink.pending.buf, sink.pending.pos)
          sink.pending.pos = 0
        },
        catch: fsError(sink.csvPath, "write")
      })
    const add = <Row>(def: TableDef<Row>, rows: ReadonlyArray<Row>) =>
      Effect.gen(function*() {
        const sink = yield* open(def)
        if (sink.converted !== undefined) return yield* new EmitError({ path: def.name, message: `table ${def.name}: rows added after the table was closed` })
        if (rows.length === 0) return
        // Encoded straight into the table's pending bytes (a batch that fails leaves them as they were).
        yield* Effect.try({ try: () => csvBytes.recordBytes(def, rows, sink.rows, sink.pending), catch: encodeFailure(`${def.name}.csv`) })
        // The same rows, checked by the CSV writer just now, into the table's Parquet columns.
        yield* Effect.try({ try: () => timed(() => sink.parquet.add(rows)), catch: encodeFailure(`${def.name}.parquet`) })
        sink.rows += rows.length
        if (sink.pending.pos >= FLUSH_BYTES) yield* flushCsv(sink)
      })
    // Bytes a worker encoded (the same writer) join the table's pending bytes, written and hashed
    // once past FLUSH_BYTES like the main thread's own: a write and a hash update per table and
    // article (53 a article) cost more than the copy. Synchronous once the table is open (no
    // generator per call: it is called for every table of every article).
    const appendEncoded = (sink: TableSink, bytes: Uint8Array, rows: number): Effect.Effect<void, EmitError> => {
      if (sink.converted !== undefined) return Effect.fail(new EmitError({ path: sink.def.name, message: `table ${sink.def.name}: rows added after the table was closed` }))
      if (rows === 0) return Effect.void
      try {
        timed(() => sink.parquet.addRecords(bytes, rows))
      } catch (error) {
        return Effect.fail(encodeFailure(`${sink.def.name}.parquet`)(error))
      }
      appendBytes(sink.pending, bytes)
      sink.rows += rows
      return sink.pending.pos >= FLUSH_BYTES ? flushCsv(sink) : Effect.void
    }
    const addEncoded = (def: TableDef<any>, bytes: Uint8Array, rows: number): Effect.Effect<void, EmitError> => {
      const sink = sinks.get(def.name)
      return sink !== undefined && sink.def === def ? appendEncoded(sink, bytes, rows) : Effect.flatMap(open(def), (opened) => appendEncoded(opened, bytes, rows))
    }
    /**
     * Pieces of a table's Parquet file, written at its end (once the file is created: until then
     * they wait in `parquetPending`) and hashed. A write error is kept for the table's close.
     */
    function writeParquet(sink: TableSink, pieces: Array<Buffer>): void {
      // After a failed write the file is lost (the table's close reports it): nothing more is kept.
      if (sink.parquetWriteError !== undefined || sink.parquetOpenError !== undefined) return
      if (sink.parquetFd === undefined) {
        for (const piece of pieces) sink.parquetPending.push(piece)
        return
      }
      const all = sink.parquetPending.length > 0 ? [...sink.parquetPending.splice(0), ...pieces] : pieces
      let bytes = 0
      for (const piece of all) {
        sink.parquetHash.update(piece)
        bytes += piece.length
      }
      try {
        let written = 0
        let rest = all
        while (written < bytes) {
          written += fs.writevSync(sink.parquetFd, rest)
          if (written < bytes) rest = remaining(all, written)
        }
      } catch (error) {
        sink.parquetWriteError = fsError(sink.parquetPath, "write")(error)
      }
      sink.parquetBytes += bytes
    }
    /** The rest of a table's Parquet file written, then the file synced (in the thread pool) and closed. */
    const endParquet = async (sink: TableSink, rest: ReadonlyArray<Buffer>) => {
      await sink.parquetOpened
      if (sink.parquetOpenError !== undefined) throw sink.parquetOpenError
      timed(() => writeParquet(sink, [...rest]))
      const fd = sink.parquetFd!
      try {
        if (sink.parquetWriteError !== undefined) throw sink.parquetWriteError
        await new Promise<void>((resolve, reject) => fs.fsync(fd, (e) => (e ? reject(fsError(sink.parquetPath, "write")(e)) : resolve())))
      } finally {
        sink.parquetClosed = true
        fs.close(fd, () => undefined)
      }
      return { bytes: sink.parquetBytes, sha256: sink.parquetHash.digest("hex") }
    }
    /** One table's CSV synced and closed, its Parquet file (`pieces`, or the failure to make them) written, hashed and synced. */
    const convert = async (sink: TableSink, pieces: ReadonlyArray<Buffer> | EmitError) => {
      const { def } = sink
      const fd = sink.csvFd!
      const csvSynced = new Promise<void>((resolve, reject) => fs.fsync(fd, (e) => (e ? reject(fsError(sink.csvPath, "write")(e)) : resolve())))
        .finally(() => {
          sink.csvClosed = true
          return new Promise<void>((resolve, reject) => fs.close(fd, (e) => (e ? reject(fsError(sink.csvPath, "write")(e)) : resolve())))
        })
      const parquet = pieces instanceof EmitError
        ? Promise.reject(pieces)
        : endParquet(sink, pieces)
      const [synced, written] = await Promise.allSettled([csvSynced, parquet])
      if (synced.status === "rejected") throw synced.reason
      if (written.status === "rejected") throw written.reason
      // Both synced above: the publish need not sync them again.
      const csv = { name: `${def.name}.csv`, path: sink.csvPath, bytes: sink.csvBytes, sha256: sink.csvDigest!, durable: SYNCED }
      return { csv, pq: { name: `${def.name}.parquet`, path: sink.parquetPath, ...written.value, durable: SYNCED } }
    }
    type Converted = Awaited<ReturnType<typeof convert>>
    let parquetWork = 0
    /** Runs Parquet work (encoding, and the writes it makes), adding its time to `parquetWork`. */
    const timed = <A>(work: () => A): A => {
      const start = performance.now()
      try {
        return work()
      } finally {
        parquetWork += performance.now() - start
      }
    }
    const close = (defs: ReadonlyArray<TableDef<any>>, inputs?: Inputs) =>
      Effect.gen(function*() {
        const named = new Set<string>()
        const closing: Array<TableSink> = []
        for (const def of defs) {
          if (named.has(def.name)) return yield* new EmitError({ path: def.name, message: `table ${def.name} is given twice` })
          named.add(def.name)
          const sink = yield* open(def)
          if (sink.converted === undefined) closing.push(sink)
        }
        const sorted = sortByName(closing)
        // Every file created (in the thread pool since the table was opened: long done, unless the table is new).
        yield* Effect.promise(() => Promise.all(sorted.map((sink) => sink.csvOpened)))
        for (const sink of sorted) {
          csvBytes.textBytes(csvParts.end, sink.pending)
          yield* flushCsv(sink)
          sink.pending = byteSink(0)
          sink.csvDigest = sink.csvHash.digest("hex")
        }
        // Each table's Parquet file: its last row group and its footer (the rows came as rows or as a worker's records).
        for (const sink of sorted) {
          let pieces: ReadonlyArray<Buffer> | EmitError
          try {
            pieces = timed(() => sink.parquet.finish(inputs))
          } catch (error) {
            pieces = encodeFailure(`${sink.def.name}.parquet`)(error)
          }
          // Settled, never rejected: a failure is reported by finish, once every COPY has stopped.
          sink.converted = convert(sink, pieces).then(
            (ok): { readonly ok: Converted } => {
              return { ok }
            },
            (error: unknown) => ({ error: error instanceof EmitError ? error : encodeFailure(`${sink.def.name}.parquet`)(error) })
          )
        }
      })
    const finish = (defs: ReadonlyArray<TableDef<any>>, inputs?: Inputs) =>
      Effect.gen(function*() {
        const names = new Set(defs.map((d) => d.name))
        yield* close([...defs, ...[...sinks.values()].filter((s) => !names.has(s.def.name)).map((s) => s.def)], inputs)
        const sorted = sortByName([...sinks.values()])
        const settled = yield* Effect.promise(() => Promise.all(sorted.map((sink) => sink.converted!)))
        const files: Array<OutputFile> = []
        const tables: Array<ManifestTable> = []
        for (const [index, result] of settled.entries()) {
          if ("error" in result) return yield* result.error
          const { csv, pq } = result.ok
          const { def, rows } = sorted[index]!
          files.push(csv, pq)
          tables.push({
            name: def.name,
            rows,
            columns: columnsOf(def).map(([name, c]) => ({ name, type: c.type, nullable: c.nullable, unit: c.unit })),
            files: [
              { name: csv.name, bytes: csv.bytes, sha256: csv.sha256 },
              { name: pq.name, bytes: pq.bytes, sha256: pq.sha256 }
            ]
          })
        }
        sinks.clear()
        return { files, tables }
      })
    const abort = () =>
      Effect.promise(() => Promise.all([...sinks.values()].flatMap((sink) => [sink.csvOpened, sink.parquetOpened, sink.converted]))).pipe(Effect.andThen(Effect.sync(() => {
        for (const sink of sinks.values()) {
          if (!sink.parquetClosed && sink.parquetFd !== undefined) {
            sink.parquetClosed = true
            try {
              fs.closeSync(sink.parquetFd)
            } catch { /* nothing to close */ }
          }
          if (!sink.csvClosed && sink.csvFd !== undefined) {
            sink.csvClosed = true
            try {
              fs.closeSync(sink.csvFd)
            } catch { /* nothing to close */ }
          }
        }
        sinks.clear()
        removeFolder(dir)
      })))
    return { dir, add, addEncoded, close, finish, parquetMs: () => parquetWork, abort } satisfies Emitter
  })

/**
 * A working folder inside `dir` (`<dir>/.recount-emit-<random>/`) for files written before the
 * publish step (the reports): each file is written at once, so the run keeps no copy of its bytes,
 * and publish moves it into place (same file system) and syncs it with every other staged file. `abort` removes the folder; a
 * killed run's is removed by the next run's recovery.
 */
export const openStage = (target: string): Effect.Effect<{
  readonly dir: string
  readonly write: (name: string, content: string | Iterable<string>) => Effect.Effect<OutputFile, EmitError>
  readonly abort: () => Effect.Effect<void>
}, EmitError> =>
  Effect.gen(function*() {
    const dir = nodePath.join(nodePath.resolve(target), `${EMIT_PREFIX}${randomBytes(6).toString("hex")}`)
    yield* Effect.try({ try: () => fs.mkdirSync(dir, { recursive: true }), catch: fsError(dir, "create folder") })
    const write = (name: string, content: string | Iterable<string>) =>
      Effect.try({
        try: (): OutputFile => {
          const path = nodePath.join(dir, name)
          const fd = fs.openSync(path, "wx")
          try {
            // Not synced here: the publish syncs every staged file at once (publish.ts), before its journal.
            const { bytes, sha256 } = writePieces(fd, typeof content === "string" ? [content] : content)
            return { name, path, bytes, sha256 }
          } finally {
            fs.closeSync(fd)
          }
        },
        catch: fsError(nodePath.join(dir, name), "write")
      })
    const abort = () => Effect.sync(() => removeFolder(dir))
    return { dir, write, abort }
  })

/**
 * The one buffer `writePieces` encodes into (it runs to its end synchronously, one report at a
 * time): a new 1 MiB buffer per report was a fresh mapping whose pages the kernel zeroed on first
 * touch, five times a run (issue 8, tenth pass).
 */
let pieceBuffer: Buffer | undefined

/** Bytes gathered before a write: large enough for few system calls, small next to a report (~44 MB). */
const CHUNK_BYTES = 1 << 20
/** Characters of a large piece encoded at a time: at most 3 bytes each, so a slice fits the buffer. */
const SLICE_CHARS = Math.floor(CHUNK_BYTES / 3)
/** Pieces shorter than this are gathered into runs of about SMALL_RUN characters before they are encoded. */
const SMALL_PIECE = 256
const SMALL_RUN = 4096

/**
 * Writes a report given as pieces (a renderer's generator or array), hashing as it goes: each piece
 * is encoded straight into one reused buffer (Buffer's native UTF-8 writer) that is written and
 * hashed when full, so neither the whole text nor its whole UTF-8 copy is ever held, and no joined
 * string or new buffer is made per chunk (a piece is a whole string, so no character is split; a
 * piece larger than the buffer is encoded a slice at a time, never splitting a surrogate pair).
 */
export const writePieces = (fd: number, pieces: Iterable<string>): { readonly bytes: number; readonly sha256: string } => {
  const hash = createHash("sha256")
  const buf = (pieceBuffer ??= Buffer.allocUnsafe(CHUNK_BYTES))
  let total = 0
  let pos = 0
  const put = (bytes: Buffer, length: number) => {
    let written = 0
    while (written < length) written += fs.writeSync(fd, bytes, written, length - written)
    hash.update(length === bytes.length ? bytes : bytes.subarray(0, length))
    total += length
  }
  const encode = (text: string) => {
    const room = 3 * text.length
    if (pos + room > CHUNK_BYTES) {
      if (pos > 0) put(buf, pos)
      pos = 0
      if (room > CHUNK_BYTES) {
        // A piece larger than the buffer (SARIF's one string, index.html's data line: ~10 MB at
        // 1,000 articles) is encoded a slice at a time into the same buffer, not copied whole into a
        // new one; a slice never ends between the two halves of a surrogate pair, so the bytes are
        // the whole piece's (a lone surrogate is U+FFFD either way).
        for (let start = 0; start < text.length;) {
          let end = Math.min(text.length, start + SLICE_CHARS)
          if (end < text.length && (text.charCodeAt(end - 1) & 0xfc00) === 0xd800) end--
          put(buf, utf8Write(buf, text.slice(start, end), 0))
          start = end
        }
        return
      }
    }
    pos += utf8Write(buf, text, pos)
  }
  // Small pieces (a newline, a separator, a short line) are joined into a short string first: one
  // native call per piece costs more than the copy.
  let small = ""
  for (const piece of pieces) {
    if (piece.length < SMALL_PIECE) {
      small += piece
      if (small.length < SMALL_RUN) continue
      encode(small)
    } else {
      if (small.length > 0) encode(small)
      encode(piece)
    }
    small = ""
  }
  if (small.length > 0) encode(small)
  if (pos > 0) put(buf, pos)
  return { bytes: total, sha256: hash.digest("hex") }
}

/**
 * Parquet encoding of one table: the only module that writes Parquet, with Recount's own writer
 * (parquet-file.ts: PLAIN values, RLE levels, Snappy pages, statistics). A table's Parquet file is
 * built beside its CSV (pipeline/emit/csv.ts: every value checked by `cellOf`) from the same
 * values, as the emitter gets them (`TableParquet`): the rows the main thread analysed, pushed by a
 * generated appender, or a worker's rows as the CSV records it formatted, read back in Recount's
 * one dialect, every field by its column's type — both give the same bytes, so the Parquet and CSV
 * files of a table hold the same values. Until the twelfth pass of issue 8 DuckDB wrote these files
 * (its `COPY … TO parquet` from the CSV); why that changed, and the figures, are in
 * docs/decisions.md "Parquet writer".
 *
 * Schema: one top-level column per table column, in definition order — utf8 → BYTE_ARRAY STRING,
 * int64 → INT64, double → DOUBLE, boolean → BOOLEAN, date → INT32 DATE (days since 1970-01-01),
 * int64_list → LIST<INT64> and utf8_list → LIST<STRING> (JSON arrays in the CSV). Every column is
 * OPTIONAL (as DuckDB wrote them); a non-nullable column still never holds a null: `cellOf`
 * rejects one before the CSV is written.
 *
 * The CSV dialect read (csv.ts): a header line, then every record preceded by CRLF, and a final
 * CRLF; a field quoted (`"…"`, quotes doubled inside) when it must be; an empty unquoted field is
 * null, `""` the empty string; booleans `true`/`false`; int64 decimal digits; doubles plain
 * decimals (their shortest round-trip text, so `Number` gives the same double back); dates
 * `YYYY-MM-DD`; lists JSON arrays. A file that is not in this dialect is an error naming the table,
 * record and column: nothing is guessed.
 *
 * Determinism: the bytes depend on the values and the footer's key/value metadata alone (no time,
 * no path; `created_by` is the writer's constant); Snappy's output is fixed for the pinned version
 * of `snappy` (tested: identical files across runs, processes, time zones, locales and folders).
 */
import { createRequire } from "node:module"
import { POWERS_OF_TEN } from "../normalise/cells.ts"
import type { ColumnType, TableDef } from "../normalise/columns.ts"
import { encodeCsv } from "./csv.ts"
import { type Inputs, inputsMetadata, inputsOf, tableMetadata } from "./metadata.ts"
import { type KvEntries, kvEntries, type Layout, layoutOf, ParquetWriter, ROW_GROUP_ROWS, type RowAppender, rowAppender } from "./parquet-file.ts"
import { columnsOf, epochDays } from "./values.ts"

/** Snappy's raw block compression (`snappy`'s native binding, napi-rs). */
type Compress = (data: Buffer) => Buffer

/**
 * `snappy`'s native module. On Linux its entry (index.js) asks which C library node runs on (it
 * reads /usr/bin/ldd, else node's report, else runs `ldd`); npm installs only the platform package
 * whose `libc` field matches, so where exactly one of the two is installed it is the one the entry
 * would choose, and it is loaded directly. Anything else goes through the package's entry.
 */
export const loadSnappy = (): { readonly compressSync: (data: Buffer) => Buffer } => {
  const require = createRequire(import.meta.url)
  const entry = require.resolve("snappy")
  const fromEntry = createRequire(entry)
  if (process.platform === "linux") {
    const installed: Array<string> = []
    for (const variant of ["gnu", "musl"]) {
      try {
        installed.push(fromEntry.resolve(`@napi-rs/snappy-linux-${process.arch}-${variant}`))
      } catch { /* not installed */ }
    }
    if (installed.length === 1) return fromEntry(installed[0]!)
  }
  return fromEntry(entry)
}

let snappy: Compress | undefined
const compressor = (): Compress => {
  if (snappy === undefined) {
    const binding = loadSnappy()
    snappy = (data) => binding.compressSync(data)
  }
  return snappy
}

/** Loads the compressor now (so that the first table does not wait for it). */
export const warmUp = (): void => {
  compressor()
}

const QUOTE = 0x22
const COMMA = 0x2c
const CR = 0x0d
const LF = 0x0a

/** A CSV that is not in Recount's dialect, or a field that does not read as its column's type. */
export class CsvReadError extends Error {
  constructor(table: string, record: number, column: string | undefined, problem: string) {
    super(`table ${table}, ${record === 0 ? "header" : `record ${record}`}${column === undefined ? "" : `, column ${column}`}: ${problem}`)
    this.name = "CsvReadError"
  }
}

const digit = (b: number | undefined): number => (b !== undefined && b >= 48 && b <= 57 ? b - 48 : -1)


// A builtin's search (no JavaScript wrapper between the caller and the scan: Buffer's own indexOf
// checks its arguments in JavaScript first): for a quoted field's quotes and the header's end.
const byteIndex = Uint8Array.prototype.indexOf

type Slicer = (buf: Buffer, start: number, end: number) => string
const proto = Buffer.prototype as unknown as { utf8Slice?: unknown; latin1Slice?: unknown }
/** `buf.toString("utf8", start, end)` without its JavaScript argument handling (Node's own binding, where it has one). */
const utf8Slice: Slicer = typeof proto.utf8Slice === "function"
  ? (buf, start, end) => (buf as unknown as { utf8Slice(s: number, e: number): string }).utf8Slice(start, end)
  : (buf, start, end) => buf.toString("utf8", start, end)
const latin1Slice: Slicer = typeof proto.latin1Slice === "function"
  ? (buf, start, end) => (buf as unknown as { latin1Slice(s: number, e: number): string }).latin1Slice(start, end)
  : (buf, start, end) => buf.toString("latin1", start, end)

/**
 * The double `csv[start, end)` writes (a plain decimal, csv.ts `doubleText`): with at most 15
 * digits in all, it is the integer of its digits divided by 10^(digits after the point) — two
 * doubles held exactly, so the one division rounds correctly and gives what `Number` gives (the
 * fast path of Clinger's algorithm), without a string per field; anything else goes to `Number`.
 */
const decimalAt = (csv: Buffer, start: number, end: number): number => {
  let i = start
  const negative = csv[i] === 0x2d
  if (negative) i++
  let n = 0
  let digits = 0
  let point = -1
  for (; i < end; i++) {
    const b = csv[i]!
    if (b >= 48 && b <= 57) {
      n = n * 10 + (b - 48)
      digits++
    } else if (b === 0x2e && point < 0) point = i
    else return Number(latin1Slice(csv, start, end))
  }
  if (digits === 0 || digits > 15) return Number(latin1Slice(csv, start, end))
  const v = point < 0 ? n : n / POWERS_OF_TEN[end - point - 1]!
  return negative ? -v : v
}

/**
 * `csv[start, end)` as a list of whole numbers when it is written `[n,n,…]` exactly as JSON.stringify
 * writes safe integers (digits with an optional minus, no leading zero, no space); else undefined
 * (the caller parses it as JSON). Elements beyond 15 digits are left to JSON.parse too.
 */
const plainIntList = (csv: Buffer, start: number, end: number): Array<number> | undefined => {
  if (end - start < 2 || csv[start] !== 0x5b || csv[end - 1] !== 0x5d) return undefined
  const list: Array<number> = []
  if (end - start === 2) return list
  let i = start + 1
  for (;;) {
    const negative = csv[i] === 0x2d
    if (negative) i++
    const first = i
    let v = 0
    while (i < end - 1) {
      const d = digit(csv[i])
      if (d < 0) break
      v = v * 10 + d
      i++
    }
    const n = i - first
    if (n === 0 || n > 15 || (n > 1 && csv[first] === 0x30)) return undefined
    list.push(negative ? -v : v)
    if (i === end - 1) return list
    if (csv[i] !== COMMA) return undefined
    i++
  }
}

/**
 * Reads CSV records of `def` — `csv[from, end)`, each record preceded by CRLF, as csv.ts writes
 * them after the header (and a worker sends them) — into `writer`'s column builders, a row group
 * at a time (each full group's pieces handed to `emit`). `first` is the number of the first
 * record (for messages). Returns the number of records read. Throws `CsvReadError` for anything
 * outside the dialect.
 */
const readRecordsInto = (def: TableDef<any>, csv: Buffer, from: number, end: number, first: number, writer: ParquetWriter, emit: (pieces: Array<Buffer>) => void): number => {
  const defs = columnsOf(def)
  const columns = writer.columns
  const types = defs.map(([, c]) => c.type)
  const last = defs.length - 1
  const fail = (record: number, c: number | undefined, problem: string): never => {
    throw new CsvReadError(def.name, record, c === undefined ? undefined : defs[c]![0], problem)
  }
  // Values the rows' appender left pending go to `plain` first (row order).
  for (const column of columns) column.settle()
  let pos = from
  let record = first - 1
  while (pos < end) {
    record++
    if (csv[pos] !== CR || csv[pos + 1] !== LF) fail(record, undefined, "a record does not start after CRLF")
    pos += 2
    const row = writer.groupRows
    for (let c = 0; c <= last; c++) {
      let start = pos
      let fieldEnd: number
      let quoted = false
      let escaped = false
      if (csv[pos] === QUOTE) {
        quoted = true
        let p = pos + 1
        for (;;) {
          const q = byteIndex.call(csv, QUOTE, p)
          if (q < 0 || q > end) return fail(record, c, "a quoted field is not closed")
          if (csv[q + 1] === QUOTE) {
            escaped = true
            p = q + 2
            continue
          }
          start = pos + 1
          fieldEnd = q
          pos = q + 1
          break
        }
      } else {
        // An unquoted field ends at the first comma or CR (it holds neither: the writer would have
        // quoted it), found byte by byte: fields are short, and a builtin search called per field
        // (`indexOf` through `call`) was ~30 % of this function's time on a corpus.
        let e = pos
        while (e < end) {
          const b = csv[e]
          if (b === COMMA || b === CR) break
          e++
        }
        if (c !== last) {
          if (e === end || csv[e] !== COMMA) return fail(record, c + 1, "the record has too few fields")
        } else if (e !== end && csv[e] !== CR) fail(record, c, "the record has too many fields")
        fieldEnd = e
        pos = e
      }
      // A field ends at its comma; the record's last at the next record's CRLF or at the end.
      if (c !== last) {
        if (csv[pos] !== COMMA) fail(record, c, "a quoted field is followed by other characters")
        pos++
      } else if (pos !== end && csv[pos] !== CR) fail(record, c, "the record has too many fields, or a quoted field is followed by other characters")
      const column = columns[c]!
      const type = types[c]
      if (!quoted && fieldEnd === start) {
        if (type === "int64_list" || type === "utf8_list") column.values.push(null)
        else column.nulls.push(row)
        continue
      }
      switch (type) {
        case "utf8": {
          if (escaped) {
            column.values.push(utf8Slice(csv, start, fieldEnd).replaceAll("\"\"", "\""))
            column.settle()
            break
          }
          // The field's bytes are the string's UTF-8: copied as they are, after their length.
          const n = fieldEnd - start
          column.room(4 + n)
          const at = column.plain.pos
          const target = column.plain.buf
          column.view.setUint32(at, n, true)
          // Short fields byte by byte: Buffer's copy makes a view object per call (garbage per field).
          if (n <= 64) for (let k = 0; k < n; k++) target[at + 4 + k] = csv[start + k]!
          else csv.copy(target, at + 4, start, fieldEnd)
          column.plain.pos = at + 4 + n
          break
        }
        case "int64": {
          let i = start
          const negative = csv[i] === 0x2d
          if (negative) i++
          if (quoted || i === fieldEnd || fieldEnd - i > 16 || (csv[i] === 0x30 && fieldEnd - i > 1)) fail(record, c, "not a whole number")
          let v = 0
          for (; i < fieldEnd; i++) {
            const d = digit(csv[i])
            if (d < 0) fail(record, c, "not a whole number")
            v = v * 10 + d
          }
          if (!Number.isSafeInteger(v)) fail(record, c, "not a safe integer")
          if (negative) v = -v
          column.room(8)
          const at = column.plain.pos
          const high = Math.floor(v / 4294967296)
          column.view.setUint32(at, v - high * 4294967296, true)
          column.view.setInt32(at + 4, high, true)
          column.plain.pos = at + 8
          column.stat(v)
          break
        }
        case "double": {
          const v = quoted ? Number.NaN : decimalAt(csv, start, fieldEnd)
          if (!Number.isFinite(v)) fail(record, c, "not a finite number")
          column.room(8)
          column.view.setFloat64(column.plain.pos, v + 0, true)
          column.plain.pos += 8
          column.stat(v + 0)
          break
        }
        case "boolean": {
          const text = quoted ? "" : latin1Slice(csv, start, fieldEnd)
          if (text === "true") column.values.push(true)
          else if (text === "false") column.values.push(false)
          else fail(record, c, "not true or false")
          break
        }
        case "date": {
          const days = quoted || fieldEnd - start !== 10 ? undefined : epochDays(latin1Slice(csv, start, fieldEnd))
          if (days === undefined) return fail(record, c, "not a YYYY-MM-DD date")
          column.room(4)
          column.view.setInt32(column.plain.pos, days, true)
          column.plain.pos += 4
          column.stat(days)
          break
        }
        default: {
          // A list: its JSON array (a list of whole numbers in the plain form the writer gives,
          // `[35,36,50]`, read here digit by digit; anything else through JSON.parse).
          let list: unknown = type === "int64_list" && !quoted ? plainIntList(csv, start, fieldEnd) : undefined
          if (list === undefined) {
            const text = utf8Slice(csv, start, fieldEnd)
            try {
              list = JSON.parse(escaped ? text.replaceAll("\"\"", "\"") : text)
            } catch {
              list = undefined
            }
          }
          if (!Array.isArray(list)) return fail(record, c, "not a JSON array")
          for (const v of list) {
            if (type === "int64_list" ? !Number.isSafeInteger(v) : typeof v !== "string") fail(record, c, `a list element is not ${type === "int64_list" ? "a safe integer" : "a string"}`)
          }
          column.values.push(list)
        }
      }
    }
    if (++writer.groupRows === writer.groupSize) emit(writer.rowGroup())
  }
  return record - first + 1
}

const appenders = new WeakMap<TableDef<any>, RowAppender>()

/** A table's generated row appender (parquet-file.ts `rowAppender`), made once per definition. */
const appenderOf = (def: TableDef<any>): RowAppender => {
  let appender = appenders.get(def)
  if (appender === undefined) appenders.set(def, appender = rowAppender(columnsOf(def)))
  return appender
}

/**
 * A table's Parquet file built as its rows come, from either source the emitter has: rows (`add`:
 * the same rows its CSV writer has just checked and written) or a worker's CSV records
 * (`addRecords`: the bytes that are appended to the CSV file). Both fill the same column builders
 * with the same values, so the file does not depend on which thread analysed an article
 * (test/parquet-writer.test.ts). Each full row group is encoded at once and handed to `write`
 * (the file's first bytes with the first); `finish` gives the rest of the file.
 */
export class TableParquet {
  private readonly writer: ParquetWriter
  private readonly appender: RowAppender
  private started = false
  private records = 0

  /** `groupSize`: rows per row group (ROW_GROUP_ROWS; tests give fewer, to cross many groups cheaply). */
  constructor(readonly def: TableDef<any>, private readonly write: (pieces: Array<Buffer>) => void, compress: Compress = compressor(), groupSize: number = ROW_GROUP_ROWS) {
    this.writer = new ParquetWriter(layoutFor(def), compress, groupSize)
    this.appender = appenderOf(def)
  }

  /** `pieces`, after the file's first bytes when nothing was given yet. */
  private opening(pieces: Array<Buffer>): Array<Buffer> {
    if (!this.started) {
      this.started = true
      pieces.unshift(ParquetWriter.MAGIC)
    }
    return pieces
  }

  private emit(pieces: Array<Buffer>): void {
    this.write(this.opening(pieces))
  }

  /** Rows already checked (the CSV writer's `cellOf`). */
  add(rows: ReadonlyArray<unknown>): void {
    const writer = this.writer
    let from = 0
    while (from < rows.length) {
      const to = Math.min(rows.length, from + writer.groupSize - writer.groupRows)
      this.appender(rows, from, to, writer.groupRows, writer.columns)
      writer.groupRows += to - from
      from = to
      if (writer.groupRows === writer.groupSize) this.emit(writer.rowGroup())
    }
    this.records += rows.length
  }

  /** CSV records (csv.ts: each preceded by CRLF), `rows` of them. */
  addRecords(bytes: Uint8Array, rows: number): void {
    const csv = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    const read = this.addRange(csv, 0, csv.length)
    if (read !== rows) throw new CsvReadError(this.def.name, this.records, undefined, `${read} records where ${rows} rows were sent`)
  }

  /** The CSV records in `csv[from, end)` (each preceded by CRLF); returns how many. */
  addRange(csv: Buffer, from: number, end: number): number {
    const read = readRecordsInto(this.def, csv, from, end, this.records + 1, this.writer, (pieces) => this.emit(pieces))
    this.records += read
    return read
  }

  /** The rest of the file: the last row group, the footer (with the run's `inputs` in its metadata). */
  finish(inputs: Inputs = NO_INPUTS): Array<Buffer> {
    const pieces = this.writer.rowGroup()
    pieces.push(this.writer.footer(kvOf(this.def, inputs)))
    return this.opening(pieces)
  }
}

/**
 * The Parquet file of `def` from its whole CSV file's bytes (csv.ts: header, records, final CRLF),
 * as pieces to write in order. Throws `CsvReadError` for anything outside the dialect.
 */
export const csvParquet = (def: TableDef<any>, csv: Buffer, inputs: Inputs = NO_INPUTS, compress: Compress = compressor()): Array<Buffer> => {
  const names = columnsOf(def).map(([name]) => name).join(",")
  const header = byteIndex.call(csv, CR)
  if (header < 0 || csv.length < header + 2 || csv[csv.length - 2] !== CR || csv[csv.length - 1] !== LF) throw new CsvReadError(def.name, 0, undefined, "no CRLF line ends")
  if (csv.toString("utf8", 0, header) !== names) throw new CsvReadError(def.name, 0, undefined, `the header is not ${names}`)
  const pieces: Array<Buffer> = []
  const table = new TableParquet(def, (group) => pieces.push(...group), compress)
  table.addRange(csv, header, csv.length - 2)
  pieces.push(...table.finish(inputs))
  return pieces
}

/**
 * The key/value metadata of a table's file (metadata.ts `parquetMetadata`: the table's entries,
 * then the run's), encoded once per table and once per run.
 */
const kvOf = (def: TableDef<any>, inputs: Inputs): ReadonlyArray<KvEntries> => {
  let table = tableKv.get(def)
  if (table === undefined) tableKv.set(def, table = kvEntries(tableMetadata(def)))
  let run = inputsKv.get(inputs)
  if (run === undefined) inputsKv.set(inputs, run = kvEntries(inputsMetadata(inputs)))
  return [table, run]
}
const tableKv = new WeakMap<TableDef<any>, KvEntries>()
const inputsKv = new WeakMap<Inputs, KvEntries>()
const layouts = new WeakMap<TableDef<any>, Layout>()

/** A table's footer parts that depend on its columns alone (parquet-file.ts `layoutOf`), made once per definition. */
const layoutFor = (def: TableDef<any>): Layout => {
  let layout = layouts.get(def)
  if (layout === undefined) layouts.set(def, layout = layoutOf(columnsOf(def)))
  return layout
}

/**
 * A table's own parts, made now: its metadata entries, its footer's layout and its generated row
 * appender, and a two-row file encoded (a row of values, a row of nulls; no compression), so that
 * every function the writer runs on a row is compiled —
 * main.ts calls it while the start-up snapshot is built, which then holds them as bytecode.
 */
export const tableParts = (def: TableDef<any>): void => {
  if (!tableKv.has(def)) tableKv.set(def, kvEntries(tableMetadata(def)))
  layoutFor(def)
  const sample: Record<ColumnType, unknown> = { utf8: "a", int64: 1, double: 1.5, boolean: true, date: "2000-01-01", int64_list: [1], utf8_list: ["a"] }
  const columns = columnsOf(def)
  const full = Object.fromEntries(columns.map(([name, c]) => [name, sample[c.type]]))
  const empty = Object.fromEntries(columns.map(([name, c]) => [name, c.nullable ? null : sample[c.type]]))
  const table = new TableParquet(def, () => undefined, (data) => data)
  table.add([full, empty])
  table.finish()
}

const NO_INPUTS: Inputs = inputsOf([])

/**
 * Encodes `rows` as a Parquet file (through their CSV, as a worker's rows reach the emitter). Every
 * value is checked against its column first; a value that does not fit throws a `CellError` naming
 * table, row and column.
 */
export const encodeParquet = async <Row>(def: TableDef<Row>, rows: ReadonlyArray<Row>): Promise<Buffer> =>
  Buffer.concat(csvParquet(def, Buffer.from(encodeCsv(def, rows), "utf8")))

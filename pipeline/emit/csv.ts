/**
 * CSV encoding of one table (RFC 4180): a header of the column names in definition order, then one
 * record per row; every record, the last one included, ends in CRLF (a file without a final line
 * break makes R's read.csv warn and some tools drop the last record).
 * Fields are quoted only when they must be (comma, quote, CR, LF, a byte-order mark, or a leading
 * or trailing space) and an empty string is written `""` (an empty field is null); a quote inside
 * is doubled. Text is written as is (no formula escaping).
 *
 * Values: null → empty field; booleans `true`/`false`; int64 as plain decimal digits; doubles as
 * JS `String(n)` but never with an exponent and always with a decimal point (`100.0`, see
 * `doubleText`), so a reader that guesses types never takes a percentage column for integers;
 * dates as `YYYY-MM-DD`; lists as JSON arrays, quoted (`"[35,36,50]"`) — the Table Schema
 * `array` type — which no reader mistakes for a number. out/datapackage.json declares all of this.
 *
 * Written here rather than through papaparse's `unparse`, which took 10–17 s for the 867k rows of
 * a 1,000-article corpus (its per-field regex and array building); this writer produces the same
 * bytes as papaparse but for empty strings, which papaparse left unquoted (test/csv.test.ts), in a
 * fraction of the time. papaparse still reads CSV (tests). The Parquet writer reads a worker's
 * records in this dialect (parquet.ts), which is one reason null and "" must differ.
 *
 * Two writers give these bytes: `csvParts` as strings (tests, and any caller that wants text) and
 * `csvBytes`, which the emitter uses, straight into a byte buffer (no string per field or record,
 * no UTF-8 copy of a joined batch); test/csv.test.ts checks that they agree byte for byte. In a
 * short run without V8's optimising compiler `csvBytes` encodes the string writer's batch instead
 * (`encodeForInterpreter`): fewer instructions interpreted, the same bytes.
 */
import type { ColumnType, TableDef } from "../normalise/columns.ts"
import { type CellValue, cellOf, columnsOf, doubleText, epochDays, isWellFormedText } from "./values.ts"

const NEWLINE = "\r\n"
/** The end of the file: a line break after the last record too (POSIX text files; R's read.csv warns without it). */
export const CSV_END = NEWLINE

/** A field that must be quoted: holding a delimiter, quote, CR, LF or BOM (papaparse's rule). */
const SPECIAL = /[",\r\n\ufeff]/
/**
 * A non-empty text `textField` quotes: SPECIAL, or a space at either end — one match instead of
 * SPECIAL's and two `charCodeAt` calls, for the text writer's common case (issue 8, eleventh pass).
 */
const QUOTED = /^ |[",\r\n\ufeff]| $/

/**
 * A text field: quoted when it holds a special character or starts or ends with a space (as
 * papaparse did), and when it is empty — `""` is the empty string, an empty field is null, so a
 * reader (DuckDB, pandas with `keep_default_na`, R) can tell them apart.
 */
const textField = (s: string): string => {
  if (s.length === 0) return "\"\""
  if (SPECIAL.test(s)) return `"${s.includes("\"") ? s.replaceAll("\"", "\"\"") : s}"`
  return s.charCodeAt(0) === 32 || s.charCodeAt(s.length - 1) === 32 ? `"${s}"` : s
}

/** A list as a JSON array (`[35,36,50]`, `["Results","Alsace"]`), quoted: no reader takes it for a number. */
const listField = (list: ReadonlyArray<string | number>): string => textField(JSON.stringify(list))

const fieldOf = (type: ColumnType, value: CellValue): string =>
  value === null
    ? ""
    : typeof value === "number"
    ? (type === "double" ? doubleText(value) : String(value))
    : typeof value === "boolean"
    ? String(value)
    : typeof value === "string"
    ? textField(value)
    : listField(value)

/** Encodes `rows` as CSV text. Throws a `CellError` for a value that does not fit its column. */
export const encodeCsv = <Row>(def: TableDef<Row>, rows: ReadonlyArray<Row>): string => csvHeader(def) + csvRecords(def, rows, 0) + CSV_END

/** Formats a batch of rows as records (each preceded by CRLF), or throws the `CellError` of the first bad value. */
type RecordWriter = (rows: ReadonlyArray<unknown>, offset: number) => string

/**
 * The field expression of one column in a table's record writer: the value read by a constant
 * property name (so V8 caches the load for the table's few row shapes, where a loop over
 * `record[names[c]]` made every read a megamorphic keyed lookup), checked and formatted inline for
 * the common case, else `slow(c, …)`, which is `fieldOf(cellOf(…))`: the same text, or the
 * `CellError`. A value that fits is never sent to `slow`.
 */
const fieldExpression = (c: number, name: string, type: ColumnType, nullable: boolean): string => {
  const v = `v${c}`
  const read = `const ${v} = r[${JSON.stringify(name)}];`
  const slow = `slow(${c}, r, offset + i)`
  const ifNull = nullable ? `${v} === null ? "" : ` : ""
  switch (type) {
    case "utf8":
      // Text needing no quotes is added as it is, without a call (the common case); its
      // well-formedness is checked once for the whole batch (in `recordWriter`), not per field.
      return `${read} line += ${ifNull}typeof ${v} === "string" ? (${v}.length !== 0 && !QUOTED.test(${v}) ? ${v} : textField(${v})) : ${slow};`
    case "date":
      return `${read} line += ${ifNull}typeof ${v} === "string" && epochDays(${v}) !== undefined ? textField(${v}) : ${slow};`
    case "int64":
      return `${read} line += ${ifNull}Number.isSafeInteger(${v}) ? "" + ${v} : ${slow};`
    case "double":
      return `${read} line += ${ifNull}Number.isFinite(${v}) ? doubleText(${v}) : ${slow};`
    case "boolean":
      return `${read} line += ${ifNull}${v} === true ? "true" : ${v} === false ? "false" : ${slow};`
    case "int64_list":
    case "utf8_list":
      return `line += ${slow};`
  }
}

const writers = new WeakMap<TableDef<any>, RecordWriter>()

/**
 * A table's record writer, generated once per definition from its columns (names are embedded as
 * JSON string literals, so no name can break out of the code). Gives exactly the text of
 * `fieldOf(cellOf(…))` for every field (test/csv.test.ts compares it with papaparse on random rows).
 */
const recordWriter = (def: TableDef<any>): RecordWriter => {
  const known = writers.get(def)
  if (known !== undefined) return known
  const columns = columnsOf(def)
  const slow = (c: number, row: unknown, index: number): string => {
    const [name, column] = columns[c]!
    return fieldOf(column.type, cellOf(def, index, row, name, column))
  }
  const body = columns.map(([name, column], c) => (c > 0 ? `line += ",";` : "") + fieldExpression(c, name, column.type, column.nullable)).join("\n")
  const make = new Function(
    "textField",
    "doubleText",
    "epochDays",
    "QUOTED",
    "slow",
    "NEWLINE",
    `return function records(rows, offset) {
      // One short string per record, joined once: a single += over a whole batch makes a deep rope
      // that costs more to flatten (when encoded to UTF-8) than it saved.
      const lines = new Array(rows.length + 1)
      lines[0] = ""
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i]
        const r = typeof row === "object" && row !== null ? row : {}
        let line = ""
        ${columns.length === 0 ? "" : `if (r !== row) { slow(0, row, offset + i) }`}
        ${body}
        lines[i + 1] = line
      }
      return rows.length === 0 ? "" : lines.join(NEWLINE)
    }`
  ) as (...args: ReadonlyArray<unknown>) => RecordWriter
  const unchecked = make(textField, doubleText, epochDays, QUOTED, slow, NEWLINE)
  // A lone surrogate in any text field leaves one in the batch's text (fields are separated by
  // ASCII, so no two halves can meet): then the byte writer, which checks field by field, throws
  // that field's `CellError` (the first bad value's, as everywhere).
  const writer: RecordWriter = (rows, offset) => {
    const text = unchecked(rows, offset)
    if (!isWellFormedText(text)) byteWriter(def)(rows, offset, byteSink(0))
    return text
  }
  writers.set(def, writer)
  return writer
}

const csvRecords = <Row>(def: TableDef<Row>, rows: ReadonlyArray<Row>, offset: number): string => recordWriter(def)(rows, offset)

/**
 * A growable byte buffer the byte writer fills: `buf[0, pos)` holds the bytes not yet taken by
 * the caller (the emitter writes, hashes and empties it between batches).
 */
export interface ByteSink {
  buf: Buffer
  pos: number
}

/** An empty sink of `size` bytes to start with (it grows as a batch needs). */
export const byteSink = (size = 1 << 16): ByteSink => ({ buf: Buffer.allocUnsafe(size), pos: 0 })

/** Makes room for `need` more bytes after `sink.pos` (keeping `buf[0, pos)`); returns the buffer to use. */
const grow = (sink: ByteSink, need: number): Buffer => {
  const old = sink.buf
  if (sink.pos + need <= old.length) return old
  const buf = Buffer.allocUnsafe(Math.max(old.length * 2, sink.pos + need))
  old.copy(buf, 0, 0, sink.pos)
  sink.buf = buf
  return buf
}

/** Appends `bytes` (bytes already encoded, a worker's) after `sink.pos`. */
export const appendBytes = (sink: ByteSink, bytes: Uint8Array): void => {
  grow(sink, bytes.length).set(bytes, sink.pos)
  sink.pos += bytes.length
}

/** Bytes a text of `n` UTF-16 code units can take as a field: 3 per unit (UTF-8; a doubled quote is 2) and its quotes. */
const textRoom = (n: number): number => 3 * n + 2

/** `buf.utf8Write(s, pos)`: Buffer's own UTF-8 writer, without `buf.write`'s argument juggling (which it calls). */
export const utf8Write: (buf: Buffer, s: string, pos: number) => number =
  typeof (Buffer.prototype as unknown as { utf8Write?: unknown }).utf8Write === "function"
    ? (buf, s, pos) => (buf as unknown as { utf8Write(s: string, pos: number): number }).utf8Write(s, pos)
    : (buf, s, pos) => buf.write(s, pos, "utf8")

/**
 * Writes `s` as a field whose text is already final (a quoted list, a header name): UTF-8 at `pos`
 * (room ensured by the caller). Returns the position after it.
 */
const putRaw = (buf: Buffer, pos: number, s: string): number => pos + utf8Write(buf, s, pos)

/**
 * A text field's bytes at `pos` (room for `textRoom(s.length)` ensured by the caller): exactly
 * `textField(s)` in UTF-8, written by Buffer's native UTF-8 writer (a JavaScript loop over the
 * characters was several times slower). Only text that is not all ASCII — the writer gives more
 * bytes than characters — is checked for lone surrogates. Returns -1 when `s` is not well-formed
 * (what it wrote does not count): the caller then raises the column's `CellError`.
 */
const putText = (buf: Buffer, pos: number, s: string): number => {
  const n = s.length
  if (n === 0) {
    buf[pos] = 34
    buf[pos + 1] = 34
    return pos + 2
  }
  if (SPECIAL.test(s) || s.charCodeAt(0) === 32 || s.charCodeAt(n - 1) === 32) {
    if (!isWellFormedText(s)) return -1
    buf[pos] = 34
    const p = pos + 1 + utf8Write(buf, s.includes("\"") ? s.replaceAll("\"", "\"\"") : s, pos + 1)
    buf[p] = 34
    return p + 1
  }
  const written = utf8Write(buf, s, pos)
  return written === n || isWellFormedText(s) ? pos + written : -1
}

/** Writes the decimal digits of a safe integer at `pos` (room for 17 bytes ensured): `String(v)`'s bytes. */
const putInt = (buf: Buffer, pos: number, v: number): number => {
  if (v < 0) {
    buf[pos++] = 45
    v = -v
  }
  if (v < 10) {
    buf[pos] = 48 + v
    return pos + 1
  }
  if (v >= 1e9) return putRaw(buf, pos, String(v))
  let digits = 1
  for (let t = v; t >= 10; t = (t / 10) | 0) digits++
  let p = pos + digits
  while (v >= 10) {
    const q = (v / 10) | 0
    buf[--p] = 48 + v - q * 10
    v = q
  }
  buf[--p] = 48 + v
  return pos + digits
}

/** A double's bytes (`doubleText`): whole numbers below 1e9 written as digits and `.0`, others through `doubleText`. */
const putDouble = (buf: Buffer, pos: number, v: number): number => {
  if (Number.isInteger(v) && v > -1e9 && v < 1e9) {
    const p = putInt(buf, pos, v)
    buf[p] = 46
    buf[p + 1] = 48
    return p + 2
  }
  return putRaw(buf, pos, doubleText(v))
}

/** Room for the fixed-size parts of a record: CRLF, the commas, and each integer (≤ 17 bytes) or boolean. */
const FIXED_ROOM = 32
/** Room for a double written out without an exponent (5e-324 is `0.` and 324 digits). */
const DOUBLE_ROOM = 340

/**
 * The field statement of one column in a table's byte writer: `fieldExpression`'s checks, the
 * bytes written into `buf` at `pos`; a value that does not fit goes to `slow` (which throws its
 * `CellError`), a list is formatted by `slowText` (`fieldOf`) and its text written.
 */
const fieldStatement = (c: number, name: string, type: ColumnType, nullable: boolean): string => {
  const v = `v${c}`
  const read = `const ${v} = r[${JSON.stringify(name)}];`
  const slow = `slow(${c}, r, offset + i)`
  const ifNull = (then: string) => nullable ? `if (${v} !== null) { ${then} }` : then
  const room = (n: string) => `if (pos + ${n} > buf.length) { sink.pos = pos; buf = grow(sink, ${n}) }`
  switch (type) {
    case "utf8":
    case "date": {
      const ok = type === "utf8" ? `typeof ${v} === "string"` : `typeof ${v} === "string" && epochDays(${v}) !== undefined`
      return `${read} ${ifNull(`if (!(${ok})) ${slow}; ${room(`textRoom(${v}.length)`)} const q${c} = putText(buf, pos, ${v}); if (q${c} < 0) ${slow}; pos = q${c};`)}`
    }
    case "int64":
      return `${read} ${ifNull(`if (!Number.isSafeInteger(${v})) ${slow}; pos = putInt(buf, pos, ${v});`)}`
    case "double":
      return `${read} ${ifNull(`if (!Number.isFinite(${v})) ${slow}; ${room(String(DOUBLE_ROOM))} pos = putDouble(buf, pos, ${v});`)}`
    case "boolean":
      return `${read} ${ifNull(`if (${v} === true) { buf[pos] = 116; buf[pos + 1] = 114; buf[pos + 2] = 117; buf[pos + 3] = 101; pos += 4 } else if (${v} === false) { buf[pos] = 102; buf[pos + 1] = 97; buf[pos + 2] = 108; buf[pos + 3] = 115; buf[pos + 4] = 101; pos += 5 } else ${slow};`)}`
    case "int64_list":
    case "utf8_list":
      return `const t${c} = ${slow}; ${room(`textRoom(t${c}.length)`)} pos = putRaw(buf, pos, t${c});`
  }
}

/** Appends a batch of records (each preceded by CRLF) to `sink`, or throws the first bad value's `CellError` with `sink` as it was. */
type ByteWriter = (rows: ReadonlyArray<unknown>, offset: number, sink: ByteSink) => void

const byteWriters = new WeakMap<TableDef<any>, ByteWriter>()

/**
 * A table's byte writer, generated once per definition like `recordWriter`: the same bytes as the
 * UTF-8 of `recordWriter`'s text (test/csv.test.ts), written straight into a buffer — no
 * string per field or record, no joined batch, no UTF-8 copy of it. A batch that fails leaves the
 * sink as it was.
 */
const byteWriter = (def: TableDef<any>): ByteWriter => {
  const known = byteWriters.get(def)
  if (known !== undefined) return known
  const columns = columnsOf(def)
  const slow = (c: number, row: unknown, index: number): string => {
    const [name, column] = columns[c]!
    return fieldOf(column.type, cellOf(def, index, row, name, column))
  }
  const body = columns.map(([name, column], c) => (c > 0 ? `buf[pos++] = 44;\n` : "") + fieldStatement(c, name, column.type, column.nullable)).join("\n")
  const fixed = FIXED_ROOM * (columns.length + 1)
  const make = new Function(
    "putText",
    "putInt",
    "putDouble",
    "putRaw",
    "textRoom",
    "grow",
    "epochDays",
    "slow",
    `return function recordBytes(rows, offset, sink) {
      const start = sink.pos
      let buf = sink.buf
      let pos = start
      try {
        for (let i = 0; i < rows.length; i++) {
          const row = rows[i]
          const r = typeof row === "object" && row !== null ? row : {}
          ${columns.length === 0 ? "" : `if (r !== row) { slow(0, row, offset + i) }`}
          if (pos + ${fixed} > buf.length) { sink.pos = pos; buf = grow(sink, ${fixed}) }
          buf[pos++] = 13
          buf[pos++] = 10
          ${body}
        }
      } catch (error) {
        sink.pos = start
        throw error
      }
      sink.pos = pos
    }`
  ) as (...args: ReadonlyArray<unknown>) => ByteWriter
  const writer = make(putText, putInt, putDouble, putRaw, textRoom, grow, epochDays, slow)
  byteWriters.set(def, writer)
  return writer
}

/** Appends `text` (a header, the end) to `sink` as UTF-8. */
const textBytes = (text: string, sink: ByteSink): void => {
  const buf = grow(sink, textRoom(text.length))
  sink.pos = putRaw(buf, sink.pos, text)
}

/** The CSV header line of a table (no line break): the long path, `csvHeader` is it remembered per table. */
export const csvHeaderOf = (def: TableDef<any>): string => columnsOf(def).map(([name]) => textField(name)).join(",")

const headers = new WeakMap<TableDef<any>, string>()

/**
 * The CSV header line of a table (no line break), made once per table definition (a definition
 * is immutable): main.ts makes the tables' headers while the start-up snapshot is built, so a run
 * from it does not build them again (issue 8, tenth pass).
 */
export const csvHeader = (def: TableDef<any>): string => {
  let header = headers.get(def)
  if (header === undefined) headers.set(def, header = csvHeaderOf(def))
  return header
}

/**
 * CSV text in parts, for a table written as its rows arrive: `header` first, then `records` per
 * batch of rows (each record preceded by CRLF), then `end`, giving exactly `encodeCsv`'s bytes in total.
 */
export const csvParts = { header: csvHeader, records: csvRecords, end: CSV_END }

let interpreted = false

/**
 * Which writer `csvBytes.recordBytes` uses: the byte writer (the default), or, when `on`, the text
 * writer's batch encoded with one UTF-8 write. Same bytes, same errors (test/csv.test.ts). The
 * byte writer is the faster once V8's optimising compiler has compiled it (a corpus, a worker); in
 * a short run without it (short-run.ts: main.ts switches this on with it) the interpreter and
 * Sparkplug run the text writer's per-field work (the field added to a string, no call when it
 * needs no quotes) with fewer instructions than the byte writer's calls and native UTF-8 write
 * per field: the seeds' encode stage −20 % of its instructions (docs/decisions.md, issue 8,
 * eleventh pass).
 */
export const encodeForInterpreter = (on: boolean): void => {
  interpreted = on
}

/** A batch of records written by the text writer, then encoded at once (`csvBytes.recordBytes` in interpreted mode). */
const textRecordBytes = (def: TableDef<any>, rows: ReadonlyArray<unknown>, offset: number, sink: ByteSink): void => {
  const text = recordWriter(def)(rows, offset)
  if (text.length === 0) return
  sink.pos += utf8Write(grow(sink, 3 * text.length), text, sink.pos)
}

/**
 * The same parts as bytes appended to a `ByteSink` (what the emitter writes): `recordBytes` gives
 * the UTF-8 of `csvParts.records` for the same rows, `textBytes` a header or the end.
 */
export const csvBytes = {
  recordBytes: <Row>(def: TableDef<Row>, rows: ReadonlyArray<Row>, offset: number, sink: ByteSink): void =>
    interpreted ? textRecordBytes(def, rows, offset, sink) : byteWriter(def)(rows, offset, sink),
  textBytes
}

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
 * fraction of the time. papaparse still reads CSV (tests). DuckDB reads these files to write the
 * Parquet (parquet.ts), which is why null and "" must differ.
 */
import type { ColumnType, TableDef } from "../normalise/columns.ts"
import { type CellValue, cellOf, columnsOf, doubleText, epochDays, isWellFormedText } from "./values.ts"

const NEWLINE = "\r\n"
/** The end of the file: a line break after the last record too (POSIX text files; R's read.csv warns without it). */
export const CSV_END = NEWLINE

/** A field that must be quoted: holding a delimiter, quote, CR, LF or BOM (papaparse's rule). */
const SPECIAL = /[",\r\n\ufeff]/

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
    case "date":
      return `${read} line += ${ifNull}typeof ${v} === "string" && ${type === "utf8" ? `wellFormed(${v})` : `epochDays(${v}) !== undefined`} ? textField(${v}) : ${slow};`
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
    "wellFormed",
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
  const writer = make(textField, doubleText, epochDays, isWellFormedText, slow, NEWLINE)
  writers.set(def, writer)
  return writer
}

const csvRecords = <Row>(def: TableDef<Row>, rows: ReadonlyArray<Row>, offset: number): string => recordWriter(def)(rows, offset)

/** The CSV header line of a table (no line break). */
export const csvHeader = (def: TableDef<any>): string => columnsOf(def).map(([name]) => textField(name)).join(",")

/**
 * CSV text in parts, for a table written as its rows arrive: `header` first, then `records` per
 * batch of rows (each record preceded by CRLF), then `end`, giving exactly `encodeCsv`'s bytes in total.
 */
export const csvParts = { header: csvHeader, records: csvRecords, end: CSV_END }

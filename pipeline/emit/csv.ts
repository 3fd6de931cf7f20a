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

/** The CSV text of `rows` as records, each preceded by a line break (they follow the header). */
/**
 * One field, checked and formatted at once (the common case), or undefined when the value does not
 * fit its column — then `cellOf` is asked, and throws the `CellError` naming table, row and column.
 * Gives exactly `fieldOf(cellOf(…))` for every value that fits.
 */
const fastField = (type: ColumnType, nullable: boolean, value: unknown): string | undefined => {
  if (value === null) return nullable ? "" : undefined
  switch (type) {
    case "utf8":
      return typeof value === "string" && isWellFormedText(value) ? textField(value) : undefined
    case "int64":
      return Number.isSafeInteger(value) ? String(value) : undefined // a safe integer never has an exponent
    case "double":
      return Number.isFinite(value) ? doubleText(value as number) : undefined
    case "boolean":
      return value === true ? "true" : value === false ? "false" : undefined
    case "date":
      return typeof value === "string" && epochDays(value) !== undefined ? textField(value) : undefined
    case "int64_list":
    case "utf8_list":
      return undefined // cellOf checks every item
  }
}

const csvRecords = <Row>(def: TableDef<Row>, rows: ReadonlyArray<Row>, offset: number): string => {
  const columns = columnsOf(def)
  const names = columns.map(([name]) => name)
  const types = columns.map(([, column]) => column.type)
  const nullables = columns.map(([, column]) => column.nullable)
  // One short string per record, joined once: a single `+=` over a whole batch makes a deep rope
  // that costs more to flatten (when encoded to UTF-8) than it saved.
  const lines = new Array<string>(rows.length + 1)
  lines[0] = ""
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index] as unknown
    const record = typeof row === "object" && row !== null ? (row as Record<string, unknown>) : null
    let line = ""
    for (let c = 0; c < columns.length; c++) {
      if (c > 0) line += ","
      const field = record === null ? undefined : fastField(types[c]!, nullables[c]!, record[names[c]!])
      line += field ?? fieldOf(types[c]!, cellOf(def, offset + index, row, names[c]!, columns[c]![1]))
    }
    lines[index + 1] = line
  }
  return rows.length === 0 ? "" : lines.join(NEWLINE)
}

/** The CSV header line of a table (no line break). */
export const csvHeader = (def: TableDef<any>): string => columnsOf(def).map(([name]) => textField(name)).join(",")

/**
 * CSV text in parts, for a table written as its rows arrive: `header` first, then `records` per
 * batch of rows (each record preceded by CRLF), then `end`, giving exactly `encodeCsv`'s bytes in total.
 */
export const csvParts = { header: csvHeader, records: csvRecords, end: CSV_END }

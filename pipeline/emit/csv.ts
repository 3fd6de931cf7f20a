/**
 * CSV encoding of one table (RFC 4180): a header of the column names in definition order, then one
 * record per row; records end in CRLF, with no line break after the last one (papaparse's
 * convention, which it reads back exactly — even a one-column table whose last value is null).
 * Fields are quoted only when they must be (comma, quote, CR, LF, a byte-order mark, or a leading
 * or trailing space) and an empty string is written `""` (an empty field is null); a quote inside
 * is doubled. Text is written as is (no formula escaping).
 *
 * Values: null → empty field; booleans `true`/`false`; int64 as plain decimal digits; doubles as
 * JS `String(n)` but never with an exponent (see `plainDecimal`); dates as `YYYY-MM-DD`.
 *
 * Written here rather than through papaparse's `unparse`, which took 10–17 s for the 867k rows of
 * a 1,000-article corpus (its per-field regex and array building); this writer produces the same
 * bytes as papaparse but for empty strings, which papaparse left unquoted (test/csv.test.ts), in a
 * fraction of the time. papaparse still reads CSV (tests). DuckDB reads these files to write the
 * Parquet (parquet.ts), which is why null and "" must differ.
 */
import type { TableDef } from "../normalise/columns.ts"
import { type CellValue, cellOf, columnsOf, plainDecimal } from "./values.ts"

const NEWLINE = "\r\n"

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

const fieldOf = (value: CellValue): string =>
  value === null ? "" : typeof value === "number" ? plainDecimal(value) : typeof value === "boolean" ? String(value) : textField(value)

/** Encodes `rows` as CSV text. Throws a `CellError` for a value that does not fit its column. */
export const encodeCsv = <Row>(def: TableDef<Row>, rows: ReadonlyArray<Row>): string => {
  const columns = columnsOf(def)
  const parts: Array<string> = [columns.map(([name]) => textField(name)).join(",")]
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index]
    let line = ""
    for (let c = 0; c < columns.length; c++) {
      const [name, column] = columns[c]!
      if (c > 0) line += ","
      line += fieldOf(cellOf(def, index, row, name, column))
    }
    parts.push(line)
  }
  return parts.join(NEWLINE)
}

/** The CSV text of `rows` as records, each preceded by a line break (they follow the header). */
const csvRecords = <Row>(def: TableDef<Row>, rows: ReadonlyArray<Row>, offset: number): string => {
  const columns = columnsOf(def)
  let text = ""
  for (let index = 0; index < rows.length; index++) {
    const row = rows[index]
    text += NEWLINE
    for (let c = 0; c < columns.length; c++) {
      const [name, column] = columns[c]!
      if (c > 0) text += ","
      text += fieldOf(cellOf(def, offset + index, row, name, column))
    }
  }
  return text
}

/** The CSV header line of a table (no line break). */
export const csvHeader = (def: TableDef<any>): string => columnsOf(def).map(([name]) => textField(name)).join(",")

/**
 * CSV text in parts, for a table written as its rows arrive: `header` first, then `records` per
 * batch of rows (each record preceded by CRLF), giving exactly `encodeCsv`'s bytes in total.
 */
export const csvParts = { header: csvHeader, records: csvRecords }

/**
 * CSV encoding of one table (RFC 4180 through papaparse): a header of the column names in
 * definition order, then one record per row; records end in CRLF, with no line break after the
 * last one (papaparse's convention, which it reads back exactly — even a one-column table whose
 * last value is null). Fields are quoted only when they must be (comma, quote, CR, LF, or
 * leading/trailing space); a quote inside is doubled. Text is written as is (no formula escaping).
 *
 * Values: null → empty field; booleans `true`/`false`; int64 as plain decimal digits; doubles as
 * JS `String(n)` but never with an exponent (see `plainDecimal`); dates as `YYYY-MM-DD`.
 */
import Papa from "papaparse"
import type { TableDef } from "../normalise/columns.ts"
import { type CellValue, cellOf, columnsOf, plainDecimal } from "./values.ts"

const NEWLINE = "\r\n"

const fieldOf = (value: CellValue): string =>
  value === null ? "" : typeof value === "number" ? plainDecimal(value) : typeof value === "boolean" ? String(value) : value

/** Encodes `rows` as CSV text. Throws a `CellError` for a value that does not fit its column. */
export const encodeCsv = <Row>(def: TableDef<Row>, rows: ReadonlyArray<Row>): string => {
  const columns = columnsOf(def)
  const fields = columns.map(([name]) => name)
  const data = rows.map((row, index) => columns.map(([name, column]) => fieldOf(cellOf(def, index, row, name, column))))
  const csv = Papa.unparse({ fields, data }, {
    delimiter: ",",
    newline: NEWLINE,
    quoteChar: "\"",
    escapeChar: "\"",
    quotes: false,
    header: true,
    skipEmptyLines: false,
    escapeFormulae: false
  })
  // papaparse ends a header-only file with a line break, but no other file: make them alike.
  // (Only when there are no rows: a one-column table whose last value is null ends in CRLF + "".)
  return rows.length === 0 && csv.endsWith(NEWLINE) ? csv.slice(0, -NEWLINE.length) : csv
}

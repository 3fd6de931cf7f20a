/**
 * docs/data-dictionary.md, generated from the table definitions so that it cannot drift from
 * them (test/data-dictionary.test.ts compares the committed file with `renderDataDictionary`).
 * Regenerate with: npx tsx scripts/data-dictionary.ts > docs/data-dictionary.md
 */
import { Anomalies } from "../audit/anomaly.ts"
import { Faults } from "../diagnose/fault.ts"
import { type ColumnType, CONSUMER_TYPES, type TableDef } from "../normalise/columns.ts"
import {
  Areas,
  Contests,
  Elections,
  Findings,
  Infoboxes,
  Parties,
  ResultParties,
  Results,
  Seats,
  SeatTotals,
  Tables,
  Texts,
  Turnouts
} from "../normalise/records.ts"

/**
 * Every table the data dictionary describes, in the order it describes them. A table defined
 * elsewhere (e.g. by the audit stage) is added here; test/data-dictionary.test.ts checks that
 * every table exported by records.ts is listed.
 */
export const dictionaryTables: ReadonlyArray<TableDef<any>> = [
  Elections,
  Contests,
  Turnouts,
  Results,
  ResultParties,
  Seats,
  SeatTotals,
  Tables,
  Parties,
  Areas,
  Infoboxes,
  Texts,
  Findings,
  Anomalies,
  Faults
]

/** A column's type as DuckDB reports it for the emitted Parquet file. */
export const duckdbType: Record<ColumnType, string> = Object.fromEntries(
  Object.entries(CONSUMER_TYPES).map(([type, consumer]) => [type, consumer.duckdb])
) as Record<ColumnType, string>

/** Text fit for one markdown table cell: pipes escaped (also inside code spans), lines joined. */
const cell = (text: string): string => text.replace(/\r\n|\r|\n/g, " ").replace(/\|/g, "\\|").trim()

/** The data dictionary (markdown) of `defs`, in the order given. */
export const renderDataDictionary = (defs: ReadonlyArray<TableDef<any>>): string => {
  const lines: Array<string> = [
    "# Data dictionary",
    "",
    "<!-- Generated from the table definitions (pipeline/normalise/records.ts) by scripts/data-dictionary.ts;",
    "     do not edit by hand: npx tsx scripts/data-dictionary.ts > docs/data-dictionary.md -->",
    "",
    "Every table is emitted as `<table>.parquet` and `<table>.csv`. Types are as DuckDB reads the",
    "Parquet files. In the CSV files a null is an empty field, booleans are `true`/`false`, dates",
    "`YYYY-MM-DD`, and numbers plain decimals. A nullable column holds null where a value is absent",
    "(never 0 or an empty string).",
    "",
    "| table | contents |",
    "|---|---|",
    ...defs.map((def) => `| [${def.name}](#${def.name}) | ${cell(def.doc)} |`)
  ]
  for (const def of defs) {
    lines.push(
      "",
      `## ${def.name}`,
      "",
      def.doc,
      "",
      "| column | type | nullable | unit | meaning |",
      "|---|---|---|---|---|"
    )
    for (const [name, column] of Object.entries(def.columns)) {
      lines.push(
        `| ${name} | ${duckdbType[column.type]} | ${column.nullable ? "yes" : "no"} | ${
          column.unit === null ? "" : cell(column.unit)
        } | ${cell(column.doc)} |`
      )
    }
  }
  return `${lines.join("\n")}\n`
}

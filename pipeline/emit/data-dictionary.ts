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
    "Every table is emitted as `<table>.parquet` and `<table>.csv`, described for machines by",
    "`out/datapackage.json` (Frictionless Data Package: Table Schema types, missing values, keys) and",
    "`out/manifest.json` (files, sha256, the input articles' sha256). Types are as DuckDB reads the",
    "Parquet files. A nullable column holds null where a value is absent (never 0 or an empty string).",
    "",
    "Reading the files:",
    "",
    "- **Parquet** (Snappy): every file carries pandas' own metadata, so `pandas.read_parquet(path)` gives",
    "  `Int64` for every BIGINT (nullable integers, never float64), `float64` for DOUBLE, `boolean` for",
    "  BOOLEAN, `str` for VARCHAR, `date32[day][pyarrow]` for DATE and lists for `[]` columns; pyarrow,",
    "  Polars and DuckDB read the Parquet types as listed. Key/value metadata: `recount.version`,",
    "  `recount.table`, `recount.description`, `recount.columns` (each column's description, type and",
    "  unit, as JSON), `recount.inputs` (each article's sha256) and `recount.inputs.sha256` (their digest).",
    "- **CSV** (UTF-8, RFC 4180, CRLF, a line break after the last record): a null is an empty field, an",
    "  empty string `\"\"`; booleans `true`/`false`; dates `YYYY-MM-DD`; integers plain digits; DOUBLE",
    "  values always with a decimal point (`100.0`), so no reader guesses an integer column; `[]` columns",
    "  as a JSON array, quoted (`\"[35,36,50]\"`, `\"[\"\"Results\"\",\"\"Alsace\"\"]\"`) — split them with a",
    "  JSON parser (`json.loads`, `jsonlite::fromJSON`, DuckDB `CAST(lines AS BIGINT[])` or",
    "  `from_json(shape, '[\"VARCHAR\"]')`, Polars `str.json_decode`), never on commas.",
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

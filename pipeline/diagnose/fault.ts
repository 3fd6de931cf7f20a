/**
 * The fault model: what the diagnosis stage says is wrong, cell by cell. One Schema is the source
 * of the types; the flat table of fault cells (out/faults.parquet, out/faults.csv) is defined
 * beside it with the same column helpers as every other output table.
 *
 * A fault is one slip in the article: one or more cells that changed together (a row's votes and
 * the percentage computed from them, a row and the total it was summed into). Its suggestion is the
 * value the article's own other figures imply — not a claim about the official result, which a
 * second, invisible error could change.
 */
import { Schema } from "effect"
import { defineTable, double, int64, nullable, references, text, textList } from "../normalise/columns.ts"

export const Range = Schema.Struct({ low: Schema.Finite, high: Schema.Finite })
export type Range = typeof Range.Type

export const FaultCell = Schema.Struct({
  file: Schema.String,
  line: Schema.Int,
  /** The table in out/ whose row holds the cell's figure (results, contests, seats, seat_totals, infobox). */
  table_id: Schema.String,
  /** The out/ table whose row holds the figure: results, contests, turnout, seats, seat_totals or infobox. */
  row_table: Schema.Literals(["results", "contests", "turnout", "seats", "seat_totals", "infobox"]),
  /** The contest (out/contests) of a results, contests or turnout cell; null for seat and infobox cells. */
  contest_id: Schema.NullOr(Schema.String),
  /** The id of that row in out/: result_id, contest_id, seat_id, a seat table's table_id (its Total row), or election_id/key (infobox). */
  row_id: Schema.String,
  /** The column name in out/. */
  field: Schema.String,
  round: Schema.NullOr(Schema.Int),
  /** What the row is, in words: a contestant, a party, "Total", a turnout label. */
  label: Schema.String,
  stated: Schema.Finite,
  /** Decimals the figure is written with (2 for 33.10 %; 0 for counts). */
  decimals: Schema.Int,
  /** The one value the article's redundancy settles, or null. */
  suggestion: Schema.NullOr(Schema.Finite),
  /** When no single value is settled: the interval every check allows. */
  range: Schema.NullOr(Range)
})
export type FaultCell = typeof FaultCell.Type

export const Fault = Schema.Struct({
  /** Stable across runs and edits elsewhere: article, section and the first cell's row/column keys, never a line. */
  id: Schema.String,
  severity: Schema.Literals(["error", "warning", "info"]),
  file: Schema.String,
  line: Schema.Int,
  section: Schema.String,
  area: Schema.NullOr(Schema.String),
  cells: Schema.Array(FaultCell),
  /** Other equally minimal explanations, each a list of cells in the same shape. */
  alternatives: Schema.Array(Schema.Array(FaultCell)),
  /** The typo-model pattern the change matches (e.g. "transposed digits"), or null. */
  pattern: Schema.NullOr(Schema.String),
  /** One sentence: which checks the change restores. */
  explanation: Schema.String,
  /** Ids of the rule findings (anomalies) this fault explains. */
  anomalies: Schema.Array(Schema.String)
})
export type Fault = typeof Fault.Type

/** A rule finding no fault explains, and why. */
export const Unexplained = Schema.Struct({ anomaly: Schema.String, reason: Schema.String })
export type Unexplained = typeof Unexplained.Type

export const Diagnosis = Schema.Struct({
  faults: Schema.Array(Fault),
  unexplained: Schema.Array(Unexplained)
})
export type Diagnosis = typeof Diagnosis.Type

/** Output table of faults: one row per fault cell (alternative 0 = the fault's cells, k = its k-th alternative). */
export interface FaultRow {
  readonly fault_id: string
  readonly severity: string
  readonly alternative: number
  readonly file: string
  readonly line: number
  readonly area: string | null
  readonly table_id: string
  readonly row_table: string
  readonly row_id: string
  readonly contest_id: string | null
  readonly result_id: string | null
  readonly seat_id: string | null
  readonly field: string
  readonly round: number | null
  readonly label: string
  readonly stated: number
  readonly suggestion: number | null
  readonly range_low: number | null
  readonly range_high: number | null
  readonly pattern: string | null
  readonly explanation: string
  readonly anomalies: ReadonlyArray<string>
}
export const Faults = defineTable<FaultRow>("faults", "Every fault the diagnosis located, one row per cell (reports/anomalies.json `faults`, flattened).", {
  fault_id: text("Stable fault id (article, section, row/column keys; never a line number)."),
  severity: text("error or warning: the most severe finding the fault explains."),
  alternative: int64("0 for the fault's own cells; k ≥ 1 for the k-th equally minimal alternative explanation.", "rank"),
  file: text("Seed file name."),
  line: int64("1-based line of the cell.", "line"),
  area: nullable(text("The fault's area (region) or `national` (see `areas`).")),
  table_id: text("The table (see `tables`) the cell belongs to; `infobox` for an infobox field."),
  row_table: text("The out/ table holding the cell's row: `results`, `contests`, `turnout`, `seats`, `seat_totals` or `infobox`."),
  row_id: text("The row in out/: result_id (results), contest_id (contests), contest_id/measure (turnout), seat_id (seats), table_id (seat_totals), election_id/key (infobox)."),
  contest_id: nullable(text("The contest of a results, contests or turnout cell (see `contests`).")),
  result_id: nullable(text("The result row of a results cell (see `results`).")),
  seat_id: nullable(text("The seat row of a seats cell (see `seats`).")),
  field: text("The column in out/ holding the figure, e.g. `votes`, `percent`, `total_votes`, `seats`, `change`."),
  round: nullable(int64("Round, for results and contests cells.", "round")),
  label: text("The row in words: contestant, party, `Total` or a turnout label."),
  stated: double("The figure as the article states it."),
  suggestion: nullable(double("The value the article's other figures imply, where they settle one (not a claim about the official result).")),
  range_low: nullable(double("Where no single value is settled: the lowest value every check allows.")),
  range_high: nullable(double("Where no single value is settled: the highest value every check allows.")),
  pattern: nullable(text("The typo-model pattern the change matches (changed digit, transposed digits, copy of the other round, …).")),
  explanation: text("Which checks the change restores, in one sentence."),
  anomalies: textList("Ids of the findings the fault explains (a LIST; in the CSV a JSON array), see `anomalies.id`.")
}, { primaryKey: ["fault_id", "alternative", "row_id", "field"], foreignKeys: [references("areas", "area"), references("contests", "contest_id"), references("results", "result_id"), references("seats", "seat_id")] })

export const faultRows = (faults: ReadonlyArray<Fault>): Array<FaultRow> =>
  faults.flatMap((f) =>
    [f.cells, ...f.alternatives].flatMap((cells, alternative) =>
      cells.map((c): FaultRow => ({
        fault_id: f.id,
        severity: f.severity,
        alternative,
        file: c.file,
        line: c.line,
        area: f.area,
        table_id: c.table_id,
        row_table: c.row_table,
        row_id: c.row_id,
        contest_id: c.contest_id,
        result_id: c.row_table === "results" ? c.row_id : null,
        seat_id: c.row_table === "seats" ? c.row_id : null,
        field: c.field,
        round: c.round,
        label: c.label,
        stated: c.stated,
        suggestion: c.suggestion,
        range_low: c.range?.low ?? null,
        range_high: c.range?.high ?? null,
        pattern: f.pattern,
        explanation: f.explanation,
        anomalies: f.anomalies
      }))
    )
  )

/**
 * The anomaly model and the rule contract. An anomaly says where (file, line, every line
 * involved), what was stated, what the data implies, by how much they differ, which tolerance
 * was applied, and — only where the redundancy settles it — the likely right value.
 */
import * as Schema from "effect/Schema"
import type { Document } from "../extract/document.ts"
import { defineTable, double, int64, int64List, nullable, references, text } from "../normalise/columns.ts"
import type { Dataset } from "../normalise/normalise.ts"
import type { Severity } from "../normalise/records.ts"
import type { ClaimsFile } from "./claims.ts"
import type { Reference } from "./reference.ts"

export const SeverityLiteral = Schema.Literals(["error", "warning", "info"])

/** A stated or expected figure: a number where it is one, else text (a name, a bloc, a claim). */
export const Figure = Schema.NullOr(Schema.Union([Schema.Finite, Schema.String]))
export type Figure = typeof Figure.Type

export const Suggestion = Schema.Struct({
  value: Schema.Union([Schema.Finite, Schema.String]),
  reasoning: Schema.String
})
export type Suggestion = typeof Suggestion.Type

export const Anomaly = Schema.Struct({
  /** Stable across runs and edits elsewhere: rule + article + section + row/column keys, never a line. */
  id: Schema.String,
  rule: Schema.String,
  severity: SeverityLiteral,
  category: Schema.String,
  file: Schema.String,
  line: Schema.Int,
  lines: Schema.Array(Schema.Int),
  section: Schema.String,
  area: Schema.NullOr(Schema.String),
  round: Schema.NullOr(Schema.Int),
  /** The rows it points at in out/ (locate.ts): the table holding its line, the contest, the result or seat row on it. */
  table_id: Schema.NullOr(Schema.String),
  contest_id: Schema.NullOr(Schema.String),
  result_id: Schema.NullOr(Schema.String),
  seat_id: Schema.NullOr(Schema.String),
  field: Schema.NullOr(Schema.String),
  stated: Figure,
  expected: Figure,
  delta: Schema.NullOr(Schema.Finite),
  tolerance: Schema.NullOr(Schema.Finite),
  message: Schema.String,
  suggestion: Schema.NullOr(Suggestion)
})
export type Anomaly = typeof Anomaly.Type

export const CheckStatus = Schema.Literals(["passed", "flagged", "not_evaluated"])
export type CheckStatus = typeof CheckStatus.Type

/** One item a rule looked at: a contest, a table, a row. Passed items are evidence too. */
export const CheckItem = Schema.Struct({
  rule: Schema.String,
  subject: Schema.String,
  file: Schema.String,
  line: Schema.Int,
  status: CheckStatus,
  detail: Schema.String
})
export type CheckItem = typeof CheckItem.Type

export const CheckSummary = Schema.Struct({
  rule: Schema.String,
  title: Schema.String,
  severity: SeverityLiteral,
  checked: Schema.Int,
  passed: Schema.Int,
  flagged: Schema.Int,
  not_evaluated: Schema.Int,
  reasons: Schema.Array(Schema.String),
  items: Schema.Array(CheckItem)
})
export type CheckSummary = typeof CheckSummary.Type

export const AuditReport = Schema.Struct({
  anomalies: Schema.Array(Anomaly),
  checks: Schema.Array(CheckSummary)
})
export type AuditReport = typeof AuditReport.Type

export interface RuleMeta {
  /** Stable code, kebab-case, e.g. `vote-sum`. */
  readonly code: string
  readonly title: string
  /** The severity of its typical finding (a rule may emit others, e.g. info for an explainable gap). */
  readonly severity: Severity
  readonly category: "arithmetic" | "seats" | "duplication" | "turnout" | "form" | "law" | "reconciliation" | "claims"
  /** What it checks, in a sentence or two (goes into docs/rules.md). */
  readonly checks: string
  /** What data it needs. */
  readonly needs: string
  /** The tolerance and why, where one applies. */
  readonly tolerance: string | null
}

export interface AuditContext {
  readonly dataset: Dataset
  readonly documents: ReadonlyArray<Document>
  readonly reference: Reference
  /** The articles' claims files (seeds/<article>.claims.json), where present. */
  readonly claims?: ReadonlyArray<ClaimsFile>
  /**
   * Set by the auditor when it only counts this rule's passed items (see createAuditor's
   * keepPassed): the rule may then push PASSED instead of building a passed item's subject and
   * detail. Flagged and not-evaluated items are built as always.
   */
  readonly passedCountedOnly?: boolean
}

/** A passed item that is only counted (see AuditContext.passedCountedOnly): never listed. */
export const PASSED: Item = Object.freeze({ subject: "", file: "", line: 0, status: "passed", detail: "" })

/** An anomaly before the engine fills in what it can derive (rule, category, id prefix, the rows it points at). */
export type Draft = Omit<Anomaly, "rule" | "category" | "id" | "severity" | "table_id" | "contest_id" | "result_id" | "seat_id"> & {
  readonly severity?: Severity
  /** Row/column keys that identify the anomaly within its section (names, not lines). */
  readonly key: string
}

/** A check item before the engine adds its rule code. */
export type Item = Omit<CheckItem, "rule">

export interface RuleOutcome {
  readonly anomalies: ReadonlyArray<Draft>
  readonly items: ReadonlyArray<Item>
}

export interface Rule {
  readonly meta: RuleMeta
  readonly check: (context: AuditContext) => RuleOutcome
}

/** Output table of anomalies (Parquet/CSV): the JSON model flattened, figures typed. */
export interface AnomalyRow {
  readonly id: string
  readonly rule: string
  readonly severity: string
  readonly category: string
  readonly file: string
  readonly line: number
  readonly lines: ReadonlyArray<number>
  readonly section: string
  readonly area: string | null
  readonly round: number | null
  readonly table_id: string | null
  readonly contest_id: string | null
  readonly result_id: string | null
  readonly seat_id: string | null
  readonly field: string | null
  readonly stated: string | null
  readonly stated_value: number | null
  readonly expected: string | null
  readonly expected_value: number | null
  readonly delta: number | null
  readonly tolerance: number | null
  readonly message: string
  readonly suggestion: string | null
  readonly suggestion_value: number | null
  readonly suggestion_reasoning: string | null
}
export const Anomalies = defineTable<AnomalyRow>("anomalies", "Every anomaly the audit found (reports/anomalies.json, flattened).", {
  id: text("Stable id: rule, article, section and row/column keys (never a line number)."),
  rule: text("Rule code (see docs/rules.md)."),
  severity: text("error, warning or info."),
  category: text("arithmetic, seats, duplication, turnout, form, law, reconciliation or claims."),
  file: text("Seed file name."),
  line: int64("1-based line of the primary cell.", "line"),
  lines: int64List("Every source line involved, ascending (a LIST; in the CSV a JSON array such as `[35,36,50]`).", "line"),
  section: text("Section path, headings joined by ' > '."),
  area: nullable(text("Area (region) or `national`: the finding's own, else that of the row or table at its line, else of its section (see `areas`).")),
  round: nullable(int64("Round, where the finding concerns one: its own, else that of the result row or contest at its line.", "round")),
  table_id: nullable(text("The table whose lines hold `line` (see `tables`); null for a finding outside any table (prose, infobox).")),
  contest_id: nullable(text("The contest (table × round) the finding concerns (see `contests`), where one is settled.")),
  result_id: nullable(text("The result row on `line` (for its round), where there is exactly one (see `results`).")),
  seat_id: nullable(text("The seat row on `line` (see `seats`).")),
  field: nullable(text("The figure concerned, e.g. `votes`, `percent`, `seats`, `change`.")),
  stated: nullable(text("What the article states, as text (a number, a name, a claim).")),
  stated_value: nullable(double("`stated` as a number, where it is one.")),
  expected: nullable(text("What the rest of the data implies, as text.")),
  expected_value: nullable(double("`expected` as a number, where it is one.")),
  delta: nullable(double("stated − expected, where both are numbers.")),
  tolerance: nullable(double("The tolerance applied to |delta|.")),
  message: text("One plain sentence."),
  suggestion: nullable(text("The likely right value, where the data determines it uniquely, as text.")),
  suggestion_value: nullable(double("`suggestion` as a number, where it is one.")),
  suggestion_reasoning: nullable(text("Why that value."))
}, {
  primaryKey: ["id"],
  foreignKeys: [
    references("tables", "table_id"),
    references("contests", "contest_id"),
    references("results", "result_id"),
    references("seats", "seat_id"),
    references("areas", "area")
  ]
})

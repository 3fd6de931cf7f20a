/**
 * The anomaly model and the rule contract. An anomaly says where (file, line, every line
 * involved), what was stated, what the data implies, by how much they differ, which tolerance
 * was applied, and — only where the redundancy settles it — the likely right value.
 */
import * as Schema from "effect/Schema"
import type { Document } from "../extract/document.ts"
import { defineTable, double, int64, nullable, text } from "../normalise/columns.ts"
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

/** An anomaly before the engine fills in what it can derive (rule, category, id prefix). */
export type Draft = Omit<Anomaly, "rule" | "category" | "id" | "severity"> & {
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

/** Output table of anomalies (Parquet/CSV): the JSON model flattened. */
export interface AnomalyRow {
  readonly id: string
  readonly rule: string
  readonly severity: string
  readonly category: string
  readonly file: string
  readonly line: number
  readonly lines: string
  readonly section: string
  readonly area: string | null
  readonly round: number | null
  readonly field: string | null
  readonly stated: string | null
  readonly expected: string | null
  readonly delta: number | null
  readonly tolerance: number | null
  readonly message: string
  readonly suggestion: string | null
  readonly suggestion_reasoning: string | null
}
export const Anomalies = defineTable<AnomalyRow>("anomalies", "Every anomaly the audit found (reports/anomalies.json, flattened).", {
  id: text("Stable id: rule, article, section and row/column keys (never a line number)."),
  rule: text("Rule code (see docs/rules.md)."),
  severity: text("error, warning or info."),
  category: text("arithmetic, seats, duplication, turnout, form, law, reconciliation or claims."),
  file: text("Seed file name."),
  line: int64("1-based line of the primary cell.", "line"),
  lines: text("Every source line involved, comma-separated, ascending."),
  section: text("Section path, headings joined by ' > '."),
  area: nullable(text("Area (region) or `national`.")),
  round: nullable(int64("Round, where the anomaly concerns one.", "round")),
  field: nullable(text("The figure concerned, e.g. `votes`, `percent`, `seats`, `change`.")),
  stated: nullable(text("What the article states.")),
  expected: nullable(text("What the rest of the data implies.")),
  delta: nullable(double("stated − expected, where both are numbers.")),
  tolerance: nullable(double("The tolerance applied to |delta|.")),
  message: text("One plain sentence."),
  suggestion: nullable(text("The likely right value, where the data determines it uniquely.")),
  suggestion_reasoning: nullable(text("Why that value."))
})

/**
 * Normalisation findings: each code's severity, and the draft a table kind or a shared reader
 * records (code, line, cell, message, key). The normaliser completes a draft with its file,
 * section and a stable id.
 */
import type { Severity } from "./records.ts"

/** Severity of each normalisation finding code: oddities of form read fine are info; structure problems warn. */
const SEVERITY: Record<string, Severity> = {
  NUMBER_THOUSANDS_DOT: "info",
  NUMBER_THOUSANDS_SPACE: "info",
  NUMBER_MIXED_SEPARATORS: "info",
  PERCENT_DECIMAL_COMMA: "info",
  CHANGE_EN_DASH_MINUS: "info",
  CHANGE_NEW: "info",
  FOOTNOTE_STRIPPED: "info",
  CELL_CROSS_REFERENCE: "info",
  HEADER_SPANNED: "info",
  HEADER_SHIFTED: "info",
  PERCENT_PRECISION: "info",
  COLUMN_UNRECOGNISED: "warning",
  CELL_EMPTY: "warning",
  CELL_UNREADABLE: "warning",
  DATE_IMPOSSIBLE: "warning",
  COUNT_NEGATIVE: "warning",
  PERCENT_OUT_OF_RANGE: "warning",
  ROW_SHORT: "warning",
  ROW_LONG: "warning",
  ROW_UNREADABLE: "warning",
  ROW_NO_FIGURES: "warning",
  TOTAL_REPEATED: "warning",
  TABLE_UNCLASSIFIED: "warning",
  PARTY_UNKNOWN: "info",
  PARTY_COMPOSITE: "info",
  ROW_NOT_CLOSED: "warning",
  HEADING_UNBALANCED: "warning",
  TITLE_MISSING: "warning",
  CAPTION_ORPHANED: "info"
}
export const severityOf = (code: string): Severity => SEVERITY[code] ?? "warning"

/** A finding before the normaliser gives it its file, section and id; `key` makes the id stable. */
export interface FindingDraft {
  readonly code: string
  readonly line: number
  readonly raw: string
  readonly read_as: string | null
  readonly message: string
  readonly key: string
}

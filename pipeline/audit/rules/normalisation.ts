/**
 * normalisation: everything the normalise stage recorded — cells read from a non-canonical form,
 * shifted or spanned headers, short rows, unknown party labels, unclassified tables — carried into
 * the anomaly model unchanged in substance.
 */
import { type Draft, type Item, PASSED, type Rule, type RuleOutcome } from "../anomaly.ts"

export const rule: Rule = {
  meta: {
    code: "normalisation",
    title: "Cells, rows and tables read from an odd form, or not read",
    severity: "warning",
    category: "form",
    checks: "Reports each finding of the normalise stage (code in `field`): info for a non-canonical cell read unambiguously (e.g. 48.949 in a count column), warning for a structural problem (shifted header, row missing cells, unknown party label, unclassified table).",
    needs: "findings",
    tolerance: null
  },
  check: ({ dataset, passedCountedOnly }): RuleOutcome => {
    const anomalies: Array<Draft> = dataset.findings.map((f) => ({
      // finding ids are code/file/section/keys: keep the code and the keys (file and section are added back)
      key: [f.code, ...f.finding_id.split("/").slice(3)].join("/"),
      severity: f.severity,
      file: f.file,
      line: f.line,
      lines: [f.line],
      section: f.section,
      area: null,
      round: null,
      field: f.code,
      stated: f.raw,
      expected: f.read_as,
      delta: null,
      tolerance: null,
      message: f.message,
      suggestion: null
    }))
    const items = dataset.tables.map((t): Item => {
      // A table's findings are those on its own lines (its caption line just above included).
      const own = dataset.findings.filter((f) => f.file === t.source_file && f.line >= t.source_line - (t.caption === null ? 0 : 1) && f.line < t.source_line + t.rows)
      if (passedCountedOnly === true && t.decoded && own.length === 0) return PASSED
      return {
        subject: `table ${t.ordinal} (${t.section || "top"})`,
        file: t.source_file,
        line: t.source_line,
        status: !t.decoded || own.length > 0 ? "flagged" as const : "passed" as const,
        detail: t.decoded ? `decoded as ${t.kind} (${t.shape.join("|")}); ${own.length} finding(s) on its lines` : "not decoded: shape not recognised"
      }
    })
    return { anomalies, items }
  }
}

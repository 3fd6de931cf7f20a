/**
 * The audit engine: runs every rule in the catalogue over the dataset and turns their drafts
 * into anomalies with stable ids, in a stable order, plus a checks-run summary per rule.
 */
import { slug, uniqueIds } from "../normalise/ids.ts"
import type { Anomaly, AuditContext, AuditReport, CheckSummary, Draft, Rule } from "./anomaly.ts"
import { rules as catalogue } from "./rules/index.ts"

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const

export const compareAnomalies = (a: Anomaly, b: Anomaly) =>
  a.file.localeCompare(b.file) ||
  SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
  a.line - b.line ||
  a.rule.localeCompare(b.rule) ||
  a.id.localeCompare(b.id)

export const runAudit = (context: AuditContext, rules: ReadonlyArray<Rule> = catalogue): AuditReport => {
  const anomalies: Array<Anomaly> = []
  const checks: Array<CheckSummary> = []
  const ids = uniqueIds()
  for (const rule of rules) {
    const outcome = rule.check(context)
    for (const draft of outcome.anomalies) anomalies.push(toAnomaly(rule, draft, ids))
    const items = outcome.items.map((item) => ({ rule: rule.meta.code, ...item }))
    const count = (status: string) => items.filter((i) => i.status === status).length
    checks.push({
      rule: rule.meta.code,
      title: rule.meta.title,
      severity: rule.meta.severity,
      checked: items.length,
      passed: count("passed"),
      flagged: count("flagged"),
      not_evaluated: count("not_evaluated"),
      reasons: [...new Set(items.filter((i) => i.status === "not_evaluated").map((i) => i.detail))].sort(),
      items
    })
  }
  anomalies.sort(compareAnomalies)
  checks.sort((a, b) => a.rule.localeCompare(b.rule))
  return { anomalies, checks }
}

const toAnomaly = (rule: Rule, draft: Draft, ids: (id: string) => string): Anomaly => {
  const { key, severity, ...rest } = draft
  const lines = [...new Set([draft.line, ...draft.lines])].sort((a, b) => a - b)
  return {
    ...rest,
    id: ids(`${rule.meta.code}/${slug(draft.file.replace(/\.[^.]+$/, ""))}/${slug(draft.section) || "top"}/${key}`),
    rule: rule.meta.code,
    severity: severity ?? rule.meta.severity,
    category: rule.meta.category,
    lines
  }
}

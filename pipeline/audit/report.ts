/**
 * The anomaly report: Markdown for a person reviewing it, JSON for a machine, and a flat table
 * for Parquet/CSV. All three are renderings of the same AuditReport; none adds or drops a finding.
 */
import type { Document } from "../extract/document.ts"
import type { Anomaly, AnomalyRow, AuditReport, CheckSummary } from "./anomaly.ts"
import { count } from "./format.ts"

const SEVERITIES = ["error", "warning", "info"] as const
const MAX_QUOTED_LINES = 14
/** Rules with at most this many items get every item listed under "Checks run"; the JSON always has all. */
const MAX_LISTED_ITEMS = 120

const figure = (v: Anomaly["stated"]) => (v === null ? "—" : typeof v === "number" ? count(v) === String(v) || Number.isInteger(v) ? count(v) : String(v) : `'${v}'`)

const escapeCell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ")

const countBy = <A>(items: ReadonlyArray<A>, key: (a: A) => string) => {
  const map = new Map<string, number>()
  for (const item of items) map.set(key(item), (map.get(key(item)) ?? 0) + 1)
  return [...map.entries()].sort((a, b) => a[0].localeCompare(b[0]))
}

const quote = (doc: Document | undefined, lines: ReadonlyArray<number>): Array<string> => {
  if (!doc) return []
  const shown = lines.slice(0, MAX_QUOTED_LINES)
  const width = String(Math.max(...shown)).length
  const out = shown.map((l) => `${String(l).padStart(width)} │ ${doc.lines[l - 1] ?? ""}`)
  if (lines.length > shown.length) out.push(`${" ".repeat(width)} │ … ${lines.length - shown.length} more line(s): ${lines.slice(MAX_QUOTED_LINES).join(", ")}`)
  return out
}

export const renderMarkdown = (report: AuditReport, documents: ReadonlyArray<Document>): string => {
  const { anomalies, checks } = report
  const docs = new Map(documents.map((d) => [d.file, d]))
  const out: Array<string> = []
  out.push("# Recount anomaly report", "")
  out.push(`${count(anomalies.length)} anomalies in ${documents.length} articles. Each names its rule, its line, what was stated, what the data implies, and — where the redundancy settles it — the likely right value. Rules: docs/rules.md. Machine-readable: anomalies.json.`, "")
  out.push("## Summary", "")
  out.push("| severity | count |", "|---|---:|")
  for (const s of SEVERITIES) out.push(`| ${s} | ${anomalies.filter((a) => a.severity === s).length} |`)
  out.push("", "| rule | error | warning | info |", "|---|---:|---:|---:|")
  for (const [rule] of countBy(anomalies, (a) => a.rule)) {
    const of = anomalies.filter((a) => a.rule === rule)
    out.push(`| ${rule} | ${SEVERITIES.map((s) => of.filter((a) => a.severity === s).length).join(" | ")} |`)
  }
  out.push("", "| article | error | warning | info |", "|---|---:|---:|---:|")
  for (const doc of documents) {
    const of = anomalies.filter((a) => a.file === doc.file)
    out.push(`| ${doc.file} | ${SEVERITIES.map((s) => of.filter((a) => a.severity === s).length).join(" | ")} |`)
  }
  out.push("")

  for (const doc of documents) {
    const own = anomalies.filter((a) => a.file === doc.file)
    out.push(`## ${doc.file} — ${doc.title ?? "(untitled)"}`, "")
    if (own.length === 0) {
      out.push("No anomalies.", "")
      continue
    }
    // Sections in reading order (by their first anomaly's line), errors first within each.
    const sections = [...new Set([...own].sort((a, b) => a.line - b.line).map((a) => a.section))]
    for (const section of sections) {
      out.push(`### ${section || "(top of article)"}`, "")
      const inSection = own.filter((a) => a.section === section)
      for (const a of inSection) {
        out.push(`- **${a.severity.toUpperCase()}** \`${a.rule}\`${a.field ? ` · ${a.field}` : ""} · \`${a.file}:${a.line}\`${a.area && a.area !== "national" ? ` · ${a.area}` : ""}${a.round !== null ? ` · round ${a.round}` : ""}  `)
        out.push(`  ${a.message}  `)
        const figures = [
          `stated ${figure(a.stated)}`,
          `expected ${figure(a.expected)}`,
          ...(a.delta !== null ? [`delta ${a.delta > 0 ? "+" : ""}${figure(a.delta)}`] : []),
          ...(a.tolerance !== null ? [`tolerance ±${a.tolerance}`] : [])
        ]
        out.push(`  ${figures.join(" · ")}  `)
        if (a.suggestion) out.push(`  **Suggestion: ${figure(a.suggestion.value)}** — ${a.suggestion.reasoning}.  `)
        out.push(`  id \`${a.id}\``)
        out.push("", "  ```text", ...quote(docs.get(a.file), a.lines).map((l) => `  ${l}`), "  ```", "")
      }
    }
  }

  const claims = checks.find((c) => c.rule === "claims")
  if (claims && claims.items.length > 0) {
    out.push("## The articles' own claims", "")
    out.push(`${claims.items.length} statements declared in the claims files (seeds/*.claims.json): ${claims.passed} held, ${claims.flagged} contradicted, ${claims.not_evaluated} not checkable.`, "")
    out.push("| verdict | where | statement | evidence |", "|---|---|---|---|")
    const verdict = { passed: "held", flagged: "**contradicted**", not_evaluated: "not checkable" } as const
    for (const i of claims.items) {
      const quote = i.subject.replace(/^[^“]*“/, "“")
      out.push(`| ${verdict[i.status]} | \`${i.file}:${i.line}\` | ${escapeCell(quote)} | ${escapeCell(i.detail)} |`)
    }
    out.push("")
  }

  out.push("## Checks run", "")
  out.push("| rule | title | checked | passed | flagged | not evaluated | why not evaluated |", "|---|---|---:|---:|---:|---:|---|")
  for (const c of checks) {
    out.push(`| ${c.rule} | ${escapeCell(c.title)} | ${c.checked} | ${c.passed} | ${c.flagged} | ${c.not_evaluated} | ${escapeCell(c.reasons.join("; ")) || "—"} |`)
  }
  out.push("")
  for (const c of checks) if (c.rule !== "claims") out.push(...itemList(c))
  return out.join("\n").replace(/\n{3,}/g, "\n\n").trimEnd() + "\n"
}

const itemList = (c: CheckSummary): Array<string> => {
  if (c.items.length === 0) return []
  const out = [`### ${c.rule}: ${c.title}`, ""]
  if (c.items.length > MAX_LISTED_ITEMS) {
    out.push(`${c.items.length} items (${c.passed} passed, ${c.flagged} flagged, ${c.not_evaluated} not evaluated); listed in anomalies.json.`, "")
    return out
  }
  out.push("| status | subject | where | detail |", "|---|---|---|---|")
  for (const i of c.items) out.push(`| ${i.status} | ${escapeCell(i.subject)} | \`${i.file}:${i.line}\` | ${escapeCell(i.detail)} |`)
  out.push("")
  return out
}

export const renderJson = (report: AuditReport): string => JSON.stringify(report, null, 2) + "\n"

export const anomalyRows = (report: AuditReport): Array<AnomalyRow> =>
  report.anomalies.map((a) => ({
    id: a.id,
    rule: a.rule,
    severity: a.severity,
    category: a.category,
    file: a.file,
    line: a.line,
    lines: a.lines.join(","),
    section: a.section,
    area: a.area,
    round: a.round,
    field: a.field,
    stated: a.stated === null ? null : String(a.stated),
    expected: a.expected === null ? null : String(a.expected),
    delta: a.delta,
    tolerance: a.tolerance,
    message: a.message,
    suggestion: a.suggestion === null ? null : String(a.suggestion.value),
    suggestion_reasoning: a.suggestion?.reasoning ?? null
  }))

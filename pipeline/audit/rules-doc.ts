/**
 * docs/rules.md, generated from the rules' own metadata (code, title, severity, category, what
 * it checks, what it needs, its tolerance), so the documentation cannot drift from the catalogue.
 *   npx tsx scripts/rules-doc.ts > docs/rules.md
 */
import type { Rule } from "./anomaly.ts"

/** A table cell: pipes escaped, line breaks folded, so any text stays one cell. */
const cell = (text: string): string => text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|")

const SEVERITY_MEANING = [
  "- **error**: the figures contradict each other beyond any rounding or editing slip the data could excuse.",
  "- **warning**: the figures disagree, but less decisively, or the check rests on a heuristic.",
  "- **info**: an oddity the data explains (e.g. a truncated rather than rounded percentage, a non-canonical cell read unambiguously)."
]

export const renderRulesDoc = (rules: ReadonlyArray<Rule>): string => {
  const out: Array<string> = [
    "# Audit rules",
    "",
    "<!-- Generated from the rule catalogue (pipeline/audit/rules/index.ts) by scripts/rules-doc.ts;",
    "     do not edit by hand: npx tsx scripts/rules-doc.ts > docs/rules.md -->",
    "",
    `The audit runs ${rules.length} rule${rules.length === 1 ? "" : "s"} over the normalised dataset. Each anomaly names its rule (the code below), its file and line, every line involved, what was stated, what the data implies, the difference and the tolerance applied. Rules propose no corrections: the diagnosis stage (pipeline/diagnose/) turns their findings into faults — the cells to change and the values the article's other figures imply — and a finding explained by a fault carries its suggestion. Each rule also reports what it checked (passed, flagged, not evaluated and why) in the \"Checks run\" section of reports/anomalies.md.`,
    "",
    "The severity given is that of a rule's typical finding; a rule may emit a lower one for a gap the data explains.",
    "",
    ...SEVERITY_MEANING,
    "",
    "| code | title | severity | category |",
    "|---|---|---|---|",
    ...rules.map((r) => `| [\`${r.meta.code}\`](#${r.meta.code}) | ${cell(r.meta.title)} | ${r.meta.severity} | ${r.meta.category} |`),
    ""
  ]
  for (const { meta } of rules) {
    out.push(
      `## ${meta.code}`,
      "",
      `**${meta.title}**`,
      "",
      `- Severity: ${meta.severity}`,
      `- Category: ${meta.category}`,
      `- Checks: ${meta.checks}`,
      `- Needs: ${meta.needs}`,
      `- Tolerance: ${meta.tolerance ?? "none: the rule compares no figures"}`,
      `- Source: pipeline/audit/rules/${meta.code}.ts`,
      ""
    )
  }
  let text = out.join("\n")
  while (text.endsWith("\n")) text = text.slice(0, -1)
  return `${text}\n`
}

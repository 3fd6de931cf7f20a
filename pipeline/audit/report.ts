/**
 * The anomaly report: Markdown for a person reviewing it, JSON for a machine, and a flat table
 * for Parquet/CSV. All three are renderings of the same AuditReport and its Diagnosis.
 *
 * The Markdown leads with the faults (pipeline/diagnose/): a table of error faults, then warning
 * faults — where, the cell, stated, suggested value or range, why; the rule findings follow as
 * each fault's evidence, then the findings no fault explains, with the reason.
 *
 * The Markdown is built for a corpus as well as for three articles: a summary first; errors and
 * warnings in full, by article and section (more than two alike — same rule, figure and reason — once,
 * with their count and lines), with each source line they involve quoted once per section; info
 * findings counted by article, section and rule (the figures concerned named with their counts); every claim with its
 * verdict; and the checks run as counts per rule, with per-item evidence for flagged and
 * not-evaluated items only. The JSON keeps every anomaly and every flagged or not-evaluated item;
 * passed items are listed (compactly) for the rules that check a total, an area or a statement,
 * and only counted for the rules that check every row, round or table (see COUNTED_RULES).
 * Every text that comes from an article is escaped where it lands (./markdown.ts).
 * Rendering is linear: anomalies and items are grouped in one pass, never re-filtered per group.
 */
import type { Document } from "../extract/document.ts"
import type { Anomaly, AnomalyRow, AuditReport, CheckItem, CheckSummary } from "./anomaly.ts"
import type { Diagnosis, Fault, FaultCell, Unexplained } from "../diagnose/fault.ts"
import { count, counted } from "./format.ts"
import { type Cell, code, codeBlock, table, text } from "./markdown.ts"
import { DEFERRED } from "./rules/prose-claims.ts"
import { groupBy } from "./views.ts"

const SEVERITIES = ["error", "warning", "info"] as const
type Severity = (typeof SEVERITIES)[number]

/** At most this many of a finding's involved lines are quoted (its primary line always is). */
const MAX_QUOTED_LINES = 14

/**
 * Rules that check every row, round or table: their passed items restate that row's, round's or
 * table's own figures (`397,024 / 24,250,353 = 1.6372 %`, `12 rows sum to 24,250,353 = stated
 * total`, `decoded as results (…); 0 finding(s)`; the figures are in out/ with their lines), so
 * anomalies.json counts them (`passed`) instead of listing them. Their flagged and not-evaluated
 * items are listed as always. The other rules — seat sums, council sizes, seat changes, the seat
 * reconstruction, reconciliation, infobox, presidencies, claims: one item per total, area or
 * statement — keep every passed item with its evidence (`passed_items`); so does any new rule.
 */
export const COUNTED_RULES: ReadonlySet<string> = new Set([
  "implied-total",
  "normalisation",
  "percent-recompute",
  "percent-sum",
  "repeated-figure",
  "round-two-qualification",
  "turnout-identity",
  "vote-sum"
])

// -------------------------------------------------------------------------------------------------
// Small helpers (all linear)
// -------------------------------------------------------------------------------------------------

const zero = (): Record<Severity, number> => ({ error: 0, warning: 0, info: 0 })

const tally = (anomalies: Iterable<Anomaly>, key: (a: Anomaly) => string): Map<string, Record<Severity, number>> => {
  const map = new Map<string, Record<Severity, number>>()
  for (const a of anomalies) {
    const k = key(a)
    const row = map.get(k) ?? zero()
    row[a.severity] += 1
    map.set(k, row)
  }
  return map
}

const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** Ascending distinct lines as ranges: `35–41, 43, 45–50`. */
export const lineRanges = (lines: Iterable<number>): string => {
  const sorted = [...new Set(lines)].sort((a, b) => a - b)
  const out: Array<string> = []
  for (let i = 0; i < sorted.length; i++) {
    const start = sorted[i]!
    while (i + 1 < sorted.length && sorted[i + 1] === sorted[i]! + 1) i++
    out.push(sorted[i] === start ? String(start) : `${start}–${sorted[i]}`)
  }
  return out.join(", ")
}

/** A stated/expected figure inline: numbers grouped, text verbatim in a code span. */
const figure = (v: Anomaly["stated"]): string =>
  v === null ? "—" : typeof v === "number" ? (Number.isInteger(v) ? count(v) : String(v)) : code(v)

const sectionName = (section: string) => text(section.trim() === "" ? "(top of article)" : section.trim())

const articleHeading = (file: string, doc: Document | undefined) => `${text(file)} — ${text(doc?.title ?? "(untitled)")}`

// -------------------------------------------------------------------------------------------------
// Markdown
// -------------------------------------------------------------------------------------------------

export const renderMarkdown = (report: AuditReport, documents: ReadonlyArray<Document>, diagnosis: Diagnosis = NO_DIAGNOSIS): string =>
  [...markdownLines(report, documents, diagnosis)].join("\n") + "\n"

/** anomalies.md as pieces: its lines, each followed by its newline (the run writes them as they come, never joined). */
export function* markdownPieces(report: AuditReport, documents: ReadonlyArray<Document>, diagnosis: Diagnosis = NO_DIAGNOSIS): Generator<string> {
  for (const line of markdownLines(report, documents, diagnosis)) {
    yield line
    yield "\n"
  }
}

/**
 * anomalies.md's lines (without their newlines; no trailing empty line), given as they are made:
 * the lines gathered so far are handed on after each article (`drained`), so a corpus' report is
 * never held as one array of lines. Empty lines at the end of what is gathered wait for the next
 * line: the report's own trailing empty lines are dropped.
 *
 * One function per section of the report, not one generator for all: the single generator was
 * ~8 KB of bytecode that V8's optimising compiler recompiled whole after any deopt in any section
 * (10 compiles at 1,000 articles; issue 8, fifth pass).
 */
function* markdownLines(report: AuditReport, documents: ReadonlyArray<Document>, diagnosis: Diagnosis): Generator<string> {
  const m = markdownRun(report, documents, diagnosis)
  headerLines(m)
  faultTables(m)
  yield* faultEvidence(m)
  yield* unexplainedFindings(m)
  summaryTables(m)
  yield* infoFindings(m)
  claimsSection(m)
  proseClaimsSection(m)
  checksRun(m)
  yield* drained(m.out)
}

/** The lines gathered so far, but the empty lines at their end (they wait for the next line). */
function* drained(out: Array<string>): Generator<string> {
  let end = out.length
  while (end > 0 && out[end - 1] === "") end--
  for (let i = 0; i < end; i++) yield out[i]!
  out.splice(0, end)
}

/** What the report's sections share: the lines gathered so far and the indexes of findings and faults. */
interface MarkdownRun {
  readonly out: Array<string>
  readonly documents: ReadonlyArray<Document>
  readonly diagnosis: Diagnosis
  readonly anomalies: ReadonlyArray<Anomaly>
  readonly checks: ReadonlyArray<CheckSummary>
  readonly faults: ReadonlyArray<Fault>
  readonly totals: Record<Severity, number>
  readonly byFile: Map<string, Array<Anomaly>>
  readonly faultOf: Map<string, Fault>
  readonly why: Map<string, string>
}

const markdownRun = (report: AuditReport, documents: ReadonlyArray<Document>, diagnosis: Diagnosis): MarkdownRun => {
  const { anomalies, checks } = report
  const totals = zero()
  for (const a of anomalies) totals[a.severity] += 1
  const faultOf = new Map<string, Fault>()
  for (const f of diagnosis.faults) for (const id of f.anomalies) if (!faultOf.has(id)) faultOf.set(id, f)
  return {
    out: [],
    documents,
    diagnosis,
    anomalies,
    checks,
    faults: diagnosis.faults,
    totals,
    byFile: groupBy(anomalies, (a) => a.file),
    faultOf,
    why: new Map(diagnosis.unexplained.map((u) => [u.anomaly, u.reason]))
  }
}

/** The title and the counts of faults and findings. */
function headerLines(m: MarkdownRun): void {
  const { out, faults, anomalies, documents, diagnosis, totals, faultOf } = m
  const faultTotals = zero()
  for (const f of faults) faultTotals[f.severity] += 1
  const explained = anomalies.filter((a) => a.severity !== "info" && faultOf.has(a.id)).length

  out.push("# Recount anomaly report", "")
  out.push(
    `${counted(faults.length, "fault")} located in ${counted(documents.length, "article")} (${counted(faultTotals.error, "error")}, ${counted(faultTotals.warning, "warning")}${faultTotals.info > 0 ? `, ${count(faultTotals.info)} info` : ""}), ` +
      `explaining ${count(explained)} of the ${count(totals.error + totals.warning)} error and warning findings; ${count(diagnosis.unexplained.length)} findings are not explained by a fault (each with the reason). ` +
      `A fault is the smallest set of cells whose change makes every check of its table hold; its suggestion is the value the article's other figures imply — not a claim about the official result, which a second, invisible error could change. ` +
      `${count(anomalies.length)} rule findings in all: ${count(totals.error)} errors, ${count(totals.warning)} warnings, ${count(totals.info)} info. ` +
      "Every fault and finding is in anomalies.json; the rules are described in docs/rules.md.",
    ""
  )
}

/** Faults first: one table per severity. */
function faultTables(m: MarkdownRun): void {
  const { out, faults } = m
  for (const severity of ["error", "warning"] as const) {
    const these = faults.filter((f) => f.severity === severity)
    out.push(`## ${severity === "error" ? "Error" : "Warning"} faults`, "")
    if (these.length === 0) {
      out.push("None.", "")
      continue
    }
    out.push(
      ...table(
        [["where", "left"], ["area", "left"], ["round", "right"], ["cell", "left"], ["stated", "right"], ["suggested", "right"], ["why", "left"]],
        these.flatMap((f) => faultTableRows(f))
      ),
      ""
    )
  }
}

/** The evidence of each fault: its findings, in full. */
function* faultEvidence(m: MarkdownRun): Generator<string> {
  const { out, faults, anomalies, documents } = m
  out.push("## Faults and their evidence", "")
  if (faults.length === 0) out.push("None.", "")
  const faultsByFile = groupBy(faults, (f) => f.file)
  const byId = new Map(anomalies.map((a) => [a.id, a]))
  for (const doc of documents) {
    yield* drained(out)
    const these = faultsByFile.get(doc.file) ?? []
    if (these.length === 0) continue
    out.push(`### ${articleHeading(doc.file, doc)}`, "")
    for (const f of these) {
      const evidence = f.anomalies.map((id) => byId.get(id)).filter((a): a is Anomaly => a !== undefined)
      out.push(`#### ${text(f.severity === "error" ? "Error" : f.severity === "warning" ? "Warning" : "Info")} fault: ${sectionName(f.section)}, line ${f.line}`, "")
      out.push(`${text(f.explanation)}  `, `id ${code(f.id)}`, "")
      out.push(...faultOptions(f))
      if (evidence.length === 0) out.push("No rule finding names this fault's checks.", "")
      for (const a of evidence) out.push(...finding(a))
      out.push(...quote(doc, evidence, [...f.cells, ...f.alternatives.flat()].map((c) => c.line)))
    }
  }
}

/** Errors and warnings no fault explains. */
function* unexplainedFindings(m: MarkdownRun): Generator<string> {
  const { out, anomalies, documents, byFile, faultOf, why } = m
  out.push("## Findings no fault explains", "")
  const unexplainedCount = anomalies.filter((a) => a.severity !== "info" && !faultOf.has(a.id)).length
  if (unexplainedCount === 0) out.push("None.", "")
  for (const doc of documents) {
    yield* drained(out)
    const serious = (byFile.get(doc.file) ?? []).filter((a) => a.severity !== "info" && !faultOf.has(a.id))
    if (serious.length === 0) continue
    out.push(`### ${articleHeading(doc.file, doc)}`, "")
    // Sections in reading order (by their first finding's line); errors first within each, as sorted.
    const sections = [...groupBy(serious, (a) => a.section)].sort((a, b) => firstLine(a[1]) - firstLine(b[1]))
    for (const [section, found] of sections) {
      out.push(`#### ${sectionName(section)}`, "")
      // Findings alike (same severity, rule, figure and reason) are written once with their count
      // and lines when there are more than MAX_ALIKE of them; their lines are quoted as always.
      const alike = [...groupBy(found, (a) => `${a.severity}\u0000${a.rule}\u0000${a.field ?? ""}\u0000${why.get(a.id) ?? ""}`).values()]
      for (const group of alike) {
        if (group.length > MAX_ALIKE) out.push(...findingGroup(group, why.get(group[0]!.id)))
        else for (const a of group) out.push(...finding(a, why.get(a.id)))
      }
      out.push(...quote(doc, found))
    }
  }
}

/** Counts by severity, rule and article. */
function summaryTables(m: MarkdownRun): void {
  const { out, anomalies, documents, totals } = m
  out.push("## Summary", "")
  out.push(...table([["severity", "left"], ["count", "right"]], SEVERITIES.map((s) => [s, count(totals[s])])), "")
  const byRule = [...tally(anomalies, (a) => a.rule)].sort((a, b) => byCode(a[0], b[0]))
  out.push(...table([["rule", "left"], ["error", "right"], ["warning", "right"], ["info", "right"]], byRule.map(([rule, n]) => [{ code: rule }, ...SEVERITIES.map((s) => count(n[s]))])), "")
  const byArticle = tally(anomalies, (a) => a.file)
  out.push(
    ...table(
      [["article", "left"], ["error", "right"], ["warning", "right"], ["info", "right"]],
      documents.map((d) => {
        const n = byArticle.get(d.file) ?? zero()
        return [d.file, ...SEVERITIES.map((s) => count(n[s]))]
      })
    ),
    ""
  )
}

/** Info findings, summarised. */
function* infoFindings(m: MarkdownRun): Generator<string> {
  const { out, documents, byFile, totals } = m
  out.push("## Info findings", "")
  if (totals.info === 0) out.push("None.", "")
  else {
    out.push(
      "Explainable differences and odd forms read unambiguously, counted by article, section and rule (with the figures or forms concerned), with their lines and one example; each is in anomalies.json with its own message.",
      ""
    )
  }
  for (const doc of documents) {
    yield* drained(out)
    const info = (byFile.get(doc.file) ?? []).filter((a) => a.severity === "info")
    if (info.length === 0) continue
    out.push(`### ${articleHeading(doc.file, doc)}`, "")
    const groups = [...groupBy(info, (a) => `${a.section}\u0000${a.rule}`).values()].sort((a, b) => firstLine(a) - firstLine(b))
    out.push(
      ...table(
        [["section", "left"], ["rule", "left"], ["count", "right"], ["concerns", "left"], ["lines", "left"], ["for example", "left"]],
        groups.map((g) => {
          const a = g[0]!
          const concerns = [...groupBy(g, (x) => x.field ?? "—")].map(([field, xs]) => (xs.length === 1 ? field : `${field} (${count(xs.length)})`)).join(", ")
          return [a.section || "(top of article)", { code: a.rule }, count(g.length), concerns, lineRanges(g.map((x) => x.line)), a.message]
        })
      ),
      ""
    )
  }
}

/** The articles' own claims (claims files). */
function claimsSection(m: MarkdownRun): void {
  const { out, checks } = m
  const claims = checks.find((c) => c.rule === "claims")
  if (claims && claims.items.length > 0) {
    out.push("## The articles' own claims", "")
    out.push(`${claims.items.length} statements declared in the claims files (seeds/*.claims.json): ${claims.passed} held, ${claims.flagged} contradicted, ${claims.not_evaluated} not checkable.`, "")
    const verdict = { passed: "held", flagged: "**contradicted**", not_evaluated: "not checkable" } as const
    out.push(
      ...table(
        [["verdict", "left"], ["where", "left"], ["statement", "left"], ["evidence", "left"]],
        claims.items.map((i): ReadonlyArray<Cell> => [{ md: verdict[i.status] }, { code: `${i.file}:${i.line}` }, claimQuote(i), i.detail])
      ),
      ""
    )
  }
}

/** Claims found in the prose. */
function proseClaimsSection(m: MarkdownRun): void {
  const { out, checks } = m
  const prose = checks.find((c) => c.rule === "prose-claims")
  if (prose && prose.items.length > 0) {
    const deferred = prose.items.filter((i) => i.status === "not_evaluated" && i.detail === DEFERRED)
    // A Set, not `deferred.includes` per item: that was quadratic in the corpus's prose claims.
    const deferredSet = new Set(deferred)
    const unchecked = prose.items.filter((i) => i.status === "not_evaluated" && !deferredSet.has(i))
    out.push("## Claims found in the prose", "")
    out.push(
      `${prose.items.length} statements found in the prose by the extractor (rule \`prose-claims\`): ${prose.passed} held, ${prose.flagged} contradicted (warnings above), ${unchecked.length} not checkable, ${deferred.length} left to a hand-written claim on the same line.`,
      ""
    )
    const verdict = { passed: "held", flagged: "**contradicted**", not_evaluated: "not checkable" } as const
    const judged = prose.items.filter((i) => i.status !== "not_evaluated")
    if (judged.length > 0) {
      out.push(
        ...table(
          [["verdict", "left"], ["where", "left"], ["statement", "left"], ["evidence", "left"]],
          judged.map((i): ReadonlyArray<Cell> => [{ md: verdict[i.status] }, { code: `${i.file}:${i.line}` }, claimQuote(i), i.detail])
        ),
        ""
      )
    }
    if (unchecked.length > 0) {
      out.push("Not checkable, grouped by reason and article:", "")
      const groups = groupBy(unchecked, (i) => `${i.detail}\u0000${i.file}`)
      out.push(
        ...table(
          [["why", "left"], ["article", "left"], ["items", "right"], ["lines", "left"], ["for example", "left"]],
          [...groups.values()].map((g) => [g[0]!.detail, g[0]!.file, count(g.length), lineRanges(g.map((i) => i.line)), claimQuote(g[0]!)])
        ),
        ""
      )
    }
  }
}

/** The rules run, and the items they could not evaluate. */
function checksRun(m: MarkdownRun): void {
  const { out, checks } = m
  out.push("## Checks run", "")
  out.push(
    ...table(
      [["rule", "left"], ["title", "left"], ["checked", "right"], ["passed", "right"], ["flagged", "right"], ["not evaluated", "right"], ["why not evaluated", "left"]],
      checks.map((c) => [{ code: c.rule }, c.title, count(c.checked), count(c.passed), count(c.flagged), count(c.not_evaluated), c.reasons.join("; ") || "—"])
    ),
    ""
  )
  // Not-evaluated items, grouped by rule, reason and article (flagged items are the anomalies above).
  const notEvaluated = checks.filter((c) => c.rule !== "claims" && c.rule !== "prose-claims").flatMap((c) => c.items.filter((i) => i.status === "not_evaluated"))
  if (notEvaluated.length > 0) {
    out.push("### Items not evaluated", "")
    out.push(
      "Grouped by rule, reason and article. Flagged items are the anomalies above; passed items are counted in the table, and anomalies.json lists them for the rules that check a total, an area or a statement (docs/anomalies.md). Claims, hand-written or found in the prose, are in their own sections.",
      ""
    )
    const groups = groupBy(notEvaluated, (i) => `${i.rule}\u0000${i.detail}\u0000${i.file}`)
    out.push(
      ...table(
        [["rule", "left"], ["why", "left"], ["article", "left"], ["items", "right"], ["lines", "left"], ["for example", "left"]],
        [...groups.values()].map((g) => [{ code: g[0]!.rule }, g[0]!.detail, g[0]!.file, count(g.length), lineRanges(g.map((i) => i.line)), g[0]!.subject])
      ),
      ""
    )
  }
}

const firstLine = (as: ReadonlyArray<Anomaly>) => {
  let min = Infinity
  for (const a of as) if (a.line < min) min = a.line
  return min
}

/** The quote of a claims item: its subject without the leading `file:line `. */
const claimQuote = (i: CheckItem): string => {
  const prefix = `${i.file}:${i.line} `
  return i.subject.startsWith(prefix) ? i.subject.slice(prefix.length) : i.subject
}

const NO_DIAGNOSIS: Diagnosis = { faults: [], unexplained: [] }

/** A fault cell's figure as written: percentages with their decimals, counts grouped. */
const faultFigure = (c: FaultCell, v: number): string =>
  c.field === "percent"
    ? `${v.toFixed(c.decimals)} %`
    : c.field === "change" || (c.table_id === "infobox" && c.stated < 0) || (c.table_id === "infobox" && v < 0)
    ? (v > 0 ? `+${count(v)}` : v < 0 ? `−${count(-v)}` : "±0")
    : count(v)

const FIELD_NAMES: Readonly<Record<string, string>> = { votes: "votes", percent: "%", total_votes: "total votes", seats: "seats", seats_before: "earlier seats", change: "change", regions: "regions" }

/** A fault's rows in the fault table: one per cell; alternatives follow, marked "or". */
const faultTableRows = (f: Fault): Array<ReadonlyArray<Cell>> => {
  const row = (c: FaultCell, first: boolean, alternative: boolean): ReadonlyArray<Cell> => [
    first ? { code: `${c.file}:${c.line}` } : alternative ? { md: `or ${code(`${c.file}:${c.line}`)}` } : { code: `${c.file}:${c.line}` },
    first ? f.area ?? "—" : "",
    c.round === null ? "—" : String(c.round),
    `${c.label} · ${FIELD_NAMES[c.field] ?? c.field}`,
    faultFigure(c, c.stated),
    c.suggestion !== null ? { md: `**${text(faultFigure(c, c.suggestion))}**` } : c.range !== null ? `${faultFigure(c, c.range.low)} to ${faultFigure(c, c.range.high)}` : "—",
    first ? f.explanation : alternative ? "equally small alternative" : "same fault"
  ]
  // Up to two alternatives are shown in the table; more are listed under the fault's evidence.
  const shown = f.alternatives.length <= MAX_TABLE_ALTERNATIVES ? f.alternatives : []
  return [
    ...f.cells.map((c, i) => row(c, i === 0, false)),
    ...shown.flatMap((cells) => cells.map((c, i) => row(c, false, i === 0))),
    ...(shown.length < f.alternatives.length
      ? [[{ md: `or ${count(f.alternatives.length)} more` }, "", "", "equally small alternatives: see the fault's evidence below", "", "", ""] as ReadonlyArray<Cell>]
      : [])
  ]
}

const MAX_TABLE_ALTERNATIVES = 2

/** A fault's options (its cells and each alternative), one line each, for its evidence. */
const faultOptions = (f: Fault): Array<string> =>
  f.alternatives.length === 0
    ? []
    : [
      `${count(f.alternatives.length + 1)} equally small explanations; the article's figures cannot tell them apart:`,
      "",
      ...[f.cells, ...f.alternatives].map((cells) =>
        `- ${cells.map((c) => `${code(`${c.file}:${c.line}`)} ${text(c.label)} · ${text(FIELD_NAMES[c.field] ?? c.field)} ${text(faultFigure(c, c.stated))} → ${
          c.suggestion !== null ? `**${text(faultFigure(c, c.suggestion))}**` : c.range !== null ? text(`${faultFigure(c, c.range.low)} to ${faultFigure(c, c.range.high)}`) : "—"
        }`).join("; ")}`
      ),
      ""
    ]

/** One error or warning, in full (its source lines are quoted once for its section). */
const finding = (a: Anomaly, unexplained?: string): Array<string> => {
  const where = [
    `\`${a.rule}\``,
    ...(a.field ? [text(a.field)] : []),
    code(`${a.file}:${a.line}`),
    ...(a.lines.length > 1 || a.lines[0] !== a.line ? [`lines ${lineRanges(a.lines)}`] : []),
    ...(a.area && a.area !== "national" ? [text(a.area)] : []),
    ...(a.round !== null ? [`round ${a.round}`] : [])
  ]
  const figures = [
    `stated ${figure(a.stated)}`,
    `expected ${figure(a.expected)}`,
    ...(a.delta !== null ? [`delta ${a.delta > 0 ? "+" : ""}${figure(a.delta)}`] : []),
    ...(a.tolerance !== null ? [`tolerance ±${a.tolerance}`] : [])
  ]
  return [
    `- **${a.severity.toUpperCase()}** ${where.join(" · ")}  `,
    `  ${text(a.message)}  `,
    `  ${figures.join(" · ")}  `,
    ...(a.suggestion ? [`  **Suggestion: ${figure(a.suggestion.value)}** — ${text(a.suggestion.reasoning)}  `] : []),
    ...(unexplained !== undefined ? [`  No fault: ${text(unexplained)}.  `] : []),
    `  id ${code(a.id)}`,
    ""
  ]
}

/** More findings alike than this in one section are written once, with their count and lines. */
const MAX_ALIKE = 2

/** Findings alike (severity, rule, figure, reason) in one section: one entry, the first as the example. */
const findingGroup = (group: ReadonlyArray<Anomaly>, unexplained?: string): Array<string> => {
  const a = group[0]!
  const where = [`\`${a.rule}\``, ...(a.field ? [text(a.field)] : []), `${count(group.length)} findings`, `lines ${lineRanges(group.flatMap((x) => x.lines.length > 0 ? x.lines : [x.line]))}`]
  return [
    `- **${a.severity.toUpperCase()}** ${where.join(" · ")}  `,
    `  For example (${code(`${a.file}:${a.line}`)}): ${text(a.message)}  `,
    ...(unexplained !== undefined ? [`  No fault: ${text(unexplained)}.  `] : []),
    `  ids in anomalies.json, e.g. ${code(a.id)}`,
    ""
  ]
}

/** The source lines a section's findings involve, each quoted once, in line order. */
const quote = (doc: Document | undefined, found: ReadonlyArray<Anomaly>, extra: ReadonlyArray<number> = []): Array<string> => {
  if (!doc) return []
  const wanted = new Set<number>(extra)
  for (const a of found) {
    wanted.add(a.line)
    for (const l of a.lines.slice(0, MAX_QUOTED_LINES)) wanted.add(l)
  }
  const lines = [...wanted].filter((l) => l >= 1 && l <= doc.lines.length).sort((a, b) => a - b)
  if (lines.length === 0) return []
  const width = String(lines[lines.length - 1]).length
  const body: Array<string> = []
  lines.forEach((l, i) => {
    if (i > 0 && l > lines[i - 1]! + 1) body.push(`${" ".repeat(width)} ┆`)
    body.push(`${String(l).padStart(width)} │ ${doc.lines[l - 1] ?? ""}`)
  })
  return [`Source lines (${lineRanges(lines)}):`, "", ...codeBlock(body), ""]
}

// -------------------------------------------------------------------------------------------------
// JSON
// -------------------------------------------------------------------------------------------------

const ANOMALY_KEYS = ["id", "rule", "severity", "category", "file", "line", "lines", "section", "area", "round", "table_id", "contest_id", "result_id", "seat_id", "field", "stated", "expected", "delta", "tolerance", "message", "suggestion"] as const
const ITEM_KEYS = ["rule", "subject", "file", "line", "status", "detail"] as const

/**
 * A copier of `keys` (in that order) into a new object, generated once per key list: every copy is
 * one object literal of one shape, which JSON.stringify serialises on its fast path (an object built
 * key by key and then spread over was a slow, dictionary-mode one for the anomalies' 21 keys).
 * Keys are embedded as JSON string literals, so no key can break out of the code.
 */
const picker = <A extends object>(keys: ReadonlyArray<keyof A & string>): (a: A) => Record<string, unknown> =>
  new Function("a", `return { ${keys.map((k) => `${JSON.stringify(k)}: a[${JSON.stringify(k)}]`).join(", ")} }`) as (a: A) => Record<string, unknown>

const pickAnomaly = picker<Anomaly>(ANOMALY_KEYS)
const pickItem = picker<CheckSummary["items"][number]>(ITEM_KEYS)

const anomalyJson = (a: Anomaly) => {
  const o = pickAnomaly(a)
  o["suggestion"] = a.suggestion === null ? null : { value: a.suggestion.value, reasoning: a.suggestion.reasoning }
  return JSON.stringify(o)
}

// The JSON is produced as pieces (a generator): the stage writer encodes and writes them a chunk at
// a time, so the ~44 MB file of a 1,000-article run is never one string, nor one UTF-8 copy.

/** A JSON array of values rendered one at a time, one per line at `indent` + 2. */
function* arrayPieces<A>(indent: string, values: ReadonlyArray<A>, render: (value: A) => string): Generator<string> {
  if (values.length === 0) {
    yield "[]"
    return
  }
  const separator = `,\n${indent}  `
  yield `[\n${indent}  `
  for (let i = 0; i < values.length; i++) {
    if (i > 0) yield separator
    yield render(values[i]!)
  }
  yield `\n${indent}]`
}

function* checkPieces(c: CheckSummary): Generator<string> {
  const listed = !COUNTED_RULES.has(c.rule)
  const head = {
    rule: c.rule,
    title: c.title,
    severity: c.severity,
    checked: c.checked,
    passed: c.passed,
    flagged: c.flagged,
    not_evaluated: c.not_evaluated,
    reasons: c.reasons,
    passed_evidence: listed ? "listed" : "counted"
  }
  const open: Array<CheckSummary["items"][number]> = []
  const passed = new Map<string, Array<CheckSummary["items"][number]>>()
  for (const i of c.items) {
    if (i.status !== "passed") open.push(i)
    else if (listed) {
      const rows = passed.get(i.file)
      if (rows) rows.push(i)
      else passed.set(i.file, [i])
    }
  }
  yield "{\n"
  for (const [k, v] of Object.entries(head)) yield `      ${JSON.stringify(k)}: ${JSON.stringify(v)},\n`
  yield `      "items": `
  yield* arrayPieces("      ", open, (i) => JSON.stringify(pickItem(i)))
  yield `,\n      "passed_items": `
  if (passed.size === 0) yield "{}"
  else {
    yield "{\n"
    let first = true
    for (const [file, rows] of passed) {
      if (!first) yield ",\n"
      first = false
      yield `        ${JSON.stringify(file)}: `
      yield* arrayPieces("        ", rows, (i) => JSON.stringify([i.line, i.subject, i.detail]))
    }
    yield "\n      }"
  }
  yield "\n    }"
}

/**
 * anomalies.json: the faults, then the unexplained findings (each on one line), then every anomaly on one line (fields in the documented order), then one entry per
 * rule with its counts and its items, one item per line. Valid JSON, byte-identical run to run.
 */
export const renderJson = (report: AuditReport, diagnosis: Diagnosis = NO_DIAGNOSIS, extra: Readonly<Record<string, string>> = {}): string =>
  [...jsonPieces(report, diagnosis, extra)].join("")

/** anomalies.json as pieces, in order (renderJson joins them; the run writes them as they come). */
export function* jsonPieces(report: AuditReport, diagnosis: Diagnosis = NO_DIAGNOSIS, extra: Readonly<Record<string, string>> = {}): Generator<string> {
  yield `{\n  "faults": `
  yield* arrayPieces("  ", diagnosis.faults, faultJson)
  yield `,\n  "unexplained": `
  yield* arrayPieces("  ", diagnosis.unexplained, unexplainedJson)
  yield `,\n  "anomalies": `
  yield* arrayPieces("  ", report.anomalies, anomalyJson)
  yield `,\n  "checks": `
  if (report.checks.length === 0) yield "[]"
  else {
    yield "[\n    "
    for (let i = 0; i < report.checks.length; i++) {
      if (i > 0) yield ",\n    "
      yield* checkPieces(report.checks[i]!)
    }
    yield "\n  ]"
  }
  // Sections other stages render (e.g. `baseline`, pipeline/deliver/baseline.ts), as JSON text, after the checks.
  for (const [k, v] of Object.entries(extra)) yield `,\n  ${JSON.stringify(k)}: ${v}`
  yield "\n}\n"
}

const FAULT_KEYS = ["id", "severity", "file", "line", "section", "area", "cells", "alternatives", "pattern", "explanation", "anomalies"] as const
const CELL_KEYS = ["file", "line", "table_id", "row_table", "contest_id", "row_id", "field", "round", "label", "stated", "decimals", "suggestion", "range"] as const
const pickCell = picker<FaultCell>(CELL_KEYS)
const pickFault = picker<Fault>(FAULT_KEYS)
const cellJson = (c: FaultCell) => {
  const o = pickCell(c)
  o["range"] = c.range === null ? null : { low: c.range.low, high: c.range.high }
  return o
}
const faultJson = (f: Fault) => {
  const o = pickFault(f)
  o["cells"] = f.cells.map(cellJson)
  o["alternatives"] = f.alternatives.map((a) => a.map(cellJson))
  return JSON.stringify(o)
}
const unexplainedJson = (u: Unexplained) => JSON.stringify({ anomaly: u.anomaly, reason: u.reason })

/** The faults and unexplained findings of an anomalies.json (empty for a file from before the diagnosis). */
export const readJsonDiagnosis = (json: string): Diagnosis => {
  const raw = JSON.parse(json) as Partial<Diagnosis>
  return { faults: raw.faults ?? [], unexplained: raw.unexplained ?? [] }
}

/**
 * Reads anomalies.json back into an AuditReport: each rule's `passed_items` (file → [line,
 * subject, detail]) become passed CheckItems after its flagged and not-evaluated ones. Passed items
 * of the counted rules (COUNTED_RULES) are not in the file; their number is `passed`.
 */
export const readJsonReport = (json: string): AuditReport => {
  const raw = JSON.parse(json) as {
    anomalies: AuditReport["anomalies"]
    checks: ReadonlyArray<CheckSummary & { passed_items?: Record<string, ReadonlyArray<readonly [number, string, string]>> }>
  }
  return {
    anomalies: raw.anomalies,
    checks: raw.checks.map(({ passed_items, ...c }) => ({
      ...c,
      items: [
        ...c.items,
        ...Object.entries(passed_items ?? {}).flatMap(([file, rows]) =>
          rows.map(([line, subject, detail]): CheckItem => ({ rule: c.rule, subject, file, line, status: "passed", detail }))
        )
      ]
    }))
  }
}

export const anomalyRows = (report: AuditReport): Array<AnomalyRow> =>
  report.anomalies.map((a) => ({
    id: a.id,
    rule: a.rule,
    severity: a.severity,
    category: a.category,
    file: a.file,
    line: a.line,
    lines: a.lines,
    section: a.section,
    area: a.area,
    round: a.round,
    table_id: a.table_id,
    contest_id: a.contest_id,
    result_id: a.result_id,
    seat_id: a.seat_id,
    field: a.field,
    stated: a.stated === null ? null : String(a.stated),
    stated_value: typeof a.stated === "number" ? a.stated : null,
    expected: a.expected === null ? null : String(a.expected),
    expected_value: typeof a.expected === "number" ? a.expected : null,
    delta: a.delta,
    tolerance: a.tolerance,
    message: a.message,
    suggestion: a.suggestion === null ? null : String(a.suggestion.value),
    suggestion_value: typeof a.suggestion?.value === "number" ? a.suggestion.value : null,
    suggestion_reasoning: a.suggestion?.reasoning ?? null
  }))

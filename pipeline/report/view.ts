/**
 * The HTML report's view model: everything reports/index.html shows, as plain data built once in
 * Node from the audit, the diagnosis and the charted contests. The page's script only filters and
 * draws it; all wording of figures (grouping, signs, decimals) is decided here, so the HTML and the
 * Markdown say the same thing.
 *
 * With `--baseline`, each fault and unexplained finding carries its status (new or known), and
 * `baseline` names the file, counts new / known / resolved faults and findings, and lists the
 * resolved ones (set by deliver/baseline.ts, baselineView); the page shows badges, a summary, a
 * "Resolved since the baseline" list and a Baseline filter. Without one, none of this is set.
 */
import type { Anomaly, AuditReport } from "../audit/anomaly.ts"
import { count } from "../audit/format.ts"
import { lineRanges } from "../audit/report.ts"
import type { Fault, FaultCell } from "../diagnose/fault.ts"
import type { Diagnosis } from "../diagnose/fault.ts"
import type { Document } from "../extract/document.ts"
import type { ContestChart } from "./contests.ts"
import { type LazyArray, lazyArray } from "../json-pieces.ts"

export type Severity = "error" | "warning" | "info"
export type BaselineStatus = "new" | "known"

/** A fault or finding the baseline lists and this run no longer finds. */
export interface ResolvedView {
  readonly id: string
  readonly kind: "fault" | "finding"
  readonly reason: string
  /** Where and what, as the baseline's anomalies.json recorded the fault; null for an accepted-ids file. */
  readonly file: string | null
  readonly line: number | null
  readonly severity: string | null
  readonly cell: string | null
  readonly stated: string | null
  /** The suggested value, or the range. */
  readonly suggested: string | null
}

export interface BaselineCounts {
  readonly new: number
  readonly known: number
  readonly resolved: number
}

/** The baseline as the view takes it (status is per fault id and per finding id). */
export interface BaselineView {
  readonly file: string
  readonly counts: { readonly faults: BaselineCounts; readonly findings: BaselineCounts }
  readonly status: ReadonlyMap<string, BaselineStatus>
  readonly resolved: ReadonlyArray<ResolvedView>
}

export interface CellView {
  readonly line: number
  readonly round: number | null
  /** The row in words and the figure: `Ann Example · votes`. */
  readonly cell: string
  readonly stated: string
  /** The settled value, or null. */
  readonly suggested: string | null
  /** When no single value is settled: `957,848 to 959,947`. */
  readonly range: string | null
}

export interface FaultView {
  readonly id: string
  readonly severity: Severity
  readonly status?: BaselineStatus
  readonly file: string
  readonly line: number
  readonly section: string
  readonly area: string | null
  readonly round: number | null
  readonly cells: ReadonlyArray<CellView>
  readonly alternatives: ReadonlyArray<ReadonlyArray<CellView>>
  readonly pattern: string | null
  readonly explanation: string
  /** The rules whose findings the fault explains. */
  readonly rules: ReadonlyArray<string>
  /** Quoted source lines: [line, text]. */
  readonly quote: ReadonlyArray<readonly [number, string]>
}

export interface FindingView {
  readonly id: string
  readonly severity: Severity
  readonly status?: BaselineStatus
  readonly rule: string
  readonly file: string
  readonly line: number
  readonly section: string
  readonly area: string | null
  readonly round: number | null
  readonly field: string | null
  readonly message: string
  /** Why no fault explains it. */
  readonly reason: string | null
  readonly quote: ReadonlyArray<readonly [number, string]>
}

/** Info findings of one article, section and rule: counted, with their lines and one example. */
export interface InfoGroupView {
  readonly file: string
  readonly section: string
  readonly area: string | null
  readonly rule: string
  readonly count: number
  /** The figures or forms concerned, each with its count when more than one: `HEADER_SHIFTED, PERCENT_NO_SIGN (12)`. */
  readonly concerns: string
  readonly lines: string
  readonly example: string
}

export interface GridView {
  /** `area` when every article's areas fit (one row per article × area), else `article`. */
  readonly by: "area" | "article"
  readonly rows: ReadonlyArray<{ readonly file: string; readonly area: string | null; readonly label: string }>
  readonly rules: ReadonlyArray<string>
  /** cells[row][rule]: [worst severity or null, number of findings]. */
  readonly cells: ReadonlyArray<ReadonlyArray<readonly [Severity | null, number]>>
}

export interface ChartView {
  readonly file: string
  readonly area: string
  readonly section: string
  readonly round: number
  readonly line: number
  readonly total: string
  readonly flagged: boolean
  /** [label, line, stated % or null, votes ÷ total %, a fault names this row's figure (1) or not (0), decimals stated]. */
  readonly rows: ReadonlyArray<readonly [string, number, number | null, number, 0 | 1, number]>
}

export interface ReportView {
  readonly articles: ReadonlyArray<{ readonly file: string; readonly title: string }>
  readonly rules: ReadonlyArray<{ readonly code: string; readonly title: string }>
  readonly totals: { readonly faults: Record<Severity, number>; readonly findings: Record<Severity, number> }
  readonly faults: ReadonlyArray<FaultView>
  readonly findings: ReadonlyArray<FindingView>
  readonly info: ReadonlyArray<InfoGroupView>
  readonly grid: GridView
  readonly charts: ReadonlyArray<ChartView>
  /** Contests with list figures in the run, charted or not. */
  readonly contests: number
  /** Only with --baseline. */
  readonly baseline?: { readonly file: string; readonly counts: BaselineView["counts"]; readonly resolved: ReadonlyArray<ResolvedView> }
}

/** At most this many source lines are quoted per fault or finding (its own lines first). */
const MAX_QUOTED = 10
/** Above this many article × area rows, the grid has one row per article. */
export const MAX_GRID_AREA_ROWS = 80

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 }
const zero = (): Record<Severity, number> => ({ error: 0, warning: 0, info: 0 })
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

const FIELD_NAMES: Readonly<Record<string, string>> = { votes: "votes", percent: "%", total_votes: "total votes", seats: "seats", seats_before: "earlier seats", change: "change", regions: "regions" }

/** A fault cell's figure as the article writes it: percentages with their decimals, changes signed. */
export const cellFigure = (c: FaultCell, v: number): string =>
  c.field === "percent"
    ? `${v.toFixed(c.decimals)} %`
    : c.field === "change" || (c.table_id === "infobox" && (c.stated < 0 || v < 0))
    ? (v > 0 ? `+${count(v)}` : v < 0 ? `−${count(-v)}` : "±0")
    : count(v)

export const cellView = (c: FaultCell): CellView => ({
  line: c.line,
  round: c.round,
  cell: `${c.label} · ${FIELD_NAMES[c.field] ?? c.field}`,
  stated: cellFigure(c, c.stated),
  suggested: c.suggestion === null ? null : cellFigure(c, c.suggestion),
  range: c.range === null ? null : `${cellFigure(c, c.range.low)} to ${cellFigure(c, c.range.high)}`
})

/** The lines to quote: `first` (the cells' own lines), then the other lines nearest to them, at most MAX_QUOTED. */
const quoteOf = (doc: Document | undefined, first: ReadonlyArray<number>, rest: ReadonlyArray<number>): Array<readonly [number, string]> => {
  if (!doc) return []
  const wanted: Array<number> = []
  const distance = (l: number) => Math.min(...first.map((f) => Math.abs(f - l)))
  const nearest = [...new Set(rest)].sort((a, b) => distance(a) - distance(b) || a - b)
  for (const l of [...first, ...nearest]) {
    if (wanted.length >= MAX_QUOTED) break
    if (l >= 1 && l <= doc.lines.length && doc.lines[l - 1] !== undefined && !wanted.includes(l)) wanted.push(l)
  }
  return wanted.sort((a, b) => a - b).map((l) => [l, doc.lines[l - 1]!] as const)
}

export interface ViewInput {
  readonly report: AuditReport
  readonly documents: ReadonlyArray<Document>
  readonly diagnosis: Diagnosis
  readonly charts: ReadonlyArray<ContestChart>
  readonly contests: number
  /** The baseline's statuses and resolved items, where --baseline was given. */
  readonly baseline?: BaselineView
}

/**
 * The view as index.html writes it (html.ts `htmlPieces`): a ReportView whose faults and findings
 * may be lazy arrays, each element made as the page's data is written (pipeline/json-pieces.ts).
 */
export type PageView = Omit<ReportView, "faults" | "findings"> & {
  readonly faults: ReadonlyArray<FaultView> | LazyArray<FaultView>
  readonly findings: ReadonlyArray<FindingView> | LazyArray<FindingView>
}

export const buildView = (input: ViewInput): ReportView => {
  const parts = viewParts(input)
  // (Spread first: each key keeps its place, so the page's JSON has the same key order.)
  return { ...parts, faults: [...parts.faults], findings: [...parts.findings] }
}

/**
 * `buildView` for the run: the faults and findings (most of the page's data: ~21 MB of JSON at
 * 3,000 articles) are made one at a time as they are written, never all held at once (issue 8,
 * ninth pass). The same elements in the same order, so the same bytes (test/report-pieces.test.ts).
 */
export const streamedView = (input: ViewInput): PageView => {
  const parts = viewParts(input)
  return { ...parts, faults: lazyArray(parts.faults), findings: lazyArray(parts.findings) }
}

/** The view with its faults and findings as iterables (made as they are consumed; each consumed once), its keys in the page's order. */
const viewParts = ({ report, documents, diagnosis, charts, contests, baseline }: ViewInput) => {
  const status = baseline?.status
  const docs = new Map(documents.map((d) => [d.file, d]))
  const fileOrder = new Map(documents.map((d, i) => [d.file, i]))
  const byId = new Map(report.anomalies.map((a) => [a.id, a]))
  const explained = new Set(diagnosis.faults.flatMap((f) => f.anomalies))
  const why = new Map(diagnosis.unexplained.map((u) => [u.anomaly, u.reason]))

  const totals = { faults: zero(), findings: zero() }
  for (const f of diagnosis.faults) totals.faults[f.severity] += 1
  for (const a of report.anomalies) totals.findings[a.severity] += 1

  const sortedFaults = [...diagnosis.faults]
    .sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || (fileOrder.get(a.file) ?? 0) - (fileOrder.get(b.file) ?? 0) || a.line - b.line || byText(a.id, b.id))
  function* faults(): Generator<FaultView> {
    for (const f of sortedFaults) yield faultView(f, byId, docs, status?.get(f.id))
  }

  function* findings(): Generator<FindingView> {
    for (const a of report.anomalies) if (a.severity !== "info" && !explained.has(a.id)) yield findingView(a)
  }
  const findingView = (a: Anomaly): FindingView => ({
    id: a.id,
    severity: a.severity,
    ...(status?.get(a.id) === undefined ? {} : { status: status.get(a.id)! }),
    rule: a.rule,
    file: a.file,
    line: a.line,
    section: a.section,
    area: a.area,
    round: a.round,
    field: a.field,
    message: a.message,
    reason: why.get(a.id) ?? null,
    quote: quoteOf(docs.get(a.file), [a.line], a.lines)
  })

  const infoGroups = new Map<string, Array<Anomaly>>()
  for (const a of report.anomalies) {
    if (a.severity !== "info") continue
    const key = `${a.file}\u0000${a.section}\u0000${a.rule}`
    const g = infoGroups.get(key)
    if (g) g.push(a)
    else infoGroups.set(key, [a])
  }
  const info = [...infoGroups.values()].map((g): InfoGroupView => ({
    file: g[0]!.file,
    section: g[0]!.section,
    area: g[0]!.area,
    rule: g[0]!.rule,
    count: g.length,
    concerns: concernsOf(g),
    lines: lineRanges(g.flatMap((a) => [a.line])),
    example: g[0]!.message
  }))

  // A list's figures in a round, named by a fault's cell (its votes or its percentage).
  // Every alternative's cells too: a tied fault (two rows stating the same figures) marks each row it may be on.
  const faultCells = new Set(diagnosis.faults.flatMap((f) => [...f.cells, ...f.alternatives.flat()].filter((c) => c.field === "votes" || c.field === "percent").map((c) => `${c.file}\u0000${c.line}\u0000${c.round}`)))
  const chartViews = [...charts]
    .sort((a, b) => Number(b.flagged) - Number(a.flagged) || (fileOrder.get(a.file) ?? 0) - (fileOrder.get(b.file) ?? 0) || a.line - b.line || a.round - b.round)
    .map((c): ChartView => ({
      file: c.file,
      area: c.area,
      section: c.section,
      round: c.round,
      line: c.line,
      total: `${count(c.total)} (${c.total_label})`,
      flagged: c.flagged,
      rows: c.rows.map((r) => [r.label, r.line, r.stated, Number(r.computed.toFixed(4)), faultCells.has(`${c.file}\u0000${r.line}\u0000${c.round}`) ? 1 : 0, r.decimals] as const)
    }))

  return {
    articles: documents.map((d) => ({ file: d.file, title: d.title ?? "(untitled)" })),
    rules: report.checks.map((c) => ({ code: c.rule, title: c.title })),
    totals,
    faults: faults(),
    findings: findings(),
    info,
    grid: grid(report, documents, charts),
    charts: chartViews,
    contests,
    ...(baseline === undefined ? {} : { baseline: { file: baseline.file, counts: baseline.counts, resolved: baseline.resolved } })
  }
}

const concernsOf = (group: ReadonlyArray<Anomaly>): string => {
  const counts = new Map<string, number>()
  for (const a of group) counts.set(a.field ?? "—", (counts.get(a.field ?? "—") ?? 0) + 1)
  return [...counts].map(([field, n]) => (n === 1 ? field : `${field} (${count(n)})`)).join(", ")
}

const faultView = (f: Fault, byId: ReadonlyMap<string, Anomaly>, docs: ReadonlyMap<string, Document>, status: BaselineStatus | undefined): FaultView => {
  const evidence = f.anomalies.map((id) => byId.get(id)).filter((a): a is Anomaly => a !== undefined)
  const round = f.cells.find((c) => c.round !== null)?.round ?? null
  const view: FaultView = {
    id: f.id,
    severity: f.severity,
    file: f.file,
    line: f.line,
    section: f.section,
    area: f.area,
    round,
    cells: f.cells.map(cellView),
    alternatives: f.alternatives.map((cells) => cells.map(cellView)),
    pattern: f.pattern,
    explanation: f.explanation,
    rules: [...new Set(evidence.map((a) => a.rule))].sort(byText),
    quote: quoteOf(docs.get(f.file), [...f.cells, ...f.alternatives.flat()].map((c) => c.line), evidence.flatMap((a) => [a.line, ...a.lines]))
  }
  return status === undefined ? view : { ...view, status }
}

/** Area × rule, coloured by the worst finding; one row per article when the areas would not fit. */
const grid = (report: AuditReport, documents: ReadonlyArray<Document>, charts: ReadonlyArray<ContestChart>): GridView => {
  const rules = report.checks.map((c) => c.rule)
  // Each article's areas with the first line that names them (rows follow the article's order).
  const areasOf = new Map<string, Map<string, number>>(documents.map((d) => [d.file, new Map<string, number>()]))
  const see = (file: string, area: string, line: number) => {
    const areas = areasOf.get(file)
    if (areas && (areas.get(area) ?? Infinity) > line) areas.set(area, line)
  }
  for (const c of charts) see(c.file, c.area, c.line)
  for (const a of report.anomalies) if (a.area !== null) see(a.file, a.area, a.line)
  // A finding without an area (a reading finding, a claim) goes to the area its section is under, if any.
  const areaOf = (a: Anomaly): string => {
    if (a.area !== null) return a.area
    const known = areasOf.get(a.file)
    const heading = a.section.split(" > ").reverse().find((h) => known?.has(h))
    return heading ?? "(article)"
  }
  for (const a of report.anomalies) if (a.area === null) see(a.file, areaOf(a), a.line)
  const areaRows = [...areasOf.values()].reduce((n, s) => n + s.size, 0)
  const by = areaRows <= MAX_GRID_AREA_ROWS ? "area" : "article"
  const rows: Array<{ file: string; area: string | null; label: string }> = []
  const index = new Map<string, number>()
  for (const d of documents) {
    const areas: Array<string | null> = by === "area" ? [...areasOf.get(d.file)!].sort((a, b) => a[1] - b[1] || byText(a[0], b[0])).map(([area]) => area) : [null]
    if (by === "area" && areas.length === 0) areas.push("(article)")
    for (const area of areas) {
      index.set(`${d.file}\u0000${area ?? ""}`, rows.length)
      rows.push({ file: d.file, area, label: area ?? d.file })
    }
  }
  const cells = rows.map(() => rules.map((): [Severity | null, number] => [null, 0]))
  const col = new Map(rules.map((r, i) => [r, i]))
  for (const a of report.anomalies) {
    const r = index.get(`${a.file}\u0000${by === "area" ? areaOf(a) : ""}`)
    const c = col.get(a.rule)
    if (r === undefined || c === undefined) continue
    const cell = cells[r]![c]!
    if (cell[0] === null || SEVERITY_RANK[a.severity] > SEVERITY_RANK[cell[0]]) cell[0] = a.severity
    cell[1] += 1
  }
  return { by, rows, rules, cells }
}

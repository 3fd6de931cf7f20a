/**
 * `--baseline FILE`: which faults are new, which are known (accepted in the baseline), and which
 * the baseline lists but the run no longer finds (resolved), so CI fails only on what changed.
 *
 * A baseline is either an earlier reports/anomalies.json (its `faults` ids, and the anomaly ids of
 * its `unexplained` findings, are accepted with the reason "in the baseline report") or a file of
 * accepted ids, each with a reason:
 *   - JSON: `{ "accepted": [ { "id": "<fault or finding id>", "reason": "<why it is accepted>" } ] }`
 *   - CSV: a header `id,reason`, then one row per accepted id.
 * An id is a fault id (out/faults.fault_id) or, for a finding no fault explains, the finding's id.
 * Ids name article, section and row/column keys, never a line, so they survive lines moving.
 */
import Papa from "papaparse"
import * as Schema from "effect/Schema"
import type { Anomaly } from "../audit/anomaly.ts"
import * as md from "../audit/markdown.ts"
import type { Fault, FaultCell, Unexplained } from "../diagnose/fault.ts"
import { type BaselineView, cellView, type ResolvedView } from "../report/view.ts"

export interface Baseline {
  /** The baseline file's name (no folder: reports hold no absolute path). */
  readonly name: string
  /** Accepted id → reason. */
  readonly accepted: ReadonlyMap<string, string>
  /**
   * What an anomalies.json baseline records of each of its faults (where, which cell, stated →
   * suggested), so a resolved fault can be shown as it was; empty for an accepted-ids file.
   */
  readonly recorded: ReadonlyMap<string, RecordedFault>
  /** The ids an anomalies.json baseline lists as findings (its `unexplained`); empty for an accepted-ids file. */
  readonly findings: ReadonlySet<string>
}

/** A baseline fault as its anomalies.json wrote it: only what a resolved fault's line shows. */
export interface RecordedFault {
  readonly file: string | null
  readonly line: number | null
  readonly severity: string | null
  /** Its first cell, as written in the baseline. */
  readonly cell: FaultCell | null
}

const Report = Schema.Struct({
  faults: Schema.Array(Schema.Struct({ id: Schema.String })),
  unexplained: Schema.optional(Schema.Array(Schema.Struct({ anomaly: Schema.String })))
})
const Entry = Schema.Struct({ id: Schema.String.check(Schema.isNonEmpty()), reason: Schema.String.check(Schema.isNonEmpty()) })
const Accepted = Schema.Struct({ accepted: Schema.Array(Entry) })

const IN_REPORT = "in the baseline report"

/** Reads a baseline file's text: anomalies.json, an accepted-ids JSON or CSV. A problem is a sentence naming the file. */
export const parseBaseline = (text: string, name: string): Baseline | { readonly problem: string } => {
  const trimmed = text.replace(/^\uFEFF/, "").trim()
  if (trimmed.startsWith("{")) {
    let raw: unknown
    try {
      raw = JSON.parse(trimmed)
    } catch (e) {
      return { problem: `${name}: not valid JSON (${e instanceof Error ? e.message : String(e)})` }
    }
    if (Schema.is(Report)(raw)) {
      const accepted = new Map<string, string>()
      const recorded = new Map<string, RecordedFault>()
      for (const f of raw.faults) {
        accepted.set(f.id, IN_REPORT)
        recorded.set(f.id, recordOf(f))
      }
      for (const u of raw.unexplained ?? []) accepted.set(u.anomaly, IN_REPORT)
      return { name, accepted, recorded, findings: new Set((raw.unexplained ?? []).map((u) => u.anomaly)) }
    }
    if (Schema.is(Accepted)(raw)) return { name, accepted: new Map(raw.accepted.map((e) => [e.id, e.reason])), recorded: new Map(), findings: new Set() }
    return { problem: `${name}: neither an anomalies.json (with "faults") nor {"accepted": [{"id", "reason"}]} with a non-empty id and reason in every entry` }
  }
  const parsed = Papa.parse<Record<string, string>>(trimmed, { header: true, skipEmptyLines: true })
  const fields = parsed.meta.fields ?? []
  if (!fields.includes("id") || !fields.includes("reason")) return { problem: `${name}: a CSV baseline needs the header id,reason` }
  const accepted = new Map<string, string>()
  for (const [i, row] of parsed.data.entries()) {
    const id = (row.id ?? "").trim()
    const reason = (row.reason ?? "").trim()
    if (id === "" || reason === "") return { problem: `${name}: row ${i + 2} needs both an id and a reason` }
    accepted.set(id, reason)
  }
  return { name, accepted, recorded: new Map(), findings: new Set() }
}

const CellShape = Schema.Struct({
  table_id: Schema.String,
  line: Schema.Number,
  field: Schema.String,
  label: Schema.String,
  round: Schema.NullOr(Schema.Number),
  stated: Schema.Number,
  decimals: Schema.Number,
  suggestion: Schema.NullOr(Schema.Number),
  range: Schema.NullOr(Schema.Struct({ low: Schema.Number, high: Schema.Number }))
})

/** What a baseline fault records, read field by field: a field of another shape is left out (null), never guessed. */
const recordOf = (f: { readonly id: string }): RecordedFault => {
  const o = f as Record<string, unknown>
  const first = Array.isArray(o.cells) ? (o.cells as Array<unknown>)[0] : undefined
  return {
    file: typeof o.file === "string" ? o.file : null,
    line: typeof o.line === "number" ? o.line : null,
    severity: typeof o.severity === "string" ? o.severity : null,
    cell: Schema.is(CellShape)(first) ? (first as unknown as FaultCell) : null
  }
}

/**
 * Whether an accepted id names a finding rather than a fault: listed as one in an anomalies.json
 * baseline, or (an accepted-ids file) it starts with a rule's code, as every finding id does
 * (`implied-total/…`), while a fault id starts with its article (`2004-french-…/…`).
 */
const isFindingId = (baseline: Baseline, ruleCodes: ReadonlySet<string>, id: string): boolean =>
  baseline.findings.has(id) || (!baseline.recorded.has(id) && ruleCodes.has(id.slice(0, id.indexOf("/"))))

export interface BaselineComparison {
  readonly name: string
  /** Faults of this run the baseline does not accept. */
  readonly new: ReadonlyArray<string>
  readonly known: ReadonlyArray<{ readonly id: string; readonly reason: string }>
  /** Accepted fault ids this run no longer finds. */
  readonly resolved: ReadonlyArray<{ readonly id: string; readonly reason: string }>
  /** Accepted finding ids (no fault) this run no longer finds. */
  readonly resolvedFindings: ReadonlyArray<{ readonly id: string; readonly reason: string }>
  /** Error and warning findings no fault explains, by the same test. */
  readonly newFindings: ReadonlyArray<string>
  readonly knownFindings: ReadonlyArray<string>
}

export const compareBaseline = (
  baseline: Baseline,
  faults: ReadonlyArray<Fault>,
  unexplained: ReadonlyArray<Unexplained>,
  anomalies: ReadonlyArray<Anomaly>,
  ruleCodes: ReadonlyArray<string> = []
): BaselineComparison => {
  const current = new Set([...faults.map((f) => f.id), ...unexplained.map((u) => u.anomaly), ...anomalies.map((a) => a.id)])
  const sortIds = (ids: Array<string>) => ids.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  const codes = new Set([...ruleCodes, ...anomalies.map((a) => a.rule)])
  const gone = sortIds([...baseline.accepted.keys()].filter((id) => !current.has(id))).map((id) => ({ id, reason: baseline.accepted.get(id)! }))
  return {
    name: baseline.name,
    new: faults.filter((f) => !baseline.accepted.has(f.id)).map((f) => f.id),
    known: faults.filter((f) => baseline.accepted.has(f.id)).map((f) => ({ id: f.id, reason: baseline.accepted.get(f.id)! })),
    resolved: gone.filter((r) => !isFindingId(baseline, codes, r.id)),
    resolvedFindings: gone.filter((r) => isFindingId(baseline, codes, r.id)),
    newFindings: unexplained.filter((u) => !baseline.accepted.has(u.anomaly)).map((u) => u.anomaly),
    knownFindings: unexplained.filter((u) => baseline.accepted.has(u.anomaly)).map((u) => u.anomaly)
  }
}

/**
 * What the HTML report shows of a baseline: the file's name, the counts, each current fault's and
 * unexplained finding's status (new or known), and the resolved ones — a fault as the baseline's
 * anomalies.json recorded it (file:line, cell, stated → suggested), else only its id and reason.
 */
export const baselineView = (baseline: Baseline, c: BaselineComparison): BaselineView => {
  const status = new Map<string, "new" | "known">()
  for (const id of [...c.new, ...c.newFindings]) status.set(id, "new")
  for (const id of [...c.known.map((k) => k.id), ...c.knownFindings]) status.set(id, "known")
  const resolvedView = (kind: "fault" | "finding") => (r: { readonly id: string; readonly reason: string }): ResolvedView => {
    const rec = baseline.recorded.get(r.id)
    const cell = rec?.cell ?? null
    return {
      id: r.id,
      kind,
      reason: r.reason,
      file: rec?.file ?? null,
      line: rec?.line ?? null,
      severity: rec?.severity ?? null,
      cell: cell === null ? null : cellView(cell).cell,
      stated: cell === null ? null : cellView(cell).stated,
      suggested: cell === null ? null : cellView(cell).suggested ?? cellView(cell).range
    }
  }
  return {
    file: c.name,
    counts: {
      faults: { new: c.new.length, known: c.known.length, resolved: c.resolved.length },
      findings: { new: c.newFindings.length, known: c.knownFindings.length, resolved: c.resolvedFindings.length }
    },
    status,
    resolved: [...c.resolved.map(resolvedView("fault")), ...c.resolvedFindings.map(resolvedView("finding"))]
  }
}

const RANK = { info: 0, warning: 1, error: 2 } as const

/** What `--fail-on` counts with a baseline: new faults, and new unexplained findings, at or above the severity. */
export const newAtOrAbove = (
  comparison: BaselineComparison,
  faults: ReadonlyArray<Fault>,
  anomalies: ReadonlyArray<Anomaly>,
  failOn: keyof typeof RANK
): number => {
  const isNew = new Set([...comparison.new, ...comparison.newFindings])
  return faults.filter((f) => isNew.has(f.id) && RANK[f.severity] >= RANK[failOn]).length +
    anomalies.filter((a) => isNew.has(a.id) && RANK[a.severity] >= RANK[failOn]).length
}

/** The `baseline` object of anomalies.json, on one line per list. */
export const baselineJson = (c: BaselineComparison): string =>
  `{\n    "file": ${JSON.stringify(c.name)},\n    "new": ${JSON.stringify(c.new)},\n    "known": ${JSON.stringify(c.known)},\n` +
  `    "resolved": ${JSON.stringify(c.resolved)},\n    "new_findings": ${JSON.stringify(c.newFindings)},\n    "known_findings": ${JSON.stringify(c.knownFindings)},\n` +
  `    "resolved_findings": ${JSON.stringify(c.resolvedFindings)}\n  }`

/** One line for the top of the Markdown report: the counts, pointing to the Baseline section. */
export const baselineSummary = (c: BaselineComparison): string =>
  `**Baseline** ${md.code(c.name)}: faults ${c.new.length} new, ${c.known.length} known, ${c.resolved.length} resolved; ` +
  `findings no fault explains ${c.newFindings.length} new, ${c.knownFindings.length} known, ${c.resolvedFindings.length} resolved ` +
  "(see [Baseline](#baseline); `--fail-on` counts only the new ones)."

/** The report with the baseline summary after its first paragraph (the line after the title's paragraph). */
export const withBaselineSummary = (report: string, c: BaselineComparison): string => {
  const title = report.indexOf("\n\n")
  const end = title < 0 ? -1 : report.indexOf("\n\n", title + 2)
  return end < 0 ? `${report}\n${baselineSummary(c)}\n` : `${report.slice(0, end)}\n\n${baselineSummary(c)}${report.slice(end)}`
}

/** The Markdown report's Baseline section: new, known (with their reasons) and resolved, faults and findings apart. */
export const baselineMarkdown = (c: BaselineComparison): string => {
  const list = (items: ReadonlyArray<string>) => (items.length === 0 ? ["- none"] : items.map((i) => `- ${i}`))
  const why = (r: { readonly id: string; readonly reason: string }) => `${md.code(r.id)}: ${md.text(r.reason)}`
  return [
    "## Baseline",
    "",
    `Compared with ${md.code(c.name)}: ${c.new.length} new, ${c.known.length} known and ${c.resolved.length} resolved faults; ` +
    `${c.newFindings.length} new, ${c.knownFindings.length} known and ${c.resolvedFindings.length} resolved findings no fault explains. ` +
    "With a baseline, `--fail-on` counts only the new ones.",
    "",
    "### New",
    "",
    `Faults (${c.new.length}):`,
    "",
    ...list(c.new.map((id) => md.code(id))),
    "",
    `Findings no fault explains (${c.newFindings.length}):`,
    "",
    ...list(c.newFindings.map((id) => md.code(id))),
    "",
    "### Known",
    "",
    `Faults (${c.known.length}), each with the reason it is accepted:`,
    "",
    ...list(c.known.map(why)),
    "",
    `Findings no fault explains (${c.knownFindings.length}):`,
    "",
    ...list(c.knownFindings.map((id) => md.code(id))),
    "",
    "### Resolved",
    "",
    `Faults (${c.resolved.length}):`,
    "",
    ...list(c.resolved.map(why)),
    "",
    `Findings no fault explains (${c.resolvedFindings.length}):`,
    "",
    ...list(c.resolvedFindings.map(why)),
    ""
  ].join("\n")
}

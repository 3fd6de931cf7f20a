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
import type { Fault, Unexplained } from "../diagnose/fault.ts"

export type FaultStatus = "new" | "known" | "resolved"

export interface Baseline {
  /** The baseline file's name (no folder: reports hold no absolute path). */
  readonly name: string
  /** Accepted id → reason. */
  readonly accepted: ReadonlyMap<string, string>
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
      for (const f of raw.faults) accepted.set(f.id, IN_REPORT)
      for (const u of raw.unexplained ?? []) accepted.set(u.anomaly, IN_REPORT)
      return { name, accepted }
    }
    if (Schema.is(Accepted)(raw)) return { name, accepted: new Map(raw.accepted.map((e) => [e.id, e.reason])) }
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
  return { name, accepted }
}

export interface BaselineComparison {
  readonly name: string
  /** Faults of this run the baseline does not accept. */
  readonly new: ReadonlyArray<string>
  readonly known: ReadonlyArray<{ readonly id: string; readonly reason: string }>
  /** Accepted ids this run no longer finds (neither a fault nor a finding). */
  readonly resolved: ReadonlyArray<{ readonly id: string; readonly reason: string }>
  /** Error and warning findings no fault explains, by the same test. */
  readonly newFindings: ReadonlyArray<string>
  readonly knownFindings: ReadonlyArray<string>
}

export const compareBaseline = (
  baseline: Baseline,
  faults: ReadonlyArray<Fault>,
  unexplained: ReadonlyArray<Unexplained>,
  anomalies: ReadonlyArray<Anomaly>
): BaselineComparison => {
  const current = new Set([...faults.map((f) => f.id), ...anomalies.map((a) => a.id)])
  const sortIds = (ids: Array<string>) => ids.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  return {
    name: baseline.name,
    new: faults.filter((f) => !baseline.accepted.has(f.id)).map((f) => f.id),
    known: faults.filter((f) => baseline.accepted.has(f.id)).map((f) => ({ id: f.id, reason: baseline.accepted.get(f.id)! })),
    resolved: sortIds([...baseline.accepted.keys()].filter((id) => !current.has(id))).map((id) => ({ id, reason: baseline.accepted.get(id)! })),
    newFindings: unexplained.filter((u) => !baseline.accepted.has(u.anomaly)).map((u) => u.anomaly),
    knownFindings: unexplained.filter((u) => baseline.accepted.has(u.anomaly)).map((u) => u.anomaly)
  }
}

/**
 * Each fault's status against a baseline — new or known — and the resolved ids (for the HTML
 * report's per-fault status). Without a baseline every fault is new.
 */
export const faultStatuses = (faults: ReadonlyArray<Fault>, comparison: BaselineComparison | null): ReadonlyMap<string, FaultStatus> => {
  const out = new Map<string, FaultStatus>()
  for (const f of faults) out.set(f.id, comparison !== null && comparison.known.some((k) => k.id === f.id) ? "known" : "new")
  for (const r of comparison?.resolved ?? []) out.set(r.id, "resolved")
  return out
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
  `    "resolved": ${JSON.stringify(c.resolved)},\n    "new_findings": ${JSON.stringify(c.newFindings)},\n    "known_findings": ${JSON.stringify(c.knownFindings)}\n  }`

/** The Markdown report's short Baseline section. */
export const baselineMarkdown = (c: BaselineComparison): string => {
  const list = (items: ReadonlyArray<string>) => (items.length === 0 ? ["- none"] : items.map((i) => `- ${i}`))
  return [
    "## Baseline",
    "",
    `Compared with ${md.code(c.name)}: ${c.new.length} new, ${c.known.length} known and ${c.resolved.length} resolved faults; ` +
    `${c.newFindings.length} new and ${c.knownFindings.length} known findings no fault explains. With a baseline, \`--fail-on\` counts only the new ones.`,
    "",
    "### New",
    "",
    ...list([...c.new, ...c.newFindings].map((id) => md.code(id))),
    "",
    "### Resolved",
    "",
    ...list(c.resolved.map((r) => `${md.code(r.id)}: ${md.text(r.reason)}`)),
    ""
  ].join("\n")
}

/**
 * The diagnosis stage: from the audit's findings to located faults.
 *
 *   audit (rules state what they saw) → diagnose (which cells are wrong, and what the rest implies) → emit
 *
 * Article by article and block by block (a results table's round, a seat table, an infobox
 * figure), the checks the rules run are restated as a constraint system (./system.ts); the
 * smallest weighted set of faults that makes it hold is found by an exact bounded search
 * (./localise.ts); each fault lists the findings it explains. Every error and warning is explained
 * by a fault or listed as unexplained with the reason. The work is linear in the number of
 * articles: each block is solved once, alone.
 */
import type { Anomaly } from "../audit/anomaly.ts"
import type { Reference } from "../audit/reference.ts"
import { slug, uniqueIds } from "../normalise/ids.ts"
import type { Dataset } from "../normalise/normalise.ts"
import type { Diagnosis, Fault, FaultCell, Unexplained } from "./fault.ts"
import { type Explanation, localise } from "./localise.ts"
import { type Block, buildBlocks, type Cell, equalityBlock, type Tag } from "./system.ts"
import { enUS } from "../audit/format.ts"
import { compareText } from "../collate.ts"

/** More equally minimal explanations than this are not listed: the block is "not localised". */
export const MAX_ALTERNATIVES = 24

const SEVERITY_RANK = { info: 0, warning: 1, error: 2 } as const

/** Why a finding of a rule that states no table figure cannot be a fault's evidence. */
const NO_CELL_REASON: Readonly<Record<string, string>> = {
  claims: "a statement in the article's prose, not a figure of a table: there is no cell to correct (the claim's verdict is the finding)",
  "prose-claims": "a statement found in the article's prose, not a figure of a table: there is no cell to correct (the claim's verdict is the finding)",
  normalisation: "a reading finding: the cell is missing or could not be read, so there is no stated figure to correct",
  reconciliation: "compares tables of different levels whose gap may have causes outside the article (omitted councils, families of lists); not a constraint on one table's cells",
  presidencies: "compares presidencies with the text; not a constraint on one table's cells",
  "round-two-qualification": "concerns which lists could stand in round two, not a figure's value",
  "seat-reconstruction": "the seat table does not reproduce under the electoral law of the reference, and no fault of its seat or vote cells accounts for it",
  "repeated-figure": "the repeated figure is consistent with every check of its round: nothing to correct",
  infobox: "the infobox field could not be matched to one cell"
}

export interface DiagnoseInput {
  /** The normalised dataset, article by article (as main.ts builds it). */
  readonly parts: ReadonlyArray<Dataset>
  readonly reference: Reference
  /** The audit's findings (every article). */
  readonly anomalies: ReadonlyArray<Anomaly>
}

export interface DiagnoseOutput extends Diagnosis {
  /** The audit's findings, each explained one carrying its fault's suggestion (see docs/anomalies.md). */
  readonly anomalies: ReadonlyArray<Anomaly>
}

const real = (cell: Cell, v: number) => (cell.kind === "percent" ? Number((v / 10 ** cell.decimals).toFixed(cell.decimals)) : v)
const show = (cell: Cell, v: number) =>
  cell.kind === "percent"
    ? `${(v / 10 ** cell.decimals).toFixed(cell.decimals)} %`
    : cell.kind === "signed"
    ? (v > 0 ? `+${enUS(v)}` : v < 0 ? `−${enUS(-v)}` : "±0")
    : enUS(v)

const FIELD_WORDS: Readonly<Record<string, string>> = {
  votes: "votes",
  percent: "percentage",
  total_votes: "total",
  seats: "seats",
  seats_before: "earlier seats",
  change: "change",
  regions: "regions",
  value: "value"
}
const possessive = (name: string) => (name.endsWith("s") ? `${name}'` : `${name}'s`)
const cellName = (c: Cell) =>
  c.label === "Total"
    ? `the ${c.round !== null ? `round-${c.round} ` : ""}Total row's ${FIELD_WORDS[c.field] ?? c.field}`
    : `${possessive(c.label)} ${c.round !== null ? `round-${c.round} ` : ""}${FIELD_WORDS[c.field] ?? c.field.replace("_", " ")}`

interface Shape {
  readonly cells: ReadonlyArray<number>
  readonly values: Map<number, { low: number; high: number; single: number | null }>
  readonly explanation: Explanation
}

/** Groups explanations by the cells they change; merges the values each cell may take. */
const shapesOf = (explanations: ReadonlyArray<Explanation>, block: Block): Array<Shape> => {
  const byKey = new Map<string, Shape>()
  for (const e of explanations) {
    const cells = e.changes.map((c) => c.cell).sort((a, b) => a - b)
    const key = cells.join(",")
    let shape = byKey.get(key)
    if (!shape) {
      shape = { cells, values: new Map(), explanation: e }
      byKey.set(key, shape)
    }
    for (const c of e.changes) {
      const prev = shape.values.get(c.cell)
      if (!prev) shape.values.set(c.cell, { low: c.low, high: c.high, single: c.value })
      else {
        shape.values.set(c.cell, {
          low: Math.min(prev.low, c.low),
          high: Math.max(prev.high, c.high),
          single: prev.single !== null && prev.single === c.value ? prev.single : null
        })
      }
    }
  }
  const line = (s: Shape) => Math.min(...s.cells.map((c) => block.cells[c]!.line))
  return [...byKey.values()].sort((a, b) => line(a) - line(b) || a.cells[0]! - b.cells[0]!)
}

const faultCells = (block: Block, shape: Shape, only?: ReadonlySet<number>): Array<FaultCell> =>
  shape.cells
    .filter((c) => only === undefined || only.has(c))
    .map((i) => {
      const cell = block.cells[i]!
      const v = shape.values.get(i)!
      const settled = v.single !== null || v.low === v.high
      return {
        file: cell.file,
        line: cell.line,
        table_id: cell.table_id,
        row_table: cell.row_table,
        contest_id: cell.contest_id,
        row_id: cell.row_id,
        field: cell.field,
        round: cell.round,
        label: cell.label,
        stated: real(cell, cell.stated!),
        decimals: cell.decimals,
        suggestion: settled ? real(cell, v.single ?? v.low) : null,
        range: settled ? null : { low: real(cell, v.low), high: real(cell, v.high) }
      }
    })
    .sort((a, b) => a.line - b.line)

const describeChange = (block: Block, shape: Shape, cells?: ReadonlyArray<number>): string =>
  (cells ?? shape.cells).map((i) => {
    const cell = block.cells[i]!
    const v = shape.values.get(i)!
    const to = v.single !== null || v.low === v.high ? show(cell, v.single ?? v.low) : `between ${show(cell, v.low)} and ${show(cell, v.high)}`
    return `${cellName(cell)} ${show(cell, cell.stated!)} → ${to}`
  }).join(" and ")

const joinWords = (parts: ReadonlyArray<string>) =>
  parts.length <= 1 ? parts.join("") : `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`

/** Diagnoses a whole run at once (tests, tools): the article-by-article diagnoser over every part. */
export const diagnose = (input: DiagnoseInput): DiagnoseOutput => {
  const byFile = new Map<string, Array<Anomaly>>()
  for (const a of input.anomalies) {
    const list = byFile.get(a.file)
    if (list) list.push(a)
    else byFile.set(a.file, [a])
  }
  const diagnoser = createDiagnoser(input.reference)
  for (const part of input.parts) diagnoser.add(part, byFile.get(part.elections[0]?.source_file ?? "") ?? [])
  return diagnoser.finish(input.anomalies)
}

// `add`'s steps — the infobox's one-cell blocks, one block's diagnosis, one fault — are functions
// of their own: as one closure `add` was compiled 11 times at 1,000 articles by V8's optimising
// compiler, each time whole (issue 8, fifth pass).

/** What a diagnoser accumulates (see createDiagnoser). */
interface DiagnoserState {
  readonly ids: (id: string) => string
  readonly faults: Array<Fault>
  readonly explainedBy: Map<string, Fault>
  readonly reasons: Map<string, string>
}

/** The findings of the checks `tags` name (by rule and line). */
const taggedFindings = (byRuleLine: ReadonlyMap<string, ReadonlyArray<Anomaly>>, tags: ReadonlyArray<Tag>): Array<Anomaly> =>
  tags.flatMap((t) => byRuleLine.get(`${t.rule}\u0000${t.line}`) ?? [])

/** An infobox figure that must equal its table's: a one-cell block from the finding. */
const pushInfoboxBlocks = (part: Dataset, found: ReadonlyArray<Anomaly>, file: string, blocks: Array<Block>): void => {
  const infobox = new Map(part.infobox.map((f) => [f.source_line, f]))
  for (const a of found) {
    if (a.rule !== "infobox" || typeof a.stated !== "number" || typeof a.expected !== "number") continue
    const record = infobox.get(a.line)
    if (!record) continue
    const cell: Cell = {
      file,
      line: a.line,
      table_id: "infobox",
      row_table: "infobox",
      contest_id: null,
      row_id: `${record.election_id}/${slug(record.key)}`,
      field: "value",
      round: null,
      label: `the infobox's ${record.key}`,
      key: `infobox/${slug(record.key)}`,
      stated: a.stated,
      decimals: 0,
      kind: a.field === "change" ? "signed" : "count",
      copy: null
    }
    const tag: Tag = { rule: "infobox", line: a.line, what: `the infobox agrees with the seat table (${show(cell, a.expected)})` }
    blocks.push(equalityBlock(cell, a.expected, tag, a.section, record.election_id))
  }
}

/** One block: localised, and each fault found recorded with the findings it explains (or why none is). */
const diagnoseBlock = (state: DiagnoserState, block: Block, found: ReadonlyArray<Anomaly>, byRuleLine: ReadonlyMap<string, ReadonlyArray<Anomaly>>): void => {
  const { reasons } = state
  const result = localise(block)
  if (result.status === "clean") return
  const violatedTags = result.violated.flatMap((i) => block.constraints[i]!.tags)
  const evidence = taggedFindings(byRuleLine, violatedTags)
  if (result.status === "not-localised") {
    for (const a of evidence) if (!reasons.has(a.id)) reasons.set(a.id, `not localised: ${result.reason}`)
    return
  }
  const shapes = shapesOf(result.explanations, block)
  if (shapes.length > MAX_ALTERNATIVES) {
    for (const a of evidence) if (!reasons.has(a.id)) reasons.set(a.id, `not localised: ${shapes.length} equally small explanations (e.g. ${describeChange(block, shapes[0]!)}); the table's checks cannot tell them apart`)
    return
  }
  // One explanation of several faults is reported as that many faults; ties stay one fault with alternatives.
  const groups: Array<FaultGroup> =
    shapes.length === 1 && shapes[0]!.explanation.units.length > 1
      ? shapes[0]!.explanation.units.map((u) => ({ cells: [u.primary, ...u.linked.map(([c]) => c), ...u.recomputed].filter((c, i, all) => all.indexOf(c) === i), shapes }))
      : [{ cells: undefined, shapes }]
  const restored = [...new Set(violatedTags.map((t) => t.what))]
  for (const group of groups) {
    const made = groupFault(state, block, result.violated, violatedTags, restored, group, found, byRuleLine)
    if (made === null) continue
    state.faults.push(made.fault)
    for (const a of made.explained) if (!state.explainedBy.has(a.id)) state.explainedBy.set(a.id, made.fault)
  }
}

/** The cells of one fault (undefined: every cell of its shapes) and its equally small shapes. */
interface FaultGroup {
  readonly cells: ReadonlyArray<number> | undefined
  readonly shapes: ReadonlyArray<Shape>
}

/** One fault of a located block and the findings it explains; null when it changes no stated figure. */
const groupFault = (
  state: DiagnoserState, block: Block, violated: ReadonlyArray<number>, violatedTags: ReadonlyArray<Tag>, restored: ReadonlyArray<string>,
  group: FaultGroup, found: ReadonlyArray<Anomaly>, byRuleLine: ReadonlyMap<string, ReadonlyArray<Anomaly>>
): { readonly fault: Fault; readonly explained: ReadonlyArray<Anomaly> } | null => {
  const first = group.shapes[0]!
  const only = group.cells ? new Set(group.cells) : undefined
  const cells = faultCells(block, first, only)
  // A unit of a several-fault explanation that changes no stated figure is no fault of its own
  // (fuzzing found one on a corrupted table; it made `cells[0]` undefined).
  if (cells.length === 0) return null
  const alternatives = group.shapes.slice(1).map((s) => faultCells(block, s))
  const cellLines = new Set([first, ...group.shapes.slice(1)].flatMap((s) => s.cells.filter((c) => !only || only.has(c)).map((c) => block.cells[c]!.line)))
  // Findings that state a pattern rather than a check: a copied figure on a fault's cell; a
  // council that reproduces under the law once the fault's vote figure is corrected (or whose
  // off side holds the fault's seat cells).
  const related = found.filter((a) =>
    (a.rule === "repeated-figure" && a.section === block.section && cellLines.has(a.line)) ||
    (a.rule === "seat-reconstruction" && (a.severity === "info" ? cellLines.has(a.line) : a.section === block.section && a.lines.some((l) => cellLines.has(l))))
  )
  const reproduces = related.some((a) => a.rule === "seat-reconstruction" && a.severity === "info")
  // With several faults in one block, each explains the findings on its own cells' checks.
  const ownTags = only
    ? violated.filter((i) => {
      const c = block.constraints[i]!
      const touched = c.kind === "pct" ? [c.votes, c.total, c.pct] : c.kind === "psum" ? c.pcts : c.terms.map(([x]) => x)
      return touched.some((x) => only.has(x))
    }).flatMap((i) => block.constraints[i]!.tags)
    : violatedTags
  const explained = [...new Map([...taggedFindings(byRuleLine, ownTags), ...related].map((a) => [a.id, a])).values()]
  const severity = explained.reduce<Fault["severity"]>((s, a) => (SEVERITY_RANK[a.severity] > SEVERITY_RANK[s] ? a.severity : s), "info")
  const primary = block.cells[first.explanation.units[0]!.primary]!
  const pattern = group.shapes.every((s) => s.explanation.pattern === first.explanation.pattern) ? first.explanation.pattern : null
  const ownWhat = only ? [...new Set(ownTags.map((t) => t.what))] : restored
  const change = group.shapes.length === 1
    ? describeChange(block, first, only ? first.cells.filter((c) => only.has(c)) : undefined)
    : group.shapes.length <= 3
    ? `one of ${group.shapes.length} equally small changes — ${group.shapes.map((s) => describeChange(block, s)).join("; or ")}`
    : `one of ${group.shapes.length} equally small changes, e.g. ${describeChange(block, first)} (the others are listed as alternatives)`
  const settles = cells.some((c) => c.suggestion !== null) && alternatives.length === 0
  const explanation = `${change.charAt(0).toUpperCase()}${change.slice(1)}${pattern ? ` (${pattern})` : ""}: with ${group.shapes.length === 1 && cells.length === 1 ? "it" : "this"}, ${joinWords(ownWhat)}${
    ownWhat.length === 0 ? "every check of the table holds" : ""
}${reproduces ? "; with it the 2004 seat allocation also reproduces the council table (independent evidence)" : ""}. ${settles ? "The value is what the article's other figures imply, not a claim about the official result." : group.shapes.length > 1 ? "The article's figures cannot tell these apart." : "The article's figures bound the value but do not settle it."}`
  const fault: Fault = {
    id: state.ids(`${slug(block.file.replace(/\.[^.]+$/, ""))}/${slug(block.section) || "top"}/${primary.key}`),
    severity: severity === "info" && explained.length === 0 ? "warning" : severity,
    file: cells[0]!.file,
    line: cells[0]!.line,
    section: block.section,
    area: block.area,
    cells,
    alternatives,
    pattern,
    explanation,
    anomalies: explained.map((a) => a.id).sort()
  }
  return { fault, explained }
}

/**
 * Diagnoses a corpus one article at a time: `add(part, findings)` localises the faults of one
 * article's blocks and links that article's findings to them; `finish(anomalies)` sorts the faults,
 * lists the unexplained errors and warnings, and returns the findings with their faults' suggestions.
 * `only` (tests) restricts the work to the blocks it accepts.
 */
export const createDiagnoser = (
  reference: Reference,
  only?: (block: Block) => boolean,
  /** The fault ids' scope counts (pipeline/parallel/ids.ts reads them); fresh by default. */
  seen?: Map<string, number>
) => {
  const ids = uniqueIds(seen)
  const faults: Array<Fault> = []
  const explainedBy = new Map<string, Fault>()
  const reasons = new Map<string, string>()

  const state: DiagnoserState = { ids, faults, explainedBy, reasons }
  const add = (part: Dataset, found: ReadonlyArray<Anomaly>): ReadonlyArray<Fault> => {
    const election = part.elections[0]
    if (!election) return []
    const before = faults.length
    const byRuleLine = new Map<string, Array<Anomaly>>()
    for (const a of found) {
      const k = `${a.rule}\u0000${a.line}`
      const list = byRuleLine.get(k)
      if (list) list.push(a)
      else byRuleLine.set(k, [a])
    }
    // Only the areas the audit found something in (any finding without an area: every area).
    const areas = found.some((a) => a.area === null) ? null : new Set(found.map((a) => a.area!))
    // Nor the blocks whose every check holds as stated: they would be "clean" (see system.ts).
    const blocks = buildBlocks(part, reference, areas, true)
    pushInfoboxBlocks(part, found, election.source_file, blocks)
    for (const block of blocks) {
      if (only !== undefined && !only(block)) continue
      diagnoseBlock(state, block, found, byRuleLine)
    }
    return faults.slice(before)
  }

  /**
   * What `add` accumulated since the last `take` (faults in order; which fault explains, or why none
   * explains, each anomaly), handed over and forgotten: a worker sends one article's part to the
   * main thread, whose diagnoser `absorb`s the parts in article order (pipeline/parallel/).
   */
  const take = (): DiagnoserPart => {
    const part: DiagnoserPart = { faults: faults.splice(0), explainedBy: new Map(explainedBy), reasons: new Map(reasons) }
    explainedBy.clear()
    reasons.clear()
    return part
  }
  /** Adds a part from `take` as if its article had been `add`ed here. */
  const absorb = (part: DiagnoserPart): void => {
    for (const f of part.faults) faults.push(f)
    for (const [id, fault] of part.explainedBy) if (!explainedBy.has(id)) explainedBy.set(id, fault)
    for (const [id, reason] of part.reasons) if (!reasons.has(id)) reasons.set(id, reason)
  }

  const finish = (all: ReadonlyArray<Anomaly>): DiagnoseOutput => {
  const unexplained: Array<Unexplained> = []
  const anomalies = all.map((a): Anomaly => {
    const fault = explainedBy.get(a.id)
    if (!fault) {
      if (a.severity !== "info") unexplained.push({ anomaly: a.id, reason: reasons.get(a.id) ?? NO_CELL_REASON[a.rule] ?? "no fault of the table's cells accounts for it" })
      return a
    }
    if (fault.alternatives.length > 0) return a
    const cell = fault.cells.find((c) => c.line === a.line && c.field === a.field && c.suggestion !== null) ??
      fault.cells.find((c) => c.suggestion !== null)
    return cell ? { ...a, suggestion: { value: cell.suggestion!, reasoning: `${cell.label} (line ${cell.line}): ${fault.explanation}` } } : a
  })
  faults.sort((a, b) => compareText(a.file, b.file) || SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.line - b.line || compareText(a.id, b.id))
  return { faults, unexplained, anomalies }
  }
  return { add, take, absorb, finish }
}

/** One or more articles' diagnosis, as `take` hands it over. */
export interface DiagnoserPart {
  readonly faults: ReadonlyArray<Fault>
  readonly explainedBy: ReadonlyMap<string, Fault>
  readonly reasons: ReadonlyMap<string, string>
}

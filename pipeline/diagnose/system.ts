/**
 * The constraint systems of one article, one per block: a results table's round (its rows, Total
 * row and turnout rows), a seat table, an infobox figure against its table. Each system states in
 * cells and constraints what the rules check — row votes sum to the stated total; a stated
 * percentage is votes ÷ total within its stated precision; percentages sum to 100; seats sum to the
 * Total row and to the council's size; change = seats − seats before and changes sum to the size
 * change; turnout identities — and lists the ways a cell can be wrong (units): one primary cell,
 * possibly with the cells computed from it (a total summed from a row, a percentage or a change
 * computed from a wrong count), which are one fault.
 *
 * Values are integers in the units they were written in: counts as counts, a percentage stated
 * with d decimals as hundredths (d = 2) or tenths (d = 1) of a point.
 */
import { attributeRound } from "../audit/council-lists.ts"
import type { Reference } from "../audit/reference.ts"
import { allocate, lawKeyOf, lawOf } from "../audit/seats-law.ts"
import { percentSumTolerance, percentVerdict, REPEAT_MIN_VOTES } from "../audit/tolerance.ts"
import { areaContests, blocOf, leader, partyCodesOf, roundTotal, roundViews, seatTableViews, type RoundView, type SeatTableView } from "../audit/views.ts"
import { slug } from "../normalise/ids.ts"
import type { Dataset } from "../normalise/normalise.ts"
import type { Pattern } from "./typo.ts"
import { enUS } from "../audit/format.ts"

export type RowTable = "results" | "contests" | "turnout" | "seats" | "seat_totals" | "infobox"

export interface Cell {
  readonly file: string
  readonly line: number
  readonly table_id: string
  /** The out/ table holding the cell's row, and the contest it belongs to (results, contests and turnout cells). */
  readonly row_table: RowTable
  readonly contest_id: string | null
  readonly row_id: string
  readonly field: string
  readonly round: number | null
  readonly label: string
  /** Row/column keys for ids (names, never lines). */
  readonly key: string
  /** Stated value in written units; null for a latent figure (an unstated round total). */
  readonly stated: number | null
  /** Decimals of a percentage (its written unit); 0 for counts. */
  readonly decimals: number
  readonly kind: "count" | "percent" | "signed" | "latent"
  /** The stated figure repeats another cell's (same field, other round or neighbouring row). */
  readonly copy: Pattern | null
}

export interface Tag {
  readonly rule: string
  readonly line: number
  /** What holds once the constraint is satisfied, in words ("round 2's votes sum to its stated total 1,129,911"). */
  readonly what: string
}

export type Constraint =
  | { readonly kind: "eq" | "le"; readonly terms: ReadonlyArray<readonly [number, number]>; readonly rhs: number; readonly tags: ReadonlyArray<Tag> }
  | { readonly kind: "pct"; readonly votes: number; readonly total: number; readonly pct: number; readonly truncation: boolean; readonly tags: ReadonlyArray<Tag> }
  | { readonly kind: "psum"; readonly pcts: ReadonlyArray<number>; readonly target: number; readonly tags: ReadonlyArray<Tag> }

export interface Unit {
  /** The cell that was mistyped or copied. */
  readonly primary: number
  /** Cells that move with it by ±1 × its change (a total summed from the row, a change computed from the seats). */
  readonly linked: ReadonlyArray<readonly [number, number]>
  /** Percentage cells recomputed from the corrected counts (their own check is then void). */
  readonly recomputed: ReadonlyArray<number>
}

export interface Block {
  readonly file: string
  readonly section: string
  readonly area: string | null
  readonly election_id: string
  readonly cells: ReadonlyArray<Cell>
  readonly constraints: ReadonlyArray<Constraint>
  readonly units: ReadonlyArray<Unit>
}

const scaled = (percent: number, decimals: number) => Math.round(percent * 10 ** decimals)
const pctText = (percent: number, decimals: number) => `${percent.toFixed(decimals)} %`
const countText = enUS

/** The cells a unit changes (primary, linked, recomputed). */
export const unitCells = (u: Unit): Array<number> => {
  // The same list as [...new Set([primary, ...linked cells, ...recomputed])], without the Set and
  // spreads (called per unit and candidate set in the diagnosis' search).
  const out = [u.primary]
  for (let i = 0; i < u.linked.length; i++) if (!out.includes(u.linked[i]![0])) out.push(u.linked[i]![0])
  for (let i = 0; i < u.recomputed.length; i++) if (!out.includes(u.recomputed[i]!)) out.push(u.recomputed[i]!)
  return out
}

// -------------------------------------------------------------------------------------------------
// Results: one block per table round
// -------------------------------------------------------------------------------------------------

const resultsBlock = (view: RoundView): Block | null => {
  const { contest } = view
  const rows = view.rows
  if (rows.length === 0) return null
  const cells: Array<Cell> = []
  const constraints: Array<Constraint> = []
  const units: Array<Unit> = []
  const add = (c: Cell) => cells.push(c) - 1
  // Cells are written as whole literals rather than spread from a shared base (a spread with
  // further properties is V8's slow path, and this builds every cell of the diagnosed areas).
  const file = contest.source_file
  const table_id = contest.table_id
  const round = contest.round
  const r = contest.round
  const other = view.otherRounds.get(r === 1 ? 2 : r - 1)
  const votesCell = new Map<number, number>()
  const pctCell = new Map<number, number>()
  // The other round's first row at each position (a map instead of a find per row, for speed).
  const otherAt = new Map<number, (typeof rows)[number]>()
  for (const o of other?.rows ?? []) if (!otherAt.has(o.position)) otherAt.set(o.position, o)
  rows.forEach((row, i) => {
    const before = otherAt.get(row.position)
    const copyOf = (value: number, pick: (x: typeof row) => number | null): Pattern | null => {
      if (before !== undefined && pick(before) === value) return "copy of the other round"
      const previous = rows[i - 1]
      const next = rows[i + 1]
      return (previous !== undefined && pick(previous) === value) || (next !== undefined && pick(next) === value) ? "copy of a neighbouring row" : null
    }
    const key = `r${r}/${slug(row.contestant)}`
    if (row.votes !== null) {
      const copy = row.votes >= REPEAT_MIN_VOTES ? copyOf(row.votes, (x) => x.votes) : null
      votesCell.set(i, add({ file, table_id, row_table: "results", contest_id: contest.contest_id, round, line: row.source_line, row_id: row.result_id, field: "votes", label: row.contestant, key: `${key}/votes`, stated: row.votes, decimals: 0, kind: "count", copy }))
    }
    if (row.percent !== null && row.percent_decimals !== null) {
      const votesCopy = row.votes !== null && row.votes >= REPEAT_MIN_VOTES ? copyOf(row.votes, (x) => x.votes) : null
      const copy = votesCopy !== null && copyOf(row.percent, (x) => x.percent) === votesCopy ? votesCopy : null
      pctCell.set(i, add({ file, table_id, row_table: "results", contest_id: contest.contest_id, round, line: row.source_line, row_id: row.result_id, field: "percent", label: row.contestant, key: `${key}/percent`, stated: scaled(row.percent, row.percent_decimals), decimals: row.percent_decimals, kind: "percent", copy }))
    }
  })
  const total = contest.total_votes !== null
    ? add({ file, table_id, row_table: "contests", contest_id: contest.contest_id, round, line: contest.source_line, row_id: contest.contest_id, field: "total_votes", label: "Total", key: `r${r}/total-votes`, stated: contest.total_votes, decimals: 0, kind: "count", copy: null })
    : null
  const turnout = new Map<string, { value: number; pct: number | null; t: (typeof view.turnout)[number] }>()
  for (const t of view.turnout) {
    if (t.value === null || turnout.has(t.measure)) continue
    const value = add({ file, table_id, row_table: "contests", contest_id: contest.contest_id, round, line: t.source_line, row_id: contest.contest_id, field: t.measure, label: t.label, key: `r${r}/${t.measure}`, stated: t.value, decimals: 0, kind: "count", copy: null })
    const pct = t.percent !== null && t.percent_decimals !== null
      ? add({ file, table_id, row_table: "turnout", contest_id: contest.contest_id, round, line: t.source_line, row_id: `${contest.contest_id}/${t.measure}`, field: "percent", label: t.label, key: `r${r}/${t.measure}/percent`, stated: scaled(t.percent, t.percent_decimals), decimals: t.percent_decimals, kind: "percent", copy: null })
      : null
    turnout.set(t.measure, { value, pct, t })
  }
  const valid = turnout.get("valid")
  const latent = total === null && valid === undefined
  const denominator = total ?? valid?.value ?? add({ file, table_id, row_table: "contests", contest_id: contest.contest_id, round, line: contest.source_line, row_id: contest.contest_id, field: "total_votes", label: "Total (not stated)", key: `r${r}/implied-total`, stated: null, decimals: 0, kind: "latent", copy: null })

  const allVotes = rows.every((_, i) => votesCell.has(i))
  if (total !== null && allVotes) {
    constraints.push({
      kind: "eq",
      terms: [...[...votesCell.values()].map((c) => [c, 1] as const), [total, -1] as const],
      rhs: 0,
      tags: [{ rule: "vote-sum", line: contest.source_line, what: `round ${r}'s votes sum to its stated total` }]
    })
  }
  rows.forEach((row, i) => {
    const v = votesCell.get(i)
    const p = pctCell.get(i)
    if (v === undefined || p === undefined) return
    const what = `${row.contestant}'s percentage (stated ${pctText(row.percent!, row.percent_decimals!)}) agrees with the votes`
    constraints.push({
      kind: "pct",
      votes: v,
      total: denominator,
      pct: p,
      truncation: true,
      tags: [{ rule: latent ? "implied-total" : "percent-recompute", line: row.source_line, what }, ...(latent ? [{ rule: "percent-recompute", line: row.source_line, what }] : [])]
    })
  })
  if (rows.every((_, i) => pctCell.has(i))) {
    constraints.push({
      kind: "psum",
      pcts: [...pctCell.values()],
      target: contest.total_percent ?? 100,
      tags: [{ rule: "percent-sum", line: contest.source_line, what: `round ${r}'s percentages sum to ${pctText(contest.total_percent ?? 100, 2)}` }]
    })
  }
  // Turnout identities and percentages (as turnout-identity checks them).
  const tv = (m: string) => turnout.get(m)
  const identity = (whole: string, parts: ReadonlyArray<string>, words: string) => {
    const w = tv(whole)
    if (!w || parts.some((p) => !tv(p))) return
    constraints.push({
      kind: "eq",
      terms: [[w.value, 1], ...parts.map((p) => [tv(p)!.value, -1] as const)],
      rhs: 0,
      tags: [{ rule: "turnout-identity", line: w.t.source_line, what: `round ${r}: ${words}` }]
    })
  }
  identity("registered", ["abstentions", "voters"], "registered = abstentions + voters")
  identity("voters", ["blank_invalid", "valid"], "voters = blank/invalid + valid")
  if (valid && allVotes) {
    constraints.push({
      kind: "eq",
      terms: [...[...votesCell.values()].map((c) => [c, 1] as const), [valid.value, -1] as const],
      rhs: 0,
      tags: [{ rule: "turnout-identity", line: valid.t.source_line, what: `round ${r}'s votes sum to its valid votes` }]
    })
  }
  for (const [measure, baseMeasure] of [["abstentions", "registered"], ["voters", "registered"], ["blank_invalid", "voters"], ["valid", "voters"]] as const) {
    const t = tv(measure)
    const b = tv(baseMeasure)
    if (!t || !b || t.pct === null) continue
    constraints.push({
      kind: "pct",
      votes: t.value,
      total: b.value,
      pct: t.pct,
      truncation: false,
      tags: [{ rule: "turnout-identity", line: t.t.source_line, what: `the stated ${t.t.label} % matches its count` }]
    })
  }

  // Units: each row's votes (alone, with the total summed from them, with the percentage computed
  // from them, or both); each percentage; the total; each turnout figure.
  rows.forEach((row, i) => {
    const v = votesCell.get(i)
    if (v === undefined) return
    const p = pctCell.get(i)
    const linkedTotal = total !== null ? [[total, 1] as const] : valid !== undefined && total === null ? [[valid.value, 1] as const] : []
    const pctOptions: Array<ReadonlyArray<number>> = [[]]
    if (p !== undefined) pctOptions.push([p])
    for (const recomputed of pctOptions) {
      units.push({ primary: v, linked: [], recomputed })
      if (linkedTotal.length > 0) units.push({ primary: v, linked: linkedTotal, recomputed })
    }
  })
  for (const p of pctCell.values()) units.push({ primary: p, linked: [], recomputed: [p] })
  if (total !== null) units.push({ primary: total, linked: [], recomputed: [] })
  for (const t of turnout.values()) {
    units.push({ primary: t.value, linked: [], recomputed: [] })
    if (t.pct !== null) units.push({ primary: t.pct, linked: [], recomputed: [t.pct] })
  }
  return { file: contest.source_file, section: contest.section, area: contest.area, election_id: contest.election_id, cells, constraints, units }
}

// -------------------------------------------------------------------------------------------------
// Seats: one block per seat table
// -------------------------------------------------------------------------------------------------

const SEAT_FIELDS = ["seats", "seats_before", "change", "regions"] as const
type SeatField = (typeof SEAT_FIELDS)[number]

/**
 * The seats each group of lists wins under the 2004 law (as seat-reconstruction computes them),
 * with the council rows attributed to each group — only where the deciding round's own figures all
 * agree (votes summing to the total, every percentage matching), so that its votes can be trusted.
 */
const lawGroups = (dataset: Dataset, reference: Reference, view: SeatTableView) => {
  const area = view.rows[0]?.area
  const contest = areaContests(dataset).find((c) => c.area === area && c.election.election_id === view.election.election_id)
  const statutory = reference.councils.find((c) => c.region === area)
  if (!contest || !statutory || contest.election.kind !== "regional" || view.rows.some((r) => r.seats === null)) return null
  const deciding = contest.deciding
  if (!deciding) return null
  const lastRound = Math.max(...contest.rounds.keys())
  const total = roundTotal(deciding)
  const top = leader(deciding)
  const outright = deciding.contest.round === 1 && top !== null && total !== null && top.votes! * 2 > total.value
  if (deciding.contest.round < lastRound && !outright) return null
  if (total === null || deciding.rows.some((r) => r.votes === null)) return null
  const consistent = (deciding.contest.total_votes === null || deciding.rows.reduce((a, r) => a + r.votes!, 0) === deciding.contest.total_votes) &&
    deciding.rows.every((r) => r.percent === null || r.percent_decimals === null || percentVerdict(r.votes!, total.value, r.percent, r.percent_decimals) !== "off")
  if (!consistent) return null
  const law = lawOf(reference, lawKeyOf(dataset, contest.election, reference), area ?? null)
  if ("missing" in law || law.threshold?.of === "registered") return null
  const lists = deciding.rows
  const allocation = allocate(lists.map((r) => ({ id: r.result_id, votes: r.votes! })), statutory.seats, law.bonus(statutory.seats), law.threshold?.percent ?? 0, law.method)
  if (!allocation) return null
  // Every list has votes here, so the round's attribution (shared with the audit) is of `lists`.
  const { groups, unmapped } = attributeRound(deciding, view.rows, partyCodesOf(dataset), blocOf(dataset))
  if (unmapped.length > 0) return null
  return groups.map((g) => ({ rows: g.rows, seats: g.lists.reduce((a, l) => a + (allocation.seats.get(l.result_id) ?? 0), 0), names: g.lists.map((l) => l.contestant).join(" + ") }))
}

const seatBlock = (view: SeatTableView, reference: Reference, dataset: Dataset): Block | null => {
  const { table } = view
  const cells: Array<Cell> = []
  const constraints: Array<Constraint> = []
  const units: Array<Unit> = []
  const add = (c: Cell) => cells.push(c) - 1
  // Whole literals, not spreads of a shared base (see resultsBlock).
  const file = table.source_file
  const table_id = table.table_id
  const rowCells = view.rows.map((row) => {
    const m = new Map<SeatField, number>()
    for (const f of SEAT_FIELDS) {
      const value = row[f]
      if (value === null) continue
      m.set(f, add({ file, table_id, row_table: "seats", contest_id: null, round: null, decimals: 0, copy: null, line: row.source_line, row_id: row.seat_id, field: f, label: row.party, key: `${slug(row.party)}/${f}`, stated: value, kind: f === "change" ? "signed" : "count" }))
    }
    return m
  })
  const total = view.total
  const totalCells = new Map<SeatField, number>()
  if (total) {
    for (const f of SEAT_FIELDS) {
      const value = total[f]
      if (value === null) continue
      totalCells.set(f, add({ file, table_id, row_table: "seat_totals", contest_id: null, round: null, decimals: 0, copy: null, line: total.source_line, row_id: total.table_id, field: f, label: "Total", key: `total/${f}`, stated: value, kind: f === "change" ? "signed" : "count" }))
    }
  }
  const all = (f: SeatField) => rowCells.length > 0 && rowCells.every((m) => m.has(f))
  const column = (f: SeatField) => rowCells.map((m) => [m.get(f)!, 1] as const)
  if (total) {
    for (const f of ["seats", "seats_before", "regions"] as const) {
      const t = totalCells.get(f)
      if (t === undefined || !all(f)) continue
      constraints.push({ kind: "eq", terms: [...column(f), [t, -1]], rhs: 0, tags: [{ rule: "seat-sum", line: total.source_line, what: `the rows' ${f.replace("_", " ")} sum to the Total row's` }] })
    }
  }
  view.rows.forEach((row, i) => {
    const m = rowCells[i]!
    const c = m.get("change")
    const s = m.get("seats")
    const b = m.get("seats_before")
    if (c === undefined || s === undefined) return
    if (b !== undefined) {
      constraints.push({ kind: "eq", terms: [[c, 1], [s, -1], [b, 1]], rhs: 0, tags: [{ rule: "change", line: row.source_line, what: `${row.party}'s change equals its seats minus its earlier seats` }] })
    } else {
      // The earlier seats are not stated, but were not negative: change ≤ seats.
      constraints.push({ kind: "le", terms: [[c, 1], [s, -1]], rhs: 0, tags: [] })
    }
  })
  const tc = totalCells.get("change")
  if (total && tc !== undefined) {
    const ts = totalCells.get("seats")
    const tb = totalCells.get("seats_before")
    if (ts !== undefined && tb !== undefined) {
      constraints.push({ kind: "eq", terms: [[tc, 1], [ts, -1], [tb, 1]], rhs: 0, tags: [{ rule: "change", line: total.source_line, what: "the Total row's change equals its seats minus its earlier seats" }] })
    }
    if (all("change")) {
      constraints.push({ kind: "eq", terms: [...column("change"), [tc, -1]], rhs: 0, tags: [{ rule: "change", line: total.source_line, what: "the rows' changes sum to the Total row's change" }] })
    }
  }
  const first = view.rows[0]
  if (view.election.kind === "regional" && table.kind === "seats" && first?.area_level === "area") {
    const council = reference.councils.find((c) => c.region === first.area)
    if (council && all("seats")) {
      constraints.push({ kind: "eq", terms: column("seats"), rhs: council.seats, tags: [{ rule: "council-size", line: table.source_line, what: `the council's seats sum to its ${countText(council.seats)} members` }] })
    }
    // The law: each group of lists holds the seats the 2004 allocation gives it.
    const groups = (council ? lawGroups(dataset, reference, view) : null) ?? []
    const index = new Map(view.rows.map((r, i) => [r, i]))
    for (const g of groups) {
      const terms = g.rows.map((r) => [rowCells[index.get(r)!]!.get("seats")!, 1] as const)
      if (terms.length === 0) continue
      constraints.push({ kind: "eq", terms, rhs: g.seats, tags: [{ rule: "seat-reconstruction", line: g.rows[0]!.source_line, what: `${g.names}'s list${g.rows.length > 1 ? "s'" : "'s"} rows hold the ${g.seats} seats the 2004 allocation gives` }] })
    }
    if (council && !total && all("change")) {
      constraints.push({ kind: "eq", terms: column("change"), rhs: council.seats - council.previous_seats, tags: [{ rule: "change", line: table.source_line, what: `the council's changes sum to its size change (${council.seats - council.previous_seats})` }] })
    }
  }
  if (view.election.kind === "regional" && total && total.area_level === "national") {
    const ts = totalCells.get("seats")
    const tr = totalCells.get("regions")
    const statutory = reference.councils.reduce((a, c) => a + c.seats, 0)
    if (ts !== undefined) constraints.push({ kind: "eq", terms: [[ts, 1]], rhs: statutory, tags: [{ rule: "council-size", line: total.source_line, what: `the national Total equals the ${countText(statutory)} council seats` }] })
    if (tr !== undefined) constraints.push({ kind: "eq", terms: [[tr, 1]], rhs: reference.councils.length, tags: [{ rule: "council-size", line: total.source_line, what: `the national Total of regions equals the ${reference.councils.length} councils` }] })
  }
  if (constraints.length === 0) return null

  // Units: a row's seats (alone, with the change computed from them, with the Total summed from
  // them); its earlier seats (likewise); its change (alone or with the Total change); its regions.
  rowCells.forEach((m) => {
    const c = m.get("change")
    const withTotal = (f: SeatField) => (totalCells.has(f) ? [[[totalCells.get(f)!, 1] as const]] : [])
    const s = m.get("seats")
    if (s !== undefined) {
      const options: Array<ReadonlyArray<readonly [number, number]>> = [[], ...withTotal("seats")]
      for (const o of [...options]) if (c !== undefined) options.push([...o, [c, 1]])
      for (const linked of options) units.push({ primary: s, linked, recomputed: [] })
    }
    const b = m.get("seats_before")
    if (b !== undefined) {
      const options: Array<ReadonlyArray<readonly [number, number]>> = [[], ...withTotal("seats_before")]
      for (const o of [...options]) if (c !== undefined) options.push([...o, [c, -1]])
      for (const linked of options) units.push({ primary: b, linked, recomputed: [] })
    }
    if (c !== undefined) for (const linked of [[], ...withTotal("change")]) units.push({ primary: c, linked, recomputed: [] })
    const rg = m.get("regions")
    if (rg !== undefined) for (const linked of [[], ...withTotal("regions")]) units.push({ primary: rg, linked, recomputed: [] })
  })
  for (const t of totalCells.values()) units.push({ primary: t, linked: [], recomputed: [] })
  return { file: table.source_file, section: table.section, area: first?.area ?? total?.area ?? null, election_id: table.election_id, cells, constraints, units }
}

// -------------------------------------------------------------------------------------------------
// Clean as stated: a block none of whose checks fails yields nothing (`localise` answers "clean"
// and the diagnosis moves on), so it is not built. These restate, on the stated figures and in
// the same arithmetic and order as `holds` in ./localise.ts, each check the builders above would
// write; `true` only when every one holds. A round without a stated total or valid votes (a latent
// total, judged by interval) is always built. test/diagnose/stated-clean.test.ts compares them with
// `violations` of the built block on the seeds, a generated corpus and mutated tables.
// -------------------------------------------------------------------------------------------------

const sumHolds = (values: ReadonlyArray<number>, minus: number, rhs: number): boolean => {
  let s = 0
  for (const v of values) s += v
  s += -1 * minus
  return s === rhs
}

/** Whether every check of the round's block holds as stated (`false`: build it and look). */
export const resultsCleanAsStated = (view: RoundView): boolean => {
  const { contest } = view
  const rows = view.rows
  if (rows.length === 0) return true
  const turnout = new Map<string, { value: number; pct: number | null; decimals: number }>()
  for (const t of view.turnout) {
    if (t.value === null || turnout.has(t.measure)) continue
    turnout.set(t.measure, { value: t.value, pct: t.percent !== null && t.percent_decimals !== null ? scaled(t.percent, t.percent_decimals) : null, decimals: t.percent_decimals ?? 0 })
  }
  const total = contest.total_votes
  const valid = turnout.get("valid")
  if (total === null && valid === undefined) return false
  const denominator = total ?? valid!.value
  const votes: Array<number> = []
  const pcts: Array<number> = []
  const decimals: Array<number> = []
  for (const row of rows) {
    if (row.votes !== null) votes.push(row.votes)
    if (row.percent !== null && row.percent_decimals !== null) {
      const d = row.percent_decimals
      pcts.push(scaled(row.percent, d))
      decimals.push(d)
      if (row.votes !== null) {
        if (denominator <= 0 || percentVerdict(row.votes, denominator, scaled(row.percent, d) / 10 ** d, d) === "off") return false
      }
    }
  }
  const allVotes = votes.length === rows.length
  if (total !== null && allVotes && !sumHolds(votes, total, 0)) return false
  if (pcts.length === rows.length) {
    let sum = 0
    for (let i = 0; i < pcts.length; i++) {
      const p = pcts[i] ?? 0
      sum = sum + p / 10 ** (decimals[i] ?? 0)
    }
    const delta = sum - (contest.total_percent ?? 100)
    const { rounding, truncation } = percentSumTolerance(decimals)
    if (!(Math.abs(delta) <= rounding + 1e-9 || (delta < 0 && -delta <= truncation + 1e-9))) return false
  }
  const identity = (whole: string, a: string, b: string): boolean => {
    const w = turnout.get(whole)
    const x = turnout.get(a)
    const y = turnout.get(b)
    if (!w || !x || !y) return true
    let s = 0
    s += 1 * w.value
    s += -1 * x.value
    s += -1 * y.value
    return s === 0
  }
  if (!identity("registered", "abstentions", "voters") || !identity("voters", "blank_invalid", "valid")) return false
  if (valid && allVotes && !sumHolds(votes, valid.value, 0)) return false
  for (const [measure, baseMeasure] of [["abstentions", "registered"], ["voters", "registered"], ["blank_invalid", "voters"], ["valid", "voters"]] as const) {
    const t = turnout.get(measure)
    const b = turnout.get(baseMeasure)
    if (!t || !b || t.pct === null) continue
    if (b.value <= 0 || percentVerdict(t.value, b.value, t.pct / 10 ** t.decimals, t.decimals) !== "exact-rounding") return false
  }
  return true
}

/** Whether every check of the seat table's block holds as stated (`false`: build it and look). */
export const seatsCleanAsStated = (view: SeatTableView, reference: Reference, dataset: Dataset): boolean => {
  const { table } = view
  const rows = view.rows
  const total = view.total
  const all = (f: SeatField) => rows.length > 0 && rows.every((r) => r[f] !== null)
  const column = (f: SeatField) => rows.map((r) => r[f]!)
  if (total) {
    for (const f of ["seats", "seats_before", "regions"] as const) {
      const t = total[f]
      if (t === null || !all(f)) continue
      if (!sumHolds(column(f), t, 0)) return false
    }
  }
  for (const row of rows) {
    const c = row.change
    const s = row.seats
    const b = row.seats_before
    if (c === null || s === null) continue
    let x = 0
    x += 1 * c
    x += -1 * s
    if (b !== null) {
      x += 1 * b
      if (x !== 0) return false
    } else if (!(x <= 0)) return false
  }
  if (total && total.change !== null) {
    if (total.seats !== null && total.seats_before !== null) {
      let x = 0
      x += 1 * total.change
      x += -1 * total.seats
      x += 1 * total.seats_before
      if (x !== 0) return false
    }
    if (all("change") && !sumHolds(column("change"), total.change, 0)) return false
  }
  const first = rows[0]
  if (view.election.kind === "regional" && table.kind === "seats" && first?.area_level === "area") {
    const council = reference.councils.find((c) => c.region === first.area)
    if (council && all("seats") && !sumHolds(column("seats"), 0, council.seats)) return false
    if (council && !total && all("change") && !sumHolds(column("change"), 0, council.seats - council.previous_seats)) return false
    // The law's groups last: the allocation is the dearest check.
    for (const g of (council ? lawGroups(dataset, reference, view) : null) ?? []) {
      if (g.rows.length === 0) continue
      if (!sumHolds(g.rows.map((r) => r.seats!), 0, g.seats)) return false
    }
  }
  if (view.election.kind === "regional" && total && total.area_level === "national") {
    if (total.seats !== null && 0 + 1 * total.seats !== reference.councils.reduce((a, c) => a + c.seats, 0)) return false
    if (total.regions !== null && 0 + 1 * total.regions !== reference.councils.length) return false
  }
  return true
}

/**
 * The blocks of an article: one per results round, one per seat table. With `areas`, only the
 * blocks of those areas are built (the areas the audit found something in: a block whose checks
 * all hold yields no fault, and building every clean table's system was half of the diagnosis's
 * time on a corpus); `null` builds them all. With `skipClean`, a block whose checks all hold as
 * stated is not built either (the diagnosis: it would be "clean"; tests and tools see every block).
 */
export const buildBlocks = (dataset: Dataset, reference: Reference, areas: ReadonlySet<string> | null = null, skipClean = false): Array<Block> => {
  const blocks: Array<Block> = []
  for (const view of roundViews(dataset)) {
    if (areas !== null && !areas.has(view.contest.area)) continue
    if (skipClean && resultsCleanAsStated(view)) continue
    const b = resultsBlock(view)
    if (b) blocks.push(b)
  }
  for (const view of seatTableViews(dataset)) {
    const area = view.rows[0]?.area ?? view.total?.area ?? null
    if (areas !== null && area !== null && !areas.has(area)) continue
    if (skipClean && seatsCleanAsStated(view, reference, dataset)) continue
    const b = seatBlock(view, reference, dataset)
    if (b) blocks.push(b)
  }
  return blocks
}

/** A one-cell block for a figure stated twice: an infobox field that must equal its table's figure. */
export const equalityBlock = (cell: Cell, expected: number, tag: Tag, section: string, election_id: string): Block => ({
  file: cell.file,
  section,
  area: "national",
  election_id,
  cells: [cell],
  constraints: [{ kind: "eq", terms: [[0, 1]], rhs: expected, tags: [tag] }],
  units: [{ primary: 0, linked: [], recomputed: [] }]
})

/**
 * reconciliation: a national table's figures against the sum of the areas' figures, per party
 * family — seats against the council tables, votes against the area list results, and the round
 * totals. An article that leaves some areas out (the four overseas regions here) leaves a gap that
 * those areas can explain: info. A gap they cannot explain — the areas exceed the nation — is a warning.
 *
 * Written as small functions with one job each (families, seat credit, one round's votes, one
 * comparison) rather than one `check`: the single function was >4.7 KB of bytecode, and V8's
 * optimising compiler recompiled all of it (~0.3 s a time) after each deopt of any part (issue 8,
 * fifth pass). A deopt now recompiles one small piece.
 */
import type { Draft, Item, Rule, RuleOutcome } from "../anomaly.ts"
import type { Dataset } from "../../normalise/normalise.ts"
import { count } from "../format.ts"
import { slug } from "../../normalise/ids.ts"
import type { Result, Seat } from "../../normalise/records.ts"
import type { Reference } from "../reference.ts"
import { attributeRound } from "../council-lists.ts"
import { areaContests, blocOf, councilOf, partyCodesOf, roundViews, type RoundView, type SeatTableView, seatTableViews } from "../views.ts"

export const rule: Rule = {
  meta: {
    code: "reconciliation",
    title: "National figures reconcile with the areas' figures",
    severity: "warning",
    category: "reconciliation",
    checks: "For each party family of a national table (its own party code, or the codes of its Parties label): national seats against the sum of that family's council seats; national votes per round against the sum of the area lists wholly in that family; national round totals against the sum of area totals. Equal: passed. National above the areas' sum by no more than the areas the article omits could hold (overseas councils' seats from the reference; for votes, any positive gap): info. Areas above the nation, or a seat gap larger than the omitted councils: warning.",
    needs: "the national results/seat table with list labels, the area council tables and results, the reference council list (kind metropolitan/overseas)",
    tolerance: "none on counts; the explainable gap is bounded by the omitted areas' seats"
  },
  check: ({ dataset, reference }): RuleOutcome => {
    const out: Outcome = { anomalies: [], items: [] }
    const run = runOf(dataset, reference)
    for (const national of seatTableViews(dataset)) {
      if (national.total?.area_level === "national" && national.election.kind === "regional") reconcileTable(run, national, out)
    }
    return out
  }
}

interface Outcome {
  readonly anomalies: Array<Draft>
  readonly items: Array<Item>
}

/** What every national table of a run shares: the dataset's views and the reference's omitted councils. */
interface Run {
  readonly dataset: Dataset
  readonly codesOf: (r: Result) => ReadonlyArray<string>
  readonly bloc: (code: string | null) => string | null
  readonly rounds: ReadonlyArray<RoundView>
  readonly omittedSeats: number
  /** For the overseas councils' names, which only an anomaly's message lists. */
  readonly reference: Reference
}

const runOf = (dataset: Dataset, reference: Reference): Run => {
  let omittedSeats = 0
  for (const c of reference.councils) if (c.kind === "overseas") omittedSeats += c.seats
  return {
    dataset,
    codesOf: partyCodesOf(dataset),
    bloc: blocOf(dataset),
    rounds: roundViews(dataset),
    omittedSeats,
    reference
  }
}

/** A national row's party family: the party codes whose area figures count towards it. */
type Families = Map<Seat, Set<string>>

/** code → the first family holding it (in national-table order). */
type FamilyIndex = Map<string, Seat>

const familyOf = (index: FamilyIndex, code: string | null): Seat | null => (code === null ? null : index.get(code) ?? null)

/** The row of `nationalRounds`' round `round` at the national row's position. */
const resultAt = (nationalRounds: ReadonlyArray<RoundView>, seat: Seat, round: number): Result | undefined =>
  nationalRounds.find((v) => v.contest.round === round)?.rows.find((r) => r.position === seat.position)

/** Families: a row naming one party keeps that code to itself; a grouping takes its label's other codes. */
const familiesOf = (run: Run, national: SeatTableView, nationalRounds: ReadonlyArray<RoundView>): Families => {
  const single = new Map<Seat, Set<string>>()
  for (const row of national.rows) {
    const r1 = resultAt(nationalRounds, row, 1)
    const labelCodes = r1 ? run.codesOf(r1) : []
    const own = row.party_code
    if (own !== null && (labelCodes.length === 0 || (labelCodes.length === 1 && labelCodes[0] === own))) single.set(row, new Set([own]))
  }
  const claimed = new Set([...single.values()].flatMap((s) => [...s]))
  return new Map<Seat, Set<string>>(national.rows.map((row) => {
    if (single.has(row)) return [row, single.get(row)!]
    const r1 = resultAt(nationalRounds, row, 1)
    const codes = new Set([...(row.party_code ? [row.party_code] : []), ...(r1 ? run.codesOf(r1) : [])].filter((c) => !claimed.has(c)))
    return [row, codes]
  }))
}

const familyIndexOf = (families: Families): FamilyIndex => {
  const index: FamilyIndex = new Map()
  for (const [row, codes] of families) for (const code of codes) if (!index.has(code)) index.set(code, row)
  return index
}

/** Council rows credited to national families (`byFamily`), or to none (`unassigned`). */
interface SeatCredit {
  readonly byFamily: Map<Seat, Array<Seat>>
  readonly unassigned: Array<Seat>
}

const credit = (seats: SeatCredit, family: Seat | null, row: Seat): void => {
  if (family === null) seats.unassigned.push(row)
  else {
    const list = seats.byFamily.get(family)
    if (list) list.push(row)
    else seats.byFamily.set(family, [row])
  }
}

/**
 * Seats: each council row's seats go to the family of the list they were won on (see
 * council-lists.ts); returns the rows so attributed. Where an area's lists are unknown (no
 * deciding-round figures), `creditByParty` credits the rest.
 */
const creditByList = (run: Run, electionId: string, index: FamilyIndex, seats: SeatCredit): Set<Seat> => {
  const councils = councilOf(run.dataset)
  const attributed = new Set<Seat>()
  for (const contest of areaContests(run.dataset)) {
    if (contest.election.election_id !== electionId) continue
    const council = councils(electionId, contest.area)
    if (!council || !contest.deciding || contest.deciding.contest.round < contest.lastRound) continue
    const { groups } = attributeRound(contest.deciding, council.rows, run.codesOf, run.bloc)
    for (const group of groups) {
      const family = groupFamily(run, index, group.lists)
      if (family === null) continue
      for (const row of group.rows) {
        credit(seats, family, row)
        attributed.add(row)
      }
    }
  }
  return attributed
}

/** A list group's one family (its lists' first codes' families), or null when they differ or have none. */
const groupFamily = (run: Run, index: FamilyIndex, lists: ReadonlyArray<Result>): Seat | null => {
  let family: Seat | null = null
  for (const l of lists) {
    const f = familyOf(index, run.codesOf(l)[0] ?? null)
    if (f === null || f === family) continue
    if (family === null) family = f
    else return null
  }
  return family
}

/**
 * Areas whose lists are unknown: the rows marked • formed the winning list, so they share the
 * family of the largest marked row; unmarked rows go by their own party code.
 */
const creditByParty = (councilRows: ReadonlyArray<Seat>, attributed: ReadonlySet<Seat>, index: FamilyIndex, seats: SeatCredit): void => {
  const byArea = new Map<string, Array<Seat>>()
  for (const row of councilRows) {
    if (attributed.has(row)) continue
    const list = byArea.get(row.area)
    if (list) list.push(row)
    else byArea.set(row.area, [row])
  }
  for (const rows of byArea.values()) {
    let lead: Seat | null = null
    for (const r of rows) if (r.majority === true && (lead === null || r.seats! > lead.seats!)) lead = r
    for (const row of rows) credit(seats, row.majority === true && lead ? familyOf(index, lead.party_code) : familyOf(index, row.party_code), row)
  }
}

const reconcileTable = (run: Run, national: SeatTableView, out: Outcome): void => {
  const election = national.election
  const nationalRounds = run.rounds.filter((v) => v.contest.table_id === national.table.table_id)
  const index = familyIndexOf(familiesOf(run, national, nationalRounds))
  const seats: SeatCredit = { byFamily: new Map(), unassigned: [] }
  const attributed = creditByList(run, election.election_id, index, seats)
  const councilRows = run.dataset.seats.filter((s) => s.election_id === election.election_id && s.area_level === "area" && s.measure === "seats" && (s.seats ?? 0) > 0)
  creditByParty(councilRows, attributed, index, seats)
  compareFamilySeats(run, national, seats, out)
  if (seats.unassigned.length > 0) {
    out.items.push({ subject: "council rows without a national family", file: national.table.source_file, line: national.table.source_line, status: "not_evaluated", detail: seats.unassigned.map((s) => `${s.party} (${s.area}, line ${s.source_line})`).join(", ") })
  }
  if (national.total?.seats != null) compareTotalSeats(run, national, national.total.seats, national.total.source_line, councilRows, out)
  for (const view of nationalRounds) reconcileRound(run, national, index, view, out)
}

const compareFamilySeats = (run: Run, national: SeatTableView, seats: SeatCredit, out: Outcome): void => {
  for (const row of national.rows) {
    if (row.seats === null) continue
    const members = seats.byFamily.get(row) ?? []
    let areaSum = 0
    for (const s of members) areaSum += s.seats!
    const what = `${row.party} seats`
    const basis = `${members.length} council rows won on the family's lists, in ${new Set(members.map((s) => s.area)).size} areas`
    if (!compared(out, what, row.source_file, row.source_line, row.seats, areaSum, basis)) familySeatsAnomaly(run, national, row, row.seats, members, areaSum, what, basis, out)
  }
}

/** A family's seats that differ from its councils': the anomaly (a function of its own, as `flagged` says). */
const familySeatsAnomaly = (run: Run, national: SeatTableView, row: Seat, seats: number, members: ReadonlyArray<Seat>, areaSum: number, what: string, basis: string, out: Outcome): void => {
  const omittedNames = overseasNames(run.reference)
  flagged(out, {
    key: `${slug(row.party)}/seats`, what, field: "seats", national: seats, areas: areaSum, line: row.source_line,
    lines: members.map((s) => s.source_line), file: row.source_file, section: national.table.section, round: null,
    explainableGap: run.omittedSeats,
    basis,
    omitted: `the ${omittedNames.length} councils the article omits (${omittedNames.join(", ")}: ${count(run.omittedSeats)} seats)`
  })
}

/** The overseas councils' names (the councils a metropolitan article omits), for a message. */
const overseasNames = (reference: Reference): Array<string> => reference.councils.filter((c) => c.kind === "overseas").map((c) => c.region)

/** All families together: the national total against every council seat in the article. */
const compareTotalSeats = (run: Run, national: SeatTableView, total: number, line: number, councilRows: ReadonlyArray<Seat>, out: Outcome): void => {
  let allCouncils = 0
  for (const s of councilRows) allCouncils += s.seats!
  const basis = `every council seat in the article's ${new Set(councilRows.map((s) => s.area)).size} area tables`
  if (!compared(out, "total seats", national.table.source_file, line, total, allCouncils, basis)) totalSeatsAnomaly(run, national, total, allCouncils, line, basis, out)
}

/** The national total seats that differ from all councils': the anomaly (a function of its own, as `flagged` says). */
const totalSeatsAnomaly = (run: Run, national: SeatTableView, total: number, allCouncils: number, line: number, basis: string, out: Outcome): void =>
  flagged(out, {
    key: "all/seats", what: "total seats", field: "seats", national: total, areas: allCouncils, line,
    lines: [], file: national.table.source_file, section: national.table.section, round: null, explainableGap: run.omittedSeats,
    basis,
    omitted: `the ${overseasNames(run.reference).length} councils the article omits (${count(run.omittedSeats)} seats)`
  })

/**
 * The one family of all a list's codes (a code of no family counts as one: null), else null — as a
 * Set of their families of size 1 would say, without the Set.
 */
const listFamilyOf = (codes: ReadonlyArray<string>, index: FamilyIndex): Seat | null => {
  let one: Seat | null | undefined
  for (const c of codes) {
    const f = familyOf(index, c)
    if (one === undefined) one = f
    else if (f !== one) return null
  }
  return one ?? null
}

const append = (map: Map<Seat, Array<Result>>, family: Seat, r: Result): void => {
  const list = map.get(family)
  if (list) list.push(r)
  else map.set(family, [r])
}

/**
 * Each family's member lists (wholly in it, with votes) and straddling lists (some code in it, the
 * list as a whole not), in area-list order: one pass over the area lists instead of two filters per
 * national row.
 */
interface ListsByFamily {
  readonly members: Map<Seat, Array<Result>>
  readonly straddling: Map<Seat, Array<Result>>
}

const listsByFamily = (run: Run, index: FamilyIndex, areaRound: ReadonlyArray<RoundView>): ListsByFamily => {
  const lists: ListsByFamily = { members: new Map(), straddling: new Map() }
  for (const v of areaRound) for (const r of v.rows) sortList(run.codesOf(r), r, index, lists)
  return lists
}

const sortList = (codes: ReadonlyArray<string>, r: Result, index: FamilyIndex, lists: ListsByFamily): void => {
  const own = listFamilyOf(codes, index)
  if (own !== null && r.votes !== null) append(lists.members, own, r)
  // Each other family the list's codes touch, once, in code order: a family already met at an
  // earlier code is skipped (a list has a few codes; no Set per list).
  for (let j = 0; j < codes.length; j++) {
    const f = familyOf(index, codes[j]!)
    if (f === null || f === own) continue
    let seen = false
    for (let k = 0; k < j && !seen; k++) seen = familyOf(index, codes[k]!) === f
    if (!seen) append(lists.straddling, f, r)
  }
}

/** Votes: each national row of one round against the area lists wholly inside its family; the round's total. */
const reconcileRound = (run: Run, national: SeatTableView, index: FamilyIndex, view: RoundView, out: Outcome): void => {
  const electionId = national.election.election_id
  const round = view.contest.round
  const areaRound = run.rounds.filter((v) => v.election.election_id === electionId && v.contest.area_level === "area" && v.contest.round === round)
  const lists = listsByFamily(run, index, areaRound)
  for (const row of national.rows) {
    const result = view.rows.find((r) => r.position === row.position)
    if (!result || result.votes === null) continue
    compareFamilyVotes(national, row, result, result.votes, round, lists, out)
  }
  compareRoundTotal(national, view, areaRound, out)
}

const compareFamilyVotes = (national: SeatTableView, row: Seat, result: Result, votes: number, round: number, lists: ListsByFamily, out: Outcome): void => {
  const members = lists.members.get(row) ?? []
  const straddling = lists.straddling.get(row) ?? []
  if (straddling.length > 0 || members.length === 0) {
    out.items.push({
      subject: `${row.party} round-${round} votes`, file: result.source_file, line: result.source_line, status: "not_evaluated",
      detail: members.length === 0 ? "no area list belongs wholly to the family" : `${straddling.length} area list(s) mix this family with others (e.g. ${straddling[0]!.list_label ?? straddling[0]!.contestant}, line ${straddling[0]!.source_line})`
    })
    return
  }
  // Summed in a loop (the same additions in the same order as `sum` of the mapped votes).
  let areas = 0
  for (const r of members) areas += r.votes!
  const what = `${row.party} round-${round} votes`
  const basis = `${members.length} area lists wholly in the family`
  if (compared(out, what, result.source_file, result.source_line, votes, areas, basis)) return
  flagged(out, {
    key: `${slug(row.party)}/r${round}/votes`, what, field: "votes", national: votes,
    areas, line: result.source_line, lines: members.map((r) => r.source_line), file: result.source_file,
    section: national.table.section, round, explainableGap: Infinity,
    basis,
    omitted: `the areas the article omits and the area lists that span several families`
  })
}

/** The national round total against the sum of the area totals (every area round must state one). */
const compareRoundTotal = (national: SeatTableView, view: RoundView, areaRound: ReadonlyArray<RoundView>, out: Outcome): void => {
  const stated = view.contest.total_votes
  if (stated === null) return
  const round = view.contest.round
  // Summed in one loop over the records (no array of number-or-null to walk twice): the mixed
  // elements kind of such an array deoptimised the rule over and over.
  let areaTotal: number | null = areaRound.length > 0 ? 0 : null
  for (const v of areaRound) areaTotal = areaTotal === null || v.contest.total_votes === null ? null : areaTotal + v.contest.total_votes
  if (areaTotal === null) {
    out.items.push({ subject: `round-${round} total votes`, file: view.contest.source_file, line: view.contest.source_line, status: "not_evaluated", detail: "an area round has no stated total" })
    return
  }
  const what = `round-${round} total votes`
  const basis = `${areaRound.length} area totals`
  if (compared(out, what, view.contest.source_file, view.contest.source_line, stated, areaTotal, basis)) return
  flagged(out, {
    key: `r${round}/total`, what, field: "total_votes", national: stated,
    areas: areaTotal, line: view.contest.source_line, lines: areaRound.map((v) => v.contest.source_line), file: view.contest.source_file,
    section: national.table.section, round, explainableGap: Infinity,
    basis, omitted: `the areas the article omits`
  })
}

/** One national figure against its areas' sum; every call site builds it with the same fields in the same order. */
interface Comparison {
  readonly key: string
  readonly what: string
  readonly field: string
  readonly national: number
  readonly areas: number
  readonly line: number
  readonly lines: ReadonlyArray<number>
  readonly file: string
  readonly section: string
  readonly round: number | null
  /** The largest positive gap the omitted areas can explain (Infinity: any). */
  readonly explainableGap: number
  readonly basis: string
  readonly omitted: string
}

/**
 * One national figure against its areas' sum: its item, passed or flagged; true when they agree.
 * The anomaly's fields (its key, lines and the omitted areas' names) are built by the caller only
 * when they differ (`flagged`): most comparisons pass, and each had built a slug, an array and a
 * joined list of names for nothing. For the seats they are built in functions of their own, out of the compared
 * functions' compiled code (their first flagged family deoptimised them; issue 8, ninth pass).
 */
const compared = (out: Outcome, what: string, file: string, line: number, national: number, areas: number, basis: string): boolean => {
  const detail = `national ${count(national)}; areas ${count(areas)} (${basis})`
  const agree = national - areas === 0
  out.items.push({ subject: what, file, line, status: agree ? "passed" : "flagged", detail })
  return agree
}

/** The anomaly of a comparison whose item `compared` flagged. */
const flagged = (out: Outcome, c: Comparison): void => {
  const gap = c.national - c.areas
  out.anomalies.push(gapAnomaly(c, gap, gap > 0 && gap <= c.explainableGap))
}

const gapAnomaly = (c: Comparison, gap: number, explained: boolean): Draft => ({
  key: c.key,
  severity: explained ? "info" : "warning",
  file: c.file,
  line: c.line,
  lines: [c.line, ...c.lines],
  section: c.section,
  area: "national",
  round: c.round,
  field: c.field,
  stated: c.national,
  expected: c.areas,
  delta: gap,
  tolerance: 0,
  message: explained
    ? `${c.what}: the national table states ${count(c.national)}, the areas in the article sum to ${count(c.areas)}; the gap of ${count(gap)} can come from ${c.omitted}.`
    : `${c.what}: the national table states ${count(c.national)}, but the areas in the article sum to ${count(c.areas)} (${c.basis}); ${gap < 0 ? "the areas exceed the national figure, which omitted areas cannot explain" : `a gap of ${count(gap)} is more than ${c.omitted} can hold`}.`,
  suggestion: null
})

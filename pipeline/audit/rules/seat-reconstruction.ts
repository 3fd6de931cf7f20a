/**
 * seat-reconstruction: allocate seats from votes under the election's law (seats-law.ts, read from
 * electoral-law.csv by election kind and country) and compare. Regional councils: the deciding
 * round's list votes, the council table's party rows mapped to the lists. A results table with its
 * own seats column (a national list-PR table): the round's votes, row by row, when the law states
 * the assembly's size. An election whose law the reference lacks is not evaluated, never guessed.
 */
import type { Draft, Item, Rule, RuleOutcome } from "../anomaly.ts"
import { count } from "../format.ts"
import { type ImpliedVotes, impliedVotes } from "../redundancy.ts"
import { allocate, type Allocation, type Law, lawKeyOf, lawOf } from "../seats-law.ts"
import { hasLaw, matchesKey as matchesLawKey, noLawKnown, type Reference } from "../reference.ts"
import type { Dataset } from "../../normalise/normalise.ts"
import { attributeCouncil, attributeRound, type ListGroup } from "../council-lists.ts"
import type { Result, Seat } from "../../normalise/records.ts"
import { type AreaContest, areaContests, blocOf, councilOf, leader, lineList, partyCodesOf, roundTotal, type RoundView, type SeatTableView, sum } from "../views.ts"


export const rule: Rule = {
  meta: {
    code: "seat-reconstruction",
    title: "Council seats reproduce from the deciding round's votes",
    severity: "warning",
    category: "law",
    checks: "For each region: the council's statutory size is allocated from the deciding round's list votes — the bonus (a quarter of the seats rounded up; Corsica 3) to the leading list, the rest by highest average among lists with at least 5 % — and compared with the council table, whose party rows are mapped to lists by the majority marker (•) for the winning list, then by party code, then by nearest bloc. When the table cannot be reproduced, it says which list is off; when the one vote figure a round's redundancy implies (a row off its percentage, the total minus the other rows) makes it reproduce, it says so (info: independent evidence for the diagnosis's fault).",
    needs: "results of the deciding round, the area's council seat table, statutory size and law parameters (majority_bonus, seat_threshold)",
    tolerance: "0 seats per list: the law allocates seats among lists at regional level (L338), departmental sections only share each list's seats among departments, so list totals are exact; uncertainty lies in mapping party rows to lists, which is reported, not tolerated"
  },
  check: ({ dataset, reference }): RuleOutcome => {
    const anomalies: Array<Draft> = []
    const items: Array<Item> = []
    const run: Run = { dataset, reference, councils: councilOf(dataset), codesOf: partyCodesOf(dataset), bloc: blocOf(dataset), anomalies, items }
    tableSeats(dataset, reference, anomalies, items)
    for (const contest of areaContests(dataset)) if (contest.election.kind === "regional") councilSeats(run, contest)
    return { anomalies, items }
  }
}

/** What each area's reconstruction shares: the dataset, its views, and the outcome being gathered. */
interface Run {
  readonly dataset: Dataset
  readonly reference: Reference
  readonly councils: (electionId: string, area: string) => SeatTableView | undefined
  readonly codesOf: (r: Result) => ReadonlyArray<string>
  readonly bloc: (code: string | null) => string | null
  readonly anomalies: Array<Draft>
  readonly items: Array<Item>
}

/**
 * One region: its council table against the seats its deciding round's votes give under the law.
 * A function of its own, not the body of `check`'s loop: V8 recompiled the whole ~3 KB `check`
 * after a deopt anywhere in it (issue 8, fifth pass).
 */
const councilSeats = (run: Run, contest: AreaContest): void => {
  const { dataset, reference, councils, codesOf, bloc, anomalies, items } = run
  const key = lawKeyOf(dataset, contest.election, reference)
  const council = councils(contest.election.election_id, contest.area)
  const statutory = reference.councils.find((c) => c.region === contest.area)
  const anyView = contest.rounds.values().next().value! // the first round (no array of them)
  const subject = `${contest.area}: council seats from round-${contest.deciding?.contest.round ?? "?"} votes`
  const notEvaluated = (detail: string) =>
    items.push({ subject, file: anyView.contest.source_file, line: anyView.contest.source_line, status: "not_evaluated", detail })
  if (!council) { notEvaluated("no council seat table for the area"); return }
  if (!statutory) { notEvaluated(`no statutory size for '${contest.area}'`); return }
  // A council row whose seats did not read (reported by normalisation) is not zero: nothing to compare.
  // (Listed only when there are any: most councils read whole.)
  if (council.rows.some((r) => r.seats === null)) {
    const unread = council.rows.filter((r) => r.seats === null)
    notEvaluated(`council rows without a readable seat figure: ${unread.map((r) => `${r.party} (line ${r.source_line})`).join(", ")}`)
    return
  }
  const deciding = contest.deciding
  const lastRound = contest.lastRound
  // A list with an absolute majority in round one wins outright: round one decides the seats.
  const outright = deciding !== null && deciding.contest.round === 1 && (() => {
    const top = leader(deciding)
    const total = roundTotal(deciding)
    return top !== null && total !== null && top.votes! * 2 > total.value
  })()
  if (!deciding || (deciding.contest.round < lastRound && !outright)) { notEvaluated(`the table has no list figures for round ${lastRound}, the deciding round`); return }
  if (!hasLaw(reference, key)) { notEvaluated(noLawKnown(key)); return }
  const law = lawOf(reference, key, contest.area)
  if ("missing" in law) { notEvaluated(law.missing); return }
  const lists = deciding.rows.filter((r) => r.votes !== null)
  const bonus = law.bonus(statutory.seats)
  const threshold = law.threshold?.percent ?? 0
  const base = law.threshold?.of === "registered" ? deciding.contest.registered ?? undefined : undefined
  if (law.threshold?.of === "registered" && base === undefined) { notEvaluated("the law's threshold is a share of registered voters, which the table does not state"); return }
  // The lists are named by position in `lists` (distinct, as their result ids are), so no result id
  // is hashed; every list a group holds is one of `lists` (attribution takes them from the same
  // rows), found by position with `indexOf` (a few lists).
  const reconstruct = (votes: (r: Result) => number) =>
    allocate(lists.map((r, i) => ({ id: i, votes: votes(r) })), statutory.seats, bonus, threshold, law.method, base)
  const allocation = reconstruct((r) => r.votes!)
  if (!allocation) { notEvaluated("no list votes to allocate"); return }

  const winner = lists[allocation.leader]!
  const { groups, unmapped } = attributeRound(deciding, council.rows, codesOf, bloc)
  if (unmapped.length > 0) {
    notEvaluated(`council rows not attributable to a list: ${unmapped.map((r) => `${r.party} (line ${r.source_line})`).join(", ")}`)
    return
  }
  // Attribution follows the votes (the winning list leads), so a corrected figure re-attributes.
  // Pushed from a literal rather than mapped: one elements kind for `describe`'s loop (an empty
  // mapped array is of another; issue 8, ninth pass).
  const compare = (seats: ReadonlyMap<number, number>, by: ReadonlyArray<ListGroup> = groups): Array<Compared> => {
    const compared: Array<Compared> = []
    for (const g of by) {
      // Summed in loops (the same additions in the same order as `sum` of a mapped array, without the arrays).
      let reconstructed = 0
      for (const l of g.lists) reconstructed += seats.get(lists.indexOf(l)) ?? 0
      let table = 0
      for (const r of g.rows) table += r.seats!
      compared.push({ lists: g.lists, rows: g.rows, reconstructed, table })
    }
    return compared
  }
  const comparison = compare(allocation.seats)
  let reproduces = true
  for (const c of comparison) if (c.reconstructed !== c.table) reproduces = false
  const basis = law.method === "dhondt" && law.threshold?.of !== "registered"
    ? `${statutory.seats} seats, bonus ${bonus} to ${winner.contestant}, the rest by highest average among lists ≥ ${threshold} %`
    : `${law.describe(statutory.seats)}; bonus to ${winner.contestant}`
  if (reproduces) {
    items.push({ subject, file: council.table.source_file, line: council.table.source_line, status: "passed", detail: `reproduced (table/reconstructed): ${describe(comparison)}; ${basis}` })
    return
  }
  flaggedCouncil(run, contest, { subject, council, statutory, deciding, lists, comparison, basis, reconstruct, compare })
}

/**
 * A region whose council table does not reproduce: its item, then the anomaly — the correction
 * that makes it reproduce, or which list is off. A function of its own, called for ~4 % of the
 * regions: kept out of `councilSeats`, whose every TurboFan compile carried it (and whose first
 * flagged region, after the function was optimised on reproducing ones, deoptimised it; issue 8,
 * ninth pass).
 */
const flaggedCouncil = (run: Run, contest: AreaContest, f: {
  readonly subject: string
  readonly council: SeatTableView
  readonly statutory: { readonly seats: number }
  readonly deciding: RoundView
  readonly lists: ReadonlyArray<Result>
  readonly comparison: ReadonlyArray<Compared>
  readonly basis: string
  readonly reconstruct: (votes: (r: Result) => number) => Allocation<number> | null
  readonly compare: (seats: ReadonlyMap<number, number>, by: ReadonlyArray<ListGroup>) => ReadonlyArray<Compared>
}): void => {
  const { codesOf, bloc, anomalies, items } = run
  const { subject, council, statutory, deciding, lists, comparison, basis } = f
  const off = comparison.filter((c) => c.reconstructed !== c.table)
  items.push({ subject, file: council.table.source_file, line: council.table.source_line, status: "flagged", detail: `${describe(comparison)}; ${basis}` })
  // The lines of the lists and the council rows, listed only for an anomaly (most regions reproduce).
  const lines = lineList(lists.map((r) => r.source_line), council.rows.map((r) => r.source_line))

  // Does a correction suggested by the votes' own redundancy make the table reproduce?
  const corrected = reproducingCorrection(run, deciding, lists, council.rows, f.reconstruct, f.compare)
  if (corrected !== null) {
    anomalies.push(correctionAnomaly(corrected, lines, council.table.section, contest.area, deciding.contest.round, describe(comparison)))
    return
  }
  const councilSum = sum(council.rows.map((r) => r.seats ?? 0))
  const sizeGap = councilSum - statutory.seats
  const side = off.length === 1 && off[0]!.table - off[0]!.reconstructed === sizeGap && sizeGap !== 0 ? off[0]! : null
  const sideBloc = side ? bloc(codesOf(side.lists[0]!)[0] ?? null) : null
  anomalies.push({
    key: "reconstruction",
    severity: side ? "error" : "warning",
    file: council.table.source_file,
    line: side ? (side.rows[0]?.source_line ?? council.table.source_line) : council.table.source_line,
    lines: side ? lineList(side.rows.map((r) => r.source_line), side.lists.map((l) => l.source_line)) : lines,
    section: council.table.section,
    area: contest.area,
    round: deciding.contest.round,
    field: "seats",
    stated: (side ?? off[0]!).table,
    expected: (side ?? off[0]!).reconstructed,
    delta: (side ?? off[0]!).table - (side ?? off[0]!).reconstructed,
    tolerance: 0,
    message: side
      ? `${contest.area}: the council table gives ${nameOf(side)}'s list (${sideBloc ?? "?"}) ${side.table} seats, the 2004 allocation ${side.reconstructed}; every other list reproduces, and the table's ${councilSum} seats ${sizeGap > 0 ? "exceed" : "fall short of"} the council's ${statutory.seats} by the same ${Math.abs(sizeGap)} — the ${sideBloc ?? "list's"} side is off by ${side.table - side.reconstructed > 0 ? "+" : ""}${side.table - side.reconstructed}.`
      : `${contest.area}: the council table cannot be reproduced from the round-${deciding.contest.round} votes (table/reconstructed: ${describe(comparison)}); the data do not show which rows are off.`,
    suggestion: null
  })
}

/** A group's lists and rows with its seats in the table and reconstructed. */
interface Compared {
  readonly lists: ReadonlyArray<Result>
  readonly rows: ReadonlyArray<Seat>
  readonly reconstructed: number
  readonly table: number
}

/**
 * The one vote figure the deciding round's redundancy implies (a row off its percentage, the total
 * minus the other rows), when with it the council table reproduces — lists re-attributed, since
 * attribution follows the votes — else null.
 */
const reproducingCorrection = (
  run: Run,
  deciding: RoundView,
  lists: ReadonlyArray<Result>,
  councilRows: ReadonlyArray<Seat>,
  reconstruct: (votes: (r: Result) => number) => Allocation<number> | null,
  compare: (seats: ReadonlyMap<number, number>, by: ReadonlyArray<ListGroup>) => ReadonlyArray<{ readonly reconstructed: number; readonly table: number }>
): ImpliedVotes | null => {
  const total = roundTotal(deciding)
  const corrected = total ? impliedVotes(deciding.rows, total.value) : null
  if (!corrected) return null
  const votesOf = (r: Result) => (r.result_id === corrected.row.result_id ? corrected.value : r.votes!)
  const again = reconstruct(votesOf)
  if (!again) return null
  // The lists as they are, their votes as corrected (no copies of the records with other votes).
  const regrouped = attributeCouncil(lists, councilRows, run.codesOf, run.bloc, votesOf)
  if (regrouped.unmapped.length !== 0) return null
  return compare(again.seats, regrouped.groups).every((c) => c.reconstructed === c.table) ? corrected : null
}

const correctionAnomaly = (corrected: ImpliedVotes, lines: ReadonlyArray<number>, section: string, area: string, round: number, described: string): Draft => ({
  key: "reconstruction",
  severity: "info",
  file: corrected.row.source_file,
  line: corrected.row.source_line,
  lines,
  section,
  area,
  round,
  field: "votes",
  stated: corrected.row.votes,
  expected: corrected.value,
  delta: corrected.row.votes! - corrected.value,
  tolerance: 0,
  message: `${area}: the council table does not reproduce from the stated round-${round} votes (${described}), but it does exactly once ${corrected.row.contestant}'s ${count(corrected.row.votes)} votes are replaced by ${count(corrected.value)} — independent evidence for that correction.`,
  suggestion: null
})

/**
 * Results tables with their own seats column (the seats beside each row's votes): one round, its
 * rows' votes allocated under the law of the election's kind and country, each row's seats
 * compared. The number of seats is the law's `assembly_size`, else the table's stated seat total.
 */
const tableSeats = (dataset: Dataset, reference: Reference, anomalies: Array<Draft>, items: Array<Item>) => {
  const seatsByTable = new Map<string, Array<Dataset["seats"][number]>>()
  // Pushed, not `[...list, s]`: copying a table's list for each of its rows was quadratic in its rows.
  for (const s of dataset.seats) {
    if (s.measure !== "seats") continue
    const list = seatsByTable.get(s.table_id)
    if (list) list.push(s)
    else seatsByTable.set(s.table_id, [s])
  }
  const elections = new Map(dataset.elections.map((e) => [e.election_id, e]))
  for (const [tableId, seatRows] of seatsByTable) {
    const contests = dataset.contests.filter((c) => c.table_id === tableId)
    if (contests.length === 0) continue // a seat table without votes: the council path above
    const election = elections.get(contests[0]!.election_id)
    if (!election || election.kind === "regional") continue // regional seats are allocated per region (L338), not from a national table
    const key = lawKeyOf(dataset, election, reference)
    const first = contests[0]!
    const subject = `${first.section || first.area}: seats from the votes`
    const notEvaluated = (detail: string) => items.push({ subject, file: first.source_file, line: first.source_line, status: "not_evaluated", detail })
    if (!hasLaw(reference, key)) { notEvaluated(noLawKnown(key)); continue }
    const law = lawOf(reference, key, first.area)
    if ("missing" in law) { notEvaluated(law.missing); continue }
    if (contests.length !== 1) { notEvaluated("the table has several rounds; seats are reconstructed from a single round's votes only"); continue }
    const contest = contests[0]!
    const rows = dataset.results.filter((r) => r.contest_id === contest.contest_id)
    const stated = dataset.seatTotals.find((t) => t.table_id === tableId && t.measure === "seats")?.seats ?? null
    // An area's table (a constituency, a province) is allocated under the law only where the
    // reference has rows for that area: a law's national rows (scope `all`: the assembly's size, a
    // threshold that may be counted nationally) say nothing of how an area's seats are shared.
    if (contest.area_level !== "national" && !reference.law.some((r) => r.scope === contest.area && matchesLawKey(r, key))) {
      notEvaluated(`the law's rows for ${key.election} elections in ${key.country} are national; how ${contest.area}'s seats are allocated is not in the reference`)
      continue
    }
    const size = contest.area_level === "national" ? law.seats ?? stated : stated ?? law.seats
    if (size === null) { notEvaluated("neither the law (assembly_size) nor the table states the number of seats"); continue }
    if (rows.some((r) => r.votes === null)) { notEvaluated("a row's votes did not read"); continue }
    const seatOf = new Map(seatRows.map((s) => [s.party, s]))
    const unmatched = rows.filter((r) => !seatOf.has(r.contestant))
    if (unmatched.length > 0 || seatRows.some((s) => s.seats === null)) { notEvaluated("a row's seats did not read"); continue }
    const base = law.threshold?.of === "registered" ? contest.registered ?? undefined : undefined
    if (law.threshold?.of === "registered" && base === undefined) { notEvaluated("the law's threshold is a share of registered voters, which the table does not state"); continue }
    // The rows named by position, as a region's lists are (`councilSeats`): the lists `allocate`
    // meets all have one shape (a number id), and no result id is hashed. Result ids are distinct,
    // so positions and ids correspond one to one (test/allocate-shortcut.test.ts: same allocation).
    const allocation = allocate(rows.map((r, i) => ({ id: i, votes: r.votes! })), size, law.bonus(size), law.threshold?.percent ?? 0, law.method, base)
    if (!allocation) { notEvaluated("no votes to allocate"); continue }
    const compared = rows.map((r, i) => ({ row: r, seat: seatOf.get(r.contestant)!, reconstructed: allocation.seats.get(i) ?? 0 }))
    const off = compared.filter((c) => c.seat.seats !== c.reconstructed)
    const describe = compared.map((c) => `${c.row.contestant} ${c.seat.seats}/${c.reconstructed}`).join(", ")
    const basis = `${law.describe(size)} (${key.election}, ${key.country})`
    const line = dataset.tables.find((t) => t.table_id === tableId)?.source_line ?? contest.source_line
    if (off.length === 0) {
      items.push({ subject, file: contest.source_file, line, status: "passed", detail: `reproduced (table/reconstructed): ${describe}; ${basis}` })
      continue
    }
    items.push({ subject, file: contest.source_file, line, status: "flagged", detail: `${describe}; ${basis}` })
    for (const c of off) anomalies.push(tableSeatAnomaly(c, contest, basis, compared.length, off.length, law))
  }
}

const tableSeatAnomaly = (
  c: { readonly row: Result; readonly seat: Dataset["seats"][number]; readonly reconstructed: number },
  contest: Dataset["contests"][number],
  basis: string,
  rows: number,
  off: number,
  law: Law
): Draft => ({
  key: `table-seats/${c.seat.seat_id}`,
  severity: "warning",
  file: c.seat.source_file,
  line: c.seat.source_line,
  lines: lineList([c.seat.source_line]),
  section: contest.section,
  area: contest.area,
  round: contest.round,
  field: "seats",
  stated: c.seat.seats,
  expected: c.reconstructed,
  delta: c.seat.seats! - c.reconstructed,
  tolerance: 0,
  message: `${c.row.contestant}: the table gives ${c.seat.seats} seats, the ${law.method === "hare" ? "largest-remainder" : "highest-average"} allocation of the round's votes ${c.reconstructed} (${basis}); ${off} of ${rows} rows differ.`,
  suggestion: null
})

/** A group's lists by name: "A + B" (a loop, as the map + join it replaced gives for strings, without their arrays). */
const nameOf = (c: { readonly lists: ReadonlyArray<Result> }): string => {
  let name = ""
  for (let i = 0; i < c.lists.length; i++) name += i === 0 ? c.lists[i]!.contestant : ` + ${c.lists[i]!.contestant}`
  return name
}

/** "A + B 12/12, C 3/4": each group's table and reconstructed seats (a loop, as map + join gave). */
const describe = (c: ReadonlyArray<{ readonly lists: ReadonlyArray<Result>; readonly table: number; readonly reconstructed: number }>): string => {
  let text = ""
  for (let i = 0; i < c.length; i++) text += `${i === 0 ? "" : ", "}${nameOf(c[i]!)} ${c[i]!.table}/${c[i]!.reconstructed}`
  return text
}

/**
 * Which list each council party row's seats were won on. A row marked • (the regional majority)
 * belongs with the winning list (the most votes in the deciding round); any other row with the
 * lists sharing its party code, else with the lists nearest its bloc on the left–right axis. Lists
 * linked through one row form a group (Corsica's single "Left" row covers four left lists).
 */
import type { Result, Seat } from "../normalise/records.ts"
import type { RoundView } from "./views.ts"

/** Left–right order of blocs, to attach a party row to the nearest list when no code matches. */
const AXIS: Record<string, number> = { "far-left": 0, left: 1, ecologist: 2, centre: 3, right: 4, "far-right": 5 }

/**
 * A bloc's place on the axis, as `distance` reads it (`in`, then the value as a number, which is
 * what subtracting it gave; -1 off the axis, where it was undefined: the places are 0–5, and a
 * number for every bloc keeps the flat array of places of one elements kind,
 * small integers, where `undefined` among numbers made a second one and deoptimised `nearest`;
 * issue 8, ninth pass). Looked up once per list bloc and row instead of twice per row and list:
 * keyed lookups with strings that are not internalised cost a string-table probe each (issue 8,
 * seventh pass).
 */
const axisOf = (b: string | null): number => (b !== null && b in AXIS ? Number(AXIS[b]) : -1)

/** The bloc distance, from both blocs and their axis places (`axisOf`). */
const distance = (a: string | null, aAxis: number, b: string | null, bAxis: number) =>
  a === null || b === null ? Infinity : a === b ? 0 : aAxis !== -1 && bAxis !== -1 ? Math.abs(aAxis - bAxis) : Infinity

export interface ListGroup {
  readonly lists: ReadonlyArray<Result>
  readonly rows: ReadonlyArray<Seat>
}

export interface Attribution {
  readonly groups: ReadonlyArray<ListGroup>
  /** Rows with seats that no list can be attributed to. */
  readonly unmapped: ReadonlyArray<Seat>
}

/** A list's nearest bloc distance to a row's bloc (Infinity for a list without codes): its blocs are `blocs[from..to)`. */
const nearest = (
  blocs: ReadonlyArray<string | null>,
  axes: ReadonlyArray<number>,
  from: number,
  to: number,
  rowBloc: string | null,
  rowAxis: number
): number => {
  let d = Infinity
  for (let k = from; k < to; k++) d = Math.min(d, distance(rowBloc, rowAxis, blocs[k]!, axes[k]!))
  return d
}

/** A union-find root. */
const find = (parent: Array<number>, i: number): number => {
  while (parent[i] !== i) i = parent[i]!
  return i
}

/** The empty list of unattributable rows (shared: callers only read it). */
const NO_ROWS: Array<Seat> = ([{}] as Array<Seat>).slice(0, 0)

/** The lists a council row is linked to, reused by every row (grown as needed). */
const linkedScratch: Array<number> = []
/** Per list root: its group's list and row counts, then their fill counts (grown as needed). */
let listScratch = new Int32Array(16)
let rowScratch = new Int32Array(16)

const statedVotes = (r: Result): number | null => r.votes

/**
 * The list groups of a council's rows. `votesOf` gives a list's votes (the stated ones unless a
 * rule tries a corrected figure): passed as a function rather than as copies of the records with
 * other votes, whose other object shape made this function's property loads polymorphic ("wrong
 * map" deopts; issue 8, fifth pass).
 */
export const attributeCouncil = (
  lists: ReadonlyArray<Result>,
  rows: ReadonlyArray<Seat>,
  codesOf: (r: Result) => ReadonlyArray<string>,
  bloc: (code: string | null) => string | null,
  votesOf: (r: Result) => number | null = statedVotes
): Attribution => {
  // The winner's position: the first list with the most votes.
  let winner = -1
  for (let i = 0; i < lists.length; i++) if (winner < 0 || (votesOf(lists[i]!) ?? 0) > (votesOf(lists[winner]!) ?? 0)) winner = i
  let hasMarkers = false
  for (let r = 0; r < rows.length; r++) if (rows[r]!.majority === true) hasMarkers = true
  // Each list's codes, their blocs and the blocs' axis places, looked up once (the row loop runs per
  // council row). The blocs and axis places of all lists sit in two flat arrays, list i's from
  // `from[i]` to `from[i + 1]` (no array per list, no closures per call; issue 8, seventh pass, part E).
  const n = lists.length
  const listCodes: Array<ReadonlyArray<string>> = new Array(n)
  const from: Array<number> = new Array(n + 1)
  const flatBlocs: Array<string | null> = []
  const flatAxes: Array<number> = []
  for (let i = 0; i < n; i++) {
    const codes = codesOf(lists[i]!)
    listCodes[i] = codes
    from[i] = flatBlocs.length
    for (let k = 0; k < codes.length; k++) {
      const b = bloc(codes[k]!)
      flatBlocs.push(b)
      flatAxes.push(axisOf(b))
    }
  }
  from[n] = flatBlocs.length
  // Union-find over list positions (an array, not a Map of ids).
  const parent: Array<number> = new Array(n)
  for (let i = 0; i < n; i++) parent[i] = i
  // Made at the first unattributable row ([row], of objects' elements kind); most councils have
  // none and share NO_ROWS, of the same kind: an empty `[]` is of small integers' kind, and the
  // two kinds met at the callers' `unmapped.length` ("wrong map"; issue 8, ninth pass).
  let unmapped: Array<Seat> = NO_ROWS
  const linkedRows: Array<Seat> = []
  const linkedFirst: Array<number> = []
  for (const row of rows) {
    if (row.seats === null || row.seats === 0) continue
    // The positions of the lists the row's seats were won on (lists are named by position: no id
    // strings), gathered in a scratch array: only the first and the unions are kept.
    const code = row.party_code
    const rowBloc = bloc(code)
    const rowAxis = axisOf(rowBloc)
    // One pass over the pool: the lists holding the row's code, and the nearest bloc distance of any list.
    const skipWinner = hasMarkers && row.majority !== true
    let linked = 0
    let best = Infinity
    for (let i = 0; i < n; i++) {
      if (skipWinner && i === winner) continue
      if (code !== null && listCodes[i]!.includes(code)) linkedScratch[linked++] = i
      const d = nearest(flatBlocs, flatAxes, from[i]!, from[i + 1]!, rowBloc, rowAxis)
      if (d < best) best = d
    }
    // A majority row joins the winner, and any other list of exactly its code or bloc (the nearest
    // lists are at distance 0 only when the nearest distance is 0). The nearest lists are gathered
    // only when no code matched, their distances computed again (no array of distances per call).
    if (linked === 0 && (row.majority !== true || best === 0) && best !== Infinity) {
      for (let i = 0; i < n; i++) {
        if (!(skipWinner && i === winner) && nearest(flatBlocs, flatAxes, from[i]!, from[i + 1]!, rowBloc, rowAxis) === best) linkedScratch[linked++] = i
      }
    }
    // A marked row's first list is the winner (as `[...new Set([winner, ...linked])]`: lists are
    // distinct); the row's lists are joined to its first (the groups do not depend on the order of the unions).
    const withWinner = row.majority === true && hasMarkers && winner >= 0
    if (linked === 0 && !withWinner) {
      if (unmapped === NO_ROWS) unmapped = [row]
      else unmapped.push(row)
      continue
    }
    const first = withWinner ? winner : linkedScratch[0]!
    for (let k = 0; k < linked; k++) parent[find(parent, linkedScratch[k]!)] = find(parent, first)
    linkedRows.push(row)
    linkedFirst.push(first)
  }
  // Groups by root, in order of each root's first list (one pass over lists and links instead of a
  // filter per root, for speed; same groups, same order). A root is a list position: the groups are
  // found through an array by position, not a Map. Each group's arrays are made at their length
  // (counted first, in module scratch arrays) rather than grown by push from `[]`, which reserves
  // 17 slots (issue 8, seventh pass, part E).
  if (listScratch.length < n) {
    listScratch = new Int32Array(Math.max(n, listScratch.length * 2))
    rowScratch = new Int32Array(listScratch.length)
  }
  let groupCount = 0
  for (let i = 0; i < n; i++) {
    parent[i] = find(parent, i) // from here on, a list's root
    listScratch[i] = 0
    rowScratch[i] = 0
  }
  for (let i = 0; i < n; i++) {
    if (parent[i] === i) groupCount++
    const root = parent[i]!
    listScratch[root] = listScratch[root]! + 1
  }
  for (let k = 0; k < linkedFirst.length; k++) {
    const root = parent[linkedFirst[k]!]!
    rowScratch[root] = rowScratch[root]! + 1
  }
  const groups: Array<{ lists: Array<Result>; rows: Array<Seat> }> = new Array(groupCount)
  const byRoot: Array<{ lists: Array<Result>; rows: Array<Seat> } | undefined> = new Array(n)
  let made = 0
  for (let i = 0; i < n; i++) {
    const root = parent[i]!
    let group = byRoot[root]
    if (group === undefined) {
      group = { lists: new Array<Result>(listScratch[root]!), rows: new Array<Seat>(rowScratch[root]!) }
      byRoot[root] = group
      groups[made++] = group
      listScratch[root] = 0 // now the group's fill count
      rowScratch[root] = 0
    }
    const at = listScratch[root]!
    group.lists[at] = lists[i]!
    listScratch[root] = at + 1
  }
  for (let k = 0; k < linkedRows.length; k++) {
    const root = parent[linkedFirst[k]!]!
    const at = rowScratch[root]!
    byRoot[root]!.rows[at] = linkedRows[k]!
    rowScratch[root] = at + 1
  }
  return { groups, unmapped }
}

/**
 * `attributeCouncil` of a deciding round's lists with votes and a council table's rows, computed
 * once per (round, rows): seat-reconstruction, reconciliation and the diagnosis ask for the same
 * attribution of each area. `codesOf` and `bloc` must be the round's dataset's (views.ts). The
 * attributions are kept on the round's view (its `attributions` slot).
 */
export const attributeRound = (
  deciding: RoundView,
  rows: ReadonlyArray<Seat>,
  codesOf: (r: Result) => ReadonlyArray<string>,
  bloc: (code: string | null) => string | null
): Attribution => {
  let byRows = deciding.attributions
  if (byRows === null) {
    byRows = new Map()
    deciding.attributions = byRows
  }
  let attribution = byRows.get(rows) as Attribution | undefined
  if (attribution === undefined) {
    attribution = attributeCouncil(deciding.rows.filter((r) => r.votes !== null), rows, codesOf, bloc)
    byRows.set(rows, attribution)
  }
  return attribution
}

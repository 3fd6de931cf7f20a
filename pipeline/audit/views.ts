/** Read-only views of the dataset that several rules share: rounds with their rows, seat tables with their totals. */
import type { Dataset } from "../normalise/normalise.ts"
import type { Contest, Election, Result, Seat, SeatTotal, TableRecord, Turnout } from "../normalise/records.ts"

export interface RoundView {
  readonly contest: Contest
  readonly election: Election
  /** Rows of this round in table order (results with a figure in this round). */
  readonly rows: ReadonlyArray<Result>
  readonly turnout: ReadonlyArray<Turnout>
  /** The same table's other rounds, by round number (only `get` is offered: see `OtherRounds`). */
  readonly otherRounds: { get(round: number): RoundView | undefined }
  /**
   * council-lists.ts's cache of this round's list attributions, by council rows (null until one is
   * made): a slot on the view instead of a WeakMap keyed by it (WeakMaps cost per lookup and in GC).
   */
  attributions: Map<ReadonlyArray<Seat>, unknown> | null
}

export const groupBy = <A>(items: ReadonlyArray<A>, key: (a: A) => string): Map<string, Array<A>> => {
  const map = new Map<string, Array<A>>()
  // The two keys met last and their lists: a table's results alternate between its rounds' contests
  // (row 1 round 1, row 1 round 2, …), so nearly every key is one of them and is found by comparing
  // it instead of a map lookup (issue 8, seventh pass). The map and its order are the same.
  let k1: string | undefined
  let l1: Array<A> | undefined
  let k2: string | undefined
  let l2: Array<A> | undefined
  for (const item of items) {
    const k = key(item)
    let list = k === k1 ? l1 : k === k2 ? l2 : map.get(k)
    if (list) list.push(item)
    else {
      list = [item]
      map.set(k, list)
    }
    if (k !== k1) {
      k2 = k1
      l2 = l1
      k1 = k
      l1 = list
    }
  }
  return map
}

/**
 * Memoises a view per dataset object: rules share one build instead of each rebuilding it. The
 * cache holds the last dataset's view only (a dataset is one article's, asked for by every rule
 * and then by the diagnosis and the charts before the next article's): a WeakMap keyed by the
 * datasets kept every view alive until the next full collection, because V8's scavenges treat a
 * long-lived WeakMap's values as live — each scavenge promoted the views of the ~8 articles since
 * the previous one (~190 MB over 1,000 articles; issue 8, eighth pass). A view is a pure function
 * of its dataset (records are read-only), so a dataset asked for again after another gets an equal
 * view, built again (test/worker-cpu.test.ts).
 */
const memo = <A>(build: (dataset: Dataset) => A): ((dataset: Dataset) => A) => {
  let last: Dataset | undefined
  let value: A | undefined
  return (dataset) => {
    if (dataset !== last) {
      value = build(dataset)
      last = dataset
    }
    return value as A
  }
}

/**
 * A view's siblings (the same table's rounds, itself included) read as a map by round: `get(n)` is
 * what a Map filled with every other sibling in table order gives (the last sibling of round n that
 * is not the view). A table has one to three rounds, so a scan of the siblings' shared array
 * replaces the Map each view had (a hash table per contest, ~54 per article, built whether a rule
 * asked or not; issue 8, ninth pass). test/round-views.test.ts holds it to the Map.
 */
class OtherRounds {
  /** Set once, right after the view is made (the view holds this object). */
  view: RoundView | null = null
  constructor(private readonly siblings: ReadonlyArray<RoundView>) {}
  get(round: number): RoundView | undefined {
    const { siblings, view } = this
    for (let i = siblings.length - 1; i >= 0; i--) {
      const other = siblings[i]!
      if (other !== view && other.contest.round === round) return other
    }
    return undefined
  }
}

/**
 * Every array the views hand out is built by `push` from a literal, or is this one when empty, so
 * the rules' loops over them meet one elements kind (PACKED_ELEMENTS): `map` gives holey arrays and
 * `filter` an empty array of small-integer kind, and each new kind at a loop inlined into a rule's
 * `check` deoptimised the whole function once ("wrong map"; issue 8, ninth pass). Shared: callers
 * only read the views.
 */
const NONE: Array<never> = ([{}] as Array<never>).slice(0, 0)

export const roundViews = memo((dataset: Dataset): ReadonlyArray<RoundView> => {
  const rowsByContest = groupBy(dataset.results, (r) => r.contest_id)
  const turnoutByContest = groupBy(dataset.turnout, (t) => t.contest_id)
  const elections = new Map<string, Election>()
  for (const e of dataset.elections) elections.set(e.election_id, e)
  const contests = dataset.contests
  if (contests.length === 0) return NONE
  // Siblings are the views of one table; a table's contests are consecutive in the normaliser's
  // output, so the last table's array is found by comparing ids, and the Map is asked otherwise.
  const byTable = new Map<string, Array<RoundView>>()
  let lastTable: string | undefined
  let lastSiblings: Array<RoundView> = NONE
  const views: Array<RoundView> = []
  for (const contest of contests) {
    let siblings = contest.table_id === lastTable ? lastSiblings : byTable.get(contest.table_id)
    if (siblings === undefined) {
      siblings = []
      byTable.set(contest.table_id, siblings)
    }
    lastTable = contest.table_id
    lastSiblings = siblings
    const otherRounds = new OtherRounds(siblings)
    const view: RoundView = {
      contest,
      election: elections.get(contest.election_id)!,
      rows: rowsByContest.get(contest.contest_id) ?? NONE,
      turnout: turnoutByContest.get(contest.contest_id) ?? NONE,
      otherRounds,
      attributions: null
    }
    otherRounds.view = view
    siblings.push(view)
    views.push(view)
  }
  return views
})

/** The denominator percentages of a round are shares of: the stated total, else the valid votes. */
export const roundTotal = (view: RoundView): { value: number; line: number; label: string } | null => {
  if (view.contest.total_votes !== null) {
    return { value: view.contest.total_votes, line: view.contest.source_line, label: "stated total" }
  }
  const valid = view.turnout.find((t) => t.measure === "valid" && t.value !== null)
  return valid ? { value: valid.value!, line: valid.source_line, label: "valid votes" } : null
}

export interface SeatTableView {
  readonly table: TableRecord
  readonly election: Election
  readonly rows: ReadonlyArray<Seat>
  readonly total: SeatTotal | null
}

export const seatTableViews = memo((dataset: Dataset): ReadonlyArray<SeatTableView> => {
  const rowsByTable = groupBy(dataset.seats, (s) => s.table_id)
  const totals = new Map<string, SeatTotal>()
  for (const t of dataset.seatTotals) totals.set(t.table_id, t)
  const elections = new Map<string, Election>()
  for (const e of dataset.elections) elections.set(e.election_id, e)
  // A loop, not filter + map: the same views in the same order, in a packed array (see NONE).
  let views: Array<SeatTableView> = NONE
  for (const table of dataset.tables) {
    const rows = rowsByTable.get(table.table_id)
    const total = totals.get(table.table_id)
    if (rows === undefined && total === undefined) continue
    if (views === NONE) views = []
    views.push({ table, election: elections.get(table.election_id)!, rows: rows ?? NONE, total: total ?? null })
  }
  return views
})

// An indexed loop, not `reduce`: callers pass arrays of every elements kind (small integers,
// doubles, arrays that once held null), and TurboFan's inlined `reduce` deoptimised the audit's
// largest `check` each time a new kind arrived (issue 8, part P).
export const sum = (values: ReadonlyArray<number>) => {
  let total = 0
  for (let i = 0; i < values.length; i++) total += values[i]!
  return total
}

export const lineList = (...groups: ReadonlyArray<ReadonlyArray<number> | number>): Array<number> => {
  // Each line put in its place as it comes (no Set, no spread, no sort: V8's sort allocates a work
  // copy per call, and this runs per finding and per item): the same lines, ascending, each once.
  const out: Array<number> = []
  for (const g of groups) {
    if (typeof g === "number") insertLine(out, g)
    else for (const n of g) insertLine(out, n)
  }
  return out
}

/**
 * Puts a line into an ascending list of distinct lines, unless it is there already: what adding it
 * and then sorting numerically (without duplicates) gives, for integers. test/line-list.test.ts
 * holds it to the Set-and-sort it replaced.
 */
export const insertLine = (lines: Array<number>, n: number): void => {
  let i = lines.length
  while (i > 0 && lines[i - 1]! > n) i--
  if (i > 0 && lines[i - 1] === n) return
  if (i === lines.length) lines.push(n)
  else lines.splice(i, 0, n)
}

/** The area-level results rounds of one table, grouped: round number → view. */
export interface AreaContest {
  readonly area: string
  readonly election: Election
  readonly rounds: ReadonlyMap<number, RoundView>
  /** The last round with list figures (the one that decides the seats), if any. */
  readonly deciding: RoundView | null
  /** The table's last round number (computed once; rules compare the deciding round with it). */
  readonly lastRound: number
}

export const areaContests = memo((dataset: Dataset): ReadonlyArray<AreaContest> => {
  // The area-level views grouped by table, tables in order of first appearance (what filter +
  // groupBy gave), in loops and packed arrays (see NONE).
  const byTable = new Map<string, Array<RoundView>>()
  let lastTable: string | undefined
  let last: Array<RoundView> = NONE
  for (const v of roundViews(dataset)) {
    if (v.contest.area_level !== "area") continue
    let list = v.contest.table_id === lastTable ? last : byTable.get(v.contest.table_id)
    if (list === undefined) {
      list = [v]
      byTable.set(v.contest.table_id, list)
    } else list.push(v)
    lastTable = v.contest.table_id
    last = list
  }
  let contests: Array<AreaContest> = NONE
  for (const tableViews of byTable.values()) {
    const rounds = new Map<number, RoundView>()
    for (const v of tableViews) rounds.set(v.contest.round, v)
    // The deciding round: the first of the latest rounds with a list figure (what a stable sort by
    // round, latest first, puts first; a loop, without the filtered copy and the sort's work array).
    let deciding: RoundView | null = null
    for (const v of tableViews) {
      if ((deciding === null || v.contest.round > deciding.contest.round) && v.rows.some((r) => r.votes !== null)) deciding = v
    }
    let lastRound = -Infinity
    for (const round of rounds.keys()) if (round > lastRound) lastRound = round
    if (contests === NONE) contests = []
    contests.push({ area: tableViews[0]!.contest.area, election: tableViews[0]!.election, rounds, deciding, lastRound })
  }
  return contests
})

/** The row with the most votes in a round (ties: the earlier row). */
export const leader = (view: RoundView): Result | null =>
  view.rows.reduce<Result | null>((best, r) => (r.votes !== null && (best === null || r.votes > best.votes!) ? r : best), null)

/**
 * A result without known codes gets this empty array, whose elements kind is that of a list of
 * strings: an empty array from filter/map is of V8's small-integer kind, and the two kinds meeting
 * at the rules' inlined `map`/`includes`/loops over codes deoptimised them ("wrong map"; issue 8,
 * fifth pass). Shared: callers only read the arrays.
 */
const NO_CODES: Array<string> = ["-"].slice(0, 0)

/**
 * Party codes of a result, in label order (from the result_parties bridge), without hashing the
 * results' ids. The normaliser writes a result's bridge records right after it, so the bridge
 * follows dataset.results: one walk over both (ids compared with `===`, the same string objects)
 * gives each result record its known codes, kept by record in an identity map. Result ids are long
 * joined strings that nothing hashed before this view, and hashing each one was most of its cost
 * (issue 8, seventh pass). When the bridge does not follow the results (records of a result apart,
 * out of order, or of no result), or a caller asks with a record that is not one of the dataset's
 * (a copy), the codes come from the grouping by id (`codesById`) instead, built on first need.
 * test/party-codes.test.ts checks both paths against the plain grouping, shuffled bridges included.
 * Callers only read the arrays.
 */
export const partyCodesOf = memo((dataset: Dataset) => {
  const byRecord = walkBridge(dataset.results, dataset.resultParties)
  let byId: Map<string, Array<string>> | null = null
  return (result: Result): Array<string> => {
    const codes = byRecord?.get(result)
    if (codes !== undefined) return codes
    byId ??= codesById(dataset.resultParties)
    return byId.get(result.result_id) ?? NO_CODES
  }
})

/** Each result record's known codes when the bridge follows the results (each result's records together, in results order), else null. */
export const walkBridge = (results: ReadonlyArray<Result>, bridge: Dataset["resultParties"]): Map<Result, Array<string>> | null => {
  const byRecord = new Map<Result, Array<string>>()
  let j = 0
  for (let i = 0; i < results.length; i++) {
    const result = results[i]!
    const id = result.result_id
    let codes = NO_CODES
    for (; j < bridge.length && bridge[j]!.result_id === id; j++) {
      const p = bridge[j]!
      if (!p.known) continue
      // A one-element literal to start (a push on `[]` reserves 17 slots): most results have one or two codes.
      if (codes === NO_CODES) codes = [p.party_code]
      else codes.push(p.party_code)
    }
    byRecord.set(result, codes)
  }
  // Records left over: the bridge does not follow the results (or names a result not in them).
  return j === bridge.length ? byRecord : null
}

/**
 * The grouping by result id, in one pass over the bridge (consecutive records of the same result
 * look their list up once): the path for bridges that do not follow the results.
 */
const codesById = (bridge: Dataset["resultParties"]): Map<string, Array<string>> => {
  const codes = new Map<string, Array<string>>()
  let lastId: string | null = null
  let last: Array<string> = NO_CODES
  for (const p of bridge) {
    if (!p.known) continue
    if (p.result_id !== lastId) {
      lastId = p.result_id
      const known = codes.get(lastId)
      if (known === undefined) {
        last = [p.party_code]
        codes.set(lastId, last)
        continue
      }
      last = known
    }
    last.push(p.party_code)
  }
  return codes
}

/** The bloc of a party code, from the party dictionary. */
export const blocOf = memo((dataset: Dataset) => {
  const blocs = new Map<string, string | null>()
  for (const p of dataset.parties) blocs.set(p.party_code, p.bloc)
  return (code: string | null): string | null => (code === null ? null : blocs.get(code) ?? null)
})

/** The area-level seat table(s) of an election, by area. */
export const councilsByArea = memo((dataset: Dataset): ReadonlyMap<string, SeatTableView> => {
  const map = new Map<string, SeatTableView>()
  for (const view of seatTableViews(dataset)) {
    const first = view.rows[0]
    if (view.table.kind === "seats" && first && first.area_level === "area" && !map.has(`${view.election.election_id}/${first.area}`)) {
      map.set(`${view.election.election_id}/${first.area}`, view)
    }
  }
  return map
})

/**
 * `councilsByArea` looked up by election and area through nested maps (no key string per lookup):
 * the area-level seat table of an area, the first one when several.
 */
export const councilOf = memo((dataset: Dataset): ((electionId: string, area: string) => SeatTableView | undefined) => {
  const byElection = new Map<string, Map<string, SeatTableView>>()
  for (const view of seatTableViews(dataset)) {
    const first = view.rows[0]
    if (view.table.kind !== "seats" || !first || first.area_level !== "area") continue
    let byArea = byElection.get(view.election.election_id)
    if (byArea === undefined) {
      byArea = new Map()
      byElection.set(view.election.election_id, byArea)
    }
    if (!byArea.has(first.area)) byArea.set(first.area, view)
  }
  return (electionId, area) => byElection.get(electionId)?.get(area)
})

/** How check items name a round of a results table: "Alsace round 2 (Results by region > Alsace)". */
export const roundSubject = (contest: Contest) => `${contest.area} round ${contest.round} (${contest.section})`

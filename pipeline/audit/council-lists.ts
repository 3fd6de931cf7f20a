/**
 * Which list each council party row's seats were won on. A row marked • (the regional majority)
 * belongs with the winning list (the most votes in the deciding round); any other row with the
 * lists sharing its party code, else with the lists nearest its bloc on the left–right axis. Lists
 * linked through one row form a group (Corsica's single "Left" row covers four left lists).
 */
import type { Result, Seat } from "../normalise/records.ts"

/** Left–right order of blocs, to attach a party row to the nearest list when no code matches. */
const AXIS: Record<string, number> = { "far-left": 0, left: 1, ecologist: 2, centre: 3, right: 4, "far-right": 5 }

const distance = (a: string | null, b: string | null) =>
  a === null || b === null ? Infinity : a === b ? 0 : a in AXIS && b in AXIS ? Math.abs(AXIS[a]! - AXIS[b]!) : Infinity

export interface ListGroup {
  readonly lists: ReadonlyArray<Result>
  readonly rows: ReadonlyArray<Seat>
}

export interface Attribution {
  readonly groups: ReadonlyArray<ListGroup>
  /** Rows with seats that no list can be attributed to. */
  readonly unmapped: ReadonlyArray<Seat>
}

export const attributeCouncil = (
  lists: ReadonlyArray<Result>,
  rows: ReadonlyArray<Seat>,
  codesOf: (r: Result) => ReadonlyArray<string>,
  bloc: (code: string | null) => string | null
): Attribution => {
  const winner = lists.reduce<Result | null>((best, l) => (best === null || (l.votes ?? 0) > (best.votes ?? 0) ? l : best), null)
  const hasMarkers = rows.some((r) => r.majority === true)
  const listsFor = (row: Seat): Array<Result> => {
    const pool = hasMarkers && row.majority !== true ? lists.filter((l) => l !== winner) : lists
    const byCode = pool.filter((l) => row.party_code !== null && codesOf(l).includes(row.party_code))
    const rowBloc = bloc(row.party_code)
    const near = pool.map((l) => ({ l, d: Math.min(...codesOf(l).map((c) => distance(rowBloc, bloc(c)))) }))
    const best = Math.min(...near.map((n) => n.d))
    const byBloc = best === Infinity ? [] : near.filter((n) => n.d === best).map((n) => n.l)
    // A majority row joins the winner, and any other list of exactly its code or bloc.
    const linked = byCode.length > 0 ? byCode : row.majority === true ? byBloc.filter((l) => near.find((n) => n.l === l)!.d === 0) : byBloc
    return row.majority === true && hasMarkers && winner ? [...new Set([winner, ...linked])] : linked
  }
  const parent = new Map(lists.map((l) => [l.result_id, l.result_id]))
  const find = (id: string): string => (parent.get(id) === id ? id : find(parent.get(id)!))
  const unmapped: Array<Seat> = []
  const links: Array<[Seat, Array<Result>]> = []
  for (const row of rows) {
    if (row.seats === null || row.seats === 0) continue
    const linked = listsFor(row)
    if (linked.length === 0) {
      unmapped.push(row)
      continue
    }
    for (const l of linked.slice(1)) parent.set(find(l.result_id), find(linked[0]!.result_id))
    links.push([row, linked])
  }
  const roots = [...new Set(lists.map((l) => find(l.result_id)))]
  const groups = roots.map((root) => ({
    lists: lists.filter((l) => find(l.result_id) === root),
    rows: links.filter(([, linked]) => find(linked[0]!.result_id) === root).map(([row]) => row)
  }))
  return { groups, unmapped }
}

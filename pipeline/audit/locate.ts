/**
 * Where a finding points in the output tables: the table whose lines hold its primary line, the
 * result or seat row on that line, the contest (table × round), the area those rows carry, and the
 * round (the finding's own, else its table's when the table has only one round). Derived from the article's records (their file, line and round), never from known lines,
 * so every rule's findings — the normalisation and claims findings too — get the ids a consumer
 * joins on (`anomalies.result_id = results.result_id`) and the area a consumer groups by.
 */
import type { Document } from "../extract/document.ts"
import { areaOf } from "../normalise/blocks.ts"
import { LEAD } from "../normalise/ids.ts"
import type { Dataset } from "../normalise/normalise.ts"
import type * as R from "../normalise/records.ts"

export interface Location {
  readonly table_id: string | null
  readonly contest_id: string | null
  readonly result_id: string | null
  readonly seat_id: string | null
  readonly area: string | null
  readonly round: number | null
}

interface Finding {
  readonly file: string
  readonly line: number
  readonly section: string
  readonly area: string | null
  readonly round: number | null
}

const push = <K, V>(map: Map<K, Array<V>>, key: K, value: V) => {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

/** The one item of `list` (after `keep`), or null when there is none or more than one (a loop: no filtered copy). */
const only = <A>(list: ReadonlyArray<A> | undefined, keep: (a: A) => boolean, from = 0, to = list?.length ?? 0): A | null => {
  if (list === undefined) return null
  let found: A | null = null
  for (let i = from; i < to; i++) {
    const a = list[i]!
    if (!keep(a)) continue
    if (found !== null) return null
    found = a
  }
  return found
}

/** Whether the rows' lines never decrease (an article's records are written in line order). */
const ascending = (rows: ReadonlyArray<{ readonly source_line: number }>): boolean => {
  for (let i = 1; i < rows.length; i++) if (rows[i]!.source_line < rows[i - 1]!.source_line) return false
  return true
}

/** The first position in rows ascending by line whose line is at least `line` (bisection). */
const firstAtLeast = (rows: ReadonlyArray<{ readonly source_line: number }>, line: number): number => {
  let lo = 0
  let hi = rows.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (rows[mid]!.source_line < line) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * Findings an article's locator answers by scanning its result and seat rows before it indexes
 * them by line: an article has a dozen findings on average and a few hundred rows, so the scans
 * cost less than the index's per-line arrays (the audit's largest allocation per article after
 * the rules); past this many findings the index is built, so the work stays linear in the rows.
 */
const SCAN_LIMIT = 32

/** A locator over one article's (or a corpus's) records; its indexes are built on the first call. */
export const createLocator = (dataset: Dataset, documents: ReadonlyArray<Document>) => {
  let index: {
    readonly tables: Map<string, Array<R.TableRecord>>
    readonly contests: Map<string, Array<R.Contest>>
    readonly contestById: Map<string, R.Contest>
    readonly totals: Map<string, R.SeatTotal>
    readonly documents: Map<string, Document>
  } | undefined
  const build = () => {
    const tables = new Map<string, Array<R.TableRecord>>()
    for (const t of dataset.tables) push(tables, t.source_file, t)
    const contests = new Map<string, Array<R.Contest>>()
    for (const c of dataset.contests) push(contests, c.table_id, c)
    const totals = new Map(dataset.seatTotals.map((t) => [t.table_id, t]))
    return {
      tables,
      contests,
      contestById: new Map(dataset.contests.map((c) => [c.contest_id, c])),
      totals,
      documents: new Map(documents.map((d) => [d.file, d]))
    }
  }
  // Rows in line order (as the normaliser writes an article's): the rows on a finding's line are
  // one run, found by bisection, with no index and no scan of the others (`keep` tests the line
  // first, so only that run can match: the same row, or none; issue 8, ninth pass). Checked once
  // per locator; rows out of order take the scan and the index below. test/locate-lines.test.ts.
  let sorted: { readonly results: boolean; readonly seats: boolean } | undefined
  // Result and seat rows by line number (the file is checked where a finding is located: no key
  // string per row), built after SCAN_LIMIT findings; until then `rowsAt` gives the whole list.
  let located = 0
  let byLine: { readonly results: Map<number, Array<R.Result>>; readonly seats: Map<number, Array<R.Seat>> } | undefined
  const rowsAt = (): typeof byLine => {
    if (byLine !== undefined || ++located <= SCAN_LIMIT) return byLine
    const results = new Map<number, Array<R.Result>>()
    for (const r of dataset.results) push(results, r.source_line, r)
    const seats = new Map<number, Array<R.Seat>>()
    for (const s of dataset.seats) push(seats, s.source_line, s)
    return (byLine = { results, seats })
  }
  return (f: Finding): Location => {
    const built = (index ??= build())
    const order = (sorted ??= { results: ascending(dataset.results), seats: ascending(dataset.seats) })
    const lines = order.results && order.seats ? undefined : rowsAt()
    // The table whose lines (its caption line above included) hold the finding's line.
    const table = (index.tables.get(f.file) ?? []).find((t) => f.line >= t.source_line - (t.caption === null ? 0 : 1) && f.line < t.source_line + t.rows) ?? null
    const contests = table === null ? [] : index.contests.get(table.table_id) ?? []
    // The finding's round: its own, else the table's when the table has only one (a row's finding
    // in a two-round table may concern either round — e.g. its empty round-2 cells — so none is guessed).
    const round = f.round ?? onlyRound(contests)
    const isResult = (r: R.Result) => r.source_line === f.line && r.source_file === f.file && r.round === round && built.contestById.get(r.contest_id)?.table_id === table!.table_id
    const isSeat = (s: R.Seat) => s.source_line === f.line && s.source_file === f.file && s.table_id === table!.table_id
    const result = table === null || round === null
      ? null
      : order.results
      ? onLine(dataset.results, f.line, isResult)
      : only(lines === undefined ? dataset.results : lines.results.get(f.line), isResult)
    const seat = table === null
      ? null
      : order.seats
      ? onLine(dataset.seats, f.line, isSeat)
      : only(lines === undefined ? dataset.seats : lines.seats.get(f.line), isSeat)
    const contest = result !== null
      ? index.contestById.get(result.contest_id) ?? null
      : round === null
      ? null
      : only(contests, (c) => c.round === round)
    const total = table === null ? null : index.totals.get(table.table_id) ?? null
    return {
      table_id: table?.table_id ?? null,
      contest_id: contest?.contest_id ?? null,
      result_id: result?.result_id ?? null,
      seat_id: seat?.seat_id ?? null,
      // The section's area only when nothing nearer names one (it splits the section path and walks
      // the article's section tree: a pure function of the finding, asked only when needed).
      area: f.area ?? result?.area ?? contest?.area ?? seat?.area ?? total?.area ?? sectionAreaOf(index.documents.get(f.file), f.section),
      round
    }
  }
}

/** `only` over the run of rows (ascending by line) on `line`. */
const onLine = <A extends { readonly source_line: number }>(rows: ReadonlyArray<A>, line: number, keep: (a: A) => boolean): A | null => {
  const from = firstAtLeast(rows, line)
  let to = from
  while (to < rows.length && rows[to]!.source_line === line) to++
  return only(rows, keep, from, to)
}

/** The round shared by all of a table's contests, or null when they are none or of several rounds (as a Set of their rounds of size one). */
const onlyRound = (contests: ReadonlyArray<R.Contest>): number | null => {
  if (contests.length === 0) return null
  const round = contests[0]!.round
  for (const c of contests) if (c.round !== round) return null
  return round
}

/** The area of a finding's section: national for the lead and bracketed sections (or no document), else the section tree's. */
const sectionAreaOf = (document: Document | undefined, section: string): string | null =>
  document === undefined || section === LEAD || section.startsWith("(")
    ? "national"
    : areaOf(document, { section: section.split(" > ") }).area

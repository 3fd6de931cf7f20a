/**
 * What a table kind is: its metadata (for docs/table-kinds.md), `recognise` (the header and the
 * data rows → the kind's column roles, or "not mine" with the reason) and `decode` (the table and
 * those roles → records and findings). The catalogue (index.ts) asks the kinds in order.
 */
import type { Table } from "../../extract/document.ts"
import type { FindingDraft } from "../findings.ts"
import type { PartyDictionary } from "../parties.ts"
import type { AreaLevel, Contest, Result, ResultParty, Seat, SeatTotal, TableKind, Turnout } from "../records.ts"
import type { TableShape } from "../shape.ts"

/** The header as shape.ts reads it: header and data rows, each column's role, the marker column. */
export type Header = TableShape

/** What `recognise` may read: the columns only (so one verdict serves every table with the same header; kinds/index.ts). */
export type HeaderColumns = Pick<Header, "columns">

export interface NotMine {
  readonly notMine: string
}
export const notMine = (reason: string): NotMine => ({ notMine: reason })
export const isNotMine = <R>(roles: R | NotMine): roles is NotMine =>
  typeof roles === "object" && roles !== null && "notMine" in roles

/** The output tables a kind writes records to. */
export type RecordTable = "contests" | "turnout" | "results" | "result_parties" | "seats" | "seat_totals"

export interface KindMeta {
  /** kebab-case; the module's file name and the test file's (`test/kinds/<name>.test.ts`). */
  readonly name: string
  readonly title: string
  /** What the kind takes, in one or two sentences. */
  readonly recognises: string
  readonly produces: ReadonlyArray<RecordTable>
  /** The `kind` column of `out/tables` for a table this kind took. */
  readonly tableKind: Exclude<TableKind, "unclassified">
  /** A header row and a data row or two, in the articles' pipe format. */
  readonly example: ReadonlyArray<string>
}

/** A table with its header read. */
export interface ReadTable {
  readonly source: Table
  readonly header: Header
}

/** Where a table stands and the id sources of its article. */
export interface TableContext {
  readonly file: string
  readonly section: string
  readonly electionId: string
  readonly level: AreaLevel
  readonly area: string
  readonly tableId: string
  readonly dictionary: PartyDictionary
  /** Unique ids within the article: contests, and results and seats rows (`prefix/slug`, ids.ts `uniqueSlugIds`). */
  readonly contestIds: (id: string) => string
  readonly rowIds: (prefix: string, key: string) => string
}

/** What decoding one table gives: records, findings in the order met, and the data rows decoded. */
export interface Decoded {
  readonly contests: Array<Contest>
  readonly turnout: Array<Turnout>
  readonly results: Array<Result>
  readonly resultParties: Array<ResultParty>
  readonly seats: Array<Seat>
  readonly seatTotals: Array<SeatTotal>
  readonly findings: Array<FindingDraft>
  rowsDecoded: number
}

export const emptyDecoded = (): Decoded => ({
  contests: [],
  turnout: [],
  results: [],
  resultParties: [],
  seats: [],
  seatTotals: [],
  findings: [],
  rowsDecoded: 0
})

/**
 * A kind module: `export const meta`, `recognise`, `decode`, and `checkRows` when the data rows
 * decide too. `recognise` reads the header's columns only; `checkRows` (after it) the rows.
 */
export interface KindModule<Roles> {
  readonly meta: KindMeta
  readonly recognise: (header: HeaderColumns) => Roles | NotMine
  readonly checkRows?: (header: Header, rows: Header["dataRows"], roles: Roles) => NotMine | null
  readonly decode: (table: ReadTable, roles: Roles, ctx: TableContext) => Decoded
}

/** The column naming each row (`Candidate`, `Party`, `Group`, …), -1 when the header has none. */
export const nameColumnOf = (header: HeaderColumns): number => header.columns.findIndex((c) => c.role._tag === "name")

/** The number of columns of a role. */
export const columnsWith = (header: HeaderColumns, tag: Header["columns"][number]["role"]["_tag"]): number => {
  let n = 0
  for (const c of header.columns) if (c.role._tag === tag) n++
  return n
}

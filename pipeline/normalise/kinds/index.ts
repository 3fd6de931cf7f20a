/**
 * The table-kind catalogue, asked in this order: the first kind that recognises a table decodes it.
 * Adding a kind: add its module here and its test under test/kinds/ (docs: scripts/table-kinds-doc.ts).
 */
import { type Decoded, type Header, isNotMine, type KindMeta, type KindModule, type ReadTable, type TableContext } from "./kind.ts"
import * as councilSeats from "./council-seats.ts"
import * as presidencies from "./presidencies.ts"
import * as resultsWithPresidencies from "./results-with-presidencies.ts"
import * as resultsWithSeats from "./results-with-seats.ts"
import * as roundResults from "./round-results.ts"
import * as senateGroups from "./senate-groups.ts"
import * as turnout from "./turnout.ts"

/**
 * A kind as the normaliser asks it: `columns` is the verdict on the header's columns (the roles, or
 * why not), `rows` the verdict on the data rows given those roles (null: taken), `decode` decodes.
 */
export interface Kind {
  readonly meta: KindMeta
  /** Columns then rows: the roles ready to decode with, or why not (test/kinds/fixture.ts asks each kind this way). */
  readonly take: (header: Header) => { readonly decode: (table: ReadTable, ctx: TableContext) => Decoded } | { readonly notMine: string }
  readonly columns: (header: Header) => unknown
  readonly rows: (header: Header, roles: unknown) => { readonly notMine: string } | null
  readonly decode: (table: ReadTable, roles: unknown, ctx: TableContext) => Decoded
}

const kind = <Roles>(module: KindModule<Roles>): Kind => ({
  meta: module.meta,
  take: (header) => {
    const roles = module.recognise(header)
    if (isNotMine(roles)) return roles
    const refusal = module.checkRows === undefined ? null : module.checkRows(header, header.dataRows, roles)
    return refusal ?? { decode: (table, ctx) => module.decode(table, roles, ctx) }
  },
  columns: (header) => module.recognise(header),
  rows: (header, roles) => (module.checkRows === undefined ? null : module.checkRows(header, header.dataRows, roles as Roles)),
  decode: (table, roles, ctx) => module.decode(table, roles as Roles, ctx)
})

export const kinds: ReadonlyArray<Kind> = [
  kind(turnout),
  kind(resultsWithPresidencies),
  kind(resultsWithSeats),
  kind(roundResults),
  kind(presidencies),
  kind(senateGroups),
  kind(councilSeats)
]

export type Choice =
  | { readonly kind: Kind; readonly decode: (table: ReadTable, ctx: TableContext) => Decoded }
  | { readonly kind: null; readonly reasons: ReadonlyArray<string> }

/** The long path: each kind in order, its columns then its rows; every kind's reason when none takes the table. */
export const chooseKindUncached = (header: Header): Choice => {
  if (header.headerRows.length === 0) return { kind: null, reasons: ["no header row"] }
  if (header.dataRows.length === 0) return { kind: null, reasons: ["no data row"] }
  const refusals: Array<string> = []
  for (const candidate of kinds) {
    const taken = candidate.take(header)
    if (!("notMine" in taken)) return { kind: candidate, decode: taken.decode }
    refusals.push(taken.notMine)
  }
  return { kind: null, reasons: refusals.map((reason, i) => `${kinds[i]!.meta.name}: ${reason}`) }
}

// Each kind's verdict on a header's columns, per columns array: tables with the same labels share
// that array (shape.ts `readColumns`), so the kinds work out a header's roles once, not per table.
// Few headers recur, so the WeakMap stays small.
const verdicts = new WeakMap<Header["columns"], ReadonlyArray<unknown>>()

/** The first kind that takes a table, or every kind's reason for not taking it (test/header-memo.test.ts compares it with `chooseKindUncached`). */
export const chooseKind = (header: Header): Choice => {
  if (header.headerRows.length === 0 || header.dataRows.length === 0) return chooseKindUncached(header)
  let byKind = verdicts.get(header.columns)
  if (byKind === undefined) {
    byKind = kinds.map((k) => k.columns(header))
    verdicts.set(header.columns, byKind)
  }
  for (let i = 0; i < kinds.length; i++) {
    const roles = byKind[i]
    if (isNotMine(roles)) continue
    const candidate = kinds[i]!
    if (candidate.rows(header, roles) === null) return { kind: candidate, decode: (table, ctx) => candidate.decode(table, roles, ctx) }
  }
  // The reasons are worded only when no kind takes the table (most tables are taken).
  return chooseKindUncached(header)
}

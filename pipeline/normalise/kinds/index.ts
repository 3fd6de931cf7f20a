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

/** A kind as the normaliser asks it: `take` recognises, and on success holds the roles for `decode`. */
export interface Kind {
  readonly meta: KindMeta
  readonly take: (header: Header) => { readonly decode: (table: ReadTable, ctx: TableContext) => Decoded } | { readonly notMine: string }
}

const kind = <Roles>(module: KindModule<Roles>): Kind => ({
  meta: module.meta,
  take: (header) => {
    const roles = module.recognise(header, header.dataRows)
    return isNotMine(roles) ? roles : { decode: (table, ctx) => module.decode(table, roles, ctx) }
  }
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

/** The first kind that takes a table, or every kind's reason for not taking it. */
export const chooseKind = (header: Header): Choice => {
  if (header.headerRows.length === 0) return { kind: null, reasons: ["no header row"] }
  if (header.dataRows.length === 0) return { kind: null, reasons: ["no data row"] }
  // The reasons are worded only when no kind takes the table (most tables are taken).
  const refusals: Array<string> = []
  for (const candidate of kinds) {
    const taken = candidate.take(header)
    if (!("notMine" in taken)) return { kind: candidate, decode: taken.decode }
    refusals.push(taken.notMine)
  }
  return { kind: null, reasons: refusals.map((reason, i) => `${kinds[i]!.meta.name}: ${reason}`) }
}

/**
 * The two ways a table's rows turn into records, which the kinds share: by round (contests, results,
 * turnout; with seat figures beside them when the table has a seats or presidencies column) and
 * by seats (seat rows and the stated seat total). A kind recognises; these decode what it recognised.
 */
import { slug } from "./ids.ts"
import { columnsWith, type Decoded, emptyDecoded, type HeaderColumns, nameColumnOf, type NotMine, notMine, type ReadTable, type TableContext } from "./kinds/kind.ts"
import { flagCoarsePercentages, openContests, pushResultRows, readSummaryRow, type ResultColumns, roundColumnsOf } from "./rounds.ts"
import { pushSeatRow, pushSeatTotal, type SeatColumns, seatColumnsOf } from "./seat-figures.ts"
import { decodeRows } from "./table-rows.ts"

export interface ResultsRoles {
  /** The column naming each row (candidate, list or party; a turnout table's row labels). */
  readonly name: number
  readonly results: ResultColumns
  readonly seats: SeatColumns | null
}

export interface SeatRoles {
  readonly name: number
  readonly seats: SeatColumns
}

/**
 * What the seat kinds share: a name column and no votes or % column; then the seat or
 * presidencies columns, if any, for each kind to check (measure, how many seat columns).
 */
export const seatRolesOf = (header: HeaderColumns): { readonly name: number; readonly seats: SeatColumns | null } | NotMine => {
  const name = nameColumnOf(header)
  if (name < 0) return notMine("no name column")
  if (columnsWith(header, "votes") + columnsWith(header, "percent") > 0) return notMine("it has votes or % columns")
  return { name, seats: seatColumnsOf(header) }
}

/** The name, list label and round columns of a results header: what every by-round kind needs first. */
export const roundRolesOf = (header: HeaderColumns): Omit<ResultsRoles, "seats"> | NotMine => {
  const name = nameColumnOf(header)
  if (name < 0) return notMine("no name column")
  const rounds = roundColumnsOf(header)
  if (rounds.length === 0) return notMine("no votes or % column")
  const nameRole = header.columns[name]!.role
  return {
    name,
    results: {
      label: header.columns.findIndex((c) => c.role._tag === "label"),
      namesParties: nameRole._tag === "name" && nameRole.of === "party",
      rounds
    }
  }
}

const sectionKeyOf = (ctx: TableContext) => slug(ctx.section || ctx.area)

/** The table's context for seat rows, property by property (a spread of the context is a slow object here). */
const seatContext = (table: ReadTable, seats: SeatColumns, ctx: TableContext, inResults: boolean) => {
  const { file, section, electionId, level, area, tableId, dictionary, contestIds, rowIds } = ctx
  const seatKey = `${electionId}/${sectionKeyOf(ctx)}/${seats.measure}`
  return { file, section, electionId, level, area, tableId, dictionary, contestIds, rowIds, seatKey, hasMarker: table.header.hasMarker, inResults }
}

/**
 * A second Total row (duplicated, or a row renamed Total): the first stays the stated total; this
 * one is reported, never silently replacing it.
 */
const repeatedTotal = (input: { readonly row: { readonly line: number; readonly raw: string } }, table: ReadTable, first: number) => ({
  code: "TOTAL_REPEATED",
  line: input.row.line,
  raw: input.row.raw,
  read_as: null,
  message: `a second Total row in this table; the Total on line ${first} is kept as the stated total and this row is not decoded`,
  key: `total-repeated-${input.row.line - table.source.line}`
})

/** One contest per round; Total and turnout rows state its totals; named rows give results (and seats). */
export const decodeByRound = (table: ReadTable, roles: ResultsRoles, ctx: TableContext): Decoded => {
  const out = emptyDecoded()
  const { rounds } = roles.results
  const contests = openContests(rounds, ctx, sectionKeyOf(ctx), table.source.line)
  const seats = roles.seats
  const seatCtx = seats ? seatContext(table, seats, ctx, true) : null
  let totalLine: number | null = null
  decodeRows(table, roles.name, out, {
    summaryRow: (input, role) => {
      if (role._tag === "total") {
        if (totalLine !== null) {
          out.findings.push(repeatedTotal(input, table, totalLine))
          return true
        }
        totalLine = input.row.line
      }
      readSummaryRow(input, role, rounds, contests, ctx, out)
      if (role._tag === "total" && seats) pushSeatTotal(input, seats, ctx, out)
      return true
    },
    namedRow: (input, position) => {
      pushResultRows(input, position, roles.results, contests, ctx, out)
      return seats && seatCtx ? pushSeatRow(input, position, seats, seatCtx, out) : true
    }
  })
  out.contests.push(...contests.values())
  flagCoarsePercentages(out.results, out.findings)
  foldDecimalCommas(table, out)
  return out
}

/**
 * Decimal commas as the table's own style: when every percentage with decimals in the table is
 * written `12,34`, the per-cell findings become one for the table (on its header line); a comma
 * among decimal points (`100,00%` in a column of `12.34%`) stays a finding on its cell. Counts never
 * take this path: in a votes column `123,456` is grouped digits (cells.ts).
 */
const foldDecimalCommas = (table: ReadTable, out: Decoded) => {
  const commas = out.findings.filter((f) => f.code === "PERCENT_DECIMAL_COMMA")
  if (commas.length < 2) return
  let decimals = 0
  for (const r of out.results) if (r.percent_decimals !== null && r.percent_decimals > 0) decimals++
  for (const t of out.turnout) if (t.percent_decimals !== null && t.percent_decimals > 0) decimals++
  if (commas.length < decimals) return
  const kept = out.findings.filter((f) => f.code !== "PERCENT_DECIMAL_COMMA")
  out.findings.length = 0
  out.findings.push(...kept, {
    code: "PERCENT_DECIMAL_COMMA",
    line: table.header.headerRows[0]!.line,
    raw: commas[0]!.raw,
    read_as: null,
    message: `the table writes its percentages with ',' as the decimal mark (${commas.length} cells, lines ${commas[0]!.line}–${
      commas[commas.length - 1]!.line
    }); read as decimal marks`,
    key: "decimal-commas"
  })
}

/** Named rows give seat rows; the Total row the stated seat total (a turnout label is just a name here). */
export const decodeBySeats = (table: ReadTable, roles: SeatRoles, ctx: TableContext): Decoded => {
  const out = emptyDecoded()
  const seatCtx = seatContext(table, roles.seats, ctx, false)
  let totalLine: number | null = null
  decodeRows(table, roles.name, out, {
    summaryRow: (input, role) => {
      if (role._tag !== "total") return false
      if (totalLine !== null) {
        out.findings.push(repeatedTotal(input, table, totalLine))
        return true
      }
      totalLine = input.row.line
      pushSeatTotal(input, roles.seats, ctx, out)
      return true
    },
    namedRow: (input, position) => pushSeatRow(input, position, roles.seats, seatCtx, out)
  })
  return out
}

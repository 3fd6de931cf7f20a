/**
 * Seat figures, shared by every kind with a seats or presidencies column: which columns hold the
 * seats won (and, with two seat years, the seats before), the change and the regions; the seat
 * row of a named row and the seat total of a Total row.
 */
import { type CellRead, readChange, readCount, readName } from "./cells.ts"
import { slug } from "./ids.ts"
import type { Decoded, HeaderColumns, TableContext } from "./kinds/kind.ts"
import { lookupParty, splitLabel } from "./parties.ts"
import type { SeatMeasure } from "./records.ts"
import { isMarked } from "./row-roles.ts"
import { type RowInput, valueOf } from "./table-rows.ts"

export interface SeatColumns {
  readonly measure: SeatMeasure
  /** The column of the seats (or presidencies) won. */
  readonly measureColumn: number
  /** With two or more seat columns, the earliest year's: the seats before. */
  readonly beforeColumn: number
  readonly year: number | null
  readonly yearBefore: number | null
  readonly changeColumn: number
  readonly regionsColumn: number
}

const yearOf = (header: HeaderColumns, column: number): number | null => {
  const role = header.columns[column]?.role
  return role?._tag === "seats" ? role.year : null
}

// The last header asked about and its seat columns (one entry: the kinds ask about one table at a time; see rounds.ts).
let lastHeader: HeaderColumns | null = null
let lastSeats: SeatColumns | null = null

/** The seat columns of a header, or null when it has neither seats nor presidencies (worked out once per header: every kind asks). */
export const seatColumnsOf = (header: HeaderColumns): SeatColumns | null => {
  if (header !== lastHeader) {
    lastSeats = seatColumnsUncached(header)
    lastHeader = header
  }
  return lastSeats
}

const seatColumnsUncached = (header: HeaderColumns): SeatColumns | null => {
  const roles = header.columns.map((c) => c.role)
  const seatColumns = roles.flatMap((r, i) => (r._tag === "seats" ? [i] : []))
  // With years, the earlier is "before"; without, a single "seats" column.
  const sorted = [...seatColumns].sort((a, b) => (yearOf(header, a) ?? 0) - (yearOf(header, b) ?? 0))
  const after = sorted.length > 0 ? sorted[sorted.length - 1]! : -1
  const before = sorted.length > 1 ? sorted[0]! : -1
  const presidencies = roles.findIndex((r) => r._tag === "presidencies")
  if (presidencies < 0 && after < 0) return null
  return {
    measure: presidencies >= 0 ? "presidencies" : "seats",
    measureColumn: presidencies >= 0 ? presidencies : after,
    beforeColumn: before,
    year: after >= 0 && before >= 0 ? yearOf(header, after) : null,
    yearBefore: before >= 0 ? yearOf(header, before) : null,
    changeColumn: roles.findIndex((r) => r._tag === "change"),
    regionsColumn: roles.findIndex((r) => r._tag === "regions")
  }
}

const figure = (input: RowInput, column: number, reader: (raw: string) => CellRead): number | null => {
  const raw = column >= 0 ? input.cells[column] ?? null : null
  return raw === null ? null : valueOf(input.read(reader(raw), raw, input.row.line, column))
}
const count = (raw: string) => readCount(raw, "none")

/**
 * A row's seat change. `New` (a party new at this election, as Wikipedia writes it in a change
 * column) means no earlier seats: without an earlier-seats column the change is the row's seats,
 * recorded as an info finding (CHANGE_NEW); with one, the columns say it and the cell reads as no
 * figure, also an info finding. Anything else is read by `readChange`.
 */
const changeOf = (input: RowInput, columns: SeatColumns, seats: number | null, before: number | null): number | null => {
  const raw = columns.changeColumn >= 0 ? input.cells[columns.changeColumn] ?? null : null
  // `New` trimmed is three units long, so a shorter cell (`+1`, `–`) is not trimmed and lowered to ask.
  if (raw === null || raw.length < 3 || raw.trim().toLowerCase() !== "new") return figure(input, columns.changeColumn, readChange)
  const asSeats = seats !== null && before === null && columns.beforeColumn < 0
  const note = {
    code: "CHANGE_NEW",
    message: asSeats
      ? `${JSON.stringify(raw.trim())}: the party is new at this election (no earlier seats); read as +${seats}, its seats`
      : `${JSON.stringify(raw.trim())}: the party is new at this election (no earlier seats); no change figure read`
  }
  const read: CellRead = asSeats ? { _tag: "Value", value: seats, decimals: 0, note } : { _tag: "Absent", absence: "empty", reference: null, note }
  return valueOf(input.read(read, raw, input.row.line, columns.changeColumn))
}

/** The stated seat total of a Total row. */
export const pushSeatTotal = (input: RowInput, columns: SeatColumns, ctx: TableContext, out: Decoded) => {
  out.seatTotals.push({
    table_id: ctx.tableId,
    election_id: ctx.electionId,
    area_level: ctx.level,
    area: ctx.area,
    measure: columns.measure,
    seats: figure(input, columns.measureColumn, count),
    seats_before: figure(input, columns.beforeColumn, count),
    change: figure(input, columns.changeColumn, readChange),
    regions: figure(input, columns.regionsColumn, count),
    source_file: ctx.file,
    source_line: input.row.line
  })
}

/** Notes a party name the dictionary does not know as one party (several known parties, or none: `unknownToo`). */
const partyFindings = (input: RowInput, name: string, ctx: TableContext, unknownToo: boolean, out: Decoded) => {
  const party = lookupParty(name, ctx.dictionary)
  if (party !== null) return party
  const parts = splitLabel(name, ctx.dictionary)
  // Worded only for a finding (every seat row comes here; issue 8, seventh pass).
  const at = () => ({ line: input.row.line, raw: name, key: `${input.rowKey}/party` })
  if (parts.length > 1 && parts.every((p) => p.defined)) {
    const codes = parts.map((p) => p.code)
    out.findings.push({
      ...at(),
      code: "PARTY_COMPOSITE",
      read_as: codes.join("+"),
      message: `'${name}' names several parties (${codes.join(", ")}); the row keeps no single party code`
    })
  } else if (unknownToo) {
    out.findings.push({ ...at(), code: "PARTY_UNKNOWN", read_as: null, message: `'${name}' is not in the party dictionary and the article does not define it; kept verbatim` })
  }
  return party
}

/**
 * The seat row of a named row. In a results table (`inResults`) a row that lost its seats column
 * gives none (ROW_SHORT names it: returns false), and an unknown party was reported with its result.
 */
export const pushSeatRow = (
  input: RowInput,
  position: number,
  columns: SeatColumns,
  ctx: TableContext & { readonly seatKey: string; readonly hasMarker: boolean; readonly inResults: boolean },
  out: Decoded
): boolean => {
  const seatsRaw = columns.measureColumn >= 0 ? input.cells[columns.measureColumn] ?? null : null
  if (seatsRaw === null && ctx.inResults) return false
  const seats = figure(input, columns.measureColumn, count)
  const before = figure(input, columns.beforeColumn, count)
  const change = changeOf(input, columns, seats, before)
  const regions = figure(input, columns.regionsColumn, count)
  const { name } = readName(input.nameText)
  const party = partyFindings(input, name, ctx, !ctx.inResults, out)
  out.seats.push({
    seat_id: ctx.rowIds(ctx.seatKey, name === input.nameText && name !== "" ? input.rowKey : slug(name)),
    table_id: ctx.tableId,
    election_id: ctx.electionId,
    area_level: ctx.level,
    area: ctx.area,
    section: ctx.section,
    measure: columns.measure,
    position,
    party: name,
    party_code: party?.code ?? null,
    seats,
    seats_before: before,
    year: columns.year,
    year_before: columns.yearBefore,
    change,
    majority: ctx.hasMarker ? isMarked(input.cells[0] ?? "") : null,
    regions,
    source_file: ctx.file,
    source_line: input.row.line
  })
  return true
}

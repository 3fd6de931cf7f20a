/** Presidencies by party (of general councils), without votes. */
import { seatColumnsOf } from "../seat-figures.ts"
import { decodeBySeats, type SeatRoles } from "../table-decoders.ts"
import { columnsWith, type Header, type KindMeta, nameColumnOf, type NotMine, notMine } from "./kind.ts"

export const meta: KindMeta = {
  name: "presidencies",
  title: "Presidencies",
  recognises:
    "A name column and a `Presidencies` column, with no votes or % column; change and `Regions` columns are read if present. Each named row gives a seat row of measure `presidencies`; the Total row states their total.",
  produces: ["seats", "seat_totals"],
  tableKind: "seats",
  example: [
    "| Party | General council Presidencies | Change |",
    "| PS | 44 | +8 |",
    "| UMP | 37 | –6 |"
  ]
}

export const recognise = (header: Header): SeatRoles | NotMine => {
  const name = nameColumnOf(header)
  if (name < 0) return notMine("no name column")
  if (columnsWith(header, "votes") + columnsWith(header, "percent") > 0) return notMine("it has votes or % columns")
  const seats = seatColumnsOf(header)
  if (seats === null || seats.measure !== "presidencies") return notMine("no presidencies column")
  return { name, seats }
}

export const decode = decodeBySeats

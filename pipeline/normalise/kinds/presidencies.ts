/** Presidencies by party (of general councils), without votes. */
import { decodeBySeats, type SeatRoles, seatRolesOf } from "../table-decoders.ts"
import { type HeaderColumns, isNotMine, type KindMeta, type NotMine, notMine } from "./kind.ts"

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

export const recognise = (header: HeaderColumns): SeatRoles | NotMine => {
  const roles = seatRolesOf(header)
  if (isNotMine(roles)) return roles
  const { seats } = roles
  if (seats === null || seats.measure !== "presidencies") return notMine("no presidencies column")
  return { name: roles.name, seats }
}

export const decode = decodeBySeats

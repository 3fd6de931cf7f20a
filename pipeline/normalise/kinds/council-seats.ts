/** A council's seats by party, with the change and the majority marker (`•`): a region's council. */
import { decodeBySeats, type SeatRoles, seatRolesOf } from "../table-decoders.ts"
import { type HeaderColumns, isNotMine, type KindMeta, type NotMine, notMine } from "./kind.ts"

export const meta: KindMeta = {
  name: "council-seats",
  title: "Council seats",
  recognises:
    "A name column and one `Seats` column, with no votes or % column; a change (`+/-`) and a `Regions` column are read if present, and a leading marker cell (`•`) marks the parties of the majority. The Total row states the seat total.",
  produces: ["seats", "seat_totals"],
  tableKind: "seats",
  example: [
    "| Party | seats | change +/- | |",
    "| • | Union for a Popular Movement | 18 | +11 |",
    "| | Socialist Party | 8 | – |"
  ]
}

export const recognise = (header: HeaderColumns): SeatRoles | NotMine => {
  const roles = seatRolesOf(header)
  if (isNotMine(roles)) return roles
  const { seats } = roles
  if (seats === null || seats.measure !== "seats") return notMine(seats === null ? "no seats column" : "a presidencies column")
  if (seats.beforeColumn >= 0) return notMine("two seat columns (seats before and after)")
  return { name: roles.name, seats }
}

export const decode = decodeBySeats

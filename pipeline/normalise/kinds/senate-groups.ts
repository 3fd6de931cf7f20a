/** Senate groups: seats before and after the election (two seat columns with their years) and the change. */
import { decodeBySeats, type SeatRoles, seatRolesOf } from "../table-decoders.ts"
import { type HeaderColumns, isNotMine, type KindMeta, type NotMine, notMine } from "./kind.ts"

export const meta: KindMeta = {
  name: "senate-groups",
  title: "Seats before and after",
  recognises:
    "A name column (`Group`) and two or more `Seats` columns, with no votes or % column: the earliest year's column is the seats before, the latest's the seats won, each row keeping both years; a change column is read too. The Total row states the seat totals.",
  produces: ["seats", "seat_totals"],
  tableKind: "seats",
  example: [
    "| Group | Seats (2001) | Seats (2004) | Change | |",
    "| | UMP Group | 162 | 155 | –7 |",
    "| | Total: | 321 | 331 | +5 |"
  ]
}

export const recognise = (header: HeaderColumns): SeatRoles | NotMine => {
  const roles = seatRolesOf(header)
  if (isNotMine(roles)) return roles
  const { seats } = roles
  if (seats === null || seats.measure !== "seats") return notMine(seats === null ? "no seats column" : "a presidencies column")
  if (seats.beforeColumn < 0) return notMine("one seat column only")
  return { name: roles.name, seats }
}

export const decode = decodeBySeats

/** National party results by round with the seats won and the regions led: the regional elections' national table. */
import { seatColumnsOf } from "../seat-figures.ts"
import { decodeByRound, type ResultsRoles, roundRolesOf } from "../table-decoders.ts"
import { type HeaderColumns, isNotMine, type KindMeta, type NotMine, notMine } from "./kind.ts"

export const meta: KindMeta = {
  name: "results-with-seats",
  title: "Results by round with seats",
  recognises:
    "A name column, votes or % columns of one or more rounds, and a `Seats` column (a `Regions` and a change column are read too). Each named row gives its results and one seat row; the Total row states the round totals and the seat total.",
  produces: ["contests", "results", "result_parties", "turnout", "seats", "seat_totals"],
  tableKind: "results",
  example: [
    "| | Grouping | Parties | Votes (Round One) | % (Round One) | Votes (Round Two) | % (Round Two) | Regions | Seats |",
    "| | Left | PS-Verts-PCF-PRG-MRC-DVG | 8,938,695 | 36.86% | 12,896,820 | 49.91% | 23 | 1,126 |",
    "| | FN | FN | 3,564,059 | 14.70% | 3,199,392 | 12.38% | – | 156 |"
  ]
}

export const recognise = (header: HeaderColumns): ResultsRoles | NotMine => {
  const roles = roundRolesOf(header)
  if (isNotMine(roles)) return roles
  const seats = seatColumnsOf(header)
  if (seats === null) return notMine("no seats column")
  if (seats.measure !== "seats") return notMine("its seat figures are presidencies")
  return { ...roles, seats }
}

export const decode = decodeByRound

/** National party results by round with the presidencies won: the cantonal elections' national table. */
import { seatColumnsOf } from "../seat-figures.ts"
import { decodeByRound, type ResultsRoles, roundRolesOf } from "../table-decoders.ts"
import { type HeaderColumns, isNotMine, type KindMeta, type NotMine, notMine } from "./kind.ts"

export const meta: KindMeta = {
  name: "results-with-presidencies",
  title: "Results by round with presidencies",
  recognises:
    "A name column, votes or % columns of one or more rounds, and a `Presidencies` column (general-council presidencies). Each named row gives its results and one seat row of measure `presidencies`; a `see DVD` cell is a cross-reference, not a figure.",
  produces: ["contests", "results", "result_parties", "turnout", "seats", "seat_totals"],
  tableKind: "results",
  example: [
    "| Party/Alliance | General council Presidencies | Votes | % (first round) | Votes | % (second round) | |",
    "| | PS | 44 | 3,226,525 | 26.25% | 4,010,716 | 38.56% |",
    "| | MPF | 1 | see DVD | see DVD | see DVD | see DVD |"
  ]
}

export const recognise = (header: HeaderColumns): ResultsRoles | NotMine => {
  const roles = roundRolesOf(header)
  if (isNotMine(roles)) return roles
  const seats = seatColumnsOf(header)
  if (seats === null || seats.measure !== "presidencies") return notMine("no presidencies column")
  return { ...roles, seats }
}

export const decode = decodeByRound

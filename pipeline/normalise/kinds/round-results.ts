/** Results by round: candidate lists (a region's lists) or parties, with votes and % per round and no seat column. */
import { seatColumnsOf } from "../seat-figures.ts"
import { decodeByRound, type ResultsRoles, roundRolesOf } from "../table-decoders.ts"
import { type HeaderColumns, isNotMine, type KindMeta, type NotMine, notMine } from "./kind.ts"

export const meta: KindMeta = {
  name: "round-results",
  title: "Results by round",
  recognises:
    "A name column (`Candidate`/`Leader` for lists, `Party`/`Grouping` for parties; a second one is the list label) and votes or % columns of one or more rounds, and no seats or presidencies column. A Total row states each round's total, turnout rows its turnout.",
  produces: ["contests", "results", "result_parties", "turnout"],
  tableKind: "results",
  example: [
    "| | Candidate | Party | Votes (Round One) | % (Round One) | Votes (Round Two) | % (Round Two) |",
    "| | Adrien Zeller (incumbent) | UMP | 225,193 | 34.06% | 299,353 | 43.56% |",
    "| | Total | | 661,107 | 100,00% | 687,249 | 100,00% |"
  ]
}

export const recognise = (header: HeaderColumns): ResultsRoles | NotMine => {
  const roles = roundRolesOf(header)
  if (isNotMine(roles)) return roles
  if (seatColumnsOf(header) !== null) return notMine("it has a seats or presidencies column")
  return { ...roles, seats: null }
}

export const decode = decodeByRound

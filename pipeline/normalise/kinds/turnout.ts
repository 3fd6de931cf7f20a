/** A turnout table: only Total and turnout rows (registered, abstentions, voters, blank/invalid, valid), by round. */
import { isNotMine, type Header, type HeaderColumns, type KindMeta, type NotMine, notMine } from "./kind.ts"
import { roundColumnsOf } from "../rounds.ts"
import { rowRoleOf } from "../row-roles.ts"
import { seatColumnsOf } from "../seat-figures.ts"
import { cellAt } from "../shape.ts"
import { decodeByRound, type ResultsRoles, roundRolesOf } from "../table-decoders.ts"

export const meta: KindMeta = {
  name: "turnout",
  title: "Turnout table",
  recognises:
    "Votes or % columns of one or more rounds and no seat column, where every data row is a Total or turnout row (`Registered voters`, `Abstentions`, `Voters`, `White and rejected ballots`, `Valid votes`, `Total votes`, …). The row labels stand in the name column, or in an unlabelled first column.",
  produces: ["contests", "turnout"],
  tableKind: "results",
  example: [
    "| | Votes (first round) | % (first round) | Votes (second round) | % (second round) |",
    "| Registered voters | 41,536,212 | | 41,524,681 | |",
    "| Voters | 25,797,264 | 62.11% | 27,070,960 | 65.19% |"
  ]
}

/** The column of the row labels: the name column, else an unlabelled first column. */
const labelColumnOf = (header: HeaderColumns): number => {
  const named = roundRolesOf(header)
  if (!isNotMine(named)) return named.name
  return header.columns[0]?.role._tag === "blank" ? 0 : -1
}

export const recognise = (header: HeaderColumns): ResultsRoles | NotMine => {
  const rounds = roundColumnsOf(header)
  if (rounds.length === 0) return notMine("no votes or % column")
  if (seatColumnsOf(header) !== null) return notMine("it has a seats or presidencies column")
  const name = labelColumnOf(header)
  if (name < 0) return notMine("no column of row labels")
  return { name, results: { label: -1, namesParties: false, rounds }, seats: null }
}

/** Every data row must be a Total or turnout row. */
export const checkRows = (header: Header, rows: Header["dataRows"], roles: ResultsRoles): NotMine | null => {
  const named = rows.find((row) => rowRoleOf(cellAt(header, row, roles.name) ?? "")._tag === "named")
  return named === undefined ? null : notMine(`line ${named.line} is neither a Total nor a turnout row`)
}

export const decode = decodeByRound

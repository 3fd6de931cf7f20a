/** senate-groups: seats before and after (two seat columns with years) and the change. */
import test from "ava"
import { meta } from "../../pipeline/normalise/kinds/senate-groups.ts"
import { decode, SAMPLES, takerOf, verdictOf } from "./fixture.ts"

const SENATE = [
  "| Group | Seats (2001) | Seats (2004) | Change | |",
  "| | UMP Group | 162 | 155 | –7 |",
  "| | Socialist Group | 83 | 97 | +14 |",
  "| | Communist, Republican and Citizen Group | 23 | 23 | ±0 |",
  "| | Total: | 321 | 331 | +5 |"
]

test("takes two seat years, its example, and seat columns in either order", (t) => {
  t.is(takerOf(SENATE), "senate-groups")
  t.is(takerOf(meta.example), "senate-groups")
  t.is(takerOf(["| Group | Seats (2004) | Seats (2001) |", "| UMP Group | 155 | 162 |"]), "senate-groups")
})

test("leaves one seat column, presidencies and results", (t) => {
  t.is(verdictOf("senate-groups", SAMPLES["council-seats"]!), "one seat column only")
  t.is(verdictOf("senate-groups", SAMPLES["presidencies"]!), "a presidencies column")
  t.is(verdictOf("senate-groups", SAMPLES["round-results"]!), "it has votes or % columns")
})

test("decodes seats before and after with their years, and the Total: row", (t) => {
  const d = decode(SENATE, null)
  t.deepEqual(d.seats.map((s) => [s.party, s.party_code, s.seats_before, s.seats, s.year_before, s.year, s.change]), [
    ["UMP Group", "SEN_UMP", 162, 155, 2001, 2004, -7],
    ["Socialist Group", "SEN_SOC", 83, 97, 2001, 2004, 14],
    ["Communist, Republican and Citizen Group", "SEN_CRC", 23, 23, 2001, 2004, 0]
  ])
  t.deepEqual(d.seatTotals.map((s) => [s.seats_before, s.seats, s.change]), [[321, 331, 5]])
  const reversed = decode(["| Group | Seats (2004) | Seats (2001) |", "| UMP Group | 155 | 162 |"], null)
  t.deepEqual(reversed.seats.map((s) => [s.seats_before, s.seats, s.year_before, s.year]), [[162, 155, 2001, 2004]])
})

/** council-seats: a council's seats by party with the change and the majority marker. */
import test from "ava"
import { meta } from "../../pipeline/normalise/kinds/council-seats.ts"
import { codes, decode, SAMPLES, takerOf, verdictOf } from "./fixture.ts"

const COUNCIL = [
  "| Party | seats | change +/- | |",
  "| • | Socialist Party | 43 | +15 |",
  "| | Union for a Popular Movement | 12 | -1 |",
  "| | Union for French Democracy | 9 | –6 |",
  "| • | The Greens | 9 | +6 |",
  "| | Total | 73 | +14 |"
]

test("takes a council table (shifted header, marker column), its example, and a plain seats table", (t) => {
  t.is(takerOf(COUNCIL), "council-seats")
  t.is(takerOf(meta.example), "council-seats")
  t.is(takerOf(["| Party | Seats |", "| PS | 12 |", "| UMP | 8 |"]), "council-seats")
})

test("leaves two seat years, presidencies and results", (t) => {
  t.is(verdictOf("council-seats", SAMPLES["senate-groups"]!), "two seat columns (seats before and after)")
  t.is(verdictOf("council-seats", SAMPLES["presidencies"]!), "a presidencies column")
  t.is(verdictOf("council-seats", SAMPLES["results-with-seats"]!), "it has votes or % columns")
})

test("decodes seats, change and majority; the Total row is the seat total", (t) => {
  const d = decode(COUNCIL)
  t.deepEqual(d.seats.map((s) => [s.position, s.party, s.party_code, s.seats, s.change, s.majority, s.area]), [
    [1, "Socialist Party", "PS", 43, 15, true, "Alsace"],
    [2, "Union for a Popular Movement", "UMP", 12, -1, false, "Alsace"],
    [3, "Union for French Democracy", "UDF", 9, -6, false, "Alsace"],
    [4, "The Greens", "Verts", 9, 6, true, "Alsace"]
  ])
  t.deepEqual(d.seatTotals.map((s) => [s.seats, s.change]), [[73, 14]])
  t.deepEqual(d.contests, [])
  t.deepEqual(d.tables.map((x) => [x.kind, x.shape, x.data_rows_decoded]), [["seats", ["marker", "name", "seats", "change"], 5]])
  t.deepEqual(codes(d), ["HEADER_SHIFTED", "CHANGE_EN_DASH_MINUS"])
})

test("a turnout label is just a name in a seat table; an unknown party and unreadable seats are reported", (t) => {
  const d = decode(["| Party | Seats |", "| Voters | 3 |", "| Pirates | N/A |"])
  t.deepEqual(d.seats.map((s) => [s.party, s.seats]), [["Voters", 3], ["Pirates", null]])
  // Unknown parties are reported once per name, after the article's other findings.
  t.deepEqual(codes(d), ["CELL_UNREADABLE", "PARTY_UNKNOWN", "PARTY_UNKNOWN"])
})

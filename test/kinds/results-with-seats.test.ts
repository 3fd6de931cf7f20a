/** results-with-seats: national party results by round with the seats won and the regions led. */
import test from "ava"
import { meta } from "../../pipeline/normalise/kinds/results-with-seats.ts"
import { codes, decode, SAMPLES, takerOf, verdictOf } from "./fixture.ts"

const NATIONAL = [
  "| | Grouping | Parties | Votes (Round One) | % (Round One) | Votes (Round Two) | % (Round Two) | Regions | Seats |",
  "| | Left | PS-Verts-PCF-PRG-MRC-DVG | 8,938,695 | 36.86% | 12,896,820 | 49.91% | 23 | 1,126 |",
  "| | Right | UMP-UDF-MPF-DVD | 8,179,866 | 33.73% | 9,519,416 | 36.84% | 2 | 522 |",
  "| | FN | FN | 3,564,059 | 14.70% | 3,199,392 | 12.38% | – | 156 |",
  "| | Total | | 24,249,000 | 100.00% | 25,841,000 | 100.00% | 25 | 1,880 |"
]

test("takes results by round with a Seats column, and its example", (t) => {
  t.is(takerOf(NATIONAL), "results-with-seats")
  t.is(takerOf(meta.example), "results-with-seats")
})

test("leaves presidencies, tables without seats or without figures", (t) => {
  t.is(verdictOf("results-with-seats", SAMPLES["results-with-presidencies"]!), "its seat figures are presidencies")
  t.is(verdictOf("results-with-seats", SAMPLES["round-results"]!), "no seats column")
  t.is(verdictOf("results-with-seats", SAMPLES["council-seats"]!), "no votes or % column")
})

test("decodes results per round and one seat row per named row; the Total row states round totals and the seat total", (t) => {
  const d = decode(NATIONAL, null)
  t.deepEqual(d.contests.map((c) => [c.area_level, c.round, c.total_votes]), [["national", 1, 24249000], ["national", 2, 25841000]])
  t.is(d.results.length, 6)
  t.deepEqual(d.results.filter((r) => r.round === 2).map((r) => [r.contestant, r.list_label, r.votes]), [
    ["Left", "PS-Verts-PCF-PRG-MRC-DVG", 12896820],
    ["Right", "UMP-UDF-MPF-DVD", 9519416],
    ["FN", "FN", 3199392]
  ])
  t.deepEqual(d.seats.map((s) => [s.party, s.measure, s.seats, s.regions, s.position, s.majority]), [
    ["Left", "seats", 1126, 23, 1, false],
    ["Right", "seats", 522, 2, 2, false],
    ["FN", "seats", 156, 0, 3, false]
  ])
  t.deepEqual(d.seatTotals.map((s) => [s.measure, s.seats, s.regions]), [["seats", 1880, 25]])
  t.deepEqual(d.tableKinds.map((k) => k.kind), ["results-with-seats"])
  t.false(codes(d).includes("PARTY_UNKNOWN"), "a composite label is split, not unknown")
})

test("a row that lost its Seats cell gives its results, no seat row, and a ROW_SHORT warning", (t) => {
  const d = decode([...NATIONAL.slice(0, 3), "| | FN | FN | 3,564,059 | 14.70% | 3,199,392 | 12.38% |"], null)
  t.deepEqual(d.seats.map((s) => s.party), ["Left", "Right"])
  t.is(d.results.filter((r) => r.contestant === "FN").length, 2)
  t.deepEqual(codes(d).filter((c) => c.startsWith("ROW_")), ["ROW_SHORT"])
})

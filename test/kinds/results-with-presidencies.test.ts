/** results-with-presidencies: national party results by round with the presidencies won (cantonal). */
import test from "ava"
import { meta } from "../../pipeline/normalise/kinds/results-with-presidencies.ts"
import { codes, decode, SAMPLES, takerOf, verdictOf } from "./fixture.ts"

const CANTONAL = [
  "| Party/Alliance | General council Presidencies | Votes | % (first round) | Votes | % (second round) | |",
  "| | PS | 44 | 3,226,525 | 26.25% | 4,010,716 | 38.56% |",
  "| | UMP | 37 | 2,574,331 | 20.94% | 2,831,478 | 27.22% |",
  "| | MPF | 1 | see DVD | see DVD | see DVD | see DVD |"
]

test("takes results by round with a Presidencies column, and its example", (t) => {
  t.is(takerOf(CANTONAL), "results-with-presidencies")
  t.is(takerOf(meta.example), "results-with-presidencies")
})

test("leaves results with seats, results without seat figures and presidencies without votes", (t) => {
  t.is(verdictOf("results-with-presidencies", SAMPLES["results-with-seats"]!), "no presidencies column")
  t.is(verdictOf("results-with-presidencies", SAMPLES["round-results"]!), "no presidencies column")
  t.is(verdictOf("results-with-presidencies", SAMPLES["presidencies"]!), "no votes or % column")
})

test("decodes results and presidencies; a 'see DVD' row is a cross-reference with no figures", (t) => {
  const d = decode(CANTONAL, null)
  t.deepEqual(d.results.filter((r) => r.round === 1).map((r) => [r.contestant, r.votes, r.percent, r.note]), [
    ["PS", 3226525, 26.25, null],
    ["UMP", 2574331, 20.94, null],
    ["MPF", null, null, "see DVD"]
  ])
  t.deepEqual(d.resultParties.filter((p) => p.result_id.endsWith("/r1/ps")).map((p) => p.party_code), ["PS"], "a party name column gives its own code")
  t.deepEqual(d.seats.map((s) => [s.party, s.party_code, s.measure, s.seats]), [
    ["PS", "PS", "presidencies", 44],
    ["UMP", "UMP", "presidencies", 37],
    ["MPF", "MPF", "presidencies", 1]
  ])
  t.deepEqual(d.tables.map((x) => x.kind), ["results"])
  t.true(codes(d).includes("CELL_CROSS_REFERENCE"))
})

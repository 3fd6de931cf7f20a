/** presidencies: presidencies by party without votes. */
import test from "ava"
import { meta } from "../../pipeline/normalise/kinds/presidencies.ts"
import { decode, SAMPLES, takerOf, verdictOf } from "./fixture.ts"

const PRESIDENCIES = ["| Party | Presidencies | Change |", "| PS | 44 | +8 |", "| UMP | 37 | –6 |", "| Total | 100 | |"]

test("takes presidencies without votes, and its example", (t) => {
  t.is(takerOf(PRESIDENCIES), "presidencies")
  t.is(takerOf(meta.example), "presidencies")
})

test("leaves presidencies with votes, and seat tables", (t) => {
  t.is(verdictOf("presidencies", SAMPLES["results-with-presidencies"]!), "it has votes or % columns")
  t.is(verdictOf("presidencies", SAMPLES["council-seats"]!), "no presidencies column")
  t.is(verdictOf("presidencies", ["| Foo | Presidencies |", "| x | 1 |"]), "no name column")
})

test("decodes seat rows of measure presidencies and their total", (t) => {
  const d = decode(PRESIDENCIES, null)
  t.deepEqual(d.seats.map((s) => [s.party, s.measure, s.seats, s.change, s.majority]), [
    ["PS", "presidencies", 44, 8, null],
    ["UMP", "presidencies", 37, -6, null]
  ])
  t.deepEqual(d.seatTotals.map((s) => [s.measure, s.seats, s.change]), [["presidencies", 100, null]])
  t.deepEqual(d.results, [])
})

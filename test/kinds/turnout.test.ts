/** turnout: a table of Total and turnout rows only. */
import test from "ava"
import { meta } from "../../pipeline/normalise/kinds/turnout.ts"
import { codes, decode, SAMPLES, takerOf, verdictOf } from "./fixture.ts"

const TURNOUT = [
  "| | Votes (first round) | % (first round) | Votes (second round) | % (second round) |",
  "| Registered voters | 41,536,212 | | 41,524,681 | |",
  "| Abstentions | 15,738,948 | 37.89% | 14,453,721 | 34.81% |",
  "| Voters | 25,797,264 | 62.11% | 27,070,960 | 65.19% |",
  "| White and rejected ballots[1] | 1,080,427 | 4.19% | 1,253,210 | 4.63% |",
  "| Valid votes | 24,716,837 | 95.81% | 25,817,750 | 95.37% |"
]

test("takes a table of turnout rows (labels in an unlabelled first column or a name column), and its example", (t) => {
  t.is(takerOf(TURNOUT), "turnout")
  t.is(takerOf(meta.example), "turnout")
  t.is(takerOf(["| Candidate | Votes | % |", "| Registered voters | 100 | |", "| Total votes | 60 | 60.00% |"]), "turnout")
})

test("leaves a table with a named row, with seats, or with no figures", (t) => {
  t.is(verdictOf("turnout", SAMPLES["round-results"]!), "line 2 is neither a Total nor a turnout row")
  t.is(verdictOf("turnout", SAMPLES["results-with-seats"]!), "it has a seats or presidencies column")
  t.is(verdictOf("turnout", SAMPLES["council-seats"]!), "no votes or % column")
  t.is(takerOf(["| Foo | Votes |", "| Voters | 12 |"]), null, "no column of row labels: nobody takes it")
})

test("decodes one contest per round and its turnout records; a footnote after a label is no obstacle", (t) => {
  const d = decode(TURNOUT, null)
  t.deepEqual(d.contests.map((c) => [c.round, c.registered, c.abstentions, c.voters, c.blank_invalid, c.valid]), [
    [1, 41536212, 15738948, 25797264, 1080427, 24716837],
    [2, 41524681, 14453721, 27070960, 1253210, 25817750]
  ])
  t.deepEqual(d.turnout.filter((x) => x.contest_id.endsWith("/r1")).map((x) => [x.measure, x.percent]), [
    ["registered", null],
    ["abstentions", 37.89],
    ["voters", 62.11],
    ["blank_invalid", 4.19],
    ["valid", 95.81]
  ])
  t.deepEqual(d.results, [])
  t.deepEqual(d.tables.map((x) => [x.kind, x.decoded, x.data_rows_decoded]), [["results", true, 5]])
  t.false(codes(d).includes("TABLE_UNCLASSIFIED"))
})

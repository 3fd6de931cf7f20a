/** round-results: candidate lists or parties by round, no seat column; and the constituency table's turnout rows. */
import test from "ava"
import { runAudit } from "../../pipeline/audit/audit.ts"
import { rules } from "../../pipeline/audit/rules/index.ts"
import { meta } from "../../pipeline/normalise/kinds/round-results.ts"
import { audit } from "../helpers/fixture.ts"
import { articleWith, codes, decode, SAMPLES, takerOf, verdictOf } from "./fixture.ts"

const ALSACE = [
  "| | Candidate | Party | Votes (Round One) | % (Round One) | Votes (Round Two) | % (Round Two) |",
  "| | Adrien Zeller (incumbent) | UMP | 225,193 | 34.06% | 299,353 | 43.56% |",
  "| | Jacques Bigot | PS-Verts | 133,038 | 20.12% | 236,709 | 34.44% |",
  "| | Robert Spieler | Alsace d'abord | 62,253 | 9.42% | – | – |",
  "| | Total | | 661,107 | 100,00% | 687,249 | 100,00% |"
]

/** A constituency table: its turnout rows (with an empty Party cell) follow the candidates. */
const CONSTITUENCY = [
  "| Candidate | Party | Votes (first round) | % (first round) | Votes (second round) | % (second round) |",
  "| Jean Dupont | UMP | 20,000 | 50.00% | 25,000 | 55.56% |",
  "| Marie Martin | PS | 12,000 | 30.00% | 20,000 | 44.44% |",
  "| Paul Durand | FN | 8,000 | 20.00% | – | – |",
  "| Valid votes | | 40,000 | 97.56% | 45,000 | 96.77% |",
  "| Invalid/blank votes | | 1,000 | 2.44% | 1,500 | 3.23% |",
  "| Total votes | | 41,000 | 100.00% | 46,500 | 100.00% |",
  "| Registered voters/turnout | | 70,000 | 58.57% | 70,000 | 66.43% |"
]

test("takes candidate lists by round, its example, and a parties-by-round table", (t) => {
  t.is(takerOf(ALSACE), "round-results")
  t.is(takerOf(meta.example), "round-results")
  t.is(takerOf(["| Party | Votes | % |", "| UMP | 1,000 | 60.0% |", "| PS | 667 | 40.0% |"]), "round-results")
  t.is(takerOf(CONSTITUENCY), "round-results")
})

test("leaves tables with seat figures, without figures or without a name column", (t) => {
  t.is(verdictOf("round-results", SAMPLES["results-with-seats"]!), "it has a seats or presidencies column")
  t.is(verdictOf("round-results", SAMPLES["results-with-presidencies"]!), "it has a seats or presidencies column")
  t.is(verdictOf("round-results", SAMPLES["council-seats"]!), "no votes or % column")
  t.is(verdictOf("round-results", ["| | Votes | % |", "| Voters | 12 | 3.4% |"]), "no name column")
})

test("decodes one contest per round, the results with their party codes, and the Total row as the round total", (t) => {
  const d = decode(ALSACE)
  t.deepEqual(d.contests.map((c) => [c.area, c.round, c.total_votes, c.total_percent]), [["Alsace", 1, 661107, 100], ["Alsace", 2, 687249, 100]])
  t.deepEqual(d.results.map((r) => [r.round, r.position, r.contestant, r.list_label, r.incumbent, r.votes, r.percent]), [
    [1, 1, "Adrien Zeller", "UMP", true, 225193, 34.06],
    [2, 1, "Adrien Zeller", "UMP", true, 299353, 43.56],
    [1, 2, "Jacques Bigot", "PS-Verts", false, 133038, 20.12],
    [2, 2, "Jacques Bigot", "PS-Verts", false, 236709, 34.44],
    [1, 3, "Robert Spieler", "Alsace d'abord", false, 62253, 9.42]
  ])
  t.deepEqual(d.resultParties.filter((p) => p.result_id.endsWith("/r1/jacques-bigot")).map((p) => p.party_code), ["PS", "Verts"])
  t.deepEqual(d.seats, [])
  t.deepEqual(d.tables.map((x) => [x.kind, x.data_rows_decoded, x.decoded]), [["results", 4, true]])
  t.deepEqual(d.tableKinds.map((k) => k.kind), ["round-results"])
  t.true(codes(d).includes("PERCENT_DECIMAL_COMMA"))
})

test("a constituency table: Valid votes, Invalid/blank votes, Total votes, Registered voters/turnout are turnout records, never results", (t) => {
  const d = decode(CONSTITUENCY)
  t.deepEqual(d.results.map((r) => `${r.round}:${r.contestant}`), ["1:Jean Dupont", "2:Jean Dupont", "1:Marie Martin", "2:Marie Martin", "1:Paul Durand"])
  t.deepEqual(d.turnout.map((x) => [x.label, x.measure, x.value, x.percent]), [
    ["Valid votes", "valid", 40000, 97.56],
    ["Valid votes", "valid", 45000, 96.77],
    ["Invalid/blank votes", "blank_invalid", 1000, 2.44],
    ["Invalid/blank votes", "blank_invalid", 1500, 3.23],
    ["Total votes", "ballots_cast", 41000, 100],
    ["Total votes", "ballots_cast", 46500, 100],
    ["Registered voters/turnout", "registered", 70000, 58.57],
    ["Registered voters/turnout", "registered", 70000, 66.43]
  ])
  t.deepEqual(d.contests.map((c) => [c.round, c.valid, c.blank_invalid, c.voters, c.registered, c.total_votes]), [
    [1, 40000, 1000, 41000, 70000, null],
    [2, 45000, 1500, 46500, 70000, null]
  ])
  t.deepEqual(d.findings.filter((f) => f.severity !== "info").map((f) => `${f.code} ${f.raw}`), [], "no row is unknown, short or unreadable")
  // …and the audit finds nothing wrong with the table (the rows sum to the valid votes).
  const audited = audit(articleWith(CONSTITUENCY))
  const report = runAudit(audited.context, rules)
  t.deepEqual(report.anomalies.filter((a) => a.severity !== "info").map((a) => `${a.rule}: ${a.message}`), [])
  const validCheck = report.checks.find((c) => c.rule === "turnout-identity")!.items.filter((i) => i.subject.includes("list votes = valid votes"))
  t.deepEqual(validCheck.map((i) => i.status), ["passed", "passed"])
})

test("a row with '–' in every round, an empty row and an empty votes cell are reported, not dropped", (t) => {
  const d = decode([
    ...ALSACE.slice(0, 3),
    "| | Patrick Binder | FN | – | – | – | – |",
    "| | | | | | | |",
    "| | Antoine Waechter | MEI | | 4.21% | – | – |",
    ALSACE[4]!
  ])
  t.deepEqual(codes(d).filter((c) => c.startsWith("ROW_") || c === "CELL_EMPTY"), ["ROW_NO_FIGURES", "ROW_UNREADABLE", "CELL_EMPTY"])
  t.deepEqual(d.results.filter((r) => r.contestant === "Antoine Waechter").map((r) => [r.votes, r.percent]), [[null, 4.21]])
})

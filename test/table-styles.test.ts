/**
 * Table styles recognised by shape (issue 13), one small fixture each: change headers, round
 * headers, name columns, a seats column in a results table, the single-round national table,
 * turnout rows, decimal commas, footnote markers, bold or italic Total rows, % without '%'.
 */
import test from "ava"
import { readCount, readName, readPercent, stripEmphasis } from "../pipeline/normalise/cells.ts"
import { HEADER_VOCABULARY, recogniseTable, vocabularyRoleOf } from "../pipeline/normalise/shape.ts"
import { codes, decode, tableOf, takerOf } from "./kinds/fixture.ts"

const rolesOf = (lines: ReadonlyArray<string>) => recogniseTable(tableOf(lines)).signature

const national = (change: string) => [
  `| Party | Votes | % | Seats | ${change} |`,
  "| Labour Party (LAB) | 600 | 60.00 | 6 | +2 |",
  "| National Union (NU) | 400 | 40.00 | 4 | −2 |",
  "| Total | 1,000 | 100.00 | 10 | 0 |"
]

test("change columns headed +/–, +/−, ±, Change, Δ, +/- are change columns, decoded with their signs", (t) => {
  for (const header of ["+/–", "+/−", "±", "Change", "Δ", "+/-", "Seat change"]) {
    t.is(rolesOf(national(header)), "name|votes:1|percent:1|seats|change", header)
    const d = decode(national(header), null)
    t.deepEqual(d.seats.map((s) => [s.party, s.seats, s.change]), [["Labour Party (LAB)", 6, 2], ["National Union (NU)", 4, -2]], header)
  }
})

test("round headers: 1st round, First round, Round 1, Votes (Round One) and their second-round forms", (t) => {
  for (const [one, two] of [["1st round", "2nd round"], ["First round", "Second round"], ["Round 1", "Round 2"], ["(Round One)", "(Round Two)"]]) {
    const lines = [
      `| Candidate | Party | Votes ${one} | % ${one} | Votes ${two} | % ${two} |`,
      "| Ann | A | 600 | 60.00% | 700 | 70.00% |",
      "| Bob | B | 400 | 40.00% | 300 | 30.00% |"
    ]
    t.is(rolesOf(lines), "name|label|votes:1|percent:1|votes:2|percent:2", one)
  }
})

test("name columns: Party, Alliance, List, Coalition, Candidate", (t) => {
  for (const name of ["Party", "Alliance", "List", "Coalition", "Candidate", "Political party"]) {
    const lines = [`| ${name} | Votes | % |`, "| Ann | 600 | 60.00% |", "| Bob | 400 | 40.00% |"]
    t.is(rolesOf(lines), "name|votes:1|percent:1", name)
    t.is(takerOf(lines), "round-results", name)
  }
})

test("a Seats column inside a single-round national table: results and seat rows, audited clean", (t) => {
  t.is(takerOf(national("+/–")), "results-with-seats")
  const d = decode(national("+/–"), null)
  t.deepEqual(d.results.map((r) => [r.contestant, r.votes, r.percent]), [["Labour Party (LAB)", 600, 60], ["National Union (NU)", 400, 40]])
  t.deepEqual(d.seatTotals.map((s) => [s.seats, s.change]), [[10, 0]])
  // No finding: the percentages without '%' are canonical in a % column.
  t.deepEqual(codes(d).filter((c) => c !== "PARTY_UNKNOWN"), [])
})

test("rows Valid votes, Invalid/blank votes, Total votes, Registered voters/turnout are turnout, not results", (t) => {
  const d = decode([
    ...national("±").slice(0, 4),
    "| Valid votes | 1,000 | 98.04 | | |",
    "| Invalid/blank votes | 20 | 1.96 | | |",
    "| Total votes | 1,020 | 100.00 | | |",
    "| Registered voters/turnout | 2,000 | 51.00 | | |"
  ], null)
  t.deepEqual(d.turnout.map((x) => [x.measure, x.value]), [["valid", 1000], ["blank_invalid", 20], ["ballots_cast", 1020], ["registered", 2000]])
  t.is(d.results.length, 2)
})

test("decimal commas: ',' is a decimal mark in a % column and a thousands separator in a votes column", (t) => {
  t.deepEqual([readPercent("34,06 %", "not_stood")].map((r) => r._tag === "Value" && [r.value, r.decimals]), [[34.06, 2]])
  t.deepEqual([readCount("374,052", "not_stood")].map((r) => r._tag === "Value" && [r.value, r.note]), [[374052, null]])
  // `34,06` in a votes column is neither grouped digits nor a count.
  t.is(readCount("34,06", "not_stood")._tag, "Unreadable")
  // A table that writes every percentage with a comma: one finding for the table, on its header line.
  const d = decode(["| Party | Votes | % |", "| A | 3,406 | 34,06 % |", "| B | 6,594 | 65,94 % |", "| Total | 10,000 | 100,00 % |"], null)
  t.deepEqual(d.results.map((r) => r.percent), [34.06, 65.94])
  const commas = d.findings.filter((f) => f.code === "PERCENT_DECIMAL_COMMA")
  t.is(commas.length, 1)
  t.regex(commas[0]!.message, /the table writes its percentages with ',' as the decimal mark \(3 cells/)
  // A comma among decimal points stays a finding on its own cell.
  const mixed = decode(["| Party | Votes | % |", "| A | 3,406 | 34.06% |", "| B | 6,594 | 65.94% |", "| Total | 10,000 | 100,00% |"], null)
  t.deepEqual(mixed.findings.filter((f) => f.code === "PERCENT_DECIMAL_COMMA").map((f) => f.raw), ["100,00%"])
})

test("footnote markers [1], *, †, a after figures and names are dropped (and noted for figures)", (t) => {
  for (const raw of ["402,331[1]", "402,331*", "402,331†", "402,331a"]) {
    const r = readCount(raw, "not_stood")
    t.deepEqual(r._tag === "Value" && [r.value, r.note?.code], [402331, "FOOTNOTE_STRIPPED"], raw)
  }
  t.is(readName("Progress Party (PGP)[1]").name, "Progress Party (PGP)")
  t.is(readName("Alliance for Work†").name, "Alliance for Work")
  // A letter is a note only right after a figure: names keep their last letter.
  t.is(readName("Alianza").name, "Alianza")
})

test("bold or italic Total rows are Total rows, their figures read", (t) => {
  t.is(stripEmphasis("'''Total'''"), "Total")
  t.is(stripEmphasis("''2,701,000''"), "2,701,000")
  t.is(stripEmphasis("'Total'"), "'Total'")
  for (const q of ["'''", "''"]) {
    const d = decode(["| Party | Votes | % |", "| A | 600 | 60.00% |", "| B | 400 | 40.00% |", `| ${q}Total${q} | ${q}1,000${q} | ${q}100.00%${q} |`], null)
    t.deepEqual(d.contests.map((c) => [c.total_votes, c.total_percent]), [[1000, 100]], q)
    t.deepEqual(codes(d).filter((c) => c !== "PARTY_UNKNOWN"), [], q)
  }
})

test("a percentage without '%' in a % column is canonical: read, no finding", (t) => {
  const r = readPercent("38.47", "not_stood")
  t.deepEqual(r, { _tag: "Value", value: 38.47, decimals: 2, note: null })
})

test("docs/table-kinds.md's header vocabulary reads as documented (the list cannot drift from the reader)", (t) => {
  for (const { role, labels } of HEADER_VOCABULARY) for (const label of labels) t.is(vocabularyRoleOf(label), role, label)
})

test("'New' in a change column: a party new at this election, read as +its seats (no earlier seats), an info finding", (t) => {
  const lines = [
    "| Party | Votes | % | Seats | +/– |",
    "| Labour Party (LAB) | 600 | 60.00 | 6 | +2 |",
    "| Green Wave (GW) | 300 | 30.00 | 3 | New |",
    "| National Union (NU) | 100 | 10.00 | 1 | −5 |",
    "| Total | 1,000 | 100.00 | 10 | 0 |"
  ]
  const d = decode(lines, null)
  t.deepEqual(d.seats.map((s) => [s.party, s.seats, s.change]), [["Labour Party (LAB)", 6, 2], ["Green Wave (GW)", 3, 3], ["National Union (NU)", 1, -5]])
  t.deepEqual(codes(d).filter((c) => c !== "PARTY_UNKNOWN"), ["CHANGE_NEW"])
  t.false(codes(d).includes("CELL_UNREADABLE"))
})

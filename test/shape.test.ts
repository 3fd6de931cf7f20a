/**
 * Unit tests of table recognition (pipeline/normalise/shape.ts) on tables made with parseArticle:
 * the kinds of table the seeds hold, the header quirks (shifted, spanned), and recognition by
 * shape alone — never by file name or line.
 */
import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import test from "ava"
import type { Table } from "../pipeline/extract/document.ts"
import { parseArticle } from "../pipeline/extract/parse.ts"
import { chooseKind } from "../pipeline/normalise/kinds/index.ts"
import fc from "fast-check"
import { alignRow, readsAsNumber, readsAsNumberLong, recogniseTable, type TableShape } from "../pipeline/normalise/shape.ts"

/** The first table of an article made of `lines`. */
const tableOf = (lines: ReadonlyArray<string>, file = "t.txt"): Table => {
  const table = parseArticle(file, `${lines.join("\n")}\n`).blocks.find((b): b is Table => b._tag === "Table")
  if (table === undefined) throw new Error("no table in the article")
  return table
}
const shapeOf = (lines: ReadonlyArray<string>, file?: string): TableShape => recogniseTable(tableOf(lines, file))
const noteCodes = (shape: TableShape) => shape.notes.map((n) => n.code)
/** The `tables.kind` the catalogue gives a shape (which kind takes it: test/kinds/). */
const kindOf = (shape: TableShape) => chooseKind(shape).kind?.meta.tableKind ?? "unclassified"

const CANDIDATES = [
  "| | Candidate | Party | Votes (Round One) | % (Round One) | Votes (Round Two) | % (Round Two) |",
  "| | Adrien Zeller (incumbent) | UMP | 225,193 | 34.06% | 299,353 | 43.56% |",
  "| | Jacques Bigot | PS-Verts | 133,038 | 20.12% | 236,709 | 34.44% |",
  "| | Robert Spieler | Alsace d'abord | 62,253 | 9.42% | – | – |",
  "| | Total | | 661,107 | 100,00% | 687,249 | 100,00% |"
]

const COUNCIL = [
  "| Party | seats | change +/- | |",
  "| • | Socialist Party | 43 | +15 |",
  "| | Union for a Popular Movement | 12 | -1 |",
  "| | Union for French Democracy | 9 | -6 |",
  "| • | The Greens | 9 | +6 |"
]

const SENATE = [
  "| Group | Seats (2001) | Seats (2004) | Change | |",
  "| | UMP Group | 162 | 155 | –7 |",
  "| | Socialist Group | 83 | 97 | +14 |",
  "| | Communist, Republican and Citizen Group | 23 | 23 | ±0 |",
  "| | Total: | 321 | 331 | +5 |"
]

const CANTONAL = [
  "| Party/Alliance | General council Presidencies | Votes | % (first round) | Votes | % (second round) | |",
  "| | PS | 44 | 3,226,525 | 26.25% | 4,010,716 | 38.56% |",
  "| | UMP | 37 | 2,574,331 | 20.94% | 2,831,478 | 27.22% |",
  "| | MPF | 1 | see DVD | see DVD | see DVD | see DVD |"
]

/** Lines 137–150 of the regional seed: Brittany's two-row header and its turnout rows. */
const BRITTANY = readFileSync(
  fileURLToPath(new URL("../seeds/2004-french-regional-elections.txt", import.meta.url)),
  "utf8"
).split(/\r?\n/).slice(136, 150)

test("a candidate table: results, marker|name|label|votes:1|percent:1|votes:2|percent:2", (t) => {
  const shape = shapeOf(CANDIDATES)
  t.is(kindOf(shape), "results")
  t.is(shape.signature, "marker|name|label|votes:1|percent:1|votes:2|percent:2")
  t.true(shape.hasMarker)
  t.is(shape.headerRows.length, 1)
  t.is(shape.dataRows.length, 4)
  t.deepEqual(shape.columns[1]?.role, { _tag: "name", of: "person" })
  t.deepEqual(noteCodes(shape), [])
  t.deepEqual(alignRow(shape, shape.dataRows[0]!), [
    "",
    "Adrien Zeller (incumbent)",
    "UMP",
    "225,193",
    "34.06%",
    "299,353",
    "43.56%"
  ])
})

test("a council table with a shifted header: seats, HEADER_SHIFTED, marker|name|seats|change", (t) => {
  const shape = shapeOf(COUNCIL)
  t.is(kindOf(shape), "seats")
  t.is(shape.signature, "marker|name|seats|change")
  t.deepEqual(noteCodes(shape), ["HEADER_SHIFTED"])
  t.is(shape.notes[0]?.line, 1)
  t.deepEqual(shape.columns.map((c) => c.label), ["", "Party", "seats", "change +/-"])
  t.deepEqual(alignRow(shape, shape.dataRows[0]!), ["•", "Socialist Party", "43", "+15"])
  t.deepEqual(alignRow(shape, shape.dataRows[1]!), ["", "Union for a Popular Movement", "12", "-1"])
})

test("the Senate table: seats with the years of its two seat columns", (t) => {
  const shape = shapeOf(SENATE)
  t.is(kindOf(shape), "seats")
  t.is(shape.signature, "marker|name|seats:2001|seats:2004|change")
  t.deepEqual(shape.columns.map((c) => c.role).filter((r) => r._tag === "seats"), [
    { _tag: "seats", year: 2001 },
    { _tag: "seats", year: 2004 }
  ])
  t.deepEqual(noteCodes(shape), ["HEADER_SHIFTED"])
  t.deepEqual(alignRow(shape, shape.dataRows[0]!), ["", "UMP Group", "162", "155", "–7"])
})

test("the cantonal table: results with presidencies, rounds 1 and 2", (t) => {
  const shape = shapeOf(CANTONAL)
  t.is(kindOf(shape), "results")
  t.is(shape.signature, "marker|name|presidencies|votes:1|percent:1|votes:2|percent:2")
  const rounds = shape.columns.flatMap((c) => c.role._tag === "votes" || c.role._tag === "percent" ? [c.role.round] : [])
  t.deepEqual(rounds, [1, 1, 2, 2])
  t.true(shape.columns.some((c) => c.role._tag === "presidencies"))
  t.deepEqual(shape.columns[1]?.role, { _tag: "name", of: "party" })
  t.deepEqual(alignRow(shape, shape.dataRows[0]!), ["", "PS", "44", "3,226,525", "26.25%", "4,010,716", "38.56%"])
})

test("the Brittany two-row header: HEADER_SPANNED, and turnout rows aligned to the name column", (t) => {
  t.is(BRITTANY.length, 14)
  t.is(BRITTANY[0], "| Leader | First round | Second round | Seats |")
  const shape = shapeOf(BRITTANY)
  t.is(kindOf(shape), "results")
  t.true(noteCodes(shape).includes("HEADER_SPANNED"))
  t.is(shape.headerRows.length, 2)
  t.is(shape.dataRows.length, 12)
  const roles = shape.columns.map((c) => c.role)
  t.deepEqual(roles.slice(0, 6), [
    { _tag: "marker" },
    { _tag: "name", of: "person" },
    { _tag: "votes", round: 1 },
    { _tag: "percent", round: 1 },
    { _tag: "votes", round: 2 },
    { _tag: "percent", round: 2 }
  ])
  const registered = shape.dataRows.find((r) => r.cells.includes("Registered voters"))
  t.truthy(registered)
  const aligned = alignRow(shape, registered!)
  const nameColumn = roles.findIndex((r) => r._tag === "name")
  t.is(aligned[nameColumn], "Registered voters")
  t.is(aligned[roles.findIndex((r) => r._tag === "votes" && r.round === 1)], "2,207,064")
  t.is(aligned[roles.findIndex((r) => r._tag === "votes" && r.round === 2)], "2,206,047")
  // A candidate row (with its marker cell) aligns from column 0.
  t.is(alignRow(shape, shape.dataRows[0]!)[nameColumn], "Jean-Yves Le Drian")
})

test("a table with no recognisable header is unclassified", (t) => {
  t.is(kindOf(shapeOf(["| Foo | Bar |", "| x | 12 |", "| y | 13 |"])), "unclassified")
  t.is(kindOf(shapeOf(["| Candidate | Party |", "| A | B |"])), "unclassified", "no data row")
  t.is(kindOf(shapeOf(["| 1 | 2 |", "| 3 | 4 |"])), "unclassified", "no header row")
  t.is(kindOf(shapeOf(["| Votes | % |", "| 12 | 3.4% |"])), "unclassified", "figures but no name column")
})

test("recognition is by shape: another file name, line or section gives the same shape", (t) => {
  const comparable = (shape: TableShape) => ({
    kind: kindOf(shape),
    signature: shape.signature,
    columns: shape.columns,
    hasMarker: shape.hasMarker,
    notes: noteCodes(shape),
    header: shape.headerRows.map((r) => r.cells),
    data: shape.dataRows.map((r) => r.cells),
    aligned: shape.dataRows.map((r) => alignRow(shape, r))
  })
  for (const lines of [CANDIDATES, COUNCIL, SENATE, CANTONAL, BRITTANY]) {
    const here = tableOf(lines, "2004-french-regional-elections.txt")
    const moved = tableOf(
      ["= Some other article =", "", "Lead paragraph.", "", "==Elsewhere==", "===Deeper===", "", "Text.", "", ...lines],
      "renamed.txt"
    )
    t.not(moved.line, here.line)
    t.not(moved.file, here.file)
    const a = recogniseTable(here)
    const b = recogniseTable(moved)
    t.deepEqual(comparable(b), comparable(a))
    // Notes point at the moved lines.
    t.deepEqual(b.notes.map((n) => n.line - moved.line), a.notes.map((n) => n.line - here.line))
  }
})

// readsAsNumber's shortcut (a quick count, else a memo; issue 8, seventh pass, part E) against the
// long path, on cell-like text: labels with digits, counts in every grouping, percentages, notes,
// dashes, and each text asked twice (the second answer from the memo).
test("readsAsNumber agrees with reading the cell as a count and as a percentage", (t) => {
  const part = fc.constantFrom("1", "0", "12", "345", ",", ".", " ", "%", "Seats", "2004", "1st round", "Votes", "–", "-", "[1]", "n/a", "see", "(", ")", "\u00a0", "1,234", "12.5", "007")
  let numbers = 0
  let quick = 0
  fc.assert(
    fc.property(fc.array(part, { maxLength: 6 }), (parts) => {
      const text = parts.join("")
      const long = readsAsNumberLong(text)
      t.is(readsAsNumber(text), long, text)
      t.is(readsAsNumber(text), long, text)
      if (long) numbers++
      if (/^[0-9][0-9,]*$/.test(text)) quick++
    }),
    { numRuns: 4000, seed: 37 }
  )
  t.true(numbers > 300 && numbers < 3700)
  t.true(quick > 50)
})

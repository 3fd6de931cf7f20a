/**
 * Header memos (issue 8): the reading of a header's labels is shared by every table with the same
 * labels (shape.ts `readColumns`), and each kind's verdict on those columns too (kinds/index.ts
 * `chooseKind`). Both must answer exactly what the long paths answer, for any header and rows:
 * random tables over the header vocabulary, names, turnout labels, markers and figures.
 */
import test from "ava"
import fc from "fast-check"
import type { Table } from "../pipeline/extract/document.ts"
import { parseArticle } from "../pipeline/extract/parse.ts"
import { uniqueIds, uniqueSlugIds } from "../pipeline/normalise/ids.ts"
import type { TableContext } from "../pipeline/normalise/kinds/kind.ts"
import { chooseKind, chooseKindUncached } from "../pipeline/normalise/kinds/index.ts"
import { parsePartyDictionary } from "../pipeline/normalise/parties.ts"
import { HEADER_VOCABULARY, readColumns, readColumnsUncached, recogniseTable } from "../pipeline/normalise/shape.ts"
import { readFileSync } from "node:fs"

const { dictionary } = parsePartyDictionary(readFileSync("seeds/reference/parties.csv", "utf8"), "parties.csv")

const LABELS = [
  ...HEADER_VOCABULARY.flatMap((v) => v.labels),
  "",
  "First round",
  "Second round",
  "Seats (2001)",
  "Seats (2004)",
  "Candidate",
  "Notes",
  "Votes (Round Two)"
]
const label = fc.constantFrom(...LABELS)
const NAMES = ["Total", "Registered voters", "Abstentions", "Voters", "Valid votes", "Blank or invalid", "Alice Martin", "UMP", "PS-PCF", "Socialist Party", "Les Verts", ""]
const FIGURES = ["12,345", "45.6%", "–", "3", "+2", "-1", "100.00%", "N/A", "", "7 [1]"]
const row = fc.tuple(fc.constantFrom("", "•", "x"), fc.constantFrom(...NAMES), fc.array(fc.constantFrom(...FIGURES), { maxLength: 6 }))
  .map(([marker, name, figures]) => `| ${[...(marker === "x" ? [] : [marker]), name, ...figures].join(" | ")} |`)
const header = fc.array(label, { minLength: 1, maxLength: 7 }).map((ls) => `| ${ls.join(" | ")} |`)
const table = fc.tuple(header, fc.option(header, { nil: undefined }), fc.array(row, { minLength: 0, maxLength: 5 }))
  .map(([h, h2, rows]) => [h, ...(h2 === undefined ? [] : [h2]), ...rows])

const tablesOf = (lines: ReadonlyArray<string>): Array<Table> =>
  parseArticle("t.txt", `= T =\n\n==Alsace==\n\n${lines.join("\n")}\n`).blocks.filter((b): b is Table => b._tag === "Table")

const ctx = (): TableContext => ({
  file: "t.txt",
  section: "Alsace",
  electionId: "t",
  level: "area",
  area: "Alsace",
  tableId: "t/alsace/results",
  dictionary,
  contestIds: uniqueIds(),
  rowIds: uniqueSlugIds()
})

test("readColumns equals the uncached reading and is shared between equal headers", (t) => {
  // Pipes, empty labels and JSON-like labels too: the memo's key joins the labels at `|` unless one holds a `|` (issue 8, seventh pass).
  const odd = fc.constantFrom("", "|", "a|b", "|Votes", "[\"x\"]", "[]", "Votes|%")
  fc.assert(fc.property(fc.array(fc.oneof(label, fc.string({ maxLength: 6 }), odd), { maxLength: 8 }), fc.boolean(), (labels, marker) => {
    const memo = readColumns(labels, marker)
    t.deepEqual(memo, readColumnsUncached(labels, marker))
    t.is(readColumns([...labels], marker), memo)
  }), { numRuns: 1500, seed: 8 })
})

test("recogniseTable's columns are the uncached reading of its labels", (t) => {
  fc.assert(fc.property(table, (lines) => {
    for (const source of tablesOf(lines)) {
      const shape = recogniseTable(source)
      if (shape.columns.length === 0) continue
      const marker = shape.columns[0]!.role._tag === "marker"
      t.deepEqual(shape.columns, readColumnsUncached(shape.columns.map((c) => c.label), marker).columns)
    }
  }), { numRuns: 800, seed: 8 })
})

test("chooseKind takes the kind the long path takes, with the same reasons and the same records", (t) => {
  let taken = 0
  let refused = 0
  const kinds = new Set<string>()
  fc.assert(fc.property(table, (lines) => {
    for (const source of tablesOf(lines)) {
      const shape = recogniseTable(source)
      const fast = chooseKind(shape)
      const long = chooseKindUncached(shape)
      t.is(fast.kind?.meta.name ?? null, long.kind?.meta.name ?? null)
      if (fast.kind === null || long.kind === null) {
        refused++
        t.deepEqual("reasons" in fast ? fast.reasons : null, "reasons" in long ? long.reasons : null)
      } else {
        taken++
        kinds.add(fast.kind.meta.name)
        t.deepEqual(fast.decode({ source, header: shape }, ctx()), long.decode({ source, header: shape }, ctx()))
      }
    }
  }), { numRuns: 800, seed: 8 })
  // Both paths were exercised.
  t.true(taken > 50, `taken ${taken}`)
  t.true(refused > 50, `refused ${refused}`)
  // Including the turnout kind, whose data rows decide as well as its columns.
  t.true(kinds.has("turnout") && kinds.has("round-results"), [...kinds].join(", "))
})

// issue 8, seventh pass: label lists that a join at `|` would confuse get different readings.
test("readColumns tells apart label lists that join to the same text", (t) => {
  const lists = [[], [""], ["", ""], ["a|b"], ["a", "b"], ["Votes|%"], ["Votes", "%"], ["|Votes"], ["", "Votes"], ["[\"x\"]"], ["x"]]
  for (const marker of [false, true]) {
    for (const labels of lists) t.deepEqual(readColumns(labels, marker).columns.map((c) => c.label), labels, JSON.stringify(labels))
  }
})

// issue 8, seventh pass: the row loop answers a name cell the marker test found without a role word
// (TableShape `plainCells`) without asking rowRoleOf again; without those notes every row is asked.
// Both must decode every table alike: role labels, figures and markers in either of the first cells.
test("decoding with the marker test's plainCells gives the records and findings of decoding without them", (t) => {
  let decoded = 0
  let plainRows = 0
  const seeds = ["2004-french-regional-elections.txt", "2004-french-cantonal-elections.txt", "2004-french-senate-election.txt"]
  const seedTables = seeds.flatMap((f) => parseArticle(f, readFileSync(`seeds/${f}`, "utf8")).blocks.filter((b): b is Table => b._tag === "Table"))
  t.true(seedTables.length > 20)
  const check = (source: Table) => {
    const shape = recogniseTable(source)
    const choice = chooseKind(shape)
    if (choice.kind === null) return
    decoded++
    if (shape.plainCells !== undefined) for (const bits of shape.plainCells) if (bits !== 0) plainRows++
    const { plainCells: _, ...without } = shape
    t.deepEqual(choice.decode({ source, header: shape }, ctx()), choice.decode({ source, header: without }, ctx()))
  }
  for (const source of seedTables) check(source)
  fc.assert(fc.property(table, (lines) => {
    for (const source of tablesOf(lines)) check(source)
  }), { numRuns: 800, seed: 9 })
  t.true(decoded > 100, `decoded ${decoded}`)
  t.true(plainRows > 100, `rows with notes ${plainRows}`)
})

/**
 * Every line of every article is accounted for (issue 7): blank, part of a decoded node, a table
 * row that gave a record, or named by a finding. `accountLines` returns the rest; there is none on
 * the seeds, nor on seeds edited to carry an unreadable row, a dashes-only row or stray lines.
 */
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import test from "ava"
import type { Document } from "../pipeline/extract/document.ts"
import { parseArticle } from "../pipeline/extract/parse.ts"
import { accountLines } from "../pipeline/normalise/accounting.ts"
import { type Dataset, normalise } from "../pipeline/normalise/normalise.ts"
import { parsePartyDictionary } from "../pipeline/normalise/parties.ts"

const SEEDS = fileURLToPath(new URL("../seeds/", import.meta.url))
const { dictionary } = parsePartyDictionary(readFileSync(join(SEEDS, "reference", "parties.csv"), "utf8"), "parties.csv")
const seedNames = readdirSync(SEEDS).filter((n) => n.endsWith(".txt")).sort()
const regional = readFileSync(join(SEEDS, "2004-french-regional-elections.txt"), "utf8")

const account = (text: string, file = "a.txt"): { doc: Document; dataset: Dataset; missing: ReturnType<typeof accountLines> } => {
  const doc = parseArticle(file, text)
  const dataset = normalise([doc], dictionary)
  return { doc, dataset, missing: accountLines(doc, dataset) }
}
const edit = (text: string, start: string, replace: (line: string) => string) => {
  const lines = text.split("\n")
  const i = lines.findIndex((l) => l.startsWith(start))
  if (i < 0) throw new Error(`no line starts with ${start}`)
  lines[i] = replace(lines[i]!)
  return { text: lines.join("\n"), line: i + 1 }
}

test("every line of every seed is accounted for", (t) => {
  t.is(seedNames.length, 3)
  for (const name of seedNames) {
    const { doc, missing } = account(readFileSync(join(SEEDS, name), "utf8"), name)
    t.true(doc.lines.length > 50)
    t.deepEqual(missing, [], name)
  }
})

test("accountLines finds a line nothing accounts for (it is not vacuous)", (t) => {
  const { doc, dataset } = account(regional)
  const row = doc.blocks.flatMap((b) => (b._tag === "Table" ? b.rows : [])).find((r) => r.raw.includes("Jacques Bigot"))!
  const stripped: Dataset = {
    ...dataset,
    results: dataset.results.filter((r) => r.source_line !== row.line),
    resultParties: dataset.resultParties.filter((r) => r.source_line !== row.line),
    findings: dataset.findings.filter((f) => f.line !== row.line)
  }
  t.deepEqual(accountLines(doc, stripped), [{ line: row.line, text: row.raw }])
})

for (const [what, start, replace, code] of [
  ["a first data row with seats 'N/A'", "| • | Union for a Popular Movement | 18 |", (l: string) => l.replace("| 18 |", "| N/A |"), "CELL_UNREADABLE"],
  ["a row of words in a seat table", "| | Socialist Party | 8 | – |", () => "| | what | is | this |", "CELL_UNREADABLE"],
  ["a results row with '–' in every round", "| | Patrick Binder | FN |", () => "| | Patrick Binder | FN | – | – | – | – |", "ROW_NO_FIGURES"],
  ["an empty row in a table", "| | Jacques Bigot | PS-Verts |", () => "| | | | | | | |", "ROW_UNREADABLE"],
  ["a row of header words after the first data row", "| | Jacques Bigot | PS-Verts |", () => "| | Votes | % |", "ROW_SHORT"]
] as const) {
  test(`edited seed, ${what}: the row has a finding on its line and every line is accounted for`, (t) => {
    const edited = edit(regional, start, replace)
    const { dataset, missing } = account(edited.text)
    t.true(dataset.findings.some((f) => f.line === edited.line && f.code === code), dataset.findings.filter((f) => f.line === edited.line).map((f) => f.code).join(","))
    t.deepEqual(missing, [])
  })
}

test("edited seed, stray lines (text between tables, a pipe line inside a paragraph): every line is accounted for", (t) => {
  const lines = regional.split("\n")
  const at = lines.findIndex((l) => l.startsWith("| | Independent Ecological Movement |"))
  lines.splice(at + 1, 0, "this is a stray line|", "| stray", "   ", "**")
  const { missing } = account(lines.join("\n"))
  t.deepEqual(missing, [])
})

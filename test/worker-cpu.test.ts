/**
 * The worker's CPU per article (issue 8, eighth pass; docs/decisions.md): the shortcuts of that
 * pass, each against its long path.
 *
 * - One-slot caches instead of WeakMaps keyed by an article's dataset or document (audit/views.ts
 *   `memo`, seats-law.ts `lawKeyOf`, normalise/blocks.ts's section tree): a value asked for again
 *   after another article's must be that article's, equal to what a first build gives — a stale
 *   slot (another article's view or tree handed back) fails these tests.
 * - shape.ts `hasDigit` (asked before `readsAsNumber`'s memo) against `/\d/` on every UTF-16 code
 *   unit and on random text; test/shape.test.ts holds `readsAsNumber` to its long path.
 * - shape.ts `headerRowCount`, whose label tests stop at their answer, against counting every
 *   label of each row (the sixth pass' version, kept here) on random header-like rows.
 */
import { readFileSync } from "node:fs"
import test from "ava"
import type { Document } from "../pipeline/extract/document.ts"
import { parseArticle } from "../pipeline/extract/parse.ts"
import { areaOf } from "../pipeline/normalise/blocks.ts"
import { createNormaliser, type Dataset } from "../pipeline/normalise/normalise.ts"
import { parsePartyDictionary } from "../pipeline/normalise/parties.ts"
import { parseReference } from "../pipeline/audit/reference.ts"
import { lawKeyOf } from "../pipeline/audit/seats-law.ts"
import { areaContests, blocOf, councilOf, councilsByArea, partyCodesOf, roundViews, seatTableViews } from "../pipeline/audit/views.ts"
import { hasDigit, headerRowCount, isHeaderLabel, readsAsNumber } from "../pipeline/normalise/shape.ts"
import type { Row } from "../pipeline/extract/document.ts"
import { generateArticle } from "../bench/generate.ts"
import fc from "fast-check"

const read = (name: string) => readFileSync(new URL(`../seeds/${name}`, import.meta.url), "utf8")
const { dictionary } = parsePartyDictionary(read("reference/parties.csv"), "parties.csv")
const reference = parseReference(
  { file: "regional-councils.csv", text: read("reference/regional-councils.csv") },
  { file: "electoral-law.csv", text: read("reference/electoral-law.csv") }
)

const articles = [
  { file: "2004-french-regional-elections.txt", text: read("2004-french-regional-elections.txt") },
  { file: "2004-french-cantonal-elections.txt", text: read("2004-french-cantonal-elections.txt") },
  ...[0, 1, 2].map((i) => {
    const a = generateArticle(31, i)
    return { file: a.name, text: a.text }
  })
]

/** Each article normalised with a normaliser of its own (ids do not depend on the order), documents parsed afresh. */
const normaliseAll = (order: ReadonlyArray<number>): Map<number, Dataset> => {
  const out = new Map<number, Dataset>()
  for (const i of order) out.set(i, createNormaliser(dictionary).add(parseArticle(articles[i]!.file, articles[i]!.text)))
  return out
}

/** Every view of a dataset, the function-valued ones applied to all the keys they are asked with. */
const viewsOf = (dataset: Dataset) => {
  const codesOf = partyCodesOf(dataset)
  const council = councilOf(dataset)
  const bloc = blocOf(dataset)
  const areas = [...new Set(dataset.seats.map((s) => s.area))]
  return {
    rounds: roundViews(dataset),
    seatTables: seatTableViews(dataset),
    contests: areaContests(dataset),
    codes: dataset.results.map((r) => codesOf(r)),
    councils: [...councilsByArea(dataset)],
    council: dataset.elections.flatMap((e) => areas.map((a) => council(e.election_id, a) ?? null)),
    blocs: dataset.resultParties.map((p) => bloc(p.party_code)),
    lawKeys: dataset.elections.map((e) => lawKeyOf(dataset, e, reference))
  }
}

/** areaOf's long path: the sections searched in order for each prefix of the block's path (no tree). */
const areaOfLong = (doc: Document, section: ReadonlyArray<string>): { level: string; area: string } => {
  let area: string | null = null
  for (let k = 1; k <= section.length; k++) {
    const found = doc.sections.find((s) => s.path.length === k && s.path.every((title, i) => title === section[i]))
    if (found === undefined) break
    if (found.level === 3) area = found.title
  }
  return area === null ? { level: "national", area: "national" } : { level: "area", area }
}

test("areaOf, asked of documents in turn, gives each block its own document's area (the section tree's slot is per document)", (t) => {
  const docs = articles.map((a) => parseArticle(a.file, a.text))
  let areas = 0
  for (const i of [0, 1, 0, 2, 1, 3, 2, 4, 3, 0, 4, 1]) {
    const doc = docs[i]!
    for (const block of doc.blocks) {
      const got = areaOf(doc, block)
      t.deepEqual(got, areaOfLong(doc, block.section), `${doc.file}:${block.line}`)
      if (got.level === "area") areas++
    }
  }
  t.true(areas > 100)
})

test("normalising the articles in another order gives each the same dataset", (t) => {
  const forward = normaliseAll([0, 1, 2, 3, 4])
  const backward = normaliseAll([4, 3, 2, 1, 0])
  const interleaved = normaliseAll([2, 0, 4, 1, 3])
  for (let i = 0; i < articles.length; i++) {
    t.true(forward.get(i)!.results.length + forward.get(i)!.seats.length > 0, articles[i]!.file)
    t.deepEqual(backward.get(i), forward.get(i), articles[i]!.file)
    t.deepEqual(interleaved.get(i), forward.get(i), articles[i]!.file)
  }
})

/** Whether every record a dataset's views hold is one of that dataset's own records (a stale view holds another's). */
const ownViews = (dataset: Dataset): boolean => {
  const own = new Set<unknown>([...dataset.results, ...dataset.seats, ...dataset.contests, ...dataset.tables, ...dataset.elections, ...dataset.seatTotals])
  const views = viewsOf(dataset)
  return views.rounds.every((v) => own.has(v.contest) && v.rows.every((r) => own.has(r))) &&
    views.seatTables.every((v) => own.has(v.table) && own.has(v.election) && v.rows.every((r) => own.has(r)) && (v.total === null || own.has(v.total))) &&
    views.contests.every((c) => own.has(c.election) && [...c.rounds.values()].every((r) => own.has(r.contest))) &&
    views.council.every((v) => v === null || own.has(v.table)) &&
    views.councils.every(([, v]) => own.has(v.table))
}

test("a view asked for again after another dataset's is its own dataset's, equal to a first build", (t) => {
  const datasets = normaliseAll([0, 1, 2, 3, 4])
  // The reference: each dataset's views built first, on datasets of their own.
  const first = new Map([...normaliseAll([0, 1, 2, 3, 4])].map(([i, d]) => [i, viewsOf(d)]))
  let withRounds = 0
  // Alternating: 0, 1, 0, 2, 1, 3, … so that every dataset is asked for right after another one.
  const order = [0, 1, 0, 2, 1, 3, 2, 4, 3, 0, 4]
  for (const i of order) {
    const dataset = datasets.get(i)!
    const views = viewsOf(dataset)
    t.true(ownViews(dataset), `${articles[i]!.file}: views of its own records`)
    t.deepEqual(views, first.get(i)!, `${articles[i]!.file} after another article's views`)
    if (views.rounds.length > 0) withRounds++
    // Asked again at once, the memo hands back the same objects (one build per article).
    t.is(roundViews(dataset), views.rounds)
    t.is(seatTableViews(dataset), views.seatTables)
    t.is(areaContests(dataset), views.contests)
  }
  t.true(withRounds >= 8)
})

test("a copy of a dataset (another object, the same records) gets views equal to the original's", (t) => {
  const dataset = normaliseAll([0]).get(0)!
  const views = viewsOf(dataset)
  const copy: Dataset = { ...dataset }
  t.deepEqual(viewsOf(copy), views)
  t.not(roundViews(copy), views.rounds)
})

test("hasDigit answers as /\\d/ does, on every code unit and on random text", (t) => {
  let digits = 0
  for (let c = 0; c < 65536; c++) {
    const unit = String.fromCharCode(c)
    t.is(hasDigit(unit), /\d/.test(unit), `U+${c.toString(16)}`)
    if (hasDigit(unit)) digits++
  }
  t.is(digits, 10)
  let some = 0
  fc.assert(
    fc.property(fc.array(fc.constantFrom("a", "Z", " ", "%", "0", "9", "5", "\u0663", "\uff11", "\u00b2", "/", ":", "\u2013"), { maxLength: 8 }), (parts) => {
      const text = parts.join("")
      t.is(hasDigit(text), /\d/.test(text), text)
      if (hasDigit(text)) some++
    }),
    { numRuns: 3000, seed: 8 }
  )
  t.true(some > 300 && some < 2900)
})

/** headerRowCount before this pass: every non-empty label of a row looked up and counted. */
const headerRowCountLong = (rows: ReadonlyArray<Row>): number => {
  let n = 0
  for (const row of rows) {
    if (row.cells.some((c) => readsAsNumber(c))) break
    let labels = 0
    let known = 0
    for (const c of row.cells) {
      if (c === "") continue
      labels++
      if (isHeaderLabel(c)) known++
    }
    if (n === 0 ? known === 0 : labels === 0 || known < labels) break
    n++
  }
  return n
}

test("headerRowCount stops at its answer and counts the header rows that counting every label does", (t) => {
  const label = fc.constantFrom("", "", "Party", "Votes", "%", "First round", "Second round", "Candidate", "Seats 2004", "Agnès Lambert", "Notes", "Total", "12,345", "45.6%", "–", "n/a")
  const row = fc.array(label, { maxLength: 6 })
  const seen = [0, 0, 0, 0]
  fc.assert(
    fc.property(fc.array(row, { maxLength: 4 }), (texts) => {
      const rows: Array<Row> = texts.map((cells, i) => ({ line: i + 1, raw: cells.join(" | "), cells }))
      const n = headerRowCount(rows)
      t.is(n, headerRowCountLong(rows), JSON.stringify(texts))
      seen[Math.min(n, 3)]!++
    }),
    { numRuns: 4000, seed: 88 }
  )
  t.true(seen[0]! > 400 && seen[1]! > 400 && seen[2]! > 40 && seen[3]! > 10, JSON.stringify(seen))
})

/**
 * locate.ts finds the result and seat row a finding's line points at by bisecting rows that are in
 * line order (issue 8, ninth pass), and by scanning (then indexing) rows that are not. Checked here
 * against each other: a finding on every line of the three seeds and of generated articles, with
 * its own round, another round or none, is located once over the dataset as the normaliser wrote it
 * (ascending: the bisection) and once over the same dataset with its result and seat rows shuffled
 * (the scan, then the index past its first findings): the same table, contest, row ids, area and
 * round. An off-by-one in the bisection, or a run cut short, makes them differ.
 */
import { readFileSync } from "node:fs"
import test from "ava"
import { parseArticle } from "../pipeline/extract/parse.ts"
import { createNormaliser, type Dataset } from "../pipeline/normalise/normalise.ts"
import { parsePartyDictionary } from "../pipeline/normalise/parties.ts"
import { createLocator } from "../pipeline/audit/locate.ts"
import { generateArticle, mulberry32 } from "../bench/generate.ts"

const read = (name: string) => readFileSync(new URL(`../seeds/${name}`, import.meta.url), "utf8")
const { dictionary } = parsePartyDictionary(read("reference/parties.csv"), "parties.csv")

const articles = [
  ...["2004-french-regional-elections.txt", "2004-french-cantonal-elections.txt", "2004-french-senate-election.txt"].map((file) => ({ file, text: read(file) })),
  ...[0, 1, 2].map((i) => {
    const a = generateArticle(41, i)
    return { file: a.name, text: a.text }
  })
]

const shuffled = <A>(items: ReadonlyArray<A>, random: () => number): Array<A> => {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

test("a finding on any line is located to the same rows whether the rows are in line order (bisection) or not (scan, index)", (t) => {
  const random = mulberry32(12)
  let results = 0
  let seats = 0
  let findings = 0
  for (const article of articles) {
    const document = parseArticle(article.file, article.text)
    const dataset = createNormaliser(dictionary).add(document)
    const lines = dataset.results.map((r) => r.source_line)
    t.deepEqual(lines, [...lines].sort((a, b) => a - b), `${article.file}: results in line order`)
    const unordered: Dataset = { ...dataset, results: shuffled(dataset.results, random), seats: shuffled(dataset.seats, random) }
    const fast = createLocator(dataset, [document])
    const slow = createLocator(unordered, [document])
    const sections = [...new Set(dataset.tables.map((tb) => tb.section))]
    for (let line = 1; line <= document.lines.length + 1; line++) {
      for (const round of [null, 1, 2]) {
        const f = { file: article.file, line, section: sections[line % Math.max(1, sections.length)] ?? "", area: null, round }
        const a = fast(f)
        t.deepEqual(a, slow(f), `${article.file}:${line} round ${round}`)
        if (a.result_id !== null) results++
        if (a.seat_id !== null) seats++
        findings++
      }
    }
  }
  t.true(results > 500, `${results} findings on a result row`)
  t.true(seats > 300, `${seats} findings on a seat row`)
  t.true(findings > 5000)
})

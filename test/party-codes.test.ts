/**
 * views.ts `partyCodesOf` builds each result's known codes in one pass over the result_parties
 * bridge (issue 8, sixth pass). Checked here against the grouping it replaced (group the bridge by
 * result, keep the known records, take their codes): on the regional seed and generated articles,
 * and on the same bridges shuffled (a result's records no longer consecutive) and with records'
 * `known` flipped, so that the shortcut for consecutive records is not what makes them agree.
 */
import { readFileSync } from "node:fs"
import test from "ava"
import { parseArticle } from "../pipeline/extract/parse.ts"
import { createNormaliser, type Dataset } from "../pipeline/normalise/normalise.ts"
import { parsePartyDictionary } from "../pipeline/normalise/parties.ts"
import { partyCodesOf, walkBridge } from "../pipeline/audit/views.ts"
import { generateArticle, mulberry32 } from "../bench/generate.ts"

const read = (name: string) => readFileSync(new URL(`../seeds/${name}`, import.meta.url), "utf8")
const { dictionary } = parsePartyDictionary(read("reference/parties.csv"), "parties.csv")

/** The long path: the grouping partyCodesOf used before the sixth pass. */
const grouped = (dataset: Dataset) => (resultId: string): Array<string> =>
  dataset.resultParties.filter((p) => p.result_id === resultId && p.known).map((p) => p.party_code)

const articles = [
  { file: "2004-french-regional-elections.txt", text: read("2004-french-regional-elections.txt") },
  ...[0, 1, 2, 3, 4, 5].map((i) => {
    const a = generateArticle(23, i)
    return { file: a.name, text: a.text }
  })
]

test("partyCodesOf gives each result the known codes of its bridge records, in order, as grouping them does", (t) => {
  const random = mulberry32(8)
  let withCodes = 0
  let without = 0
  for (const article of articles) {
    const base = createNormaliser(dictionary).add(parseArticle(article.file, article.text))
    t.true(base.resultParties.length > 0)
    for (let n = 0; n < 6; n++) {
      let dataset: Dataset = base
      if (n > 0) {
        // Shuffled (Fisher–Yates with a seeded generator) and one record in five with `known` flipped.
        const parties = base.resultParties.map((p) => (random() < 0.2 ? { ...p, known: !p.known } : p))
        for (let i = parties.length - 1; i > 0; i--) {
          const j = Math.floor(random() * (i + 1))
          ;[parties[i], parties[j]] = [parties[j]!, parties[i]!]
        }
        dataset = { ...base, resultParties: parties }
      }
      const codesOf = partyCodesOf(dataset)
      const expected = grouped(dataset)
      for (const result of dataset.results) {
        const codes = codesOf(result)
        t.deepEqual(codes, expected(result.result_id), `${article.file}, variant ${n}, ${result.result_id}`)
        if (codes.length > 0) withCodes++
        else without++
      }
      // A copy of a record (not one of the dataset's) is looked up by its id: the same codes.
      for (const result of dataset.results) t.deepEqual(codesOf({ ...result }), expected(result.result_id))
    }
  }
  // Not vacuous: both kinds of result were met.
  t.true(withCodes > 100)
  t.true(without > 0)
})

test("partyCodesOf's walk of a bridge that follows the results is taken on the normaliser's datasets, and a bridge out of step is not walked wrongly", (t) => {
  // One dataset of several articles (the normaliser's bridge order), then bridges made to leave
  // the results' order in the ways the walk must notice: a record moved back by one, the last
  // record first, a record of an unknown result appended, one record dropped (still in order).
  const normaliser = createNormaliser(dictionary)
  const datasets = articles.map((a) => normaliser.add(parseArticle(a.file, a.text)))
  const whole: Dataset = { ...datasets[0]!, results: datasets.flatMap((d) => d.results), resultParties: datasets.flatMap((d) => d.resultParties) }
  const bridge = whole.resultParties
  const moved = [...bridge]
  const at = moved.findIndex((p, i) => i > 0 && p.result_id !== moved[i - 1]!.result_id)
  ;[moved[at - 1], moved[at]] = [moved[at]!, moved[at - 1]!]
  const variants: Array<ReadonlyArray<Dataset["resultParties"][number]>> = [
    bridge,
    moved,
    [bridge.at(-1)!, ...bridge.slice(0, -1)],
    [...bridge, { ...bridge[0]!, result_id: "no-such-result" }],
    bridge.filter((_, i) => i !== 7)
  ]
  for (const [n, resultParties] of variants.entries()) {
    const dataset: Dataset = { ...whole, resultParties }
    const codesOf = partyCodesOf(dataset)
    const expected = grouped(dataset)
    for (const result of dataset.results) t.deepEqual(codesOf(result), expected(result.result_id), `variant ${n}, ${result.result_id}`)
    // The walk is taken where the bridge follows the results (the normaliser's, and with a record
    // dropped), and refused where it does not: both paths were compared above.
    t.is(walkBridge(dataset.results, resultParties) !== null, n === 0 || n === 4, `variant ${n}`)
  }
})

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
import { partyCodesOf } from "../pipeline/audit/views.ts"
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
    }
  }
  // Not vacuous: both kinds of result were met.
  t.true(withCodes > 100)
  t.true(without > 0)
})

/**
 * The rules whose `check` was split into small functions for V8's optimising compiler (issue 8,
 * fifth pass) find exactly what they found before: each split rule against its pre-split version
 * (test/fixtures/pre-split/, unchanged copies) on the regional seed and generated articles, each
 * also with one record changed at a time (a vote, seat or total figure moved, a majority marker
 * flipped, a party code swapped), so that the comparison covers flagged and not-evaluated paths,
 * not only passing ones. Findings and items are compared in order, field by field.
 */
import { readFileSync } from "node:fs"
import test from "ava"
import type { AuditContext, Rule } from "../pipeline/audit/anomaly.ts"
import { parseReference } from "../pipeline/audit/reference.ts"
import { rule as councilSize } from "../pipeline/audit/rules/council-size.ts"
import { rule as reconciliation } from "../pipeline/audit/rules/reconciliation.ts"
import { rule as roundTwo } from "../pipeline/audit/rules/round-two-qualification.ts"
import { rule as seatReconstruction } from "../pipeline/audit/rules/seat-reconstruction.ts"
import { parseArticle } from "../pipeline/extract/parse.ts"
import { createNormaliser, type Dataset } from "../pipeline/normalise/normalise.ts"
import { parsePartyDictionary } from "../pipeline/normalise/parties.ts"
import { generateArticle, mulberry32 } from "../bench/generate.ts"
import { rule as oldCouncilSize } from "./fixtures/pre-split/council-size.ts"
import { rule as oldReconciliation } from "./fixtures/pre-split/reconciliation.ts"
import { rule as oldRoundTwo } from "./fixtures/pre-split/round-two-qualification.ts"
import { rule as oldSeatReconstruction } from "./fixtures/pre-split/seat-reconstruction.ts"

const read = (name: string) => readFileSync(new URL(`../seeds/${name}`, import.meta.url), "utf8")
const { dictionary } = parsePartyDictionary(read("reference/parties.csv"), "parties.csv")
const reference = parseReference(
  { file: "regional-councils.csv", text: read("reference/regional-councils.csv") },
  { file: "electoral-law.csv", text: read("reference/electoral-law.csv") }
)

const PAIRS: ReadonlyArray<readonly [Rule, Rule]> = [
  [reconciliation, oldReconciliation],
  [seatReconstruction, oldSeatReconstruction],
  [roundTwo, oldRoundTwo],
  [councilSize, oldCouncilSize]
]

const articles = [
  { file: "2004-french-regional-elections.txt", text: read("2004-french-regional-elections.txt") },
  ...[0, 1, 2, 3].map((i) => {
    const a = generateArticle(17, i)
    return { file: a.name, text: a.text }
  })
]

/** One record of the dataset changed: a figure moved, a marker flipped or a party code swapped. */
const mutate = (dataset: Dataset, random: () => number): Dataset => {
  const pick = <A>(xs: ReadonlyArray<A>): number => Math.floor(random() * xs.length)
  const step = [1, -1, 10, -1000, 9000][Math.floor(random() * 5)]!
  const replace = <A>(xs: ReadonlyArray<A>, i: number, to: A): Array<A> => xs.map((x, j) => (j === i ? to : x))
  switch (Math.floor(random() * 6)) {
    case 0: {
      const i = pick(dataset.results)
      const r = dataset.results[i]!
      return { ...dataset, results: replace(dataset.results, i, { ...r, votes: r.votes === null ? null : Math.max(0, r.votes + step) }) }
    }
    case 1: {
      const i = pick(dataset.seats)
      const s = dataset.seats[i]!
      return { ...dataset, seats: replace(dataset.seats, i, { ...s, seats: s.seats === null ? null : Math.max(0, s.seats + Math.sign(step)) }) }
    }
    case 2: {
      const i = pick(dataset.contests)
      const c = dataset.contests[i]!
      return { ...dataset, contests: replace(dataset.contests, i, { ...c, total_votes: c.total_votes === null ? null : c.total_votes + step }) }
    }
    case 3: {
      const i = pick(dataset.seats)
      const s = dataset.seats[i]!
      return { ...dataset, seats: replace(dataset.seats, i, { ...s, majority: s.majority === null ? null : !s.majority }) }
    }
    case 4: {
      // A list's party code replaced by another list's: families and attributions change.
      const i = pick(dataset.resultParties)
      const j = pick(dataset.resultParties)
      return { ...dataset, resultParties: replace(dataset.resultParties, i, { ...dataset.resultParties[i]!, party_code: dataset.resultParties[j]!.party_code }) }
    }
    default: {
      const i = pick(dataset.seatTotals)
      const t = dataset.seatTotals[i]
      if (t === undefined) return dataset
      return { ...dataset, seatTotals: replace(dataset.seatTotals, i, { ...t, seats: t.seats === null ? null : t.seats + Math.sign(step) }) }
    }
  }
}

/** JSON with keys sorted: the split rules may build a draft's fields in another order. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1))) : v)

test("the split rules find what their pre-split versions found, on the seeds and generated articles, mutated one record at a time", (t) => {
  const random = mulberry32(2024)
  const flagged = new Map<string, number>()
  let compared = 0
  for (const article of articles) {
    const document = parseArticle(article.file, article.text)
    const base = createNormaliser(dictionary).add(document) as Dataset
    for (let n = 0; n <= 40; n++) {
      const dataset = n === 0 ? base : mutate(base, random)
      const context: AuditContext = { dataset, documents: [document], reference, passedCountedOnly: n % 2 === 1 }
      for (const [split, old] of PAIRS) {
        const now = split.check(context)
        const before = old.check(context)
        t.is(canonical(now), canonical(before), `${split.meta.code} on ${article.file}, mutation ${n}`)
        flagged.set(split.meta.code, (flagged.get(split.meta.code) ?? 0) + now.anomalies.length)
        compared++
      }
    }
  }
  t.is(compared, articles.length * 41 * PAIRS.length)
  // Not vacuous: every rule flagged something across the mutations.
  for (const [split] of PAIRS) t.true((flagged.get(split.meta.code) ?? 0) > 0, `${split.meta.code} flagged nothing`)
})

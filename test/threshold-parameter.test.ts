/**
 * prose/link.ts `thresholdParameter` reads a sentence's law parameter in one scan of its tokens
 * (issue 8, eighth pass, second round). Checked against the long path it replaced
 * (`thresholdParameterLong`: a Set of the sentence's words, then the word lists) on every sentence
 * of the seeds and of generated articles, and on random sentences made of the words both paths
 * look for, so that each answer (and null) is reached many times.
 */
import { readdirSync, readFileSync } from "node:fs"
import test from "ava"
import fc from "fast-check"
import { generateArticle } from "../bench/generate.ts"
import { parseArticle } from "../pipeline/extract/parse.ts"
import { thresholdParameter, thresholdParameterLong } from "../pipeline/audit/prose/link.ts"
import { sentencesOf } from "../pipeline/audit/prose/sentences.ts"
import { tokenise } from "../pipeline/audit/prose/tokens.ts"

const seedsDir = new URL("../seeds/", import.meta.url)
const documents = [
  ...readdirSync(seedsDir).filter((f) => f.endsWith(".txt")).map((f) => parseArticle(f, readFileSync(new URL(f, seedsDir), "utf8"))),
  ...[0, 1, 2, 3, 4, 5, 6, 7].map((i) => {
    const a = generateArticle(31, i)
    return parseArticle(a.name, a.text)
  })
]

test("thresholdParameter answers as the long path on every sentence of the seeds and generated articles", (t) => {
  const answers = new Map<string | null, number>()
  for (const doc of documents) {
    for (const s of sentencesOf(doc)) {
      const fast = thresholdParameter(s.tokens)
      t.is(fast, thresholdParameterLong(s.tokens), s.text)
      answers.set(fast, (answers.get(fast) ?? 0) + 1)
    }
  }
  // The corpus states round-two qualification (no seat threshold: the random sentences below reach
  // it), and most sentences are neither.
  t.true((answers.get("round_two_qualification") ?? 0) > 0, JSON.stringify([...answers]))
  t.true((answers.get(null) ?? 0) > (answers.get("round_two_qualification") ?? 0) + (answers.get("seat_threshold") ?? 0))
})

const WORDS = [
  "second", "round", "two", "Round", "Two", "SECOND", "eligible", "qualify", "qualified", "qualifies", "entitled", "stand", "run",
  "threshold", "seats", "seat", "Seats", "shared", "allocated", "distributed", "allocation", "the", "in", "of", "10%", "5", ",", ".", "lists"
]

test("thresholdParameter answers as the long path on random sentences of the words they look for", (t) => {
  const answers = new Map<string | null, number>()
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...WORDS), { maxLength: 14 }), (words) => {
      const tokens = tokenise(words.join(" "))
      const fast = thresholdParameter(tokens)
      answers.set(fast, (answers.get(fast) ?? 0) + 1)
      return fast === thresholdParameterLong(tokens)
    }),
    { numRuns: 5000, seed: 19 }
  )
  for (const answer of ["round_two_qualification", "seat_threshold", null]) t.true((answers.get(answer) ?? 0) > 100, JSON.stringify([...answers]))
})

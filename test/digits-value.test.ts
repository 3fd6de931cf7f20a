/**
 * prose/tokens.ts `digitsValue` reads a figure without a comma or a dot directly (issue 8, seventh
 * pass); held here to the splitting path (`digitsValueSplit`, which every figure went through
 * before) on random strings of digits, commas and dots, and on the tokeniser's own number tokens
 * of random prose, so that a fast path taken for a grouped or decimal figure would fail.
 */
import test from "ava"
import fc from "fast-check"
import { digitsValue, digitsValueSplit, tokenise } from "../pipeline/audit/prose/tokens.ts"

test("digitsValue agrees with the splitting path on any string of digits, commas and dots", (t) => {
  let plain = 0
  fc.assert(
    fc.property(fc.stringMatching(/^[0-9][0-9,.]{0,12}$/), (text) => {
      t.deepEqual(digitsValue(text), digitsValueSplit(text))
      if (!text.includes(",") && !text.includes(".")) plain++
    }),
    { numRuns: 5000, seed: 19 }
  )
  t.true(plain > 200)
  for (const text of ["0", "007", "1,234", "12,5", "1,234.56", "3.14", "1.2.3", "1,23", "2004"]) t.deepEqual(digitsValue(text), digitsValueSplit(text), text)
})

test("digitsValue agrees with the splitting path on the number tokens of random prose", (t) => {
  const words = fc.constantFrom("won", "seats", "of", "the", "1,234", "12.5", "%", "44", "2004", "3,000,000", "1.2.3", ",", ".", "0.5", "and")
  let numbers = 0
  fc.assert(
    fc.property(fc.array(words, { maxLength: 20 }), (parts) => {
      for (const token of tokenise(parts.join(" "))) {
        if (token.kind !== "number") continue
        numbers++
        t.deepEqual(digitsValue(token.text), digitsValueSplit(token.text))
      }
    }),
    { numRuns: 1000, seed: 23 }
  )
  t.true(numbers > 1000)
})

/**
 * `enUS` (pipeline/audit/format.ts) stands for `n.toLocaleString("en-US")` in messages and in the
 * claims' figure patterns, grouping safe integers without Intl (a cold run's first Intl number
 * format costs ~15–25 ms: issue 8, seventh pass). Checked against `toLocaleString` itself, the long
 * path: every safe integer magnitude and sign, the edges, and the numbers it hands to Intl
 * (fractions, -0, unsafe integers, NaN, infinities).
 */
import test from "ava"
import fc from "fast-check"
import { enUS } from "../pipeline/audit/format.ts"

test("enUS(n) is n.toLocaleString(\"en-US\") for safe integers", (t) => {
  let checked = 0
  fc.assert(
    fc.property(fc.oneof(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.maxSafeInteger(), fc.maxSafeNat().map((n) => -n)), (n) => {
      checked++
      return enUS(n) === n.toLocaleString("en-US")
    }),
    { numRuns: 20_000, seed: 42 }
  )
  t.true(checked >= 20_000)
  for (let digits = 1; digits <= 16; digits++) {
    for (const n of [10 ** (digits - 1), 10 ** digits - 1, -(10 ** (digits - 1))]) {
      if (Number.isSafeInteger(n)) t.is(enUS(n), n.toLocaleString("en-US"), String(n))
    }
  }
  t.is(enUS(1234567), "1,234,567")
})

test("enUS(n) is n.toLocaleString(\"en-US\") for every other number (Intl's own)", (t) => {
  fc.assert(
    fc.property(fc.double(), (n) => enUS(n) === n.toLocaleString("en-US")),
    { numRuns: 5_000, seed: 43 }
  )
  for (const n of [-0, 0.5, 1234.5678, 2 ** 53, -(2 ** 60), Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
    t.is(enUS(n), n.toLocaleString("en-US"), String(n))
  }
})

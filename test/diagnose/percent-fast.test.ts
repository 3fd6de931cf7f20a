/**
 * The diagnosis's percentages in Number arithmetic (`roundedPercent`, `truncatedPercent`: a double
 * quotient corrected to the exact floor where every figure is a safe integer) against BigInt
 * arithmetic throughout: counts and totals of every size up to and past where the fast path hands
 * over to BigInt, exact halves (round half up), zero votes, every decimals the articles use.
 */
import test from "ava"
import fc from "fast-check"
import { roundedPercent, roundedPercentBig, truncatedPercent } from "../../pipeline/diagnose/localise.ts"

const truncatedBig = (votes: number, total: number, d: number) => Number((BigInt(votes) * 100n * 10n ** BigInt(d)) / BigInt(total))
const size = fc.oneof(
  fc.integer({ min: 0, max: 1000 }),
  fc.integer({ min: 0, max: 50_000_000 }),
  fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  fc.integer({ min: 2 ** 40, max: 2 ** 47 })
)
const case_ = fc.record({ votes: size, total: size.map((t) => Math.max(1, t)), d: fc.integer({ min: 0, max: 3 }) })

test("roundedPercent and truncatedPercent equal their BigInt reference", (t) => {
  fc.assert(
    fc.property(case_, ({ votes, total, d }) => {
      t.is(roundedPercent(votes, total, d), roundedPercentBig(votes, total, d))
      t.is(truncatedPercent(votes, total, d), truncatedBig(votes, total, d))
      return true
    }),
    { numRuns: 20000, seed: 8 }
  )
})

test("exact halves round up; quotients just below an integer do not", (t) => {
  // 1/8 = 12.5 % → 13 at 0 decimals; 1/3 = 33.33… % → 33.33 at 2.
  t.is(roundedPercent(1, 8, 0), 13)
  t.is(roundedPercent(1, 3, 2), 3333)
  t.is(truncatedPercent(2, 3, 1), 666)
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 2 ** 30 }), fc.integer({ min: 0, max: 2 }), (total, d) => {
      // votes·S = k·total − 1: the quotient is just below k (the case a plain double floor gets wrong for large figures).
      for (const votes of [total, total - 1, Math.floor(total / 2), Math.floor(total / 3)]) {
        if (votes < 0) continue
        t.is(roundedPercent(votes, total, d), roundedPercentBig(votes, total, d))
        t.is(truncatedPercent(votes, total, d), truncatedBig(votes, total, d))
      }
      return true
    }),
    { numRuns: 3000, seed: 9 }
  )
})

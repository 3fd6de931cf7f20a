/**
 * The fast settling of a candidate set's listed solutions (`settleJudged`, which keeps each passing
 * point as its values only) against the general one (`settleExplanations` over one explanation per
 * point, as evaluate built them before): random judged points — few distinct values so that ties,
 * equal cheapest points and spread ranges all occur, costs that differ by less than the 1e-9
 * tolerance, −0 beside 0 — must settle to deeply equal explanations.
 */
import test from "ava"
import fc from "fast-check"
import { explainJudged, type Judged, settleExplanations, settleJudged } from "../../pipeline/diagnose/localise.ts"
import type { Unit } from "../../pipeline/diagnose/system.ts"

const units: ReadonlyArray<Unit> = [{ primary: 3, linked: [[7, 1]], recomputed: [] }]
const value = fc.constantFrom(0, -0, 1, 2, 5, 1234, -3)
const cost = fc.constantFrom(0.6, 0.6 + 1e-10, 0.7, 1, 1.25, 0.85)
const pattern = fc.constantFrom(null, "changed digit" as const, "transposed digits" as const)
const input = fc.integer({ min: 1, max: 4 }).chain((n) =>
  fc.record({
    listed: fc.uniqueArray(fc.integer({ min: 0, max: 20 }), { minLength: n, maxLength: n }),
    found: fc.array(
      fc.record({ values: fc.array(value, { minLength: n, maxLength: n }), cost, pattern }),
      { minLength: 1, maxLength: 12 }
    ),
    freeCost: fc.constantFrom(1, 1.25, 0.5),
    freePattern: fc.constantFrom(null, "copy of the other round" as const)
  })
)

test("settleJudged equals settleExplanations over every point's explanation", (t) => {
  let spread = 0
  let single = 0
  fc.assert(
    fc.property(input, ({ listed, found, freeCost, freePattern }) => {
      const judged: ReadonlyArray<Judged> = found
      const fast = settleJudged(units, listed, freeCost, freePattern, judged)
      const general = settleExplanations(units, freePattern, judged.map((j) => explainJudged(units, listed, j)), freeCost, null)
      if (general[0]!.changes.some((c) => c.value === null)) spread++
      else single++
      t.deepEqual(fast, general)
      return true
    }),
    { numRuns: 3000, seed: 8 }
  )
  // Both outcomes were exercised (a tie kept as one explanation, and a range over several).
  t.true(spread > 100 && single > 100, `spread ${spread}, single ${single}`)
})

test("settleJudged keeps the first cheapest point when the cheapest agree", (t) => {
  const listed = [4, 9]
  const found: Array<Judged> = [
    { values: [10, 20], cost: 1, pattern: null },
    { values: [11, 21], cost: 0.6, pattern: "changed digit" },
    { values: [11, 21], cost: 0.6 + 1e-10, pattern: "transposed digits" }
  ]
  const [e] = settleJudged(units, listed, 1, null, found)
  t.deepEqual(e!.changes, [{ cell: 4, value: 11, low: 11, high: 11 }, { cell: 9, value: 21, low: 21, high: 21 }])
  t.is(e!.pattern, "changed digit")
  t.is(e!.cost, 0.6)
})

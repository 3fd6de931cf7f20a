/**
 * views.ts `lineList` and `insertLine` put each line in its place as it comes (issue 8, seventh
 * pass), instead of gathering and then sorting: held here to what they replaced (a Set of the
 * lines, spread and sorted numerically) on random groups of lines, duplicates and single numbers
 * included, so that an off-by-one in the insertion (a line put after its equal, or before a
 * smaller one) fails.
 */
import test from "ava"
import fc from "fast-check"
import { insertLine, lineList } from "../pipeline/audit/views.ts"

const line = fc.integer({ min: -5, max: 60 })
const group = fc.oneof(line, fc.array(line, { maxLength: 8 }))

test("lineList gives the distinct lines of its groups in ascending order, as a sorted Set does", (t) => {
  fc.assert(
    fc.property(fc.array(group, { maxLength: 6 }), (groups) => {
      const flat = groups.flatMap((g) => (typeof g === "number" ? [g] : g))
      t.deepEqual(lineList(...groups), [...new Set(flat)].sort((a, b) => a - b))
    }),
    { numRuns: 2000, seed: 7 }
  )
})

test("insertLine keeps a list ascending and distinct, wherever the line falls", (t) => {
  fc.assert(
    fc.property(fc.array(line, { maxLength: 12 }), line, (lines, n) => {
      const sorted = [...new Set(lines)].sort((a, b) => a - b)
      const into = [...sorted]
      insertLine(into, n)
      t.deepEqual(into, [...new Set([...sorted, n])].sort((a, b) => a - b))
    }),
    { numRuns: 2000, seed: 11 }
  )
  // The edges written out: before all, between, equal to one, after all.
  const list = [3, 5, 9]
  for (const [n, expected] of [[1, [1, 3, 5, 9]], [4, [3, 4, 5, 9]], [5, [3, 5, 9]], [12, [3, 5, 9, 12]]] as const) {
    const into = [...list]
    insertLine(into, n)
    t.deepEqual(into, [...expected])
  }
})

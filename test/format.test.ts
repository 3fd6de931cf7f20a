/** count(): the fast grouping of safe integers gives exactly Intl.NumberFormat("en-US")'s strings. */
import fc from "fast-check"
import test from "ava"
import { count, counted, tidy } from "../pipeline/audit/format.ts"

const intl = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 })

test("count() equals Intl.NumberFormat('en-US', { maximumFractionDigits: 0 }) on safe integers and on any double", (t) => {
  fc.assert(fc.property(fc.maxSafeInteger(), (n) => count(n) === intl.format(n)), { numRuns: 2000 })
  fc.assert(fc.property(fc.double(), (n) => count(n) === intl.format(n)), { numRuns: 2000 })
  for (const n of [0, -0, 999, 1000, -1000, 2.5, -2.5, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]) t.is(count(n), intl.format(n))
  t.is(count(null), "—")
})

test("tidy() equals Number(n.toFixed(decimals)) on any double, its integer shortcut included (-0 becomes 0)", (t) => {
  const same = (a: number, b: number) => Object.is(a, b)
  fc.assert(fc.property(fc.double(), fc.integer({ min: 0, max: 9 }), (n, d) => same(tidy(n, d), Number(n.toFixed(d)))), { numRuns: 3000 })
  fc.assert(fc.property(fc.maxSafeInteger(), (n) => same(tidy(n), Number(n.toFixed(6)))), { numRuns: 2000 })
  for (const n of [0, -0, 1e21, -1e21, 2 ** 60, Infinity, -Infinity, NaN, 0.1 + 0.2, -0.0000001]) t.true(same(tidy(n), Number(n.toFixed(6))), String(n))
})

test("counted: singular for exactly one, the plural otherwise, the count grouped", (t) => {
  t.is(counted(1, "article"), "1 article")
  t.is(counted(0, "fault"), "0 faults")
  t.is(counted(3, "warning"), "3 warnings")
  t.is(counted(12_345, "entry", "entries"), "12,345 entries")
  t.is(counted(1, "entry", "entries"), "1 entry")
})

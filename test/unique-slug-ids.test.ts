/**
 * ids.ts `uniqueSlugIds` (the rows' ids, `prefix/key`: a map of counts per prefix) checked against
 * `uniqueIds` asked for the joined id, on random sequences of prefixes and keys: runs of one
 * prefix, two alternating (a two-round table), a prefix met again after others, and the same
 * characters as different string objects (a prefix built again by concatenation). Written for a
 * two-slot cache of the last prefixes (issue 8, eighth pass, second round), which was taken out
 * again: no gain could be measured, and it copied views.ts `groupBy`'s mechanism. The property
 * holds for any way of keeping the counts.
 */
import test from "ava"
import fc from "fast-check"
import { uniqueIds, uniqueSlugIds } from "../pipeline/normalise/ids.ts"

const PREFIXES = ["e/c1", "e/c1-r2", "e/c2", "e/s", "e/c10"]
const KEYS = ["ps", "ump", "fn", "row-1", "x", "ps-2", "ump-3"]
/** The same characters, in a string of its own (a flat copy made from a concatenation). */
const copy = (s: string): string => {
  const c = ` ${s}`.slice(1)
  c.charCodeAt(0)
  return c
}

const ask = fc.record({
  prefix: fc.nat(PREFIXES.length - 1),
  key: fc.nat(KEYS.length - 1),
  run: fc.integer({ min: 1, max: 4 }),
  alternate: fc.boolean(),
  fresh: fc.boolean()
})

test("uniqueSlugIds gives the ids uniqueIds gives the joined prefix/key, in any order of prefixes", (t) => {
  let repeats = 0
  fc.assert(
    fc.property(fc.array(ask, { maxLength: 60 }), (asks) => {
      const fast = uniqueSlugIds()
      const long = uniqueIds()
      for (const a of asks) {
        for (let i = 0; i < a.run; i++) {
          // A run of one prefix, or of it alternating with the next one (rounds one and two).
          const p = PREFIXES[a.alternate && i % 2 === 1 ? (a.prefix + 1) % PREFIXES.length : a.prefix]!
          const k = KEYS[(a.key + i) % KEYS.length]!
          const prefix = a.fresh ? copy(p) : p
          const id = fast(prefix, a.fresh ? copy(k) : k)
          if (id !== long(`${p}/${k}`)) return false
          if (/-\d+$/.test(id) && !k.includes("-")) repeats++
        }
      }
      return true
    }),
    { numRuns: 3000, seed: 8 }
  )
  t.true(repeats > 1000, `ids numbered -2 and up: ${repeats}`) // the counts were exercised, not only first ids
})

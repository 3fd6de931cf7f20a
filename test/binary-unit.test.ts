/**
 * test/helpers/binary-unit.ts's `binaryUnit` is fast-check's `"binary"` string unit without its
 * tabulated reverse mapping: the strings of both units, with the same seed and constraints, are the
 * same cases (samples of each shape the tests use), their default slices and their shrinks from a
 * value without context are the same, and the computed index is the inverse of the mapping over the
 * whole range (and refuses what fast-check's table does not hold: surrogates, two code points, "",
 * numbers). Every other test file uses `binaryUnit`, so this is the one test file whose process
 * builds fast-check's table (~85 MB of heap, kept for the process' life: every later full collection
 * marks it); it is the last member of `units` (scripts/test-plan.mjs), so the group's other tests
 * run before the table exists.
 */
import test from "ava"
import fc from "fast-check"
import { BINARY_CHOICES, binaryChar, binaryIndex, binaryUnit } from "./helpers/binary-unit.ts"

/**
 * The shapes the tests use (cells and report-pieces: the default, in arrays of up to 30; fuzz-cases:
 * 1 to 12 characters; markdown 3, parse 6, 16 and 200, cells, row-roles and parquet-batch 12, prose
 * 30, slug-one-byte 40 characters at most), and one character.
 */
const SHAPES = [
  {}, { minLength: 1, maxLength: 12 }, { minLength: 1, maxLength: 1 }, { maxLength: 3 }, { maxLength: 6 }, { maxLength: 12 }, { maxLength: 16 },
  { maxLength: 30 }, { maxLength: 40 }, { maxLength: 200 }
]

test("every index maps to its code point's string and back; what fast-check cannot build is refused", (t) => {
  let wrong = 0
  for (let i = 0; i < BINARY_CHOICES; i++) if (binaryIndex(binaryChar(i)) !== i) wrong++
  t.is(wrong, 0)
  t.is(BINARY_CHOICES, 1_112_064)
  t.is(binaryChar(0), "\u0000")
  t.is(binaryChar(0xd7ff), "\ud7ff")
  t.is(binaryChar(0xd800), "\ue000")
  t.is(binaryChar(BINARY_CHOICES - 1), "\u{10ffff}")
  for (const bad of ["", "\ud800", "\udfff", "\ud83d", "ab", "a\u0301", "\u{1d11e}x", 1, -0, null, undefined]) {
    t.throws(() => binaryIndex(bad), { message: /cannot be built/ }, JSON.stringify(bad))
  }
})

test("the same seed gives the same strings as fast-check's binary unit, for each shape the tests use", (t) => {
  for (const seed of [1, 2004]) {
    for (const shape of SHAPES) {
      const ours = fc.sample(fc.array(fc.string({ unit: binaryUnit, ...shape }), { maxLength: 30 }), { seed, numRuns: 100 })
      const theirs = fc.sample(fc.array(fc.string({ unit: "binary", ...shape }), { maxLength: 30 }), { seed, numRuns: 100 })
      t.is(JSON.stringify(ours), JSON.stringify(theirs), `seed ${seed}, ${JSON.stringify(shape)}`)
    }
    // A oneof mixing it with other arbitraries (fuzz-cases' nastyText) draws the same too.
    const mixed = (unit: fc.Arbitrary<string> | "binary") => fc.oneof(fc.constantFrom("a", "b"), fc.string({ unit, minLength: 1, maxLength: 12 }), fc.string({ unit: "grapheme", maxLength: 8 }))
    t.is(JSON.stringify(fc.sample(mixed(binaryUnit), { seed, numRuns: 300 })), JSON.stringify(fc.sample(mixed("binary"), { seed, numRuns: 300 })))
  }
})

test("values without context: the same answer to canShrinkWithoutContext and the same shrinks (so the same default slices)", (t) => {
  const values = [
    ...fc.sample(fc.string({ unit: "binary", maxLength: 12 }), { seed: 7, numRuns: 60 }),
    "", "__proto__", "toString", "valueOf", "\ud800", "a\udc00b", "\u{1d11e}", "\u{10ffff}", "é\u0301"
  ]
  for (const shape of SHAPES) {
    const ours = fc.string({ unit: binaryUnit, ...shape })
    const theirs = fc.string({ unit: "binary", ...shape })
    for (const v of values) {
      const can = theirs.canShrinkWithoutContext(v)
      t.is(ours.canShrinkWithoutContext(v), can, `${JSON.stringify(v)} ${JSON.stringify(shape)}`)
      if (!can) continue
      const shrinks = (arb: fc.Arbitrary<string>) => JSON.stringify([...arb.shrink(v, undefined).take(30)].map((s) => s.value))
      t.is(shrinks(ours), shrinks(theirs), `${JSON.stringify(v)} ${JSON.stringify(shape)}`)
    }
  }
})

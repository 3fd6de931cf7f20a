/**
 * pipeline/json-pieces.ts is a shortcut for JSON.stringify (the SARIF log and index.html's data are
 * written through it): its pieces, joined, must be JSON.stringify's text for any value, gap and
 * depth — including what JSON.stringify leaves out or writes as null (undefined, functions,
 * symbols, holes), `toJSON`, empty objects and arrays, keys in integer-then-insertion order, and
 * any Unicode. A lazy array is written as the array of what it yields, and is consumed once.
 */
import test from "ava"
import fc from "fast-check"
import { jsonPieces, lazyArray } from "../pipeline/json-pieces.ts"
import { binaryUnit } from "./helpers/binary-unit.ts"

const joined = (value: unknown, gap: string, depth: number) => [...jsonPieces(value, gap, depth)].join("")

/** JSON values and the things JSON.stringify treats specially, nested. */
const { value } = fc.letrec((tie) => ({
  leaf: fc.oneof(
    fc.string({ unit: binaryUnit }),
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.constant(undefined),
    fc.constant(() => 1),
    fc.constant(Symbol("s")),
    fc.string().map((s) => ({ toJSON: () => `json:${s}` })),
    fc.constant(new Date(0))
  ),
  array: fc.array(tie("value"), { maxLength: 5 }).map((a) => {
    if (a.length > 2) delete a[1] // a hole
    return a
  }),
  object: fc.dictionary(fc.oneof(fc.string({ unit: binaryUnit }), fc.nat({ max: 20 }).map(String)), tie("value"), { maxKeys: 5 }),
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, tie("leaf"), tie("array"), tie("object"))
}))

test("jsonPieces joined is JSON.stringify's text, for any value, gap and depth", (t) => {
  fc.assert(
    fc.property(value.filter((v) => v !== undefined && typeof v !== "function" && typeof v !== "symbol"), fc.constantFrom("", "  ", "\t", " "), fc.nat({ max: 6 }), (v, gap, depth) =>
      joined(v, gap, depth) === JSON.stringify(v, null, gap)),
    { numRuns: 2000 }
  )
  t.pass()
})

test("jsonPieces: the cases by hand", (t) => {
  const cases: ReadonlyArray<unknown> = [
    {},
    [],
    [[]],
    { a: {} },
    { a: undefined, b: () => 1 },
    [undefined, () => 1, Symbol("x")],
    { 2: "two", a: 1, 1: "one" },
    { s: "line\nbreak \u2028 </script> \ud800 𝄞" },
    { nested: { deeper: [1, { x: [2, 3] }] } },
    [NaN, -0, Infinity, 1e21, 0.1]
  ]
  for (const c of cases) {
    for (const gap of ["", "  "]) {
      for (const depth of [0, 1, 2, 5]) t.is(joined(c, gap, depth), JSON.stringify(c, null, gap), `${JSON.stringify(c)} gap ${JSON.stringify(gap)} depth ${depth}`)
    }
  }
})

// (Here the lazy array is the child of the third level: it must lie within the levels opened, depth ≥ 3.)
test("a lazy array is written as the array it yields, consumed once, when it lies within the levels opened", (t) => {
  fc.assert(
    fc.property(fc.array(value.filter((v) => v !== undefined), { maxLength: 6 }), fc.constantFrom("", "  "), fc.integer({ min: 3, max: 6 }), (items, gap, depth) => {
      let consumed = 0
      function* each() {
        for (const item of items) {
          consumed++
          yield item
        }
      }
      const lazy = { head: 1, runs: [{ results: lazyArray(each()) }] }
      const eager = { head: 1, runs: [{ results: items }] }
      return joined(lazy, gap, depth) === JSON.stringify(eager, null, gap) && consumed === items.length
    }),
    { numRuns: 500 }
  )
  t.pass()
})

test("pieces stay small: a long array opened one level gives one piece per element and its separator", (t) => {
  const items = Array.from({ length: 1000 }, (_, i) => ({ id: i, text: "x".repeat(50) }))
  const pieces = [...jsonPieces({ items }, "  ", 2)]
  t.is(pieces.join(""), JSON.stringify({ items }, null, 2))
  t.true(Math.max(...pieces.map((p) => p.length)) < 200)
})

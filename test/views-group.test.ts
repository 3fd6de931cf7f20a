/**
 * views.ts `groupBy` finds the two keys it met last by comparison before asking its map (issue 8,
 * seventh pass). Held here to the plain grouping (a map lookup per item) on random key sequences —
 * alternating pairs as a table's rounds give, runs, a key coming back after two others, keys equal
 * in content but built apart — comparing the groups, their order and each list's items in order.
 */
import test from "ava"
import fc from "fast-check"
import { groupBy } from "../pipeline/audit/views.ts"

const plain = <A>(items: ReadonlyArray<A>, key: (a: A) => string) => {
  const map = new Map<string, Array<A>>()
  for (const item of items) {
    const k = key(item)
    const list = map.get(k)
    if (list) list.push(item)
    else map.set(k, [item])
  }
  return map
}

test("groupBy gives the plain grouping's groups in its order, items in order", (t) => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 40 }), fc.boolean(), (keys, alternate) => {
      // Keys as separately built strings (equal content, different objects) half of the time.
      const items = (alternate ? keys.flatMap((k) => [k, k + 1]) : keys).map((k, i) => ({ i, key: i % 2 === 0 ? `c${k}` : ["c", String(k)].join("") }))
      const got = groupBy(items, (x) => x.key)
      const expected = plain(items, (x) => x.key)
      t.deepEqual([...got.keys()], [...expected.keys()])
      for (const [k, list] of expected) t.deepEqual(got.get(k)!.map((x) => x.i), list.map((x) => x.i))
    }),
    { numRuns: 3000, seed: 29 }
  )
})

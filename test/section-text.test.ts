/**
 * `sectionText` gives the last path's text again for an equal path (ids.ts, issue 8): for any
 * sequence of paths, even an array changed in place between calls, it equals the joined path.
 */
import test from "ava"
import fc from "fast-check"
import { LEAD, sectionText } from "../pipeline/normalise/ids.ts"

const TITLES = ["Results", "Alsace", "Regional Council", "Results by region", "A > B", ""]
const path = fc.array(fc.constantFrom(...TITLES), { maxLength: 3 })

test("sectionText equals the joined path, whatever came before", (t) => {
  fc.assert(fc.property(fc.array(fc.tuple(path, fc.boolean(), fc.constantFrom(...TITLES)), { maxLength: 12 }), (steps) => {
    let shared: Array<string> = []
    for (const [p, inPlace, title] of steps) {
      // Either a new array, or the previous array with one title changed in place.
      if (inPlace && shared.length > 0) shared[shared.length - 1] = title
      else shared = [...p]
      t.is(sectionText(shared), shared.length === 0 ? LEAD : shared.join(" > "))
    }
  }), { numRuns: 2000, seed: 8 })
})

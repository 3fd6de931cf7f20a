/**
 * The diagnosis' implied-check shortcut (diagnose/localise.ts `impliedByRows`) on blocks whose
 * stated counts include a negative one. The normaliser never reads a negative count (cells.ts:
 * COUNT_NEGATIVE, left unread), but `localise` takes any block, and a recomputed percentage of a
 * negative count is not one its check accepts (`roundedPercent` rounds toward zero there): the
 * shortcut must then judge it, as the long path does. Each seed's results made negative one at a
 * time, and a figure moved so that the percentages are recomputed.
 */
import test from "ava"
import { impliedAudit, violations } from "../../pipeline/diagnose/localise.ts"
import { buildBlocks } from "../../pipeline/diagnose/system.ts"
import type { Dataset } from "../../pipeline/normalise/normalise.ts"
import { datasets, reference } from "../helpers/seed-datasets.ts"
import { compare } from "../helpers/shortcut-pairs.ts"


/** The dataset with result `i`'s votes negated and the first contest's stated total raised by `by`. */
const negated = (ds: Dataset, i: number, by: number): Dataset => ({
  ...ds,
  results: ds.results.map((r, k) => (k === i && r.votes !== null && r.votes > 0 ? { ...r, votes: -r.votes } : r)),
  contests: ds.contests.map((c, k) => (k === 0 && c.total_votes !== null ? { ...c, total_votes: c.total_votes + by } : c))
})

test("blocks with a negative stated count localise the same with the shortcuts and without", (t) => {
  let blocks = 0
  const failedBefore = impliedAudit.failed
  for (const d of datasets) {
    for (let i = 0; i < Math.min(d.results.length, 12); i++) {
      for (const by of [0, 1000]) {
        for (const block of buildBlocks(negated(d, i, by), reference, null, true).filter((b) => violations(b).length > 0)) {
          blocks++
          const { fast, long } = compare(block)
          t.deepEqual(fast, long, `${block.file} ${block.section}, result ${i} negated, total +${by}`)
        }
      }
    }
  }
  t.log(`${blocks} blocks`)
  t.true(blocks > 20, `${blocks} blocks`)
  t.is(impliedAudit.failed - failedBefore, 0, "a check the rows were said to imply failed at a point")
})

/**
 * The diagnosis skips the blocks whose checks all hold as stated (system.ts: `resultsCleanAsStated`,
 * `seatsCleanAsStated`) instead of building them. Skipping is safe only if those predicates never
 * call a block clean that has a failing check: here the blocks kept with `skipClean` must be exactly
 * the blocks `violations` finds a failing check in (plus the rounds with a latent total, always
 * built), on the seeds, a generated corpus, and mutated copies of both (one figure moved at a time).
 */
import test from "ava"
import { violations } from "../../pipeline/diagnose/localise.ts"
import { type Block, buildBlocks } from "../../pipeline/diagnose/system.ts"
import type { Dataset } from "../../pipeline/normalise/normalise.ts"
import { datasets, reference } from "../helpers/seed-datasets.ts"

const nudge = (v: number | null, by: number) => (v === null ? null : v + by)
/** One figure moved per copy, cycling through the results, totals, turnout and seat fields. */
const mutated = (ds: Dataset): Array<Dataset> => {
  const out: Array<Dataset> = []
  ds.results.forEach((r, i) => {
    const by = i % 3 === 0 ? 1 : i % 3 === 1 ? -1000 : 7
    const results = [...ds.results]
    results[i] = i % 2 === 0 ? { ...r, votes: nudge(r.votes, by) } : { ...r, percent: r.percent === null ? null : r.percent + 0.1 * (by > 0 ? 1 : -1) }
    out.push({ ...ds, results })
  })
  ds.contests.forEach((c, i) => {
    const contests = [...ds.contests]
    contests[i] = { ...c, total_votes: nudge(c.total_votes, i % 2 === 0 ? 1 : -10) }
    out.push({ ...ds, contests })
  })
  ds.turnout.forEach((t, i) => {
    const turnout = [...ds.turnout]
    turnout[i] = i % 2 === 0 ? { ...t, value: nudge(t.value, 3) } : { ...t, percent: t.percent === null ? null : t.percent + 0.5 }
    out.push({ ...ds, turnout })
  })
  ds.seats.forEach((s, i) => {
    const seats = [...ds.seats]
    seats[i] = i % 3 === 0 ? { ...s, seats: nudge(s.seats, 1) } : i % 3 === 1 ? { ...s, change: nudge(s.change, -1) } : { ...s, seats_before: nudge(s.seats_before, 2) }
    out.push({ ...ds, seats })
  })
  ds.seatTotals.forEach((s, i) => {
    const seatTotals = [...ds.seatTotals]
    seatTotals[i] = { ...s, seats: nudge(s.seats, 1), change: nudge(s.change, i % 2 === 0 ? 0 : 1) }
    out.push({ ...ds, seatTotals })
  })
  return out
}

const mustBuild = (b: Block) => violations(b).length > 0 || b.cells.some((c) => c.kind === "latent")

test("the blocks skipped as clean are exactly those with no failing check", (t) => {
  let skipped = 0
  let kept = 0
  let mutants = 0
  for (const ds of datasets) {
    for (const d of [ds, ...mutated(ds)]) {
      mutants++
      const all = buildBlocks(d, reference)
      const built = buildBlocks(d, reference, null, true)
      const expected = all.filter(mustBuild)
      // Blocks are compared by their cells' row ids and keys (deepEqual of every block is slow).
      const key = (b: Block) => b.cells.map((c) => `${c.row_id}/${c.key}`).join(" ")
      t.deepEqual(built.map(key), expected.map(key), `${ds.elections[0]?.source_file}: the blocks built with skipClean`)
      skipped += all.length - built.length
      kept += built.length
    }
  }
  t.log(`${mutants} datasets, ${skipped} skipped, ${kept} built`)
  // Both outcomes are exercised, on many tables.
  t.true(mutants > 1000, `${mutants} datasets`)
  t.true(skipped > 10000, `${skipped} blocks skipped`)
  t.true(kept > 5000, `${kept} blocks built`)
})

/**
 * judgeAll's shortcut (diagnose/localise.ts, issue 8, sixth pass): when a candidate set's only
 * unknown is a round's unstated total, every point shares the same key, so the walk stops at the
 * first passing point instead of skipping every later one. Here every block with a latent total
 * and a failing check — on the seeds, a generated corpus, and mutated copies of both (one vote
 * count or percentage moved at a time) — is localised with the shortcut and without it: the
 * localisations must be deeply equal.
 */
import test from "ava"
import { localise, shortcuts, violations } from "../../pipeline/diagnose/localise.ts"
import { buildBlocks } from "../../pipeline/diagnose/system.ts"
import type { Dataset } from "../../pipeline/normalise/normalise.ts"
import { datasets, reference } from "../helpers/seed-datasets.ts"

/** One result figure moved per copy (votes or percentage, in both directions). */
const mutated = (ds: Dataset): Array<Dataset> =>
  ds.results.map((r, i) => {
    const results = [...ds.results]
    results[i] = i % 2 === 0
      ? { ...r, votes: r.votes === null ? null : r.votes + (i % 4 === 0 ? 1 : -1000) }
      : { ...r, percent: r.percent === null ? null : r.percent + (i % 4 === 1 ? 0.1 : -0.3) }
    return { ...ds, results }
  })

test("a latent-only candidate set's walk stopped at its first passing point localises as the whole walk", (t) => {
  let blocks = 0
  let located = 0
  const before = shortcuts.stopped
  for (const ds of datasets) {
    for (const d of [ds, ...mutated(ds)]) {
      for (const block of buildBlocks(d, reference, null, true)) {
        if (!block.cells.some((c) => c.kind === "latent") || violations(block).length === 0) continue
        blocks++
        shortcuts.latentStop = true
        const fast = localise(block)
        shortcuts.latentStop = false
        const long = localise(block)
        shortcuts.latentStop = true
        t.deepEqual(fast, long, `${ds.elections[0]?.source_file}: block of ${block.cells.length} cells`)
        if (fast.status === "located") located++
      }
    }
  }
  const stopped = shortcuts.stopped - before
  t.log(`${blocks} blocks with a latent total and a failing check, ${located} located, ${stopped} walks cut short`)
  t.true(blocks > 20, `${blocks} blocks`)
  t.true(located > 10, `${located} located`)
  // The shortcut was taken (the comparison is not vacuous).
  t.true(stopped > 0, `${stopped} walks cut short`)
})

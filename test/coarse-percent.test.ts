/**
 * rounds.ts `flagCoarsePercentages` was rewritten as loops over the table's results (issue 8, sixth
 * pass). Checked here against the version it replaced (kept below, unchanged): the same findings,
 * in the same order, for random tables of results — several rounds met in any order, precisions
 * 0–3 or none, ties between precisions (the finer one is the usual one), names to slug.
 */
import test from "ava"
import fc from "fast-check"
import type { FindingDraft } from "../pipeline/normalise/findings.ts"
import { flagCoarsePercentages } from "../pipeline/normalise/rounds.ts"
import type { Result } from "../pipeline/normalise/records.ts"
import { slug } from "../pipeline/normalise/ids.ts"

/** The long path: flagCoarsePercentages before the sixth pass. */
const before = (results: ReadonlyArray<Result>, findings: Array<FindingDraft>) => {
  for (const round of new Set(results.map((r) => r.round))) {
    const inRound = results.filter((r) => r.round === round && r.percent_decimals !== null)
    const tally = new Map<number, number>()
    for (const r of inRound) tally.set(r.percent_decimals!, (tally.get(r.percent_decimals!) ?? 0) + 1)
    const usual = [...tally.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0]
    if (usual === undefined) continue
    for (const r of inRound) {
      if (r.percent_decimals! >= usual) continue
      findings.push({
        code: "PERCENT_PRECISION",
        line: r.source_line,
        raw: String(r.percent),
        read_as: r.percent!.toFixed(r.percent_decimals!),
        message: `round ${round}: ${r.contestant}'s percentage is stated with ${r.percent_decimals} decimal(s) where the column uses ${usual}; read as stated, checked with the coarser tolerance`,
        key: `${slug(r.contestant)}/r${round}/precision`
      })
    }
  }
}

const row = fc.record({
  round: fc.integer({ min: 1, max: 3 }),
  // Mostly 0–3; sometimes a fraction past the 31 decimals the tally counts in its scratch array (seventh pass).
  decimals: fc.option(fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 30, max: 40 })), { nil: null }),
  percent: fc.double({ min: 0, max: 100, noNaN: true }),
  contestant: fc.constantFrom("Jean-Paul Huchon", "Union pour la Majorité", "Les Verts", "Front national", "Divers gauche")
})

test("flagCoarsePercentages finds what its previous version found, in the same order", (t) => {
  let flagged = 0
  fc.assert(fc.property(fc.array(row, { maxLength: 30 }), (rows) => {
    const results = rows.map((r, i) => ({
      round: r.round, percent_decimals: r.decimals, percent: r.decimals === null ? null : r.percent, contestant: r.contestant, source_line: 10 + i
    }) as unknown as Result)
    const now: Array<FindingDraft> = []
    const old: Array<FindingDraft> = []
    flagCoarsePercentages(results, now)
    before(results, old)
    t.deepEqual(now, old)
    flagged += now.length
  }), { numRuns: 3000, seed: 6 })
  t.true(flagged > 100) // not vacuous: coarse percentages were found
})

/**
 * repeated-figure's `twinFinder` scans a short round's earlier rows for a row with the same votes
 * instead of keeping a map per round (issue 8, seventh pass); long rounds keep the map. Both paths
 * are held here to the map it replaced (first row seen with each count from REPEAT_MIN_VOTES up),
 * on random rounds of 0–60 rows with repeated counts, nulls and counts below the minimum.
 */
import test from "ava"
import fc from "fast-check"
import { twinFinder } from "../pipeline/audit/rules/repeated-figure.ts"
import { REPEAT_MIN_VOTES } from "../pipeline/audit/tolerance.ts"

type Row = Parameters<typeof twinFinder>[0][number]

/** The long path: the map of the first row with each count, asked before the row is added. */
const mapTwins = (rows: ReadonlyArray<Row>) => {
  const seen = new Map<number, Row>()
  return rows.map((row) => {
    if (row.votes === null || row.votes < REPEAT_MIN_VOTES) return undefined
    const twin = seen.get(row.votes)
    if (!twin) seen.set(row.votes, row)
    return twin
  })
}

const votes = fc.oneof(
  fc.constant(null),
  fc.integer({ min: 0, max: REPEAT_MIN_VOTES - 1 }),
  fc.constantFrom(REPEAT_MIN_VOTES, 2500, 2501, 40000),
  fc.integer({ min: REPEAT_MIN_VOTES, max: REPEAT_MIN_VOTES + 30 })
)

test("twinFinder gives each row the first earlier row with its count, as the map did, in short and long rounds", (t) => {
  let twins = 0
  let long = 0
  fc.assert(
    fc.property(fc.array(votes, { maxLength: 60, size: "max" }), (counts) => {
      const rows = counts.map((v, i) => ({ votes: v, result_id: `r${i}` }) as unknown as Row)
      const expected = mapTwins(rows)
      const twinOf = twinFinder(rows)
      if (rows.length > 24) long++
      rows.forEach((row, i) => {
        if (row.votes === null || row.votes < REPEAT_MIN_VOTES) return
        t.is(twinOf(i), expected[i])
        if (expected[i] !== undefined) twins++
      })
    }),
    { numRuns: 3000, seed: 3 }
  )
  // Not vacuous: twins were found, and long rounds (the map path) were met.
  t.true(twins > 1000)
  t.true(long > 500)
})

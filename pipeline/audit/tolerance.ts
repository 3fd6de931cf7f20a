/**
 * The one place where tolerances are set. Verdicts on percentages are computed in integers
 * (BigInt), after kiesraad/abacus: no float rounding decides whether a figure is right.
 *
 * A percentage stated with d decimals stands for the exact share rounded to d decimals, so it is
 * right within half a unit of its last decimal (±0.005 for 34.06 %). These articles sometimes
 * truncate instead of rounding (34.069 % written 34.06 %): a stated figure up to one unit below
 * the exact share is explainable, and reported as info rather than as an error.
 */

export type PercentVerdict = "exact-rounding" | "truncated" | "off"

const pow10 = (d: number) => 10n ** BigInt(d)

/** The stated percentage as an integer count of its last decimal unit (34.06 with d=2 → 3406). */
const scaled = (percent: number, decimals: number): bigint => BigInt(Math.round(percent * 10 ** decimals))

/**
 * Whether `percent` (stated with `decimals` decimals) is `votes / total` rounded ("exact-rounding"),
 * truncated ("truncated"), or neither ("off").
 */
export const percentVerdict = (votes: number, total: number, percent: number, decimals: number): PercentVerdict => {
  if (total <= 0) return "off"
  // Fast path, same verdict: with integer inputs and both products within 2^53, plain numbers are
  // exact (doubling and comparing are exact too), and no BigInt is allocated.
  if (Number.isInteger(votes) && Number.isInteger(total) && Number.isInteger(decimals) && decimals >= 0 && decimals <= 15) {
    const stated = Math.round(percent * 10 ** decimals)
    const exact = votes * 100 * 10 ** decimals
    const statedTimesTotal = stated * total
    if (Math.abs(exact) <= Number.MAX_SAFE_INTEGER && Math.abs(statedTimesTotal) <= Number.MAX_SAFE_INTEGER) {
      const diff = exact - statedTimesTotal
      if (Number.isSafeInteger(diff)) {
        if (2 * Math.abs(diff) <= total) return "exact-rounding"
        if (diff >= 0 && diff < total) return "truncated"
        return "off"
      }
    }
  }
  const T = BigInt(total)
  // diff = exact·scale − stated·scale, multiplied through by T to stay in integers.
  const diff = BigInt(votes) * 100n * pow10(decimals) - scaled(percent, decimals) * T
  const abs = diff < 0n ? -diff : diff
  if (2n * abs <= T) return "exact-rounding"
  if (diff >= 0n && diff < T) return "truncated"
  return "off"
}

/** Half a unit of the last stated decimal: the rounding tolerance in percentage points. */
export const roundingTolerance = (decimals: number) => 0.5 / 10 ** decimals

/** One unit of the last stated decimal: what truncation can explain. */
export const truncationTolerance = (decimals: number) => 1 / 10 ** decimals

/** The exact share in percent (for messages only; verdicts use percentVerdict). */
export const share = (votes: number, total: number) => (total > 0 ? (votes * 100) / total : NaN)

/**
 * The range of totals a row's votes and stated percentage allow: total ∈ [lo, hi] such that
 * votes/total rounds to the stated percentage (or truncates to it).
 */
export const impliedTotalRange = (votes: number, percent: number, decimals: number): { lo: number; hi: number } | null => {
  const unit = 1 / 10 ** decimals
  const low = percent - unit / 2
  const high = percent + unit // rounding (+½) or truncation (+1)
  if (percent <= 0 || low <= 0) return null
  return { lo: Math.ceil((votes * 100) / high), hi: Math.floor((votes * 100) / low) }
}

/** Seats and votes are counts: they must match exactly. */
export const COUNT_TOLERANCE = 0

/**
 * Percentages of a round summing to 100: each figure may be off by half a unit of its own last
 * decimal when rounded (one unit when truncated), so the sum may be off by the sum of those.
 */
export const percentSumTolerance = (decimals: ReadonlyArray<number>) => ({
  rounding: decimals.reduce((a, d) => a + 0.5 / 10 ** d, 0),
  truncation: decimals.reduce((a, d) => a + 1 / 10 ** d, 0)
})

/**
 * A percentage off by more than ten units of its last decimal (0.1 point at two decimals) is no
 * rounding or editing slip the data could excuse: an error. Closer than that: a warning.
 */
export const percentErrorThreshold = (decimals: number) => 10 / 10 ** decimals

/**
 * Two rows of one table with identical vote counts are flagged only from this size up: equal small
 * counts happen by chance; equal counts in the thousands almost never do.
 */
export const REPEAT_MIN_VOTES = 1000

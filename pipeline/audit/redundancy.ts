/**
 * What one round's redundancy implies for its vote figures, as seat-reconstruction needs it to
 * *detect* whether a council table reproduces once a copied or mistyped vote figure is set aside.
 * Proposing corrections is not done here: which cell is wrong and what the other figures imply for
 * it is the diagnosis stage's (pipeline/diagnose/), the one place for correction knowledge.
 */
import type { Result } from "../normalise/records.ts"
import { percentVerdict } from "./tolerance.ts"

export interface ImpliedVotes {
  readonly row: Result
  readonly value: number
}

const agrees = (votes: number, total: number, row: Result) =>
  row.percent !== null && row.percent_decimals !== null &&
  percentVerdict(votes, total, row.percent, row.percent_decimals) !== "off"

/**
 * The one row whose votes disagree with its percentage of `total`, and the figure the total minus
 * the other rows gives it — when that figure agrees with its percentage; else null.
 */
export const impliedVotes = (rows: ReadonlyArray<Result>, total: number): ImpliedVotes | null => {
  if (rows.some((r) => r.votes === null)) return null
  const off = rows.filter((r) => r.percent !== null && !agrees(r.votes!, total, r))
  if (off.length !== 1) return null
  const row = off[0]!
  const value = total - rows.filter((r) => r !== row).reduce((a, r) => a + r.votes!, 0)
  return value >= 0 && agrees(value, total, row) ? { row, value } : null
}

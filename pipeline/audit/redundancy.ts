/**
 * What the redundancy of a results table can settle: when a round's rows, their percentages and
 * the round total disagree, the one figure whose replacement makes everything agree — if there is
 * exactly one — is the likely right value.
 */
import type { Result } from "../normalise/records.ts"
import { count, pct } from "./format.ts"
import { percentVerdict } from "./tolerance.ts"

export interface VotesSuggestion {
  readonly row: Result
  readonly value: number
  readonly reasoning: string
}

const agrees = (votes: number, total: number, row: Result) =>
  row.percent !== null && row.percent_decimals !== null &&
  percentVerdict(votes, total, row.percent, row.percent_decimals) !== "off"

/**
 * The rows of a round whose stated votes disagree with their own stated percentage of `total`.
 * Rows without a percentage cannot disagree.
 */
export const rowsOffTheirPercent = (rows: ReadonlyArray<Result>, total: number) =>
  rows.filter((r) => r.votes !== null && r.percent !== null && !agrees(r.votes, total, r))

/**
 * If exactly one row's votes disagree with its percentage, and the total minus the other rows
 * gives a figure that agrees with that percentage, that figure is the likely right value.
 */
export const suggestVotes = (
  rows: ReadonlyArray<Result>,
  total: number,
  totalLabel: string
): VotesSuggestion | null => {
  if (rows.some((r) => r.votes === null)) return null
  const off = rowsOffTheirPercent(rows, total)
  if (off.length !== 1) return null
  const row = off[0]!
  const others = rows.filter((r) => r !== row).reduce((a, r) => a + r.votes!, 0)
  const value = total - others
  if (value < 0 || !agrees(value, total, row)) return null
  return {
    row,
    value,
    reasoning: `the ${totalLabel} ${count(total)} minus the other ${rows.length - 1} rows (${
      count(others)
    }) leaves ${count(value)}, which is ${pct((value * 100) / total)} of the total, matching the stated ${
      pct(row.percent, row.percent_decimals ?? 2)
    }; it is the only row whose votes disagree with its percentage`
  }
}

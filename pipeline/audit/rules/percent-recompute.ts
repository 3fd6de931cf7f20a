/** percent-recompute: each row's stated percentage equals its votes over the round total. */
import type { Draft, Item, Rule, RuleOutcome } from "../anomaly.ts"
import { count, pct, tidy } from "../format.ts"
import { slug } from "../../normalise/ids.ts"
import { percentErrorThreshold, percentVerdict, roundingTolerance, share, truncationTolerance } from "../tolerance.ts"
import { lineList, roundTotal, roundViews, sum, type RoundView } from "../views.ts"
import type { Result } from "../../normalise/records.ts"

/**
 * When this is the round's only row whose percentage is off, and putting the recomputed figure in
 * its place brings the percentages' sum to 100 within rounding, the recomputed figure is the likely
 * right value (the votes are confirmed by the vote sum; the percentage is a slip, e.g. transposed digits).
 */
const settledPercent = (view: RoundView, row: Result, exact: number, offRows: ReadonlyArray<Result>) => {
  if (offRows.length !== 1 || offRows[0] !== row || view.rows.some((r) => r.percent === null)) return null
  if (view.contest.total_votes !== null && sum(view.rows.map((r) => r.votes ?? 0)) !== view.contest.total_votes) return null
  const d = row.percent_decimals!
  const fixed = Number(exact.toFixed(d))
  const target = view.contest.total_percent ?? 100
  const statedSum = sum(view.rows.map((r) => r.percent!))
  const fixedSum = statedSum - row.percent! + fixed
  const within = (total: number) => Math.abs(total - target) <= view.rows.length * roundingTolerance(d) + 1e-9
  // Independent evidence only: the stated sum must be off, and the recomputed figure must mend it.
  if (within(statedSum) || !within(fixedSum)) return null
  return {
    value: fixed,
    reasoning: `the votes add up to the stated total, ${fixed.toFixed(d)} % is ${count(row.votes)} / ${count(roundTotal(view)!.value)} rounded, and with it the round's percentages sum to ${fixedSum.toFixed(d)} % instead of ${statedSum.toFixed(d)} %`
  }
}

export const rule: Rule = {
  meta: {
    code: "percent-recompute",
    title: "Stated percentages match votes ÷ round total",
    severity: "warning",
    category: "arithmetic",
    checks: "Every row with votes and a percentage: the percentage is votes ÷ the round's total (the Total row, else the valid votes), rounded to the decimals stated. Truncated figures are info; a difference beyond rounding is a warning, or an error past 0.1 point.",
    needs: "results (votes, percent, percent_decimals) and the round's total or valid votes",
    tolerance: "half a unit of the last stated decimal (±0.005 at two decimals), computed in integers; up to one unit below is explained by truncation (info)"
  },
  check: ({ dataset }): RuleOutcome => {
    const anomalies: Array<Draft> = []
    const items: Array<Item> = []
    for (const view of roundViews(dataset)) {
      const stated = roundTotal(view)
      // A total of 0 (or less) gives no share: not evaluable, never NaN (vote-sum reports the total).
      const total = stated !== null && stated.value > 0 ? stated : null
      const offRows = total === null ? [] : view.rows.filter((r) =>
        r.votes !== null && r.percent !== null && r.percent_decimals !== null &&
        percentVerdict(r.votes, total.value, r.percent, r.percent_decimals) === "off"
      )
      for (const row of view.rows) {
        const subject = `${row.area} round ${row.round}: ${row.contestant}`
        if (row.percent === null || row.votes === null || row.percent_decimals === null) {
          if (row.percent !== null || row.votes !== null) {
            items.push({ subject, file: row.source_file, line: row.source_line, status: "not_evaluated", detail: "the row states votes or a percentage, not both" })
          }
          continue
        }
        if (total === null) {
          items.push({ subject, file: row.source_file, line: row.source_line, status: "not_evaluated", detail: stated !== null ? `the round's ${stated.label} is ${count(stated.value)}: no share to compare with` : "the round has neither a Total row nor valid votes (see implied-total)" })
          continue
        }
        const d = row.percent_decimals
        const verdict = percentVerdict(row.votes, total.value, row.percent, d)
        const exact = share(row.votes, total.value)
        if (verdict === "exact-rounding") {
          items.push({ subject, file: row.source_file, line: row.source_line, status: "passed", detail: `${count(row.votes)} / ${count(total.value)} = ${pct(exact, d + 2)}` })
          continue
        }
        items.push({ subject, file: row.source_file, line: row.source_line, status: "flagged", detail: `${count(row.votes)} / ${count(total.value)} = ${pct(exact, d + 2)}, stated ${pct(row.percent, d)}` })
        const delta = tidy(row.percent - exact)
        const truncated = verdict === "truncated"
        anomalies.push({
          key: `r${row.round}/${slug(row.contestant)}/percent`,
          severity: truncated ? "info" : Math.abs(delta) > percentErrorThreshold(d) ? "error" : "warning",
          file: row.source_file,
          line: row.source_line,
          lines: lineList(row.source_line, total.line),
          section: view.contest.section,
          area: row.area,
          round: row.round,
          field: "percent",
          stated: row.percent,
          expected: tidy(exact, d + 3),
          delta,
          tolerance: truncated ? truncationTolerance(d) : roundingTolerance(d),
          message: truncated
            ? `Round ${row.round}: ${row.contestant}'s ${pct(row.percent, d)} is ${count(row.votes)} / ${count(total.value)} = ${pct(exact, d + 3)} truncated rather than rounded.`
            : `Round ${row.round}: ${row.contestant}'s stated ${pct(row.percent, d)} does not match ${count(row.votes)} votes of the ${total.label} ${count(total.value)}, which is ${pct(exact, d + 2)}.`,
          suggestion: truncated ? null : settledPercent(view, row, exact, offRows)
        })
      }
    }
    return { anomalies, items }
  }
}

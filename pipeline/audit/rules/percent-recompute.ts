/** percent-recompute: each row's stated percentage equals its votes over the round total. */
import { type Draft, type Item, PASSED, type Rule, type RuleOutcome } from "../anomaly.ts"
import { count, pct, tidy } from "../format.ts"
import { slug } from "../../normalise/ids.ts"
import { percentErrorThreshold, percentVerdict, roundingTolerance, share, truncationTolerance } from "../tolerance.ts"
import { lineList, roundTotal, roundViews } from "../views.ts"
import type { Result } from "../../normalise/records.ts"

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
  check: ({ dataset, passedCountedOnly }): RuleOutcome => {
    const anomalies: Array<Draft> = []
    const items: Array<Item> = []
    for (const view of roundViews(dataset)) {
      const stated = roundTotal(view)
      // A total of 0 (or less) gives no share: not evaluable, never NaN (vote-sum reports the total).
      const total = stated !== null && stated.value > 0 ? stated : null
      for (const row of view.rows) {
        if (row.percent === null || row.votes === null || row.percent_decimals === null) {
          if (row.percent !== null || row.votes !== null) {
            items.push({ subject: subjectOf(row), file: row.source_file, line: row.source_line, status: "not_evaluated", detail: "the row states votes or a percentage, not both" })
          }
          continue
        }
        if (total === null) {
          items.push({ subject: subjectOf(row), file: row.source_file, line: row.source_line, status: "not_evaluated", detail: stated !== null ? `the round's ${stated.label} is ${count(stated.value)}: no share to compare with` : "the round has neither a Total row nor valid votes (see implied-total)" })
          continue
        }
        const d = row.percent_decimals
        const verdict = percentVerdict(row.votes, total.value, row.percent, d)
        if (verdict === "exact-rounding" && passedCountedOnly === true) {
          items.push(PASSED)
          continue
        }
        const exact = share(row.votes, total.value)
        const subject = subjectOf(row)
        if (verdict === "exact-rounding") {
          items.push({ subject, file: row.source_file, line: row.source_line, status: "passed", detail: `${count(row.votes)} / ${count(total.value)} = ${pct(exact, d + 2)}` })
          continue
        }
        items.push({ subject, file: row.source_file, line: row.source_line, status: "flagged", detail: `${count(row.votes)} / ${count(total.value)} = ${pct(exact, d + 2)}, stated ${pct(row.percent, d)}` })
        anomalies.push(percentAnomaly(row, row.votes, row.percent, view.contest.section, total, exact, d, verdict === "truncated"))
      }
    }
    return { anomalies, items }
  }
}

/**
 * A row whose percentage does not match its share: the anomaly, in a function of its own so that
 * the rule's `check` (which runs per row) does not carry it in its compiled code (issue 8, ninth pass).
 */
const percentAnomaly = (
  row: Result,
  votes: number,
  percent: number,
  section: string,
  total: { readonly value: number; readonly line: number; readonly label: string },
  exact: number,
  d: number,
  truncated: boolean
): Draft => {
  const delta = tidy(percent - exact)
  return {
    key: `r${row.round}/${slug(row.contestant)}/percent`,
    severity: truncated ? "info" : Math.abs(delta) > percentErrorThreshold(d) ? "error" : "warning",
    file: row.source_file,
    line: row.source_line,
    lines: lineList(row.source_line, total.line),
    section,
    area: row.area,
    round: row.round,
    field: "percent",
    stated: percent,
    expected: tidy(exact, d + 3),
    delta,
    tolerance: truncated ? truncationTolerance(d) : roundingTolerance(d),
    message: truncated
      ? `Round ${row.round}: ${row.contestant}'s ${pct(percent, d)} is ${count(votes)} / ${count(total.value)} = ${pct(exact, d + 3)} truncated rather than rounded.`
      : `Round ${row.round}: ${row.contestant}'s stated ${pct(percent, d)} does not match ${count(votes)} votes of the ${total.label} ${count(total.value)}, which is ${pct(exact, d + 2)}.`,
    suggestion: null
  }
}

/**
 * A row's subject, built where an item is (a counted pass needs none). A module function, not a
 * closure made per row: the closure and its context were the rule's largest allocation.
 */
const subjectOf = (row: { readonly area: string; readonly round: number; readonly contestant: string }) => `${row.area} round ${row.round}: ${row.contestant}`

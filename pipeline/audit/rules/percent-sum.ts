/** percent-sum: a round's stated percentages add up to 100 (or to the stated total percentage). */
import { type Draft, type Item, PASSED, type Rule, type RuleOutcome } from "../anomaly.ts"
import { pct, tidy } from "../format.ts"
import { lineList, roundSubject, roundViews } from "../views.ts"

export const rule: Rule = {
  meta: {
    code: "percent-sum",
    title: "A round's percentages sum to 100",
    severity: "warning",
    category: "arithmetic",
    checks: "For every round whose rows all state a percentage, their sum equals the Total row's percentage (100 where the table has none). Lists that did not stand count as 0.",
    needs: "results (percent, percent_decimals) of one table and round",
    tolerance: "the sum of each row's half unit of its last stated decimal (each figure may be rounded by up to that); up to one unit per row below is explained by truncation (info)"
  },
  check: ({ dataset, passedCountedOnly }): RuleOutcome => {
    const anomalies: Array<Draft> = []
    const items: Array<Item> = []
    for (const view of roundViews(dataset)) {
      const { contest } = view
      if (view.rows.length === 0) continue
      // One pass over the rows, no array per round (the sums in row order, as `sum` and
      // `percentSumTolerance` add them); the subject is built where an item is (a counted pass needs none).
      let missing = 0
      let decimals = -Infinity
      let percents = 0
      let rounding = 0
      let truncation = 0
      for (const r of view.rows) {
        if (r.percent === null) {
          missing++
          continue
        }
        const d = r.percent_decimals ?? 2
        if (d > decimals) decimals = d
        percents += r.percent
        rounding += 0.5 / 10 ** d
        truncation += 1 / 10 ** d
      }
      if (missing > 0) {
        items.push({ subject: roundSubject(contest), file: contest.source_file, line: contest.source_line, status: "not_evaluated", detail: `${missing} row(s) state no percentage` })
        continue
      }
      const subject = passedCountedOnly === true ? "" : roundSubject(contest)
      const target = contest.total_percent ?? 100
      const stated = tidy(percents)
      const delta = tidy(stated - target)
      if (Math.abs(delta) <= rounding + 1e-9) {
        items.push(passedCountedOnly === true ? PASSED : { subject, file: contest.source_file, line: contest.source_line, status: "passed", detail: `${view.rows.length} percentages sum to ${pct(stated, decimals)} (±${tidy(rounding)})` })
        continue
      }
      const truncated = delta < 0 && -delta <= truncation + 1e-9
      items.push({ subject: roundSubject(contest), file: contest.source_file, line: contest.source_line, status: "flagged", detail: `${view.rows.length} percentages sum to ${pct(stated, decimals)}` })
      anomalies.push({
        key: `r${contest.round}/percent-sum`,
        severity: truncated ? "info" : "warning",
        file: contest.source_file,
        line: contest.source_line,
        lines: lineList(view.rows.map((r) => r.source_line), contest.source_line),
        section: contest.section,
        area: contest.area,
        round: contest.round,
        field: "percent",
        stated,
        expected: target,
        delta,
        tolerance: truncated ? tidy(truncation) : tidy(rounding),
        message: truncated
          ? `Round ${contest.round}: the ${view.rows.length} percentages sum to ${pct(stated, decimals)}, short of ${pct(target, decimals)} by no more than truncating each figure explains.`
          : `Round ${contest.round}: the ${view.rows.length} percentages sum to ${pct(stated, decimals)}, not ${pct(target, decimals)} (more than the ±${tidy(rounding)} rounding allows).`,
        suggestion: null
      })
    }
    return { anomalies, items }
  }
}

/**
 * implied-total: in a round with no stated total (no Total row, no valid votes), every row's votes
 * and percentage imply a range for the total; rows that disagree with the consensus are flagged.
 */
import { type Draft, type Item, PASSED, type Rule, type RuleOutcome } from "../anomaly.ts"
import { count, pct } from "../format.ts"
import { slug } from "../../normalise/ids.ts"
import { impliedTotalRange } from "../tolerance.ts"
import { lineList, roundSubject, roundTotal, roundViews } from "../views.ts"

/**
 * The point covered by the most ranges (ties: the lowest point), and the rows covering it. Every
 * range's lower end is a candidate point: the best-covered point is always one of them.
 */
const consensus = <A>(ranges: ReadonlyArray<{ item: A; lo: number; hi: number }>) => {
  let best: { lo: number; hi: number; members: Array<A> } | null = null
  const points = [...new Set(ranges.map((r) => r.lo))].sort((a, b) => a - b)
  for (const point of points) {
    const members = ranges.filter((r) => r.lo <= point && point <= r.hi)
    if (best !== null && members.length <= best.members.length) continue
    best = {
      lo: Math.max(...members.map((m) => m.lo)),
      hi: Math.min(...members.map((m) => m.hi)),
      members: members.map((m) => m.item)
    }
  }
  return best
}

export const rule: Rule = {
  meta: {
    code: "implied-total",
    title: "Rows agree on the total their votes and percentages imply",
    severity: "warning",
    category: "arithmetic",
    checks: "For a round without a Total row or valid votes, each row's votes ÷ percentage gives a range for the round total; the range most rows share is the consensus, and rows outside it are flagged.",
    needs: "results (votes, percent, percent_decimals) of a round with no stated total",
    tolerance: "each row's range allows its percentage to be rounded (±½ unit) or truncated (+1 unit)"
  },
  check: ({ dataset, passedCountedOnly }): RuleOutcome => {
    const anomalies: Array<Draft> = []
    const items: Array<Item> = []
    for (const view of roundViews(dataset)) {
      if (roundTotal(view) !== null || view.rows.length === 0) continue
      const { contest } = view
      const subject = roundSubject(contest)
      const ranges = view.rows.flatMap((row) => {
        if (row.votes === null || row.percent === null || row.percent_decimals === null) return []
        const range = impliedTotalRange(row.votes, row.percent, row.percent_decimals)
        return range && row.votes > 0 ? [{ item: row, ...range }] : []
      })
      const agreed = consensus(ranges)
      if (agreed === null || agreed.members.length < 3) {
        items.push({ subject, file: contest.source_file, line: contest.source_line, status: "not_evaluated", detail: "fewer than three rows with votes and a percentage agree on a total" })
        continue
      }
      for (const r of ranges) {
        const row = r.item
        const rowSubject = `${subject}: ${row.contestant}`
        if (agreed.members.includes(row)) {
          items.push(passedCountedOnly === true ? PASSED : { subject: rowSubject, file: row.source_file, line: row.source_line, status: "passed", detail: `implies ${count(r.lo)}–${count(r.hi)}, within the consensus ${count(agreed.lo)}–${count(agreed.hi)}` })
          continue
        }
        items.push({ subject: rowSubject, file: row.source_file, line: row.source_line, status: "flagged", detail: `implies ${count(r.lo)}–${count(r.hi)}, outside ${count(agreed.lo)}–${count(agreed.hi)}` })
        const mid = Math.round((agreed.lo + agreed.hi) / 2)
        anomalies.push({
          key: `r${row.round}/${slug(row.contestant)}/implied-total`,
          file: row.source_file,
          line: row.source_line,
          lines: lineList(row.source_line, agreed.members.map((m) => m.source_line)),
          section: contest.section,
          area: contest.area,
          round: row.round,
          field: "percent",
          stated: row.percent,
          expected: Number(((row.votes! * 100) / mid).toFixed(row.percent_decimals! + 2)),
          delta: Number((row.percent! - (row.votes! * 100) / mid).toFixed(6)),
          tolerance: 0.5 / 10 ** row.percent_decimals!,
          message: `Round ${row.round}: ${row.contestant}'s ${count(row.votes)} votes at ${pct(row.percent, row.percent_decimals!)} imply a round total of ${count(r.lo)}–${count(r.hi)}, while ${agreed.members.length} other rows agree on ${count(agreed.lo)}–${count(agreed.hi)}.`,
          suggestion: null
        })
      }
    }
    return { anomalies, items }
  }
}

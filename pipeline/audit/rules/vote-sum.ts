/** vote-sum: the votes of a round's rows add up to the round's stated total. */
import { type Draft, type Item, PASSED, type Rule, type RuleOutcome } from "../anomaly.ts"
import { count } from "../format.ts"
import { lineList, roundSubject, roundViews } from "../views.ts"

export const rule: Rule = {
  meta: {
    code: "vote-sum",
    title: "Row votes sum to the round's stated total",
    severity: "error",
    category: "arithmetic",
    checks: "For every round of every results table with a Total row, the sum of the rows' votes equals the stated total votes. Which cell is wrong, and what the other figures imply for it, is the diagnosis stage's (faults).",
    needs: "results (votes, percent) and contests (total_votes) of one table and round",
    tolerance: "none: votes are counts and must add up exactly"
  },
  check: ({ dataset, passedCountedOnly }): RuleOutcome => {
    const anomalies: Array<Draft> = []
    const items: Array<Item> = []
    for (const view of roundViews(dataset)) {
      const { contest } = view
      // The subject is built where an item is (a counted pass needs none).
      const subject = passedCountedOnly === true ? "" : roundSubject(contest)
      if (contest.total_votes === null) {
        if (view.rows.length > 0) {
          items.push({ subject: roundSubject(contest), file: contest.source_file, line: contest.source_line, status: "not_evaluated", detail: "the table has no Total row for this round" })
        }
        continue
      }
      if (view.rows.length === 0) {
        items.push({ subject: roundSubject(contest), file: contest.source_file, line: contest.source_line, status: "not_evaluated", detail: "the round has a total but no rows with figures" })
        continue
      }
      // The rows' sum and the first row without votes in one pass (no array per round).
      let rowSum = 0
      let missingCount = 0
      let firstMissing: (typeof view.rows)[number] | undefined
      for (const r of view.rows) {
        if (r.votes === null) {
          if (missingCount++ === 0) firstMissing = r
        } else rowSum += r.votes
      }
      if (missingCount > 0) {
        items.push({
          subject: roundSubject(contest),
          file: contest.source_file,
          line: contest.source_line,
          status: "not_evaluated",
          detail: `${missingCount} row(s) state no votes (e.g. '${firstMissing!.note ?? "empty"}')`
        })
        continue
      }
      const total = contest.total_votes
      if (rowSum === total) {
        items.push(passedCountedOnly === true ? PASSED : { subject, file: contest.source_file, line: contest.source_line, status: "passed", detail: `${view.rows.length} rows sum to ${count(rowSum)} = stated total` })
        continue
      }
      items.push({ subject: roundSubject(contest), file: contest.source_file, line: contest.source_line, status: "flagged", detail: `${view.rows.length} rows sum to ${count(rowSum)}, stated total ${count(total)}` })
      anomalies.push({
        key: `r${contest.round}/total`,
        file: contest.source_file,
        line: contest.source_line,
        lines: lineList(view.rows.map((r) => r.source_line), contest.source_line),
        section: contest.section,
        area: contest.area,
        round: contest.round,
        field: "total_votes",
        stated: total,
        expected: rowSum,
        delta: total - rowSum,
        tolerance: 0,
        message: `Round ${contest.round}: the ${view.rows.length} rows' votes sum to ${count(rowSum)}, but the stated total is ${count(total)} (a difference of ${count(Math.abs(total - rowSum))}).`,
        suggestion: null
      })
    }
    return { anomalies, items }
  }
}

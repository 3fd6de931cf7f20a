/**
 * repeated-figure: a figure copied where it should differ — a list's round-two votes equal to its
 * round-one votes while its percentages differ, or two rows of one round with identical figures.
 */
import type { Dataset } from "../../normalise/normalise.ts"
import { type Draft, type Item, PASSED, type Rule, type RuleOutcome } from "../anomaly.ts"
import { count, pct } from "../format.ts"
import { slug } from "../../normalise/ids.ts"
import { percentVerdict, REPEAT_MIN_VOTES } from "../tolerance.ts"
import { lineList, roundTotal, roundViews, sum } from "../views.ts"

export const rule: Rule = {
  meta: {
    code: "repeated-figure",
    title: "Figures repeated where they should differ",
    severity: "error",
    category: "duplication",
    checks: "A row whose votes are the same in both rounds while its percentages differ and the later one contradicts votes ÷ that round's total (a true repeat would still match its own round's share); and two rows of one round stating identical votes. What the copied figure should be is the diagnosis stage's (faults).",
    needs: "results of both rounds of one table, and the round totals",
    tolerance: `identical vote counts are only flagged from ${REPEAT_MIN_VOTES.toLocaleString("en-US")} votes up (small equal counts happen by chance)`
  },
  check: ({ dataset, passedCountedOnly }): RuleOutcome => {
    const anomalies: Array<Draft> = []
    const items: Array<Item> = []
    for (const view of roundViews(dataset)) {
      const { contest } = view
      // 1. Same row, later round, same votes, different percentage.
      const earlier = view.otherRounds.get(contest.round - 1)
      if (earlier) {
        for (const row of view.rows) {
          const before = earlier.rows.find((r) => r.position === row.position)
          if (!before || row.votes === null || before.votes === null) continue
          // The same count in two rounds is a copy only when it contradicts this round's own
          // percentage (asked last, and the subject built after: a counted pass needs neither).
          let repeated = row.votes === before.votes && row.percent !== before.percent && row.votes >= REPEAT_MIN_VOTES
          const total = repeated ? roundTotal(view) : null
          if (repeated && total !== null && row.percent !== null && row.percent_decimals !== null &&
            percentVerdict(row.votes, total.value, row.percent, row.percent_decimals) !== "off") repeated = false
          const subject = !repeated && passedCountedOnly === true ? "" : `${row.area}: ${row.contestant}, rounds ${before.round} and ${row.round}`
          if (!repeated) {
            items.push(passedCountedOnly === true ? PASSED : { subject, file: row.source_file, line: row.source_line, status: "passed", detail: `${count(before.votes)} → ${count(row.votes)}` })
            continue
          }
          items.push({ subject, file: row.source_file, line: row.source_line, status: "flagged", detail: `${count(row.votes)} in both rounds, ${pct(before.percent)} → ${pct(row.percent)}` })
          anomalies.push({
            key: `r${row.round}/${slug(row.contestant)}/votes`,
            file: row.source_file,
            line: row.source_line,
            lines: lineList(row.source_line, before.source_line, total ? [total.line] : []),
            section: contest.section,
            area: row.area,
            round: row.round,
            field: "votes",
            stated: row.votes,
            expected: null,
            delta: null,
            tolerance: 0,
            message: `Round ${row.round}: ${row.contestant}'s votes ${count(row.votes)} are a copy of round ${before.round}'s, yet the stated share changes from ${pct(before.percent)} to ${pct(row.percent)}.`,
            suggestion: null
          })
        }
      }
      // 2. Two rows of the same round with identical votes (each row against the first earlier row
      // with its count: `twinOf`).
      const twinOf = twinFinder(view.rows)
      for (let i = 0; i < view.rows.length; i++) {
        const row = view.rows[i]!
        if (row.votes === null || row.votes < REPEAT_MIN_VOTES) continue
        const twin = twinOf(i)
        if (!twin) continue
        const total = roundTotal(view)
        const rowSum = sum(view.rows.map((r) => r.votes ?? 0))
        const gap = total ? total.value - rowSum : null
        items.push({ subject: `${row.area} round ${row.round}: ${twin.contestant} / ${row.contestant}`, file: row.source_file, line: row.source_line, status: "flagged", detail: `both ${count(row.votes)}` })
        anomalies.push({
          key: `r${row.round}/${slug(twin.contestant)}/${slug(row.contestant)}/twin`,
          severity: "warning",
          file: row.source_file,
          line: row.source_line,
          lines: lineList(twin.source_line, row.source_line),
          section: contest.section,
          area: row.area,
          round: row.round,
          field: "votes",
          stated: row.votes,
          expected: null,
          delta: null,
          tolerance: 0,
          message: `Round ${row.round}: ${twin.contestant} (line ${twin.source_line}) and ${row.contestant} both state ${count(row.votes)} votes${row.percent === twin.percent ? ` and ${pct(row.percent, row.percent_decimals ?? 2)}` : ""}; one is probably copied from the other${
            gap === null
              ? ""
              : gap === 0
              ? " (the round still sums to its total, so it may be a true tie)"
              : ` — the rows miss the total by ${count(gap)}`
          }; the data cannot tell which row is the copy.`,
          suggestion: null
        })
      }
    }
    return { anomalies, items }
  }
}

type Row = Dataset["results"][number]

/** Rounds up to this many rows look for a twin by scanning the earlier rows; longer ones use a map. */
const SCAN_ROWS = 24

/**
 * The first earlier row of a round with the same votes (from REPEAT_MIN_VOTES up) as row `i`, if
 * any: what a map from votes to the first row with them gives. Short rounds (nearly all) scan the
 * rows before `i`, without a map per round (issue 8, seventh pass); longer ones keep the map, so the
 * cost stays linear in a long round. test/repeated-twin.test.ts holds both to the map.
 */
export const twinFinder = (rows: ReadonlyArray<Row>): ((i: number) => Row | undefined) => {
  if (rows.length <= SCAN_ROWS) {
    return (i) => {
      const votes = rows[i]!.votes
      for (let k = 0; k < i; k++) if (rows[k]!.votes === votes) return rows[k]
      return undefined
    }
  }
  const first = new Map<number, Row>()
  const twins: Array<Row | undefined> = []
  for (const row of rows) {
    if (row.votes === null || row.votes < REPEAT_MIN_VOTES) {
      twins.push(undefined)
      continue
    }
    const twin = first.get(row.votes)
    if (twin === undefined) first.set(row.votes, row)
    twins.push(twin)
  }
  return (i) => twins[i]
}

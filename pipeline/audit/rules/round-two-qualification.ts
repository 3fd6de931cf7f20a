/**
 * round-two-qualification: only lists with at least the qualification threshold of round-one votes
 * cast may stand in round two (2004 regional law: 10 %, Corsica 5 %; seeds/reference/electoral-law.csv).
 */
import { type Draft, type Item, PASSED, type Rule, type RuleOutcome } from "../anomaly.ts"
import { count, pct } from "../format.ts"
import { hasLaw, type LawParameter, lawParameter, noLawKnown, type Reference } from "../reference.ts"
import { lawKeyOf } from "../seats-law.ts"
import { slug } from "../../normalise/ids.ts"
import { type AreaContest, areaContests, lineList, roundTotal } from "../views.ts"
import type { Dataset } from "../../normalise/normalise.ts"
import type { Result } from "../../normalise/records.ts"

export const rule: Rule = {
  meta: {
    code: "round-two-qualification",
    title: "Round-two lists met the qualification threshold",
    severity: "error",
    category: "law",
    checks: "In an area with two rounds: a list below the round-two qualification threshold (share of round-one votes cast) that has round-two figures is an error; a list at or above it with no round-two figures is info (it merged or withdrew).",
    needs: "results of both rounds of an area's table, the round-one total, and the law parameter round_two_qualification for the area",
    tolerance: "none: the share is compared in integers (votes × 100 ≥ threshold × total)"
  },
  check: ({ dataset, reference, passedCountedOnly }): RuleOutcome => {
    const out: Outcome = { anomalies: [], items: [] }
    for (const contest of areaContests(dataset)) areaQualification(dataset, reference, passedCountedOnly === true, contest, out)
    return out
  }
}

// One area per `areaQualification` call and one list per `judgeList` call, rather than one `check`:
// V8's optimising compiler recompiled the whole rule after any deopt in it (4 compiles at 1,000
// articles; issue 8, fifth pass).

interface Outcome {
  readonly anomalies: Array<Draft>
  readonly items: Array<Item>
}

/** An area's round-one total, as `roundTotal` gives it. */
type Total = NonNullable<ReturnType<typeof roundTotal>>

const areaQualification = (dataset: Dataset, reference: Reference, countedOnly: boolean, contest: AreaContest, out: Outcome): void => {
  const first = contest.rounds.get(1)
  const second = contest.rounds.get(2)
  if (!first || contest.election.kind !== "regional") return
  const key = lawKeyOf(dataset, contest.election, reference)
  const law = lawParameter(reference, "round_two_qualification", contest.area, key)
  const subject = `${contest.area}: round-two lists`
  if (!hasLaw(reference, key)) {
    out.items.push({ subject, file: first.contest.source_file, line: first.contest.source_line, status: "not_evaluated", detail: noLawKnown(key) })
    return
  }
  if (!law) {
    out.items.push({ subject, file: first.contest.source_file, line: first.contest.source_line, status: "not_evaluated", detail: "no round_two_qualification parameter in the reference" })
    return
  }
  const total = roundTotal(first)
  if (!second || second.rows.length === 0 || !total || !(total.value > 0)) {
    out.items.push({ subject, file: first.contest.source_file, line: first.contest.source_line, status: "not_evaluated", detail: !total ? "round one has no total or valid votes" : !(total.value > 0) ? `round one's ${total.label} is ${total.value}: no share to compare with the threshold` : "the table has no round-two list figures" })
    return
  }
  for (const row of first.rows) {
    if (row.votes !== null) judgeList(row, row.votes, second.rows.find((r) => r.position === row.position), law, total, contest.area, first.contest.section, countedOnly, out)
  }
}

/** One round-one list: stood in round two (`later`: its round-two row) as its share allows? */
const judgeList = (
  row: Result, votes: number, later: Result | undefined, law: LawParameter, total: Total, area: string, section: string, countedOnly: boolean, out: Outcome
): void => {
  // Integer comparison: votes·100 ≥ threshold·total.
  const qualifies = votes * 100 >= law.value * total.value
  if (countedOnly && qualifies === (later !== undefined)) {
    out.items.push(PASSED)
    return
  }
  const share = (votes * 100) / total.value
  const rowSubject = `${area}: ${row.contestant} (${pct(share)})`
  if (qualifies === (later !== undefined)) {
    out.items.push({ subject: rowSubject, file: row.source_file, line: row.source_line, status: "passed", detail: `${qualifies ? "qualified and stood" : "below the threshold and did not stand"} (threshold ${law.value} %)` })
    return
  }
  out.items.push({ subject: rowSubject, file: row.source_file, line: row.source_line, status: "flagged", detail: `${qualifies ? "qualified, no round-two figures" : "below the threshold, yet has round-two figures"} (threshold ${law.value} %)` })
  out.anomalies.push(qualificationAnomaly(row, votes, later, law, total, area, section, qualifies, share))
}

/**
 * A list that stood against its share, or did not though it could: the anomaly, in a function of
 * its own so that `judgeList`, which runs per list, does not carry it in its compiled code (its
 * first flagged list deoptimised it; issue 8, ninth pass).
 */
const qualificationAnomaly = (
  row: Result, votes: number, later: Result | undefined, law: LawParameter, total: Total, area: string, section: string, qualifies: boolean, share: number
): Draft => ({
  file: row.source_file,
  line: later?.source_line ?? row.source_line,
  lines: lineList(row.source_line, total.line),
  section,
  area,
  round: 2,
  field: "round_two",
  tolerance: 0,
  suggestion: null,
  key: `${slug(row.contestant)}/round-two`,
  severity: qualifies ? "info" : "error",
  stated: later ? "stood in round two" : "no round-two figures",
  expected: qualifies ? `may stand (≥ ${law.value} %)` : `may not stand (< ${law.value} %)`,
  delta: Number((share - law.value).toFixed(4)),
  message: qualifies
    ? `${row.contestant} (${row.list_label ?? "list"}) had ${count(votes)} votes, ${pct(share)} of round one, enough to stand in round two (${law.value} %), but has no round-two figures: the list merged with another or withdrew.`
    : `${row.contestant} (${row.list_label ?? "list"}) had ${count(votes)} votes, ${pct(share)} of round one, below the ${law.value} % needed to stand in round two (${law.source}), yet the table gives round-two figures.`
})

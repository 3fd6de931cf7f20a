/**
 * turnout-identity: registered = abstentions + voters; voters = blank/invalid + valid; the rows'
 * votes sum to the valid votes; and stated turnout percentages match their counts.
 */
import { type Draft, type Item, PASSED, type Rule, type RuleOutcome } from "../anomaly.ts"
import { count, pct, tidy } from "../format.ts"
import { percentErrorThreshold, percentVerdict, roundingTolerance, share } from "../tolerance.ts"
import type { Turnout, TurnoutMeasure } from "../../normalise/records.ts"
import { lineList, roundViews } from "../views.ts"

export const rule: Rule = {
  meta: {
    code: "turnout-identity",
    title: "Turnout figures add up",
    severity: "error",
    category: "turnout",
    checks: "Where a round states turnout: registered = abstentions + voters; voters = blank/invalid + valid; the sum of the rows' votes = valid votes; abstentions and voters as % of registered, blank/invalid and valid as % of voters, match their counts.",
    needs: "turnout rows of a round, and the round's result rows",
    tolerance: "counts exact; percentages within half a unit of the last stated decimal"
  },
  check: ({ dataset, passedCountedOnly }): RuleOutcome => {
    const anomalies: Array<Draft> = []
    const items: Array<Item> = []
    for (const view of roundViews(dataset)) {
      if (view.turnout.length === 0) continue
      const { contest } = view
      const get = (m: TurnoutMeasure): Turnout | undefined => view.turnout.find((t) => t.measure === m && t.value !== null)
      const identity = (name: string, whole: Turnout | undefined, parts: ReadonlyArray<Turnout | undefined>, key: string) => {
        const subject = `${contest.area} round ${contest.round}: ${name}`
        if (!whole || parts.some((p) => !p)) {
          items.push({ subject, file: contest.source_file, line: contest.source_line, status: "not_evaluated", detail: "a figure of the identity is not stated" })
          return
        }
        // Sums in loops here and below: the same additions in the same order as `sum` of a mapped
        // array, without the arrays, whose elements kinds varied at `sum`'s inlined loop (a deopt).
        let partSum = 0
        for (const p of parts) partSum += p!.value!
        if (partSum === whole.value && passedCountedOnly === true) {
          items.push(PASSED)
          return
        }
        const detail = `${parts.map((p) => count(p!.value)).join(" + ")} = ${count(partSum)}; stated ${count(whole.value)}`
        if (partSum === whole.value) {
          items.push({ subject, file: whole.source_file, line: whole.source_line, status: "passed", detail })
          return
        }
        items.push({ subject, file: whole.source_file, line: whole.source_line, status: "flagged", detail })
        anomalies.push({
          key: `r${contest.round}/${key}`,
          file: whole.source_file,
          line: whole.source_line,
          lines: lineList(whole.source_line, parts.map((p) => p!.source_line)),
          section: contest.section,
          area: contest.area,
          round: contest.round,
          field: whole.measure,
          stated: whole.value,
          expected: partSum,
          delta: whole.value! - partSum,
          tolerance: 0,
          message: `Round ${contest.round}: ${name} fails — ${parts.map((p) => `${p!.label} ${count(p!.value)}`).join(" + ")} = ${count(partSum)}, but ${whole.label} is ${count(whole.value)}.`,
          suggestion: null
        })
      }
      identity("registered = abstentions + voters", get("registered"), [get("abstentions"), get("voters")], "registered")
      // A `Total votes` row (ballots cast) states the voters when no `Voters` row does.
      identity("voters = blank/invalid + valid", get("voters") ?? get("ballots_cast"), [get("blank_invalid"), get("valid")], "voters")
      // The rows' votes against the valid votes
      const valid = get("valid")
      if (valid && view.rows.length > 0) {
        const subject = `${contest.area} round ${contest.round}: list votes = valid votes`
        if (view.rows.some((r) => r.votes === null)) {
          items.push({ subject, file: valid.source_file, line: valid.source_line, status: "not_evaluated", detail: "a row states no votes" })
        } else {
          let rowSum = 0
          for (const r of view.rows) rowSum += r.votes!
          const detail = rowSum === valid.value && passedCountedOnly === true ? "" : `${view.rows.length} rows sum to ${count(rowSum)}; valid votes ${count(valid.value)}`
          if (rowSum === valid.value) items.push(passedCountedOnly === true ? PASSED : { subject, file: valid.source_file, line: valid.source_line, status: "passed", detail })
          else {
            items.push({ subject, file: valid.source_file, line: valid.source_line, status: "flagged", detail })
            anomalies.push({
              key: `r${contest.round}/valid`,
              file: valid.source_file,
              line: valid.source_line,
              lines: lineList(valid.source_line, view.rows.map((r) => r.source_line)),
              section: contest.section,
              area: contest.area,
              round: contest.round,
              field: "valid",
              stated: valid.value,
              expected: rowSum,
              delta: valid.value! - rowSum,
              tolerance: 0,
              message: `Round ${contest.round}: the ${view.rows.length} rows' votes sum to ${count(rowSum)}, but the valid votes are ${count(valid.value)}.`,
              suggestion: null
            })
          }
        }
      } else if (valid && view.rows.length === 0) {
        items.push({ subject: `${contest.area} round ${contest.round}: list votes = valid votes`, file: valid.source_file, line: valid.source_line, status: "not_evaluated", detail: "the round's list figures are missing from the table" })
      }
      // Turnout percentages
      const registered = get("registered")
      const voters = get("voters") ?? get("ballots_cast")
      const bases: ReadonlyArray<[TurnoutMeasure, Turnout | undefined]> = [
        ["abstentions", registered],
        ["voters", registered],
        ["blank_invalid", voters],
        ["valid", voters]
      ]
      for (const [measure, base] of bases) {
        const t = get(measure)
        if (!t || t.percent === null || t.percent_decimals === null || !base) continue
        const decimals = t.percent_decimals
        const subject = `${contest.area} round ${contest.round}: ${t.label} %`
        if (t.value === null || base.value === null || base.value <= 0) {
          // A share of nothing (a base of 0, or a figure not stated) cannot be checked.
          items.push({ subject, file: t.source_file, line: t.source_line, status: "not_evaluated", detail: `the base (${base.label}) is ${base.value === null ? "not stated" : count(base.value)}; a share of it cannot be checked` })
          continue
        }
        const exact = share(t.value!, base.value!)
        if (percentVerdict(t.value!, base.value!, t.percent, decimals) === "exact-rounding") {
          items.push(passedCountedOnly === true ? PASSED : { subject, file: t.source_file, line: t.source_line, status: "passed", detail: `${count(t.value)} / ${count(base.value)} = ${pct(exact, 3)}` })
          continue
        }
        items.push({ subject, file: t.source_file, line: t.source_line, status: "flagged", detail: `${count(t.value)} / ${count(base.value)} = ${pct(exact, 3)}, stated ${pct(t.percent)}` })
        anomalies.push({
          key: `r${contest.round}/${measure}/percent`,
          severity: Math.abs(t.percent - exact) > percentErrorThreshold(decimals) ? "error" : "warning",
          file: t.source_file,
          line: t.source_line,
          lines: lineList(t.source_line, base.source_line),
          section: contest.section,
          area: contest.area,
          round: contest.round,
          field: `${measure}_percent`,
          stated: t.percent,
          expected: tidy(exact, 4),
          delta: tidy(t.percent - exact),
          tolerance: roundingTolerance(decimals),
          message: `Round ${contest.round}: ${t.label} stated as ${pct(t.percent)} of ${base.label}, but ${count(t.value)} / ${count(base.value)} is ${pct(exact, 3)}.`,
          suggestion: null
        })
      }
    }
    return { anomalies, items }
  }
}

/**
 * council-size: each regional council's seat table sums to the council's statutory size, and the
 * national table's total seats and regions match the sum and count of all councils.
 */
import type { Draft, Item, Rule, RuleOutcome } from "../anomaly.ts"
import { count } from "../format.ts"
import type { Council, Reference } from "../reference.ts"
import { lineList, type SeatTableView, seatTableViews } from "../views.ts"

export const rule: Rule = {
  meta: {
    code: "council-size",
    title: "Council seats match the statutory council sizes",
    severity: "error",
    category: "seats",
    checks: "For a regional election: each area's council seat table sums to that council's statutory size (seeds/reference/regional-councils.csv); the national table's Total seats equals the sum of all statutory sizes, and its Total regions the number of councils.",
    needs: "seats of area-level seat tables, seat_totals of the national table, reference council sizes",
    tolerance: "none: seats are counts"
  },
  check: ({ dataset, reference }): RuleOutcome => {
    const out: Outcome = { anomalies: [], items: [] }
    // Summed in a loop: the same additions in the same order as `sum` of the mapped sizes, without the array.
    let statutoryTotal = 0
    for (const c of reference.councils) statutoryTotal += c.seats
    for (const view of seatTableViews(dataset)) {
      if (view.election.kind !== "regional") continue
      if (view.table.kind === "seats" && view.rows[0]?.area_level === "area") councilSize(reference, view, view.rows[0].area, out)
      else nationalTotals(reference, view, statutoryTotal, out)
    }
    return out
  }
}

// An area's council and the national total each in a function of its own, not one `check`: V8's
// optimising compiler recompiled the whole rule after a deopt in either part (issue 8, fifth pass).

interface Outcome {
  readonly anomalies: Array<Draft>
  readonly items: Array<Item>
}

/** An area's council table: its rows' seats against the council's statutory size. */
const councilSize = (reference: Reference, view: SeatTableView, area: string, out: Outcome): void => {
  const council = reference.councils.find((c) => c.region === area)
  const subject = `${area} council seats`
  if (!council) {
    out.items.push({ subject, file: view.table.source_file, line: view.table.source_line, status: "not_evaluated", detail: `no statutory size for '${area}' in ${reference.councilsFile}` })
    return
  }
  if (view.rows.some((r) => r.seats === null)) {
    out.items.push({ subject, file: view.table.source_file, line: view.table.source_line, status: "not_evaluated", detail: "a row states no seats" })
    return
  }
  let seatSum = 0
  for (const r of view.rows) seatSum += r.seats!
  // The reference's file and line (what joining a one-line array gave, without the array).
  const detail = `rows sum to ${count(seatSum)}; statutory size ${count(council.seats)} (${reference.councilsFile}:${council.line})`
  const agree = seatSum === council.seats
  out.items.push({ subject, file: view.table.source_file, line: view.table.source_line, status: agree ? "passed" : "flagged", detail })
  if (!agree) out.anomalies.push(sizeAnomaly(view, area, seatSum, council))
}

/**
 * A council whose rows do not sum to its size: the anomaly, in a function of its own so that
 * `councilSize`'s compiled code does not carry it (most councils agree; issue 8, ninth pass).
 */
const sizeAnomaly = (view: SeatTableView, area: string, seatSum: number, council: Council): Draft => {
  const section = view.table.section
  return {
    key: "council-size",
    file: view.table.source_file,
    line: view.table.source_line,
    lines: lineList(view.table.source_line, view.rows.map((r) => r.source_line)),
    section,
    area,
    round: null,
    field: "seats",
    stated: seatSum,
    expected: council.seats,
    delta: seatSum - council.seats,
    tolerance: 0,
    message: `${area}: the council table's ${view.rows.length} rows hold ${count(seatSum)} seats, but the council has ${count(council.seats)} (${council.source}); ${count(Math.abs(seatSum - council.seats))} seat(s) ${seatSum < council.seats ? "missing" : "too many"}.`,
    suggestion: null
  }
}

/** A national table's total: its seats and regions against the reference's councils. */
const nationalTotals = (reference: Reference, view: SeatTableView, statutoryTotal: number, out: Outcome): void => {
  const section = view.table.section
  const total = view.total
  if (!total || total.area_level !== "national") return
  const checks = [
    { field: "seats", stated: total.seats, expected: statutoryTotal, what: "seats", basis: `the sum of the ${reference.councils.length} statutory council sizes` },
    { field: "regions", stated: total.regions, expected: reference.councils.length, what: "regions", basis: `the number of regional councils in the reference` }
  ] as const
  for (const c of checks) {
    if (c.stated === null) continue
    const subject = `national total ${c.what}`
    const detail = `stated ${count(c.stated)}; ${c.basis}: ${count(c.expected)} (${reference.councilsFile})`
    if (c.stated === c.expected) {
      out.items.push({ subject, file: total.source_file, line: total.source_line, status: "passed", detail })
      continue
    }
    out.items.push({ subject, file: total.source_file, line: total.source_line, status: "flagged", detail })
    out.anomalies.push({
      key: `national/${c.field}`,
      file: total.source_file,
      line: total.source_line,
      lines: [total.source_line],
      section,
      area: total.area,
      round: null,
      field: c.field,
      stated: c.stated,
      expected: c.expected,
      delta: c.stated - c.expected,
      tolerance: 0,
      message: `The national Total states ${count(c.stated)} ${c.what}, but ${c.basis} is ${count(c.expected)}.`,
      suggestion: null
    })
  }
}

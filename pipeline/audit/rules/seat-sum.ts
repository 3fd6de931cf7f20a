/** seat-sum: a seat table's rows add up to its stated Total row (seats, earlier seats, regions). */
import type { Draft, Item, Rule, RuleOutcome } from "../anomaly.ts"
import { count } from "../format.ts"
import { lineList, seatTableViews } from "../views.ts"
import type { Seat, SeatTotal } from "../../normalise/records.ts"

const COLUMNS = [
  { field: "seats", label: "seats" },
  { field: "seats_before", label: "earlier seats" },
  { field: "regions", label: "regions" }
] as const satisfies ReadonlyArray<{ field: keyof Seat & keyof SeatTotal; label: string }>

export const rule: Rule = {
  meta: {
    code: "seat-sum",
    title: "Seat rows sum to the stated total",
    severity: "error",
    category: "seats",
    checks: "For every seat table with a Total row: the rows' seats, earlier seats (e.g. Seats (2001)) and regions each sum to the totals stated.",
    needs: "seats and seat_totals of one table",
    tolerance: "none: seats are counts"
  },
  check: ({ dataset }): RuleOutcome => {
    const anomalies: Array<Draft> = []
    const items: Array<Item> = []
    for (const view of seatTableViews(dataset)) {
      const total = view.total
      if (total === null) continue
      for (const { field, label } of COLUMNS) {
        const stated = total[field]
        if (stated === null) continue
        const subject = `${view.table.section || "top"}: ${label}${field === "seats" && view.rows[0]?.year ? ` (${view.rows[0].year})` : field === "seats_before" && view.rows[0]?.year_before ? ` (${view.rows[0].year_before})` : ""}`
        // The rows' figures read in loops (no array of them: its elements kind varied with the
        // figures, and `some` and `sum` deoptimised at each new one): the same sum, in the same
        // order, and the same " + "-joined figures.
        let unread = false
        for (const r of view.rows) if (r[field] === null) unread = true
        if (unread) {
          items.push({ subject, file: total.source_file, line: total.source_line, status: "not_evaluated", detail: `a row states no ${label}` })
          continue
        }
        let rowSum = 0
        let figures = ""
        for (let i = 0; i < view.rows.length; i++) {
          const v = view.rows[i]![field]!
          rowSum += v
          figures += i === 0 ? count(v) : ` + ${count(v)}`
        }
        const detail = `${figures} = ${count(rowSum)}; stated ${count(stated)}`
        if (rowSum === stated) {
          items.push({ subject, file: total.source_file, line: total.source_line, status: "passed", detail })
          continue
        }
        items.push({ subject, file: total.source_file, line: total.source_line, status: "flagged", detail })
        anomalies.push({
          key: `total/${field}`,
          file: total.source_file,
          line: total.source_line,
          lines: lineList(view.rows.map((r) => r.source_line), total.source_line),
          section: view.table.section,
          area: total.area,
          round: null,
          field,
          stated,
          expected: rowSum,
          delta: stated - rowSum,
          tolerance: 0,
          message: `The ${view.rows.length} rows' ${label} sum to ${count(rowSum)}, but the Total row states ${count(stated)}.`,
          suggestion: null
        })
      }
    }
    return { anomalies, items }
  }
}

/**
 * change: the change column agrees with the seat columns — per row (after − before), for the
 * Total row, and as a column sum; a council whose size did not change has changes summing to 0.
 */
import type { Draft, Item, Rule, RuleOutcome } from "../anomaly.ts"
import { count, signed } from "../format.ts"
import { slug } from "../../normalise/ids.ts"
import { lineList, seatTableViews } from "../views.ts"

export const rule: Rule = {
  meta: {
    code: "change",
    title: "Seat changes agree with the seat columns",
    severity: "error",
    category: "seats",
    checks: "Each row's stated change equals seats − earlier seats where both columns exist, and without an earlier column implies no negative earlier seats (seats − change ≥ 0); the Total row's change equals its seats − earlier seats; the change column sums to the Total row's change; a regional council whose statutory size did not change (reference: regional-councils.csv) has changes summing to 0.",
    needs: "seats (seats, seats_before, change), seat_totals, and for councils the reference sizes",
    tolerance: "none: seats are counts"
  },
  check: ({ dataset, reference }): RuleOutcome => {
    const anomalies: Array<Draft> = []
    const items: Array<Item> = []
    for (const view of seatTableViews(dataset)) {
      const section = view.table.section
      const withChange = view.rows.filter((r) => r.change !== null)
      if (withChange.length === 0) continue
      // 1. Each row: change = seats − seats_before; without an earlier column, seats − change is the
      // earlier count, which cannot be negative (`0` seats and `+2`).
      for (const row of view.rows) {
        if (row.change !== null && row.seats !== null && row.seats_before === null && row.seats - row.change < 0) {
          const earlier = row.seats - row.change
          const subject = `${section}: ${row.party}`
          items.push({ subject, file: row.source_file, line: row.source_line, status: "flagged", detail: `${count(row.seats)} − ${signed(row.change)} = ${earlier} earlier seats` })
          anomalies.push(rowChange(row, section, "change-earlier", row.change, row.seats, `${row.party}: ${count(row.seats)} seats with a change of ${signed(row.change)} means ${earlier} seats before, which cannot be; the change is at most ${signed(row.seats)}.`))
          continue
        }
        if (row.change === null || row.seats === null || row.seats_before === null) continue
        const expected = row.seats - row.seats_before
        const subject = `${section}: ${row.party}`
        const detail = `${count(row.seats)} − ${count(row.seats_before)} = ${signed(expected)}; stated ${signed(row.change)}`
        if (expected === row.change) {
          items.push({ subject, file: row.source_file, line: row.source_line, status: "passed", detail })
          continue
        }
        items.push({ subject, file: row.source_file, line: row.source_line, status: "flagged", detail })
        anomalies.push(rowChange(row, section, "change", row.change, expected, `${row.party}: the stated change ${signed(row.change)} does not match ${count(row.seats)} − ${count(row.seats_before)} = ${signed(expected)}.`))
      }
      const total = view.total
      // A loop: the same additions in the same order as `sum` of the mapped changes, without the array.
      let changeSum = 0
      for (const r of withChange) changeSum += r.change!
      const rowLines = view.rows.map((r) => r.source_line)
      // 2. The Total row's change against its own seat columns
      if (total && total.change !== null && total.seats !== null && total.seats_before !== null) {
        const expected = total.seats - total.seats_before
        const subject = `${section}: Total change`
        const detail = `${count(total.seats)} − ${count(total.seats_before)} = ${signed(expected)}; stated ${signed(total.change)}`
        if (expected === total.change) items.push({ subject, file: total.source_file, line: total.source_line, status: "passed", detail })
        else {
          items.push({ subject, file: total.source_file, line: total.source_line, status: "flagged", detail })
          const settled = changeSum === expected
          anomalies.push({
            key: "total/change",
            file: total.source_file,
            line: total.source_line,
            lines: lineList(total.source_line, settled ? rowLines : []),
            section,
            area: total.area,
            round: null,
            field: "change",
            stated: total.change,
            expected,
            delta: total.change - expected,
            tolerance: 0,
            message: `Total: the stated change ${signed(total.change)} does not match ${count(total.seats)} − ${count(total.seats_before)} = ${signed(expected)}.`,
            suggestion: null
          })
        }
      }
      // 3. The column sum against the Total row's change
      if (total && total.change !== null) {
        const subject = `${section}: change column sum`
        const detail = `changes sum to ${signed(changeSum)}; Total row states ${signed(total.change)}`
        if (withChange.length !== view.rows.length) {
          items.push({ subject, file: total.source_file, line: total.source_line, status: "not_evaluated", detail: "a row states no change" })
        } else if (changeSum === total.change) items.push({ subject, file: total.source_file, line: total.source_line, status: "passed", detail })
        else {
          items.push({ subject, file: total.source_file, line: total.source_line, status: "flagged", detail })
          anomalies.push({
            key: "total/change-sum",
            file: total.source_file,
            line: total.source_line,
            lines: lineList(rowLines, total.source_line),
            section,
            area: total.area,
            round: null,
            field: "change",
            stated: total.change,
            expected: changeSum,
            delta: total.change - changeSum,
            tolerance: 0,
            message: `The rows' changes sum to ${signed(changeSum)}, but the Total row states ${signed(total.change)}.`,
            suggestion: null
          })
        }
      }
      // 4. A council of unchanged size: changes sum to 0
      if (!total && view.election.kind === "regional" && view.table.kind === "seats") {
        const council = reference.councils.find((c) => c.region === view.rows[0]?.area)
        const subject = `${section}: change column sum`
        if (!council) {
          items.push({ subject, file: view.table.source_file, line: view.table.source_line, status: "not_evaluated", detail: `no statutory council size for '${view.rows[0]?.area}' in the reference` })
          continue
        }
        const sizeChange = council.seats - council.previous_seats
        if (withChange.length !== view.rows.length) {
          items.push({ subject, file: view.table.source_file, line: view.table.source_line, status: "not_evaluated", detail: "a row states no change" })
          continue
        }
        const detail = `changes sum to ${signed(changeSum)}; council size ${council.previous_seats} → ${council.seats} (${signed(sizeChange)})`
        if (changeSum === sizeChange) {
          items.push({ subject, file: view.table.source_file, line: view.table.source_line, status: "passed", detail })
          continue
        }
        items.push({ subject, file: view.table.source_file, line: view.table.source_line, status: "flagged", detail })
        anomalies.push({
          key: "change-sum",
          file: view.table.source_file,
          line: view.table.source_line,
          lines: lineList(view.table.source_line, rowLines),
          section,
          area: view.rows[0]?.area ?? null,
          round: null,
          field: "change",
          stated: changeSum,
          expected: sizeChange,
          delta: changeSum - sizeChange,
          tolerance: 0,
          message: `The council's seat changes sum to ${signed(changeSum)}, but its size went from ${count(council.previous_seats)} to ${count(council.seats)} (${signed(sizeChange)}); some row's change is off by ${count(Math.abs(changeSum - sizeChange))} in total.`,
          suggestion: null
        })
      }
    }
    return { anomalies, items }
  }
}

/** A seat row's change that its own columns contradict: `expected` is the change they allow (at most, for `change-earlier`). */
const rowChange = (
  row: { readonly party: string; readonly source_file: string; readonly source_line: number; readonly area: string },
  section: string,
  check: "change" | "change-earlier",
  stated: number,
  expected: number,
  message: string
): Draft => ({
  key: `${slug(row.party)}/${check}`,
  file: row.source_file,
  line: row.source_line,
  lines: [row.source_line],
  section,
  area: row.area,
  round: null,
  field: "change",
  stated,
  expected,
  delta: stated - expected,
  tolerance: 0,
  message,
  suggestion: null
})

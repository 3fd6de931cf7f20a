/**
 * presidencies: general-council presidencies won by each party sum to the number of departments
 * the article names ("France's 100 departments"): every department has exactly one president.
 */
import type { Draft, Item, Rule, RuleOutcome } from "../anomaly.ts"
import { count } from "../format.ts"
import { lineList, seatTableViews, sum } from "../views.ts"

/** "100 departments", "France's 100 departments", "the 96 departments" */
const DEPARTMENTS = /\b(\d{1,3})\s+(?:metropolitan\s+)?departments\b/i

export const rule: Rule = {
  meta: {
    code: "presidencies",
    title: "Presidencies sum to the number of departments",
    severity: "error",
    category: "law",
    checks: "In an article with a presidencies column (general councils), the presidencies of all rows sum to the number of departments the article's text states (the first 'N departments' in its paragraphs): each department's council has one president.",
    needs: "seats rows with measure presidencies; the article's paragraphs",
    tolerance: "none: presidencies are counts"
  },
  check: ({ dataset }): RuleOutcome => {
    const anomalies: Array<Draft> = []
    const items: Array<Item> = []
    for (const view of seatTableViews(dataset)) {
      const rows = view.rows.filter((r) => r.measure === "presidencies")
      if (rows.length === 0) continue
      const subject = `${view.election.title}: presidencies`
      const statement = dataset.texts
        .filter((t) => t.election_id === view.election.election_id && t.kind === "paragraph")
        .map((t) => ({ t, m: DEPARTMENTS.exec(t.text) }))
        .find((x) => x.m !== null)
      if (!statement) {
        items.push({ subject, file: view.table.source_file, line: view.table.source_line, status: "not_evaluated", detail: "the article states no number of departments" })
        continue
      }
      if (rows.some((r) => r.seats === null)) {
        items.push({ subject, file: view.table.source_file, line: view.table.source_line, status: "not_evaluated", detail: "a row states no presidencies" })
        continue
      }
      const departments = Number(statement.m![1])
      const total = sum(rows.map((r) => r.seats!))
      const detail = `${rows.filter((r) => r.seats! > 0).map((r) => `${r.party} ${r.seats}`).join(" + ")} = ${count(total)}; '${statement.m![0]}' (line ${statement.t.source_line})`
      if (total === departments) {
        items.push({ subject, file: view.table.source_file, line: view.table.source_line, status: "passed", detail })
        continue
      }
      items.push({ subject, file: view.table.source_file, line: view.table.source_line, status: "flagged", detail })
      anomalies.push({
        key: "presidencies",
        file: view.table.source_file,
        line: view.table.source_line,
        lines: lineList(statement.t.source_line, rows.map((r) => r.source_line)),
        section: view.table.section,
        area: "national",
        round: null,
        field: "presidencies",
        stated: total,
        expected: departments,
        delta: total - departments,
        tolerance: 0,
        message: `The table's presidencies sum to ${count(total)}, but the article names ${count(departments)} departments (line ${statement.t.source_line}), each with one president.`,
        suggestion: null
      })
    }
    return { anomalies, items }
  }
}

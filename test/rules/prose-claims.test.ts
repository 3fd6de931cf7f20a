/**
 * Rule prose-claims (pipeline/audit/rules/prose-claims.ts), RuleTester style: claims read from the
 * prose of small invented articles — held (no finding), contradicted (a warning with the evidence and
 * the table's line), not checkable (an item with the reason, never a finding) — and ids that do not
 * depend on lines. test/prose.test.ts covers the readings one by one; test/prose-seeds.test.ts the seeds.
 */
import { rule } from "../../pipeline/audit/rules/prose-claims.ts"
import { CANTONAL_WITH_MPF, cantonalArticle, idStability, lineOf, ruleTester } from "../helpers/fixture.ts"

const national = (prose: string) => [
  "= 2019 Testland general election =",
  "",
  "Infobox",
  "- Election Name: 2019 Testland general election",
  "- Seats For Election: All 150 seats in the National Assembly",
  "",
  "General elections were held in Testland on 12 May 2019 to elect the 150 members of the National Assembly.",
  "",
  prose,
  "",
  "==National results==",
  "",
  "| Party | Votes | % | Seats |",
  "| Labour Party (LAB) | 1,412,380 | 39.46% | 63 |",
  "| National Union (NU) | 1,198,765 | 33.49% | 53 |",
  "| Green Alliance (GA) | 402,118 | 11.23% | 18 |",
  "| Farmers' League (FL) | 566,366 | 15.82% | 16 |",
  "| Total | 3,579,629 | 100.00% | 150 |",
  ""
].join("\n")

const wrongSeats = national("The Labour Party (LAB) won 64 of the 150 seats, and the National Union (NU) 53.")
const socialists = cantonalArticle({
  parties: CANTONAL_WITH_MPF,
  intro: "The Socialist Party (PS) did well, leaving the Socialists in control of a majority of departments."
})

ruleTester(rule, {
  valid: [
    {
      name: "a party's seats, the chamber's total and the infobox's seats up for election hold",
      article: national("The Labour Party (LAB) won 63 of the 150 seats, and the National Union (NU) 53."),
      passed: 4
    },
    {
      name: "presidencies: 'the PS won 44 presidencies' against the cantonal table",
      article: cantonalArticle({ parties: CANTONAL_WITH_MPF, intro: "The Socialist Party (PS) won 44 presidencies." }),
      check: (t, run) => t.true(run.items.some((i) => i.status === "passed" && i.detail.includes("PS holds 44 presidencies")))
    },
    {
      name: "bounds, estimates and figures that name nothing are not checkable, with the reason",
      article: national("Some 40 seats changed hands; parties needed more than 5% of the votes cast in 12 constituencies."),
      check: (t, run) => {
        const line = lineOf(national("Some 40 seats"), "Some 40 seats")
        const items = run.items.filter((i) => i.line === line)
        t.true(items.length >= 3)
        t.true(items.every((i) => i.status === "not_evaluated" && i.detail !== ""))
      }
    }
  ],
  invalid: [
    {
      name: "'won 64 of the 150 seats' against the table's 63: a warning citing the table's row",
      article: wrongSeats,
      anomalies: [{
        severity: "warning",
        field: "claim",
        line: lineOf(wrongSeats, "won 64"),
        linesInclude: [lineOf(wrongSeats, "| Labour Party (LAB)")],
        stated: 64,
        expected: 63,
        delta: 1,
        message: ["The Labour Party (LAB) won 64 of the 150 seats", "Labour Party (LAB)'s 63 seats in the table"]
      }]
    },
    {
      name: "'the Socialists in control of a majority of departments' against PS's 44 of 100 presidencies",
      article: socialists,
      anomalies: [{
        severity: "warning",
        field: "claim",
        line: lineOf(socialists, "leaving the Socialists"),
        stated: 44,
        expected: 51,
        message: ["PS holds 44 presidencies"]
      }]
    }
  ]
})

idStability(rule, "a contradicted party seat count", wrongSeats, "General elections were held")

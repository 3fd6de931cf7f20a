import test from "ava"
import { rule } from "../../pipeline/audit/rules/seat-sum.ts"
import {
  ALSACE_CANDIDATES,
  ALSACE_COUNCIL,
  audit,
  idStability,
  lineOf,
  NATIONAL_2004,
  regionalArticle,
  replace,
  ruleTester,
  SENATE_GROUPS,
  senateArticle
} from "../helpers/fixture.ts"

const totalLine = (text: string) => lineOf(text, "| Total")
const groupLines = (text: string) => SENATE_GROUPS.map((g) => lineOf(text, `| ${g.name} |`))
const nationalLines = (text: string) => NATIONAL_2004.groupings.map((g) => lineOf(text, `| ${g.grouping} |`))

const senateSeats = senateArticle({ groups: SENATE_GROUPS, total: { after: 332 } })
const senateBefore = senateArticle({ groups: SENATE_GROUPS, total: { before: 312 } })
const senateBoth = senateArticle({ groups: SENATE_GROUPS, total: { before: 320, after: 330 } })
const nationalRegions = regionalArticle({ national: { ...NATIONAL_2004, total: { regions: 25 } }, regions: [] })
const nationalSeats = regionalArticle({
  national: { groupings: replace(NATIONAL_2004.groupings, (g) => g.grouping === "FN", (g) => ({ ...g, seats: 155 })), total: { seats: 1880 } },
  regions: []
})

ruleTester(rule, {
  valid: [
    {
      name: "the 2004 Senate groups add up in both seat columns",
      article: senateArticle({ groups: SENATE_GROUPS }),
      passed: 2,
      check: (t, run) => {
        t.deepEqual(run.items.map((i) => i.subject), ["Results: seats (2004)", "Results: earlier seats (2001)"])
        t.is(run.items[0]!.detail, "155 + 97 + 33 + 23 + 16 + 7 = 331; stated 331")
      }
    },
    {
      name: "the 2004 regional national table: seats and regions ('–' counts as none)",
      article: regionalArticle({ national: NATIONAL_2004, regions: [] }),
      passed: 2,
      check: (t, run) => t.deepEqual(run.items.map((i) => i.subject), ["National results: seats", "National results: regions"])
    },
    {
      name: "a council table without a Total row has nothing to sum to",
      article: regionalArticle({ region: "Alsace", candidates: ALSACE_CANDIDATES, council: ALSACE_COUNCIL }),
      check: (t, run) => t.is(run.items.length, 0)
    },
    {
      name: "a Total row without earlier seats checks the seats only",
      article: senateArticle({ groups: SENATE_GROUPS, total: { before: null } }),
      passed: 1,
      check: (t, run) => t.deepEqual(run.items.map((i) => i.subject), ["Results: seats (2004)"])
    },
    {
      name: "a row with an empty seat cell: not evaluated",
      article: senateArticle({
        groups: replace(SENATE_GROUPS, (g) => g.name === "Non-Inscrits", (g) => ({ ...g, after: "", change: "+2" })),
        total: { after: 331 }
      }),
      passed: 1,
      notEvaluated: ["a row states no seats"]
    }
  ],
  invalid: [
    {
      name: "Senate: the Total's seats one too many",
      article: senateSeats,
      anomalies: [
        {
          severity: "error",
          field: "seats",
          line: totalLine(senateSeats),
          lines: [...groupLines(senateSeats), totalLine(senateSeats)],
          round: null,
          area: "national",
          stated: 332,
          expected: 331,
          delta: 1,
          tolerance: 0,
          suggestion: null,
          idEndsWith: "/results/total/seats",
          message: ["331", "332"]
        }
      ]
    },
    {
      name: "Senate: the Total's earlier seats mistyped (321 → 312)",
      article: senateBefore,
      anomalies: [{ severity: "error", field: "seats_before", line: totalLine(senateBefore), lines: [...groupLines(senateBefore), totalLine(senateBefore)], stated: 312, expected: 321, delta: -9, suggestion: null }]
    },
    {
      name: "Senate: both columns off, one anomaly each",
      article: senateBoth,
      anomalies: [
        { severity: "error", field: "seats", line: totalLine(senateBoth), stated: 330, expected: 331, delta: -1 },
        { severity: "error", field: "seats_before", line: totalLine(senateBoth), stated: 320, expected: 321, delta: -1 }
      ],
      check: (t, run) => t.not(run.anomalies[0]!.id, run.anomalies[1]!.id)
    },
    {
      name: "national table: regions won sum to 26, the Total says 25",
      article: nationalRegions,
      anomalies: [
        { severity: "error", field: "regions", line: totalLine(nationalRegions), lines: [...nationalLines(nationalRegions), totalLine(nationalRegions)], stated: 25, expected: 26, delta: -1, suggestion: null }
      ]
    },
    {
      name: "national table: a grouping's seats mistyped (FN 156 → 155)",
      article: nationalSeats,
      anomalies: [{ severity: "error", field: "seats", line: totalLine(nationalSeats), stated: 1880, expected: 1879, delta: 1 }]
    }
  ]
})

idStability(rule, "Senate, paragraph above the table", senateBoth, "==Results==")

test("seat-sum: the flagged item shows the addition", (t) => {
  const { items } = audit(senateSeats).run(rule)
  t.deepEqual(items.map((i) => [i.status, i.line]), [["flagged", totalLine(senateSeats)], ["passed", totalLine(senateSeats)]])
  t.is(items[0]!.detail, "155 + 97 + 33 + 23 + 16 + 7 = 331; stated 332")
})

import test from "ava"
import { rule } from "../../pipeline/audit/rules/council-size.ts"
import {
  ALSACE_CANDIDATES,
  ALSACE_COUNCIL,
  audit,
  type CouncilRow,
  idStability,
  lineOf,
  linesOf,
  NATIONAL_2004,
  realReference,
  regionalArticle,
  replace,
  ruleTester
} from "../helpers/fixture.ts"

const councilHeader = (text: string) => lineOf(text, "| Party | seats | change +/- | |")
const councilLines = (text: string, rows: ReadonlyArray<CouncilRow>) => {
  const from = councilHeader(text)
  return rows.map((r) => lineOf(text, `| ${r.party} |`, from))
}
const totalLine = (text: string) => lineOf(text, "| Total")

// Brittany as the seed has it: 82 seats listed for a council of 83.
const BRITTANY_COUNCIL: ReadonlyArray<CouncilRow> = [
  { party: "Socialist Party", seats: 36, change: 11, majority: true },
  { party: "Union for a Popular Movement", seats: 14, change: -3 },
  { party: "Union for French Democracy", seats: 9, change: -8 },
  { party: "French Communist Party", seats: 7, change: 1, majority: true },
  { party: "The Greens", seats: 7, change: 4, majority: true },
  { party: "Breton Democratic Union", seats: 4, change: 4, majority: true },
  { party: "Left Radical Party", seats: 2, change: 2, majority: true },
  { party: "Miscellaneous Left", seats: 2, change: -1 },
  { party: "Miscellaneous Left", seats: 1, change: 1, majority: true },
  { party: "National Front", seats: 0, change: -7 },
  { party: "Hunting, Fishing, Nature, Traditions", seats: 0, change: -1 },
  { party: "Ecology Generation", seats: 0, change: -1 },
  { party: "Workers' Struggle", seats: 0, change: -1 },
  { party: "Revolutionary Communist League (France)", seats: 0, change: -1 },
  { party: "MRV-CAP", seats: 0, change: -1 }
]

const alsaceCouncil = (rows: ReadonlyArray<CouncilRow>) => regionalArticle({ region: "Alsace", candidates: ALSACE_CANDIDATES, council: rows })
const missing = alsaceCouncil(replace(ALSACE_COUNCIL, (r) => r.party === "Union for a Popular Movement", (r) => ({ ...r, seats: 17 })))
const tooMany = alsaceCouncil(replace(ALSACE_COUNCIL, (r) => r.party === "The Greens", (r) => ({ ...r, seats: 6 })))
const brittany = regionalArticle({ region: "Brittany", council: BRITTANY_COUNCIL })
const nationalSeats = regionalArticle({ national: { ...NATIONAL_2004, total: { seats: 1879 } }, regions: [] })
const nationalRegions = regionalArticle({ national: { ...NATIONAL_2004, total: { regions: 22 } }, regions: [] })

ruleTester(rule, {
  valid: [
    {
      name: "Alsace: 47 seats, the statutory size",
      article: alsaceCouncil(ALSACE_COUNCIL),
      passed: 1,
      check: (t, run) => {
        t.deepEqual(run.items.map((i) => i.subject), ["Alsace council seats"])
        t.is(run.items[0]!.detail, "rows sum to 47; statutory size 47 (regional-councils.csv:2)")
      }
    },
    {
      name: "the national table: 1,880 seats and 26 regions",
      article: regionalArticle({ national: NATIONAL_2004, regions: [] }),
      passed: 2,
      check: (t, run) => t.deepEqual(run.items.map((i) => i.subject), ["national total seats", "national total regions"])
    },
    {
      name: "several regions, each to its own size",
      article: regionalArticle({
        regions: [
          { region: "Alsace", council: ALSACE_COUNCIL },
          { region: "Corsica", council: [{ party: "Left", seats: 24, change: 5 }, { party: "Union for a Popular Movement and Right", seats: 19, change: -5, majority: true }, { party: "Nationalists", seats: 8, change: 0 }] }
        ]
      }),
      passed: 2
    },
    {
      name: "not a regional election: no statutory size applies",
      article: regionalArticle({ title: "2004 French cantonal elections", region: "Alsace", council: replace(ALSACE_COUNCIL, (_, i) => i === 0, (r) => ({ ...r, seats: 1 })) }),
      check: (t, run) => t.is(run.items.length, 0)
    },
    {
      name: "a region missing from the reference: not evaluated",
      article: regionalArticle({ region: "Mayotte", council: ALSACE_COUNCIL }),
      notEvaluated: ["no statutory size for 'Mayotte' in regional-councils.csv"]
    },
    {
      name: "a row without seats: not evaluated",
      article: alsaceCouncil(replace(ALSACE_COUNCIL, (r) => r.party === "The Greens", (r) => ({ ...r, seats: "" }))),
      notEvaluated: ["a row states no seats"]
    }
  ],
  invalid: [
    {
      name: "Alsace: a seat missing (46 of 47)",
      article: missing,
      anomalies: [
        {
          severity: "error",
          field: "seats",
          line: councilHeader(missing),
          lines: [councilHeader(missing), ...councilLines(missing, ALSACE_COUNCIL)],
          round: null,
          area: "Alsace",
          stated: 46,
          expected: 47,
          delta: -1,
          tolerance: 0,
          suggestion: null,
          idEndsWith: "/results-by-region-alsace-regional-council/council-size",
          message: ["46 seats", "has 47", "1 seat(s) missing"]
        }
      ]
    },
    {
      name: "Alsace: two seats too many",
      article: tooMany,
      anomalies: [{ severity: "error", field: "seats", line: councilHeader(tooMany), stated: 49, expected: 47, delta: 2, message: ["too many"] }]
    },
    {
      name: "Brittany as the seed has it: 82 of 83",
      article: brittany,
      anomalies: [
        {
          severity: "error",
          field: "seats",
          line: councilHeader(brittany),
          lines: [councilHeader(brittany), ...linesOf(brittany, "| ").filter((l) => l > councilHeader(brittany))],
          area: "Brittany",
          stated: 82,
          expected: 83,
          delta: -1
        }
      ]
    },
    {
      name: "the national Total's seats differ from the sum of the councils",
      article: nationalSeats,
      anomalies: [
        { severity: "error", field: "seats", line: totalLine(nationalSeats), lines: [totalLine(nationalSeats)], area: "national", stated: 1879, expected: 1880, delta: -1, idEndsWith: "/national-results/national/seats" }
      ]
    },
    {
      name: "the national Total's regions differ from the number of councils",
      article: nationalRegions,
      anomalies: [{ severity: "error", field: "regions", line: totalLine(nationalRegions), lines: [totalLine(nationalRegions)], stated: 22, expected: 26, delta: -4 }]
    }
  ]
})

idStability(rule, "Alsace, paragraph above the council table", missing, "===Alsace===")

test("council-size: the statutory sizes are the reference's, which sum to 1,880", (t) => {
  const reference = realReference()
  t.is(reference.councils.reduce((a, c) => a + c.seats, 0), 1880)
  t.is(reference.councils.length, 26)
  const { items } = audit(missing).run(rule)
  t.deepEqual(items.map((i) => [i.status, i.detail]), [["flagged", "rows sum to 46; statutory size 47 (regional-councils.csv:2)"]])
})

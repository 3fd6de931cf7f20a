import test from "ava"
import { rule } from "../../pipeline/audit/rules/change.ts"
import {
  ALSACE_CANDIDATES,
  ALSACE_COUNCIL,
  audit,
  type CouncilRow,
  idStability,
  lineOf,
  NATIONAL_2004,
  regionalArticle,
  replace,
  ruleTester,
  SENATE_GROUPS,
  senateArticle
} from "../helpers/fixture.ts"

const councilHeader = (text: string) => lineOf(text, "| Party | seats | change +/- | |")
const councilLines = (text: string, rows: ReadonlyArray<CouncilRow>) => rows.map((r) => lineOf(text, `| ${r.party} |`, councilHeader(text)))
const groupLine = (text: string, name: string) => lineOf(text, `| ${name} |`)
const groupLines = (text: string) => SENATE_GROUPS.map((g) => groupLine(text, g.name))
const totalLine = (text: string) => lineOf(text, "| Total")

// The Senate seed: every row's change right, the Total's +5 wrong (331 − 321 = +10, and the rows sum to +10).
const senateSeed = senateArticle({ groups: SENATE_GROUPS, total: { change: 5 } })
// A row's change mistyped (+14 → +41).
const rowTypo = senateArticle({ groups: replace(SENATE_GROUPS, (g) => g.name === "Socialist Group", (g) => ({ ...g, change: 41 })), total: { change: 10 } })
// The Total's change wrong and a row's too: the rows no longer confirm the Total's seat columns.
const unsettled = senateArticle({ groups: replace(SENATE_GROUPS, (g) => g.name === "Socialist Group", (g) => ({ ...g, change: 19 })), total: { change: 5 } })
const alsaceCouncil = (rows: ReadonlyArray<CouncilRow>) => regionalArticle({ region: "Alsace", candidates: ALSACE_CANDIDATES, council: rows })
const alsacePlusOne = alsaceCouncil(replace(ALSACE_COUNCIL, (r) => r.party === "The Greens", (r) => ({ ...r, change: 4 })))
const alsaceSign = alsaceCouncil(replace(ALSACE_COUNCIL, (r) => r.party === "National Front", (r) => ({ ...r, change: "+5" })))

ruleTester(rule, {
  valid: [
    {
      name: "Alsace: a council of unchanged size whose changes sum to 0 ('–' is no change)",
      article: alsaceCouncil(ALSACE_COUNCIL),
      passed: 1,
      check: (t, run) => {
        t.deepEqual(run.items.map((i) => [i.subject, i.detail]), [["Results by region > Alsace > Regional Council: change column sum", "changes sum to ±0; council size 47 → 47 (±0)"]])
        t.is(run.items[0]!.line, councilHeader(alsaceCouncil(ALSACE_COUNCIL)))
      }
    },
    {
      name: "the Senate with its Total corrected: rows, Total and column sum agree (en-dash minus, ±0)",
      article: senateArticle({ groups: SENATE_GROUPS }),
      passed: 8,
      check: (t, run) => {
        t.is(run.items.length, 8)
        t.is(run.items[0]!.detail, "155 − 162 = −7; stated −7")
        t.is(run.items[3]!.detail, "23 − 23 = ±0; stated ±0")
      }
    },
    {
      name: "the Senate with hyphen-minus changes",
      article: senateArticle({ groups: SENATE_GROUPS, minus: "-" }),
      passed: 8
    },
    {
      name: "a table without a change column: nothing to check",
      article: regionalArticle({ national: NATIONAL_2004, regions: [] }),
      check: (t, run) => t.is(run.items.length, 0)
    },
    {
      name: "a region missing from the reference: not evaluated",
      article: regionalArticle({ region: "Mayotte", council: ALSACE_COUNCIL }),
      notEvaluated: ["no statutory council size for 'Mayotte' in the reference"]
    },
    {
      name: "a council row without a change: not evaluated",
      article: alsaceCouncil(replace(ALSACE_COUNCIL, (r) => r.party === "The Greens", (r) => ({ ...r, change: "" }))),
      notEvaluated: ["a row states no change"]
    }
  ],
  invalid: [
    {
      name: "the Senate seed: the Total's +5 against 331 − 321 and against the rows' +10",
      article: senateSeed,
      anomalies: [
        {
          severity: "error",
          field: "change",
          line: totalLine(senateSeed),
          lines: [...groupLines(senateSeed), totalLine(senateSeed)],
          round: null,
          area: "national",
          stated: 5,
          expected: 10,
          delta: -5,
          tolerance: 0,
          suggestion: null,
          idEndsWith: "/results/total/change",
          message: ["+5", "331 − 321 = +10"]
        },
        {
          severity: "error",
          field: "change",
          line: totalLine(senateSeed),
          lines: [...groupLines(senateSeed), totalLine(senateSeed)],
          stated: 5,
          expected: 10,
          delta: -5,
          suggestion: null,
          idEndsWith: "/results/total/change-sum"
        }
      ]
    },
    {
      name: "a row's change mistyped (+14 → +41): the row, and the column sum",
      article: rowTypo,
      anomalies: [
        {
          severity: "error",
          field: "change",
          line: groupLine(rowTypo, "Socialist Group"),
          lines: [groupLine(rowTypo, "Socialist Group")],
          stated: 41,
          expected: 14,
          delta: 27,
          suggestion: null,
          idEndsWith: "/results/socialist-group/change"
        },
        {
          severity: "error",
          field: "change",
          line: totalLine(rowTypo),
          lines: [...groupLines(rowTypo), totalLine(rowTypo)],
          stated: 10,
          expected: 37,
          delta: -27,
          suggestion: null
        }
      ]
    },
    {
      name: "the Total's change wrong and the rows not confirming it: no suggestion",
      article: unsettled,
      anomalies: [
        { severity: "error", field: "change", line: groupLine(unsettled, "Socialist Group"), stated: 19, expected: 14, suggestion: null },
        { severity: "error", field: "change", line: totalLine(unsettled), lines: [totalLine(unsettled)], stated: 5, expected: 10, delta: -5, suggestion: null, idEndsWith: "/total/change" },
        { severity: "error", field: "change", line: totalLine(unsettled), stated: 5, expected: 15, delta: -10, suggestion: null, idEndsWith: "/total/change-sum" }
      ]
    },
    {
      name: "Alsace: changes sum to +1 for a council of unchanged size",
      article: alsacePlusOne,
      anomalies: [
        {
          severity: "error",
          field: "change",
          line: councilHeader(alsacePlusOne),
          lines: [councilHeader(alsacePlusOne), ...councilLines(alsacePlusOne, ALSACE_COUNCIL)],
          area: "Alsace",
          stated: 1,
          expected: 0,
          delta: 1,
          tolerance: 0,
          suggestion: null,
          idEndsWith: "/results-by-region-alsace-regional-council/change-sum",
          message: ["+1", "47 to 47"]
        }
      ]
    },
    {
      name: "Alsace: a sign flipped (-5 → +5) is off by 10",
      article: alsaceSign,
      anomalies: [{ severity: "error", field: "change", line: councilHeader(alsaceSign), stated: 10, expected: 0, delta: 10 }]
    }
  ]
})

idStability(rule, "Senate, paragraph above the table", unsettled, "==Results==")
idStability(rule, "Alsace council, paragraph above the region's tables", alsacePlusOne, "===Alsace===")

test("change: the per-row check needs both seat columns (a council's change alone is only summed)", (t) => {
  const { items } = audit(alsacePlusOne).run(rule)
  t.is(items.length, 1)
  t.is(items[0]!.status, "flagged")
})

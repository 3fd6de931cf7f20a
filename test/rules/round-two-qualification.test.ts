import { rule } from "../../pipeline/audit/rules/round-two-qualification.ts"
import {
  ALSACE_CANDIDATES,
  AQUITAINE_CANDIDATES,
  type Candidate,
  CANTONAL_PARTIES,
  cantonalArticle,
  CORSICA_CANDIDATES,
  idStability,
  lineOf,
  regionalArticle,
  replace,
  ruleTester
} from "../helpers/fixture.ts"

const rowLine = (text: string, name: string) => lineOf(text, `| ${name}`)
const totalLine = (text: string) => lineOf(text, "| Total |")

// Robert Spieler (9.42 % of round one) given round-two figures.
const spielerStood = regionalArticle({
  region: "Alsace",
  candidates: replace(ALSACE_CANDIDATES, (c) => c.name === "Robert Spieler", (c) => ({ ...c, votes: [62253, 41000] }))
})
const aquitaine = regionalArticle({ region: "Aquitaine", candidates: AQUITAINE_CANDIDATES })
// Exactly 10 % of 1,000,000 qualifies; 9.9999 % does not.
const boundary = (second: number, secondStood: boolean): string =>
  regionalArticle({
    region: "Centre",
    candidates: [
      { name: "Michel Sapin (incumbent)", party: "PS-PCF-PRG-Verts-MRC", votes: [580000 - second, 520000] },
      { name: "Serge Vinçon", party: "UMP-MPF", votes: [350000, 380000] },
      { name: "Jean Verdon", party: "FN", votes: [second, ...(secondStood ? [150000] : [])] as [number, number?] },
      { name: "Jacqueline Gourault", party: "UDF-CAP21", votes: [70000] }
    ] satisfies ReadonlyArray<Candidate>
  })
const exactlyTen = boundary(100000, true)
const justBelow = boundary(99999, true)
// Corsica: 5 % to stand. Olivier Martinelli (4.47 %) given round-two figures.
const martinelliStood = regionalArticle({
  region: "Corsica",
  candidates: replace(CORSICA_CANDIDATES, (c) => c.name === "Olivier Martinelli", (c) => ({ ...c, votes: [6181, 5200] }))
})

ruleTester(rule, {
  valid: [
    {
      name: "Alsace 2004: the three lists above 10 % stood, the others did not",
      article: regionalArticle({ region: "Alsace", candidates: ALSACE_CANDIDATES }),
      passed: 9,
      check: (t, run) => {
        t.is(run.items.length, 9)
        t.is(run.items[0]!.subject, "Alsace: Adrien Zeller (34.06 %)")
        t.is(run.items[3]!.detail, "below the threshold and did not stand (threshold 10 %)")
      }
    },
    {
      name: "Corsica: its own 5 % threshold (Bucchini 6.62 %, Rossi 6.37 %, Renucci 5.80 % stood)",
      article: regionalArticle({ region: "Corsica", candidates: CORSICA_CANDIDATES }),
      passed: 19
    },
    {
      name: "exactly 10 % qualifies (integer comparison)",
      article: exactlyTen,
      passed: 4
    },
    {
      name: "a one-round table: not evaluated",
      article: regionalArticle({ region: "Alsace", rounds: 1, candidates: ALSACE_CANDIDATES }),
      notEvaluated: ["the table has no round-two list figures"]
    },
    {
      name: "no round-one total or valid votes: not evaluated",
      article: regionalArticle({ region: "Alsace", candidates: ALSACE_CANDIDATES, total: null }),
      notEvaluated: ["round one has no total or valid votes"]
    },
    {
      name: "not a regional election (cantonal national table): nothing checked",
      article: cantonalArticle({ parties: CANTONAL_PARTIES }),
      check: (t, run) => t.is(run.items.length, 0)
    }
  ],
  invalid: [
    {
      name: "a list below 10 % with round-two figures: error",
      article: spielerStood,
      anomalies: [
        {
          severity: "error",
          field: "round_two",
          line: rowLine(spielerStood, "Robert Spieler"),
          lines: [rowLine(spielerStood, "Robert Spieler"), totalLine(spielerStood)],
          round: 2,
          area: "Alsace",
          stated: "stood in round two",
          expected: "may not stand (< 10 %)",
          delta: Number(((62253 * 100) / 661107 - 10).toFixed(4)),
          tolerance: 0,
          suggestion: null,
          idEndsWith: "/results-by-region-alsace/robert-spieler/round-two",
          message: ["62,253", "9.42 %"]
        }
      ]
    },
    {
      name: "9.9999 % is below 10 %",
      article: justBelow,
      anomalies: [{ severity: "error", field: "round_two", line: rowLine(justBelow, "Jean Verdon"), stated: "stood in round two", delta: -0.0001 }]
    },
    {
      name: "a qualified list without round-two figures (Aquitaine, Bayrou 16.06 %): info, it merged or withdrew",
      article: aquitaine,
      anomalies: [
        {
          severity: "info",
          field: "round_two",
          line: rowLine(aquitaine, "François Bayrou"),
          lines: [rowLine(aquitaine, "François Bayrou"), totalLine(aquitaine)],
          stated: "no round-two figures",
          expected: "may stand (≥ 10 %)",
          delta: Number(((215796 * 100) / 1343904 - 10).toFixed(4)),
          message: ["merged with another or withdrew"]
        }
      ]
    },
    {
      name: "Corsica: a list below 5 % with round-two figures",
      article: martinelliStood,
      anomalies: [{ severity: "error", field: "round_two", line: rowLine(martinelliStood, "Olivier Martinelli"), area: "Corsica", expected: "may not stand (< 5 %)" }]
    }
  ]
})

idStability(rule, "Alsace, paragraph above the table", spielerStood, "===Alsace===")

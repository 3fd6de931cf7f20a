import test from "ava"
import { rule } from "../../pipeline/audit/rules/percent-recompute.ts"
import {
  ALSACE_CANDIDATES,
  audit,
  BRITTANY_CANDIDATES,
  BRITTANY_TURNOUT,
  type Candidate,
  CANTONAL_PARTIES,
  cantonalArticle,
  idStability,
  lineOf,
  pct,
  regionalArticle,
  replace,
  ruleTester,
  truncatedShare
} from "../helpers/fixture.ts"

const ALSACE_TOTAL: readonly [number, number] = [661107, 687249]
const rowLine = (text: string, name: string) => lineOf(text, `| ${name}`)
const totalLine = (text: string) => lineOf(text, "| Total |")

/** Alsace with the given rows' stated percentages replaced ([round one, round two]). */
const alsaceWith = (percents: Record<string, readonly [string | undefined, string?]>) =>
  regionalArticle({
    region: "Alsace",
    candidates: ALSACE_CANDIDATES.map((c): Candidate => (c.name in percents ? { ...c, percent: percents[c.name]! } : c)),
    total: ALSACE_TOTAL
  })

// Exactly half a unit: 610,100 of 2,000,000 is 30.505 %, 589,900 is 29.495 % — 30.50 and 29.50 are both right.
const halfway = regionalArticle({
  region: "Centre",
  rounds: 1,
  candidates: [
    { name: "Michel Sapin (incumbent)", party: "PS-PCF-PRG-Verts-MRC", votes: [610100], percent: ["30.50%"] },
    { name: "Serge Vinçon", party: "UMP-MPF", votes: [589900], percent: ["29.50%"] },
    { name: "Jean Verdon", party: "FN", votes: [500000], percent: ["25.00%"] },
    { name: "Jacqueline Gourault", party: "UDF-CAP21", votes: [300000], percent: ["15.00%"] }
  ]
})

// Corsica round two: José Rossi's 11,094 of 142,206 is 7.8015 %, stated with one decimal (7.8 %).
const CORSICA_R2: ReadonlyArray<Candidate> = [
  { name: "Camille de Rocca Serra", party: "UMP", votes: [null, 35628] },
  { name: "Émile Zuccarelli", party: "PRG", votes: [null, 26434] },
  { name: "Edmond Simeoni", party: "Chjama Naziunale-PNC-ANC", votes: [null, 24652] },
  { name: "Paul Giacobbi", party: "PRG dissidents", votes: [null, 21562] },
  { name: "Dominique Bucchini", party: "PCF", votes: [null, 11811] },
  { name: "José Rossi (incumbent)", party: "UMP dissidents", votes: [null, 11094], percent: [undefined, "7.8%"] },
  { name: "Simon Renucci", party: "Corse Social-Démocrate", votes: [null, 11025] }
]
const corsica = regionalArticle({ region: "Corsica", candidates: CORSICA_R2, total: [null, 142206] })

// Brittany: no Total row; the valid votes are the denominator.
const brittany = regionalArticle({ region: "Brittany", candidates: BRITTANY_CANDIDATES, turnout: BRITTANY_TURNOUT, total: null })

const truncatedRows = alsaceWith({
  "Robert Spieler": [`${truncatedShare(62253, 661107).toFixed(2)}%`], // 9.41648 → 9.41
  "Françoise Ruch": [`${truncatedShare(20004, 661107).toFixed(2)}%`] // 3.02583 → 3.02
})
const slightlyOff = alsaceWith({ "Robert Spieler": ["9.44%"] }) // 9.41648: +0.0235, beyond rounding, within 0.1
const roundedUpWrongly = alsaceWith({ "Adrien Zeller (incumbent)": ["34.07%"] }) // 34.06302: +0.007 is no truncation
const transposed = alsaceWith({ "Adrien Zeller (incumbent)": ["43.06%"] }) // 34.06 with digits swapped
const twoTransposed = alsaceWith({ "Adrien Zeller (incumbent)": ["43.06%"], "Jacques Bigot": ["21.02%"] })
const swapped = alsaceWith({ "Jacques Bigot": ["18.58%"], "Patrick Binder": ["20.12%"] }) // the sum stays 100
const brittanyOff = regionalArticle({
  region: "Brittany",
  candidates: replace(BRITTANY_CANDIDATES, (c) => c.name === "Bruno Joncour", (c) => ({ ...c, percent: ["11.60%"] })), // 150,078 / 1,356,453 = 11.0640 %
  turnout: BRITTANY_TURNOUT,
  total: null
})

ruleTester(rule, {
  valid: [
    {
      name: "Alsace 2004: every percentage is votes ÷ total rounded",
      article: regionalArticle({ region: "Alsace", candidates: ALSACE_CANDIDATES }),
      passed: 12,
      check: (t, run) => {
        t.is(run.items.length, 12)
        t.is(run.items[0]!.detail, "225,193 / 661,107 = 34.0630 %")
      }
    },
    {
      name: "rounding noise: figures within half a unit of the exact share (34.06 for 34.063)",
      article: alsaceWith({ "Adrien Zeller (incumbent)": ["34.06%"], "Antoine Waechter": ["7.40%"] }),
      passed: 12
    },
    {
      name: "exactly half a unit off either way (30.505 → 30.50, 29.495 → 29.50) is rounding",
      article: halfway,
      passed: 4
    },
    {
      name: "a percentage with fewer decimals is checked at its own precision (Corsica, 7.8 %)",
      article: corsica,
      passed: 7
    },
    {
      name: "without a Total row the valid votes are the denominator (Brittany)",
      article: brittany,
      passed: 9,
      check: (t, run) => t.is(run.summary.not_evaluated, 0)
    },
    {
      name: "no Total row and no valid votes: not evaluated, left to implied-total",
      article: cantonalArticle({ parties: CANTONAL_PARTIES }),
      notEvaluated: ["the round has neither a Total row nor valid votes (see implied-total)"],
      check: (t, run) => t.is(run.summary.not_evaluated, 30)
    },
    {
      name: "a row with votes and no percentage is not evaluated",
      article: alsaceWith({ "Patrick Merck": [""] }),
      passed: 11,
      notEvaluated: ["the row states votes or a percentage, not both"]
    }
  ],
  invalid: [
    {
      name: "truncated figures are info, never error or warning",
      article: truncatedRows,
      anomalies: [
        {
          severity: "info",
          field: "percent",
          line: rowLine(truncatedRows, "Robert Spieler"),
          lines: [rowLine(truncatedRows, "Robert Spieler"), totalLine(truncatedRows)],
          round: 1,
          area: "Alsace",
          stated: 9.41,
          expected: (62253 * 100) / 661107,
          delta: 9.41 - (62253 * 100) / 661107,
          tolerance: 0.01,
          suggestion: null,
          idEndsWith: "/r1/robert-spieler/percent",
          message: ["truncated rather than rounded"]
        },
        {
          severity: "info",
          field: "percent",
          line: rowLine(truncatedRows, "Françoise Ruch"),
          lines: [rowLine(truncatedRows, "Françoise Ruch"), totalLine(truncatedRows)],
          stated: 3.02,
          expected: 3.02583,
          tolerance: 0.01,
          suggestion: null
        }
      ]
    },
    {
      name: "beyond rounding but within 0.1 point: a warning",
      article: slightlyOff,
      anomalies: [
        {
          severity: "warning",
          field: "percent",
          line: rowLine(slightlyOff, "Robert Spieler"),
          lines: [rowLine(slightlyOff, "Robert Spieler"), totalLine(slightlyOff)],
          stated: 9.44,
          expected: (62253 * 100) / 661107,
          delta: 9.44 - (62253 * 100) / 661107,
          tolerance: 0.005,
          suggestion: null // the percentages still sum to 100 within rounding: nothing independent settles it
        }
      ]
    },
    {
      name: "a figure above the exact share is not truncation: a warning",
      article: roundedUpWrongly,
      anomalies: [{ severity: "warning", field: "percent", line: rowLine(roundedUpWrongly, "Adrien Zeller"), stated: 34.07, tolerance: 0.005, suggestion: null }]
    },
    {
      name: "transposed digits (34.06 → 43.06): an error, and the recomputed figure is suggested as it mends the sum",
      article: transposed,
      anomalies: [
        {
          severity: "error",
          field: "percent",
          line: rowLine(transposed, "Adrien Zeller"),
          lines: [rowLine(transposed, "Adrien Zeller"), totalLine(transposed)],
          round: 1,
          stated: 43.06,
          expected: (225193 * 100) / 661107,
          delta: 43.06 - (225193 * 100) / 661107,
          tolerance: 0.005,
          suggestion: null
        }
      ],
    },
    {
      name: "two rows off: errors, and no suggestion for either",
      article: twoTransposed,
      anomalies: [
        { severity: "error", field: "percent", line: rowLine(twoTransposed, "Adrien Zeller"), stated: 43.06, suggestion: null },
        { severity: "error", field: "percent", line: rowLine(twoTransposed, "Jacques Bigot"), stated: 21.02, suggestion: null }
      ]
    },
    {
      name: "two percentages swapped (the sum still 100): both flagged, nothing suggested",
      article: swapped,
      anomalies: [
        { severity: "error", field: "percent", line: rowLine(swapped, "Jacques Bigot"), stated: 18.58, expected: 20.12352, suggestion: null },
        { severity: "error", field: "percent", line: rowLine(swapped, "Patrick Binder"), stated: 20.12, expected: 18.58398, suggestion: null }
      ]
    },
    {
      name: "against the valid votes when there is no Total row (Brittany)",
      article: brittanyOff,
      anomalies: [
        {
          severity: "error",
          field: "percent",
          line: rowLine(brittanyOff, "Bruno Joncour"),
          lines: [rowLine(brittanyOff, "Bruno Joncour"), lineOf(brittanyOff, "| Valid votes")],
          stated: 11.6,
          expected: (150078 * 100) / 1356453,
          suggestion: null,
          message: ["valid votes 1,356,453"]
        }
      ]
    }
  ]
})

idStability(rule, "truncated and transposed figures, paragraph above the table", alsaceWith({ "Adrien Zeller (incumbent)": ["43.06%"], "Robert Spieler": ["9.41%"] }), "===Alsace===")

test("percent-recompute: rounding noise across a whole table never gives more than info", (t) => {
  // Every figure truncated instead of rounded, in both rounds.
  const article = regionalArticle({
    region: "Alsace",
    candidates: ALSACE_CANDIDATES.map((c) => ({
      ...c,
      percent: [
        `${truncatedShare(c.votes[0] as number, ALSACE_TOTAL[0]).toFixed(2)}%`,
        typeof c.votes[1] === "number" ? `${truncatedShare(c.votes[1], ALSACE_TOTAL[1]).toFixed(2)}%` : undefined
      ]
    })),
    total: ALSACE_TOTAL
  })
  const { anomalies } = audit(article).run(rule)
  t.true(anomalies.length > 0)
  t.deepEqual([...new Set(anomalies.map((a) => a.severity))], ["info"])
  for (const a of anomalies) {
    t.true((a.delta as number) < 0 && (a.delta as number) > -0.01, `${a.id}: ${a.delta}`)
    t.is(a.suggestion, null)
  }
})

test("percent-recompute: items are per row and per round, flagged where the anomaly is", (t) => {
  const { anomalies, items } = audit(transposed).run(rule)
  t.is(items.length, 12)
  const flagged = items.filter((i) => i.status === "flagged")
  t.deepEqual(flagged.map((i) => i.line), anomalies.map((a) => a.line))
  t.is(flagged[0]!.detail, "225,193 / 661,107 = 34.0630 %, stated 43.06 %")
  t.is(pct(225193, 661107), "34.06%")
})

import test from "ava"
import { rule } from "../../pipeline/audit/rules/percent-sum.ts"
import {
  ALSACE_CANDIDATES,
  audit,
  type Candidate,
  CANTONAL_PARTIES,
  cantonalArticle,
  idStability,
  lineOf,
  pct,
  regionalArticle,
  replace,
  ruleTester,
  share,
  truncatedShare
} from "../helpers/fixture.ts"

const rowLine = (text: string, name: string) => lineOf(text, `| ${name}`)
const totalLine = (text: string) => lineOf(text, "| Total |")
const ALSACE_TOTAL: readonly [number, number] = [661107, 687249]

// Five lists whose exact shares all end in …4 (30.004 %, …, 9.984 %): rounded, they sum to 99.98 — within 5 × 0.005.
const PICARDY_99_98: ReadonlyArray<Candidate> = [
  { name: "Gilles de Robien", party: "UDF-UMP-CNIP-FRS-MPF-CAP21", votes: [300040] },
  { name: "Claude Gewerc", party: "PS-PRG-Verts", votes: [250040] },
  { name: "Michel Guiniot", party: "FN", votes: [200040] },
  { name: "Maxime Gremetz", party: "PCF", votes: [150040] },
  { name: "Roland Szpirko", party: "LO/LCR", votes: [99840] }
]
// Six lists whose exact shares end in …5 (30.005 %, …, 5.005 %) and one at 4.975 %: rounded half up, they sum to 100.03 — within 6 × 0.005.
const SIX_100_03: ReadonlyArray<Candidate> = [
  { name: "Camille de Rocca Serra", party: "UMP", votes: [300050] },
  { name: "Émile Zuccarelli", party: "PRG", votes: [250050] },
  { name: "Edmond Simeoni", party: "Chjama Naziunale-PNC-ANC", votes: [200050] },
  { name: "Paul Giacobbi", party: "PRG dissidents", votes: [150050] },
  { name: "Dominique Bucchini", party: "PCF", votes: [50050] },
  { name: "Simon Renucci", party: "Corse Social-Démocrate", votes: [49750] }
]
// Corsica round two, one figure with a single decimal (7.8 %): the coarsest precision sets the tolerance.
const CORSICA_R2: ReadonlyArray<Candidate> = [
  { name: "Camille de Rocca Serra", party: "UMP", votes: [null, 35628] },
  { name: "Émile Zuccarelli", party: "PRG", votes: [null, 26434] },
  { name: "Edmond Simeoni", party: "Chjama Naziunale-PNC-ANC", votes: [null, 24652] },
  { name: "Paul Giacobbi", party: "PRG dissidents", votes: [null, 21562] },
  { name: "Dominique Bucchini", party: "PCF", votes: [null, 11811] },
  { name: "José Rossi (incumbent)", party: "UMP dissidents", votes: [null, 11094], percent: [undefined, "7.8%"] },
  { name: "Simon Renucci", party: "Corse Social-Démocrate", votes: [null, 11025] }
]

/** Alsace with round-two figures truncated instead of rounded: 43.55 + 34.44 + 21.99 = 99.98. */
const alsaceTruncatedR2 = regionalArticle({
  region: "Alsace",
  candidates: ALSACE_CANDIDATES.map((c) => ({
    ...c,
    percent: [undefined, typeof c.votes[1] === "number" ? `${truncatedShare(c.votes[1], ALSACE_TOTAL[1]).toFixed(2)}%` : undefined]
  })),
  total: ALSACE_TOTAL
})

// Auvergne as the seed has it: a row copied with its percentage, the round's percentages sum to 101.21 %.
const auvergne = regionalArticle({
  region: "Auvergne",
  rounds: 1,
  candidates: [
    { name: "Pierre-Joël Bonté", party: "PS", votes: [167433], percent: ["28.22%"] },
    { name: "Valéry Giscard d'Estaing (incumbent)", party: "UMP-UDF-FRS", votes: [215921], percent: ["36.39%"] },
    { name: "Louis de Condé", party: "FN", votes: [56874], percent: ["9.58%"] },
    { name: "André Chassaigne", party: "PCF", votes: [54609], percent: ["9.20%"] },
    { name: "Yves Gueydon", party: "Verts", votes: [33272], percent: ["5.61%"] },
    { name: "Marie Savre", party: "LCR/LO", votes: [25389], percent: ["4.28%"] },
    { name: "Hugues Auvray", party: "Miscellaneous Right-wing", votes: [20498], percent: ["3.45%"] },
    { name: "Hubert Constancias", party: "MEI-Mouvement Hommes-Animaux-Nature", votes: [20498], percent: ["3.45%"] },
    { name: "Claude Jaffrès", party: "MNR", votes: [6108], percent: ["1.03%"] }
  ],
  total: [593391]
})

const alsaceWith = (name: string, percent: readonly [string | undefined, string?]) =>
  regionalArticle({ region: "Alsace", candidates: replace(ALSACE_CANDIDATES, (c) => c.name === name, (c) => ({ ...c, percent })), total: ALSACE_TOTAL })

const corsicaOff = regionalArticle({
  region: "Corsica",
  candidates: replace(CORSICA_R2, (c) => c.name === "Simon Renucci", (c) => ({ ...c, percent: [undefined, "8.05%"] })), // 7.75 % + 0.30
  total: [null, 142206]
})
const justOutside = alsaceWith("Robert Spieler", ["9.48%"]) // 99.99 + 0.06 = 100.05 > 9 × 0.005
const shortBeyondTruncation = alsaceWith("Patrick Binder", [undefined, "21.95%"]) // 43.56 + 34.44 + 21.95 = 99.95
const missingRow = regionalArticle({ region: "Alsace", candidates: ALSACE_CANDIDATES.filter((c) => c.name !== "Alfred Wahl"), total: ALSACE_TOTAL })

ruleTester(rule, {
  valid: [
    {
      name: "Alsace 2004 (round one sums to 99.99, round two to 100.00)",
      article: regionalArticle({ region: "Alsace", candidates: ALSACE_CANDIDATES }),
      passed: 2,
      check: (t, run) => t.is(run.items[0]!.detail, "9 percentages sum to 99.99 % (±0.045)")
    },
    {
      name: "rounding noise: five figures summing to 99.98 (within 5 × 0.005)",
      article: regionalArticle({ region: "Picardy", rounds: 1, candidates: PICARDY_99_98 }),
      passed: 1,
      check: (t, run) => t.is(run.items[0]!.detail, "5 percentages sum to 99.98 % (±0.025)")
    },
    {
      name: "rounding noise: six figures summing to 100.03 (exactly 6 × 0.005)",
      article: regionalArticle({ region: "Corsica", rounds: 1, candidates: SIX_100_03 }),
      passed: 1,
      check: (t, run) => {
        t.is(pct(300050, 1000000), "30.01%")
        t.is(run.items[0]!.detail, "6 percentages sum to 100.03 % (±0.03)")
      }
    },
    {
      name: "a one-decimal figure widens the tolerance to the coarsest precision (Corsica round two)",
      article: regionalArticle({ region: "Corsica", candidates: CORSICA_R2, total: [null, 142206] }),
      passed: 1
    },
    {
      name: "lists that did not stand count as 0; a decimal-comma Total percentage is 100",
      article: regionalArticle({ region: "Alsace", candidates: ALSACE_CANDIDATES, totalPercent: ["100,00%", "100,00%"] }),
      passed: 2
    },
    {
      name: "a table without a Total row sums to 100 (cantonal)",
      article: cantonalArticle({ parties: CANTONAL_PARTIES }),
      passed: 2
    },
    {
      name: "a row without a percentage: not evaluated",
      article: alsaceWith("Patrick Merck", [""]),
      passed: 1,
      notEvaluated: ["1 row(s) state no percentage"]
    }
  ],
  invalid: [
    {
      name: "a row copied with its percentage (Auvergne): 101.21 %",
      article: auvergne,
      anomalies: [
        {
          severity: "warning",
          field: "percent",
          line: totalLine(auvergne),
          lines: [
            ...["Pierre-Joël Bonté", "Valéry Giscard", "Louis de Condé", "André Chassaigne", "Yves Gueydon", "Marie Savre", "Hugues Auvray", "Hubert Constancias", "Claude Jaffrès"].map((n) => rowLine(auvergne, n)),
            totalLine(auvergne)
          ],
          round: 1,
          area: "Auvergne",
          stated: 101.21,
          expected: 100,
          delta: 1.21,
          tolerance: 0.045,
          suggestion: null,
          idEndsWith: "/r1/percent-sum"
        }
      ]
    },
    {
      name: "just outside rounding: 100.05 with nine rows (±0.045)",
      article: justOutside,
      anomalies: [{ severity: "warning", field: "percent", line: totalLine(justOutside), round: 1, stated: 100.05, expected: 100, delta: 0.05, tolerance: 0.045 }]
    },
    {
      name: "short by no more than truncation explains: info",
      article: alsaceTruncatedR2,
      anomalies: [
        {
          severity: "info",
          field: "percent",
          line: totalLine(alsaceTruncatedR2),
          lines: ["Adrien Zeller", "Jacques Bigot", "Patrick Binder"].map((n) => rowLine(alsaceTruncatedR2, n)).concat(totalLine(alsaceTruncatedR2)),
          round: 2,
          stated: 99.98,
          expected: 100,
          delta: -0.02,
          tolerance: 0.03,
          message: ["truncating"]
        }
      ]
    },
    {
      name: "short beyond truncation: a warning",
      article: shortBeyondTruncation,
      anomalies: [{ severity: "warning", field: "percent", line: totalLine(shortBeyondTruncation), round: 2, stated: 99.95, delta: -0.05, tolerance: 0.015 }]
    },
    {
      name: "one one-decimal figure widens only its own share of the tolerance (Corsica: 100.30 against ±0.08)",
      // Today the coarsest precision sets every row's tolerance: 7 × 0.05 = ±0.35, and 100.30 passes.
      article: corsicaOff,
      anomalies: [{ severity: "warning", field: "percent", line: totalLine(corsicaOff), round: 2, stated: 100.3, expected: 100, delta: 0.3, tolerance: 0.08 }]
    },
    {
      name: "a list missing from the table (3.73 % short)",
      article: missingRow,
      anomalies: [{ severity: "warning", field: "percent", line: totalLine(missingRow), round: 1, stated: 96.26, expected: 100, delta: -3.74 }]
    }
  ]
})

idStability(rule, "Auvergne, paragraph above the table", auvergne, "===Auvergne===")

test("percent-sum: the tolerance grows with the number of rows (n × half a unit)", (t) => {
  // The same 0.04 excess is rounding for nine rows, not for three.
  const nine = alsaceWith("Robert Spieler", ["9.47%"]) // 100.04
  t.deepEqual(audit(nine).run(rule).anomalies, [])
  const three = alsaceWith("Patrick Binder", [undefined, "22.04%"]) // 100.04 over three rows
  const { anomalies } = audit(three).run(rule)
  t.deepEqual(anomalies.map((a) => [a.round, a.stated, a.tolerance]), [[2, 100.04, 0.015]])
  t.is(share(151187, 687249), 22)
})

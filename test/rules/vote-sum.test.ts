import test from "ava"
import { rule } from "../../pipeline/audit/rules/vote-sum.ts"
import {
  ALSACE_CANDIDATES,
  ALSACE_COUNCIL,
  audit,
  type Candidate,
  CANTONAL_PARTIES,
  cantonalArticle,
  idStability,
  LANGUEDOC_CANDIDATES,
  lineOf,
  pct,
  regionalArticle,
  replace,
  ruleTester,
  truncatedShare
} from "../helpers/fixture.ts"

const sum = (xs: ReadonlyArray<number>) => xs.reduce((a, b) => a + b, 0)

// Languedoc-Roussillon as the seed has it: Jacques Blanc's round-two votes are a copy of round one's,
// while his round-two percentage (33.10 %) is the true one (374,052 of 1,129,911).
const LR_TOTAL: readonly [number, number] = [1065990, 1129911]
const copied = replace(LANGUEDOC_CANDIDATES, (c) => c.name.startsWith("Jacques Blanc"), (c): Candidate => ({
  ...c,
  votes: [258287, 258287],
  percent: [undefined, pct(374052, LR_TOTAL[1])]
}))
const languedocCopy = regionalArticle({ region: "Languedoc-Roussillon", candidates: copied, total: LR_TOTAL })

// The same, and Alain Jamet's round-two votes mistyped (177,074 → 171,074): two rows off their percentages.
const twoOff = regionalArticle({
  region: "Languedoc-Roussillon",
  candidates: replace(copied, (c) => c.name === "Alain Jamet", (c) => ({ ...c, votes: [183031, 171074], percent: [undefined, pct(177074, LR_TOTAL[1])] })),
  total: LR_TOTAL
})

// Alsace with Robert Spieler's round-one votes transposed (62,253 → 26,253), his 9.42 % intact.
const ALSACE_TOTAL: readonly [number, number] = [661107, 687249]
const transposed = regionalArticle({
  region: "Alsace",
  candidates: replace(ALSACE_CANDIDATES, (c) => c.name === "Robert Spieler", (c) => ({ ...c, votes: [26253], percent: [pct(62253, ALSACE_TOTAL[0])] })),
  total: ALSACE_TOTAL
})

// Alsace with a typo in the Total row only (661,107 → 661,170): every row agrees with its percentage.
const totalTypo = regionalArticle({
  region: "Alsace",
  candidates: ALSACE_CANDIDATES.map((c) => ({ ...c, percent: [pct(c.votes[0] as number, ALSACE_TOTAL[0]), c.votes[1] ? pct(c.votes[1] as number, ALSACE_TOTAL[1]) : undefined] })),
  total: [661170, 687249]
})

// Auvergne as the seed has it: Hubert Constancias' row (votes and %) copied from the row above.
const AUVERGNE = [
  { name: "Pierre-Joël Bonté", party: "PS", votes: [167433, 333301] },
  { name: "Valéry Giscard d'Estaing (incumbent)", party: "UMP-UDF-FRS", votes: [215921, 299483] },
  { name: "Louis de Condé", party: "FN", votes: [56874] },
  { name: "André Chassaigne", party: "PCF", votes: [54609] },
  { name: "Yves Gueydon", party: "Verts", votes: [33272] },
  { name: "Marie Savre", party: "LCR/LO", votes: [25389] },
  { name: "Hugues Auvray", party: "Miscellaneous Right-wing", votes: [20498] },
  { name: "Hubert Constancias", party: "MEI-Mouvement Hommes-Animaux-Nature", votes: [13287] },
  { name: "Claude Jaffrès", party: "MNR", votes: [6108] }
] as const
const AUVERGNE_TOTAL: readonly [number, number] = [593391, 632784]
const auvergneCopy = regionalArticle({
  region: "Auvergne",
  candidates: AUVERGNE.map((c) =>
    c.name === "Hubert Constancias"
      ? { ...c, votes: [20498], percent: [pct(20498, AUVERGNE_TOTAL[0])] }
      : { ...c, votes: [...c.votes] as [number, number?] }
  ),
  total: AUVERGNE_TOTAL
})

// Rounding noise in the percentages (truncated figures, a 1-decimal figure, a decimal comma on the Total row).
const noisy = regionalArticle({
  region: "Alsace",
  candidates: ALSACE_CANDIDATES.map((c) => ({ ...c, percent: [`${truncatedShare(c.votes[0] as number, 661107).toFixed(2)}%`, undefined] })),
  totalPercent: ["100,00%", "100.0%"]
})

const totalLine = (text: string) => lineOf(text, "| Total |")
const rowLine = (text: string, name: string) => lineOf(text, `| ${name}`)

ruleTester(rule, {
  valid: [
    {
      name: "Alsace 2004, every round adds up",
      article: regionalArticle({ region: "Alsace", candidates: ALSACE_CANDIDATES, council: ALSACE_COUNCIL }),
      passed: 2,
      check: (t, run) => {
        t.deepEqual(run.items.map((i) => i.status), ["passed", "passed"])
        t.regex(run.items[0]!.detail, /9 rows sum to 661,107 = stated total/)
        t.regex(run.items[1]!.detail, /3 rows sum to 687,249 = stated total/)
      }
    },
    {
      name: "Languedoc-Roussillon with the copy repaired",
      article: regionalArticle({ region: "Languedoc-Roussillon", candidates: LANGUEDOC_CANDIDATES }),
      passed: 2
    },
    {
      name: "percentages with rounding noise do not matter to a vote count",
      article: noisy,
      passed: 2
    },
    {
      name: "a one-round table",
      article: regionalArticle({ region: "Alsace", rounds: 1, candidates: ALSACE_CANDIDATES }),
      passed: 1,
      check: (t, run) => t.is(run.items.length, 1)
    },
    {
      name: "a table without a Total row is not evaluated (cantonal)",
      article: cantonalArticle({ parties: CANTONAL_PARTIES }),
      notEvaluated: ["the table has no Total row for this round"],
      check: (t, run) => {
        t.is(run.summary.not_evaluated, 2)
        t.is(run.summary.passed, 0)
      }
    },
    {
      name: "a round whose Total cell is empty is not evaluated, the other round is",
      article: regionalArticle({ region: "Alsace", candidates: ALSACE_CANDIDATES, total: [661107, null] }),
      passed: 1,
      notEvaluated: ["the table has no Total row for this round"]
    },
    {
      name: "a row counted under another ('see DVD') leaves the round not evaluated",
      article: regionalArticle({
        region: "Alsace",
        candidates: replace(ALSACE_CANDIDATES, (c) => c.name === "Patrick Merck", (c) => ({ ...c, votes: ["see DVD"], percent: ["see DVD"] })),
        total: [661107, 687249]
      }),
      passed: 1,
      notEvaluated: ["1 row(s) state no votes (e.g. 'see DVD')"]
    }
  ],
  invalid: [
    {
      name: "a round-two figure copied from round one (Languedoc-Roussillon): suggestion = total − other lists",
      article: languedocCopy,
      anomalies: [
        {
          severity: "error",
          field: "total_votes",
          line: totalLine(languedocCopy),
          lines: [
            rowLine(languedocCopy, "Georges Frêche"),
            rowLine(languedocCopy, "Jacques Blanc"),
            rowLine(languedocCopy, "Alain Jamet"),
            totalLine(languedocCopy)
          ],
          round: 2,
          area: "Languedoc-Roussillon",
          stated: 1129911,
          expected: 578785 + 258287 + 177074,
          delta: 1129911 - (578785 + 258287 + 177074),
          tolerance: 0,
          suggestion: null,
          idEndsWith: "/r2/total",
          message: ["1,014,146", "1,129,911", "115,765"]
        }
      ],
      check: (t, run) => {
        t.deepEqual(run.items.map((i) => i.status), ["passed", "flagged"])
      }
    },
    {
      name: "two rows off their percentages: no suggestion",
      article: twoOff,
      anomalies: [
        {
          severity: "error",
          field: "total_votes",
          line: totalLine(twoOff),
          linesInclude: [rowLine(twoOff, "Jacques Blanc"), rowLine(twoOff, "Alain Jamet"), totalLine(twoOff)],
          stated: 1129911,
          expected: 578785 + 258287 + 171074,
          delta: 1129911 - (578785 + 258287 + 171074),
          suggestion: null
        }
      ]
    },
    {
      name: "transposed digits in one row: the row's own percentage settles the figure",
      article: transposed,
      anomalies: [
        {
          severity: "error",
          field: "total_votes",
          line: totalLine(transposed),
          lines: [...ALSACE_CANDIDATES.map((c) => rowLine(transposed, c.name)), totalLine(transposed)],
          round: 1,
          stated: 661107,
          expected: 661107 - 62253 + 26253,
          delta: 62253 - 26253,
          suggestion: null
        }
      ]
    },
    {
      name: "a typo in the Total row: every row agrees with its percentage, so no row is suggested",
      article: totalTypo,
      anomalies: [
        {
          severity: "error",
          field: "total_votes",
          line: totalLine(totalTypo),
          round: 1,
          stated: 661170,
          expected: 661107,
          delta: 63,
          suggestion: null
        }
      ]
    },
    {
      name: "a row copied with its percentage (Auvergne): the data cannot tell which, no suggestion",
      article: auvergneCopy,
      anomalies: [
        {
          severity: "error",
          field: "total_votes",
          line: totalLine(auvergneCopy),
          linesInclude: [rowLine(auvergneCopy, "Hugues Auvray"), rowLine(auvergneCopy, "Hubert Constancias"), rowLine(auvergneCopy, "Claude Jaffrès"), totalLine(auvergneCopy)],
          round: 1,
          stated: 593391,
          expected: sum(AUVERGNE.map((c) => c.votes[0])) - 13287 + 20498,
          delta: -7211,
          suggestion: null
        }
      ]
    }
  ]
})

idStability(rule, "Languedoc-Roussillon copy, paragraph above the table", languedocCopy, "===Languedoc-Roussillon===")

test("vote-sum flags each round separately, and the flagged item says what was summed", (t) => {
  const article = regionalArticle({
    region: "Alsace",
    candidates: replace(ALSACE_CANDIDATES, (c) => c.name === "Patrick Binder", (c) => ({ ...c, votes: [122860, 151817] })),
    total: [661100, 687249]
  })
  const { anomalies, items } = audit(article).run(rule)
  t.deepEqual(anomalies.map((a) => [a.round, a.delta]), [[1, -7], [2, -630]])
  t.deepEqual(items.map((i) => [i.status, i.line]), [["flagged", totalLine(article)], ["flagged", totalLine(article)]])
  t.is(items[0]!.detail, "9 rows sum to 661,107, stated total 661,100")
  t.is(new Set(anomalies.map((a) => a.id)).size, 2, "distinct ids")
})

test("vote-sum checks national and regional tables of one article alike", (t) => {
  const article = regionalArticle({
    national: {
      groupings: [
        { grouping: "Left", parties: "PS-Verts-PCF-PRG-MRC-DVG", votes: [8938695, 12896820], regions: 23, seats: 1126 },
        { grouping: "Right", parties: "UMP-UDF-MPF-DVD", votes: [8179866, 9519416], regions: 2, seats: 522 },
        { grouping: "FN", parties: "FN", votes: [3564059, 3199392], regions: null, seats: 156 }
      ],
      total: { votes: [20682620, 25615628] }
    },
    regions: [{ region: "Alsace", candidates: ALSACE_CANDIDATES }]
  })
  const { anomalies, items } = audit(article).run(rule)
  t.deepEqual(anomalies, [])
  t.deepEqual(items.map((i) => [i.subject, i.status]), [
    ["national round 1 (National results)", "passed"],
    ["national round 2 (National results)", "passed"],
    ["Alsace round 1 (Results by region > Alsace)", "passed"],
    ["Alsace round 2 (Results by region > Alsace)", "passed"]
  ])
  const broken = audit(article.replace("| 20,682,620 |", "| 20,682,602 |")).run(rule)
  t.deepEqual(broken.anomalies.map((a) => [a.area, a.round, a.delta, a.section]), [["national", 1, -18, "National results"]])
})

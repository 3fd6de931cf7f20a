import { rule } from "../../pipeline/audit/rules/implied-total.ts"
import {
  ALSACE_CANDIDATES,
  type CantonalParty,
  CANTONAL_PARTIES,
  cantonalArticle,
  idStability,
  lineOf,
  regionalArticle,
  ruleTester,
  truncatedShare
} from "../helpers/fixture.ts"

const rowLine = (text: string, name: string) => lineOf(text, `| | ${name} |`)

// The cantonal seed's national table as stated (MPF's 'see DVD' row included): PCF's 957,223 votes
// at 7.80 % imply a total of 12.26–12.28 million, every other row 12.288–12.291 million.
const SEED_PERCENT: Record<string, readonly [string, string]> = {
  PS: ["26.25%", "38.56%"],
  UMP: ["20.94%", "27.22%"],
  UDF: ["4.76%", "4.65%"],
  PRG: ["1.27%", "1.29%"],
  PCF: ["7.80%", "4.74%"],
  "Miscellaneous Left": ["6.02%", "5.93%"],
  "Miscellaneous Right": ["11.36%", "10.61%"],
  Miscellaneous: ["1.08%", "0.80%"],
  FN: ["12.13%", "4.84%"],
  "Les Verts": ["4.09%", "0.98%"],
  "Far-Left": ["2.99%", "0.06%"],
  Regionalists: ["0.41%", "0.13%"],
  Ecologists: ["0.40%", "0.04%"],
  MNR: ["0.36%", "0.11%"],
  CPNT: ["0.14%", "0.04%"]
}
const seedParties: ReadonlyArray<CantonalParty> = [
  ...CANTONAL_PARTIES.slice(0, 7).map((p) => ({ ...p, percent: SEED_PERCENT[p.name]! })),
  { name: "MPF", presidencies: 1, votes: ["see DVD", "see DVD"], percent: ["see DVD", "see DVD"] },
  ...CANTONAL_PARTIES.slice(7).map((p) => ({ ...p, percent: SEED_PERCENT[p.name]! }))
]
const cantonalSeed = cantonalArticle({ parties: seedParties })
const consensusRows = (text: string, except: ReadonlyArray<string>) =>
  CANTONAL_PARTIES.filter((p) => !except.includes(p.name)).map((p) => rowLine(text, p.name))

/** The cantonal table with the given rows' round-one percentages replaced (the rest computed from the votes). */
const cantonalWith = (percents: Record<string, string>) =>
  cantonalArticle({
    parties: CANTONAL_PARTIES.map((p) => (p.name in percents ? { ...p, percent: [percents[p.name], undefined] } : p))
  })

const transposedPs = cantonalWith({ PS: "62.25%" })
const twoOff = cantonalWith({ PS: "62.25%", FN: "21.13%" })

// Seven lists of a 1,000,000-vote round with no Total row; PS (29.98 % for 29.9942 %) and PCF
// (7.99 % for 7.971 %) are off. The five right rows agree on 1,000,000; PS, PCF and three right rows
// only on overlapping sub-ranges.
const SEVEN: ReadonlyArray<CantonalParty> = [
  { name: "PS", presidencies: 0, votes: [299942], percent: ["29.98%"] },
  { name: "UMP", presidencies: 0, votes: [239891], percent: ["23.99%"] },
  { name: "FN", presidencies: 0, votes: [179811], percent: ["17.98%"] },
  { name: "UDF", presidencies: 0, votes: [120041], percent: ["12.00%"] },
  { name: "PCF", presidencies: 0, votes: [79710], percent: ["7.99%"] },
  { name: "Les Verts", presidencies: 0, votes: [50254], percent: ["5.03%"] },
  { name: "Far-Left", presidencies: 0, votes: [30351], percent: ["3.04%"] }
]
const seven = cantonalArticle({ parties: SEVEN })

ruleTester(rule, {
  valid: [
    {
      name: "cantonal 2004, every percentage votes ÷ the (unstated) total, rounded",
      article: cantonalArticle({ parties: CANTONAL_PARTIES }),
      passed: 30,
      check: (t, run) => t.regex(run.items[0]!.detail, /^implies [\d,]+–[\d,]+, within the consensus [\d,]+–[\d,]+$/)
    },
    {
      name: "rounding noise: truncated percentages still imply the same total",
      article: cantonalArticle({
        parties: CANTONAL_PARTIES.map((p) => ({
          ...p,
          percent: [`${truncatedShare(p.votes[0] as number, 12290408).toFixed(2)}%`, undefined]
        })),
        base: [12290408]
      }),
      passed: 30
    },
    {
      name: "one-decimal percentages",
      article: cantonalArticle({ parties: CANTONAL_PARTIES.slice(0, 9), decimals: 1 }),
      passed: 18
    },
    {
      name: "a round with a Total row is left to vote-sum and percent-recompute",
      article: regionalArticle({ region: "Alsace", candidates: ALSACE_CANDIDATES }),
      check: (t, run) => t.is(run.items.length, 0)
    },
    {
      name: "fewer than three rows agreeing: not evaluated",
      article: cantonalArticle({ parties: CANTONAL_PARTIES.slice(0, 2) }),
      notEvaluated: ["fewer than three rows with votes and a percentage agree on a total"],
      check: (t, run) => t.is(run.summary.not_evaluated, 2)
    }
  ],
  invalid: [
    {
      name: "the cantonal seed: PCF's 7.80 % disagrees with the fourteen other rows",
      article: cantonalSeed,
      anomalies: [
        {
          severity: "warning",
          field: "percent",
          line: rowLine(cantonalSeed, "PCF"),
          lines: [rowLine(cantonalSeed, "PCF"), ...consensusRows(cantonalSeed, ["PCF"])],
          round: 1,
          area: "national",
          stated: 7.8,
          expected: 7.7889,
          tolerance: 0.005,
          suggestion: null,
          idEndsWith: "/r1/pcf/implied-total",
          message: ["957,223", "14 other rows"]
        }
      ],
      check: (t, run) => {
        const a = run.anomalies[0]!
        t.true(Math.abs((a.delta as number) - 0.0111) < 0.0005, `delta ${a.delta}`)
        t.is(run.summary.flagged, 1)
        t.is(run.summary.passed, 29)
      }
    },
    {
      name: "digits transposed (PS 26.25 → 62.25)",
      article: transposedPs,
      anomalies: [
        {
          severity: "warning",
          field: "percent",
          line: rowLine(transposedPs, "PS"),
          linesInclude: consensusRows(transposedPs, ["PS"]),
          round: 1,
          stated: 62.25,
          tolerance: 0.005
        }
      ],
      check: (t, run) => t.true(Math.abs((run.anomalies[0]!.expected as number) - (3226525 * 100) / 12290408) < 0.01)
    },
    {
      name: "two rows off: both flagged, neither in the other's consensus",
      article: twoOff,
      anomalies: [
        { severity: "warning", field: "percent", line: rowLine(twoOff, "PS"), stated: 62.25 },
        { severity: "warning", field: "percent", line: rowLine(twoOff, "FN"), stated: 21.13 }
      ],
      check: (t, run) => {
        for (const a of run.anomalies) {
          t.false(a.lines.includes(rowLine(twoOff, "PS")) && a.lines.includes(rowLine(twoOff, "FN")))
        }
      }
    },
    {
      name: "seven rows, two slightly off: the five right rows are the consensus",
      // Regression: before f37204a the rule took PS, UMP, FN and UDF as the consensus (every candidate
      // range overlapping an outlier was skipped), flagged the right rows Les Verts and Far-Left, and left PS unflagged.
      article: seven,
      anomalies: [
        { severity: "warning", field: "percent", line: rowLine(seven, "PS"), stated: 29.98 },
        { severity: "warning", field: "percent", line: rowLine(seven, "PCF"), stated: 7.99 }
      ]
    }
  ]
})

idStability(rule, "cantonal seed, paragraph above the table", cantonalSeed, "==National results==")

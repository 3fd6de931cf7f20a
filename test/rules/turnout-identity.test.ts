import test from "ava"
import { rule } from "../../pipeline/audit/rules/turnout-identity.ts"
import {
  ALSACE_CANDIDATES,
  audit,
  BRITTANY_CANDIDATES,
  BRITTANY_TURNOUT,
  idStability,
  lineOf,
  regionalArticle,
  replace,
  ruleTester,
  type TurnoutLine
} from "../helpers/fixture.ts"

const line = (text: string, label: string) => lineOf(text, `| ${label} |`)
const brittanyWith = (turnout: ReadonlyArray<TurnoutLine>, candidates = BRITTANY_CANDIDATES) =>
  regionalArticle({ region: "Brittany", candidates, turnout, total: null })
const turnoutWith = (label: string, patch: (t: TurnoutLine) => TurnoutLine) => replace(BRITTANY_TURNOUT, (t) => t.label === label, patch)

const registeredTypo = brittanyWith(turnoutWith("Registered voters", (t) => ({ ...t, values: [2207046, t.values[1]!] })))
// White and rejected ballots mistyped (64,853 → 64,583), its 4.56 % left as it was.
const blankTypo = brittanyWith(turnoutWith("White and rejected ballots", (t) => ({ ...t, values: [64583, t.values[1]!] })))
const listTypo = brittanyWith(BRITTANY_TURNOUT, replace(BRITTANY_CANDIDATES, (c) => c.name === "Bruno Joncour", (c) => ({ ...c, votes: [150708] })))
const votersPercent = brittanyWith(turnoutWith("Voters", (t) => ({ ...t, percent: ["64.42%", t.percent![1]!] })))
const abstentionsPercent = brittanyWith(turnoutWith("Abstentions", (t) => ({ ...t, percent: ["36.52%", t.percent![1]!] })))

// One round whose abstentions are 786,600 of 2,207,064 (35.640 %), written "35.60%": off by 0.04.
const TRAILING_ZERO: ReadonlyArray<TurnoutLine> = [
  { label: "Registered voters", values: [2207064], percent: ["100%"] },
  { label: "Abstentions", values: [786600], percent: ["35.60%"] },
  { label: "Voters", values: [1420464], percent: ["64.36%"] },
  { label: "White and rejected ballots", values: [64011], percent: ["4.51%"] },
  { label: "Valid votes", values: [1356453], percent: ["95.49%"] }
]
const trailingZero = regionalArticle({ region: "Brittany", rounds: 1, candidates: BRITTANY_CANDIDATES, turnout: TRAILING_ZERO, total: null })
// Turnout stated in whole percent (64 % for 64.398 %), every figure right at that precision.
const wholePercent = regionalArticle({
  region: "Brittany",
  rounds: 1,
  candidates: BRITTANY_CANDIDATES,
  turnout: BRITTANY_TURNOUT.map((t) => ({ ...t, values: [t.values[0]], percent: [`${Math.round(Number.parseFloat(String(t.percent![0])))}%`] })),
  total: null
})

ruleTester(rule, {
  valid: [
    {
      name: "Brittany 2004, both rounds: identities, list votes and percentages",
      article: brittanyWith(BRITTANY_TURNOUT),
      passed: 14,
      check: (t, run) => {
        t.is(run.items.length, 14)
        t.deepEqual(run.items.slice(0, 3).map((i) => i.subject), [
          "Brittany round 1: registered = abstentions + voters",
          "Brittany round 1: voters = blank/invalid + valid",
          "Brittany round 1: list votes = valid votes"
        ])
        t.is(run.items[0]!.detail, "785,758 + 1,421,306 = 2,207,064; stated 2,207,064")
      }
    },
    {
      name: "rounding noise: turnout percentages with one decimal (35.6 % for 35.602 %)",
      article: brittanyWith(BRITTANY_TURNOUT.map((t) => ({ ...t, percent: [`${Number.parseFloat(String(t.percent![0])).toFixed(1)}%`, t.percent![1]!] }))),
      passed: 14
    },
    {
      name: "turnout in whole percent (64 % for 64.398 %)",
      article: wholePercent,
      passed: 7
    },
    {
      name: "a table without turnout rows: nothing to check",
      article: regionalArticle({ region: "Alsace", candidates: ALSACE_CANDIDATES }),
      check: (t, run) => t.is(run.items.length, 0)
    },
    {
      name: "an identity with a figure missing: not evaluated",
      article: brittanyWith(BRITTANY_TURNOUT.filter((t) => t.label !== "Abstentions")),
      notEvaluated: ["a figure of the identity is not stated"]
    },
    {
      name: "valid votes stated but the round's list figures missing: not evaluated",
      article: brittanyWith(BRITTANY_TURNOUT, BRITTANY_CANDIDATES.map((c) => ({ ...c, votes: [c.votes[0]] }))),
      notEvaluated: ["the round's list figures are missing from the table"]
    }
  ],
  invalid: [
    {
      name: "registered ≠ abstentions + voters",
      article: registeredTypo,
      anomalies: [
        {
          severity: "error",
          field: "registered",
          line: line(registeredTypo, "Registered voters"),
          lines: [line(registeredTypo, "Registered voters"), line(registeredTypo, "Abstentions"), line(registeredTypo, "Voters")],
          round: 1,
          area: "Brittany",
          stated: 2207046,
          expected: 2207064,
          delta: -18,
          tolerance: 0,
          suggestion: null,
          idEndsWith: "/r1/registered"
        }
      ]
    },
    {
      name: "voters ≠ blank/invalid + valid, and the blank percentage no longer matches",
      article: blankTypo,
      anomalies: [
        {
          severity: "error",
          field: "voters",
          line: line(blankTypo, "Voters"),
          lines: [line(blankTypo, "Voters"), line(blankTypo, "White and rejected ballots"), line(blankTypo, "Valid votes")],
          stated: 1421306,
          expected: 64583 + 1356453,
          delta: 1421306 - (64583 + 1356453),
          idEndsWith: "/r1/voters"
        },
        {
          severity: "warning",
          field: "blank_invalid_percent",
          line: line(blankTypo, "White and rejected ballots"),
          lines: [line(blankTypo, "Voters"), line(blankTypo, "White and rejected ballots")],
          stated: 4.56,
          expected: 4.5439, // tidied to four decimals
          tolerance: 0.005
        }
      ]
    },
    {
      name: "the lists' votes do not sum to the valid votes",
      article: listTypo,
      anomalies: [
        {
          severity: "error",
          field: "valid",
          line: line(listTypo, "Valid votes"),
          lines: [...BRITTANY_CANDIDATES.map((c) => lineOf(listTypo, `| ${c.name} |`)), line(listTypo, "Valid votes")],
          round: 1,
          stated: 1356453,
          expected: 1356453 + 630,
          delta: -630,
          idEndsWith: "/r1/valid"
        }
      ]
    },
    {
      name: "a turnout percentage far off its count (abstentions 36.52 % for 35.602 %): an error past 0.1 point",
      article: abstentionsPercent,
      anomalies: [
        {
          severity: "error",
          field: "abstentions_percent",
          line: line(abstentionsPercent, "Abstentions"),
          lines: [line(abstentionsPercent, "Registered voters"), line(abstentionsPercent, "Abstentions")],
          round: 1,
          stated: 36.52,
          expected: 35.602,
          tolerance: 0.005,
          suggestion: null,
          idEndsWith: "/r1/abstentions/percent"
        }
      ]
    },
    {
      name: "a turnout percentage slightly off (voters 64.42 % for 64.398 %): a warning",
      article: votersPercent,
      anomalies: [
        {
          severity: "warning",
          field: "voters_percent",
          line: line(votersPercent, "Voters"),
          lines: [line(votersPercent, "Registered voters"), line(votersPercent, "Voters")],
          stated: 64.42,
          expected: 64.398,
          tolerance: 0.005
        }
      ]
    },
    {
      name: "a two-decimal percentage with a trailing zero is held to two decimals (35.60 % for 35.640 %)",
      article: trailingZero,
      anomalies: [
        { severity: "warning", field: "abstentions_percent", line: line(trailingZero, "Abstentions"), stated: 35.6, tolerance: 0.005 }
      ]
    }
  ]
})

idStability(rule, "Brittany, paragraph above the table", blankTypo, "===Brittany===")

test("turnout-identity: each round is checked on its own", (t) => {
  const article = brittanyWith(turnoutWith("Registered voters", (r) => ({ ...r, values: [r.values[0]!, 2206074] })))
  const { anomalies } = audit(article).run(rule)
  t.deepEqual(anomalies.map((a) => [a.round, a.field, a.delta]), [[2, "registered", 27]])
})

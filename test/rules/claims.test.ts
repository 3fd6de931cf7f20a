import test from "ava"
import type { ClaimsFile } from "../../pipeline/audit/claims.ts"
import { rule } from "../../pipeline/audit/rules/claims.ts"
import {
  ALSACE_CANDIDATES,
  ALSACE_COUNCIL,
  AQUITAINE_CANDIDATES,
  audit,
  BRITTANY_CANDIDATES,
  CANTONAL_WITH_MPF,
  cantonalArticle,
  claimsFile,
  insertParagraph,
  lineOf,
  regionalArticle,
  replace,
  ruleTester,
  SENATE_GROUPS,
  senateArticle
} from "../helpers/fixture.ts"

/** A claim quoting `quote` on the first line of `text` that contains it. */
const claim = (text: string, id: string, quote: string, check: unknown, extra: Record<string, unknown> = {}) => ({ id, line: lineOf(text, quote), quote, check, ...extra })

const CANTONAL_LEAD =
  "Cantonal elections to elect half the membership of the general councils of France's 100 departments were held on 21 and 28 March 2004, leaving the Socialists in control of a majority of departments."
const cantonal = cantonalArticle({ parties: CANTONAL_WITH_MPF, lead: CANTONAL_LEAD })
const departments = (text: string) => claim(text, "departments", "the general councils of France's 100 departments", { kind: "equals", left: { value: 100 }, right: { presidencies: {} } })
const leftMajority = (text: string) => claim(text, "left-majority", "leaving the Socialists in control of a majority of departments", { kind: "majority", holder: { presidencies: { bloc: "left" } }, of: { value: 100 } })
const psMajority = (text: string) => claim(text, "socialist-majority", "leaving the Socialists in control of a majority of departments", { kind: "majority", holder: { presidencies: { party: "PS" } }, of: { value: 100 } })
const dates = (text: string) => claim(text, "dates", "were held on 21 and 28 March 2004", { kind: "not-checkable", reason: "nothing else states the dates" })

// Two regions: the right keeps Alsace, the left holds Aquitaine.
const regional = regionalArticle({
  lead: "Regional elections were held in France on 21 and 28 March 2004. The left won one of the two regions, and no candidate gained a majority in any region in the first round.",
  regions: [
    { region: "Alsace", candidates: ALSACE_CANDIDATES, council: ALSACE_COUNCIL },
    { region: "Aquitaine", candidates: AQUITAINE_CANDIDATES }
  ]
})
const winners = (count: number) => claim(regional, "left-one-of-two", "The left won one of the two regions", { kind: "winners", bloc: "left", count: { value: count }, of: { value: 2 } })
const noMajority = claim(regional, "no-first-round-majority", "no candidate gained a majority in any region", { kind: "no-majority", round: 1 })
const incumbent = (contestant: string, isIncumbent: boolean) =>
  ({ id: "incumbent", line: lineOf(regional, "===Alsace==="), quote: "Alsace", check: { kind: "incumbent", area: "Alsace", contestant, incumbent: isIncumbent } })

const senate = senateArticle({ groups: SENATE_GROUPS, intro: "Since 2001, 10 seats had been added to the Senate." })
const addedSeats = (value: number) =>
  claim(senate, "added-seats", "Since 2001, 10 seats had been added", { kind: "equals", left: { value }, right: { difference: [{ seatTotal: "seats" }, { seatTotal: "seats_before" }] } })

const files = (...claims: ReadonlyArray<unknown>): ReadonlyArray<ClaimsFile> => [claimsFile(claims)]

const psWrong = files(psMajority(cantonal))
const movedQuote = files({ ...departments(cantonal), line: departments(cantonal).line + 2 })
const outright = regionalArticle({
  lead: "Regional elections were held in France on 21 and 28 March 2004. The left won one of the two regions, and no candidate gained a majority in any region in the first round.",
  regions: [
    { region: "Alsace", candidates: replace(ALSACE_CANDIDATES, (c) => c.name.startsWith("Adrien Zeller"), (c) => ({ ...c, votes: [450000, 299353] })), council: ALSACE_COUNCIL },
    { region: "Aquitaine", candidates: AQUITAINE_CANDIDATES }
  ]
})

// Brittany with Jean-Yves Le Drian at 1,000,000 of 1,834,630 valid votes (54.5 %), and no Total row.
const brittanyOutright = regionalArticle({
  lead: "Regional elections were held in France on 21 and 28 March 2004. No candidate gained a majority in any region in the first round.",
  region: "Brittany",
  rounds: 1,
  candidates: replace(BRITTANY_CANDIDATES, (c) => c.name === "Jean-Yves Le Drian", (c) => ({ ...c, votes: [1000000] })),
  turnout: [{ label: "Valid votes", values: [1834630] }],
  total: null
})

ruleTester(rule, {
  valid: [
    {
      name: "cantonal: 100 departments, 100 presidencies; the left (not the PS alone) holds a majority",
      article: cantonal,
      claims: files(departments(cantonal), leftMajority(cantonal)),
      passed: 2,
      check: (t, run) => {
        t.regex(run.items[0]!.detail, /^100 equals all parties holds 100 presidencies/)
        t.regex(run.items[1]!.detail, /^left holds 51 presidencies .*: more than half of 100$/)
      }
    },
    {
      name: "a claim the data cannot test: not evaluated, with its reason",
      article: cantonal,
      claims: files(dates(cantonal)),
      notEvaluated: ["nothing else states the dates"]
    },
    {
      name: "regional: the left won one of two regions; no first-round majority; Zeller the incumbent",
      article: regional,
      claims: files(winners(1), noMajority, incumbent("Adrien Zeller", true)),
      passed: 3
    },
    {
      name: "Senate: a difference of the table's totals (331 − 321 = 10)",
      article: senate,
      claims: files(addedSeats(10)),
      passed: 1
    },
    {
      name: "no claims file: nothing to check",
      article: cantonal,
      check: (t, run) => t.is(run.items.length, 0)
    }
  ],
  invalid: [
    {
      name: "a majority claim the presidencies contradict (PS 44 of 100)",
      article: cantonal,
      claims: psWrong,
      anomalies: [
        {
          severity: "error",
          field: "claim",
          line: lineOf(cantonal, "leaving the Socialists"),
          linesInclude: [lineOf(cantonal, "leaving the Socialists"), lineOf(cantonal, "| | PS |")],
          area: "national", // a claim in the lead: outside every area section
          round: null,
          stated: 44,
          expected: 51,
          delta: -7,
          tolerance: 0,
          suggestion: null,
          idEndsWith: "/socialist-majority",
          message: ["PS holds 44 presidencies", "not more than half of 100"]
        }
      ]
    },
    {
      name: "a quote no longer on its line: a warning that the claims file is out of date",
      article: cantonal,
      claims: movedQuote,
      // The claim itself is not evaluated; the anomaly is about the claims file.
      flagged: false,
      check: (t, run) => t.deepEqual(run.summary.reasons, [`quote not found on line ${departments(cantonal).line + 2} (fixture.claims.json is out of date)`]),
      anomalies: [
        { severity: "warning", field: "claim", line: departments(cantonal).line + 2, stated: "the general councils of France's 100 departments", expected: null, idEndsWith: "/departments/quote", message: ["needs updating"] }
      ]
    },
    {
      name: "a figure the article no longer states: a warning",
      article: cantonal.replace("France's 100 departments", "France's 96 departments"),
      claims: files({ ...departments(cantonal), quote: "the general councils of France's" }),
      flagged: false,
      check: (t, run) => t.deepEqual(run.summary.reasons, [`figure(s) no longer in the text: 100 on line ${departments(cantonal).line}`]),
      anomalies: [{ severity: "warning", field: "claim", line: departments(cantonal).line, expected: 100, idEndsWith: "/departments/figures", message: ["100 on line"] }]
    },
    {
      name: "winners: the left won one region, not two",
      article: regional,
      claims: files(winners(2)),
      anomalies: [{ severity: "error", field: "claim", line: lineOf(regional, "The left won one"), stated: 2, expected: 1, delta: 1, message: ["the left won 1 of 2 areas", "Alsace right"] }]
    },
    {
      name: "no-majority contradicted by a list with more than half the round-one votes",
      article: outright,
      claims: files(claim(outright, "no-first-round-majority", "no candidate gained a majority in any region", { kind: "no-majority", round: 1 })),
      anomalies: [
        { severity: "error", field: "claim", line: lineOf(outright, "no candidate gained"), linesInclude: [lineOf(outright, "| | Adrien Zeller")], stated: "no majority", expected: "1 majority", delta: null, message: ["Adrien Zeller (Alsace) won 450,000 of 885,914"] }
      ]
    },
    {
      name: "no-majority, where the round's total is its valid votes (no Total row)",
      article: brittanyOutright,
      claims: files(claim(brittanyOutright, "no-first-round-majority", "candidate gained a majority in any region", { kind: "no-majority", round: 1 })),
      anomalies: [{ severity: "error", field: "claim", line: lineOf(brittanyOutright, "candidate gained"), stated: "no majority", expected: "1 majority" }]
    },
    {
      name: "incumbent: Jacques Bigot is not marked (incumbent)",
      article: regional,
      claims: files(incumbent("Jacques Bigot", true)),
      anomalies: [{ severity: "error", field: "claim", line: lineOf(regional, "===Alsace==="), linesInclude: [lineOf(regional, "| | Jacques Bigot")], stated: "incumbent", expected: "not marked incumbent" }]
    },
    {
      name: "Senate: 10 added seats against 331 − 321, with the Total mistyped (331 → 333)",
      article: senateArticle({ groups: SENATE_GROUPS, total: { after: 333 }, intro: "Since 2001, 10 seats had been added to the Senate." }),
      claims: files(addedSeats(10)),
      anomalies: [{ severity: "error", field: "claim", line: lineOf(senate, "Since 2001"), stated: 10, expected: 12, delta: -2 }]
    }
  ]
})

test("claims ids are stable: a paragraph above the claim gives the same id, the claims file's lines moved with it", (t) => {
  const before = audit(cantonal, "fixture.txt", { claims: psWrong }).run(rule).anomalies
  const edited = insertParagraph(cantonal, "= 2004 French cantonal elections =")
  const after = audit(edited, "fixture.txt", { claims: files(psMajority(edited)) }).run(rule).anomalies
  t.is(before.length, 1)
  t.deepEqual(after.map((a) => a.id), before.map((a) => a.id))
  t.deepEqual(after.map((a) => a.line), before.map((a) => a.line + 2))
  t.deepEqual(after.map((a) => a.lines), before.map((a) => a.lines.map((l) => l + 2)))
})

test("claims: an unedited claims file against an edited article flags the stale quote, not a contradiction", (t) => {
  const edited = insertParagraph(cantonal, "= 2004 French cantonal elections =")
  const { anomalies } = audit(edited, "fixture.txt", { claims: psWrong }).run(rule)
  t.deepEqual(anomalies.map((a) => [a.severity, a.id.split("/").pop()]), [["warning", "quote"]])
})

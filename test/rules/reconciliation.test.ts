import { rule } from "../../pipeline/audit/rules/reconciliation.ts"
import {
  ALSACE_CANDIDATES,
  ALSACE_COUNCIL,
  type CouncilRow,
  idStability,
  lineOf,
  type NationalGrouping,
  type NationalSpec,
  regionalArticle,
  replace,
  ruleTester,
  SENATE_GROUPS,
  senateArticle
} from "../helpers/fixture.ts"

// A one-region article whose national table is exactly the sum of Alsace's figures, grouping by
// grouping (Pascale Grauss' Federalist Party list, in no national grouping, left out).
const CANDIDATES = ALSACE_CANDIDATES.filter((c) => c.name !== "Pascale Grauss")
const GROUPINGS: ReadonlyArray<NationalGrouping> = [
  { grouping: "Left", parties: "PS-Verts-PCF-PRG-MRC-DVG", votes: [133038 + 24692, 236709], regions: null, seats: 12 },
  { grouping: "Right", parties: "UMP-UDF-MPF-DVD", votes: [225193, 299353], regions: 1, seats: 27 },
  { grouping: "FN", parties: "FN", votes: [122860, 151187], regions: null, seats: 8 },
  { grouping: "Far-left", parties: "LCR/LO", votes: [20004], regions: null, seats: null },
  { grouping: "Ecologists", parties: "MEI-GE-CAP21", votes: [48949], regions: null, seats: null },
  { grouping: "Far-Right", parties: "MNR-Alsace d'abord", votes: [62253], regions: null, seats: null },
  { grouping: "Miscellaneous", votes: [23540], regions: null, seats: null }
]
const article = (groupings: ReadonlyArray<NationalGrouping>, extra: Partial<NationalSpec> = {}, council: ReadonlyArray<CouncilRow> = ALSACE_COUNCIL) =>
  regionalArticle({ national: { groupings, ...extra }, regions: [{ region: "Alsace", candidates: CANDIDATES, council }] })
const grouping = (name: string, patch: Partial<NationalGrouping>) => replace(GROUPINGS, (g) => g.grouping === name, (g) => ({ ...g, ...patch }))

const nationalRow = (text: string, name: string) => lineOf(text, `| | ${name} |`)
const councilRow = (text: string, party: string) => lineOf(text, `| ${party} |`, lineOf(text, "| Party | seats |"))
const areaRow = (text: string, name: string) => lineOf(text, `| | ${name}`, lineOf(text, "===Alsace==="))

const leftPlusOne = article(grouping("Left", { seats: 13 }))
const fnShort = article(grouping("FN", { seats: 7 }))
const leftFar = article(grouping("Left", { seats: 212 }))
const rightVotes = article(grouping("Right", { votes: [225000, 299353] }))
const ecoVotesAbove = article(grouping("Ecologists", { votes: [50949] }))
const cpnt = article(GROUPINGS, {}, [...ALSACE_COUNCIL, { party: "Hunting, Fishing, Nature, Traditions", seats: 2, change: 2 }])
const totalShort = article(GROUPINGS, { total: { votes: [660000, 687249] } })

ruleTester(rule, {
  valid: [
    {
      name: "a national table that is the sum of its one region, family by family",
      article: article(GROUPINGS),
      passed: 15,
      check: (t, run) => {
        t.is(run.summary.not_evaluated, 0)
        const left = run.items.find((i) => i.subject === "Left seats")!
        t.is(left.detail, "national 12; areas 12 (2 council rows won on the family's lists, in 1 areas)")
      }
    },
    {
      name: "an area list mixing two families: those families' votes are not evaluated",
      article: regionalArticle({
        national: { groupings: GROUPINGS },
        regions: [{ region: "Alsace", candidates: replace(CANDIDATES, (c) => c.name === "Patrick Merck", (c) => ({ ...c, party: "Divers-UMP" })), council: ALSACE_COUNCIL }]
      }),
      passed: 13,
      check: (t, run) => {
        const skipped = run.items.filter((i) => i.status === "not_evaluated")
        t.deepEqual(skipped.map((i) => i.subject), ["Right round-1 votes", "Miscellaneous round-1 votes"])
        t.regex(skipped[0]!.detail, /^1 area list\(s\) mix this family with others \(e\.g\. Divers-UMP, line \d+\)$/)
      }
    },
    {
      name: "not a regional election (Senate): nothing to reconcile",
      article: senateArticle({ groups: SENATE_GROUPS }),
      check: (t, run) => t.is(run.items.length, 0)
    },
    {
      name: "a regional article without a national table: nothing to reconcile",
      article: regionalArticle({ region: "Alsace", candidates: CANDIDATES, council: ALSACE_COUNCIL }),
      check: (t, run) => t.is(run.items.length, 0)
    }
  ],
  invalid: [
    {
      name: "national seats above the areas' by no more than the omitted overseas councils hold: info",
      article: leftPlusOne,
      anomalies: [
        {
          severity: "info",
          field: "seats",
          line: nationalRow(leftPlusOne, "Left"),
          lines: [nationalRow(leftPlusOne, "Left"), councilRow(leftPlusOne, "Socialist Party"), councilRow(leftPlusOne, "The Greens")],
          round: null,
          area: "national",
          stated: 13,
          expected: 12,
          delta: 1,
          tolerance: 0,
          suggestion: null,
          idEndsWith: "/national-results/left/seats",
          message: ["Guadeloupe, Martinique, French Guiana, Réunion: 158 seats"]
        },
        { severity: "info", field: "seats", line: lineOf(leftPlusOne, "| | Total |"), stated: 48, expected: 47, delta: 1, idEndsWith: "/all/seats" }
      ]
    },
    {
      name: "the areas above the nation: a warning no omitted area explains",
      article: fnShort,
      anomalies: [
        { severity: "warning", field: "seats", line: nationalRow(fnShort, "FN"), stated: 7, expected: 8, delta: -1, message: ["the areas exceed the national figure"] },
        { severity: "warning", field: "seats", line: lineOf(fnShort, "| | Total |"), stated: 46, expected: 47, delta: -1 }
      ]
    },
    {
      name: "a seat gap larger than the omitted councils can hold: a warning",
      article: leftFar,
      anomalies: [
        { severity: "warning", field: "seats", line: nationalRow(leftFar, "Left"), stated: 212, expected: 12, delta: 200, message: ["is more than"] },
        { severity: "warning", field: "seats", line: lineOf(leftFar, "| | Total |"), stated: 247, expected: 47, delta: 200 }
      ]
    },
    {
      name: "national votes below the sum of the family's area lists: a warning",
      article: rightVotes,
      anomalies: [
        {
          severity: "warning",
          field: "votes",
          line: nationalRow(rightVotes, "Right"),
          lines: [nationalRow(rightVotes, "Right"), areaRow(rightVotes, "Adrien Zeller")],
          round: 1,
          stated: 225000,
          expected: 225193,
          delta: -193,
          idEndsWith: "/national-results/right/r1/votes"
        },
        // the builder's national Total follows its rows, so the round total is 193 short too
        { severity: "warning", field: "total_votes", line: lineOf(rightVotes, "| | Total |"), round: 1, stated: 660336, expected: 660529, delta: -193 }
      ]
    },
    {
      name: "national votes above the areas': info (omitted areas)",
      article: ecoVotesAbove,
      anomalies: [
        { severity: "info", field: "votes", line: nationalRow(ecoVotesAbove, "Ecologists"), round: 1, stated: 50949, expected: 48949, delta: 2000 },
        { severity: "info", field: "total_votes", line: lineOf(ecoVotesAbove, "| | Total |"), round: 1, stated: 662529, expected: 660529, delta: 2000 }
      ]
    },
    {
      name: "a council row of no national family: not evaluated, and the total seats no longer reconcile",
      article: cpnt,
      anomalies: [{ severity: "warning", field: "seats", line: lineOf(cpnt, "| | Total |"), stated: 47, expected: 49, delta: -2, idEndsWith: "/all/seats" }],
      check: (t, run) => {
        const skipped = run.items.filter((i) => i.status === "not_evaluated")
        t.deepEqual(skipped.map((i) => i.subject), ["council rows without a national family"])
        t.regex(skipped[0]!.detail, /^Hunting, Fishing, Nature, Traditions \(Alsace, line \d+\)$/)
      }
    },
    {
      name: "the national round total below the sum of the area totals",
      article: totalShort,
      anomalies: [
        {
          severity: "warning",
          field: "total_votes",
          line: lineOf(totalShort, "| | Total |"),
          linesInclude: [lineOf(totalShort, "| | Total |", lineOf(totalShort, "===Alsace==="))],
          round: 1,
          stated: 660000,
          expected: 660529,
          delta: -529,
          idEndsWith: "/national-results/r1/total"
        }
      ]
    }
  ]
})

idStability(rule, "FN seats short, paragraph above the national table", fnShort, "==National results==")

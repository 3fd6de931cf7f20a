import { rule } from "../../pipeline/audit/rules/seat-reconstruction.ts"
import {
  ALSACE_CANDIDATES,
  ALSACE_COUNCIL,
  AQUITAINE_CANDIDATES,
  type Candidate,
  CORSICA_CANDIDATES,
  CORSICA_COUNCIL,
  type CouncilRow,
  idStability,
  LANGUEDOC_CANDIDATES,
  LANGUEDOC_COUNCIL,
  lineOf,
  pct,
  regionalArticle,
  replace,
  ruleTester
} from "../helpers/fixture.ts"

const councilHeader = (text: string) => lineOf(text, "| Party | seats | change +/- | |")
const councilRow = (text: string, party: string) => lineOf(text, `| ${party} |`, councilHeader(text))
const listLine = (text: string, name: string) => lineOf(text, `| ${name}`)

const AQUITAINE_COUNCIL: ReadonlyArray<CouncilRow> = [
  { party: "Socialist Party", seats: 43, change: 15, majority: true },
  { party: "Union for a Popular Movement", seats: 12, change: -1 },
  { party: "Union for French Democracy", seats: 9, change: -6 },
  { party: "The Greens", seats: 9, change: 6, majority: true },
  { party: "National Front", seats: 7, change: -2 },
  { party: "Miscellaneous Left", seats: 4, change: 4, majority: true },
  { party: "Left Radical Party", seats: 1, change: 1, majority: true },
  { party: "Hunting, Fishing, Nature, Traditions", seats: 0, change: -8 },
  { party: "French Communist Party", seats: 0, change: -8 },
  { party: "Citizen and Republican Movement", seats: 0, change: -1 }
]

const alsace = (council: ReadonlyArray<CouncilRow>, candidates: ReadonlyArray<Candidate> = ALSACE_CANDIDATES) =>
  regionalArticle({ region: "Alsace", candidates, council })

// Languedoc-Roussillon as the seed has it: Blanc's round-two votes copied from round one. The council
// (Frêche 43, Blanc 16, Jamet 8) reproduces only with 374,052.
const LR_TOTAL: readonly [number, number] = [1065990, 1129911]
const languedocCopy = regionalArticle({
  region: "Languedoc-Roussillon",
  candidates: replace(LANGUEDOC_CANDIDATES, (c) => c.name.startsWith("Jacques Blanc"), (c) => ({ ...c, votes: [258287, 258287], percent: [undefined, pct(374052, LR_TOTAL[1])] })),
  total: LR_TOTAL,
  council: LANGUEDOC_COUNCIL
})
// One seat too many on the winning side (UMP 19): 48 seats for a council of 47.
const oneTooMany = alsace(replace(ALSACE_COUNCIL, (r) => r.party === "Union for a Popular Movement", (r) => ({ ...r, seats: 19, change: 12 })))
// A seat moved from the FN to the PS: the size is right, two lists are off.
const moved = alsace(
  replace(replace(ALSACE_COUNCIL, (r) => r.party === "Socialist Party", (r) => ({ ...r, seats: 9, change: 1 })), (r) => r.party === "National Front", (r) => ({ ...r, seats: 7, change: -6 }))
)
// Adrien Zeller with an absolute majority in round one (450,000 of 885,914): round one decides, the
// round-two columns stay empty; bonus 12, then 20 + 6 + 5 + 2 + 2 by highest average.
const outright = regionalArticle({
  region: "Alsace",
  candidates: ALSACE_CANDIDATES.map((c) => ({ ...c, votes: [c.name.startsWith("Adrien Zeller") ? 450000 : c.votes[0]] as [number] })),
  council: [
    { party: "Union for a Popular Movement", seats: 20, change: 13, majority: true },
    { party: "Union for French Democracy", seats: 9, change: 0, majority: true },
    { party: "Miscellaneous Right", seats: 3, change: 0, majority: true },
    { party: "Socialist Party", seats: 4, change: -4 },
    { party: "The Greens", seats: 2, change: 1 },
    { party: "National Front", seats: 5, change: -8 },
    { party: "Alsace d'Abord", seats: 2, change: -1 },
    { party: "Independent Ecological Movement", seats: 2, change: 1 }
  ]
})

ruleTester(rule, {
  valid: [
    {
      name: "Alsace 2004 reproduces: bonus 12 to Zeller, then highest average",
      article: alsace(ALSACE_COUNCIL),
      passed: 1,
      check: (t, run) =>
        t.is(
          run.items[0]!.detail,
          "reproduced (table/reconstructed): Adrien Zeller 27/27, Jacques Bigot 12/12, Patrick Binder 8/8; 47 seats, bonus 12 to Adrien Zeller, the rest by highest average among lists ≥ 5 %"
        )
    },
    {
      name: "Aquitaine 2004 reproduces (marked rows join the winning list)",
      article: regionalArticle({ region: "Aquitaine", candidates: AQUITAINE_CANDIDATES, council: AQUITAINE_COUNCIL }),
      passed: 1
    },
    {
      name: "Corsica 2004: a bonus of 3 seats, and one 'Left' row grouping four lists",
      article: regionalArticle({ region: "Corsica", candidates: CORSICA_CANDIDATES, council: CORSICA_COUNCIL }),
      passed: 1,
      check: (t, run) => t.regex(run.items[0]!.detail, /Émile Zuccarelli \+ Paul Giacobbi \+ Dominique Bucchini \+ Simon Renucci 24\/24/)
    },
    {
      name: "no council table: not evaluated",
      article: regionalArticle({ region: "Alsace", candidates: ALSACE_CANDIDATES }),
      notEvaluated: ["no council seat table for the area"]
    },
    {
      name: "a region missing from the reference: not evaluated",
      article: regionalArticle({ region: "Mayotte", candidates: ALSACE_CANDIDATES, council: ALSACE_COUNCIL }),
      notEvaluated: ["no statutory size for 'Mayotte'"]
    },
    {
      name: "a council row no list can be attributed to: not evaluated, named with its line",
      article: alsace([...ALSACE_COUNCIL.slice(0, 5), { party: "Zorglub", seats: 2, change: 2 }]),
      check: (t, run) => {
        t.is(run.summary.not_evaluated, 1)
        t.regex(run.summary.reasons[0]!, /^council rows not attributable to a list: Zorglub \(line \d+\)$/)
      }
    },
    {
      name: "a region won outright in round one is reconstructed from round one",
      article: outright,
      passed: 1
    }
  ],
  invalid: [
    {
      name: "a copied vote count (Languedoc-Roussillon): the council reproduces once it is replaced by the suggestion",
      article: languedocCopy,
      anomalies: [
        {
          severity: "info",
          field: "votes",
          line: listLine(languedocCopy, "Jacques Blanc"),
          linesInclude: [listLine(languedocCopy, "Georges Frêche"), listLine(languedocCopy, "Jacques Blanc"), listLine(languedocCopy, "Alain Jamet"), councilRow(languedocCopy, "Socialist Party")],
          round: 2,
          area: "Languedoc-Roussillon",
          stated: 258287,
          expected: 374052,
          delta: 258287 - 374052,
          suggestion: null,
          idEndsWith: "/results-by-region-languedoc-roussillon-regional-council/reconstruction",
          message: ["Georges Frêche 43/46", "Jacques Blanc 16/13", "independent evidence"]
        }
      ]
    },
    {
      name: "one side off by exactly the council's excess: an error on that side's rows",
      article: oneTooMany,
      anomalies: [
        {
          severity: "error",
          field: "seats",
          line: councilRow(oneTooMany, "Union for a Popular Movement"),
          lines: [
            listLine(oneTooMany, "Adrien Zeller"),
            councilRow(oneTooMany, "Union for a Popular Movement"),
            councilRow(oneTooMany, "Union for French Democracy"),
            councilRow(oneTooMany, "Miscellaneous Right")
          ],
          round: 2,
          area: "Alsace",
          stated: 28,
          expected: 27,
          delta: 1,
          tolerance: 0,
          suggestion: null,
          message: ["exceed the council's 47 by the same 1"]
        }
      ]
    },
    {
      name: "two lists off with the size right: a warning on the table, the data cannot tell which rows",
      article: moved,
      anomalies: [
        {
          severity: "warning",
          field: "seats",
          line: councilHeader(moved),
          linesInclude: [councilHeader(moved), councilRow(moved, "Socialist Party"), councilRow(moved, "National Front"), listLine(moved, "Jacques Bigot"), listLine(moved, "Patrick Binder")],
          round: 2,
          suggestion: null,
          message: ["Jacques Bigot 13/12", "Patrick Binder 7/8", "do not show which rows are off"]
        }
      ]
    }
  ]
})

idStability(rule, "one seat too many, paragraph above the tables", oneTooMany, "===Alsace===")
idStability(rule, "Languedoc-Roussillon copy, paragraph above the tables", languedocCopy, "===Languedoc-Roussillon===")

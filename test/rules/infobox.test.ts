import { rule } from "../../pipeline/audit/rules/infobox.ts"
import {
  idStability,
  type InfoboxFields,
  lineOf,
  NATIONAL_2004,
  regionalArticle,
  ruleTester,
  SENATE_GROUPS,
  SENATE_INFOBOX,
  senateArticle
} from "../helpers/fixture.ts"

const field = (text: string, key: string) => lineOf(text, `- ${key}: `)
const groupLine = (text: string, name: string) => lineOf(text, `| ${name} |`)
const withField = (fields: InfoboxFields, key: string, value: string): InfoboxFields => fields.map(([k, v]) => [k, k === key ? value : v] as const)
const senate = (infobox: InfoboxFields) => senateArticle({ groups: SENATE_GROUPS, infobox })

const SIGNED = withField(withField(withField(SENATE_INFOBOX, "Seat Change1", "-7"), "Seat Change2", "+14"), "Seat Change3", "+2")
const seed = senate(SENATE_INFOBOX) // Seat Change1: 7 — the seed lost the minus
const seatsTypo = senate(withField(SIGNED, "Seats2", "79"))
const lastElectionTypo = senate(withField(SIGNED, "Last Election3", "13"))
const REGIONAL_INFOBOX: InfoboxFields = [
  ["Election Name", "2004 French regional elections"],
  ["Seats For Election", "26 Regional Presidencies"],
  ["Election Date", "21 March and 28 March 2004"],
  ["Party1", "Socialist Party (France)"]
]
const regional = (infobox: InfoboxFields) => regionalArticle({ infobox, national: NATIONAL_2004, regions: [] })
const regions25 = regional(withField(REGIONAL_INFOBOX, "Seats For Election", "25 Regional Presidencies"))

ruleTester(rule, {
  valid: [
    {
      name: "the Senate infobox with signed changes agrees with the table",
      article: senate(SIGNED),
      passed: 9,
      notEvaluated: ["no table states this figure (see the claims files for prose checks)"],
      check: (t, run) => {
        t.is(run.items[0]!.subject, "infobox party 1 (Union for a Popular Movement): Seats1")
        t.regex(run.items.find((i) => i.subject.endsWith("Seat Change1"))!.detail, /^infobox '-7' \(−7\); table UMP Group −7 \(line \d+\)$/)
      }
    },
    {
      name: "an unsigned positive change reads as a gain (Seat Change2: 14)",
      article: senate(withField(SIGNED, "Seat Change2", "14")),
      passed: 9
    },
    {
      name: "Seats For Election counting regional presidencies against the national table's regions",
      article: regional(REGIONAL_INFOBOX),
      passed: 1,
      check: (t, run) => t.regex(run.items[0]!.detail, /^infobox 26; national table total regions 26 \(line \d+\)$/)
    },
    {
      name: "an article without an infobox: nothing to check",
      article: senateArticle({ groups: SENATE_GROUPS }),
      check: (t, run) => t.is(run.items.length, 0)
    },
    {
      name: "a party the dictionary does not know: not evaluated",
      article: senate([["Party1", "Zorglub Party"], ["Seats1", "155"]]),
      notEvaluated: ["'Zorglub Party' is not in the party dictionary"]
    }
  ],
  invalid: [
    {
      name: "the Senate seed: Seat Change1 '7' has lost its minus (162 → 155)",
      article: seed,
      anomalies: [
        {
          severity: "error",
          field: "change",
          line: field(seed, "Seat Change1"),
          lines: [field(seed, "Party1"), field(seed, "Seat Change1"), groupLine(seed, "UMP Group")],
          round: null,
          area: "national",
          stated: 7,
          expected: -7,
          delta: 14,
          tolerance: 0,
          suggestion: null,
          idEndsWith: "/infobox/party-1/change",
          message: ["has lost its sign", "from 162 to 155"]
        }
      ]
    },
    {
      name: "Seats2 mistyped (97 → 79): the row is found by its earlier seats",
      article: seatsTypo,
      anomalies: [
        {
          severity: "error",
          field: "seats",
          line: field(seatsTypo, "Seats2"),
          lines: [field(seatsTypo, "Party2"), field(seatsTypo, "Seats2"), groupLine(seatsTypo, "Socialist Group")],
          stated: 79,
          expected: 97,
          delta: -18,
          suggestion: null,
          idEndsWith: "/infobox/party-2/seats"
        }
      ]
    },
    {
      name: "Last Election3 mistyped (31 → 13)",
      article: lastElectionTypo,
      anomalies: [
        { severity: "error", field: "seats_before", line: field(lastElectionTypo, "Last Election3"), linesInclude: [groupLine(lastElectionTypo, "Centrist Union - UDF Group")], stated: 13, expected: 31, delta: -18, suggestion: null }
      ]
    },
    {
      name: "Seats For Election '25 Regional Presidencies' against 26 regions",
      article: regions25,
      anomalies: [
        {
          severity: "error",
          field: "regions",
          line: field(regions25, "Seats For Election"),
          lines: [field(regions25, "Seats For Election"), lineOf(regions25, "| | Total |")],
          stated: 25,
          expected: 26,
          delta: -1,
          suggestion: null,
          idEndsWith: "/infobox/seats-for-election"
        }
      ]
    }
  ]
})

idStability(rule, "Senate seed, paragraph above the infobox", seed, "= 2004 French Senate election =")

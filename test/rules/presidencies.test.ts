import { rule } from "../../pipeline/audit/rules/presidencies.ts"
import {
  CANTONAL_PARTIES,
  CANTONAL_WITH_MPF,
  cantonalArticle,
  idStability,
  lineOf,
  NATIONAL_2004,
  regionalArticle,
  replace,
  ruleTester,
  SENATE_GROUPS,
  senateArticle
} from "../helpers/fixture.ts"

const tableLine = (text: string) => lineOf(text, "| Party/Alliance |")
const leadLine = (text: string) => lineOf(text, "departments")
const partyLine = (text: string, name: string) => lineOf(text, `| | ${name} |`)

// The seed's table without its MPF row: 99 presidencies for 100 departments.
const withoutMpf = cantonalArticle({ parties: CANTONAL_PARTIES })
const ps45 = cantonalArticle({ parties: replace(CANTONAL_WITH_MPF, (p) => p.name === "PS", (p) => ({ ...p, presidencies: 45 })) })
const metropolitan = cantonalArticle({
  parties: CANTONAL_WITH_MPF,
  lead: "Cantonal elections to elect half the membership of the general councils of the 96 metropolitan departments were held on 21 and 28 March 2004."
})

ruleTester(rule, {
  valid: [
    {
      name: "cantonal 2004: 100 presidencies for France's 100 departments (MPF's 'see DVD' row keeps its presidency)",
      article: cantonalArticle({ parties: CANTONAL_WITH_MPF }),
      passed: 1,
      check: (t, run) => {
        t.is(run.items[0]!.subject, "2004 French cantonal elections: presidencies")
        t.regex(run.items[0]!.detail, /^PS 44 \+ UMP 37 \+ UDF 8 \+ PRG 3 \+ PCF 2 \+ Miscellaneous Left 2 \+ Miscellaneous Right 2 \+ MPF 1 \+ Miscellaneous 1 = 100; '100 departments' \(line \d+\)$/)
      }
    },
    {
      name: "the number may be stated anywhere in the prose (a later paragraph)",
      article: cantonalArticle({
        parties: CANTONAL_WITH_MPF,
        lead: "Cantonal elections were held on 21 and 28 March 2004.",
        intro: "Each of the 100 departments elects the president of its general council."
      }),
      passed: 1
    },
    {
      name: "no presidencies column (Senate, regional): nothing to check",
      article: senateArticle({ groups: SENATE_GROUPS }),
      check: (t, run) => t.is(run.items.length, 0)
    },
    {
      name: "a regional national table: nothing to check",
      article: regionalArticle({ national: NATIONAL_2004, regions: [] }),
      check: (t, run) => t.is(run.items.length, 0)
    },
    {
      name: "the article states no number of departments: not evaluated",
      article: cantonalArticle({ parties: CANTONAL_WITH_MPF, lead: "Cantonal elections were held on 21 and 28 March 2004." }),
      notEvaluated: ["the article states no number of departments"]
    },
    {
      name: "a row without presidencies: not evaluated",
      article: cantonalArticle({ parties: replace(CANTONAL_WITH_MPF, (p) => p.name === "UDF", (p) => ({ ...p, presidencies: "" })) }),
      notEvaluated: ["a row states no presidencies"]
    }
  ],
  invalid: [
    {
      name: "a presidency short: 99 for 100 departments",
      article: withoutMpf,
      anomalies: [
        {
          severity: "error",
          field: "presidencies",
          line: tableLine(withoutMpf),
          lines: [leadLine(withoutMpf), tableLine(withoutMpf), ...CANTONAL_PARTIES.map((p) => partyLine(withoutMpf, p.name))],
          round: null,
          area: "national",
          stated: 99,
          expected: 100,
          delta: -1,
          tolerance: 0,
          suggestion: null,
          idEndsWith: "/national-results/presidencies",
          message: ["99", "100 departments"]
        }
      ]
    },
    {
      name: "a presidency too many: 101",
      article: ps45,
      anomalies: [{ severity: "error", field: "presidencies", line: tableLine(ps45), stated: 101, expected: 100, delta: 1 }]
    },
    {
      name: "the text's own count is the reference (96 metropolitan departments)",
      article: metropolitan,
      anomalies: [{ severity: "error", field: "presidencies", line: tableLine(metropolitan), linesInclude: [leadLine(metropolitan)], stated: 100, expected: 96, delta: 4 }]
    }
  ]
})

idStability(rule, "a presidency short, paragraph above the table", withoutMpf, "==National results==")

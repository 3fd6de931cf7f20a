/**
 * Mutation tests for the audit: change exactly one figure on one line of a seed, run the analysis
 * in-process (test/helpers/mutate.ts's `analyseCopy`: the pipeline's readers, per-article analyser
 * and corpus end, and its anomalies.json; no tables, Parquet or publish — the first test checks it
 * gives the whole pipeline's anomalies.json byte for byte), and require a NEW error or warning (an id the unmutated baseline lacks, or
 * the same id with a different stated/expected figure) whose `lines` include the mutated line.
 * A few harmless rewrites (the same figure in another canonical form) must add no error or warning.
 */
import test, { type ExecutionContext } from "ava"
import type { AuditReport } from "../pipeline/audit/anomaly.ts"
import {
  analyseCopy,
  CANTONAL,
  describeAnomalies,
  isSerious,
  type Mutation,
  newAnomalies,
  REGIONAL,
  runOnCopy,
  SENATE
} from "./helpers/mutate.ts"

let baselineRun: AuditReport | null = null
/** The unmutated analysis, computed once and shared by every test. */
const baseline = () => (baselineRun ??= analyseCopy().report)

test.serial("the analysis the mutations run gives, on the unmutated seeds, the whole pipeline's anomalies.json byte for byte", async (t) => {
  const full = await runOnCopy()
  t.is(analyseCopy().json, full.json.toString("utf8"))
})

// And on mutated seeds (the path the mutation tests judge: new findings, a diagnosis that changes),
// one per article kind with findings of its own, so the equivalence is not only that of one input.
test.serial("on mutated seeds too, the in-process analysis gives the whole pipeline's anomalies.json byte for byte", async (t) => {
  const mutations: ReadonlyArray<Mutation> = [
    { file: REGIONAL, line: 50, from: "225,193", to: "225,293" },
    { file: CANTONAL, line: 35, from: "3,226,525", to: "3,326,525" }
  ]
  const unmutated = analyseCopy().json
  for (const m of mutations) {
    const full = await runOnCopy(m)
    const analysed = analyseCopy(m).json
    t.not(analysed, unmutated, `${where(m)} changes the report`)
    t.is(analysed, full.json.toString("utf8"), where(m))
  }
})

interface Caught extends Mutation {
  /** What the change is, in words. */
  readonly what: string
  /** The rule(s) that should catch it: at least one of them must be among the new findings on the line. */
  readonly rules: ReadonlyArray<string>
  /** For repeated-figure: the value the finding must suggest (the original figure). */
  readonly suggestion?: number
}

const where = (m: Mutation) => `${m.file}:${m.line} '${m.from}' → '${m.to}'`

const caught = (c: Caught) =>
  test.serial(`caught: ${c.what} (${c.file.replace(/^2004-french-|\.txt$/g, "")}:${c.line} ${c.from} → ${c.to})`, (t: ExecutionContext) => {
    const before = baseline()
    const after = analyseCopy(c).report
    const fresh = newAnomalies(before, after).filter(isSerious)
    const onLine = fresh.filter((a) => a.file === c.file && a.lines.includes(c.line))
    t.true(
      onLine.length > 0,
      `NOT CAUGHT: ${where(c)} — expected ${c.rules.join(" or ")} to report a new error/warning involving line ${c.line}.\nNew errors/warnings anywhere:\n${describeAnomalies(fresh)}`
    )
    if (onLine.length === 0) return
    t.true(
      onLine.some((a) => c.rules.includes(a.rule)),
      `${where(c)} was caught, but not by ${c.rules.join(" or ")}:\n${describeAnomalies(onLine)}`
    )
    if (c.suggestion !== undefined) {
      const suggested = onLine.filter((a) => a.rule === "repeated-figure").map((a) => a.suggestion?.value ?? null)
      t.true(
        suggested.includes(c.suggestion),
        `${where(c)}: repeated-figure should suggest ${c.suggestion}; suggested ${JSON.stringify(suggested)}\n${describeAnomalies(onLine)}`
      )
    }
  })

const harmless = (m: Mutation & { readonly what: string }) =>
  test.serial(`harmless: ${m.what} (${m.file.replace(/^2004-french-|\.txt$/g, "")}:${m.line} ${m.from} → ${m.to})`, (t: ExecutionContext) => {
    const before = baseline()
    const after = analyseCopy(m).report
    const fresh = newAnomalies(before, after).filter(isSerious)
    t.deepEqual(fresh, [], `${where(m)} should add no error or warning, but added:\n${describeAnomalies(fresh)}`)
  })

// -------------------------------------------------------------------------------------------------
// Votes: vote-sum (regional tables with a Total row), implied-total (cantonal: no Total row)
// -------------------------------------------------------------------------------------------------

caught({ what: "Alsace round-1 votes of a list", file: REGIONAL, line: 50, from: "225,193", to: "225,293", rules: ["vote-sum"] })
caught({ what: "Alsace round-2 votes of a list", file: REGIONAL, line: 51, from: "236,709", to: "236,809", rules: ["vote-sum"] })
caught({ what: "Aquitaine round-1 Total votes", file: REGIONAL, line: 85, from: "1,343,904", to: "1,343,914", rules: ["vote-sum"] })
caught({ what: "Pays de la Loire round-2 Total votes", file: REGIONAL, line: 576, from: "1,456,611", to: "1,456,621", rules: ["vote-sum"] })
caught({ what: "regional national table round-1 Total votes", file: REGIONAL, line: 39, from: "24,250,353", to: "24,250,354", rules: ["vote-sum"] })
caught({ what: "regional national table round-2 votes of a grouping", file: REGIONAL, line: 28, from: "9,519,416", to: "9,519,426", rules: ["vote-sum"] })
caught({ what: "cantonal round-1 votes (no Total row)", file: CANTONAL, line: 35, from: "3,226,525", to: "3,326,525", rules: ["implied-total"] })
caught({ what: "cantonal round-2 votes (no Total row)", file: CANTONAL, line: 37, from: "484,204", to: "584,204", rules: ["implied-total"] })

// -------------------------------------------------------------------------------------------------
// Percentages: percent-recompute / percent-sum (with a total), implied-total (cantonal)
// -------------------------------------------------------------------------------------------------

caught({ what: "Alsace round-1 percentage, small change", file: REGIONAL, line: 50, from: "34.06%", to: "34.16%", rules: ["percent-recompute", "percent-sum"] })
caught({ what: "Alsace round-2 percentage, small change", file: REGIONAL, line: 51, from: "34.44%", to: "34.49%", rules: ["percent-recompute", "percent-sum"] })
caught({ what: "Aquitaine round-1 percentage, large change", file: REGIONAL, line: 78, from: "38.42%", to: "48.42%", rules: ["percent-recompute"] })
caught({ what: "regional national table round-1 percentage", file: REGIONAL, line: 28, from: "33.73%", to: "34.73%", rules: ["percent-recompute"] })
caught({ what: "Brittany round-1 percentage (total = valid votes)", file: REGIONAL, line: 140, from: "9.70", to: "9.90", rules: ["percent-recompute"] })
caught({ what: "cantonal round-1 percentage, large change", file: CANTONAL, line: 36, from: "20.94%", to: "21.94%", rules: ["implied-total"] })
caught({ what: "cantonal round-1 percentage, small change", file: CANTONAL, line: 41, from: "11.36%", to: "11.41%", rules: ["implied-total"] })
caught({ what: "cantonal round-2 percentage", file: CANTONAL, line: 40, from: "5.93%", to: "6.93%", rules: ["implied-total"] })

// -------------------------------------------------------------------------------------------------
// Repeated figures: a round-one figure copied into round two; two rows of a round alike
// -------------------------------------------------------------------------------------------------

caught({ what: "Aquitaine: round-1 votes copied into round 2", file: REGIONAL, line: 79, from: "469,386", to: "247,232", rules: ["repeated-figure"], suggestion: 469386 })
caught({ what: "Centre: round-1 votes copied into round 2", file: REGIONAL, line: 207, from: "362,373", to: "205,262", rules: ["repeated-figure"], suggestion: 362373 })
caught({ what: "Lorraine: a row's votes equal to the row above", file: REGIONAL, line: 421, from: "40,684", to: "40,688", rules: ["repeated-figure", "vote-sum"] })

// -------------------------------------------------------------------------------------------------
// Seats: council-size, change (per row, Total, column sum, council of unchanged size), seat-sum
// -------------------------------------------------------------------------------------------------

caught({ what: "Alsace council: UMP seats", file: REGIONAL, line: 63, from: "| 18 |", to: "| 19 |", rules: ["council-size"] })
caught({ what: "Rhône-Alpes council: PS seats", file: REGIONAL, line: 699, from: "| 45 |", to: "| 44 |", rules: ["council-size"] })
caught({ what: "Alsace council: UMP change", file: REGIONAL, line: 63, from: "+11", to: "+12", rules: ["change"] })
caught({ what: "Midi-Pyrénées council: PS change", file: REGIONAL, line: 458, from: "+22", to: "+21", rules: ["change"] })
caught({ what: "regional national table: Left seats", file: REGIONAL, line: 27, from: "1,126", to: "1,127", rules: ["seat-sum"] })
caught({ what: "regional national table: Left regions", file: REGIONAL, line: 27, from: "| 23 |", to: "| 24 |", rules: ["seat-sum"] })
caught({ what: "regional national table: Total seats", file: REGIONAL, line: 39, from: "1,880", to: "1,881", rules: ["seat-sum", "council-size"] })
caught({ what: "regional national table: Total regions", file: REGIONAL, line: 39, from: "| 26 |", to: "| 25 |", rules: ["seat-sum", "council-size"] })
caught({ what: "Senate: UMP seats 2004", file: SENATE, line: 55, from: "155", to: "156", rules: ["seat-sum", "change"] })
caught({ what: "Senate: Socialist seats 2001", file: SENATE, line: 56, from: "| 83 |", to: "| 84 |", rules: ["seat-sum", "change"] })
caught({ what: "Senate: UMP change", file: SENATE, line: 55, from: "–7", to: "–6", rules: ["change"] })
caught({ what: "Senate: Total seats 2004", file: SENATE, line: 61, from: "331", to: "332", rules: ["seat-sum", "change"] })
caught({ what: "Senate: Total seats 2001", file: SENATE, line: 61, from: "321", to: "320", rules: ["seat-sum", "change"] })

// -------------------------------------------------------------------------------------------------
// Turnout: turnout-identity
// -------------------------------------------------------------------------------------------------

caught({ what: "Brittany round-1 abstentions", file: REGIONAL, line: 147, from: "785,758", to: "785,759", rules: ["turnout-identity"] })
caught({ what: "Brittany round-2 registered voters", file: REGIONAL, line: 146, from: "2,206,047", to: "2,206,147", rules: ["turnout-identity"] })
caught({ what: "Brittany round-1 list votes (sum = valid votes)", file: REGIONAL, line: 139, from: "521,823", to: "521,824", rules: ["turnout-identity"] })
caught({ what: "Brittany round-1 voters percentage", file: REGIONAL, line: 148, from: "64.40", to: "64.50", rules: ["turnout-identity"] })

// -------------------------------------------------------------------------------------------------
// Harmless rewrites: the same figure, another accepted form
// -------------------------------------------------------------------------------------------------

harmless({ what: "ungrouped digits", file: REGIONAL, line: 50, from: "225,193", to: "225193" })
harmless({ what: "ungrouped seat count", file: REGIONAL, line: 27, from: "1,126", to: "1126" })
harmless({ what: "Total row 100.00% as 100%", file: REGIONAL, line: 85, from: "| 100.00% | 1,403,010", to: "| 100% | 1,403,010" })
harmless({ what: "space-grouped voters rewritten with commas", file: REGIONAL, line: 148, from: "1 421 306", to: "1,421,306" })

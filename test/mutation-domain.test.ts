/**
 * Mutation tests for the domain audit: copy the seeds WITH their claims files, change one figure on
 * one line — in a claim's sentence, the infobox, a council seat row, a round-two vote count, a
 * national seat figure, a presidency count — run the analysis in-process (test/helpers/mutate.ts's
 * `analyseSeeds`: the pipeline's readers, analyser and corpus end and its anomalies.json, nothing
 * emitted; test/mutation.test.ts checks it matches the whole pipeline's report), and require a NEW
 * error or warning (an id the unmutated baseline lacks, or the same id with a different stated or
 * expected figure) whose `lines` include the mutated line, from the rule(s) that own the check.
 *
 * (The copy holds the *.claims.json files beside the articles, so the claims rule runs.)
 */
import test, { type ExecutionContext } from "ava"
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import type { Anomaly, AuditReport } from "../pipeline/audit/anomaly.ts"
import {
  analyseSeeds,
  applyMutation,
  CANTONAL,
  describeAnomalies,
  isSerious,
  type Mutation,
  newAnomalies,
  REGIONAL,
  SEEDS,
  SENATE,
  tempDir
} from "./helpers/mutate.ts"

/** Analyses a copy of the articles and their claims files, one article mutated. */
const runWithClaims = (mutation?: Mutation): AuditReport => {
  const { dir, cleanup } = tempDir("recount-mutation-domain-")
  try {
    const seeds = join(dir, "seeds")
    mkdirSync(seeds)
    const names = readdirSync(SEEDS).filter((n) => n.endsWith(".txt") || n.endsWith(".claims.json"))
    if (mutation && !names.includes(mutation.file)) throw new Error(`no seed named ${mutation.file}`)
    for (const name of names) {
      const text = readFileSync(join(SEEDS, name), "utf8")
      writeFileSync(join(seeds, name), mutation?.file === name ? applyMutation(text, mutation) : text)
    }
    return analyseSeeds(seeds).report
  } finally {
    cleanup()
  }
}

let baselineRun: AuditReport | null = null
const baseline = () => (baselineRun ??= runWithClaims())

interface Caught extends Mutation {
  readonly what: string
  /** At least one of these rules must report a new error/warning involving the line. */
  readonly rules: ReadonlyArray<string>
  /** Each of these rules must (a subset of what the brief expects to fire together). */
  readonly all?: ReadonlyArray<string>
  /** Extra assertions on the new findings on the line. */
  readonly check?: (t: ExecutionContext, onLine: ReadonlyArray<Anomaly>) => void
}

const short = (file: string) => file.replace(/^2004-french-|\.txt$/g, "")
const where = (m: Mutation) => `${m.file}:${m.line} '${m.from}' → '${m.to}'`

const caught = (c: Caught) =>
  test.serial(`caught: ${c.what} (${short(c.file)}:${c.line} ${c.from} → ${c.to})`, (t) => {
    const before = baseline()
    const after = runWithClaims(c)
    const fresh = newAnomalies(before, after).filter(isSerious)
    const onLine = fresh.filter((a) => a.file === c.file && a.lines.includes(c.line))
    t.log(`new errors/warnings on line ${c.line}:\n${describeAnomalies(onLine)}`)
    t.true(onLine.length > 0, `NOT CAUGHT: ${where(c)} — expected ${c.rules.join(" or ")}.\nNew errors/warnings anywhere:\n${describeAnomalies(fresh)}`)
    if (onLine.length === 0) return
    t.true(onLine.some((a) => c.rules.includes(a.rule)), `${where(c)} caught, but not by ${c.rules.join(" or ")}:\n${describeAnomalies(onLine)}`)
    for (const rule of c.all ?? []) {
      t.true(onLine.some((a) => a.rule === rule), `${where(c)}: ${rule} should also report it:\n${describeAnomalies(onLine)}`)
    }
    c.check?.(t, onLine)
  })

const byRule = (onLine: ReadonlyArray<Anomaly>, rule: string) => onLine.filter((a) => a.rule === rule)

// -------------------------------------------------------------------------------------------------
// A figure in a claim's sentence
// -------------------------------------------------------------------------------------------------

caught({
  what: "Senate: the seats added since 2001",
  file: SENATE, line: 42, from: "10 seats had been added", to: "11 seats had been added",
  rules: ["claims"],
  check: (t, onLine) => t.true(byRule(onLine, "claims").every((a) => a.severity === "warning"), "a stale claim is a warning")
})
caught({
  what: "Senate: the number of incumbents",
  file: SENATE, line: 44, from: "117 incumbents", to: "118 incumbents",
  rules: ["claims"]
})
caught({
  what: "regional: the regions the left won",
  file: REGIONAL, line: 22, from: "twenty of the twenty-two", to: "nineteen of the twenty-two",
  rules: ["claims"]
})
caught({
  what: "Senate: one figure of the incumbents' breakdown (below its sentence)",
  file: SENATE, line: 46, from: "- 65 from", to: "- 66 from",
  rules: ["claims"],
  check: (t, onLine) => t.true(byRule(onLine, "claims").some((a) => a.lines.includes(44)), "the claim's own line (44) is named too")
})
caught({
  what: "Senate: the infobox's seats for election (a claim operand)",
  file: SENATE, line: 12, from: "(117)", to: "(118)",
  rules: ["claims"],
  check: (t, onLine) => {
    const a = byRule(onLine, "claims")[0]
    t.is(a?.stated, 118)
    t.is(a?.expected, 127)
    t.true(a?.lines.includes(42))
  }
})
caught({
  what: "regional: Giscard d'Estaing's incumbent mark removed",
  file: REGIONAL, line: 107, from: "Valéry Giscard d'Estaing (incumbent)", to: "Valéry Giscard d'Estaing",
  rules: ["claims"],
  check: (t, onLine) => t.true(byRule(onLine, "claims").some((a) => a.severity === "error" && a.lines.includes(131)), "the claim on line 131 is contradicted")
})
caught({
  what: "regional: Picardy's list leader marked incumbent",
  file: REGIONAL, line: 599, from: "Claude Gewerc", to: "Claude Gewerc (incumbent)",
  rules: ["claims"],
  check: (t, onLine) => t.true(byRule(onLine, "claims").some((a) => a.severity === "error" && a.lines.includes(619)))
})
caught({
  what: "regional: Alsace's round-two leader changes (the right retains one region, not two)",
  file: REGIONAL, line: 51, from: "236,709", to: "336,709",
  rules: ["claims"],
  all: ["vote-sum"],
  check: (t, onLine) => {
    const ids = byRule(onLine, "claims").map((a) => a.id.split("/").pop())
    t.true(ids.includes("winner-alsace"), ids.join(", "))
    t.true(ids.includes("right-retains-two"), ids.join(", "))
  }
})
caught({
  what: "regional: the national table's total regions (26 regions at stake)",
  file: REGIONAL, line: 39, from: "| 26 | 1,880 |", to: "| 27 | 1,880 |",
  rules: ["claims"],
  all: ["council-size"],
  check: (t, onLine) => t.true(byRule(onLine, "claims").some((a) => a.lines.includes(20) && a.stated === 26 && a.expected === 27))
})

// -------------------------------------------------------------------------------------------------
// An infobox figure
// -------------------------------------------------------------------------------------------------

caught({
  what: "Senate infobox: Seats1",
  file: SENATE, line: 18, from: "Seats1: 155", to: "Seats1: 154",
  rules: ["infobox"],
  check: (t, onLine) => {
    const a = byRule(onLine, "infobox")[0]
    t.is(a?.severity, "error")
    t.is(a?.stated, 154)
    t.is(a?.expected, 155)
    t.is(a?.suggestion?.value, 155)
  }
})
caught({
  what: "Senate infobox: Last Election2",
  file: SENATE, line: 23, from: "Last Election2: 83", to: "Last Election2: 84",
  rules: ["infobox"],
  check: (t, onLine) => {
    const a = byRule(onLine, "infobox")[0]
    t.is(a?.stated, 84)
    t.is(a?.expected, 83)
  }
})
caught({
  what: "Senate infobox: Seat Change2 loses its direction",
  file: SENATE, line: 25, from: "Seat Change2: 14", to: "Seat Change2: -14",
  rules: ["infobox"],
  check: (t, onLine) => {
    const a = byRule(onLine, "infobox")[0]
    t.is(a?.stated, -14)
    t.is(a?.expected, 14)
    t.true(a?.message.includes("lost its sign"), a?.message)
  }
})

// -------------------------------------------------------------------------------------------------
// A council seat figure; a round-two vote count; a list below the threshold given round-two figures
// -------------------------------------------------------------------------------------------------

caught({
  what: "Lorraine council: the Socialist Party's seats (council-size and seat reconstruction)",
  file: REGIONAL, line: 429, from: "Socialist Party | 30", to: "Socialist Party | 31",
  rules: ["seat-reconstruction"],
  all: ["council-size"],
  check: (t, onLine) => {
    const a = byRule(onLine, "seat-reconstruction")[0]
    t.is(a?.severity, "error", "one list off by the seats the council exceeds its size: the side is named")
    t.true(a?.message.includes("the left side is off by +1"), a?.message)
  }
})
// 10,000 more votes for Humbert do not move a seat (the allocation stays 26/12/5): vote-sum catches it;
// the reconstruction rightly stays silent.
caught({
  what: "Franche-Comté: Jean-François Humbert's round-two votes",
  file: REGIONAL, line: 294, from: "185,761", to: "195,761",
  rules: ["vote-sum"],
  check: (t, onLine) => t.deepEqual(byRule(onLine, "seat-reconstruction"), [])
})

// Humbert at 285,761 would lead round two and take the bonus; the vote redundancy settles 185,761
// (total 514,078 − the other lists, matching his stated 36.13 %), with which the council reproduces
// exactly (26/12/5, as on the seed). The rule should report that as an info with the suggestion.
// KNOWN BUG (pipeline/audit/rules/seat-reconstruction.ts): the corrected allocation is compared
// with the council rows as attributed under the *stated* votes' winner (attributeCouncil is not
// re-run), so when the wrong figure changes the leader, the • rows stay with the stale winner
// (groups "Forni + Humbert" / "Montel") and the correction is not recognised: a warning "the data
// do not show which rows are off" instead of the info.
test.serial("Franche-Comté: round-two votes that move the seats — the reconstruction confirms the vote redundancy's correction (info, 185,761)", (t) => {
  const m: Mutation = { file: REGIONAL, line: 294, from: "185,761", to: "285,761" }
  const before = baseline()
  const after = runWithClaims(m)
  const fresh = newAnomalies(before, after).filter((a) => a.file === REGIONAL && a.lines.includes(294))
  t.true(fresh.some((a) => a.rule === "vote-sum" && a.severity === "error"), describeAnomalies(fresh))
  const r = fresh.find((a) => a.rule === "seat-reconstruction")
  t.truthy(r, `no seat-reconstruction finding on line 294:\n${describeAnomalies(fresh)}`)
  t.is(r?.severity, "info")
  t.is(r?.area, "Franche-Comté")
  t.is(r?.stated, 285761)
  t.is(r?.expected, 185761)
  t.is(r?.suggestion?.value, 185761)
})
caught({
  what: "Franche-Comté: Jacques Lancon (5.65 %, below the 10 % to stand) given round-two figures",
  file: REGIONAL, line: 297, from: "| – | – |", to: "| 1,000 | 0.19% |",
  rules: ["round-two-qualification"],
  check: (t, onLine) => {
    const a = byRule(onLine, "round-two-qualification")[0]
    t.is(a?.severity, "error")
    t.is(a?.area, "Franche-Comté")
    t.true(a?.message.includes("Jacques Lancon"), a?.message)
  }
})

// -------------------------------------------------------------------------------------------------
// Presidencies; national seats against the councils
// -------------------------------------------------------------------------------------------------

caught({
  what: "cantonal: the PS's presidencies (101 for 100 departments)",
  file: CANTONAL, line: 35, from: "| PS | 44 |", to: "| PS | 45 |",
  rules: ["presidencies"],
  check: (t, onLine) => {
    const a = byRule(onLine, "presidencies")[0]
    t.is(a?.stated, 101)
    t.is(a?.expected, 100)
  }
})
caught({
  what: "regional national table: the FN's seats up (157)",
  file: REGIONAL, line: 29, from: "| 156 |", to: "| 157 |",
  rules: ["seat-sum", "reconciliation"]
})
caught({
  what: "regional national table: the FN's seats down (155, fewer than its councils hold)",
  file: REGIONAL, line: 29, from: "| 156 |", to: "| 155 |",
  rules: ["reconciliation"],
  check: (t, onLine) => {
    const a = byRule(onLine, "reconciliation").find((x) => x.field === "seats")
    t.is(a?.severity, "warning")
    t.is(a?.stated, 155)
    t.is(a?.expected, 156)
  }
})

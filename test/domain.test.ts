/**
 * The domain audit on the real seeds, from a fresh in-process run of the whole pipeline (seeds/ →
 * a temporary out/ and reports/): what issue 4 says the report must show — the Senate infobox's
 * seats-for-election figure against the body's breakdown, the National Front's seats reconciled,
 * a seat-reconstruction verdict for every region, the two councils off by one seat with the side
 * named, Languedoc-Roussillon reproduced once its copied vote count is corrected, every claim with
 * its verdict, the lost sign of the UMP's seat change, and the round-two qualification.
 */
import test from "ava"
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import type { Anomaly, AuditReport, CheckItem } from "../pipeline/audit/anomaly.ts"
import { decodeClaims, type ClaimsFile } from "../pipeline/audit/claims.ts"
import { cell, codeCell } from "../pipeline/audit/markdown.ts"
import { readJsonReport } from "../pipeline/audit/report.ts"
import { REGIONAL, runPipeline, SEEDS, SENATE, tempDir } from "./helpers/mutate.ts"

interface Fresh {
  readonly report: AuditReport
  readonly markdown: string
}

let fresh: Promise<Fresh> | null = null
/** One run of the pipeline on seeds/ itself (articles + claims files), outputs in a temporary folder. */
const run = () =>
  (fresh ??= (async () => {
    const { dir, cleanup } = tempDir("recount-domain-")
    try {
      const result = await runPipeline(SEEDS, dir)
      // anomalies.json as written (passed items of the per-total rules listed compactly), read back.
      return { report: readJsonReport(result.json.toString("utf8")), markdown: result.markdown.toString("utf8") }
    } finally {
      cleanup()
    }
  })())

const itemsOf = (report: AuditReport, rule: string): ReadonlyArray<CheckItem> => {
  const summary = report.checks.find((c) => c.rule === rule)
  if (summary === undefined) throw new Error(`no checks-run summary for rule ${rule}`)
  return summary.items
}
const anomaliesOf = (report: AuditReport, rule: string): ReadonlyArray<Anomaly> => report.anomalies.filter((a) => a.rule === rule)
const describe = (as: ReadonlyArray<Anomaly>) => as.map((a) => `${a.severity} ${a.rule} ${a.file}:${a.line} [${a.lines.join(",")}] ${a.message}`).join("\n")

/** The regions of the regional article: its level-3 headings under `==Results by region==`. */
const REGIONS: ReadonlyArray<string> = (() => {
  const lines = readFileSync(join(SEEDS, REGIONAL), "utf8").split("\n")
  const from = lines.findIndex((l) => l.trim() === "==Results by region==")
  const out: Array<string> = []
  for (const l of lines.slice(from + 1)) {
    if (/^==[^=]/.test(l)) break
    const m = /^===([^=].*?)===\s*$/.exec(l)
    if (m) out.push(m[1]!.trim())
  }
  return out
})()

const CLAIMS: ReadonlyArray<ClaimsFile> = readdirSync(SEEDS)
  .filter((n) => n.endsWith(".claims.json"))
  .sort()
  .map((n) => {
    const decoded = decodeClaims(readFileSync(join(SEEDS, n), "utf8"), n)
    if ("problem" in decoded) throw new Error(decoded.problem)
    return decoded
  })

// -------------------------------------------------------------------------------------------------
// The Senate: seats for election (infobox 117) against the body's breakdown (127); the lost sign
// -------------------------------------------------------------------------------------------------

test("Senate: the infobox's Seats For Election (117) is flagged against the body's 115 + 5 + 3 + 4 = 127", async (t) => {
  const { report } = await run()
  const found = anomaliesOf(report, "claims").filter((a) => a.file === SENATE && a.lines.includes(42) && a.lines.includes(12))
  t.is(found.length, 1, describe(anomaliesOf(report, "claims")))
  const a = found[0]!
  t.is(a.severity, "error")
  t.is(a.category, "claims")
  t.is(a.stated, 117)
  t.is(a.expected, 127)
  t.is(a.delta, -10)
  t.true(a.message.includes("Seats For Election 117 (line 12)"), a.message)
  t.true(a.message.includes("115 + 5 + 3 + 4 = 127"), a.message)
})

test("Senate: the infobox's Seat Change1 '7' is flagged as a lost sign (expected −7)", async (t) => {
  const { report } = await run()
  const a = anomaliesOf(report, "infobox").find((x) => x.file === SENATE && x.line === 19)
  t.truthy(a, describe(anomaliesOf(report, "infobox")))
  t.is(a!.severity, "error")
  t.is(a!.field, "change")
  t.is(a!.stated, 7)
  t.is(a!.expected, -7)
  t.is(a!.suggestion?.value, -7)
  t.true(a!.message.includes("lost its sign"), a!.message)
  t.true(a!.lines.includes(55), "the UMP Group's table row")
  // The other infobox figures agree with the table.
  t.deepEqual(anomaliesOf(report, "infobox").map((x) => x.line), [19])
})

// -------------------------------------------------------------------------------------------------
// Reconciliation: the National Front's 156 regional seats
// -------------------------------------------------------------------------------------------------

test("reconciliation: the National Front's 156 national seats reconcile with its council seats (passed)", async (t) => {
  const { report } = await run()
  const fn = itemsOf(report, "reconciliation").filter((i) => i.subject === "FN seats")
  t.is(fn.length, 1)
  t.is(fn[0]!.status, "passed")
  t.is(fn[0]!.file, REGIONAL)
  t.is(fn[0]!.line, 29)
  t.regex(fn[0]!.detail, /^national 156; areas 156 \(/)
  t.false(anomaliesOf(report, "reconciliation").some((a) => a.line === 29 && a.field === "seats"), "no seat anomaly on the FN row")
})

test("reconciliation: every seat gap is info (explainable by the omitted overseas councils), none a warning", async (t) => {
  const { report } = await run()
  const seatGaps = anomaliesOf(report, "reconciliation").filter((a) => a.field === "seats")
  t.true(seatGaps.length > 0)
  for (const a of seatGaps) {
    t.is(a.severity, "info", a.message)
    t.true(typeof a.delta === "number" && a.delta > 0 && a.delta <= 158, a.message)
  }
})

// -------------------------------------------------------------------------------------------------
// Seat reconstruction: a verdict per region
// -------------------------------------------------------------------------------------------------

const reconstructionItem = (report: AuditReport, region: string) =>
  itemsOf(report, "seat-reconstruction").filter((i) => i.subject.startsWith(`${region}: `))

test("seat reconstruction: the regional article has 22 regions, and each has exactly one verdict", async (t) => {
  const { report } = await run()
  t.is(REGIONS.length, 22)
  const items = itemsOf(report, "seat-reconstruction")
  t.is(items.length, REGIONS.length, "one item per region, no more")
  for (const region of REGIONS) {
    const mine = reconstructionItem(report, region)
    t.is(mine.length, 1, `${region}: one item`)
    const item = mine[0]!
    t.is(item.file, REGIONAL)
    t.true(["passed", "flagged", "not_evaluated"].includes(item.status))
    t.true(item.detail.length > 0, `${region}: a reason or the figures`)
    const anomalies = anomaliesOf(report, "seat-reconstruction").filter((a) => a.area === region)
    if (item.status === "flagged") t.is(anomalies.length, 1, `${region}: a flagged region has its anomaly`)
    else t.is(anomalies.length, 0, `${region}: ${item.status}, no anomaly`)
  }
})

test("seat reconstruction: every region whose council table is consistent reproduces exactly", async (t) => {
  const { report } = await run()
  const passed = (rule: string, subject: (region: string) => string) => (region: string) =>
    itemsOf(report, rule).some((i) => i.subject === subject(region) && i.status === "passed")
  const sizeOk = passed("council-size", (r) => `${r} council seats`)
  const changesOk = passed("change", (r) => `Results by region > ${r} > Regional Council: change column sum`)
  const hasRoundTwo = (region: string) =>
    !itemsOf(report, "round-two-qualification").some((i) => i.subject === `${region}: round-two lists` && i.status === "not_evaluated")
  // The deciding round's votes themselves are in question (Languedoc-Roussillon's copied figure).
  const roundTwoDisputed = (region: string) =>
    report.anomalies.some((a) => a.area === region && a.round === 2 && (a.severity === "error" || a.severity === "warning") && ["vote-sum", "repeated-figure", "percent-recompute"].includes(a.rule))
  const consistent = REGIONS.filter((r) => sizeOk(r) && changesOk(r) && hasRoundTwo(r) && !roundTwoDisputed(r))
  t.true(consistent.length >= 12, `consistent regions: ${consistent.join(", ")}`)
  for (const region of consistent) {
    const item = reconstructionItem(report, region)[0]
    t.is(item?.status, "passed", `${region}: ${item?.detail}`)
    t.regex(item?.detail ?? "", /^reproduced \(table\/reconstructed\)/)
  }
  // And the verdicts overall: three flagged, Brittany (no round-two columns) not evaluated, the rest reproduced.
  const by = (status: string) => REGIONS.filter((r) => reconstructionItem(report, r)[0]?.status === status)
  t.deepEqual(by("flagged"), ["Île-de-France", "Languedoc-Roussillon", "Picardy"])
  t.deepEqual(by("not_evaluated"), ["Brittany"])
  t.is(by("passed").length, 18)
  t.regex(reconstructionItem(report, "Brittany")[0]!.detail, /no list figures for round 2/)
})

test("seat reconstruction: Alsace 27/12/8 with a bonus of 12 of 47; Corsica's fixed bonus of 3", async (t) => {
  const { report } = await run()
  t.regex(reconstructionItem(report, "Alsace")[0]!.detail, /Adrien Zeller 27\/27, Jacques Bigot 12\/12, Patrick Binder 8\/8; 47 seats, bonus 12 to Adrien Zeller/)
  t.regex(reconstructionItem(report, "Corsica")[0]!.detail, /51 seats, bonus 3 to /)
})

test("seat reconstruction: Île-de-France and Picardy are off by one seat, the side named (right +1, left +1)", async (t) => {
  const { report } = await run()
  const cases = [
    { region: "Île-de-France", side: "right", list: "Jean-François Copé", table: 65, law: 64 },
    { region: "Picardy", side: "left", list: "Claude Gewerc", table: 35, law: 34 }
  ]
  for (const c of cases) {
    const found = anomaliesOf(report, "seat-reconstruction").filter((a) => a.area === c.region)
    t.is(found.length, 1, c.region)
    const a = found[0]!
    t.is(a.severity, "error", c.region)
    t.is(a.field, "seats")
    t.is(a.stated, c.table)
    t.is(a.expected, c.law)
    t.is(a.delta, 1)
    t.true(a.message.includes(`${c.list}'s list (${c.side})`), a.message)
    t.true(a.message.includes(`the ${c.side} side is off by +1`), a.message)
    // The council-size finding agrees: one seat too many.
    const size = anomaliesOf(report, "council-size").find((x) => x.area === c.region)
    t.is(size?.delta, 1, `${c.region}: council-size`)
  }
})

test("seat reconstruction: Languedoc-Roussillon reproduces once 258,287 is replaced by 374,052 (info, suggestion 374052)", async (t) => {
  const { report } = await run()
  const found = anomaliesOf(report, "seat-reconstruction").filter((a) => a.area === "Languedoc-Roussillon")
  t.is(found.length, 1)
  const a = found[0]!
  t.is(a.severity, "info")
  t.is(a.field, "votes")
  t.is(a.round, 2)
  t.is(a.stated, 258287)
  t.is(a.expected, 374052)
  t.is(a.suggestion?.value, 374052)
  t.true(a.message.includes("258,287") && a.message.includes("374,052"), a.message)
  // The same value the vote redundancy suggests for the copied figure.
  const copy = anomaliesOf(report, "repeated-figure").find((x) => x.area === "Languedoc-Roussillon")
  t.is(copy?.suggestion?.value, 374052)
})

// -------------------------------------------------------------------------------------------------
// Every claim, with its verdict, in anomalies.md and anomalies.json
// -------------------------------------------------------------------------------------------------

const VERDICT: Record<CheckItem["status"], string> = { passed: "held", flagged: "**contradicted**", not_evaluated: "not checkable" }

test("claims: every claim of every claims file is in anomalies.md's claims section with its verdict", async (t) => {
  const { report, markdown } = await run()
  const start = markdown.indexOf("## The articles' own claims")
  const end = markdown.indexOf("## Checks run")
  t.true(start >= 0 && end > start, "the claims section precedes the checks-run section")
  const section = markdown.slice(start, end)
  const rows = section.split("\n").filter((l) => /^\| (held|\*\*contradicted\*\*|not checkable) \|/.test(l))
  const total = CLAIMS.reduce((n, f) => n + f.claims.length, 0)
  t.is(total, 61)
  t.is(rows.length, total, "one row per claim")
  const items = itemsOf(report, "claims")
  const count = (s: CheckItem["status"]) => items.filter((i) => i.status === s).length
  t.true(section.includes(`${total} statements declared in the claims files (seeds/*.claims.json): ${count("passed")} held, ${count("flagged")} contradicted, ${count("not_evaluated")} not checkable.`))
  // Each claim: a row naming its article, line and quote; claims sharing line and quote match as a multiset.
  const unused = [...rows]
  for (const file of CLAIMS) {
    for (const claim of file.claims) {
      // As the report writes them: escaped for a table cell.
      const where = codeCell(`${file.article}:${claim.line}`)
      const i = unused.findIndex((r) => r.includes(`| ${where} | ${cell(`“${claim.quote}”`)} |`))
      t.true(i >= 0, `${file.file} ${claim.id}: no row ${where} “${claim.quote}”`)
      if (i < 0) continue
      const row = unused.splice(i, 1)[0]!
      const verdict = /^\| ([^|]+) \|/.exec(row)![1]!
      if (claim.check.kind === "not-checkable") t.is(verdict, "not checkable", claim.id)
      else t.not(verdict, "not checkable", `${claim.id}: a checkable claim is evaluated (${row})`)
    }
  }
  t.deepEqual(unused, [], "no row without its claim")
})

test("claims: every claim is a check item of rule claims in anomalies.json, each verdict matching the Markdown", async (t) => {
  const { report, markdown } = await run()
  const items = [...itemsOf(report, "claims")]
  const total = CLAIMS.reduce((n, f) => n + f.claims.length, 0)
  t.is(items.length, total)
  for (const item of items) t.is(item.rule, "claims")
  for (const file of CLAIMS) {
    for (const claim of file.claims) {
      const subject = `${file.article}:${claim.line} “${claim.quote}”`
      const i = items.findIndex((it) => it.subject === subject && it.file === file.article && it.line === claim.line)
      t.true(i >= 0, `${file.file} ${claim.id}: no item ${subject}`)
      if (i < 0) continue
      const item = items.splice(i, 1)[0]!
      t.true(markdown.includes(`| ${VERDICT[item.status]} | ${codeCell(`${file.article}:${claim.line}`)} | ${cell(`“${claim.quote}”`)} |`), `${claim.id}: the Markdown row agrees (${item.status})`)
      if (item.status === "flagged") {
        t.true(
          anomaliesOf(report, "claims").some((a) => a.file === file.article && a.line === claim.line && a.severity === "error" && a.id.endsWith(`/${claim.id}`)),
          `${claim.id}: a contradicted claim is an error`
        )
      }
    }
  }
  t.deepEqual(items, [])
  // No claims file is out of date on the seeds.
  t.false(anomaliesOf(report, "claims").some((a) => a.severity === "warning"), describe(anomaliesOf(report, "claims")))
})

test("claims: the three contradicted statements on the seeds", async (t) => {
  const { report } = await run()
  t.deepEqual(
    anomaliesOf(report, "claims").map((a) => [a.file, a.line, a.severity, a.id.split("/").pop()]),
    [
      ["2004-french-cantonal-elections.txt", 3, "error", "socialist-majority"],
      [REGIONAL, 227, "error", "sapin-not-incumbent"],
      [SENATE, 42, "error", "seats-for-election-infobox"]
    ]
  )
})

// -------------------------------------------------------------------------------------------------
// Round-two qualification
// -------------------------------------------------------------------------------------------------

test("round-two qualification: no error on the seeds; qualified lists without round-two figures are info", async (t) => {
  const { report } = await run()
  const found = anomaliesOf(report, "round-two-qualification")
  t.deepEqual(found.filter((a) => a.severity !== "info").map((a) => a.message), [])
  t.true(found.length >= 1)
  const bayrou = found.find((a) => a.area === "Aquitaine" && a.message.includes("François Bayrou"))
  t.truthy(bayrou, describe(found))
  t.is(bayrou!.severity, "info")
  t.is(bayrou!.line, 81)
  t.true(bayrou!.message.includes("16.06 %"), bayrou!.message)
  t.is(bayrou!.stated, "no round-two figures")
  const item = itemsOf(report, "round-two-qualification").find((i) => i.subject === "Aquitaine: François Bayrou (16.06 %)")
  t.is(item?.status, "flagged")
  // Every info item is a list at or above 10 % (or 5 % in Corsica) with no round-two figures.
  for (const a of found) {
    t.is(a.stated, "no round-two figures", a.message)
    t.true(typeof a.delta === "number" && a.delta >= 0, a.message)
  }
})

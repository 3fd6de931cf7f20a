/**
 * The corrections patch piece by piece: figures rewritten in the article's own format, cells found
 * on their lines (a repeated figure by the table's columns), several faults on one line in one
 * hunk, a last line without newline, CRLF lines, quoted paths — each patch applied with git — and
 * the baseline's statuses and Markdown escaping.
 */
import { spawnSync } from "node:child_process"
import { mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import test from "ava"
import { baselineMarkdown, baselineView, compareBaseline, parseBaseline, withBaselineSummary } from "../pipeline/deliver/baseline.ts"
import { hasCorrectedColumn } from "../pipeline/deliver/corrected.ts"
import { locate, numberStyle, writeLike } from "../pipeline/deliver/locate.ts"
import { deliverArticle, diffPath, renderPatch } from "../pipeline/deliver/patch.ts"
import type { Fault, FaultCell } from "../pipeline/diagnose/fault.ts"
import { Contests, Results, Seats, SeatTotals } from "../pipeline/normalise/records.ts"
import { tempDir } from "./helpers/mutate.ts"

const STYLE = { minus: "\u2212", group: "," }

test("writeLike keeps the stated figure's format", (t) => {
  t.is(writeLike("258,287", 374052, 0, STYLE), "374,052")
  t.is(writeLike("27.24%", 27.42, 2, STYLE), "27.42%")
  t.is(writeLike("27.24 %", 27.42, 2, STYLE), "27.42 %")
  t.is(writeLike("7,8 %", 7.9, 1, STYLE), "7,9 %")
  t.is(writeLike("33.10%", 3.1, 2, STYLE), "3.10%", "decimal places kept")
  t.is(writeLike("+5", 10, 0, STYLE), "+10")
  t.is(writeLike("\u22128", -9, 0, STYLE), "\u22129")
  t.is(writeLike("-8", -9, 0, STYLE), "-9")
  t.is(writeLike("\u20131", 2, 0, STYLE), "+2", "a signed figure stays signed")
  t.is(writeLike("+3", 0, 0, STYLE), "\u00B10")
  t.is(writeLike("7", -7, 0, { minus: "\u2013", group: "," }), "\u20137", "an unsigned figure takes the article's minus sign")
  t.is(writeLike("14", 15, 0, STYLE), "15", "an unsigned figure stays unsigned")
  t.is(writeLike("999", 1001, 0, { minus: "\u2212", group: "\u00A0" }), "1\u00A0001", "the article's grouping where the figure shows none")
  t.is(writeLike("1234", 12345, 0, STYLE), "12345", "ungrouped stays ungrouped")
  t.is(writeLike("374 052", 374053, 0, STYLE), "374 053")
})

test("numberStyle finds the article's minus sign and thousands mark", (t) => {
  t.deepEqual(numberStyle("| a | \u20137 |\n| b | \u20131 |\n| c | -2 |\n| 1\u00A0234 |"), { minus: "\u2013", group: "\u00A0" })
  t.deepEqual(numberStyle("no figures"), { minus: "\u2212", group: "," })
})

const cell = (over: Partial<FaultCell>): FaultCell => ({
  file: "a.txt",
  line: 1,
  table_id: "a/t1",
  row_table: "results",
  contest_id: null,
  row_id: "a/t1/r1",
  field: "votes",
  round: 1,
  label: "X",
  stated: 0,
  decimals: 0,
  suggestion: null,
  range: null,
  ...over
})
const fault = (id: string, cells: ReadonlyArray<FaultCell>, over: Partial<Fault> = {}): Fault => ({
  id,
  severity: "error",
  file: cells[0]!.file,
  line: cells[0]!.line,
  section: "S",
  area: null,
  cells,
  alternatives: [],
  pattern: null,
  explanation: `explains ${id}`,
  anomalies: [],
  ...over
})

const SHAPE = "marker|name|label|votes:1|percent:1|votes:2|percent:2"
const ROW = "| | Jacques Blanc (incumbent) | UMP | 258,287 | 24.23% | 258,287 | 33.10% |"

test("locate picks a repeated figure by the table's columns, and says why when it cannot", (t) => {
  const round2 = cell({ field: "votes", round: 2, stated: 258287 })
  const found = locate(round2, ROW, SHAPE)
  t.is(found._tag, "Found")
  if (found._tag === "Found") t.is(ROW.slice(found.place.start, found.place.end), "258,287")
  if (found._tag === "Found") t.true(found.place.start > ROW.indexOf("24.23%"))
  const unsure = locate(round2, ROW)
  t.is(unsure._tag, "NotFound")
  if (unsure._tag === "NotFound") t.regex(unsure.reason, /2 cells of the line state 258287/)
  t.is(locate(cell({ field: "percent", stated: 24.23, decimals: 2 }), ROW, SHAPE)._tag, "Found")
  t.is(locate(cell({ field: "percent", stated: 24.2, decimals: 1 }), ROW, SHAPE)._tag, "NotFound", "decimals must match")
  const infobox = locate(cell({ table_id: "infobox", field: "value", stated: 7 }), "- Seat Change1: 7")
  t.deepEqual(infobox, { _tag: "Found", place: { start: 16, end: 17, text: "7" } })
})

const gitApply = (dir: string, patch: string) => {
  const file = join(dir, "p.patch")
  writeFileSync(file, patch)
  const check = spawnSync("git", ["-C", dir, "apply", "--check", file], { encoding: "utf8" })
  const apply = check.status === 0 ? spawnSync("git", ["-C", dir, "apply", file], { encoding: "utf8" }) : check
  return { status: apply.status, stderr: apply.stderr }
}

test("two faults on one line make one hunk; a last line without newline and CRLF lines apply with git", (t) => {
  const { dir, cleanup } = tempDir("recount-patch-unit-")
  t.teardown(cleanup)
  mkdirSync(join(dir, "seeds"))
  for (const [name, eol, finalEol] of [["lf.txt", "\n", ""], ["crlf.txt", "\r\n", "\r\n"]] as const) {
    const lines = ["= T =", "", "| | Candidate | Party | Votes (Round One) | % (Round One) | Votes (Round Two) | % (Round Two) |", ROW]
    const text = lines.join(eol) + finalEol
    writeFileSync(join(dir, "seeds", name), text)
    const faults = [
      fault("f1", [cell({ file: name, line: 4, field: "votes", round: 2, stated: 258287, suggestion: 374052 })]),
      fault("f2", [cell({ file: name, line: 4, field: "percent", round: 1, stated: 24.23, decimals: 2, suggestion: 24.32 })]),
      fault("f3", [cell({ file: name, line: 4, field: "votes", round: 1, stated: 258287, suggestion: null, range: { low: 1, high: 2 } })])
    ]
    const delivery = deliverArticle(name, `seeds/${name}`, text, faults, new Map([["a/t1", SHAPE]]))
    t.deepEqual(delivery.faults.map((p) => p.notApplied === null), [true, true, false])
    t.is(delivery.diff.match(/^@@/gm)?.length, 1, "one hunk")
    const patch = renderPatch([delivery], "seeds")
    t.regex(patch, /# {3}f3 \(error, .*\): only a range is settled/)
    t.is(gitApply(dir, patch).status, 0, `${name}: ${gitApply(dir, patch).stderr}`)
    const now = readFileSync(join(dir, "seeds", name), "utf8")
    t.is(now, [...lines.slice(0, 3), "| | Jacques Blanc (incumbent) | UMP | 258,287 | 24.32% | 374,052 | 33.10% |"].join(eol) + finalEol)
  }
})

test("a path beyond plain characters is C-quoted as git writes it, and applies", (t) => {
  t.is(diffPath("a/seeds/x.txt"), "a/seeds/x.txt")
  t.is(diffPath("a/my seeds/é\".txt"), "\"a/my seeds/\\303\\251\\\".txt\"")
  const { dir, cleanup } = tempDir("recount-patch-quoted-")
  t.teardown(cleanup)
  mkdirSync(join(dir, "my seeds"))
  const name = "Élection 2004.txt"
  writeFileSync(join(dir, "my seeds", name), "- Seat Change1: 7\n")
  const delivery = deliverArticle(name, `my seeds/${name}`, "- Seat Change1: 7\n", [fault("f", [cell({ file: name, table_id: "infobox", field: "value", stated: 7, suggestion: -7 })])], new Map())
  const result = gitApply(dir, renderPatch([delivery], "my seeds"))
  t.is(result.status, 0, result.stderr)
  t.is(readFileSync(join(dir, "my seeds", name), "utf8"), "- Seat Change1: \u22127\n")
})

test("nothing to apply: a patch of comment lines only; warnings and ties are listed, never applied", (t) => {
  const text = `= T =\n${ROW}\n`
  const faults = [
    fault("w", [cell({ line: 2, field: "votes", round: 2, stated: 258287, suggestion: 374052 })], { severity: "warning" }),
    fault("tie", [cell({ line: 2, field: "percent", round: 1, stated: 24.23, decimals: 2, suggestion: 24.32 })], { alternatives: [[cell({ line: 2 })]] }),
    fault("gone", [cell({ line: 2, field: "votes", round: 1, stated: 111, suggestion: 112 })])
  ]
  const delivery = deliverArticle("a.txt", "seeds/a.txt", text, faults, new Map([["a/t1", SHAPE]]))
  t.is(delivery.diff, "")
  const patch = renderPatch([delivery], "seeds")
  t.false(patch.includes("diff --git"))
  t.true(patch.split("\n").every((l) => l === "" || l.startsWith("#")))
  t.regex(patch, /w \(warning, a\.txt:2\): a warning, not an error/)
  t.regex(patch, /tie \(error, a\.txt:2\): 2 equally small explanations tie/)
  t.regex(patch, /gone \(error, a\.txt:2\): X votes \(line 2\) cannot be found on its line: no cell of the line states 111/)
  // Article text in a comment cannot start a diff line.
  const hostile = deliverArticle("a.txt", "seeds/a.txt", text, [fault("x", [cell({ line: 2, stated: 1 })], { explanation: "a\n--- a/evil\n+++ b/evil\n@@ -1 +1 @@" })], new Map())
  t.true(renderPatch([hostile], "seeds").split("\n").every((l) => l === "" || l.startsWith("#")))
})

test("every figure the diagnosis targets in results, contests, seats and seat_totals has a corrected column", (t) => {
  const defs = [Results, Contests, Seats, SeatTotals]
  for (const field of ["votes", "percent", "total_votes", "registered", "abstentions", "voters", "blank_invalid", "valid", "seats", "seats_before", "change", "regions"]) {
    t.true(hasCorrectedColumn(defs, field), field)
    const def = defs.find((d) => `${field}_corrected` in d.columns)!
    t.true(`${field}_fault_id` in def.columns)
    // Beside the stated column.
    const names = Object.keys(def.columns)
    t.is(names.indexOf(`${field}_corrected`), names.indexOf(field) + 1, `${def.name}.${field}`)
  }
  t.false(hasCorrectedColumn(defs, "value"), "infobox values have no corrected column (out/infobox holds text)")
})

test("baseline statuses: new, known, resolved; the Markdown section escapes what it quotes", (t) => {
  const baseline = parseBaseline(JSON.stringify({ accepted: [{ id: "a", reason: "checked <b>by hand</b>" }, { id: "gone`*", reason: "fixed *upstream*" }] }), "accepted.json")
  if ("problem" in baseline) return t.fail(baseline.problem)
  const faults = [fault("a", [cell({})]), fault("b", [cell({})])]
  const comparison = compareBaseline(baseline, faults, [], [])
  const view = baselineView(baseline, comparison)
  t.deepEqual([...view.status].sort(), [["a", "known"], ["b", "new"]])
  t.deepEqual(view.resolved.map((r) => [r.id, r.kind, r.reason, r.cell]), [["gone`*", "fault", "fixed *upstream*", null]], "an accepted-ids file gives only id and reason")
  const section = baselineMarkdown(comparison)
  t.false(section.includes("<b>"))
  t.true(section.includes("fixed \\*upstream\\*"))
  t.true(section.includes("``gone`*``"), "a code span longer than the backtick inside")
  t.true("problem" in parseBaseline("{\"accepted\": [{\"id\": \"a\"}]}", "x.json"), "a reason is required")
  t.true("problem" in parseBaseline("{not json", "x.json"))
})

test("baseline: resolved faults and resolved findings apart; New lists faults and findings under their own counts", (t) => {
  // An anomalies.json baseline: two faults (one still found) and two unexplained findings (one still found).
  const recordedCell = cell({ line: 12, label: "Jacques Blanc", field: "votes", stated: 258287, suggestion: 374052, round: 2 })
  const baseline = parseBaseline(JSON.stringify({
    faults: [{ id: "a", file: "x.txt", line: 12, severity: "error", cells: [recordedCell] }, { id: "gone", file: "x.txt", line: 12, severity: "error", cells: [recordedCell] }],
    unexplained: [{ anomaly: "claims/x/kept", reason: "prose" }, { anomaly: "claims/x/gone", reason: "prose" }]
  }), "anomalies.json")
  if ("problem" in baseline) return t.fail(baseline.problem)
  const faults = [fault("a", [cell({})]), fault("new-one", [cell({})])]
  const unexplained = [{ anomaly: "claims/x/kept", reason: "prose" }, { anomaly: "claims/x/fresh", reason: "prose" }]
  const c = compareBaseline(baseline, faults, unexplained, [])
  t.deepEqual(c.resolved.map((r) => r.id), ["gone"])
  t.deepEqual(c.resolvedFindings.map((r) => r.id), ["claims/x/gone"])
  t.deepEqual(c.new, ["new-one"])
  t.deepEqual(c.newFindings, ["claims/x/fresh"])
  const section = baselineMarkdown(c)
  t.regex(section, /### New\n\nFaults \(1\):\n\n- `new-one`\n\nFindings no fault explains \(1\):\n\n- `claims\/x\/fresh`\n/)
  t.regex(section, /### Known\n\nFaults \(1\), each with the reason it is accepted:\n\n- `a`: in the baseline report\n/)
  t.regex(section, /### Resolved\n\nFaults \(1\):\n\n- `gone`: in the baseline report\n\nFindings no fault explains \(1\):\n\n- `claims\/x\/gone`/)
  const top = withBaselineSummary("# Title\n\nFirst paragraph.\n\n## Next\n", c)
  t.is(top.split("\n")[4], "**Baseline** `anomalies.json`: faults 1 new, 1 known, 1 resolved; findings no fault explains 1 new, 1 known, 1 resolved (see [Baseline](#baseline); `--fail-on` counts only the new ones).")
  t.true(top.startsWith("# Title\n\nFirst paragraph.\n\n**Baseline**"))
  // The resolved fault as the baseline recorded it.
  const resolved = baselineView(baseline, c).resolved
  t.deepEqual(resolved.map((r) => [r.id, r.kind, r.file, r.line, r.cell, r.stated, r.suggested]), [
    ["gone", "fault", "x.txt", 12, "Jacques Blanc · votes", "258,287", "374,052"],
    ["claims/x/gone", "finding", null, null, null, null, null]
  ])
  // An accepted-ids file: a finding id is told from a fault id by its rule code.
  const accepted = parseBaseline("id,reason\nold-fault,ok\nclaims/x/old,ok\n", "accepted.csv")
  if ("problem" in accepted) return t.fail(accepted.problem)
  const c2 = compareBaseline(accepted, [], [], [], ["claims"])
  t.deepEqual(c2.resolved.map((r) => r.id), ["old-fault"])
  t.deepEqual(c2.resolvedFindings.map((r) => r.id), ["claims/x/old"])
})

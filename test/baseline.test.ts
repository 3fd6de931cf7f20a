/**
 * `--baseline FILE` (issue 10): a run against its own report has nothing new and passes
 * `--fail-on error`; one changed cell makes exactly the faults on that cell new; a repaired cell's
 * fault is resolved; fault ids do not move when lines do; an accepted-ids CSV gives its reasons.
 */
import { spawnSync } from "node:child_process"
import { readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import test from "ava"
import type { Fault } from "../pipeline/diagnose/fault.ts"
import { copySeeds, type Mutation, REFERENCE, REGIONAL, SEEDS, tempDir } from "./helpers/mutate.ts"
import { recountArgs } from "./helpers/recount.ts"

interface Comparison {
  readonly file: string
  readonly new: ReadonlyArray<string>
  readonly known: ReadonlyArray<{ id: string; reason: string }>
  readonly resolved: ReadonlyArray<{ id: string; reason: string }>
  readonly new_findings: ReadonlyArray<string>
  readonly known_findings: ReadonlyArray<string>
  readonly resolved_findings: ReadonlyArray<{ id: string; reason: string }>
}
interface Report {
  readonly faults: ReadonlyArray<Fault>
  readonly baseline?: Comparison
}

/** Runs the bundle on `seeds` into `dir/<name>`; returns the exit code, the report and the Markdown. */
const recount = (seeds: string, dir: string, name: string, ...extra: Array<string>) => {
  const out = join(dir, name, "out")
  const reports = join(dir, name, "reports")
  const result = spawnSync(process.execPath, [...recountArgs(), "--seeds", seeds, "--out", out, "--reports", reports, "--reference", REFERENCE, ...extra], { encoding: "utf8" })
  const report = result.status === 0 || result.status === 1 ? JSON.parse(readFileSync(join(reports, "anomalies.json"), "utf8")) as Report : null
  const markdown = report ? readFileSync(join(reports, "anomalies.md"), "utf8") : ""
  return { status: result.status, stderr: result.stderr, stdout: result.stdout, report, markdown, json: join(reports, "anomalies.json") }
}

/** The line of a seed holding `pattern` (exactly one). */
const lineOf = (file: string, pattern: RegExp): number => {
  const hits = readFileSync(join(SEEDS, file), "utf8").split("\n").flatMap((l, i) => (pattern.test(l) ? [i + 1] : []))
  if (hits.length !== 1) throw new Error(`${hits.length} lines match ${pattern}`)
  return hits[0]!
}

/** The seeds' run without a baseline, under --fail-on error (its report is the other tests' baseline), once per file. */
let baselineRun: Promise<{ dir: string; json: string; report: Report; run: ReturnType<typeof recount> }> | null = null
const original = () =>
  (baselineRun ??= (async () => {
    const { dir, cleanup } = tempDir("recount-baseline-")
    process.on("exit", cleanup)
    const run = recount(copySeeds(join(dir, "orig")), dir, "orig", "--fail-on", "error")
    if (run.report === null) throw new Error(run.stderr)
    return { dir, json: run.json, report: run.report, run }
  })())

test("its own report as baseline: 0 new faults, exit 0 under --fail-on error (exit 1 without the baseline)", async (t) => {
  const { dir, json, report, run: without } = await original()
  const seeds = join(dir, "orig", "seeds")
  t.is(without.status, 1, "the seeds have error findings: --fail-on error fails without a baseline")
  const run = recount(seeds, dir, "self", "--baseline", json, "--fail-on", "error")
  t.is(run.status, 0, run.stderr)
  t.deepEqual(run.report?.baseline?.new, [])
  t.deepEqual(run.report?.baseline?.new_findings, [])
  t.deepEqual(run.report?.baseline?.resolved, [])
  t.is(run.report?.baseline?.known.length, report.faults.length)
  t.is(run.report?.baseline?.file, "anomalies.json", "the baseline is named by its file name only")
  t.regex(run.markdown, /\n## Baseline\n\nCompared with `anomalies\.json`: 0 new, \d+ known and 0 resolved faults/)
  // Without --baseline the report has no baseline section.
  t.is(without.report?.baseline, undefined)
  t.false(without.markdown.includes("## Baseline"))
})

test("one cell changed in a copied seed: exactly the faults on that cell are new, and --fail-on error fails", async (t) => {
  const { dir, json, report } = await original()
  // Georges Frêche's round-one votes in Languedoc-Roussillon, a clean cell: 387,214 → 387,914.
  const line = lineOf(REGIONAL, /^\| \| Georges Frêche \|/)
  const mutation: Mutation = { file: REGIONAL, line, from: "387,214", to: "387,914" }
  const seeds = copySeeds(join(dir, "changed"), mutation)
  const run = recount(seeds, dir, "changed-run", "--baseline", json, "--fail-on", "error")
  const after = run.report!
  const onCell = (f: Fault) => [f.cells, ...f.alternatives].flat().some((c) => c.file === REGIONAL && c.line === line && c.field === "votes" && c.round === 1)
  const expected = after.faults.filter(onCell).map((f) => f.id)
  t.true(expected.length > 0, "the changed cell is a fault")
  t.deepEqual([...after.baseline!.new].sort(), [...expected].sort())
  t.true(expected.every((id) => !report.faults.some((f) => f.id === id)), "the new faults were not in the baseline")
  t.is(run.status, after.faults.some((f) => f.severity === "error" && expected.includes(f.id)) ? 1 : 0)
  t.is(run.status, 1, run.stderr)
  t.deepEqual(after.baseline!.resolved, [])
})

test("a known fault's cell repaired: the fault is listed as resolved, nothing is new", async (t) => {
  const { dir, json, report } = await original()
  const line = lineOf(REGIONAL, /^\| \| Claude Gewerc \|/)
  const known = report.faults.find((f) => f.cells.some((c) => c.line === line && c.field === "percent" && c.round === 1))
  t.truthy(known, "the seeds have a fault on Claude Gewerc's round-one percentage")
  const seeds = copySeeds(join(dir, "repaired"), { file: REGIONAL, line, from: "27.24%", to: "27.42%" })
  const run = recount(seeds, dir, "repaired-run", "--baseline", json, "--fail-on", "error")
  t.is(run.status, 0, run.stderr)
  t.deepEqual(run.report!.baseline!.resolved.map((r) => r.id), [known!.id])
  t.deepEqual(run.report!.baseline!.new, [])
  t.deepEqual(run.report!.baseline!.resolved_findings, [], "the findings the fault explained are not listed as resolved faults, nor as unexplained findings")
  const escaped = known!.id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
  t.regex(run.markdown, new RegExp(`### Resolved\\n\\nFaults \\(1\\):\\n\\n- \`${escaped}\`: in the baseline report\\n\\nFindings no fault explains \\(0\\):\\n\\n- none\\n`))
  // The summary line sits after the report's first paragraph and names the counts.
  const paragraphs = run.markdown.split("\n\n")
  t.regex(paragraphs[2]!, /^\*\*Baseline\*\* `anomalies\.json`: faults 0 new, \d+ known, 1 resolved; findings no fault explains 0 new, \d+ known, 0 resolved \(see \[Baseline\]\(#baseline\)/)
  t.regex(run.stdout, /against the baseline anomalies\.json: 0 new, \d+ known, 1 resolved faults; 0 new, \d+ known, 0 resolved unexplained findings/)
})

test("a baseline finding this run no longer finds is resolved as a finding, not as a fault", async (t) => {
  const { dir, json, report } = await original()
  // The baseline report with one more unexplained finding (an id of a real rule that this run does
  // not find): it is resolved as a finding; the baseline's faults are all still found.
  const base = JSON.parse(readFileSync(json, "utf8")) as { unexplained: Array<{ anomaly: string; reason: string }> }
  t.true(base.unexplained.length > 0)
  const gone = `${base.unexplained[0]!.anomaly}-no-longer-there`
  const edited = join(dir, "edited-baseline.json")
  writeFileSync(edited, JSON.stringify({ ...base, unexplained: [...base.unexplained, { anomaly: gone, reason: "x" }] }))
  const run = recount(join(dir, "orig", "seeds"), dir, "finding-gone", "--baseline", edited)
  t.is(run.status, 0, run.stderr)
  t.deepEqual(run.report!.baseline!.resolved, [], "no fault is resolved")
  t.deepEqual(run.report!.baseline!.resolved_findings.map((r) => r.id), [gone])
  t.is(run.report!.baseline!.known.length, report.faults.length)
})

test("fault ids stay stable when a paragraph is inserted above a table: same ids, other lines, 0 new against the old report", async (t) => {
  const { dir, json, report } = await original()
  const seeds = copySeeds(join(dir, "moved"))
  const file = join(seeds, REGIONAL)
  const lines = readFileSync(file, "utf8").split("\n")
  // Above Languedoc-Roussillon's results table (its header is the line above Georges Frêche's row).
  const at = lineOf(REGIONAL, /^\| \| Georges Frêche \|/) - 2
  lines.splice(at, 0, "An inserted paragraph above the table.", "")
  writeFileSync(file, lines.join("\n"))
  const run = recount(seeds, dir, "moved-run", "--baseline", json)
  const after = run.report!
  t.deepEqual(after.faults.map((f) => f.id).sort(), report.faults.map((f) => f.id).sort())
  const moved = report.faults.filter((f) => f.file === REGIONAL && f.line > at)
  t.true(moved.some((f) => f.id.includes("languedoc-roussillon")))
  for (const f of moved) t.is(after.faults.find((o) => o.id === f.id)?.line, f.line + 2, f.id)
  t.deepEqual(after.baseline!.new, [])
  t.deepEqual(after.baseline!.resolved, [])
})

test("an accepted-ids CSV: listed faults are known with their reasons; one without a reason is refused (exit 3)", async (t) => {
  const { dir, report } = await original()
  const seeds = join(dir, "orig", "seeds")
  const accepted = report.faults.filter((f) => f.severity === "error")
  const csv = join(dir, "accepted.csv")
  writeFileSync(csv, `id,reason\n${accepted.map((f) => `${f.id},"checked against the official results, ""as stated"""`).join("\n")}\n`)
  const run = recount(seeds, dir, "csv", "--baseline", csv)
  t.is(run.status, 0, run.stderr)
  t.deepEqual(run.report!.baseline!.known.map((k) => k.id), accepted.map((f) => f.id))
  t.true(run.report!.baseline!.known.every((k) => k.reason === "checked against the official results, \"as stated\""))
  t.deepEqual([...run.report!.baseline!.new].sort(), report.faults.filter((f) => f.severity !== "error").map((f) => f.id).sort())
  const bad = join(dir, "bad.csv")
  writeFileSync(bad, `id,reason\n${accepted[0]!.id},\n`)
  const refused = recount(seeds, dir, "bad", "--baseline", bad)
  t.is(refused.status, 3)
  t.regex(refused.stderr, /bad\.csv: row 2 needs both an id and a reason/)
})

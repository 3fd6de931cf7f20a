/**
 * Golden files: the committed reports/anomalies.md and reports/anomalies.json are what the
 * pipeline produces on seeds/ — byte for byte, run after run — and they show the findings the
 * project promises (the Languedoc-Roussillon copy, the Senate's Total change, the passed seat totals).
 */
import { readFileSync } from "node:fs"
import { join } from "node:path"
import test, { type ExecutionContext } from "ava"
import type { Anomaly, AuditReport, CheckItem } from "../pipeline/audit/anomaly.ts"
import { readJsonReport } from "../pipeline/audit/report.ts"
import { GOLDEN, REGIONAL, runPipeline, type RunResult, SEEDS, SENATE, tempDir } from "./helpers/mutate.ts"

const STALE = "reports differ from the committed golden files: run `make all` and review the diff"

let first: Promise<RunResult> | null = null
/** One run on the committed seeds into a temporary folder, shared by the tests below. */
const goldenRun = () =>
  (first ??= (async () => {
    const { dir, cleanup } = tempDir("recount-golden-")
    try {
      return await runPipeline(SEEDS, dir)
    } finally {
      cleanup()
    }
  })())

const committed = (name: string) => readFileSync(join(GOLDEN, name))
const committedReport = () => readJsonReport(committed("anomalies.json").toString("utf8"))

/** The 1-based line of the only line of a seed matching `pattern`. */
const seedLine = (file: string, pattern: RegExp): number => {
  const lines = readFileSync(join(SEEDS, file), "utf8").split("\n")
  const hits = lines.flatMap((l, i) => (pattern.test(l) ? [i + 1] : []))
  if (hits.length !== 1) throw new Error(`${file}: ${hits.length} lines match ${pattern} (need exactly 1)`)
  return hits[0]!
}

const allItems = (report: AuditReport): Array<CheckItem> => report.checks.flatMap((c) => c.items)

const show = (x: Anomaly | CheckItem | undefined) => JSON.stringify(x, null, 2)

test.serial("anomalies.md is byte-identical to the committed golden file", async (t) => {
  const run = await goldenRun()
  t.true(run.markdown.equals(committed("anomalies.md")), STALE)
})

test.serial("anomalies.json is byte-identical to the committed golden file", async (t) => {
  const run = await goldenRun()
  t.true(run.json.equals(committed("anomalies.json")), STALE)
})

test.serial("two runs on the same seeds give byte-identical reports", async (t) => {
  const a = await goldenRun()
  const { dir, cleanup } = tempDir("recount-golden-again-")
  t.teardown(cleanup)
  const b = await runPipeline(SEEDS, dir)
  t.true(a.markdown.equals(b.markdown), "anomalies.md differs between two runs on the same input")
  t.true(a.json.equals(b.json), "anomalies.json differs between two runs on the same input")
})

/**
 * The must-show facts hold in the committed anomalies.json (the file people read) and in a fresh
 * run (so a stale golden file cannot hide a regression).
 */
const mustShow = (title: string, check: (t: ExecutionContext, report: AuditReport, source: string) => void) => {
  test(`must show (committed reports/anomalies.json): ${title}`, (t) => check(t, committedReport(), "committed reports/anomalies.json"))
  test.serial(`must show (fresh run): ${title}`, async (t) => check(t, readJsonReport((await goldenRun()).json.toString("utf8")), "fresh run"))
}

mustShow("Languedoc-Roussillon round two repeats Jacques Blanc's 258,287 (suggest 374,052)", (t, report, source) => {
  const line = seedLine(REGIONAL, /\| Jacques Blanc .*\| 258,287 \|.*\| 258,287 \|/)
  const found = report.anomalies.find((a) =>
    a.rule === "repeated-figure" && a.file === REGIONAL && a.line === line && a.round === 2
  )
  t.truthy(found, `${source}: no repeated-figure anomaly at ${REGIONAL}:${line} round 2`)
  t.is(found?.severity, "error", `${source}: ${show(found)}`)
  t.is(found?.area, "Languedoc-Roussillon", `${source}: ${show(found)}`)
  t.is(found?.stated, 258287, `${source}: ${show(found)}`)
  t.is(found?.suggestion?.value, 374052, `${source}: ${show(found)}`)
})

mustShow("the Senate Total change +5 against 331 − 321 = +10 is an error", (t, report, source) => {
  const line = seedLine(SENATE, /\| Total: \| 321 \| 331 \| \+5 \|/)
  const found = report.anomalies.filter((a) =>
    a.rule === "change" && a.file === SENATE && a.line === line && a.stated === 5 && a.expected === 10
  )
  t.true(found.length > 0, `${source}: no change anomaly at ${SENATE}:${line} with stated 5, expected 10`)
  t.true(found.every((a) => a.severity === "error"), `${source}: ${found.map(show).join("\n")}`)
})

mustShow("the regional national table's 1,880 seats and 26 regions pass", (t, report, source) => {
  const line = seedLine(REGIONAL, /^\| \| Total \| \| 24,250,353 \|/)
  const items = allItems(report).filter((i) =>
    (i.rule === "seat-sum" || i.rule === "council-size") && i.file === REGIONAL && i.line === line
  )
  const seats = items.filter((i) => /\bstated 1,880\b/.test(i.detail))
  const regions = items.filter((i) => /\bstated 26\b/.test(i.detail))
  t.true(seats.length > 0, `${source}: no seat-sum/council-size item at ${REGIONAL}:${line} stating 1,880 seats`)
  t.true(regions.length > 0, `${source}: no seat-sum/council-size item at ${REGIONAL}:${line} stating 26 regions`)
  t.true([...seats, ...regions].every((i) => i.status === "passed"), `${source}: ${[...seats, ...regions].map(show).join("\n")}`)
})

mustShow("the Senate's 321 and 331 seats pass", (t, report, source) => {
  const line = seedLine(SENATE, /\| Total: \| 321 \| 331 \|/)
  const items = allItems(report).filter((i) => i.rule === "seat-sum" && i.file === SENATE && i.line === line)
  const s2004 = items.filter((i) => /= 331; stated 331$/.test(i.detail))
  const s2001 = items.filter((i) => /= 321; stated 321$/.test(i.detail))
  t.true(s2004.length > 0, `${source}: no seat-sum item at ${SENATE}:${line} summing to 331`)
  t.true(s2001.length > 0, `${source}: no seat-sum item at ${SENATE}:${line} summing to 321`)
  t.true([...s2004, ...s2001].every((i) => i.status === "passed"), `${source}: ${[...s2004, ...s2001].map(show).join("\n")}`)
})

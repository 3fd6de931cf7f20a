/**
 * Invented articles in styles the seeds do not use (test/fixtures/articles/, issue 13): each has
 * consistent figures plus injected faults listed, with their lines, in `<article>.truth.json`. The
 * pipeline runs on the folder with the fixtures' reference (their electoral laws) and no claims
 * file; every injected fault must be found on its line (an error or warning finding there, or a
 * located fault with a cell there), and every error must rest on an injected fault (its line or
 * its evidence lines include one). A fault marked `"needs": "prose-extractor"` is asserted only
 * when the prose-claims rule exists (part E of the issue); the test says so when it skips one.
 */
import test from "ava"
import { spawnSync } from "node:child_process"
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { sharedFixturesRun } from "./helpers/run-seeds.ts"
import { recountArgs, ROOT } from "./helpers/recount.ts"

const ARTICLES = join(ROOT, "test", "fixtures", "articles")
const REFERENCE = join(ROOT, "test", "fixtures", "reference")

interface TruthFault {
  readonly line: number
  /** The faulty text on the line, and what it replaced: the clean article puts `original` back. */
  readonly written: string
  readonly original: string
  readonly what: string
  readonly needs?: string
}
interface Anomaly {
  readonly file: string
  readonly line: number
  readonly lines: ReadonlyArray<number>
  readonly severity: string
  readonly rule: string
  readonly message: string
}
interface Fault {
  readonly file: string
  readonly cells: ReadonlyArray<{ readonly line: number }>
}

const truths = readdirSync(ARTICLES)
  .filter((f) => f.endsWith(".truth.json"))
  .sort()
  .map((f) => ({ article: f.replace(/\.truth\.json$/, ".txt"), faults: (JSON.parse(readFileSync(join(ARTICLES, f), "utf8")) as { faults: Array<TruthFault> }).faults }))

type Report = { anomalies: Array<Anomaly>; faults: Array<Fault>; checks: Array<{ rule: string }> }

/** Runs the bundle on a folder of articles with the fixtures' reference; the parsed anomalies.json, or null. */
const runOn = (articles: string) => {
  const dir = mkdtempSync(join(tmpdir(), "recount-fixtures-"))
  const result = spawnSync(process.execPath, [...recountArgs(), "--seeds", articles, "--reference", REFERENCE, "--out", join(dir, "out"), "--reports", join(dir, "reports")], { cwd: ROOT, encoding: "utf8" })
  const report = result.status === 0 ? JSON.parse(readFileSync(join(dir, "reports", "anomalies.json"), "utf8")) as Report : null
  rmSync(dir, { recursive: true, force: true })
  return { result, report }
}

/** The plain run on the fixture articles, shared with test/consumers.test.ts (test/helpers/run-seeds.ts: it throws unless the run exits 0). */
const shared = sharedFixturesRun()
const run = { report: JSON.parse(readFileSync(join(shared.reports, "anomalies.json"), "utf8")) as Report | null }

/** The same articles with every injected fault undone (each `written` put back to `original` on its line). */
const clean = (() => {
  const dir = mkdtempSync(join(tmpdir(), "recount-fixtures-clean-"))
  const articles = join(dir, "articles")
  mkdirSync(articles)
  for (const { article, faults } of truths) {
    const lines = readFileSync(join(ARTICLES, article), "utf8").split("\n")
    for (const f of faults) lines[f.line - 1] = lines[f.line - 1]!.replace(f.written, f.original)
    writeFileSync(join(articles, article), lines.join("\n"))
  }
  const out = runOn(articles)
  rmSync(dir, { recursive: true, force: true })
  return out
})()

test("at least six fixture articles, each with a truth file of at least three faults, one in the prose", (t) => {
  const articles = readdirSync(ARTICLES).filter((f) => f.endsWith(".txt"))
  t.true(articles.length >= 6)
  t.deepEqual(truths.map((x) => x.article).sort(), articles.sort())
  for (const { article, faults } of truths) {
    t.true(faults.length >= 3, article)
    t.true(faults.some((f) => f.needs === "prose-extractor"), `${article}: a prose fault`)
  }
})

test("each fault's text stands once on its line (so undoing it is exact)", (t) => {
  for (const { article, faults } of truths) {
    const lines = readFileSync(join(ARTICLES, article), "utf8").split("\n")
    for (const f of faults) t.is(lines[f.line - 1]!.split(f.written).length, 2, `${article}:${f.line} '${f.written}'`)
  }
})

test("with the faults undone, the figures are consistent: no error or warning in any fixture", (t) => {
  t.is(clean.result.status, 0, clean.result.stderr)
  const flagged = clean.report!.anomalies.filter((a) => a.severity !== "info")
  t.deepEqual(flagged.map((a) => `${a.file}:${a.line} ${a.rule}: ${a.message}`), [])
})

test("the pipeline runs on the fixtures", (t) => {
  // Exit 0 (the shared run throws otherwise) and both folders published with their manifests.
  t.truthy(run.report)
  t.true(existsSync(join(shared.out, "manifest.json")) && existsSync(join(shared.reports, "manifest.json")))
})

const proseRule = () => run.report?.checks.some((c) => c.rule === "prose-claims") ?? false

for (const { article, faults } of truths) {
  test(`${article}: every injected fault is found at its line`, (t) => {
    const report = run.report!
    const flagged = report.anomalies.filter((a) => a.file === article && a.severity !== "info")
    const located = report.faults.filter((f) => f.file === article)
    for (const fault of faults) {
      if (fault.needs === "prose-extractor" && !proseRule()) {
        t.log(`not asserted (no prose-claims rule): line ${fault.line}, ${fault.what}`)
        continue
      }
      const found = flagged.some((a) => a.line === fault.line) || located.some((f) => f.cells.some((c) => c.line === fault.line))
      t.true(found, `${article}:${fault.line} ${fault.what}`)
    }
  })

  test(`${article}: no error rests on anything but an injected fault`, (t) => {
    const lines = new Set(faults.map((f) => f.line))
    const errors = run.report!.anomalies.filter((a) => a.file === article && a.severity === "error")
    for (const e of errors) {
      t.true(lines.has(e.line) || e.lines.some((l) => lines.has(l)), `${article}:${e.line} ${e.rule}: ${e.message}`)
    }
  })
}

test("a clean table under a known law reproduces; an unknown law is not evaluated, never guessed", (t) => {
  const report = run.report as unknown as { checks: Array<{ rule: string; items: Array<{ file: string; status: string; detail: string }>; passed_items: Record<string, Array<[number, string, string]>> }> }
  const rule = report.checks.find((c) => c.rule === "seat-reconstruction")!
  t.true(rule.items.some((i) => i.file === "2020-westland-provincial-elections.txt" && i.status === "not_evaluated" && /no electoral law known for other elections in Westland/.test(i.detail)))
  // With the faults undone, each fixture's seats reproduce under its own law (D'Hondt, Sainte-Laguë, Hare, a bonus with a threshold of registered voters).
  const cleanRule = (clean.report as unknown as typeof report).checks.find((c) => c.rule === "seat-reconstruction")!
  const passed = Object.entries(cleanRule.passed_items).flatMap(([file, rows]) => rows.map(([, , detail]) => `${file}: ${detail}`))
  const laws: ReadonlyArray<readonly [string, string]> = [
    ["2019-freedonian-general-election.txt", "150 seats, highest average (D'Hondt) among lists ≥ 5 % of votes cast (legislative, Freedonia)"],
    ["2021-sylvanian-parliamentary-election.txt", "101 seats, highest average (Sainte-Laguë), no threshold (legislative, Sylvania)"],
    ["2018-carpanian-general-election.txt", "60 seats, largest remainder (Hare quota) among lists ≥ 4 % of votes cast (legislative, Carpania)"],
    ["2016-molvanian-legislative-election.txt", "100 seats, bonus 10 to the leading list, highest average (D'Hondt) among lists ≥ 3 % of registered voters (legislative, Molvania)"]
  ]
  for (const [article, law] of laws) t.true(passed.some((p) => p.startsWith(`${article}: reproduced`) && p.endsWith(law)), `${article}: ${law}`)
  // Borduria states no seats: nothing to reconstruct, nothing flagged.
  t.false(rule.items.some((i) => i.file === "2022-bordurian-legislative-election.txt" && i.status === "flagged"))
})

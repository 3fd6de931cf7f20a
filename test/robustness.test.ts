/**
 * Issue 7, "never hang, never drop a row": hostile inputs finish, impossible values become findings
 * and the run goes on, only regular files are read, and a claims file names its own article.
 */
import { execFileSync } from "node:child_process"
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import * as NodeServices from "@effect/platform-node/NodeServices"
import test from "ava"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import { runAudit } from "../pipeline/audit/audit.ts"
import { decodeClaims } from "../pipeline/audit/claims.ts"
import { parseReference } from "../pipeline/audit/reference.ts"
import type { Options } from "../pipeline/cli.ts"
import { parseArticle } from "../pipeline/extract/parse.ts"
import { readArticles, readClaimsFiles, readReference } from "../pipeline/extract/read.ts"
import { pipeline } from "../pipeline/main.ts"
import { accountLines } from "../pipeline/normalise/accounting.ts"
import { normalise } from "../pipeline/normalise/normalise.ts"
import { parsePartyDictionary } from "../pipeline/normalise/parties.ts"

const ROOT = fileURLToPath(new URL("../", import.meta.url))
const SEEDS = join(ROOT, "seeds")
const REGIONAL = "2004-french-regional-elections.txt"
const regional = () => readFileSync(join(SEEDS, REGIONAL), "utf8")
const reference = (name: string) => readFileSync(join(SEEDS, "reference", name), "utf8")
const { dictionary } = parsePartyDictionary(reference("parties.csv"), "parties.csv")
const law = parseReference(
  { file: "regional-councils.csv", text: reference("regional-councils.csv") },
  { file: "electoral-law.csv", text: reference("electoral-law.csv") }
)

/** Replaces line `n` (1-based) of a text. */
const replaceLine = (text: string, n: number, line: string) => {
  const lines = text.split("\n")
  lines[n - 1] = line
  return lines.join("\n")
}
const lineOf = (text: string, start: string) => text.split("\n").findIndex((l) => l.startsWith(start)) + 1

const run = (text: string, file = "a.txt") => {
  const doc = parseArticle(file, text)
  const dataset = normalise([doc], dictionary)
  const report = runAudit({ dataset, documents: [doc], reference: law })
  return { doc, dataset, report }
}

/** Every number anywhere in a value is finite. */
const nonFinite = (value: unknown, path = "$"): Array<string> =>
  typeof value === "number"
    ? Number.isFinite(value) ? [] : [`${path} = ${value}`]
    : typeof value === "string"
    ? /\bNaN\b|Infinity/.test(value) ? [`${path}: '${value.slice(0, 80)}'`] : []
    : value !== null && typeof value === "object"
    ? Object.entries(value).flatMap(([k, v]) => nonFinite(v, `${path}.${k}`))
    : []

const temps: Array<string> = []
test.after.always(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true })
})
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "recount-robust-"))
  temps.push(dir)
  return dir
}

// ---------------------------------------------------------------------------------------------
// Hostile sizes finish (ava's own timeout; no timing assertion)
// ---------------------------------------------------------------------------------------------

test("'== ' + 100,000 spaces + 'x' parses and normalises (a paragraph, not a heading)", (t) => {
  const text = `= T =\n\n== ${" ".repeat(100_000)}x\n\n**${" ".repeat(100_000)}x\n\n- ${" ".repeat(100_000)}\u2028\n`
  const doc = parseArticle("a.txt", text)
  t.is(doc.sections.length, 0)
  const dataset = normalise([doc], dictionary)
  t.deepEqual(accountLines(doc, dataset), [])
})

test("a 10,000-row table parses and normalises, every row a record", (t) => {
  const rows = Array.from({ length: 10_000 }, (_, i) => `| | Party ${i} | ${i + 1} | +1 |`)
  const text = `= T =\n\n===Alsace===\n\n| Party | seats | change +/- | |\n${rows.join("\n")}\n`
  const doc = parseArticle("a.txt", text)
  const dataset = normalise([doc], dictionary)
  t.is(dataset.seats.length, 10_000)
  t.deepEqual(accountLines(doc, dataset), [])
})

// ---------------------------------------------------------------------------------------------
// Nothing dropped silently
// ---------------------------------------------------------------------------------------------

for (const cell of ["N/A", "½", "1e30"]) {
  test(`a seat table whose first data row has '${cell}' seats: a finding on that line, and no seat-reconstruction error`, (t) => {
    const base = regional()
    const line = lineOf(base, "| • | Union for a Popular Movement | 18 | +11 |") // Alsace's council, first data row
    t.true(line > 0)
    const { doc, dataset, report } = run(replaceLine(base, line, `| • | Union for a Popular Movement | ${cell} | +11 |`))
    const findings = dataset.findings.filter((f) => f.line === line)
    t.deepEqual(findings.map((f) => f.code), ["CELL_UNREADABLE"])
    const seat = dataset.seats.find((s) => s.source_line === line)
    t.is(seat?.party, "Union for a Popular Movement", "the row is a record, not part of the header")
    t.is(seat?.seats, null)
    const alsace = report.anomalies.filter((a) => a.rule === "seat-reconstruction" && a.area === "Alsace")
    t.deepEqual(alsace, [])
    const item = report.checks.find((c) => c.rule === "seat-reconstruction")!.items.find((i) => i.subject.startsWith("Alsace"))
    t.is(item?.status, "not_evaluated")
    t.regex(item?.detail ?? "", new RegExp(`line ${line}`))
    t.deepEqual(accountLines(doc, dataset), [])
  })
}

test("a count beyond 2^53 is a finding and reads as null, never an inexact number", (t) => {
  const base = regional()
  const line = lineOf(base, "| | Adrien Zeller (incumbent) |")
  const { dataset, report } = run(replaceLine(base, line, "| | Adrien Zeller (incumbent) | UMP | 99,999,999,999,999,999 | 34.06% | 9007199254740993 | 43.56% |"))
  const unreadable = dataset.findings.filter((f) => f.line === line && f.code === "CELL_UNREADABLE")
  t.is(unreadable.length, 2)
  t.true(unreadable.every((f) => /too large/.test(f.message)))
  t.deepEqual(dataset.results.filter((r) => r.source_line === line).map((r) => r.votes), [null, null])
  t.deepEqual(nonFinite(dataset.results), [])
  t.deepEqual(nonFinite(report.anomalies), [])
})

for (const [what, start, replace] of [
  ["a round-one Total of 0", "| | Total | | 661,107 |", (l: string) => l.replace("661,107", "0")],
  ["a round-two Total of 0", "| | Total | | 661,107 |", (l: string) => l.replace("687,249", "0")],
  ["valid votes of 0 (no Total row)", "| Valid votes |", () => "| Valid votes | 0 | 95.44 | 0 |"]
] as const) {
  test(`${what}: no NaN or Infinity in any record, anomaly or check; shares are not evaluated`, (t) => {
    const base = regional()
    const line = lineOf(base, start)
    t.true(line > 0)
    const { dataset, report } = run(replaceLine(base, line, replace(base.split("\n")[line - 1]!)))
    t.deepEqual(nonFinite(dataset), [])
    t.deepEqual(nonFinite(report.anomalies), [])
    t.deepEqual(nonFinite(report.checks), [])
    t.false(report.anomalies.some((a) => a.rule === "percent-recompute" && a.lines.includes(line)))
  })
}

test("an infobox date '31 February 2004' is a finding, the date is null, and the whole run writes its outputs", async (t) => {
  const dir = tempDir()
  const seeds = join(dir, "seeds")
  mkdirSync(seeds)
  for (const n of readdirSync(SEEDS).filter((n) => n.endsWith(".txt"))) copyFileSync(join(SEEDS, n), join(seeds, n))
  const base = regional()
  const line = lineOf(base, "- Election Date:")
  writeFileSync(join(seeds, REGIONAL), replaceLine(base, line, "- Election Date: 31 February 2004"))
  const { dataset } = run(replaceLine(base, line, "- Election Date: 31 February 2004"), REGIONAL)
  t.is(dataset.elections[0]!.round1_date, null)
  t.deepEqual(dataset.findings.filter((f) => f.line === line).map((f) => f.code), ["DATE_IMPOSSIBLE"])
  const options: Options = { seeds, out: join(dir, "out"), reports: join(dir, "reports"), reference: join(SEEDS, "reference"), failOn: null, force: false }
  const exit = await Effect.runPromise(pipeline(options).pipe(Effect.provide(NodeServices.layer)))
  t.is(exit, 0)
  const elections = readFileSync(join(dir, "out", "elections.csv"), "utf8")
  t.true(elections.includes("2004 French regional elections"))
  t.regex(readFileSync(join(dir, "out", "findings.csv"), "utf8"), /DATE_IMPOSSIBLE/)
})

// ---------------------------------------------------------------------------------------------
// Only regular files; a claims file names its own article
// ---------------------------------------------------------------------------------------------


const inputError = async (effect: Effect.Effect<unknown, unknown, never>) => {
  const exit = await Effect.runPromiseExit(effect)
  if (Exit.isSuccess(exit)) return null
  return JSON.stringify(exit.cause) + String(exit.cause)
}

test("a FIFO named *.txt is an input error naming it, found before opening (never blocks)", async (t) => {
  const dir = tempDir()
  copyFileSync(join(SEEDS, REGIONAL), join(dir, "a.txt"))
  const fifo = join(dir, "x.txt")
  execFileSync("mkfifo", [fifo])
  const folder = await inputError(readArticles(dir).pipe(Effect.provide(NodeServices.layer)))
  t.truthy(folder)
  t.regex(folder!, /InputError/)
  t.true(folder!.includes(fifo), folder!)
  t.regex(folder!, /not a regular file \(it is a named pipe \(FIFO\)\)/)
  const single = await inputError(readArticles(fifo).pipe(Effect.provide(NodeServices.layer)))
  t.regex(single ?? "", /named pipe/)
  const ref = await inputError(readReference(fifo).pipe(Effect.provide(NodeServices.layer)))
  t.regex(ref ?? "", /named pipe/)
})

test("a claims path that is not a regular file (a FIFO, a folder) is an input error", async (t) => {
  const dir = tempDir()
  copyFileSync(join(SEEDS, REGIONAL), join(dir, "a.txt"))
  execFileSync("mkfifo", [join(dir, "a.claims.json")])
  const articles = [{ file: "a.txt", path: join(dir, "a.txt"), text: "" }]
  const fifo = await inputError(readClaimsFiles(articles).pipe(Effect.provide(NodeServices.layer)))
  t.regex(fifo ?? "", /a\.claims\.json: not a regular file/)
  mkdirSync(join(dir, "b.claims.json"))
  const folder = await inputError(
    readClaimsFiles([{ file: "b.txt", path: join(dir, "b.txt"), text: "" }]).pipe(Effect.provide(NodeServices.layer))
  )
  t.regex(folder ?? "", /not a regular file \(it is a folder\)/)
})

test("a claims file that names another article is an input error naming both", (t) => {
  const text = readFileSync(join(SEEDS, "2004-french-senate-election.claims.json"), "utf8")
  const decoded = decodeClaims(text, "2004-french-regional-elections.claims.json")
  t.true("problem" in decoded)
  if (!("problem" in decoded)) return
  t.true(decoded.problem.startsWith("2004-french-regional-elections.claims.json: "))
  t.true(decoded.problem.includes("'2004-french-senate-election.txt'"))
  t.true(decoded.problem.includes("'2004-french-regional-elections.txt'"))
  // The real files name their own articles.
  for (const n of readdirSync(SEEDS).filter((n) => n.endsWith(".claims.json"))) {
    t.false("problem" in decodeClaims(readFileSync(join(SEEDS, n), "utf8"), n), n)
  }
})

test("the pipeline stops with an InputError (exit 3 in the CLI) when a claims file names another article", async (t) => {
  const dir = tempDir()
  const seeds = join(dir, "seeds")
  mkdirSync(seeds)
  copyFileSync(join(SEEDS, REGIONAL), join(seeds, REGIONAL))
  copyFileSync(join(SEEDS, "2004-french-senate-election.claims.json"), join(seeds, "2004-french-regional-elections.claims.json"))
  const options: Options = { seeds, out: join(dir, "out"), reports: join(dir, "reports"), reference: join(SEEDS, "reference"), failOn: null, force: false }
  const failure = await inputError(pipeline(options).pipe(Effect.provide(NodeServices.layer)) as Effect.Effect<unknown, unknown, never>)
  t.regex(failure ?? "", /InputError/)
  t.regex(failure ?? "", /names the article '2004-french-senate-election\.txt'/)
})

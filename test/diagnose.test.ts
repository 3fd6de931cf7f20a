/**
 * Issue 9's "must show" on the seeds: the diagnosis stage turns the rule findings into located
 * faults. In-process (parse → normalise → audit → diagnose), no file system beyond reading the seeds.
 * Lines are found by their text, so the tests name the rows, not their positions.
 */
import { readFileSync } from "node:fs"
import test from "ava"
import { Schema } from "effect"
import { createAuditor } from "../pipeline/audit/audit.ts"
import { type ClaimsFile, decodeClaims } from "../pipeline/audit/claims.ts"
import { parseReference } from "../pipeline/audit/reference.ts"
import { readJsonDiagnosis, renderJson, renderMarkdown } from "../pipeline/audit/report.ts"
import { createDiagnoser, type DiagnoseOutput } from "../pipeline/diagnose/diagnose.ts"
import { Diagnosis, type Fault, type FaultCell, Faults, faultRows } from "../pipeline/diagnose/fault.ts"
import { parseArticle } from "../pipeline/extract/parse.ts"
import { createNormaliser } from "../pipeline/normalise/normalise.ts"
import { parsePartyDictionary } from "../pipeline/normalise/parties.ts"

const CANTONAL = "2004-french-cantonal-elections"
const REGIONAL = "2004-french-regional-elections"
const SENATE = "2004-french-senate-election"
const read = (name: string) => readFileSync(new URL(`../seeds/${name}`, import.meta.url), "utf8")
const { dictionary } = parsePartyDictionary(read("reference/parties.csv"), "parties.csv")
const reference = parseReference(
  { file: "regional-councils.csv", text: read("reference/regional-councils.csv") },
  { file: "electoral-law.csv", text: read("reference/electoral-law.csv") }
)

/** The whole in-memory run on the seeds (optionally with one article's text replaced). */
const run = (texts: Partial<Record<string, string>> = {}) => {
  const normaliser = createNormaliser(dictionary)
  const auditor = createAuditor()
  const diagnoser = createDiagnoser(reference)
  const documents = []
  const parts = []
  for (const name of [CANTONAL, REGIONAL, SENATE]) {
    const file = `${name}.txt`
    const document = parseArticle(file, texts[name] ?? read(file))
    const claims = decodeClaims(read(`${name}.claims.json`), `${name}.claims.json`) as ClaimsFile
    const part = normaliser.add(document)
    auditor.add({ dataset: part, documents: [document], reference, claims: [claims] })
    parts.push(part)
    documents.push(document)
  }
  const audit = auditor.finish()
  for (const part of parts) diagnoser.add(part, audit.anomalies.filter((a) => a.file === part.elections[0]?.source_file))
  const diagnosis: DiagnoseOutput = diagnoser.finish(audit.anomalies)
  return { audit: { ...audit, anomalies: diagnosis.anomalies }, diagnosis, documents }
}

/** The 1-based line of the only line of a seed matching `pattern`. */
const lineOf = (name: string, pattern: RegExp): number => {
  const hits = read(`${name}.txt`).split("\n").flatMap((l, i) => (pattern.test(l) ? [i + 1] : []))
  if (hits.length !== 1) throw new Error(`${name}: ${hits.length} lines match ${pattern}`)
  return hits[0]!
}
/** The n-th line (1-based) at or after `from` matching `pattern`. */
const lineAfter = (name: string, from: number, pattern: RegExp): number => {
  const lines = read(`${name}.txt`).split("\n")
  for (let i = from - 1; i < lines.length; i++) if (pattern.test(lines[i]!)) return i + 1
  throw new Error(`${name}: nothing matches ${pattern} after line ${from}`)
}

const seeds = run()
const { faults } = seeds.diagnosis
const allCells = (f: Fault): Array<FaultCell> => [...f.cells, ...f.alternatives.flat()]
const show = (f: Fault | undefined) => JSON.stringify(f, null, 1)

test("Burgundy round 1: one error fault on Sauvadet's votes and the round's Total (86,674 and 667,732); no error fault on Patriat's percentage", (t) => {
  const sauvadet = lineOf(REGIONAL, /François Sauvadet \|/)
  const patriat = lineOf(REGIONAL, /François Patriat/)
  const total = lineAfter(REGIONAL, sauvadet, /\| Total \|/)
  t.is(sauvadet, 179)
  t.is(total, 184)
  const fault = faults.find((f) => f.cells.some((c) => c.line === sauvadet && c.field === "votes"))
  t.truthy(fault, "no fault on Sauvadet's votes")
  t.is(fault!.severity, "error")
  t.deepEqual(fault!.alternatives, [], show(fault))
  t.deepEqual(
    fault!.cells.map((c) => [c.line, c.field, c.round, c.stated, c.suggestion]),
    [[sauvadet, "votes", 1, 88674, 86674], [total, "total_votes", 1, 669732, 667732]]
  )
  t.is(faults.filter((f) => f.severity === "error" && allCells(f).some((c) => c.line === patriat && c.field === "percent")).length, 0)
  // Every percentage finding of the round is that fault's evidence.
  const percentFindings = seeds.audit.anomalies.filter((a) => a.rule === "percent-recompute" && a.area === "Burgundy" && a.round === 1 && a.severity !== "info")
  t.true(percentFindings.length >= 7)
  for (const a of percentFindings) t.true(fault!.anomalies.includes(a.id), a.id)
})

test("Languedoc-Roussillon round 2: Blanc's votes → 374,052, explained by the vote sum and the stated 33.10 %, with the three findings as evidence", (t) => {
  const blanc = lineOf(REGIONAL, /Jacques Blanc/)
  t.is(blanc, 360)
  const fault = faults.find((f) => f.cells.some((c) => c.line === blanc && c.field === "votes" && c.round === 2))
  t.truthy(fault, "no fault on Blanc's round-2 votes")
  const cell = fault!.cells.find((c) => c.line === blanc && c.field === "votes")!
  t.is(cell.suggestion, 374052)
  t.is(cell.row_id.length > 0, true)
  t.deepEqual(fault!.alternatives, [])
  t.regex(fault!.explanation, /round 2's votes sum to its stated total/)
  t.regex(fault!.explanation, /33\.10 %/)
  const evidence = seeds.audit.anomalies.filter((a) => fault!.anomalies.includes(a.id))
  for (const rule of ["repeated-figure", "percent-recompute", "vote-sum"]) {
    t.true(evidence.some((a) => a.rule === rule && a.severity === "error"), `${rule} missing from ${fault!.anomalies.join(", ")}`)
  }
  // The findings carry the fault's suggestion (filled from the fault, not computed by the rules).
  for (const a of evidence.filter((a) => a.severity === "error")) t.is(a.suggestion?.value, 374052, a.id)
})

test("Auvergne round 1: the two rows stating 20,498 / 3.45 % are alternatives, each with 13,287 votes; no single row chosen", (t) => {
  const auvray = lineOf(REGIONAL, /Hugues Auvray/)
  const constancias = lineOf(REGIONAL, /Hubert Constancias/)
  t.deepEqual([auvray, constancias], [112, 113])
  const fault = faults.find((f) => allCells(f).some((c) => c.line === auvray && c.field === "votes"))
  t.truthy(fault)
  const options = [fault!.cells, ...fault!.alternatives]
  t.is(options.length, 2, show(fault))
  const votesOf = (cells: ReadonlyArray<FaultCell>) => cells.find((c) => c.field === "votes")!
  t.deepEqual(options.map((o) => votesOf(o).line).sort(), [auvray, constancias])
  for (const o of options) t.is(votesOf(o).suggestion, 13287)
})

test("Picardy round 1: Gewerc's 27.24 % → 27.42 %, transposed digits", (t) => {
  const gewerc = lineOf(REGIONAL, /Claude Gewerc/)
  const fault = faults.find((f) => f.cells.some((c) => c.line === gewerc && c.field === "percent" && c.round === 1))
  t.truthy(fault)
  t.deepEqual(fault!.cells.map((c) => [c.field, c.stated, c.suggestion]), [["percent", 27.24, 27.42]])
  t.is(fault!.pattern, "transposed digits")
  t.deepEqual(fault!.alternatives, [])
})

test("Senate: one fault on the Total change (+5 → +10) explaining both change findings", (t) => {
  const changeFindings = seeds.audit.anomalies.filter((a) => a.file === `${SENATE}.txt` && a.rule === "change")
  t.is(changeFindings.length, 2)
  const total = changeFindings[0]!.line
  const fault = faults.find((f) => f.file === `${SENATE}.txt` && f.cells.some((c) => c.line === total && c.field === "change"))
  t.truthy(fault)
  t.deepEqual(fault!.cells.map((c) => [c.label, c.field, c.stated, c.suggestion]), [["Total", "change", 5, 10]])
  t.deepEqual(fault!.alternatives, [])
  for (const a of changeFindings) t.true(fault!.anomalies.includes(a.id), a.id)
})

test("every error and warning finding is explained by a fault or listed as unexplained with a reason", (t) => {
  const explained = new Set(faults.flatMap((f) => f.anomalies))
  const unexplained = new Map(seeds.diagnosis.unexplained.map((u) => [u.anomaly, u.reason]))
  for (const a of seeds.audit.anomalies) {
    if (a.severity === "info") continue
    t.true(explained.has(a.id) !== unexplained.has(a.id), `${a.id}: explained ${explained.has(a.id)}, unexplained ${unexplained.has(a.id)}`)
    if (unexplained.has(a.id)) t.true(unexplained.get(a.id)!.length > 20, a.id)
  }
  // More findings are explained than not, and fewer faults than the findings they explain.
  t.true(explained.size > unexplained.size)
  t.true(faults.filter((f) => f.severity === "error").length < seeds.audit.anomalies.filter((a) => a.severity === "error").length)
})

test("two runs give byte-identical faults; the JSON report reads back", (t) => {
  const again = run()
  const a = renderJson(seeds.audit, seeds.diagnosis)
  const b = renderJson(again.audit, again.diagnosis)
  t.is(a, b)
  t.deepEqual(readJsonDiagnosis(a), JSON.parse(JSON.stringify({ faults: seeds.diagnosis.faults, unexplained: seeds.diagnosis.unexplained })))
  // The faults decode with their Schema, and their flat rows with the faults table's.
  t.notThrows(() => Schema.decodeUnknownSync(Diagnosis)(readJsonDiagnosis(a)))
  const rows = faultRows(seeds.diagnosis.faults)
  t.is(rows.length, seeds.diagnosis.faults.reduce((n, f) => n + f.cells.length + f.alternatives.flat().length, 0))
  for (const row of rows) t.notThrows(() => Schema.decodeUnknownSync(Faults.schema)(row))
  t.is(renderMarkdown(seeds.audit, seeds.documents, seeds.diagnosis), renderMarkdown(again.audit, again.documents, again.diagnosis))
})

test("a paragraph inserted above a table leaves fault ids unchanged", (t) => {
  const lines = read(`${REGIONAL}.txt`).split("\n")
  const firstTable = lines.findIndex((l) => l.startsWith("|"))
  const edited = [...lines.slice(0, firstTable - 1), "", "An inserted paragraph about 12,345 voters.", "", ...lines.slice(firstTable - 1)].join("\n")
  const moved = run({ [REGIONAL]: edited })
  const ids = (d: DiagnoseOutput) => d.faults.map((f) => f.id).sort()
  t.deepEqual(ids(moved.diagnosis), ids(seeds.diagnosis))
  const lineOfId = new Map(seeds.diagnosis.faults.map((f) => [f.id, f.line]))
  for (const f of moved.diagnosis.faults) if (f.file === `${REGIONAL}.txt`) t.is(f.line, lineOfId.get(f.id)! + 3, f.id)
})

test("the report leads with faults: error faults, then warning faults, then their evidence, then unexplained findings", (t) => {
  const md = renderMarkdown(seeds.audit, seeds.documents, seeds.diagnosis)
  const at = (heading: string) => md.indexOf(`\n## ${heading}\n`)
  t.true(at("Error faults") > 0)
  t.true(at("Error faults") < at("Warning faults"))
  t.true(at("Warning faults") < at("Faults and their evidence"))
  t.true(at("Faults and their evidence") < at("Findings no fault explains"))
  t.true(at("Findings no fault explains") < at("Summary"))
  t.true(at("Summary") < at("Info findings"))
  t.regex(md, /not a claim about the official result/)
})

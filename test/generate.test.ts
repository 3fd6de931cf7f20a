/**
 * The corpus generator (bench/generate.ts): deterministic, readable by the pipeline with no
 * finding, consistent (a clean article makes the audit raise no error), and its injected faults
 * are found on the lines where they were injected.
 */
import { readFileSync } from "node:fs"
import { join } from "node:path"
import test from "ava"
import { COUNCILS, generateArticle, generateCorpus } from "../bench/generate.ts"
import { runAudit } from "../pipeline/audit/audit.ts"
import { parseReference } from "../pipeline/audit/reference.ts"
import { parseArticle } from "../pipeline/extract/parse.ts"
import { normalise } from "../pipeline/normalise/normalise.ts"
import { parsePartyDictionary } from "../pipeline/normalise/parties.ts"
import { describeAnomalies, REFERENCE, runPipeline, tempDir } from "./helpers/mutate.ts"
import { mkdirSync, writeFileSync } from "node:fs"

const read = (name: string) => readFileSync(join(REFERENCE, name), "utf8")
const { dictionary } = parsePartyDictionary(read("parties.csv"), "parties.csv")
const reference = parseReference(
  { file: "regional-councils.csv", text: read("regional-councils.csv") },
  { file: "electoral-law.csv", text: read("electoral-law.csv") }
)

const run = (name: string, text: string) => {
  const document = parseArticle(name, text)
  const dataset = normalise([document], dictionary)
  const audit = runAudit({ dataset, documents: [document], reference })
  return { document, dataset, audit }
}

test("same (n, seed) gives the same bytes; another seed gives other articles", (t) => {
  const a = generateCorpus(3, 42)
  const b = generateCorpus(3, 42)
  t.deepEqual(a, b)
  t.deepEqual(a.map((x) => x.name), ["synthetic-regional-42-0001.txt", "synthetic-regional-42-0002.txt", "synthetic-regional-42-0003.txt"])
  const c = generateCorpus(3, 43)
  t.notDeepEqual(a.map((x) => x.text), c.map((x) => x.text))
  // The article at index i does not depend on n.
  t.is(generateCorpus(1, 42)[0]!.text, a[0]!.text)
  t.is(new Set(a.map((x) => x.text)).size, 3)
})

test("articles are about 20–30 KB", (t) => {
  const sizes = generateCorpus(10, 1).map((a) => Buffer.byteLength(a.text))
  for (const s of sizes) t.true(s > 15_000 && s < 35_000, `${s} bytes`)
})

test("the generator's council sizes are the reference's", (t) => {
  const ref = new Map(reference.councils.map((c) => [c.region, c.seats]))
  t.is(COUNCILS.length, reference.councils.length)
  for (const c of COUNCILS) t.is(ref.get(c.region), c.seats, c.region)
})

test("a generated article parses and normalises with no finding and no unclassified table", (t) => {
  for (let i = 0; i < 3; i++) {
    const { name, text } = generateArticle(11, i, { faults: 0 })
    const { document, dataset } = run(name, text)
    t.deepEqual(document.issues, [], name)
    t.deepEqual(dataset.findings.filter((f) => f.code === "CELL_UNREADABLE"), [], name)
    t.deepEqual(dataset.tables.filter((x) => x.kind === "unclassified"), [], name)
    t.deepEqual(dataset.findings.map((f) => `${f.code} ${f.line}`), [], name)
    t.is(dataset.tables.length, 1 + 2 * COUNCILS.length)
    t.is(dataset.elections[0]!.kind, "regional")
  }
})

test("without faults the audit finds no error (and no warning): the figures are consistent", (t) => {
  for (let i = 0; i < 8; i++) {
    const { name, text, faults } = generateArticle(2004, i, { faults: 0 })
    t.deepEqual(faults, [])
    const { audit } = run(name, text)
    const errors = audit.anomalies.filter((a) => a.severity === "error")
    t.deepEqual(errors, [], `${name}:\n${describeAnomalies(errors)}`)
    const warnings = audit.anomalies.filter((a) => a.severity === "warning")
    t.deepEqual(warnings, [], `${name}:\n${describeAnomalies(warnings)}`)
    // The law checks ran, they were not skipped.
    const passed = (rule: string) => audit.checks.find((c) => c.rule === rule)?.items.filter((x) => x.status === "passed").length ?? 0
    t.is(passed("seat-reconstruction"), COUNCILS.length, name)
    t.true(passed("round-two-qualification") > COUNCILS.length * 3, name)
    t.true(passed("reconciliation") > 0, name)
  }
})

test("with faults, the audit raises an error on every injected line", (t) => {
  const kinds = new Set<string>()
  for (let i = 0; i < 12; i++) {
    const { name, text, faults } = generateArticle(7, i)
    t.is(faults.length, 3, name)
    const { audit } = run(name, text)
    for (const f of faults) {
      kinds.add(f.kind)
      t.not(f.before, f.after)
      t.is(text.split("\n")[f.line - 1], f.after)
      const hits = audit.anomalies.filter((a) => a.severity === "error" && (a.line === f.line || a.lines.includes(f.line)))
      t.true(hits.length > 0, `${name}:${f.line} ${f.kind}: ${f.before} → ${f.after}\n${describeAnomalies(audit.anomalies.filter((a) => a.area === f.region))}`)
    }
  }
  t.deepEqual([...kinds].sort(), ["change-sign", "copied-figure", "seat-too-many", "transposed-percent", "wrong-total"])
})

test("the whole pipeline runs on a generated corpus (in-process, files written)", async (t) => {
  const { dir, cleanup } = tempDir("recount-generate-")
  try {
    const seeds = join(dir, "seeds")
    mkdirSync(seeds)
    for (const a of generateCorpus(2, 5, { faults: 0 })) writeFileSync(join(seeds, a.name), a.text)
    const result = await runPipeline(seeds, dir)
    t.is(result.exitCode, 0)
    t.deepEqual(result.report.anomalies.filter((a) => a.severity === "error"), [])
  } finally {
    cleanup()
  }
})

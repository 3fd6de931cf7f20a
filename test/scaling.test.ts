/**
 * The work of normalise + audit + report grows linearly with the number of articles. Not a timing
 * test: it counts the array elements visited by the built-in iteration methods (filter, map, find,
 * some, every, reduce, forEach, flatMap, findIndex, includes, indexOf) and the numbers formatted for
 * messages, on a corpus of k copies of the seeds versus 10k copies. A rule that re-filters the
 * whole dataset inside a loop over its parts makes the ratio ~100 instead of ~10.
 */
import { readFileSync } from "node:fs"
import test from "ava"
import { createAuditor } from "../pipeline/audit/audit.ts"
import { type ClaimsFile, decodeClaims } from "../pipeline/audit/claims.ts"
import { renderJson, renderMarkdown } from "../pipeline/audit/report.ts"
import { createDiagnoser } from "../pipeline/diagnose/diagnose.ts"
import { parseArticle } from "../pipeline/extract/parse.ts"
import { createNormaliser } from "../pipeline/normalise/normalise.ts"
import { parsePartyDictionary } from "../pipeline/normalise/parties.ts"
import { parseReference } from "../pipeline/audit/reference.ts"
import type { Document } from "../pipeline/extract/document.ts"

const SEEDS = ["2004-french-cantonal-elections", "2004-french-regional-elections", "2004-french-senate-election"]
const read = (name: string) => readFileSync(new URL(`../seeds/${name}`, import.meta.url), "utf8")

const articles = SEEDS.map((name) => ({ name, text: read(`${name}.txt`), claims: read(`${name}.claims.json`) }))
const { dictionary } = parsePartyDictionary(read("reference/parties.csv"), "parties.csv")
const reference = parseReference(
  { file: "regional-councils.csv", text: read("reference/regional-councils.csv") },
  { file: "electoral-law.csv", text: read("reference/electoral-law.csv") }
)

/** Runs the in-memory stages on `copies` copies of each seed (distinct file names, claims renamed to match). */
const runCorpus = (copies: number) => {
  const normaliser = createNormaliser(dictionary)
  const auditor = createAuditor()
  const diagnoser = createDiagnoser(reference)
  const documents: Array<Document> = []
  for (let copy = 0; copy < copies; copy++) {
    for (const article of articles) {
      const file = `${article.name}-${String(copy).padStart(4, "0")}.txt`
      const claims = decodeClaims(article.claims.replace(`"${article.name}.txt"`, JSON.stringify(file)), file.replace(/\.txt$/, ".claims.json"))
      if ("problem" in claims) throw new Error(claims.problem)
      const document = parseArticle(file, article.text)
      const part = normaliser.add(document)
      const found = auditor.add({ dataset: part, documents: [document], reference, claims: [claims as ClaimsFile] })
      diagnoser.add(part, found)
      documents.push(document)
    }
  }
  const findings = auditor.finish()
  const diagnosis = diagnoser.finish(findings.anomalies)
  const report = { ...findings, anomalies: diagnosis.anomalies }
  return { report, diagnosis, markdown: renderMarkdown(report, documents, diagnosis), json: renderJson(report, diagnosis) }
}

const METHODS = ["filter", "map", "find", "some", "every", "reduce", "forEach", "flatMap", "findIndex", "includes", "indexOf"] as const

/** Elements visited by Array.prototype iteration methods, and numbers formatted, while `f` runs. */
const countWork = <A>(f: () => A): { result: A; visited: number; formatted: number } => {
  const proto = Array.prototype as unknown as Record<string, (...args: Array<unknown>) => unknown>
  const originals = METHODS.map((m) => [m, proto[m]!] as const)
  const toLocale = Number.prototype.toLocaleString
  let visited = 0
  let formatted = 0
  for (const [name, original] of originals) {
    proto[name] = function(this: ArrayLike<unknown>, ...args: Array<unknown>) {
      visited += this.length
      return original.apply(this, args)
    }
  }
  Number.prototype.toLocaleString = function(this: number, ...args: Array<any>) {
    formatted++
    return toLocale.apply(this, args as [])
  }
  try {
    return { result: f(), visited, formatted }
  } finally {
    for (const [name, original] of originals) proto[name] = original
    Number.prototype.toLocaleString = toLocale
  }
}

test("normalise + audit + diagnose + report: 10× the articles costs at most ~10× the work (elements visited, numbers formatted)", (t) => {
  const small = countWork(() => runCorpus(2))
  const large = countWork(() => runCorpus(20))
  t.is(large.result.report.anomalies.length, 10 * small.result.report.anomalies.length, "same findings per copy")
  t.is(large.result.diagnosis.faults.length, 10 * small.result.diagnosis.faults.length, "same faults per copy")
  const ratio = large.visited / small.visited
  t.log(`elements visited: ${small.visited} (6 articles) → ${large.visited} (60 articles), ×${ratio.toFixed(2)}`)
  t.true(ratio < 12, `work grows faster than the input: ×${ratio.toFixed(1)} for 10× the articles`)
  t.true(large.formatted <= 12 * Math.max(1, small.formatted), `numbers formatted: ${small.formatted} → ${large.formatted}`)
  const bytes = (r: { markdown: string; json: string }) => r.markdown.length + r.json.length
  const reportRatio = bytes(large.result) / bytes(small.result)
  t.log(`report characters: ${bytes(small.result)} → ${bytes(large.result)}, ×${reportRatio.toFixed(2)}`)
  t.true(reportRatio < 12, `report size grows faster than the findings: ×${reportRatio.toFixed(1)}`)
})

test("the work counter sees a quadratic path (the test can fail)", (t) => {
  const quadratic = (n: number) => {
    const items = Array.from({ length: n }, (_, i) => i)
    return items.map((i) => items.filter((j) => j === i).length)
  }
  const small = countWork(() => quadratic(100))
  const large = countWork(() => quadratic(1000))
  t.true(large.visited / small.visited > 50)
})

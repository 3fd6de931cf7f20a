/**
 * N generated articles (bench/generate.ts) analysed in this process as the run does, up to what
 * the reports are written from: the audit's findings with the diagnosis' anomalies, the diagnosis,
 * the documents, and each article's delivery (its corrections). Shared by the report tests that
 * need a corpus' reports (test/report-pieces.test.ts, test/report-memory.test.ts).
 */
import { readFileSync } from "node:fs"
import { generateCorpus } from "../../bench/generate.ts"
import { createAuditor } from "../../pipeline/audit/audit.ts"
import { parseReference } from "../../pipeline/audit/reference.ts"
import { deliverArticle } from "../../pipeline/deliver/patch.ts"
import { createDiagnoser } from "../../pipeline/diagnose/diagnose.ts"
import type { Document } from "../../pipeline/extract/document.ts"
import { parseArticle } from "../../pipeline/extract/parse.ts"
import { createNormaliser } from "../../pipeline/normalise/normalise.ts"
import { parsePartyDictionary } from "../../pipeline/normalise/parties.ts"

export const analyseCorpus = (n: number, seed = 2004) => {
  const read = (name: string) => readFileSync(new URL(`../../seeds/reference/${name}`, import.meta.url), "utf8")
  const { dictionary } = parsePartyDictionary(read("parties.csv"), "parties.csv")
  const reference = parseReference({ file: "regional-councils.csv", text: read("regional-councils.csv") }, { file: "electoral-law.csv", text: read("electoral-law.csv") })
  const normaliser = createNormaliser(dictionary)
  const auditor = createAuditor()
  const diagnoser = createDiagnoser(reference)
  const documents: Array<Document> = []
  const texts = new Map<string, string>()
  for (const article of generateCorpus(n, seed)) {
    texts.set(article.name, article.text)
    const document = parseArticle(article.name, article.text)
    const part = normaliser.add(document)
    diagnoser.add(part, auditor.add({ dataset: part, documents: [document], reference, claims: [] }))
    documents.push(document)
  }
  const findings = auditor.finish()
  const diagnosis = diagnoser.finish(findings.anomalies)
  const report = { ...findings, anomalies: diagnosis.anomalies }
  const deliveries = [...texts].map(([file, text]) => deliverArticle(file, `corpus/${file}`, text, diagnosis.faults.filter((f) => f.file === file), new Map()))
  return { report, diagnosis, documents, deliveries }
}

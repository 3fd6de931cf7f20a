/**
 * Recount's entry point: the whole flow, top to bottom.
 *
 *   read → extract → normalise → audit → emit (out/) → report (reports/)
 *
 * Node services (file system, path) are provided once, here; every stage below is a pure function
 * or a small Effect program that needs only the services it names, so each is testable alone.
 */
import { NodeRuntime, NodeServices } from "@effect/platform-node"
import { Console, Effect, Path } from "effect"
import { pathToFileURL } from "node:url"
import { createAuditor } from "./audit/audit.ts"
import { anomalyRows, renderJson, renderMarkdown } from "./audit/report.ts"
import { parseReference } from "./audit/reference.ts"
import { parseOptions, type Options, UsageError } from "./cli.ts"
import { Anomalies } from "./audit/anomaly.ts"
import { emitTables, tableData, writeFilesAtomically } from "./emit/emit.ts"
import type { Document } from "./extract/document.ts"
import { parseArticle } from "./extract/parse.ts"
import { InputError, readArticles, readClaimsFiles, readReference } from "./extract/read.ts"
import { type ClaimsFile, decodeClaims } from "./audit/claims.ts"
import { concatDatasets, createNormaliser, type Dataset } from "./normalise/normalise.ts"
import { parsePartyDictionary } from "./normalise/parties.ts"
import * as T from "./normalise/records.ts"

const SEVERITY_RANK = { info: 0, warning: 1, error: 2 } as const

export const pipeline = Effect.fn("pipeline")(function*(options: Options) {
  const path = yield* Path.Path

  // 1. Read: the articles and the reference data, strictly UTF-8. Nothing is written before this succeeds.
  const sources = yield* readArticles(options.seeds)
  const partiesFile = yield* readReference(path.join(options.reference, "parties.csv"))
  const councilsFile = yield* readReference(path.join(options.reference, "regional-councils.csv"))
  const lawFile = yield* readReference(path.join(options.reference, "electoral-law.csv"))
  const { dictionary, problems } = parsePartyDictionary(partiesFile.text, partiesFile.file)
  const reference = parseReference(councilsFile, lawFile)
  const referenceProblems = [
    ...problems.map((p) => `${partiesFile.file}:${p.line}: ${p.message}`),
    ...reference.problems.map((p) => p.message)
  ]
  const claims = (yield* readClaimsFiles(sources)).map((c) => decodeClaims(c.text, c.file))
  for (const c of claims) if ("problem" in c) referenceProblems.push(c.problem)
  if (referenceProblems.length > 0) {
    return yield* new InputError({ path: options.reference, line: null, message: referenceProblems.join("\n") })
  }

  // 2–4. Article by article: extract (a document model whose every node knows its line), normalise
  // (tables recognised by shape, cells read, labels split into parties) and audit (every rule of the
  // catalogue; every rule works within one article). Each article's document keeps only what the
  // report quotes once its slice has been audited.
  const normaliser = createNormaliser(dictionary)
  const auditor = createAuditor()
  const claimsOf = new Map<string, Array<ClaimsFile>>()
  for (const c of claims) {
    if ("problem" in c) continue
    const list = claimsOf.get(c.article)
    if (list) list.push(c)
    else claimsOf.set(c.article, [c])
  }
  const parts: Array<Dataset> = []
  const documents: Array<Document> = []
  for (const source of sources) {
    const document = parseArticle(source.file, source.text)
    const part = normaliser.add(document)
    auditor.add({ dataset: part, documents: [document], reference, claims: claimsOf.get(document.file) ?? [] })
    parts.push(part)
    documents.push({ ...document, blocks: [] })
  }
  const dataset = concatDatasets(parts, dictionary)
  const audit = auditor.finish()

  // 5. Emit: Parquet + CSV + manifest into out/, written to a staging folder and moved into place.
  yield* emitTables(options.out, [
    tableData(T.Elections, dataset.elections),
    tableData(T.Contests, dataset.contests),
    tableData(T.Turnouts, dataset.turnout),
    tableData(T.Results, dataset.results),
    tableData(T.ResultParties, dataset.resultParties),
    tableData(T.Seats, dataset.seats),
    tableData(T.SeatTotals, dataset.seatTotals),
    tableData(T.Tables, dataset.tables),
    tableData(T.Parties, dataset.parties),
    tableData(T.Infoboxes, dataset.infobox),
    tableData(T.Texts, dataset.texts),
    tableData(T.Findings, dataset.findings),
    tableData(Anomalies, anomalyRows(audit))
  ])

  // 6. Report: the anomaly report for people (Markdown) and machines (JSON).
  yield* writeFilesAtomically(options.reports, [
    { name: "anomalies.md", content: renderMarkdown(audit, documents) },
    { name: "anomalies.json", content: renderJson(audit) }
  ], { owns: (name) => name === "anomalies.md" || name === "anomalies.json" })

  const bySeverity = (s: keyof typeof SEVERITY_RANK) => audit.anomalies.filter((a) => a.severity === s).length
  yield* Console.log(
    `recount: ${documents.length} articles, ${dataset.tables.length} tables, ${dataset.results.length} results, ${dataset.seats.length} seat rows → ${options.out}/; ` +
      `${audit.anomalies.length} anomalies (${bySeverity("error")} errors, ${bySeverity("warning")} warnings, ${bySeverity("info")} info) → ${options.reports}/anomalies.md`
  )
  const failing = options.failOn === null
    ? 0
    : audit.anomalies.filter((a) => SEVERITY_RANK[a.severity] >= SEVERITY_RANK[options.failOn!]).length
  if (failing > 0) yield* Console.error(`recount: ${failing} finding(s) at or above '${options.failOn}' (--fail-on)`)
  return failing > 0 ? 1 : 0
})

/** Exit codes: 0 ran; 1 findings at or above --fail-on; 2 usage error; 3 unreadable input; 4 cannot write output. */
const main = Effect.gen(function*() {
  const options = parseOptions(process.argv.slice(2))
  if (options instanceof UsageError) return yield* options
  return yield* pipeline(options)
}).pipe(
  Effect.catchTags({
    UsageError: (e) => Console.error(`recount: ${e.message}`).pipe(Effect.as(2)),
    InputError: (e) => Console.error(`recount: ${e.message}`).pipe(Effect.as(3)),
    EmitError: (e) => Console.error(`recount: cannot write ${e.path}: ${e.message}`).pipe(Effect.as(4))
  }),
  Effect.provide(NodeServices.layer)
)

// Run only when executed (not when a test imports `pipeline`).
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  NodeRuntime.runMain(main, {
    teardown: (exit, onExit) => onExit(exit._tag === "Success" ? Number(exit.value) : 1)
  })
}

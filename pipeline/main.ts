/**
 * Recount's entry point: the whole flow, top to bottom.
 *
 *   read → extract → normalise → audit → diagnose → emit (out/) → report (reports/)
 *
 * Node services (file system, path) are provided once, here; every stage below is a pure function
 * or a small Effect program that needs only the services it names, so each is testable alone.
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as NodeServices from "@effect/platform-node/NodeServices"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Path from "effect/Path"
import { pathToFileURL } from "node:url"
import { createAuditor } from "./audit/audit.ts"
import { anomalyRows, renderJson, renderMarkdown } from "./audit/report.ts"
import { parseReference } from "./audit/reference.ts"
import { cli, type Options } from "./cli.ts"
import { makeProfile } from "./profile.ts"
import { makeProgress } from "./progress.ts"
import { Anomalies } from "./audit/anomaly.ts"
import { encodeTables, tableData } from "./emit/emit.ts"
import { checkTargets, publishOutputs } from "./emit/publish.ts"
import type { Document } from "./extract/document.ts"
import { parseArticle } from "./extract/parse.ts"
import { InputError, readArticles, readClaimsFiles, readReference } from "./extract/read.ts"
import { type ClaimsFile, decodeClaims } from "./audit/claims.ts"
import { concatDatasets, createNormaliser, type Dataset } from "./normalise/normalise.ts"
import { parsePartyDictionary } from "./normalise/parties.ts"
import { diagnose } from "./diagnose/diagnose.ts"
import { faultRows, Faults } from "./diagnose/fault.ts"
import * as T from "./normalise/records.ts"

const SEVERITY_RANK = { info: 0, warning: 1, error: 2 } as const

export const pipeline = Effect.fn("pipeline")(function*(options: Options) {
  const path = yield* Path.Path
  const profile = makeProfile()

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

  // Preflight (pipeline/emit/publish.ts): finish or roll back an interrupted publish, clean its
  // leftovers, and refuse a non-empty --out/--reports without a Recount manifest (unless --force).
  yield* checkTargets(options)

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
  profile.lap("read")
  const parts: Array<Dataset> = []
  const documents: Array<Document> = []
  const progress = makeProgress(options.quiet !== true && process.stderr.isTTY === true)
  for (const source of sources) {
    progress.update(`${documents.length.toLocaleString("en-US")}/${sources.length.toLocaleString("en-US")} articles read, normalised and audited`)
    const document = parseArticle(source.file, source.text)
    profile.lap("extract")
    const part = normaliser.add(document)
    profile.lap("normalise")
    auditor.add({ dataset: part, documents: [document], reference, claims: claimsOf.get(document.file) ?? [] })
    parts.push(part)
    documents.push({ ...document, blocks: [] })
    profile.lap("audit")
  }
  const dataset = concatDatasets(parts, dictionary)
  profile.lap("normalise")
  const findings = auditor.finish()
  profile.lap("audit")
  // Diagnosis (pipeline/diagnose/): the findings become located faults — the fewest cells whose
  // change makes every check of their table hold — each listing the findings it explains.
  const diagnosis = diagnose({ parts, reference, anomalies: findings.anomalies })
  const audit = { ...findings, anomalies: diagnosis.anomalies }
  profile.lap("diagnose")
  progress.update(`writing ${dataset.tables.length.toLocaleString("en-US")} tables' records and the reports`)

  // 5. Emit: every table encoded as Parquet + CSV, with its manifest entries (nothing written yet).
  const tables = yield* encodeTables([
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
    tableData(Anomalies, anomalyRows(audit)),
    tableData(Faults, faultRows(diagnosis.faults))
  ])
  profile.lap("encode")

  // 6. Report: the anomaly report for people (Markdown) and machines (JSON); then out/ and
  // reports/ are published together, each with its manifest, as one transaction.
  const reportFiles = [
    { name: "anomalies.md", content: renderMarkdown(audit, documents, diagnosis) },
    { name: "anomalies.json", content: renderJson(audit, diagnosis) }
  ]
  profile.lap("report")
  yield* publishOutputs(options, tables, reportFiles)
  profile.lap("publish")
  profile.save()

  const bySeverity = (s: keyof typeof SEVERITY_RANK) => audit.anomalies.filter((a) => a.severity === s).length
  const faultsOf = (s: keyof typeof SEVERITY_RANK) => diagnosis.faults.filter((f) => f.severity === s).length
  progress.done()
  yield* Console.log(
    `recount: ${documents.length} articles, ${dataset.tables.length} tables, ${dataset.results.length} results, ${dataset.seats.length} seat rows → ${options.out}/; ` +
      `${diagnosis.faults.length} faults (${faultsOf("error")} errors, ${faultsOf("warning")} warnings, ${faultsOf("info")} info), ` +
      `${audit.anomalies.length} findings (${bySeverity("error")} errors, ${bySeverity("warning")} warnings, ${bySeverity("info")} info) → ${options.reports}/anomalies.md`
  )
  const failing = options.failOn === null
    ? 0
    : audit.anomalies.filter((a) => SEVERITY_RANK[a.severity] >= SEVERITY_RANK[options.failOn!]).length
  if (failing > 0) yield* Console.error(`recount: ${failing} finding(s) at or above '${options.failOn}' (--fail-on)`)
  return failing > 0 ? 1 : 0
})

/**
 * The command: argv → exit code. 0 ran; 1 findings at or above --fail-on; 2 usage error;
 * 3 unreadable input; 4 cannot write output.
 */
export const main = (argv: ReadonlyArray<string>) =>
  cli((options) => pipeline(options).pipe(Effect.catch(reportFailure)))(argv).pipe(Effect.provide(NodeServices.layer))

/** A failed run's one message on stderr, and its exit code (usage 2, input 3, output 4). */
const reportFailure = (e: { readonly _tag: string; readonly message: string; readonly path?: string }) => {
  const code = e._tag === "UsageError" ? 2 : e._tag === "InputError" ? 3 : 4
  const message = e._tag === "EmitError" && e.path !== undefined && !e.message.includes(e.path) ? `cannot write ${e.path}: ${e.message}` : e.message
  return Console.error(`recount: ${message}`).pipe(Effect.as(code))
}

/** Runs the command on this process's arguments and exits with its code. */
export const runCli = () =>
  NodeRuntime.runMain(main(process.argv.slice(2)), {
    teardown: (exit, onExit) => onExit(exit._tag === "Success" ? Number(exit.value) : 1)
  })

// Run only when executed as a script (`tsx pipeline/main.ts`), not when a test imports `pipeline`;
// the bundle's entry is pipeline/bin.ts.
if (import.meta.url.endsWith("/pipeline/main.ts") && process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runCli()
}

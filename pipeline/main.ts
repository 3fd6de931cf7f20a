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
import { anomalyRows, COUNTED_RULES, renderJson, renderMarkdown } from "./audit/report.ts"
import { parseReference } from "./audit/reference.ts"
import { cli, type Options } from "./cli.ts"
import { makeProfile } from "./profile.ts"
import { makeProgress } from "./progress.ts"
import { Anomalies } from "./audit/anomaly.ts"
import { articleTableDefs, articleTables, openEmitter, openStage } from "./emit/emit.ts"
import { checkTargets, publishOutputs } from "./emit/publish.ts"
import { DATAPACKAGE_FILE, renderDataPackage } from "./emit/datapackage.ts"
import { inputsOf } from "./emit/metadata.ts"
import { areaRows, createAreaCollector } from "./emit/areas.ts"
import type { Document } from "./extract/document.ts"
import { parseArticle } from "./extract/parse.ts"
import { InputError, readArticles, readClaimsFiles, readReference } from "./extract/read.ts"
import { type ClaimsFile, decodeClaims } from "./audit/claims.ts"
import { createNormaliser } from "./normalise/normalise.ts"
import { createDiagnoser, type DiagnoseOutput } from "./diagnose/diagnose.ts"
import { faultRows, Faults } from "./diagnose/fault.ts"
import { parsePartyDictionary } from "./normalise/parties.ts"
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

  // 2–5. Article by article: extract (a document model whose every node knows its line), normalise
  // (tables recognised by shape, cells read, labels split into parties), audit (every rule of the
  // catalogue; every rule works within one article) and emit (the article's rows appended to each
  // table's CSV file and Parquet staging, in a working folder inside --out). No table is held whole
  // in memory; each article's document keeps only the lines its findings quote.
  const normaliser = createNormaliser(dictionary)
  // Passed items of the rules whose passes the report only counts are counted, not kept.
  const auditor = createAuditor(undefined, { keepPassed: (rule) => !COUNTED_RULES.has(rule) })
  // Diagnosis (pipeline/diagnose/): each article's findings become located faults — the fewest
  // cells whose change makes every check of their table hold — each listing the findings it explains.
  const diagnoser = createDiagnoser(reference)
  const claimsOf = new Map<string, Array<ClaimsFile>>()
  for (const c of claims) {
    if ("problem" in c) continue
    const list = claimsOf.get(c.article)
    if (list) list.push(c)
    else claimsOf.set(c.article, [c])
  }
  profile.lap("read")
  const inputs = inputsOf(sources)
  const emitter = yield* openEmitter(options.out)
  return yield* Effect.ensuring(
    Effect.gen(function*() {
      const documents: Array<Document> = []
      const counts = { tables: 0, results: 0, seats: 0 }
      let parties: ReadonlyArray<T.Party> = []
      const areas = createAreaCollector()
      const progress = makeProgress(options.quiet !== true && process.stderr.isTTY === true)
      for (const source of sources) {
        progress.update(`${documents.length.toLocaleString("en-US")}/${sources.length.toLocaleString("en-US")} articles read, normalised, audited and written`)
        const document = parseArticle(source.file, source.text)
        profile.lap("extract")
        const part = normaliser.add(document)
        profile.lap("normalise")
        const found = auditor.add({ dataset: part, documents: [document], reference, claims: claimsOf.get(document.file) ?? [] })
        documents.push(quotedLinesOnly(document, found))
        profile.lap("audit")
        diagnoser.add(part, found)
        profile.lap("diagnose")
        for (const { def, rows } of articleTables(part)) yield* emitter.add(def, rows)
        areas.add(part)
        parties = part.parties
        counts.tables += part.tables.length
        counts.results += part.results.length
        counts.seats += part.seats.length
        profile.lap("encode")
      }
      const findings = auditor.finish()
      profile.lap("audit")
      const diagnosis = diagnoser.finish(findings.anomalies)
      const audit = { ...findings, anomalies: diagnosis.anomalies }
      profile.lap("diagnose")
      progress.update(`writing the tables and the reports`)
      yield* emitter.add(T.Parties, parties)
      yield* emitter.add(Anomalies, anomalyRows(audit))
      yield* emitter.add(Faults, faultRows(diagnosis.faults))
      for (const a of audit.anomalies) areas.named(a.area)
      for (const f of diagnosis.faults) areas.named(f.area)
      yield* emitter.add(T.Areas, areaRows(areas.names(), reference.councils))
      const encoded = yield* emitter.finish(TABLES, inputs)
      const tables = { ...encoded, inputs, extra: [{ name: DATAPACKAGE_FILE, content: renderDataPackage(TABLES, encoded.tables) }] }
      profile.lap("encode")

      // 6. Report: the anomaly report for people (Markdown) and machines (JSON); then out/ and
      // reports/ are published together, each with its manifest, as one transaction.
      // Each report is written to a working folder as soon as it is rendered (no copy kept).
      const stage = yield* openStage(options.reports)
      yield* Effect.ensuring(
        Effect.gen(function*() {
          const markdown = yield* stage.write("anomalies.md", renderMarkdown(audit, documents, diagnosis))
          const json = yield* stage.write("anomalies.json", renderJson(audit, diagnosis))
          profile.lap("report")
          yield* publishOutputs(options, tables, [markdown, json], undefined, [emitter.dir, stage.dir])
        }),
        stage.abort()
      )
      profile.lap("publish")
      profile.save()
      progress.done()
      return summarise(options, documents.length, counts, audit, diagnosis)
    }),
    emitter.abort()
  ).pipe(Effect.flatten)
})

/** Every table `out/` holds (each is written, empty or not). */
const TABLES = [...articleTableDefs, T.Parties, T.Areas, Anomalies, Faults]

/** An article's document reduced to what the report quotes: its title and the lines its findings name. */
const quotedLinesOnly = (document: Document, found: ReadonlyArray<{ readonly line: number; readonly lines: ReadonlyArray<number> }>): Document => {
  const lines = new Array<string>(document.lines.length)
  for (const a of found) {
    for (const l of [a.line, ...a.lines]) if (l >= 1 && l <= document.lines.length) lines[l - 1] = document.lines[l - 1]!
  }
  return { ...document, blocks: [], sections: [], lines }
}

/** The summary line on stdout, the --fail-on message, and the exit code. */
const summarise = (
  options: Options,
  articles: number,
  counts: { readonly tables: number; readonly results: number; readonly seats: number },
  audit: ReturnType<ReturnType<typeof createAuditor>["finish"]>,
  diagnosis: DiagnoseOutput
) =>
  Effect.gen(function*() {
    const bySeverity = (s: keyof typeof SEVERITY_RANK) => audit.anomalies.filter((a) => a.severity === s).length
    const faultsOf = (s: keyof typeof SEVERITY_RANK) => diagnosis.faults.filter((f) => f.severity === s).length
    yield* Console.log(
      `recount: ${articles} articles, ${counts.tables} tables, ${counts.results} results, ${counts.seats} seat rows → ${options.out}/; ` +
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

/**
 * Recount's entry point: the whole flow, top to bottom.
 *
 *   read → extract → normalise → audit → diagnose → emit (out/) → report (reports/)
 *
 * Node services (file system, path) are provided once, here; every stage below is a pure function
 * or a small Effect program that needs only the services it names, so each is testable alone.
 */
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as FileSystem from "effect/FileSystem"
import * as Path from "effect/Path"
import * as nodeFs from "node:fs"
import { pathToFileURL } from "node:url"
import { createAuditor } from "./audit/audit.ts"
import { anomalyRows, jsonPieces, markdownPieces } from "./audit/report.ts"
import { parseReference } from "./audit/reference.ts"
import { cli, type FixOptions, type Options, UsageError, VERSION } from "./cli.ts"
import { rules } from "./audit/rules/index.ts"
import { baselineJson, baselineMarkdown, type BaselineComparison, baselineView, compareBaseline, newAtOrAbove, parseBaseline, withBaselineSummary } from "./deliver/baseline.ts"
import { patchPieces, renderPatch } from "./deliver/patch.ts"
import { sarifPieces } from "./deliver/sarif.ts"
import { EmitError } from "./emit/errors.ts"
import { ARTICLES_PER_COLLECTION, releaseGarbage, releaseGarbageOver } from "./memory.ts"
import { benchStop, makeProfile } from "./profile.ts"
import { forShortRun, isShortRun } from "./short-run.ts"
import { htmlPieces } from "./report/html.ts"
import { streamedView } from "./report/view.ts"
import { makeProgress } from "./progress.ts"
import { Anomalies } from "./audit/anomaly.ts"
import { articleTableDefs, articleTables, type Emitter, openEmitter, openStage } from "./emit/emit.ts"
import { checkTargets, publishOutputs } from "./emit/publish.ts"
import { DATAPACKAGE_FILE, renderDataPackage } from "./emit/datapackage.ts"
import { inputsOf } from "./emit/metadata.ts"
import { areaRows } from "./emit/areas.ts"
import { InputError, readArticles, readClaimsFiles, readReference } from "./extract/read.ts"
import { decodeClaims } from "./audit/claims.ts"
import { partiesOf } from "./normalise/normalise.ts"
import type { DiagnoseOutput } from "./diagnose/diagnose.ts"
import { faultRows, Faults } from "./diagnose/fault.ts"
import { parsePartyDictionary } from "./normalise/parties.ts"
import * as T from "./normalise/records.ts"
import type { TableDef } from "./normalise/columns.ts"
import { claimsByArticle, createArticleAnalyser, createAuditOnlyAnalyser, createCorpus, type Env } from "./parallel/analyse.ts"
import { addScopes, fresh, type IdScopes, newScopes } from "./parallel/ids.ts"
import type { Reply } from "./parallel/protocol.ts"
import { workersFor, workerScript } from "./parallel/plan.ts"
import { MAX_BATCH, openPool } from "./parallel/pool.ts"
import * as Schema from "effect/Schema"
import { performance } from "node:perf_hooks"
import { startupSnapshot } from "node:v8"
import { enUS } from "./audit/format.ts"
import { byteSink, csvBytes, csvParts, encodeForInterpreter } from "./emit/csv.ts"
import { withCorrections } from "./deliver/corrected.ts"
import { tableParts } from "./emit/parquet.ts"
import { commandServices } from "./terminal.ts"

const SEVERITY_RANK = { info: 0, warning: 1, error: 2 } as const

/**
 * Stage 1 (read) and the article-by-article analysis both commands share: the articles and the
 * reference data read strictly as UTF-8 (nothing is written before this succeeds), and a function
 * that takes one article through extract → normalise → audit → diagnose → deliver.
 */
const prepare = Effect.fn("prepare")(function*(options: { readonly seeds: string; readonly reference: string }) {
  const path = yield* Path.Path
  const fs = yield* FileSystem.FileSystem
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
  const claimTexts = yield* readClaimsFiles(sources)
  const claims = claimTexts.map((c) => decodeClaims(c.text, c.file))
  for (const c of claims) if ("problem" in c) referenceProblems.push(c.problem)
  if (referenceProblems.length > 0) {
    return yield* new InputError({ path: options.reference, line: null, message: referenceProblems.join("\n") })
  }
  const claimsOf = claimsByArticle(claims)
  // The patch's and the SARIF log's paths start with the name of the folder holding the articles
  // (`seeds/…`), so that they apply from that folder's parent (the repository root for seeds/).
  const isFolder = yield* fs.stat(options.seeds).pipe(Effect.map((i) => i.type === "Directory"), Effect.orElseSucceed(() => true))
  const seedsName = path.basename(isFolder ? path.resolve(options.seeds) : path.dirname(path.resolve(options.seeds)))
  // (A worker thread is given this Env itself, cloned: pipeline/parallel/protocol.ts.)
  const env: Env = { dictionary, reference, claimsOf, seedsName }
  return { sources, dictionary, reference, claimsOf, seedsName, env }
})

export const pipeline = Effect.fn("pipeline")(function*(options: Options) {
  const profile = makeProfile()
  const bench = benchStop()
  if ("invalid" in bench) return yield* new UsageError({ message: `RECOUNT_BENCH_STOP must be "audit" or unset (got ${JSON.stringify(bench.invalid)})` })
  const inputs = yield* prepare(options)
  const { sources } = inputs
  if (bench.stop === "audit") return yield* stopAfterAudit(inputs, options, profile)
  // A baseline is read before anything is written: a bad one stops the run (exit 3).
  const baseline = options.baseline ? yield* readBaseline(options.baseline) : null

  // Preflight (pipeline/emit/publish.ts): finish or roll back an interrupted publish, clean its
  // leftovers, and refuse a non-empty --out/--reports without a Recount manifest (unless --force).
  yield* checkTargets(options)

  // 2–5. Article by article (pipeline/parallel/analyse.ts: extract → normalise → audit → diagnose →
  // deliver), on the main thread or in worker threads (--jobs), the articles' parts merged in
  // article order; then emit: the article's rows appended to each table's CSV file and Parquet
  // staging, in a working folder inside --out, with the corrected columns its applied faults fill.
  // No table is held whole in memory; each article's document keeps only the lines its findings quote.
  const total = sources.length
  const bytes = sources.reduce((n, s) => n + s.text.length, 0)
  const workers = workersFor(options.jobs, total, bytes)
  // A short run on this thread alone goes without V8's optimising compiler (short-run.ts), and its
  // CSVs are encoded by the writer the interpreter runs faster (csv.ts `encodeForInterpreter`).
  if (forShortRun(workers, bytes)) {
    profile.note("turbofanOff", 1)
    encodeForInterpreter(true)
  }
  profile.lap("read")
  const inputDigests = inputsOf(sources)
  const emitter = yield* openEmitter(options.out)
  return yield* Effect.ensuring(
    Effect.gen(function*() {
      const corpus = createCorpus(inputs.env)
      const { areas, counts, documents } = corpus
      const progress = makeProgress(options.quiet !== true && process.stderr.isTTY === true)
      const take: Take = {
        here: (scopes) => {
          const analyse = createArticleAnalyser(inputs.env, scopes)
          return (source) =>
            Effect.gen(function*() {
              const analysed = yield* Effect.try({ try: () => analyse(source, profile.lap), catch: analysisFailure(source.file) })
              corpus.absorb(analysed.part)
              for (const { def, rows } of articleTables(analysed.dataset, analysed.corrections)) yield* emitter.add(def, rows)
            })
        },
        reply: (reply) =>
          Effect.gen(function*() {
            corpus.absorb(reply.part!)
            profile.lap("merge")
            for (const t of reply.tables) yield* emitter.addEncoded(ARTICLE_DEFS.get(t.name)!, t.bytes, t.rows)
          }),
        chartsWanted: corpus.chartsWanted
      }
      yield* analyseAll(inputs, workers, take, profile, progress, false)
      // The articles' tables are complete: their Parquet files' last row groups and footers are
      // written, and their files synced in the thread pool while the run's last tables are made (the
      // diagnosis' end, anomalies, faults, areas).
      yield* emitter.close(articleTableDefs, inputDigests)
      yield* turn
      profile.lap("encode")
      const { audit, diagnosis, deliveries, charts } = corpus.finish()
      yield* turn
      releaseGarbage(total)
      profile.lap("diagnose")
      const parties = total === 0 ? [] : partiesOf(inputs.dictionary)
      const comparison = baseline === null ? null : compareBaseline(baseline, diagnosis.faults, diagnosis.unexplained, audit.anomalies, audit.checks.map((c) => c.rule))
      progress.update(`writing the tables and the reports`)
      yield* emitter.add(T.Parties, parties)
      // A slice at a time (ROWS_AT_ONCE): a table's pending bytes hold one call's rows, and the
      // buffer they grew to stayed with the table (anomalies.csv and faults.csv are ~35 and ~23 MB at
      // 3,000 articles: ~96 MB of buffers held through the reports). Same bytes (rows are numbered on).
      yield* addInSlices(emitter, Anomalies, audit.anomalies, (anomalies) => anomalyRows({ anomalies, checks: [] }))
      yield* addInSlices(emitter, Faults, diagnosis.faults, faultRows)
      for (const a of audit.anomalies) areas.named(a.area)
      for (const f of diagnosis.faults) areas.named(f.area)
      yield* emitter.add(T.Areas, areaRows(areas.names(), inputs.reference.councils))
      // The tables are complete (CSV and Parquet); their files are synced in the thread pool while
      // the reports are rendered on this thread.
      yield* emitter.close(TABLES, inputDigests)
      yield* turn
      profile.lap("encode")

      // 6. Report: the anomaly report for people (Markdown, and index.html) and machines (JSON), the corrections
      // patch and the SARIF log; then out/ and reports/ are published together, each with its
      // manifest, as one transaction. Each report is written to a working folder as soon as it is
      // rendered (no copy kept).
      const stage = yield* openStage(options.reports)
      // Between the reports, the garbage of the last one is collected once it exceeds REPORT_SLACK
      // (memory.ts): the stage's peak stays near what the run keeps (issue 8, ninth pass). Then a
      // turn of the event loop: the thread pool's finished syncs are taken up.
      const collected = Effect.sync(() => releaseGarbageOver(total, REPORT_SLACK)).pipe(Effect.andThen(turn))
      yield* Effect.ensuring(
        Effect.gen(function*() {
          yield* collected
          // Each report is written as the pieces its renderer produces (never one whole string);
          // with a baseline, the Markdown is joined once to place the summary after its first paragraph.
          const rendered = markdownPieces(audit, documents, diagnosis)
          const markdown = yield* stage.write("anomalies.md", comparison === null ? rendered : withBaseline([withBaselineSummary([...rendered].join(""), comparison)], baselineMarkdown(comparison)))
          yield* collected
          const json = yield* stage.write("anomalies.json", jsonPieces(audit, diagnosis, comparison === null ? {} : { baseline: baselineJson(comparison) }))
          yield* collected
          const html = yield* stage.write("index.html", htmlPieces(streamedView({ report: audit, documents, diagnosis, ...charts, ...(comparison === null ? {} : { baseline: baselineView(baseline!, comparison) }) })))
          yield* collected
          const patch = yield* stage.write("corrections.patch", patchPieces(deliveries, inputs.seedsName))
          yield* collected
          const sarif = yield* stage.write("anomalies.sarif", sarifPieces(deliveries, inputs.seedsName, rules, audit.anomalies, VERSION))
          releaseGarbage(total)
          profile.lap("report")
          const encoded = yield* emitter.finish(TABLES, inputDigests)
          const tables = { ...encoded, inputs: inputDigests, extra: [{ name: DATAPACKAGE_FILE, content: renderDataPackage(TABLES, encoded.tables) }] }
          // The wait for the tables' files (their syncs, in the thread pool) beyond the reports' rendering.
          profile.lap("parquet-wait")
          profile.within("parquet", emitter.parquetMs())
          yield* publishOutputs(options, tables, [markdown, json, html, patch, sarif], undefined, [emitter.dir, stage.dir])
        }),
        stage.abort()
      )
      profile.lap("publish")
      profile.save()
      progress.done()
      return summarise(options, documents.length, counts, audit, diagnosis, comparison)
    }),
    emitter.abort()
  ).pipe(Effect.flatten)
})

/**
 * `recount fix`: the corrections patch alone, on stdout or in `--patch FILE`; nothing is published
 * (out/ and reports/ are not touched). A file is written through a temporary file and a rename, and
 * an existing file is replaced only with --force (Recount never overwrites a file it did not write
 * unless told to).
 */
export const fix = Effect.fn("fix")(function*(options: FixOptions) {
  const profile = makeProfile()
  const inputs = yield* prepare(options)
  // The patch alone: every article on this thread (no tables to write, so no workers).
  const analyse = createArticleAnalyser(inputs.env, newScopes())
  const corpus = createCorpus(inputs.env)
  for (const source of inputs.sources) {
    const analysed = yield* Effect.try({ try: () => analyse(source, profile.lap), catch: analysisFailure(source.file) })
    corpus.absorb(analysed.part)
  }
  const { deliveries } = corpus.finish()
  const patch = renderPatch(deliveries, inputs.seedsName)
  if (options.patch === null) {
    yield* Effect.sync(() => process.stdout.write(patch))
  } else {
    yield* writeNewFile(options.patch, patch, options.force)
  }
  const applied = deliveries.flatMap((d) => d.faults).filter((p) => p.notApplied === null).length
  yield* Console.error(`recount fix: ${applied} fault(s) applied in the patch${options.patch === null ? "" : ` → ${options.patch}`}`)
  return 0
})

/** Reads and decodes --baseline (an InputError, exit 3, when unreadable or malformed). */
const readBaseline = (file: string) =>
  Effect.gen(function*() {
    const fs = yield* FileSystem.FileSystem
    const path = yield* Path.Path
    const text = yield* fs.readFileString(file).pipe(
      Effect.mapError((e) => new InputError({ path: file, line: null, message: `cannot read the baseline ${file}: ${e.message}` }))
    )
    const parsed = parseBaseline(text, path.basename(file))
    if ("problem" in parsed) return yield* new InputError({ path: file, line: null, message: parsed.problem })
    return parsed
  })

/** Writes a file the user named: temporary file, then rename; refuses an existing file without --force. */
const writeNewFile = (file: string, content: string, force: boolean) =>
  Effect.try({
    try: () => {
      if (!force && nodeFs.existsSync(file)) throw new Error(`${file} exists; use --force to replace it`)
      const temp = `${file}.recount-${process.pid}.tmp`
      nodeFs.writeFileSync(temp, content, { flag: "wx" })
      nodeFs.renameSync(temp, file)
    },
    catch: (e) => new EmitError({ path: file, message: e instanceof Error ? e.message : String(e) })
  })

/** A stage threw (on whichever thread), or a worker thread stopped: the run fails before anything is published (exit 5). */
export class AnalysisError extends Schema.TaggedError<AnalysisError>()("AnalysisError", { message: Schema.String }) {}

const analysisFailure = (file: string) => (e: unknown) => new AnalysisError({ message: `analysing ${file} failed: ${e instanceof Error ? e.message : String(e)}` })

const ARTICLE_DEFS = new Map(articleTableDefs.map((def) => [def.name, def]))

/**
 * What the article loop does with an article, once its turn comes: `here(scopes)` makes the
 * handler that analyses an article on this thread with the corpus' id scopes (and takes it in),
 * `reply` takes in a reply whose ids stood.
 */
interface Take {
  readonly here: (scopes: IdScopes) => (source: { readonly file: string; readonly text: string }) => Effect.Effect<void, AnalysisError | EmitError>
  readonly reply: (reply: Extract<Reply, { ok: true }>) => Effect.Effect<void, EmitError>
  /** Whether the corpus still keeps charts of each kind (protocol.ts `Task.charts`). */
  readonly chartsWanted: () => { readonly flagged: boolean; readonly other: boolean }
}

/**
 * Every article analysed and emitted in article order: on this thread (`workers` 0), or by a pool
 * of worker threads (pipeline/parallel/) whose replies are taken in article order while this
 * thread merges them into the corpus and writes their rows (`--jobs N`: N − 1 workers and this
 * thread; parallel/plan.ts). A reply stands for the article when its ids are fresh
 * (parallel/ids.ts); otherwise, or when the worker's analysis threw, the article is analysed again
 * here with the corpus' id scopes — so the bytes written, and a failure's message, are those of
 * `--jobs 1`. Each article's text is let go of once it is analysed and emitted (~25 MB at 1,000
 * articles), so the list is empty afterwards.
 */
const analyseAll = Effect.fnUntraced(function*(
  inputs: Effect.Success<ReturnType<typeof prepare>>,
  workers: number,
  take: Take,
  profile: ReturnType<typeof makeProfile>,
  progress: ReturnType<typeof makeProgress>,
  stopAfterAudit: boolean
) {
  const list: Array<{ readonly file: string; readonly text: string } | undefined> = inputs.sources.splice(0)
  const total = list.length
  const scopes = newScopes()
  const here = take.here(scopes)
  const status = (k: number) => progress.update(() => `${enUS(k)}/${enUS(total)} articles read, normalised, audited and written`)
  const done = (k: number) => {
    if (workers === 0 && (k + 1) % ARTICLES_PER_COLLECTION === 0) releaseGarbage(k + 1)
    profile.lap("encode")
  }
  const started = performance.now()
  if (workers === 0) {
    for (let k = 0; k < total; k++) {
      status(k)
      const source = list[k]!
      list[k] = undefined
      yield* here(source)
      done(k)
      // The tables' files are created in the thread pool meanwhile (emit.ts): each completion needs this thread's event loop.
      if (!stopAfterAudit) yield* turn
    }
    if (stopAfterAudit) profile.note("analysisWallMs", Math.round(performance.now() - started))
    return
  }
  const pool = openPool({
    script: workerScript()!,
    jobs: workers,
    env: inputs.env,
    article: (k) => ({ file: list[k]!.file, text: list[k]!.text, charts: take.chartsWanted() }),
    total,
    inFlight: IN_FLIGHT_PER_WORKER * workers,
    inFlightChars: inFlightChars(workers),
    stopAfterAudit
  })
  let again = 0
  let queued = 0
  yield* Effect.ensuring(
    Effect.gen(function*() {
      for (let k = 0; k < total; k++) {
        status(k)
        // A reply already in (most of a batch) is taken at once; only a missing one is waited for.
        const reply = pool.ready(k) ??
          (yield* Effect.tryPromise({ try: () => pool.result(k), catch: (e) => new AnalysisError({ message: e instanceof Error ? e.message : String(e) }) }))
        if (k === 0) {
          // The worker's boot: the wall from opening the pool to the first reply, the worker thread's CPU until it sent it and its wait for a core.
          profile.note("firstReplyMs", Math.round(performance.now() - started))
          if (reply.ok && reply.stages.threadCpu !== undefined) profile.note("firstReplyCpuMs", Math.round(reply.stages.threadCpu))
          if (reply.ok && reply.stages.threadQueued !== undefined) profile.note("firstReplyQueuedMs", Math.round(reply.stages.threadQueued))
        }
        profile.lap("wait")
        const source = list[k]!
        list[k] = undefined
        if (reply.ok && fresh(scopes, reply.ids)) {
          addScopes(scopes, reply.ids)
          for (const [stage, ms] of Object.entries(reply.stages)) {
            // (A wait for a core is not a stage: summed apart, `notes.workerQueuedMs`.)
            if (stage === "threadQueued") queued += ms
            else profile.worker(stage, ms)
          }
          yield* take.reply(reply)
        } else {
          again++
          yield* here(source)
        }
        pool.taken(k)
        done(k)
      }
    }),
    Effect.promise(() => pool.close()).pipe(Effect.andThen(Effect.sync(() => {
      profile.note("workers", workers)
      profile.note("reanalysed", again)
      profile.note("replyMessages", pool.messages())
      profile.note("inFlightCharsMax", pool.mostChars())
      if (queued > 0) profile.note("workerQueuedMs", Math.round(queued))
      profile.note("analysisWallMs", Math.round(performance.now() - started))
    })))
  )
})

/**
 * RECOUNT_BENCH_STOP=audit (profile.ts `benchStop`): every article through extract → normalise →
 * audit on the threads a real run would use, the article loop timed, nothing else. out/ and
 * reports/ are never touched (no preflight, no emitter, no publish); the profile is saved.
 */
const stopAfterAudit = (
  inputs: Effect.Success<ReturnType<typeof prepare>>,
  options: Options,
  profile: ReturnType<typeof makeProfile>
) =>
  Effect.gen(function*() {
    const articles = inputs.sources.length
    const workers = workersFor(options.jobs, articles, inputs.sources.reduce((n, s) => n + s.text.length, 0))
    profile.lap("read")
    const take: Take = {
      here: (scopes) => {
        const analyse = createAuditOnlyAnalyser(inputs.env, scopes)
        return (source) => Effect.try({ try: () => analyse(source, profile.lap), catch: analysisFailure(source.file) })
      },
      reply: () => Effect.void,
      chartsWanted: () => ({ flagged: false, other: false })
    }
    yield* analyseAll(inputs, workers, take, profile, makeProgress(false), true)
    profile.note("stoppedAfterAudit", 1)
    profile.save()
    yield* Console.error(`recount: RECOUNT_BENCH_STOP=audit: ${articles} articles extracted, normalised and audited on ${workers + 1} thread(s); nothing written to ${options.out}/ or ${options.reports}/`)
    return 0
  })

/**
 * One turn of the event loop (`setImmediate`: after the poll phase). The analysis, the diagnosis and
 * each report are synchronous; the files' creation and syncs are asynchronous (libuv's thread pool,
 * emit.ts), and their completions wait for this thread's event loop. The turns were added for
 * DuckDB's COPYs (issue 8, seventh pass: without them the COPYs started when the articles' tables
 * were closed did not run until the run waited for them); they now let the syncs' completions in.
 */
const turn: Effect.Effect<void> = Effect.promise(() => new Promise<void>((resolve) => setImmediate(resolve)))

/** Garbage the report stage lets pile up before a collection between two reports (memory.ts `releaseGarbageOver`). */
const REPORT_SLACK = 48 * 1024 * 1024

/** Anomalies or faults turned into rows and added to their table at once (~1 MB of CSV). */
const ROWS_AT_ONCE = 1000

/** `emitter.add(def, rowsOf(items))` a slice of ROWS_AT_ONCE items at a time (the first call even when there are none, as before). */
const addInSlices = <A, Row>(emitter: Emitter, def: TableDef<Row>, items: ReadonlyArray<A>, rowsOf: (slice: ReadonlyArray<A>) => ReadonlyArray<Row>) =>
  Effect.gen(function*() {
    let i = 0
    do {
      yield* emitter.add(def, rowsOf(items.slice(i, i + ROWS_AT_ONCE)))
      i += ROWS_AT_ONCE
    } while (i < items.length)
  })

/**
 * Articles sent to the workers and not yet taken by the main thread, per worker (bounds memory):
 * two batches held by the worker (one analysed, one queued) and one waiting its turn here.
 */
const IN_FLIGHT_PER_WORKER = 3 * MAX_BATCH

/**
 * Article text in flight per worker at which the pool sends no further batch (pool.ts): 4 M UTF-16
 * code units (~8 MB of text, ~160 generated 25 KB articles: it never binds on them, where
 * IN_FLIGHT_PER_WORKER does), so that a corpus of multi-megabyte articles is held a few at a time.
 * RECOUNT_TEST_IN_FLIGHT_CHARS (a test hook) sets the pool's whole budget instead.
 */
const IN_FLIGHT_CHARS_PER_WORKER = 4 * 1024 * 1024
const inFlightChars = (workers: number): number => {
  const test = Number(process.env.RECOUNT_TEST_IN_FLIGHT_CHARS ?? "")
  return Number.isSafeInteger(test) && test > 0 ? test : IN_FLIGHT_CHARS_PER_WORKER * workers
}

/** anomalies.md's pieces followed by the baseline section (after an empty line). */
function* withBaseline(report: Iterable<string>, baseline: string): Generator<string> {
  yield* report
  yield "\n"
  yield baseline
}

/** Every table `out/` holds (each is written, empty or not). */
const TABLES = [...articleTableDefs, T.Parties, T.Areas, Anomalies, Faults]

// While the start-up snapshot is built (scripts/snapshot.cjs), each table's CSV byte and text
// writers and row copier (corrected columns) are generated and compiled (the writers called on no rows, the
// copier compiled with its maker), so that the snapshot holds them as bytecode: a run from the
// snapshot no longer generates and compiles their source (new Function) on first use; and the
// table's own Parquet parts (footer layout, metadata, row appender, and one small file encoded:
// parquet.ts `tableParts`) and its CSV header line (csv.ts `csvHeader`) are made.
if (startupSnapshot.isBuildingSnapshot()) {
  const sink = byteSink(0)
  for (const def of TABLES) {
    csvBytes.recordBytes(def, [], 0, sink)
    csvParts.records(def, [], 0)
    csvParts.header(def)
    withCorrections(def, [], new Map())
    tableParts(def)
  }
}

/** The summary line on stdout, the --fail-on message, and the exit code. */
const summarise = (
  options: Options,
  articles: number,
  counts: { readonly tables: number; readonly results: number; readonly seats: number },
  audit: ReturnType<ReturnType<typeof createAuditor>["finish"]>,
  diagnosis: DiagnoseOutput,
  comparison: BaselineComparison | null = null
) =>
  Effect.gen(function*() {
    const bySeverity = (s: keyof typeof SEVERITY_RANK) => audit.anomalies.filter((a) => a.severity === s).length
    const faultsOf = (s: keyof typeof SEVERITY_RANK) => diagnosis.faults.filter((f) => f.severity === s).length
    yield* Console.log(
      `recount: ${articles} articles, ${counts.tables} tables, ${counts.results} results, ${counts.seats} seat rows → ${options.out}/; ` +
        `${diagnosis.faults.length} faults (${faultsOf("error")} errors, ${faultsOf("warning")} warnings, ${faultsOf("info")} info), ` +
        `${audit.anomalies.length} findings (${bySeverity("error")} errors, ${bySeverity("warning")} warnings, ${bySeverity("info")} info) → ${options.reports}/anomalies.md`
    )
    if (comparison !== null) {
      yield* Console.log(`recount: against the baseline ${comparison.name}: ${comparison.new.length} new, ${comparison.known.length} known, ${comparison.resolved.length} resolved faults; ${comparison.newFindings.length} new, ${comparison.knownFindings.length} known, ${comparison.resolvedFindings.length} resolved unexplained findings`)
    }
    // With a baseline, --fail-on counts only what is new: new faults and new findings no fault explains.
    const failing = options.failOn === null
      ? 0
      : comparison !== null
      ? newAtOrAbove(comparison, diagnosis.faults, audit.anomalies, options.failOn)
      : audit.anomalies.filter((a) => SEVERITY_RANK[a.severity] >= SEVERITY_RANK[options.failOn!]).length
    if (failing > 0) yield* Console.error(`recount: ${failing} ${comparison !== null ? "new fault(s) or finding(s)" : "finding(s)"} at or above '${options.failOn}' (--fail-on)`)
    return failing > 0 ? 1 : 0
  })

/**
 * The command: argv → exit code. 0 ran; 1 findings at or above --fail-on; 2 usage error;
 * 3 unreadable input; 4 cannot write output.
 */
export const main = (argv: ReadonlyArray<string>) =>
  cli(
    (options) => pipeline(options).pipe(Effect.catch(reportFailure)),
    (options) => fix(options).pipe(Effect.catch(reportFailure))
  )(argv).pipe(Effect.provide(commandServices))

/** A failed run's one message on stderr, and its exit code (usage 2, input 3, output 4). */
const reportFailure = (e: { readonly _tag: string; readonly message: string; readonly path?: string }) => {
  const code = e._tag === "UsageError" ? 2 : e._tag === "InputError" ? 3 : e._tag === "AnalysisError" ? 5 : 4
  const message = e._tag === "EmitError" && e.path !== undefined && !e.message.includes(e.path) ? `cannot write ${e.path}: ${e.message}` : e.message
  return Console.error(`recount: ${message}`).pipe(Effect.as(code))
}

/**
 * Runs the command on this process's arguments and exits with its code. A failure exits at once
 * (effect's runMain); a success used to end when the event loop drained, and node then tore the
 * whole process down (the thread pool joined, every heap page unmapped): 10–40 ms after the
 * summary line for nothing, since everything is published and synced before it. It now exits as
 * soon as stdout and stderr have taken their last bytes (a write's callback: on a platform where a
 * pipe is asynchronous, no byte of the summary or of `recount fix`'s patch is cut).
 */
export const runCli = () =>
  NodeRuntime.runMain(main(process.argv.slice(2)), {
    teardown: (exit, onExit) => {
      const code = exit._tag === "Success" ? Number(exit.value) : 1
      if (code !== 0) return onExit(code)
      process.stdout.write("", () => process.stderr.write("", () => process.exit(0)))
    }
  })

// Run only when executed as a script (`tsx pipeline/main.ts`), not when a test imports `pipeline`;
// the bundle's entry is pipeline/bin.ts.
if (import.meta.url.endsWith("/pipeline/main.ts") && process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runCli()
}

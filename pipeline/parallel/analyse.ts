/**
 * One article's whole analysis — extract → normalise → audit → diagnose → deliver — as one
 * function that runs the same on the main thread (`--jobs 1`, and every article a worker's result
 * cannot stand for) and in a worker thread (worker.ts), and the corpus that merges the articles'
 * parts in article order.
 *
 * Why this shape: everything the stages keep across articles is either an id scope (ids.ts: the
 * election, finding, anomaly and fault ids, where a repeated id becomes `x-2`) or a list that the
 * corpus only appends to in article order (anomalies, check items, faults, deliveries, charts, area
 * names). So an article analysed alone gives exactly the in-order run's part as long as none of its
 * ids was handed out before; the corpus appends the parts in article order (`absorb`) and finishes
 * exactly as the one-thread analyser did.
 */
import { createAuditor, type AuditorPart } from "../audit/audit.ts"
import { parseReference, type Reference } from "../audit/reference.ts"
import { COUNTED_RULES } from "../audit/report.ts"
import { type ClaimsFile, decodeClaims } from "../audit/claims.ts"
import { createDiagnoser, type DiagnoserPart } from "../diagnose/diagnose.ts"
import { correctionsOf } from "../deliver/corrected.ts"
import { type ArticleDelivery, deliverArticle } from "../deliver/patch.ts"
import { createAreaCollector } from "../emit/areas.ts"
import type { Document } from "../extract/document.ts"
import { parseArticle } from "../extract/parse.ts"
import { ownString } from "../normalise/ids.ts"
import { createNormaliser } from "../normalise/normalise.ts"
import { type PartyDictionary, parsePartyDictionary } from "../normalise/parties.ts"
import type { AreaLevel } from "../normalise/records.ts"
import type { Dataset } from "../normalise/normalise.ts"
import { createChartCollector, MAX_FLAGGED, MAX_OTHER } from "../report/contests.ts"
import type { IdScopes } from "./ids.ts"

/** The inputs every article's analysis reads (the same on every thread). */
export interface Env {
  readonly dictionary: PartyDictionary
  readonly reference: Reference
  readonly claimsOf: ReadonlyMap<string, ReadonlyArray<ClaimsFile>>
  /** The name of the folder holding the articles (the patch's and SARIF's paths start with it). */
  readonly seedsName: string
}

/** The texts an Env is made from (the tests' helpers make theirs so; a worker is given the main thread's Env itself). */
export interface EnvTexts {
  readonly parties: { readonly file: string; readonly text: string }
  readonly councils: { readonly file: string; readonly text: string }
  readonly law: { readonly file: string; readonly text: string }
  readonly claims: ReadonlyArray<{ readonly file: string; readonly text: string }>
  readonly seedsName: string
}

/** The claims files by the article each is about, in the order given (a decoding problem is left out: the caller reports it). */
export const claimsByArticle = (decoded: Iterable<ClaimsFile | { readonly problem: string }>): Map<string, Array<ClaimsFile>> => {
  const claimsOf = new Map<string, Array<ClaimsFile>>()
  for (const c of decoded) {
    if ("problem" in c) continue
    const list = claimsOf.get(c.article)
    if (list) list.push(c)
    else claimsOf.set(c.article, [c])
  }
  return claimsOf
}

/** An Env from its texts, as `prepare` in main.ts makes it (the texts were already checked there). */
export const envOf = (texts: EnvTexts): Env => {
  return {
    dictionary: parsePartyDictionary(texts.parties.text, texts.parties.file).dictionary,
    reference: parseReference(texts.councils, texts.law),
    claimsOf: claimsByArticle(texts.claims.map((c) => decodeClaims(c.text, c.file))),
    seedsName: texts.seedsName
  }
}

/** What the corpus keeps of one article (everything but its tables' rows, which go to emit). */
export interface ArticlePart {
  /** The article's document reduced to the lines its findings quote. */
  readonly document: Document
  readonly delivery: ArticleDelivery
  readonly audit: AuditorPart
  readonly diagnosis: DiagnoserPart
  readonly charts: { readonly charts: ReadonlyArray<import("../report/contests.ts").ContestChart>; readonly contests: number }
  readonly areas: ReadonlyMap<string, AreaLevel>
  readonly counts: { readonly tables: number; readonly results: number; readonly seats: number }
}

/** Rules whose passed items the report only counts: counted, not kept. */
const keepPassed = (rule: string) => !COUNTED_RULES.has(rule)

/**
 * Analyses articles one at a time with the id scopes given (the corpus-wide ones on the main
 * thread; per-article ones in a worker). `lap(stage)` is called after each stage.
 */
export const createArticleAnalyser = (env: Env, scopes: IdScopes) => {
  const { auditor, front } = createFront(env, scopes)
  const diagnoser = createDiagnoser(env.reference, undefined, scopes.faults)
  return (source: { readonly file: string; readonly text: string }, lap: (stage: string) => void): { readonly part: ArticlePart; readonly dataset: Dataset; readonly corrections: ReturnType<typeof correctionsOf> } => {
    const { document, dataset, found } = front(source, lap)
    const faults = diagnoser.add(dataset, found)
    lap("diagnose")
    const charts = createChartCollector()
    charts.add(dataset, found)
    const areas = createAreaCollector()
    areas.add(dataset)
    const shapes = new Map(dataset.tables.map((t) => [t.table_id, t.shape.join("|")]))
    const delivery = deliverArticle(document.file, `${env.seedsName}/${document.file}`, source.text, faults, shapes)
    lap("deliver")
    const part: ArticlePart = {
      document: quotedLinesOnly(document, found),
      delivery,
      audit: auditor.take(),
      diagnosis: diagnoser.take(),
      charts: charts.finish(),
      areas: areas.names(),
      counts: { tables: dataset.tables.length, results: dataset.results.length, seats: dataset.seats.length }
    }
    return { part, dataset, corrections: correctionsOf(delivery.faults) }
  }
}

/** Extract → normalise → audit of one article: the stages both analysers share. */
const createFront = (env: Env, scopes: IdScopes) => {
  const normaliser = createNormaliser(env.dictionary, { elections: scopes.elections, findings: scopes.findings })
  const auditor = createAuditor(undefined, { keepPassed, ids: scopes.anomalies })
  const front = (source: { readonly file: string; readonly text: string }, lap: (stage: string) => void) => {
    testHook(source.file)
    const document = parseArticle(source.file, source.text)
    lap("extract")
    const dataset = normaliser.add(document)
    lap("normalise")
    const found = auditor.add({ dataset, documents: [document], reference: env.reference, claims: env.claimsOf.get(document.file) ?? [] })
    lap("audit")
    return { document, dataset, found }
  }
  return { auditor, front }
}

/**
 * Extract → normalise → audit alone, the analysis' other stages skipped and its results let go of
 * (the bench's direct measurement of those three stages: RECOUNT_BENCH_STOP, profile.ts). The id
 * scopes are used as in the whole analysis, so the same articles' ids collide (and are analysed
 * again on the main thread) as in a real run.
 */
export const createAuditOnlyAnalyser = (env: Env, scopes: IdScopes) => {
  const { auditor, front } = createFront(env, scopes)
  return (source: { readonly file: string; readonly text: string }, lap: (stage: string) => void): void => {
    front(source, lap)
    // What the auditor keeps for the corpus is dropped: nothing is reported in this mode.
    auditor.take()
  }
}

/**
 * The corpus: the articles' parts appended in article order, and the analysis' end as the
 * one-thread analyser made it (the audit sorted and summarised, the diagnosis finished, each
 * article's faults in the diagnosis' order).
 */
export const createCorpus = (env: Env) => {
  const auditor = createAuditor(undefined, { keepPassed })
  const diagnoser = createDiagnoser(env.reference)
  const charts = createChartCollector()
  const deliveries: Array<ArticleDelivery> = []
  const areas = createAreaCollector()
  const counts = { tables: 0, results: 0, seats: 0 }
  const documents: Array<Document> = []
  // How many charts of each kind the collector holds (it keeps the first MAX_FLAGGED and MAX_OTHER).
  const kept = { flagged: 0, other: 0 }
  return {
    /** Whether charts of each kind are still kept (a worker need not send the others). */
    chartsWanted: () => ({ flagged: kept.flagged < MAX_FLAGGED, other: kept.other < MAX_OTHER }),
    areas,
    counts,
    documents,
    absorb: (part: ArticlePart): void => {
      documents.push(part.document)
      deliveries.push(part.delivery)
      auditor.absorb(part.audit)
      diagnoser.absorb(part.diagnosis)
      charts.absorb(part.charts)
      for (const c of part.charts.charts) {
        if (c.flagged) kept.flagged = Math.min(MAX_FLAGGED, kept.flagged + 1)
        else kept.other = Math.min(MAX_OTHER, kept.other + 1)
      }
      areas.absorb(part.areas)
      counts.tables += part.counts.tables
      counts.results += part.counts.results
      counts.seats += part.counts.seats
    },
    finish: () => {
      const findings = auditor.finish()
      const diagnosis = diagnoser.finish(findings.anomalies)
      // Each article's faults in the diagnosis' order (severity, then line).
      const rank = new Map(diagnosis.faults.map((f, i) => [f.id, i]))
      const delivered = deliveries.map((d) => ({ ...d, faults: [...d.faults].sort((a, b) => rank.get(a.fault.id)! - rank.get(b.fault.id)!) }))
      return { audit: { ...findings, anomalies: diagnosis.anomalies }, diagnosis, deliveries: delivered, charts: charts.finish() }
    }
  }
}

/**
 * An article's document reduced to what the report quotes: its title and the lines its findings
 * name. A kept line is copied (`ownString`): a line split from the text is a slice that would keep
 * the whole text alive (V8 sliced strings).
 */
const quotedLinesOnly = (document: Document, found: ReadonlyArray<{ readonly line: number; readonly lines: ReadonlyArray<number> }>): Document => {
  const lines = new Array<string>(document.lines.length)
  for (const a of found) {
    for (const l of [a.line, ...a.lines]) if (l >= 1 && l <= document.lines.length && lines[l - 1] === undefined) lines[l - 1] = ownString(document.lines[l - 1]!)
  }
  return { ...document, blocks: [], sections: [], lines }
}

/**
 * A test-only hook (test/parallel.test.ts): RECOUNT_TEST_ANALYSIS_THROW names an article whose
 * analysis throws, on whichever thread analyses it. Unset in every real run.
 */
const testHook = (file: string): void => {
  if (process.env.RECOUNT_TEST_ANALYSIS_THROW === file) throw new Error(`injected failure (RECOUNT_TEST_ANALYSIS_THROW) in ${file}`)
}

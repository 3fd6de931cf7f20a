/**
 * Helpers for running the whole pipeline in-process on a copy of the seeds, optionally with one
 * figure changed on one line (a "mutation"), and for comparing two runs' anomaly reports.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { basename, join } from "node:path"
import { fileURLToPath } from "node:url"
import * as NodeServices from "@effect/platform-node/NodeServices"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import type { Anomaly, AuditReport } from "../../pipeline/audit/anomaly.ts"
import { renderJson } from "../../pipeline/audit/report.ts"
import { readArticles, readClaimsFiles, readReference } from "../../pipeline/extract/read.ts"
import { pipeline } from "../../pipeline/main.ts"
import { createArticleAnalyser, createCorpus, envOf } from "../../pipeline/parallel/analyse.ts"
import { newScopes } from "../../pipeline/parallel/ids.ts"

/** The repository root (this file lives in test/helpers/). */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url))
export const SEEDS = join(ROOT, "seeds")
export const REFERENCE = join(SEEDS, "reference")
export const GOLDEN = join(ROOT, "reports")

export const CANTONAL = "2004-french-cantonal-elections.txt"
export const REGIONAL = "2004-french-regional-elections.txt"
export const SENATE = "2004-french-senate-election.txt"

/** The pipeline's one-line summary goes to Console.log: keep it out of the test output. */
const quietConsole: Console.Console = { ...globalThis.console, log: () => {} }

export interface RunResult {
  readonly report: AuditReport
  /** The exact bytes of reports/anomalies.md and reports/anomalies.json. */
  readonly markdown: Buffer
  readonly json: Buffer
  readonly exitCode: number
}

/** Runs the pipeline on `seeds` (folder or file) with out/ and reports/ under `workDir`. */
export const runPipeline = async (seeds: string, workDir: string, baseline?: string): Promise<RunResult> => {
  const out = join(workDir, "out")
  const reports = join(workDir, "reports")
  const exitCode = await Effect.runPromise(
    pipeline({ seeds, out, reports, reference: REFERENCE, failOn: null, force: false, ...(baseline === undefined ? {} : { baseline }) }).pipe(
      Effect.provideService(Console.Console, quietConsole),
      Effect.provide(NodeServices.layer)
    )
  )
  const markdown = readFileSync(join(reports, "anomalies.md"))
  const json = readFileSync(join(reports, "anomalies.json"))
  return { report: JSON.parse(json.toString("utf8")) as AuditReport, markdown, json, exitCode }
}

/** A fresh temporary folder; `cleanup` removes it. */
export const tempDir = (prefix = "recount-test-"): { readonly dir: string; readonly cleanup: () => void } => {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

/** One figure changed on one line of one seed: `from` must occur exactly once on that line. */
export interface Mutation {
  readonly file: string
  /** 1-based line in the seed file. */
  readonly line: number
  readonly from: string
  readonly to: string
}

const occurrences = (haystack: string, needle: string) => haystack.split(needle).length - 1

/** The text with the mutation applied to its line only; throws when the line does not match. */
export const applyMutation = (text: string, m: Mutation): string => {
  const lines = text.split("\n")
  const current = lines[m.line - 1]
  if (current === undefined) throw new Error(`${m.file}:${m.line}: no such line`)
  const n = occurrences(current, m.from)
  if (n !== 1) throw new Error(`${m.file}:${m.line}: '${m.from}' occurs ${n} times on the line (need exactly 1): ${current}`)
  if (m.from === m.to) throw new Error(`${m.file}:${m.line}: the mutation changes nothing`)
  lines[m.line - 1] = current.replace(m.from, m.to)
  return lines.join("\n")
}

/**
 * Copies the seed articles and their claims files (seeds/*.txt, *.claims.json; not the reference folder) into `dir`,
 * applying the mutation (if any), and returns the folder. Files are written, not copied, so the
 * read-only mode of the committed seeds does not carry over.
 */
export const copySeeds = (dir: string, mutation?: Mutation): string => {
  const target = join(dir, "seeds")
  mkdirSync(target, { recursive: true })
  const names = readdirSync(SEEDS).filter((n) => n.endsWith(".txt") || n.endsWith(".claims.json"))
  if (mutation && !names.includes(mutation.file)) throw new Error(`no seed named ${mutation.file}`)
  for (const name of names) {
    const text = readFileSync(join(SEEDS, name), "utf8")
    writeFileSync(join(target, name), mutation?.file === name ? applyMutation(text, mutation) : text)
  }
  return target
}

/** Runs the pipeline on a (possibly mutated) copy of the seeds in a temporary folder, then removes it. */
export const runOnCopy = async (mutation?: Mutation): Promise<RunResult> => {
  const { dir, cleanup } = tempDir()
  try {
    return await runPipeline(copySeeds(dir, mutation), dir)
  } finally {
    cleanup()
  }
}

/**
 * The analysis alone on `seeds` (a folder): what `pipeline` runs for `--jobs 1` between reading and
 * emitting — the same readers, the same per-article analyser (pipeline/parallel/analyse.ts) with the
 * corpus-wide id scopes, the same corpus end — and reports/anomalies.json as the pipeline renders it,
 * but no table encoded, no Parquet, no other report, nothing published (a full run costs ~4× the
 * CPU, most of it DuckDB's COPYs, the HTML report and fsync). For the mutation tests, which judge
 * only the findings; test/mutation.test.ts checks that on the unmutated seeds these bytes are the
 * full pipeline's (the committed golden report).
 */
export const analyseSeeds = (seeds: string): { readonly report: AuditReport; readonly json: string } => {
  const sources = Effect.runSync(readArticles(seeds))
  const claims = Effect.runSync(readClaimsFiles(sources))
  const reference = (name: string) => {
    const { file, text } = Effect.runSync(readReference(join(REFERENCE, name)))
    return { file, text }
  }
  const env = envOf({
    parties: reference("parties.csv"),
    councils: reference("regional-councils.csv"),
    law: reference("electoral-law.csv"),
    claims: claims.map(({ file, text }) => ({ file, text })),
    seedsName: basename(seeds)
  })
  const analyse = createArticleAnalyser(env, newScopes())
  const corpus = createCorpus(env)
  for (const source of sources) corpus.absorb(analyse(source, () => {}).part)
  const { audit, diagnosis } = corpus.finish()
  const json = renderJson(audit, diagnosis)
  return { report: JSON.parse(json) as AuditReport, json }
}

/** `analyseSeeds` on a (possibly mutated) copy of the seeds in a temporary folder, then removes it. */
export const analyseCopy = (mutation?: Mutation): { readonly report: AuditReport; readonly json: string } => {
  const { dir, cleanup } = tempDir()
  try {
    return analyseSeeds(copySeeds(dir, mutation))
  } finally {
    cleanup()
  }
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

/**
 * Anomalies of `after` that are new against `before`: an id the baseline lacks, or the same id
 * with a different stated or expected figure. Exception: a `normalisation` finding counts only by
 * its id — its stated/expected quote the raw cell or row text (e.g. ROW_SHORT states the whole
 * row), so ANY edit of that row changes them without the finding being about the edit.
 */
export const newAnomalies = (before: AuditReport, after: AuditReport): Array<Anomaly> => {
  const byId = new Map(before.anomalies.map((a) => [a.id, a]))
  return after.anomalies.filter((a) => {
    const old = byId.get(a.id)
    if (old === undefined) return true
    if (a.rule === "normalisation") return false
    return !same(old.stated, a.stated) || !same(old.expected, a.expected)
  })
}

export const isSerious = (a: Anomaly) => a.severity === "error" || a.severity === "warning"

/** One line per anomaly, for failure messages. */
export const describeAnomalies = (anomalies: ReadonlyArray<Anomaly>): string =>
  anomalies.length === 0
    ? "(none)"
    : anomalies
      .map((a) => `  ${a.severity} ${a.rule} ${a.file}:${a.line} lines [${a.lines.join(",")}] stated ${JSON.stringify(a.stated)} expected ${JSON.stringify(a.expected)} — ${a.id}`)
      .join("\n")

/**
 * Running one fuzz case (see fuzz-cases.ts) and judging it, shared by test/fuzz.test.ts and
 * scripts/fuzz.ts. Two ways:
 *
 * - `runFast`: the stages in-process, as pipeline/main.ts chains them — parse, normalise, audit,
 *   both reports rendered (the JSON parsed back), and every table encoded as CSV (the same cell
 *   checks as Parquet: a value that does not fit its column is what makes a run exit 4) — but
 *   nothing written. Cheap enough for hundreds of cases per `make test`.
 * - `runFull`: the whole `pipeline(options)` effect with files written to a temporary folder; the
 *   exit code as main.ts maps it, then the outputs checked: every file the manifests list exists
 *   with its sha256, and reports/anomalies.json parses.
 *
 * Both also count the input lines no node and no finding accounts for, with
 * `accountLines(document, dataset)` from pipeline/normalise/accounting.ts when that module exists
 * (null when it does not yet).
 */
import { createHash } from "node:crypto"
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as NodeServices from "@effect/platform-node/NodeServices"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import { Anomalies } from "../../pipeline/audit/anomaly.ts"
import { runAudit } from "../../pipeline/audit/audit.ts"
import { anomalyRows, renderJson, renderMarkdown } from "../../pipeline/audit/report.ts"
import { createDiagnoser } from "../../pipeline/diagnose/diagnose.ts"
import { faultRows, Faults } from "../../pipeline/diagnose/fault.ts"
import { parseReference, type Reference } from "../../pipeline/audit/reference.ts"
import { encodeCsv } from "../../pipeline/emit/csv.ts"
import { articleTables, tableData } from "../../pipeline/emit/emit.ts"
import type { Document } from "../../pipeline/extract/document.ts"
import { parseArticle } from "../../pipeline/extract/parse.ts"
import { pipeline } from "../../pipeline/main.ts"
import { accountLines } from "../../pipeline/normalise/accounting.ts"
import { type Dataset, normalise } from "../../pipeline/normalise/normalise.ts"
import { type PartyDictionary, parsePartyDictionary } from "../../pipeline/normalise/parties.ts"
import * as T from "../../pipeline/normalise/records.ts"
import { REFERENCE } from "./mutate.ts"

export type Outcome =
  /** Ran, outputs valid. */
  | "ok"
  /** An exception or defect escaped (the run would die with a stack trace). */
  | "crash"
  /** Exit 4 (cannot write / encode output) on readable input. */
  | "exit4"
  /** Exit 3 (unreadable input): the article text is valid UTF-8, so this needs a look too. */
  | "exit3"
  /** Exit 2 (usage error). */
  | "exit2"
  /** Ran, but an output is invalid (report JSON does not parse, manifest lists a missing file…). */
  | "invalid-output"

export interface CaseResult {
  readonly outcome: Outcome
  readonly message: string | null
  /** Lines not accounted for (null: accountLines is not available yet). */
  readonly unaccounted: number | null
  readonly unaccountedLines: ReadonlyArray<unknown>
  readonly ms: number
}

let shared: { dictionary: PartyDictionary; reference: Reference } | null = null
const references = () => {
  if (shared) return shared
  const read = (name: string) => readFileSync(join(REFERENCE, name), "utf8")
  shared = {
    dictionary: parsePartyDictionary(read("parties.csv"), "parties.csv").dictionary,
    reference: parseReference(
      { file: "regional-councils.csv", text: read("regional-councils.csv") },
      { file: "electoral-law.csv", text: read("electoral-law.csv") }
    )
  }
  return shared
}

// ---------------------------------------------------------------------------------------------
// Line accounting (pipeline/normalise/accounting.ts, being written by another engineer)

type AccountLines = (document: Document, dataset: Dataset) => ReadonlyArray<unknown>
const accounting: AccountLines = accountLines
/** `accountLines` (pipeline/normalise/accounting.ts); kept async for the callers written before it existed. */
export const loadAccounting = async (): Promise<AccountLines | null> => accounting

const account = (document: Document, dataset: Dataset) => {
  if (!accounting) return { unaccounted: null, unaccountedLines: [] }
  const lines = accounting(document, dataset)
  return { unaccounted: lines.length, unaccountedLines: lines.slice(0, 5) }
}

// ---------------------------------------------------------------------------------------------
// Fast: in-process stages, nothing written

const message = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}\n${e.stack?.split("\n").slice(1, 6).join("\n") ?? ""}` : String(e))

/** The stages of pipeline/main.ts on one article, in memory. Call `loadAccounting()` once before. */
export const runFast = (name: string, text: string): CaseResult => {
  const start = performance.now()
  const { dictionary, reference } = references()
  const done = (outcome: Outcome, msg: string | null, acc = { unaccounted: null as number | null, unaccountedLines: [] as ReadonlyArray<unknown> }): CaseResult => ({
    outcome,
    message: msg,
    ...acc,
    ms: performance.now() - start
  })
  let document: Document
  let dataset: Dataset
  let acc: ReturnType<typeof account>
  try {
    document = parseArticle(name, text)
    dataset = normalise([document], dictionary)
    acc = account(document, dataset)
  } catch (e) {
    return done("crash", `extract/normalise: ${message(e)}`)
  }
  let audit: ReturnType<typeof runAudit>
  let faults: ReturnType<typeof faultRows>
  try {
    const found = runAudit({ dataset, documents: [document], reference })
    // Diagnosis, as main.ts runs it (its search is bounded: a hang here is a hang of the CLI).
    const diagnoser = createDiagnoser(reference)
    diagnoser.add(dataset, found.anomalies)
    const diagnosis = diagnoser.finish(found.anomalies)
    audit = { ...found, anomalies: diagnosis.anomalies }
    renderMarkdown(audit, [document], diagnosis)
    const json = renderJson(audit, diagnosis)
    JSON.parse(json)
    faults = faultRows(diagnosis.faults)
  } catch (e) {
    return done("crash", `audit/diagnose/report: ${message(e)}`, acc)
  }
  const tables = [
    ...articleTables(dataset),
    tableData(T.Parties, dataset.parties),
    tableData(Anomalies, anomalyRows(audit)),
    tableData(Faults, faults)
  ]
  for (const { def, rows } of tables as ReadonlyArray<{ def: Parameters<typeof encodeCsv>[0]; rows: ReadonlyArray<unknown> }>) {
    try {
      encodeCsv(def, rows)
    } catch (e) {
      // A value that does not fit its column: pipeline/emit turns this into EmitError, exit 4.
      return done("exit4", `cannot encode ${def.name}: ${e instanceof Error ? e.message : String(e)}`, acc)
    }
  }
  return done("ok", null, acc)
}

// ---------------------------------------------------------------------------------------------
// Full: the pipeline effect, files written

const quietConsole: Console.Console = { ...globalThis.console, log: () => {}, error: () => {} }
const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex")

/** Checks the outputs of a finished run; returns what is wrong, or null. */
export const checkOutputs = (out: string, reports: string): string | null => {
  const manifestPath = join(out, "manifest.json")
  if (!existsSync(manifestPath)) return "out/manifest.json is missing"
  let manifest: { tables?: Array<{ name: string; files?: Array<{ name: string; sha256?: string }> }> }
  try {
    manifest = JSON.parse(readFileSync(manifestPath, "utf8"))
  } catch (e) {
    return `out/manifest.json does not parse: ${message(e)}`
  }
  if (!Array.isArray(manifest.tables) || manifest.tables.length === 0) return "out/manifest.json lists no table"
  for (const table of manifest.tables) {
    for (const f of table.files ?? []) {
      const path = join(out, f.name)
      if (!existsSync(path)) return `out/manifest.json lists ${f.name}, which is missing`
      if (f.sha256 !== undefined && sha256(path) !== f.sha256) return `out/${f.name} does not match its sha256 in the manifest`
    }
  }
  const json = join(reports, "anomalies.json")
  if (!existsSync(json)) return "reports/anomalies.json is missing"
  try {
    JSON.parse(readFileSync(json, "utf8"))
  } catch (e) {
    return `reports/anomalies.json does not parse: ${message(e)}`
  }
  if (!existsSync(join(reports, "anomalies.md"))) return "reports/anomalies.md is missing"
  const reportsManifest = join(reports, "manifest.json")
  if (existsSync(reportsManifest)) {
    const m = JSON.parse(readFileSync(reportsManifest, "utf8")) as { files?: Array<{ name: string; sha256?: string }> }
    for (const f of m.files ?? []) {
      const path = join(reports, f.name)
      if (!existsSync(path)) return `reports/manifest.json lists ${f.name}, which is missing`
      if (f.sha256 !== undefined && sha256(path) !== f.sha256) return `reports/${f.name} does not match its sha256 in the manifest`
    }
  }
  return null
}

/** The whole pipeline on one article, in a fresh temporary folder (removed after). */
export const runFull = async (name: string, text: string): Promise<CaseResult> => {
  const start = performance.now()
  const dir = mkdtempSync(join(tmpdir(), "recount-fuzz-"))
  try {
    const seeds = join(dir, "seeds")
    mkdirSync(seeds)
    writeFileSync(join(seeds, name), text)
    const out = join(dir, "out")
    const reports = join(dir, "reports")
    const exit = await Effect.runPromiseExit(
      pipeline({ seeds, out, reports, reference: REFERENCE, failOn: null, force: false, quiet: true }).pipe(
        Effect.map((code) => ({ code, error: null as string | null })),
        Effect.catch((e: { readonly _tag: string; readonly message: string }) =>
          Effect.succeed({ code: e._tag === "UsageError" ? 2 : e._tag === "InputError" ? 3 : 4, error: `${e._tag}: ${e.message}` })
        ),
        Effect.provideService(Console.Console, quietConsole),
        Effect.provide(NodeServices.layer)
      )
    )
    // In-process accounting of the same text, as the pipeline read it.
    let acc: { unaccounted: number | null; unaccountedLines: ReadonlyArray<unknown> } = { unaccounted: null, unaccountedLines: [] }
    try {
      const document = parseArticle(name, text)
      acc = account(document, normalise([document], references().dictionary))
    } catch {
      // a crash here shows in runFast too
    }
    const ms = performance.now() - start
    if (Exit.isFailure(exit)) return { outcome: "crash", message: String(exit.cause), ...acc, ms }
    const { code, error } = exit.value
    if (code === 4) return { outcome: "exit4", message: error, ...acc, ms }
    if (code === 3) return { outcome: "exit3", message: error, ...acc, ms }
    if (code === 2) return { outcome: "exit2", message: error, ...acc, ms }
    const problem = checkOutputs(out, reports)
    return { outcome: problem === null ? "ok" : "invalid-output", message: problem, ...acc, ms }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Whether a result breaks a property: anything but "ok", or unaccounted lines. */
export const isFailure = (r: CaseResult) => r.outcome !== "ok" || (r.unaccounted ?? 0) > 0

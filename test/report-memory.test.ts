/**
 * Bounded memory in the report stage (issue 8, ninth pass): writing a report holds little beyond
 * what the run already keeps. Measured without timing, as the heap a report's writing holds at
 * once: while its pieces go through `writePieces` (as the run writes them), the heap in use after a
 * full collection is sampled ~6 times per N articles' report; its largest rise over the heap before
 * the renderer was called is the report's working set. On 3N generated articles it must be less
 * than the report's bytes (below), where a report built whole as a string holds at least its own
 * length and the objects it was made from (the control: ~2×). Also: `hashFile` (Parquet files read back a chunk at a time) gives
 * readFileSync's size and sha256 at every size around its chunk.
 */
import { createHash } from "node:crypto"
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { setFlagsFromString } from "node:v8"
import { runInNewContext } from "node:vm"
import test from "ava"
import { generateCorpus } from "../bench/generate.ts"
import { createAuditor } from "../pipeline/audit/audit.ts"
import { parseReference } from "../pipeline/audit/reference.ts"
import { jsonPieces, markdownPieces } from "../pipeline/audit/report.ts"
import { rules } from "../pipeline/audit/rules/index.ts"
import { deliverArticle } from "../pipeline/deliver/patch.ts"
import { patchPieces } from "../pipeline/deliver/patch.ts"
import { sarifPieces } from "../pipeline/deliver/sarif.ts"
import { createDiagnoser } from "../pipeline/diagnose/diagnose.ts"
import { hashFile, writePieces } from "../pipeline/emit/emit.ts"
import type { Document } from "../pipeline/extract/document.ts"
import { parseArticle } from "../pipeline/extract/parse.ts"
import { createNormaliser } from "../pipeline/normalise/normalise.ts"
import { parsePartyDictionary } from "../pipeline/normalise/parties.ts"
import { htmlPieces } from "../pipeline/report/html.ts"
import { streamedView } from "../pipeline/report/view.ts"

setFlagsFromString("--expose-gc")
const gc = runInNewContext("gc") as () => void
setFlagsFromString("--no-expose-gc")

const heap = (): number => {
  gc()
  return process.memoryUsage().heapUsed
}

const dir = mkdtempSync(join(tmpdir(), "recount-report-memory-"))
test.after.always(() => rmSync(dir, { recursive: true, force: true }))

/** One run's inputs to the reports: N generated articles analysed as the run does. */
const analysed = (n: number) => {
  const read = (name: string) => readFileSync(new URL(`../seeds/reference/${name}`, import.meta.url), "utf8")
  const { dictionary } = parsePartyDictionary(read("parties.csv"), "parties.csv")
  const reference = parseReference({ file: "regional-councils.csv", text: read("regional-councils.csv") }, { file: "electoral-law.csv", text: read("electoral-law.csv") })
  const normaliser = createNormaliser(dictionary)
  const auditor = createAuditor()
  const diagnoser = createDiagnoser(reference)
  const documents: Array<Document> = []
  const texts = new Map<string, string>()
  for (const article of generateCorpus(n, 2004)) {
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

type Inputs = ReturnType<typeof analysed>

/** The five reports as the run writes them (main.ts). */
const REPORTS: ReadonlyArray<readonly [string, (i: Inputs) => Iterable<string>]> = [
  ["anomalies.md", (i) => markdownPieces(i.report, i.documents, i.diagnosis)],
  ["anomalies.json", (i) => jsonPieces(i.report, i.diagnosis)],
  ["index.html", (i) => htmlPieces(streamedView({ report: i.report, documents: i.documents, diagnosis: i.diagnosis, charts: [], contests: 0 }))],
  ["corrections.patch", (i) => patchPieces(i.deliveries, "corpus")],
  ["anomalies.sarif", (i) => sarifPieces(i.deliveries, "corpus", rules, i.report.anomalies, "0")]
]

/** Writes a report as the run does; returns its bytes and the largest heap rise sampled while writing. */
const workingSet = (name: string, render: () => Iterable<string>, every: number): { readonly bytes: number; readonly held: number } => {
  const before = heap()
  let held = 0
  let since = 0
  function* sampled(all: Iterable<string>): Generator<string> {
    for (const piece of all) {
      yield piece
      since += piece.length
      if (since >= every) {
        held = Math.max(held, heap() - before)
        since = 0
      }
    }
  }
  const fd = openSync(join(dir, `${name}-${Math.random().toString(36).slice(2)}`), "wx")
  try {
    const { bytes } = writePieces(fd, sampled(render()))
    return { bytes, held }
  } finally {
    closeSync(fd)
  }
}

/** Samples while a report of N articles is written (each is a full collection; 3N articles get about three times as many). */
const SAMPLES = 6
const N = 20
/** What writing anomalies.json, the SARIF log or the patch may hold, as a part of the report's bytes (measured: < 0.15). */
const SMALL_PART = 0.25
/**
 * The measure's own spread, allowed on top: between runs of one renderer on the same input, the
 * heap after a full collection varied by up to ~250 KiB (V8's feedback vectors, inline caches and
 * lazily compiled code). A report held whole exceeds its bound by ~800 KiB here (the control).
 */
const NOISE = 256 * 1024
/**
 * anomalies.md builds each of its tables whole (its rows first, for the columns' widths: ~0.55 of
 * the report at 3N) and holds its index of the findings by article; index.html its view's indexes,
 * info groups and grid (~0.8–1.05): both bounded by the report's bytes, which a report held whole
 * as a string already reaches with the string alone (the control: ~2×; index.html's data line was
 * held twice, as JSON and escaped, beside the whole view: ~3×).
 */
const BOUND: Readonly<Record<string, number>> = { "anomalies.md": 1, "index.html": 1.5 }
/** The two runs' inputs, analysed once for every test of this file. */
let runs: { readonly small: Inputs; readonly large: Inputs; readonly every: ReadonlyMap<string, number> } | undefined
const inputs = () => {
  if (runs === undefined) {
    const small = analysed(N)
    // Each renderer run once first on each input: the code it compiles (bytecode is on the heap and
    // stays) is not counted as held; its size sets how often the measured runs sample.
    const every = new Map(REPORTS.map(([name, render]) => [name, Math.max(1024, Math.floor(workingSet(name, () => render(small), Infinity).bytes / SAMPLES))]))
    const large = analysed(3 * N)
    for (const [name, render] of REPORTS) workingSet(name, () => render(large), Infinity)
    runs = { small, large, every }
  }
  return runs
}

test.serial("writing a report of 3N articles holds less than the report; JSON, SARIF and the patch a small part of it", (t) => {
  const { small, large, every } = inputs()
  for (const [name, render] of REPORTS) {
    const a = workingSet(name, () => render(small), every.get(name)!)
    const b = workingSet(name, () => render(large), every.get(name)!)
    const report = `${name}: working set ${(a.held / 1024).toFixed(0)} → ${(b.held / 1024).toFixed(0)} KiB for ${(a.bytes / 1024).toFixed(0)} → ${(b.bytes / 1024).toFixed(0)} KiB written`
    if (process.env.RECOUNT_TEST_LOG !== undefined) t.log(report)
    t.true(b.bytes > 2 * a.bytes, report)
    t.true(b.held < b.bytes * (BOUND[name] ?? SMALL_PART) + NOISE, report)
  }
})

test.serial("the control: a report held whole as one string is caught by the same measure (the SARIF log joined)", (t) => {
  const { small, large, every } = inputs()
  const whole = (i: Inputs) => [[...sarifPieces(i.deliveries, "corpus", rules, i.report.anomalies, "0")].join("")]
  const a = workingSet("whole", () => whole(small), every.get("anomalies.sarif")!)
  const b = workingSet("whole", () => whole(large), every.get("anomalies.sarif")!)
  t.log(`control: working set ${a.held} → ${b.held} for ${a.bytes} → ${b.bytes} bytes`)
  t.false(b.held < b.bytes * SMALL_PART + NOISE, `working set ${a.held} → ${b.held} for ${a.bytes} → ${b.bytes} bytes`)
})

test("hashFile gives readFileSync's size and sha256, at every size around its 1 MiB chunk", (t) => {
  const chunk = 1 << 20
  for (const size of [0, 1, 4095, chunk - 1, chunk, chunk + 1, 2 * chunk, 3 * chunk + 12345]) {
    const file = join(dir, `hash-${size}`)
    const content = Buffer.alloc(size)
    for (let i = 0; i < size; i++) content[i] = (i * 131 + (i >> 11)) & 0xff
    writeFileSync(file, content)
    const fd = openSync(file, "r")
    try {
      t.deepEqual(hashFile(fd), { bytes: size, sha256: createHash("sha256").update(readFileSync(file)).digest("hex") }, `size ${size}`)
    } finally {
      closeSync(fd)
    }
  }
})

/**
 * `make bench`: how long each stage takes, on the seeds and on a synthetic corpus of N copies of
 * them. Prints figures; asserts nothing (tests never depend on timing).
 */
import { NodeServices } from "@effect/platform-node"
import { Effect } from "effect"
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, copyFileSync, mkdirSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { performance } from "node:perf_hooks"
import { runAudit } from "../pipeline/audit/audit.ts"
import { parseReference } from "../pipeline/audit/reference.ts"
import { parseArticle } from "../pipeline/extract/parse.ts"
import { pipeline } from "../pipeline/main.ts"
import { normalise } from "../pipeline/normalise/normalise.ts"
import { parsePartyDictionary } from "../pipeline/normalise/parties.ts"

const reference = "seeds/reference"
const read = (f: string) => readFileSync(f, "utf8")
const { dictionary } = parsePartyDictionary(read(join(reference, "parties.csv")), "parties.csv")
const ref = parseReference(
  { file: "regional-councils.csv", text: read(join(reference, "regional-councils.csv")) },
  { file: "electoral-law.csv", text: read(join(reference, "electoral-law.csv")) }
)
const seeds = readdirSync("seeds").filter((f) => f.endsWith(".txt")).sort().map((f) => ({ file: f, text: read(join("seeds", f)) }))

const time = (label: string, runs: number, fn: () => void) => {
  fn() // warm-up
  const start = performance.now()
  for (let i = 0; i < runs; i++) fn()
  const ms = (performance.now() - start) / runs
  console.log(`${label.padEnd(46)} ${ms.toFixed(2).padStart(9)} ms/run  (${runs} runs)`)
  return ms
}

const stages = (copies: number) => {
  const corpus = Array.from({ length: copies }, (_, i) => seeds.map((s) => ({ file: `${i}-${s.file}`, text: s.text }))).flat()
  const lines = corpus.reduce((a, s) => a + s.text.split("\n").length, 0)
  console.log(`\n${corpus.length} articles, ${lines.toLocaleString("en-US")} lines`)
  const runs = Math.max(3, Math.round(60 / copies))
  let documents = corpus.map((s) => parseArticle(s.file, s.text))
  const parse = time("extract (parseArticle)", runs, () => { documents = corpus.map((s) => parseArticle(s.file, s.text)) })
  let dataset = normalise(documents, dictionary)
  const norm = time("normalise", runs, () => { dataset = normalise(documents, dictionary) })
  const audit = time("audit (every rule)", runs, () => { runAudit({ dataset, documents, reference: ref }) })
  console.log(`${"→ rows".padEnd(46)} ${dataset.results.length.toLocaleString("en-US")} results, ${dataset.seats.length.toLocaleString("en-US")} seat rows`)
  console.log(`${"→ lines per second, extract+normalise+audit".padEnd(46)} ${Math.round(lines / ((parse + norm + audit) / 1000)).toLocaleString("en-US")}`)
}

stages(1)
stages(20)

// The whole pipeline in-process, emit and reports included (file system through NodeServices).
const dir = mkdtempSync(join(tmpdir(), "recount-bench-"))
try {
  const seedsDir = join(dir, "seeds")
  mkdirSync(seedsDir)
  for (const s of readdirSync("seeds").filter((f) => f.endsWith(".txt") || f.endsWith(".claims.json"))) copyFileSync(join("seeds", s), join(seedsDir, s))
  const run = () =>
    Effect.runPromise(pipeline({ seeds: seedsDir, out: join(dir, "out"), reports: join(dir, "reports"), reference, failOn: null, force: false }).pipe(Effect.provide(NodeServices.layer)))
  await run()
  const runs = 5
  const start = performance.now()
  for (let i = 0; i < runs; i++) await run()
  console.log(`\n${"whole pipeline on the seeds (in-process)".padEnd(46)} ${((performance.now() - start) / runs).toFixed(1).padStart(9)} ms/run  (${runs} runs)`)
  writeFileSync(join(dir, ".done"), "")
} finally {
  rmSync(dir, { recursive: true, force: true })
}

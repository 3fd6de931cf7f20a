/**
 * Extract + normalise + audit in passes (issue 8, eleventh pass): parses, normalises and audits the
 * first `LIMIT` articles of a folder (default: all of `CORPUS`, `.tmp/c1000`) `PASSES` times (default
 * 2) in one thread, printing each pass' CPU of this thread and the anomalies found. Under callgrind
 * (node's `--single-threaded --predictable`: the compiles and collections on this one thread, no
 * timing heuristics) the instructions of a run with two passes minus those of one pass are the
 * steady state's, warm-up excluded. Bundle it first (esbuild, as bench/en-rounds.ts says) so the
 * counts are the bundle's code. A measuring tool, not a test.
 */
import { readdirSync, readFileSync } from "node:fs"
import { createAuditor } from "../pipeline/audit/audit.ts"
import { parseReference } from "../pipeline/audit/reference.ts"
import { COUNTED_RULES } from "../pipeline/audit/report.ts"
import { parseArticle } from "../pipeline/extract/parse.ts"
import { createNormaliser } from "../pipeline/normalise/normalise.ts"
import { parsePartyDictionary } from "../pipeline/normalise/parties.ts"

const dir = process.env.CORPUS ?? ".tmp/c1000"
const files = readdirSync(dir).filter((f) => f.endsWith(".txt")).sort().slice(0, Number(process.env.LIMIT ?? 1e9))
const texts = files.map((f) => ({ file: f, text: readFileSync(`${dir}/${f}`, "utf8") }))
const seed = (name: string) => readFileSync(`seeds/reference/${name}`, "utf8")
const { dictionary } = parsePartyDictionary(seed("parties.csv"), "parties.csv")
const reference = parseReference({ file: "regional-councils.csv", text: seed("regional-councils.csv") }, { file: "electoral-law.csv", text: seed("electoral-law.csv") })
const threadNs = (): number => Number(readFileSync("/proc/thread-self/schedstat", "utf8").split(" ")[0])
for (let pass = 0; pass < Number(process.env.PASSES ?? 2); pass++) {
  const normaliser = createNormaliser(dictionary)
  const auditor = createAuditor(undefined, { keepPassed: (rule: string) => !COUNTED_RULES.has(rule) }) // as the worker's (parallel/analyse.ts)
  // Fresh flat copies, as a worker receives each text (a structured clone), made before the clock starts.
  const copies = texts.map((a) => ({ file: a.file, text: Buffer.from(a.text, "utf8").toString("utf8") }))
  let found = 0
  const t = threadNs()
  for (const a of copies) {
    const document = parseArticle(a.file, a.text)
    const dataset = normaliser.add(document)
    found += auditor.add({ dataset, documents: [document], reference, claims: [] }).length
    auditor.take()
  }
  console.log(`pass ${pass}: ${((threadNs() - t) / 1e6).toFixed(0)} ms of this thread's CPU, ${found} anomalies`)
}

/**
 * Extract + normalise warm-up (issue 8, ninth pass): parses and normalises the articles of a folder
 * (default: a 1,000-article generated corpus) once in a fresh process, then a second time, printing
 * the CPU of each block of `BLOCK` articles (default 100; this thread's CPU, without V8's compiler
 * and GC helper threads). The first pass' excess over the second
 * is the warm-up: code run by the interpreter or Sparkplug until TurboFan has compiled it. Compare
 * two trees by bundling this file in each, as bench/en-rounds.ts says. `LIMIT` takes the first
 * articles only and `PASSES` sets the passes (e.g. under callgrind with node's `--single-threaded`,
 * where the compiles are counted too). A measuring tool, not a test.
 */
import { readdirSync, readFileSync } from "node:fs"
import { parseArticle } from "../pipeline/extract/parse.ts"
import { createNormaliser } from "../pipeline/normalise/normalise.ts"
import { parsePartyDictionary } from "../pipeline/normalise/parties.ts"

const dir = process.env.CORPUS ?? ".tmp/c1000"
const block = Number(process.env.BLOCK ?? 100)
const files = readdirSync(dir).filter((f) => f.endsWith(".txt")).sort().slice(0, Number(process.env.LIMIT ?? 1e9))
const texts = files.map((f) => ({ file: f, text: readFileSync(`${dir}/${f}`, "utf8") }))
const { dictionary } = parsePartyDictionary(readFileSync("seeds/reference/parties.csv", "utf8"), "parties.csv")
// This thread's CPU (Linux: schedstat's first field, ns), without V8's compiler and GC helper
// threads, which `process.cpuUsage` adds; elsewhere the process' CPU.
const threadNs = (): number => {
  try {
    return Number(readFileSync("/proc/thread-self/schedstat", "utf8").split(" ")[0])
  } catch {
    const u = process.cpuUsage()
    return (u.user + u.system) * 1000
  }
}
const cpuMs = (t: number) => (threadNs() - t) / 1e6
const passes: Array<Array<number>> = []
let count = 0
for (let pass = 0; pass < Number(process.env.PASSES ?? 2); pass++) {
  const normaliser = createNormaliser(dictionary)
  const blocks: Array<number> = []
  for (let from = 0; from < texts.length; from += block) {
    // Fresh copies, made before the clock starts: flat strings, as a worker receives each text (a
    // structured clone), with no hash or slice carried over (` ${text}`.slice(1) would be a slice).
    const copies = texts.slice(from, from + block).map((a) => ({ file: a.file, text: Buffer.from(a.text, "utf8").toString("utf8") }))
    const t = threadNs()
    for (const a of copies) {
      const dataset = normaliser.add(parseArticle(a.file, a.text))
      count += dataset.results.length + dataset.findings.length
    }
    blocks.push(cpuMs(t))
  }
  passes.push(blocks)
  console.log(`pass ${pass}: ${blocks.map((b) => b.toFixed(0)).join(" ")} = ${blocks.reduce((a, b) => a + b, 0).toFixed(0)} ms of this thread's CPU`)
}
const excess = passes[0]!.reduce((a, b) => a + b, 0) - (passes[1] ?? passes[0]!).reduce((a, b) => a + b, 0)
console.log(`warm-up excess ${excess.toFixed(0)} ms; ${count} records and findings`)

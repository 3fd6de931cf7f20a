/**
 * Extract + normalise alone, in rounds, in its own process (issue 8, seventh pass): parses and
 * normalises every article of a folder (default: a 1,000-article generated corpus) `ROUNDS` times
 * with a fresh normaliser per round, and prints each round's process CPU and the median of rounds
 * 1+ (round 0 warms up). The last number printed is a count of records and findings, which two
 * trees must agree on. Compare two trees by bundling this file in each and running the bundles in
 * interleaved processes (one process per tree: no shared heap or memo caches), e.g.
 *
 *   mkdir -p .tmp/base/bench && cp bench/en-rounds.ts .tmp/base/bench/
 *   npx esbuild .tmp/base/bench/en-rounds.ts --bundle --platform=node --format=esm --outfile=.tmp/en-before.mjs
 *   npx esbuild bench/en-rounds.ts --bundle --platform=node --format=esm --outfile=.tmp/en-after.mjs
 *   for i in 1 2 3; do for v in before after; do CORPUS=dir node .tmp/en-$v.mjs | tail -1; done; done
 *
 * Run from the repository root (it reads seeds/reference/parties.csv). A measuring tool, not a test.
 */
import { readdirSync, readFileSync } from "node:fs"
import { parseArticle } from "../pipeline/extract/parse.ts"
import { createNormaliser } from "../pipeline/normalise/normalise.ts"
import { parsePartyDictionary } from "../pipeline/normalise/parties.ts"

const dir = process.env.CORPUS ?? ".tmp/c1000"
const files = readdirSync(dir).filter((f) => f.endsWith(".txt")).sort()
const texts = files.map((f) => ({ file: f, text: readFileSync(`${dir}/${f}`, "utf8") }))
const { dictionary } = parsePartyDictionary(readFileSync("seeds/reference/parties.csv", "utf8"), "parties.csv")
const rounds = Number(process.env.ROUNDS ?? 4)
const cpu: Array<number> = []
let count = 0
for (let r = 0; r < rounds; r++) {
  const normaliser = createNormaliser(dictionary)
  const t = process.cpuUsage()
  for (const a of texts) {
    const text = ` ${a.text}`.slice(1) // a fresh copy: no hash or flattening carried over
    const dataset = normaliser.add(parseArticle(a.file, text))
    count += dataset.results.length + dataset.findings.length
  }
  const u = process.cpuUsage(t)
  cpu.push((u.user + u.system) / 1000)
  console.log(r, cpu[r]!.toFixed(0), "ms CPU")
}
const measured = cpu.slice(1).sort((a, b) => a - b)
console.log("median of rounds 1+", measured[(measured.length - 1) >> 1]?.toFixed(0), "ms CPU;", count, "records and findings")

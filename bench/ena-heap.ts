/**
 * Allocation of extract + normalise + audit, garbage included (issue 8, seventh pass, part E): runs
 * the three stages over N articles of a folder (as `bench/ena-pairs.ts` does: a fresh normaliser
 * and auditor per round, a fresh copy of each text) once to warm up, then once under V8's sampling
 * heap profiler (the inspector's `HeapProfiler.startSampling` with the objects collected by minor
 * and major GCs, which `--heap-prof` leaves out), and prints the total sampled and the top
 * allocating functions (self bytes) and builtins by their JS caller. The fresh copies of the texts
 * (~14 MB per 300 generated articles) are part of the total. With `MODE=cpu` it prints `ROUNDS`
 * rounds' process CPU instead. Compare two trees by bundling this file in each (one process per
 * tree), e.g.
 *
 *   mkdir -p .tmp/base/bench && cp bench/ena-heap.ts .tmp/base/bench/
 *   npx esbuild .tmp/base/bench/ena-heap.ts --bundle --platform=node --format=esm --outfile=.tmp/heap-before.mjs \
 *     --external:@duckdb/node-api --banner:js="import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);"
 *   (the same for bench/ena-heap.ts → .tmp/heap-after.mjs)
 *   for i in 1 2 3; do for v in before after; do node .tmp/heap-$v.mjs <articles folder> 300 | head -1; done; done
 *
 * Run from the repository root (it reads seeds/reference/). A measuring tool, not a test.
 */
import { readdirSync, readFileSync } from "node:fs"
import { Session } from "node:inspector/promises"
import { createAuditor } from "../pipeline/audit/audit.ts"
import { parseReference } from "../pipeline/audit/reference.ts"
import { parseArticle } from "../pipeline/extract/parse.ts"
import { createNormaliser } from "../pipeline/normalise/normalise.ts"
import { parsePartyDictionary } from "../pipeline/normalise/parties.ts"

interface ProfileNode {
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number }
  readonly selfSize: number
  readonly children: ReadonlyArray<ProfileNode>
}

const seeds = (name: string) => readFileSync(`${process.cwd()}/seeds/${name}`, "utf8")
const dir = process.argv[2]
if (dir === undefined) throw new Error("usage: node <bundle of bench/ena-heap.ts> <articles folder> [articles] [top]")
const files = readdirSync(dir).filter((f) => f.endsWith(".txt")).sort().slice(0, Number(process.argv[3] ?? 300))
const texts = files.map((f) => ({ file: f, text: readFileSync(`${dir}/${f}`, "utf8") }))
const { dictionary } = parsePartyDictionary(seeds("reference/parties.csv"), "parties.csv")
const reference = parseReference({ file: "regional-councils.csv", text: seeds("reference/regional-councils.csv") }, { file: "electoral-law.csv", text: seeds("reference/electoral-law.csv") })

const round = () => {
  const normaliser = createNormaliser(dictionary)
  const auditor = createAuditor(undefined, { keepPassed: () => false })
  let found = 0
  const t = process.cpuUsage()
  for (const a of texts) {
    const text = ` ${a.text}`.slice(1) // a fresh copy: no hash or flattening carried over
    const document = parseArticle(a.file, text)
    const dataset = normaliser.add(document)
    found += auditor.add({ dataset, documents: [document], reference, claims: [] }).length
    auditor.take()
  }
  const u = process.cpuUsage(t)
  return { ms: (u.user + u.system) / 1000, found }
}

const top = (entries: Map<string, number>, n: number) =>
  [...entries].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${(v / 1e6).toFixed(1).padStart(8)} MB  ${k}`)

if (process.env.MODE === "cpu") {
  console.log("warm-up", round())
  for (let r = 0; r < Number(process.env.ROUNDS ?? 3); r++) console.log("round", round())
} else {
  const warm = round()
  const session = new Session()
  session.connect()
  await session.post("HeapProfiler.enable")
  await session.post("HeapProfiler.startSampling", { samplingInterval: 16384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true })
  const measured = round()
  const { profile } = (await session.post("HeapProfiler.stopSampling")) as unknown as { profile: { head: ProfileNode } }
  const self = new Map<string, number>()
  const builtins = new Map<string, number>()
  let total = 0
  const walk = (node: ProfileNode, caller: string) => {
    const frame = node.callFrame
    const name = `${frame.functionName || "(anonymous)"} ${frame.url.split("/").at(-1) ?? ""}:${frame.lineNumber + 1}`
    total += node.selfSize
    self.set(name, (self.get(name) ?? 0) + node.selfSize)
    const builtin = frame.url === ""
    if (builtin) builtins.set(`${name} <- ${caller}`, (builtins.get(`${name} <- ${caller}`) ?? 0) + node.selfSize)
    for (const child of node.children) walk(child, builtin ? caller : name)
  }
  walk(profile.head, "(root)")
  const n = Number(process.argv[4] ?? 30)
  console.log(`sampled ${(total / 1e6).toFixed(1)} MB for ${texts.length} articles (warm-up ${warm.ms.toFixed(0)} ms, measured round ${measured.ms.toFixed(0)} ms of CPU, ${measured.found} anomalies)`)
  console.log("--- self, by function")
  for (const line of top(self, n)) console.log(line)
  console.log("--- builtins, by their JS caller")
  for (const line of top(builtins, n)) console.log(line)
}

/**
 * The audit's CPU by rule, two versions side by side (issue 8, seventh pass): extracts and
 * normalises the articles with this tree's code (afresh for each version's round), then runs each rule's `check` of a base
 * tree's audit (its pipeline/, as for bench/ena-pairs.ts) and of this tree's over the same
 * datasets, in alternating rounds (the first a warm-up), with the contexts the article loop gives
 * (passed items only counted for the rules the report only counts), plus the whole
 * `auditor.add` + `take`; prints the medians of each rule's CPU and checks that both versions'
 * anomalies and kept items agree, rule by rule.
 *
 *   npx tsx bench/audit-rules.ts <base dir> <articles folder> [articles] [rounds]
 *
 * A measuring tool, not a test (no timing is asserted anywhere).
 */
import { readFileSync, readdirSync } from "node:fs"
import { parseArticle } from "../pipeline/extract/parse.ts"
import { createNormaliser } from "../pipeline/normalise/normalise.ts"
import { parsePartyDictionary } from "../pipeline/normalise/parties.ts"
import { parseReference } from "../pipeline/audit/reference.ts"
import { COUNTED_RULES } from "../pipeline/audit/report.ts"

const root = process.cwd()
const [baseDir, dir] = [process.argv[2], process.argv[3]]
if (baseDir === undefined || dir === undefined) throw new Error("usage: npx tsx bench/audit-rules.ts <base dir> <articles folder> [articles] [rounds]")
const N = Number(process.argv[4] ?? 300)
const rounds = Number(process.argv[5] ?? 6)
const seeds = (n: string) => readFileSync(`${root}/seeds/${n}`, "utf8")
const { dictionary } = parsePartyDictionary(seeds("reference/parties.csv"), "parties.csv")
const reference = parseReference({ file: "regional-councils.csv", text: seeds("reference/regional-councils.csv") }, { file: "electoral-law.csv", text: seeds("reference/electoral-law.csv") })
const files = readdirSync(dir).filter((f) => f.endsWith(".txt")).sort().slice(0, N)
const texts = files.map((f) => readFileSync(`${dir}/${f}`, "utf8"))
/**
 * Fresh datasets for each version's round (views are memoised per dataset and a record's strings
 * keep their hashes, so a dataset audited once would be cheaper the second time than in a run).
 */
const freshContexts = () => {
  const normaliser = createNormaliser(dictionary)
  return files.map((f, i) => {
    const document = parseArticle(f, ` ${texts[i]!}`.slice(1))
    return { dataset: normaliser.add(document), documents: [document], reference, claims: [] }
  })
}
const load = async (d: string) => ({
  rules: (await import(`${d}/pipeline/audit/rules/index.ts`)).rules as ReadonlyArray<any>,
  createAuditor: (await import(`${d}/pipeline/audit/audit.ts`)).createAuditor
})
const versions = [["before", await load(baseDir.startsWith("/") ? baseDir : `${root}/${baseDir}`)], ["after", await load(root)]] as const
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000 }
const times: Record<string, Record<string, number[]>> = { before: {}, after: {} }
const outputs: Record<string, Record<string, string>> = { before: {}, after: {} }
const record = (v: string, k: string, ms: number, r: number) => { if (r > 0) (times[v]![k] ??= []).push(ms) }
for (let r = 0; r < rounds; r++) {
  for (const [name, m] of r % 2 === 0 ? versions : [...versions].reverse()) {
    let contexts = freshContexts()
    for (const rule of m.rules) {
      const counted = COUNTED_RULES.has(rule.meta.code)
      let digest = 0
      const t = cpu()
      for (const c of contexts) {
        const out = rule.check(counted ? { ...c, passedCountedOnly: true } : c)
        digest += out.anomalies.length * 1000 + out.items.length
      }
      record(name, rule.meta.code, cpu() - t, r)
      if (r === 0) outputs[name]![rule.meta.code] = String(digest)
    }
    contexts = freshContexts()
    const auditor = m.createAuditor(undefined, { keepPassed: (code: string) => !COUNTED_RULES.has(code) })
    let found = 0
    const t = cpu()
    for (const c of contexts) { found += auditor.add(c).length; auditor.take() }
    record(name, "(auditor.add + take)", cpu() - t, r)
    if (r === 0) outputs[name]!["(anomalies)"] = String(found)
  }
}
// Exact agreement of the findings and items (r = 0 digests, then the full JSON once).
for (const [name, m] of versions) {
  const contexts = freshContexts()
  const auditor = m.createAuditor(undefined, { keepPassed: (code: string) => !COUNTED_RULES.has(code) })
  for (const c of contexts) auditor.add(c)
  outputs[name]!["(report)"] = JSON.stringify(auditor.finish())
}
const differ = Object.keys(outputs.before!).filter((k) => outputs.before![k] !== outputs.after![k])
const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!
let [sb, sa] = [0, 0]
for (const k of Object.keys(times.before!)) {
  const [b, a] = [med(times.before![k]!), med(times.after![k]!)]
  if (!k.startsWith("(")) { sb += b; sa += a }
  console.log(k.padEnd(26), b.toFixed(0).padStart(6), a.toFixed(0).padStart(6), "ms")
}
console.log("Σ rules".padEnd(26), sb.toFixed(0).padStart(6), sa.toFixed(0).padStart(6), "ms", `(${files.length} articles, ${rounds - 1} rounds)`)
console.log(differ.length === 0 ? "outputs identical" : `OUTPUTS DIFFER: ${differ.join(", ")}`)

/**
 * Extract + normalise + audit, two versions side by side (issue 8, sixth pass): the stages of a
 * base tree (its pipeline/ and seeds/, e.g. `git archive <commit> pipeline seeds | tar -x -C
 * .tmp/base`, with node_modules linked in) and of this tree, loaded in one process through tsx,
 * run over the same articles in alternating rounds (the first a warm-up); prints each round's
 * process CPU and the anomalies found (which must agree), then the medians in MB/s of CPU.
 *
 *   npx tsx bench/ena-pairs.ts <base dir> <articles folder> [articles] [rounds]
 *
 * With `ENA_STAGES=en` the audit is skipped (extract + normalise only; the count compared is then
 * the records and findings the normaliser made).
 *
 * Both versions share one heap and one process, so load on the machine moves them alike; a
 * measuring tool, not a test (no timing is asserted anywhere).
 */
import { readFileSync, readdirSync } from "node:fs"
const root = process.cwd()
const load = async (dir: string) => ({
  parse: (await import(`${dir}/pipeline/extract/parse.ts`)).parseArticle,
  createNormaliser: (await import(`${dir}/pipeline/normalise/normalise.ts`)).createNormaliser,
  parsePartyDictionary: (await import(`${dir}/pipeline/normalise/parties.ts`)).parsePartyDictionary,
  createAuditor: (await import(`${dir}/pipeline/audit/audit.ts`)).createAuditor,
  parseReference: (await import(`${dir}/pipeline/audit/reference.ts`)).parseReference
})
const seeds = (n: string) => readFileSync(`${root}/seeds/${n}`, "utf8")
const [baseDir, dir] = [process.argv[2], process.argv[3]]
if (baseDir === undefined || dir === undefined) throw new Error("usage: npx tsx bench/ena-pairs.ts <base dir> <articles folder> [articles] [rounds]")
const N = Number(process.argv[4] ?? 300)
const files = readdirSync(dir).filter((f) => f.endsWith(".txt")).sort().slice(0, N)
const texts = files.map((f) => ({ file: f, text: readFileSync(`${dir}/${f}`, "utf8") }))
const versions = [["before", await load(baseDir.startsWith("/") ? baseDir : `${root}/${baseDir}`)], ["after", await load(root)]] as const
const prepared = versions.map(([name, m]) => {
  const { dictionary } = m.parsePartyDictionary(seeds("reference/parties.csv"), "parties.csv")
  const reference = m.parseReference({ file: "regional-councils.csv", text: seeds("reference/regional-councils.csv") }, { file: "electoral-law.csv", text: seeds("reference/electoral-law.csv") })
  return { name, m, dictionary, reference }
})
const auditOff = process.env.ENA_STAGES === "en"
const round = (v: typeof prepared[number]) => {
  const normaliser = v.m.createNormaliser(v.dictionary)
  const auditor = v.m.createAuditor(undefined, { keepPassed: () => false })
  let found = 0
  const t = process.cpuUsage()
  for (const a of texts) {
    const text = ` ${a.text}`.slice(1) // a fresh copy: no hash or flattening carried over
    const document = v.m.parse(a.file, text)
    const dataset = normaliser.add(document)
    if (auditOff) {
      found += dataset.results.length + dataset.seats.length + dataset.findings.length + dataset.resultParties.length
      continue
    }
    found += auditor.add({ dataset, documents: [document], reference: v.reference, claims: [] }).length
    auditor.take()
  }
  const u = process.cpuUsage(t)
  return { ms: (u.user + u.system) / 1000, found }
}
const results: Record<string, number[]> = { before: [], after: [] }
const rounds = Number(process.argv[5] ?? 6)
for (let r = 0; r < rounds; r++) {
  for (const v of r % 2 === 0 ? prepared : [...prepared].reverse()) {
    const { ms, found } = round(v)
    if (r > 0) results[v.name]!.push(ms) // round 0: warm-up
    console.log(r, v.name, ms.toFixed(0), "ms", found, "anomalies")
  }
}
const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!
const mb = texts.reduce((s, a) => s + Buffer.byteLength(a.text), 0) / 1e6
for (const k of ["before", "after"]) console.log(k, "median", med(results[k]!).toFixed(0), "ms,", (mb / (med(results[k]!) / 1000)).toFixed(1), "MB/s of CPU for", mb.toFixed(1), "MB")

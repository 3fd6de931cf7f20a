/**
 * Mutation test of the diagnosis (issue 9): one numeric cell of a seed changed at a time — a digit
 * changed, two adjacent digits swapped, the value copied from the other round, a sign dropped — over
 * the three articles, in-process (parse → normalise → audit → diagnose, no CLI, no files written).
 *
 * Results rounds are mutated only where every check holds as published (a second fault in one
 * round's sum would confound the figures); a seat table the article already gets wrong is mutated
 * when its own fault is one settled cell (the Senate's Total change), never on that cell. A mutation is detected when the audit reports an error or
 * warning on the mutated line that the unmutated article lacks. Among detected mutations:
 * - located: the mutated cell is among its fault's cells or tied alternatives (≥ 95 %);
 * - where the checks can tell cells apart (votes, percentages and totals of a results round with a
 *   Total row): it is the single best explanation (≥ 90 %), and the suggestion restores the
 *   original value (≥ 80 %);
 * - elsewhere (e.g. a council seat change without earlier seats): the tie is reported (alternatives
 *   listed), never broken at random.
 */
import { readFileSync } from "node:fs"
import test from "ava"
import type { Anomaly } from "../../pipeline/audit/anomaly.ts"
import { createAuditor } from "../../pipeline/audit/audit.ts"
import { type ClaimsFile, decodeClaims } from "../../pipeline/audit/claims.ts"
import { parseReference } from "../../pipeline/audit/reference.ts"
import { createDiagnoser } from "../../pipeline/diagnose/diagnose.ts"
import type { Fault } from "../../pipeline/diagnose/fault.ts"
import { localise } from "../../pipeline/diagnose/localise.ts"
import { buildBlocks, type Cell } from "../../pipeline/diagnose/system.ts"
import { parseArticle } from "../../pipeline/extract/parse.ts"
import { createNormaliser } from "../../pipeline/normalise/normalise.ts"
import { parsePartyDictionary } from "../../pipeline/normalise/parties.ts"

const NAMES = ["2004-french-cantonal-elections", "2004-french-regional-elections", "2004-french-senate-election"]
const read = (name: string) => readFileSync(new URL(`../../seeds/${name}`, import.meta.url), "utf8")
const { dictionary } = parsePartyDictionary(read("reference/parties.csv"), "parties.csv")
const reference = parseReference(
  { file: "regional-councils.csv", text: read("reference/regional-councils.csv") },
  { file: "electoral-law.csv", text: read("reference/electoral-law.csv") }
)

const audited = (name: string, text: string) => {
  const file = `${name}.txt`
  const document = parseArticle(file, text)
  const part = createNormaliser(dictionary).add(document)
  const claims = decodeClaims(read(`${name}.claims.json`), `${name}.claims.json`) as ClaimsFile
  const auditor = createAuditor()
  auditor.add({ dataset: part, documents: [document], reference, claims: [claims] })
  return { part, anomalies: auditor.finish().anomalies }
}

type Kind = "changed digit" | "swapped digits" | "copied from the other round" | "sign dropped"
interface Mutation {
  readonly name: string
  readonly line: number
  readonly field: string
  readonly round: number | null
  readonly from: string
  readonly to: string
  readonly original: number
  readonly kind: Kind
  /** Votes, percentages and totals of a results round with a stated Total. */
  readonly separable: boolean
}

/** How a cell's figure is written on its line (the one form that occurs exactly once), or null. */
const written = (line: string, cell: Cell): string | null => {
  const v = cell.stated!
  const forms = cell.kind === "percent"
    ? [(v / 10 ** cell.decimals).toFixed(cell.decimals)]
    : cell.kind === "signed"
    ? [v > 0 ? `+${v}` : v < 0 ? `−${-v}` : null, v < 0 ? `-${-v}` : null].filter((x): x is string => x !== null)
    : [v.toLocaleString("en-US"), String(v)]
  for (const f of forms) {
    const at = line.split("|").filter((c) => c.trim().replace(/%$/, "") === f)
    if (at.length === 1) return f
  }
  return null
}

/** Deterministic mutations: every cell of every clean table, one kind each, in turn. */
const mutations = (): Array<Mutation> => {
  const out: Array<Mutation> = []
  let turn = 0
  for (const name of NAMES) {
    const text = read(`${name}.txt`)
    const lines = text.split("\n")
    const { part } = audited(name, text)
    const blocks = buildBlocks(part, reference)
    const everyCell = blocks.flatMap((b) => b.cells)
    for (const block of blocks) {
      // A table the article already gets wrong is mutated only away from its own fault's cells.
      const before = localise(block)
      if (before.status === "not-localised") continue
      const separable = block.cells.some((c) => c.field === "total_votes" && c.kind === "count")
      if (before.status === "located" && (separable || before.explanations.length !== 1 || before.explanations[0]!.changes.length !== 1 || before.explanations[0]!.changes[0]!.value === null)) continue
      const faulty = new Set(before.status === "located" ? before.explanations.flatMap((e) => e.changes.map((c) => c.cell)) : [])
      for (const [index, cell] of block.cells.entries()) {
        if (faulty.has(index)) continue
        if (cell.stated === null || /^r\d+\/(registered|abstentions|voters|blank_invalid|valid)\/percent$/.test(cell.key)) continue // turnout percentages: not in the sample
        const line = lines[cell.line - 1]!
        const from = written(line, cell)
        if (from === null) continue
        const digits = [...from].map((ch, i) => (/[0-9]/.test(ch) ? i : -1)).filter((i) => i >= 0)
        const kinds: Array<Kind> = ["changed digit", "swapped digits", "copied from the other round", "sign dropped"]
        const kind = kinds[turn++ % kinds.length]!
        let to: string | null = null
        if (kind === "changed digit" || digits.length < 2) {
          const i = digits[Math.min(1, digits.length - 1)]!
          to = from.slice(0, i) + String((Number(from[i]) + 3) % 10) + from.slice(i + 1)
        } else if (kind === "swapped digits") {
          const pairs = digits.slice(0, -1).map((i, k) => [i, digits[k + 1]!] as const).filter(([a, b]) => b === a + 1 && from[a] !== from[b])
          const pair = pairs[pairs.length - 1]
          to = pair ? from.slice(0, pair[0]) + from[pair[1]] + from[pair[0]] + from.slice(pair[1] + 1) : null
        } else if (kind === "copied from the other round") {
          const other = cell.round !== null
            ? everyCell.find((c) => c.row_id !== cell.row_id && c.line === cell.line && c.field === cell.field && c.round !== cell.round)
            : undefined
          const copy = other ? written(line, other) : null
          to = copy !== null && copy !== from ? copy : null
        } else {
          to = from.startsWith("−") || from.startsWith("-") ? from.slice(1) : null
        }
        if (to === null || to === from || /^0[0-9]/.test(to)) continue
        const original = cell.kind === "percent" ? cell.stated / 10 ** cell.decimals : cell.stated
        out.push({ name, line: cell.line, field: cell.field, round: cell.round, from, to, original, kind, separable: separable && ["votes", "percent", "total_votes"].includes(cell.field) })
      }
    }
  }
  return out
}

const serious = (a: Anomaly) => a.severity !== "info"

/** One mutation in five, the offset rotating so that every kind stays in the sample (keeps the test to seconds). */
const sample = <A>(all: ReadonlyArray<A>): Array<A> => all.filter((_, i) => i % 5 === Math.floor(i / 5) % 5)

test("mutation test: faults locate the mutated cell and restore its value", (t) => {
  const every = mutations()
  const all = sample(every)
  const baseline = new Map(NAMES.map((n) => [n, new Set(audited(n, read(`${n}.txt`)).anomalies.filter(serious).map((a) => `${a.id}|${a.stated}|${a.expected}`))]))
  const tally = { cases: 0, detected: 0, located: 0, separable: 0, single: 0, restored: 0, other: 0, otherTied: 0, otherSingle: 0 }
  const misses: Array<string> = []
  for (const m of all) {
    tally.cases++
    const text = read(`${m.name}.txt`).split("\n")
    const line = text[m.line - 1]!
    const cells = line.split("|")
    const k = cells.findIndex((c) => c.trim().replace(/%$/, "") === m.from)
    cells[k] = cells[k]!.replace(m.from, m.to)
    text[m.line - 1] = cells.join("|")
    const { part, anomalies } = audited(m.name, text.join("\n"))
    const before = baseline.get(m.name)!
    const fresh = anomalies.filter((a) => serious(a) && a.lines.includes(m.line) && !before.has(`${a.id}|${a.stated}|${a.expected}`))
    if (fresh.length === 0) continue
    tally.detected++
    const diagnoser = createDiagnoser(reference, (b) => b.cells.some((c) => c.line === m.line))
    diagnoser.add(part, anomalies)
    const { faults } = diagnoser.finish(anomalies)
    const hit = (cells: ReadonlyArray<Fault["cells"][number]>) => cells.some((c) => c.line === m.line && c.field === m.field && c.round === m.round)
    const fault = faults.find((f) => hit(f.cells) || f.alternatives.some(hit))
    const where = `${m.name}:${m.line} ${m.field} ${m.from} → ${m.to} (${m.kind})`
    if (!fault) {
      misses.push(`${where}: not located (${faults.map((f) => f.explanation).join(" | ") || "no fault"})`)
      if (!m.separable) tally.other++
      else tally.separable++
      continue
    }
    tally.located++
    const single = fault.alternatives.length === 0 && hit(fault.cells)
    if (m.separable) {
      tally.separable++
      if (single) tally.single++
      const cell = fault.cells.find((c) => c.line === m.line && c.field === m.field && c.round === m.round)
      if (single && cell?.suggestion === m.original) tally.restored++
      else misses.push(`${where}: ${single ? `suggested ${cell?.suggestion ?? `range ${JSON.stringify(cell?.range)}`}` : `${fault.alternatives.length + 1} tied explanations`}`)
    } else {
      tally.other++
      if (single) tally.otherSingle++
      else tally.otherTied++
    }
  }
  const pct = (a: number, b: number) => (b === 0 ? "—" : `${((100 * a) / b).toFixed(1)} %`)
  const kinds = new Map<string, number>()
  for (const m of all) kinds.set(m.kind, (kinds.get(m.kind) ?? 0) + 1)
  t.log(`mutations: ${tally.cases} cases (${[...kinds].map(([k, n]) => `${n} ${k}`).join(", ")}; ${NAMES.map((n) => `${all.filter((m) => m.name === n).length} in ${n}`).join(", ")}; sampled from ${every.length}), ${tally.detected} detected by the audit`)
  t.log(`located (mutated cell among the fault's cells or tied alternatives): ${tally.located}/${tally.detected} = ${pct(tally.located, tally.detected)} (threshold 95 %)`)
  t.log(`separable cells (votes, %, totals of a round with a Total row): single best ${tally.single}/${tally.separable} = ${pct(tally.single, tally.separable)} (threshold 90 %); suggestion restores the original ${tally.restored}/${tally.separable} = ${pct(tally.restored, tally.separable)} (threshold 80 %)`)
  t.log(`other cells (seats, changes, turnout): ${tally.other} detected, ${tally.otherSingle} single, ${tally.otherTied} reported as ties`)
  for (const miss of misses.slice(0, 25)) t.log(`  ${miss}`)
  t.true(tally.cases >= 100, `only ${tally.cases} mutations`)
  t.true(tally.located >= 0.95 * tally.detected, "located < 95 %")
  t.true(tally.single >= 0.9 * tally.separable, "single best < 90 %")
  t.true(tally.restored >= 0.8 * tally.separable, "restored < 80 %")
})

/**
 * How far the prose extractor (pipeline/audit/prose/) agrees with the seeds' hand-written claims:
 * each hand-written claim is paired with the automatic claims that test the same thing, and counts
 * as found when one of them reaches the same verdict. Pairing, strictly:
 * - both read the same source of data (an infobox field, a table total, a party's figure, the
 *   presidencies — a majority's holder, not its denominator —, a law parameter, an area's winner or incumbent) on the same line — or the same
 *   infobox field anywhere (the infobox is one fact, whichever sentence contradicts it);
 * - or both are arithmetic on figures quoted in the text, on the same line, over the same figures;
 * - a hand-written "not checkable" claim pairs with an automatic "not checkable" one whose quote
 *   overlaps it on the same line (the extractor found the statement and declined to judge it too).
 * Used by test/prose-seeds.test.ts; `npx tsx test/helpers/prose-agreement.ts` prints the table.
 */
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import type { AuditContext } from "../../pipeline/audit/anomaly.ts"
import { type Check, type Claim, decodeClaims, type OperandType } from "../../pipeline/audit/claims.ts"
import { parseReference } from "../../pipeline/audit/reference.ts"
import { type ProseClaim, proseClaims } from "../../pipeline/audit/prose/link.ts"
import { evaluate } from "../../pipeline/audit/rules/claims.ts"
import { parseArticle } from "../../pipeline/extract/parse.ts"
import { normalise } from "../../pipeline/normalise/normalise.ts"
import { parsePartyDictionary } from "../../pipeline/normalise/parties.ts"

export type VerdictTag = "held" | "contradicted" | "not_checkable"

export interface Judged<C> {
  readonly claim: C
  readonly verdict: VerdictTag
}

export interface Pairing {
  readonly article: string
  readonly handWritten: Judged<Claim>
  readonly automatic: ReadonlyArray<Judged<ProseClaim>>
  /** An automatic claim paired with it reached the same verdict. */
  readonly agrees: boolean
}

export interface Agreement {
  readonly pairings: ReadonlyArray<Pairing>
  /** Every automatic claim of the seeds (claims files ignored), judged. */
  readonly automatic: ReadonlyArray<{ readonly article: string } & Judged<ProseClaim>>
}

/** Where a check reads its data from (not the figures it quotes). */
const sources = (check: Check): Set<string> => {
  const out = new Set<string>()
  const of = (op: OperandType | undefined) => {
    if (op === undefined) return
    if (op.infobox !== undefined) out.add(`infobox:${op.infobox.toLowerCase()}`)
    if (op.seatTotal !== undefined) out.add(`seatTotal:${op.seatTotal}`)
    if (op.presidencies !== undefined) out.add(`presidencies:${op.presidencies.party ?? op.presidencies.bloc ?? "all"}`)
    if (op.law !== undefined) out.add(`law:${op.law.parameter}/${op.law.scope}`)
    if (op.party !== undefined) out.add(`party:${op.party.name}/${op.party.measure}`)
    for (const o of op.sum ?? []) of(o)
    for (const o of op.difference ?? []) of(o)
  }
  switch (check.kind) {
    case "equals": of(check.left); of(check.right); break
    case "majority": of(check.holder); break
    case "winners": out.add(`winners:${check.bloc}:${check.areas?.join("|") ?? "all"}`); break
    case "incumbent": out.add(`incumbent:${check.area}`); break
    case "no-majority": out.add(`no-majority:${check.round}`); break
    case "not-checkable": break
  }
  return out
}

/** The figures a check quotes from the text, sorted. */
const quoted = (check: Check): string => {
  const values: Array<number> = []
  const of = (op: OperandType | undefined) => {
    if (op === undefined) return
    if (op.value !== undefined) values.push(op.value)
    for (const o of op.sum ?? []) of(o)
    for (const o of op.difference ?? []) of(o)
  }
  if (check.kind === "equals") { of(check.left); of(check.right) }
  if (check.kind === "majority") { of(check.holder); of(check.of) }
  if (check.kind === "winners") { of(check.count); of(check.of) }
  return values.sort((a, b) => a - b).join(",")
}

const overlaps = (line: string, a: string, b: string): boolean => {
  const i = line.indexOf(a)
  const j = line.indexOf(b)
  return i >= 0 && j >= 0 && i < j + b.length && j < i + a.length
}

const paired = (lineText: string, h: Claim, a: ProseClaim): boolean => {
  if (h.check.kind === "not-checkable") return a.check.kind === "not-checkable" && h.line === a.line && overlaps(lineText, h.quote, a.quote)
  if (h.check.kind !== a.check.kind) return false
  const hs = sources(h.check)
  const as = sources(a.check)
  const shared = [...hs].filter((s) => as.has(s))
  if (shared.some((s) => s.startsWith("infobox:"))) return true
  if (h.line !== a.line) return false
  if (shared.length > 0) return true
  return hs.size === 0 && as.size === 0 && h.check.kind === a.check.kind && quoted(h.check) === quoted(a.check)
}

const tag = (v: { readonly _tag: string }): VerdictTag => v._tag as VerdictTag

/** Runs the extractor on every seed (as if it had no claims file) and pairs its claims with the hand-written ones. */
export const measureAgreement = (seeds: string): Agreement => {
  const ref = (name: string) => readFileSync(join(seeds, "reference", name), "utf8")
  const { dictionary } = parsePartyDictionary(ref("parties.csv"), "parties.csv")
  const reference = parseReference({ file: "regional-councils.csv", text: ref("regional-councils.csv") }, { file: "electoral-law.csv", text: ref("electoral-law.csv") })
  const pairings: Array<Pairing> = []
  const automatic: Array<{ article: string } & Judged<ProseClaim>> = []
  for (const name of readdirSync(seeds).filter((n) => n.endsWith(".claims.json")).sort()) {
    const file = decodeClaims(readFileSync(join(seeds, name), "utf8"), name)
    if ("problem" in file) throw new Error(file.problem)
    const document = parseArticle(file.article, readFileSync(join(seeds, file.article), "utf8"))
    const dataset = normalise([document], dictionary)
    const election = dataset.elections.find((e) => e.source_file === file.article)!
    const context: AuditContext = { dataset, documents: [document], reference }
    const auto = proseClaims({ document, dataset, election, reference }).map((claim) => ({ article: file.article, claim, verdict: tag(evaluate(context, election, claim.check)) }))
    automatic.push(...auto)
    for (const claim of file.claims) {
      const handWritten = { claim, verdict: tag(evaluate(context, election, claim.check)) }
      const lineText = document.lines[claim.line - 1] ?? ""
      const matches = auto.filter((a) => paired(lineText, claim, a.claim))
      pairings.push({ article: file.article, handWritten, automatic: matches, agrees: matches.some((m) => m.verdict === handWritten.verdict) })
    }
  }
  return { pairings, automatic }
}

if (process.argv[1]?.endsWith("prose-agreement.ts")) {
  const { pairings } = measureAgreement(join(import.meta.dirname, "..", "..", "seeds"))
  console.log(`${pairings.filter((p) => p.agrees).length} of ${pairings.length} hand-written claims found and judged the same way`)
  for (const p of pairings.filter((x) => !x.agrees)) {
    const found = p.automatic.map((a) => `${a.claim.reading} ${a.verdict}`).join(", ") || "not found"
    console.log(`- \`${p.handWritten.claim.id}\` (${p.article.replace(".txt", "")}:${p.handWritten.claim.line}, ${p.handWritten.verdict.replace("_", " ")}): ${found}`)
  }
}

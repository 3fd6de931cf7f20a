/**
 * The prose extractor on the three seeds. Without their claims files (copied to a temporary folder
 * without *.claims.json) it still raises the Senate's "seats for election" contradiction (the
 * infobox's "A third of seats (117)" against the body's 127) and the Sapin incumbent contradiction,
 * as warnings of rule prose-claims at the lines found in the text; every contradiction it raises is
 * one a hand-written claim also reaches. Against the 61 hand-written claims it finds and judges the
 * same way at least AGREEMENT of them, never says "contradicted" where a paired hand-written claim
 * says "held", and the claims it misses are exactly those listed in docs/decisions.md ("Prose claims").
 */
import test from "ava"
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import type { Anomaly } from "../pipeline/audit/anomaly.ts"
import { rule } from "../pipeline/audit/rules/prose-claims.ts"
import { audit } from "./helpers/fixture.ts"
import { measureAgreement } from "./helpers/prose-agreement.ts"
import { ROOT, runPipeline, SEEDS, tempDir } from "./helpers/mutate.ts"

/** What the extractor achieves on the seeds (measured; see docs/decisions.md "Prose claims"). */
const AGREEMENT = 44

const lineOf = (file: string, needle: string): number => {
  const lines = readFileSync(join(SEEDS, file), "utf8").split("\n")
  const at = lines.findIndex((l) => l.includes(needle))
  if (at < 0) throw new Error(`${needle} not in ${file}`)
  return at + 1
}

let withoutClaims: Promise<ReadonlyArray<Anomaly>> | null = null
const runWithoutClaims = (): Promise<ReadonlyArray<Anomaly>> => {
  withoutClaims ??= (async () => {
    const { dir, cleanup } = tempDir("recount-prose-")
    try {
      const seeds = join(dir, "seeds")
      mkdirSync(seeds)
      for (const name of readdirSync(SEEDS).filter((n) => n.endsWith(".txt"))) copyFileSync(join(SEEDS, name), join(seeds, name))
      const { report } = await runPipeline(seeds, dir)
      return report.anomalies
    } finally {
      cleanup()
    }
  })()
  return withoutClaims
}

test("without claims files: the Senate's seats for election (infobox 117 against the body's 127) is contradicted", async (t) => {
  const prose = (await runWithoutClaims()).filter((a) => a.rule === "prose-claims" && a.file === "2004-french-senate-election.txt")
  const infoboxLine = lineOf("2004-french-senate-election.txt", "- Seats For Election:")
  const found = prose.filter((a) => a.lines.includes(infoboxLine))
  t.is(found.length, 1)
  const a = found[0]!
  t.is(a.severity, "warning")
  t.is(a.stated, 127)
  t.is(a.expected, 117)
  // The claim sits on the body's line that states 127 senators.
  t.true(readFileSync(join(SEEDS, a.file), "utf8").split("\n")[a.line - 1]!.includes("127"))
  t.regex(a.message, /Seats For Election 117/)
})

test("without claims files: Sapin, said to replace the retiring incumbent, is marked incumbent — contradicted", async (t) => {
  const prose = (await runWithoutClaims()).filter((a) => a.rule === "prose-claims" && a.file === "2004-french-regional-elections.txt")
  const sentence = lineOf("2004-french-regional-elections.txt", "Sapin replaces the retiring incumbent")
  const found = prose.filter((a) => a.line === sentence)
  t.is(found.length, 1)
  const a = found[0]!
  t.is(a.area, "Centre")
  t.is(a.stated, "not the incumbent")
  t.is(a.expected, "marked incumbent")
  t.true(a.lines.includes(lineOf("2004-french-regional-elections.txt", "Michel Sapin")))
})

test("without claims files: the extractor raises no error, and each contradiction it raises is one a hand-written claim reaches too", async (t) => {
  const prose = (await runWithoutClaims()).filter((a) => a.rule === "prose-claims")
  t.true(prose.every((a) => a.severity === "warning"))
  const { automatic, pairings } = measureAgreement(SEEDS)
  const contradicted = automatic.filter((a) => a.verdict === "contradicted")
  t.is(prose.length, contradicted.length)
  for (const a of contradicted) {
    const partner = pairings.find((p) => p.article === a.article && p.automatic.some((x) => x.claim === a.claim))
    t.truthy(partner, `${a.article}:${a.claim.line} ${a.claim.quote} pairs with a hand-written claim`)
    t.is(partner?.handWritten.verdict, "contradicted", `${a.article}:${a.claim.line} ${a.claim.quote}`)
  }
})

test(`agreement: at least ${AGREEMENT} of the seeds' hand-written claims found and judged the same way; never contradicted where the hand-written says held`, (t) => {
  const { pairings } = measureAgreement(SEEDS)
  t.is(pairings.length, 61)
  const agreed = pairings.filter((p) => p.agrees).length
  t.true(agreed >= AGREEMENT, `${agreed} of ${pairings.length}`)
  for (const p of pairings) {
    if (p.handWritten.verdict !== "held") continue
    t.false(p.automatic.some((a) => a.verdict === "contradicted"), `${p.handWritten.claim.id}: held by hand, contradicted automatically`)
  }
})

test("the claims the extractor misses are the ones docs/decisions.md lists", (t) => {
  const { pairings } = measureAgreement(SEEDS)
  const missed = pairings.filter((p) => !p.agrees).map((p) => p.handWritten.claim.id).sort()
  const decisions = readFileSync(join(ROOT, "docs", "decisions.md"), "utf8")
  const section = decisions.slice(decisions.indexOf("## Prose claims"))
  const body = section.slice(0, (section.indexOf("\n## ", 3) + 1 || section.length + 1) - 1)
  const listed = [...body.matchAll(/^- `([^`]+)`/gmu)].map((m) => m[1]!).sort()
  t.deepEqual(listed, missed)
})

// The verdicts follow the data, not the lines: the same sentences on edited copies of the seed.
const regional = readFileSync(join(SEEDS, "2004-french-regional-elections.txt"), "utf8")
const proseOf = (text: string) => audit(text, "2004-french-regional-elections.txt").run(rule)

test("seed edits: 'twenty-one of the twenty-two regions' is contradicted (the left won 20); the seed's 'twenty' holds", (t) => {
  const seed = proseOf(regional)
  const line = lineOf("2004-french-regional-elections.txt", "twenty of the twenty-two")
  t.true(seed.items.some((i) => i.line === line && i.status === "passed" && i.detail.includes("won 20 of 22")))
  const edited = proseOf(regional.replace("twenty of the twenty-two", "twenty-one of the twenty-two"))
  const found = edited.anomalies.filter((a) => a.line === line)
  t.is(found.length, 1)
  t.is(found[0]!.stated, 21)
  t.is(found[0]!.expected, 20)
})

test("seed edits: with Sapin's (incumbent) mark removed from the Centre table, the Sapin sentence holds", (t) => {
  const row = regional.split("\n").find((l) => l.includes("Michel Sapin") && l.includes("(incumbent)"))
  t.truthy(row)
  const edited = proseOf(regional.replace(row!, row!.replace(" (incumbent)", "")))
  const line = lineOf("2004-french-regional-elections.txt", "Sapin replaces the retiring incumbent")
  t.deepEqual(edited.anomalies.filter((a) => a.line === line), [])
  t.true(edited.items.some((i) => i.line === line && i.status === "passed" && i.detail.includes("Michel Sapin is not marked")))
})

test("seed edits: the round-two threshold is read against the electoral law (10 % in the regions, 5 % in Corsica); 12 % is contradicted", (t) => {
  const line = lineOf("2004-french-regional-elections.txt", "polled more than 10%")
  const seed = proseOf(regional).items.filter((i) => i.line === line && i.detail.includes("round_two_qualification"))
  t.deepEqual(seed.map((i) => i.status), ["passed", "passed"])
  t.true(seed[1]!.detail.includes("(corsica)"))
  const edited = proseOf(regional.replace("polled more than 10%", "polled more than 12%")).anomalies.filter((a) => a.line === line)
  t.is(edited.length, 1)
  t.is(edited[0]!.stated, 12)
  t.is(edited[0]!.expected, 10)
})

test("seed edits: 'Valéry Giscard d'Estaing … was seeking a fourth term' holds while he is marked incumbent, and is contradicted once he is not", (t) => {
  const line = lineOf("2004-french-regional-elections.txt", "seeking a fourth term")
  t.true(proseOf(regional).items.some((i) => i.line === line && i.status === "passed" && i.detail.includes("is marked (incumbent)")))
  const row = regional.split("\n").find((l) => l.includes("Giscard d'Estaing") && l.includes("(incumbent)"))
  t.truthy(row)
  const edited = proseOf(regional.replace(row!, row!.replace(" (incumbent)", ""))).anomalies.filter((a) => a.line === line)
  t.is(edited.length, 1)
  t.is(edited[0]!.stated, "incumbent")
})

test("seed edits: an area named after the threshold inside its bracket ('at least 10% … could stand (5% in Corsica)') takes that area's law", (t) => {
  const original = "in which only candidates who polled more than 10% in the first round were eligible to run (except in Corsica, where the threshold is 5%)"
  t.true(regional.includes(original))
  const edited = proseOf(regional.replace(original, "in which only lists that polled at least 10% in the first round could stand (5% in Corsica)"))
  const line = lineOf("2004-french-regional-elections.txt", "polled more than 10%")
  t.deepEqual(edited.anomalies.filter((a) => a.line === line), [])
  const items = edited.items.filter((i) => i.line === line && i.detail.includes("round_two_qualification"))
  t.deepEqual(items.map((i) => i.status), ["passed", "passed"])
  t.true(items.some((i) => i.detail.includes("(corsica)")))
})

test("seed edits: 'The right had never before won control of Lower Normandy' is contradicted (the left won it); the seed's 'left' holds", (t) => {
  const line = lineOf("2004-french-regional-elections.txt", "never before won control of Lower Normandy")
  t.true(proseOf(regional).items.some((i) => i.line === line && i.status === "passed"))
  const edited = proseOf(regional.replace("The left had never before won control of Lower Normandy", "The right had never before won control of Lower Normandy"))
  t.is(edited.anomalies.filter((a) => a.line === line).length, 1)
})

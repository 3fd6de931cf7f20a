/**
 * The articles' claims: decoding claims files (pipeline/audit/claims.ts), finding a quoted figure on
 * its line (`statesFigure`), and the `claims` rule (pipeline/audit/rules/claims.ts) evaluating each
 * check kind on small fixture articles — held, contradicted (an error with the evidence), not
 * checkable — plus the stale-claims-file warnings and the CLI's exit 3 for a malformed claims file.
 */
import { recountArgs } from "./helpers/recount.ts"
import test from "ava"
import { spawnSync } from "node:child_process"
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import type { Anomaly, CheckItem } from "../pipeline/audit/anomaly.ts"
import { runAudit } from "../pipeline/audit/audit.ts"
import { type Check, type Claim, type ClaimsFile, decodeClaims, numberWord, statesFigure } from "../pipeline/audit/claims.ts"
import { rule as claimsRule } from "../pipeline/audit/rules/claims.ts"
import {
  ALSACE_CANDIDATES,
  audit,
  cantonalArticle,
  CANTONAL_PARTIES,
  type Candidate,
  LANGUEDOC_CANDIDATES,
  lineOf,
  NATIONAL_2004,
  regionalArticle,
  SENATE_GROUPS,
  senateArticle
} from "./helpers/fixture.ts"
import { ROOT, SEEDS, tempDir } from "./helpers/mutate.ts"

// -------------------------------------------------------------------------------------------------
// decodeClaims
// -------------------------------------------------------------------------------------------------

const CLAIMS_FILES = readdirSync(SEEDS).filter((n) => n.endsWith(".claims.json")).sort()

test("decodeClaims: the three real claims files decode", (t) => {
  t.deepEqual(CLAIMS_FILES, [
    "2004-french-cantonal-elections.claims.json",
    "2004-french-regional-elections.claims.json",
    "2004-french-senate-election.claims.json"
  ])
  for (const name of CLAIMS_FILES) {
    const decoded = decodeClaims(readFileSync(join(SEEDS, name), "utf8"), name)
    if ("problem" in decoded) {
      t.fail(decoded.problem)
      continue
    }
    t.is(decoded.file, name)
    t.is(decoded.article, name.replace(/\.claims\.json$/, ".txt"))
    t.true(decoded.claims.length > 0)
    t.is(new Set(decoded.claims.map((c) => c.id)).size, decoded.claims.length, `${name}: claim ids are unique`)
    t.true(existsSync(join(SEEDS, decoded.article)), `${name} names an existing article`)
  }
})

const valid = {
  article: "a.txt",
  claims: [{ id: "x", line: 1, quote: "q", check: { kind: "not-checkable", reason: "r" } }]
}
const withClaim = (claim: unknown) => JSON.stringify({ article: "a.txt", claims: [claim] })

test("decodeClaims: a minimal valid file", (t) => {
  const decoded = decodeClaims(JSON.stringify(valid), "a.claims.json")
  t.false("problem" in decoded)
  if (!("problem" in decoded)) t.is(decoded.claims[0]!.check.kind, "not-checkable")
})

const rejects = (name: string, text: string, mention: RegExp) =>
  test(`decodeClaims rejects ${name}, naming the file`, (t) => {
    const decoded = decodeClaims(text, "broken.claims.json")
    t.true("problem" in decoded, "a problem, not a claims file")
    if (!("problem" in decoded)) return
    t.true(decoded.problem.startsWith("broken.claims.json: "), decoded.problem)
    t.regex(decoded.problem, mention)
    t.false(decoded.problem.includes("\n"), "one line")
  })

rejects("bad JSON", '{ "article": "a.txt", "claims": [', /not valid JSON/)
rejects("an empty file", "", /not valid JSON/)
rejects("an unknown check kind", withClaim({ id: "x", line: 1, quote: "q", check: { kind: "bogus" } }), /check/)
rejects("a claim without its line", withClaim({ id: "x", quote: "q", check: { kind: "not-checkable", reason: "r" } }), /line/)
rejects("a line that is not an integer", withClaim({ id: "x", line: "42", quote: "q", check: { kind: "not-checkable", reason: "r" } }), /line/)
rejects("an equals check without its right operand", withClaim({ id: "x", line: 1, quote: "q", check: { kind: "equals", left: { value: 1 } } }), /right/)
rejects("a file without its article", JSON.stringify({ claims: [] }), /article/)
rejects("a claims array that is not an array", JSON.stringify({ article: "a.txt", claims: {} }), /claims/)

// -------------------------------------------------------------------------------------------------
// statesFigure / numberWord
// -------------------------------------------------------------------------------------------------

test("numberWord: English words for 0–99", (t) => {
  t.is(numberWord(0), "zero")
  t.is(numberWord(2), "two")
  t.is(numberWord(19), "nineteen")
  t.is(numberWord(20), "twenty")
  t.is(numberWord(22), "twenty-two")
  t.is(numberWord(99), "ninety-nine")
  t.is(numberWord(100), null)
  t.is(numberWord(-1), null)
  t.is(numberWord(2.5), null)
})

test("statesFigure: digits", (t) => {
  t.true(statesFigure("Since 2001, 10 seats had been added to Senate.", 10))
  t.true(statesFigure("of France's 26 regions", 26))
  t.true(statesFigure("(115 seats including 107 incumbents", 115))
  t.true(statesFigure("(117)", 117))
  t.false(statesFigure("107 incumbents", 10), "10 is not inside 107")
  t.false(statesFigure("Since 2001", 200))
  t.false(statesFigure("Since 2001", 1))
  t.false(statesFigure("10.5 % of the votes", 10), "not the integer part of a decimal")
  t.false(statesFigure("0.10 of them", 10), "not the decimals of a number")
})

test("statesFigure: grouped digits", (t) => {
  t.true(statesFigure("1,126 seats", 1126))
  t.true(statesFigure("1126 seats", 1126))
  t.true(statesFigure("3,226,525 votes", 3226525))
  t.true(statesFigure("1 421 306 votes", 1421306))
  t.false(statesFigure("1,126 seats", 126), "no match of 126 inside 1,126")
  t.false(statesFigure("1,126 seats", 1), "no match of 1 inside 1,126")
  t.false(statesFigure("3,226,525 votes", 226525))
})

// KNOWN BUG (pipeline/audit/claims.ts statesFigure): the same function reads "1 126" as 1126 (a space
// is accepted as a thousands separator, as the cell reader does: NUMBER_THOUSANDS_SPACE), yet also finds
// 126 inside it — the lookbehind excludes only a preceding digit, "." or ",", not a digit and a space.
test("statesFigure: no match of 126 inside a space-grouped 1 126", (t) => {
  t.true(statesFigure("1 126 seats", 1126))
  t.false(statesFigure("1 126 seats", 126))
  t.false(statesFigure("1 421 306 votes", 306))
})

test("statesFigure: words", (t) => {
  t.true(statesFigure("twenty of the twenty-two regions", 20))
  t.true(statesFigure("twenty of the twenty-two regions", 22))
  t.true(statesFigure("Twenty-two regions", 22), "case-insensitive")
  t.true(statesFigure("one new seat", 1))
  t.true(statesFigure("only two regions", 2))
  t.false(statesFigure("the twenty-two regions", 2), "no false match of two inside twenty-two")
  t.false(statesFigure("the twenty-two regions", 20), "no false match of twenty inside twenty-two")
  t.false(statesFigure("someone won", 1), "no match of one inside a word")
  t.false(statesFigure("nineteen of the twenty-two regions", 20))
  t.false(statesFigure("nineteen of the twenty-two regions", 9))
})

// -------------------------------------------------------------------------------------------------
// The claims rule on fixtures
// -------------------------------------------------------------------------------------------------

const FILE = "fixture.txt"
const CLAIMS = "fixture.claims.json"

interface ClaimsRun {
  readonly anomalies: ReadonlyArray<Anomaly>
  readonly items: ReadonlyArray<CheckItem>
}

/** Runs the claims rule over one fixture article with the given claims. */
const runClaims = (article: string, claims: ReadonlyArray<Claim>, claimsArticle = FILE): ClaimsRun => {
  const fx = audit(article, FILE)
  const file: ClaimsFile = { article: claimsArticle, claims, file: CLAIMS }
  const report = runAudit({ ...fx.context, claims: [file] }, [claimsRule])
  return { anomalies: report.anomalies, items: report.checks[0]!.items }
}

/** One claim on the first line of `text` containing `quote`. */
const claim = (text: string, quote: string, check: Check, id = "c"): Claim => ({ id, line: lineOf(text, quote), quote, check })

/** Runs one claim and returns its single item (and the rule's anomalies). */
const one = (text: string, c: Claim) => {
  const run = runClaims(text, [c])
  if (run.items.length !== 1) throw new Error(`expected one item, got ${run.items.length}`)
  return { item: run.items[0]!, anomalies: run.anomalies }
}

// A regional article: Alsace (the right's Zeller leads round 2), Languedoc-Roussillon (the left's
// Frêche leads round 2 with 51.2 % — a majority), with the national table (Total: 26 regions).
const LANGUEDOC_NO_INCUMBENT: ReadonlyArray<Candidate> = LANGUEDOC_CANDIDATES.map((c) => ({ ...c, name: c.name.replace(" (incumbent)", "") }))
const LEAD = [
  "Regional elections were held in France on 21 and 28 March 2004. At stake were the presidencies of each of France's 26 regions.",
  "The left won one of the two regions. The left won two of the two regions.",
  "Since no candidate gained a majority in any region, a second round was held.",
  "The left won control of twenty regions."
]
const regional = (national = NATIONAL_2004) =>
  regionalArticle({
    lead: LEAD,
    national,
    regions: [
      { region: "Alsace", candidates: ALSACE_CANDIDATES, outro: "Conservative Alsace is retained by the right." },
      { region: "Languedoc-Roussillon", candidates: LANGUEDOC_NO_INCUMBENT, outro: "The left re-establishes its dominance of Languedoc-Roussillon." }
    ]
  })
const REGIONAL = regional()

test("equals held: the lead's 26 regions against the national table's total regions", (t) => {
  const { item, anomalies } = one(REGIONAL, claim(REGIONAL, "France's 26 regions", { kind: "equals", left: { value: 26 }, right: { seatTotal: "regions" } }))
  t.is(item.status, "passed")
  t.is(item.rule, "claims")
  t.is(item.file, FILE)
  t.regex(item.detail, /26 equals the table's total regions 26 \(line \d+\)/)
  t.deepEqual(anomalies, [])
})

test("equals contradicted: an error naming the claim's line and the table's", (t) => {
  const text = regional({ ...NATIONAL_2004, total: { regions: 25 } })
  const c = claim(text, "France's 26 regions", { kind: "equals", left: { value: 26 }, right: { seatTotal: "regions" } }, "regions")
  const { item, anomalies } = one(text, c)
  t.is(item.status, "flagged")
  t.is(anomalies.length, 1)
  const a = anomalies[0]!
  t.is(a.rule, "claims")
  t.is(a.severity, "error")
  t.is(a.field, "claim")
  t.is(a.line, c.line)
  t.deepEqual([...a.lines], [c.line, lineOf(text, "| Total")].sort((x, y) => x - y))
  t.is(a.stated, 26)
  t.is(a.expected, 25)
  t.is(a.delta, 1)
  t.true(a.id.endsWith("/regions"))
  t.true(a.message.includes("“France's 26 regions”"))
})

test("equals with law parameters: 10 % (regions) and 5 % (Corsica) held, 12 % contradicted", (t) => {
  const text = regionalArticle({ lead: "Only lists with 10% may stand in round two, except in Corsica, where the threshold is 5%; some say 12%.", regions: [{ region: "Alsace", candidates: ALSACE_CANDIDATES }] })
  const run = runClaims(text, [
    claim(text, "10%", { kind: "equals", left: { value: 10 }, right: { law: { parameter: "round_two_qualification", scope: "regions" } } }, "a"),
    claim(text, "5%", { kind: "equals", left: { value: 5 }, right: { law: { parameter: "round_two_qualification", scope: "corsica" } } }, "b"),
    claim(text, "12%", { kind: "equals", left: { value: 12 }, right: { law: { parameter: "round_two_qualification", scope: "regions" } } }, "c"),
    claim(text, "10%", { kind: "equals", left: { value: 10 }, right: { law: { parameter: "no_such_parameter", scope: "regions" } } }, "d")
  ])
  t.deepEqual(run.items.map((i) => i.status), ["passed", "passed", "flagged", "not_evaluated"])
  t.regex(run.items[3]!.detail, /no law parameter no_such_parameter/)
  t.is(run.anomalies.length, 1)
  t.is(run.anomalies[0]!.stated, 12)
  t.is(run.anomalies[0]!.expected, 10)
})

// A Senate article with an infobox (Seats For Election 117) and the body's breakdown (115 + 5 + 3 + 4 = 127).
const BREAKDOWN = "Since 2001, 10 seats had been added to Senate. This election elected 115 seats, 5 seats, 3 seats, and 4 senators representing French citizens abroad."
const SENATE = (() => {
  const body = senateArticle({ groups: SENATE_GROUPS, intro: BREAKDOWN }).split("\n")
  body.splice(2, 0, "Infobox", "- Election Name: 2004 French Senate election", "- Seats For Election: A third of seats (117) to the French Senate", "")
  return body.join("\n")
})()
const breakdown = (line: number) => ({ sum: [{ value: 115, line }, { value: 5, line }, { value: 3, line }, { value: 4, line }] })

test("equals with sum, difference, infobox and seat totals (the Senate article's checks)", (t) => {
  const l = lineOf(SENATE, "10 seats had been added")
  const run = runClaims(SENATE, [
    claim(SENATE, "10 seats had been added", { kind: "equals", left: { value: 10 }, right: { difference: [{ seatTotal: "seats" }, { seatTotal: "seats_before" }] } }, "added"),
    claim(SENATE, "4 senators representing French citizens abroad", { kind: "equals", left: { infobox: "Seats For Election" }, right: breakdown(l) }, "infobox"),
    claim(SENATE, "4 senators representing French citizens abroad", { kind: "equals", left: { infobox: "No Such Field" }, right: breakdown(l) }, "nofield")
  ])
  t.deepEqual(run.items.map((i) => i.status), ["passed", "flagged", "not_evaluated"])
  t.regex(run.items[0]!.detail, /\(the table's total seats 331 \(line \d+\)\) − \(the table's total seats before 321 \(line \d+\)\) = 10/)
  t.regex(run.items[2]!.detail, /no infobox field 'No Such Field'/)
  t.is(run.anomalies.length, 1)
  const a = run.anomalies[0]!
  t.is(a.severity, "error")
  t.is(a.stated, 117)
  t.is(a.expected, 127)
  t.true(a.lines.includes(l), "the claim's line")
  t.true(a.lines.includes(lineOf(SENATE, "Seats For Election")), "the infobox line")
})

// The cantonal article: PS 44 presidencies, the left 51; the fixture's parties hold 99 (no MPF row).
const CANTONAL = cantonalArticle({ parties: CANTONAL_PARTIES })
const DEPARTMENTS = "the general councils of France's 100 departments"

test("majority contradicted: the PS alone holds 44 of 100 presidencies", (t) => {
  const c = claim(CANTONAL, DEPARTMENTS, { kind: "majority", holder: { presidencies: { party: "PS" } }, of: { value: 100 } }, "ps")
  const { item, anomalies } = one(CANTONAL, c)
  t.is(item.status, "flagged")
  t.regex(item.detail, /PS holds 44 presidencies \(PS 44\): not more than half of 100/)
  t.is(anomalies.length, 1)
  t.is(anomalies[0]!.stated, 44)
  t.is(anomalies[0]!.expected, 51, "the smallest majority of 100")
  t.true(anomalies[0]!.lines.includes(lineOf(CANTONAL, "| PS |")))
})

test("majority held: the left together holds 51 of 100", (t) => {
  const { item, anomalies } = one(CANTONAL, claim(CANTONAL, DEPARTMENTS, { kind: "majority", holder: { presidencies: { bloc: "left" } }, of: { value: 100 } }))
  t.is(item.status, "passed")
  t.regex(item.detail, /left holds 51 presidencies .*: more than half of 100/)
  t.deepEqual(anomalies, [])
})

test("equals on all presidencies: 100 departments against the rows' 99 is contradicted", (t) => {
  const { item, anomalies } = one(CANTONAL, claim(CANTONAL, DEPARTMENTS, { kind: "equals", left: { value: 100 }, right: { presidencies: {} } }))
  t.is(item.status, "flagged")
  t.is(anomalies[0]!.stated, 100)
  t.is(anomalies[0]!.expected, 99)
})

test("winners with a count and an 'of': the left won one of the two regions (held), two of two (contradicted)", (t) => {
  const one_ = claim(REGIONAL, "The left won one of the two regions", { kind: "winners", bloc: "left", count: { value: 1 }, of: { value: 2 } }, "one")
  const two = claim(REGIONAL, "The left won two of the two regions", { kind: "winners", bloc: "left", count: { value: 2 }, of: { value: 2 } }, "two")
  const run = runClaims(REGIONAL, [one_, two])
  t.deepEqual(run.items.map((i) => i.status), ["passed", "flagged"])
  t.regex(run.items[0]!.detail, /the left won 1 of 2 areas \(elsewhere: Alsace right\)/)
  t.is(run.anomalies.length, 1)
  const a = run.anomalies[0]!
  t.is(a.stated, 2)
  t.is(a.expected, 1)
  t.true(a.lines.includes(lineOf(REGIONAL, "| Adrien Zeller")), "the winners' lines")
  t.true(a.lines.includes(lineOf(REGIONAL, "| Georges Frêche")))
})

test("winners: a wrong 'of' (three areas) is contradicted even when the count holds", (t) => {
  const text = REGIONAL.replace("The left won one of the two regions", "The left won one of the three regions")
  const { item } = one(text, claim(text, "The left won one of the three regions", { kind: "winners", bloc: "left", count: { value: 1 }, of: { value: 3 } }))
  t.is(item.status, "flagged")
})

test("winners with areas: Alsace to the right and Languedoc-Roussillon to the left held; Alsace to the left contradicted", (t) => {
  const run = runClaims(REGIONAL, [
    claim(REGIONAL, "Conservative Alsace is retained by the right", { kind: "winners", bloc: "right", areas: ["Alsace"] }, "a"),
    claim(REGIONAL, "The left re-establishes its dominance", { kind: "winners", bloc: "left", areas: ["Languedoc-Roussillon"] }, "b"),
    claim(REGIONAL, "Conservative Alsace is retained by the right", { kind: "winners", bloc: "left", areas: ["Alsace"] }, "c"),
    claim(REGIONAL, "Conservative Alsace is retained by the right", { kind: "winners", bloc: "right", areas: ["Atlantis"] }, "d")
  ])
  t.deepEqual(run.items.map((i) => i.status), ["passed", "passed", "flagged", "not_evaluated"])
  t.regex(run.items[3]!.detail, /areas not found: Atlantis/)
  t.is(run.anomalies.length, 1)
  t.is(run.anomalies[0]!.stated, 1)
  t.is(run.anomalies[0]!.expected, 0)
  t.true(run.anomalies[0]!.lines.includes(lineOf(REGIONAL, "| Adrien Zeller")))
})

test("winners without areas or count: all areas must be the bloc's (contradicted: the left won 1 of 2)", (t) => {
  const { item, anomalies } = one(REGIONAL, claim(REGIONAL, "The left won one of the two regions", { kind: "winners", bloc: "left" }))
  t.is(item.status, "flagged")
  t.is(anomalies[0]!.stated, 2)
  t.is(anomalies[0]!.expected, 1)
})

test("incumbent: true and false, held and contradicted; a contestant who did not stand is not checkable", (t) => {
  const text = REGIONAL
  const q = "Conservative Alsace is retained by the right"
  const run = runClaims(text, [
    claim(text, q, { kind: "incumbent", area: "Alsace", contestant: "Adrien Zeller", incumbent: true }, "zeller-true"),
    claim(text, q, { kind: "incumbent", area: "Alsace", contestant: "Adrien Zeller", incumbent: false }, "zeller-false"),
    claim(text, q, { kind: "incumbent", area: "Alsace", contestant: "Jacques Bigot", incumbent: false }, "bigot-false"),
    claim(text, q, { kind: "incumbent", area: "Alsace", contestant: "Jacques Bigot", incumbent: true }, "bigot-true"),
    claim(text, q, { kind: "incumbent", area: "Alsace", contestant: "Nobody Known", incumbent: true }, "nobody"),
    claim(text, q, { kind: "incumbent", area: "Atlantis", contestant: "Adrien Zeller", incumbent: true }, "atlantis")
  ])
  t.deepEqual(run.items.map((i) => i.status), ["passed", "flagged", "passed", "flagged", "not_evaluated", "not_evaluated"])
  t.regex(run.items[0]!.detail, /Adrien Zeller is marked \(incumbent\) in the Alsace table \(line \d+\)/)
  t.regex(run.items[4]!.detail, /Nobody Known is not a candidate in Alsace/)
  t.regex(run.items[5]!.detail, /no results for Atlantis/)
  // Report order: same line, then by id.
  t.deepEqual(run.anomalies.map((a) => [a.id.split("/").pop(), a.severity, a.stated, a.expected]), [
    ["bigot-true", "error", "incumbent", "not marked incumbent"],
    ["zeller-false", "error", "not the incumbent", "marked incumbent"]
  ])
  t.true(run.anomalies[0]!.lines.includes(lineOf(text, "| Jacques Bigot")))
  t.true(run.anomalies[1]!.lines.includes(lineOf(text, "| Adrien Zeller")))
})

test("incumbent with a null contestant: nobody marked → held; somebody marked → contradicted", (t) => {
  const text = REGIONAL
  const run = runClaims(text, [
    claim(text, "The left re-establishes its dominance", { kind: "incumbent", area: "Languedoc-Roussillon", contestant: null, incumbent: false }, "nobody-lr"),
    claim(text, "Conservative Alsace is retained by the right", { kind: "incumbent", area: "Alsace", contestant: null, incumbent: false }, "nobody-alsace")
  ])
  t.deepEqual(run.items.map((i) => i.status), ["passed", "flagged"])
  t.regex(run.items[0]!.detail, /no Languedoc-Roussillon candidate is marked \(incumbent\)/)
  t.is(run.anomalies.length, 1)
  t.true(run.anomalies[0]!.lines.includes(lineOf(text, "| Adrien Zeller")))
  t.is(run.anomalies[0]!.expected, "Adrien Zeller marked incumbent")
})

test("no-majority: held in round 1; contradicted in round 2 (Frêche 578,785 of 1,129,911)", (t) => {
  const q = "Since no candidate gained a majority in any region"
  const run = runClaims(REGIONAL, [
    claim(REGIONAL, q, { kind: "no-majority", round: 1 }, "r1"),
    claim(REGIONAL, q, { kind: "no-majority", round: 2 }, "r2")
  ])
  t.deepEqual(run.items.map((i) => i.status), ["passed", "flagged"])
  t.regex(run.items[0]!.detail, /no area's leading list won more than half the round-1 votes \(2 areas\)/)
  t.regex(run.items[1]!.detail, /Georges Frêche \(Languedoc-Roussillon\) won 578,785 of 1,129,911/)
  t.is(run.anomalies.length, 1)
  t.true(run.anomalies[0]!.lines.includes(lineOf(REGIONAL, "| Georges Frêche")))
})

// KNOWN BUG (pipeline/audit/rules/claims.ts, case "no-majority"): an area whose round has no stated
// total is skipped silently — yet still counted in "(N areas)" — so the claim is "held" without
// evidence, even when the leading list has 60,000 of the 100,000 votes listed. It should be not
// checkable for that area (or contradicted), never held.
test("no-majority: an area without a stated round total cannot make the claim hold", (t) => {
  const text = regionalArticle({
    lead: "Since no candidate gained a majority in any region, a second round was held.",
    region: "Alsace",
    total: null,
    candidates: [
      { name: "A", party: "UMP", votes: [60_000, 70_000] },
      { name: "B", party: "PS", votes: [30_000, 30_000] },
      { name: "C", party: "FN", votes: [10_000] }
    ]
  })
  const { item } = one(text, claim(text, "Since no candidate gained a majority in any region", { kind: "no-majority", round: 1 }))
  t.not(item.status, "passed", item.detail)
})

test("not-checkable: not evaluated, with its reason, and no anomaly", (t) => {
  const { item, anomalies } = one(REGIONAL, claim(REGIONAL, "Since no candidate gained a majority", { kind: "not-checkable", reason: "no earlier results in the article" }))
  t.is(item.status, "not_evaluated")
  t.is(item.detail, "no earlier results in the article")
  t.deepEqual(anomalies, [])
})

test("a quote not on its line: not evaluated, and a warning that the claims file needs updating", (t) => {
  const right = lineOf(REGIONAL, "France's 26 regions")
  const c: Claim = { id: "moved", line: right + 1, quote: "France's 26 regions", check: { kind: "equals", left: { value: 26 }, right: { seatTotal: "regions" } } }
  const { item, anomalies } = one(REGIONAL, c)
  t.is(item.status, "not_evaluated")
  t.is(item.detail, `quote not found on line ${right + 1} (${CLAIMS} is out of date)`)
  t.is(anomalies.length, 1)
  const a = anomalies[0]!
  t.is(a.severity, "warning")
  t.is(a.field, "claim")
  t.is(a.line, right + 1)
  t.deepEqual([...a.lines], [right + 1])
  t.true(a.id.endsWith("/moved/quote"))
  t.true(a.message.includes(CLAIMS))
})

test("the quote is matched ignoring case and runs of spaces", (t) => {
  const { item } = one(REGIONAL, { ...claim(REGIONAL, "France's 26 regions", { kind: "equals", left: { value: 26 }, right: { seatTotal: "regions" } }), quote: "FRANCE'S   26  regions" })
  t.is(item.status, "passed")
})

test("a quoted figure no longer on its line: not evaluated, and a warning naming figure and line", (t) => {
  // The sentence says "twenty", the claim quotes 20 (held) — and 22, which the line does not state.
  const q = "The left won control of twenty regions"
  const held = one(REGIONAL, claim(REGIONAL, q, { kind: "winners", bloc: "left", count: { value: 1 } }))
  t.is(held.item.status, "not_evaluated", "1 is not on the line")
  const c = claim(REGIONAL, q, { kind: "winners", bloc: "left", count: { value: 20 }, of: { value: 22 } }, "twenty")
  const { item, anomalies } = one(REGIONAL, c)
  t.is(item.status, "not_evaluated")
  t.is(item.detail, `figure(s) no longer in the text: 22 on line ${c.line}`)
  t.is(anomalies.length, 1)
  const a = anomalies[0]!
  t.is(a.severity, "warning")
  t.is(a.expected, 22)
  t.deepEqual([...a.lines], [c.line])
  t.true(a.id.endsWith("/twenty/figures"))
})

test("a quoted figure expected on another line (a breakdown below the sentence) that is no longer there", (t) => {
  const l = lineOf(SENATE, "10 seats had been added")
  const title = lineOf(SENATE, "= 2004 French Senate election =")
  const c = claim(SENATE, "4 senators representing French citizens abroad", { kind: "equals", left: { infobox: "Seats For Election" }, right: { sum: [{ value: 115, line: title }, { value: 4, line: l }] } }, "elsewhere")
  const { item, anomalies } = one(SENATE, c)
  t.is(item.status, "not_evaluated")
  t.is(item.detail, `figure(s) no longer in the text: 115 on line ${title}`)
  t.is(anomalies.length, 1)
  t.deepEqual([...anomalies[0]!.lines], [title, l].sort((x, y) => x - y))
})

test("a claims file for an article not in the run: not evaluated, no anomaly", (t) => {
  const run = runClaims(REGIONAL, [claim(REGIONAL, "France's 26 regions", { kind: "equals", left: { value: 26 }, right: { seatTotal: "regions" } })], "elsewhere.txt")
  t.deepEqual(run.items.map((i) => [i.status, i.detail]), [["not_evaluated", "article elsewhere.txt not in the run"]])
  t.deepEqual(run.anomalies, [])
})

test("a note is carried into the evidence and the message", (t) => {
  const c: Claim = { ...claim(CANTONAL, DEPARTMENTS, { kind: "majority", holder: { presidencies: { party: "PS" } }, of: { value: 100 } }), note: "the left together holds 51" }
  const { item, anomalies } = one(CANTONAL, c)
  t.true(item.detail.endsWith("(the left together holds 51)"))
  t.true(anomalies[0]!.message.includes("the left together holds 51"))
})

// -------------------------------------------------------------------------------------------------
// The command line: a malformed claims file stops the run with exit 3, naming the file
// -------------------------------------------------------------------------------------------------

test("CLI: a malformed claims file in the seeds folder → exit 3, the file named, nothing written", (t) => {
  const { dir, cleanup } = tempDir("recount-claims-cli-")
  try {
    const seeds = join(dir, "seeds")
    mkdirSync(seeds)
    for (const name of readdirSync(SEEDS).filter((n) => n.endsWith(".txt") || n.endsWith(".claims.json"))) {
      writeFileSync(join(seeds, name), readFileSync(join(SEEDS, name)))
    }
    const broken = "2004-french-senate-election.claims.json"
    const original = JSON.parse(readFileSync(join(SEEDS, broken), "utf8")) as { claims: Array<{ check: { kind: string } }> }
    original.claims[0]!.check.kind = "approximately"
    writeFileSync(join(seeds, broken), JSON.stringify(original, null, 2))
    const out = join(dir, "out")
    const reports = join(dir, "reports")
    const result = spawnSync(process.execPath, [...recountArgs(), "--seeds", seeds, "--out", out, "--reports", reports], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 60_000,
      env: { ...process.env, NO_COLOR: "1" }
    })
    if (result.error) throw result.error
    t.is(result.status, 3, `stderr: ${result.stderr}`)
    t.true(result.stderr.includes(broken), `stderr names ${broken}: ${result.stderr}`)
    t.false(result.stderr.includes("2004-french-regional-elections.claims.json"), "only the broken file is named")
    t.false(existsSync(out), "out/ not written")
    t.false(existsSync(reports), "reports/ not written")
  } finally {
    cleanup()
  }
})

/**
 * Claims found in the prose (pipeline/audit/prose/, rule prose-claims) on small invented articles:
 * the figures a sentence states (digits, number words, percentages, fractions, dates told apart),
 * and each reading held, contradicted (a warning with the evidence and the lines) or not checkable
 * (with the reason, never a finding); a line a claims file covers is left to it.
 */
import test from "ava"
import { mkdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import fc from "fast-check"
import { binaryUnit } from "./helpers/binary-unit.ts"
import { marked } from "marked"
import { figuresOf, tokenise } from "../pipeline/audit/prose/tokens.ts"
import { splitSentences } from "../pipeline/audit/prose/sentences.ts"
import { DEFERRED, rule } from "../pipeline/audit/rules/prose-claims.ts"
import { audit, claimsFile, lineOf } from "./helpers/fixture.ts"
import { runPipeline, tempDir } from "./helpers/mutate.ts"

// -------------------------------------------------------------------------------------------------
// Tokens: the scanner's character-code shortcuts (issue 8) against the string tests it replaced
// -------------------------------------------------------------------------------------------------

/** The tokeniser as first written (string tests per character), kept here as the reference. */
const tokeniseByStrings = (text: string) => {
  const isLetter = (c: string): boolean => c.toLowerCase() !== c.toUpperCase() || (c >= "a" && c <= "z")
  const isDigit = (c: string): boolean => c >= "0" && c <= "9"
  const tokens: Array<{ text: string; lower: string; kind: string; start: number; end: number }> = []
  let i = 0
  const push = (start: number, end: number, kind: string) => {
    const raw = text.slice(start, end)
    tokens.push({ text: raw, lower: raw.toLowerCase().replace(/’/g, "'").replace(/[‐‑]/g, "-"), kind, start, end })
  }
  while (i < text.length) {
    const c = text[i]!
    if (c.trim() === "") {
      i++
      continue
    }
    const start = i
    if (isDigit(c)) {
      i++
      while (i < text.length && (isDigit(text[i]!) || ((text[i] === "," || text[i] === ".") && isDigit(text[i + 1] ?? "")))) i++
      push(start, i, "number")
      continue
    }
    if (isLetter(c)) {
      i++
      while (i < text.length) {
        const d = text[i]!
        if (isLetter(d) || isDigit(d)) i++
        else if (["'", "’", "-", "‐", "‑"].includes(d) && isLetter(text[i + 1] ?? "")) i += 2
        else break
      }
      push(start, i, "word")
      continue
    }
    i++
    push(start, i, "punct")
  }
  return tokens
}

test("tokenise equals the string-by-string scanner on any text (letters beyond ASCII, spaces, dashes, apostrophes)", (t) => {
  const CHARS = [..."aZé É0912,.%-‐‑'’ \t\n\u00a0\u2009\u3000\ufeffßİǅ–—“”()[]:;!?\u0301"]
  const text = fc.oneof(
    fc.array(fc.constantFrom(...CHARS), { maxLength: 30 }).map((cs) => cs.join("")),
    fc.string({ unit: binaryUnit, maxLength: 30 }),
    fc.string({ unit: "grapheme", maxLength: 30 })
  )
  fc.assert(fc.property(text, (s) => {
    t.deepEqual(tokenise(s), tokeniseByStrings(s))
  }), { numRuns: 3000, seed: 8 })
  t.deepEqual(tokenise("Jean-Pierre’s twenty‑two seats, 3,226,525 votes"), tokeniseByStrings("Jean-Pierre’s twenty‑two seats, 3,226,525 votes"))
})

// -------------------------------------------------------------------------------------------------
// Figures
// -------------------------------------------------------------------------------------------------

const figures = (text: string) => figuresOf(tokenise(text)).map((f) => `${f.kind}:${Number(f.value.toFixed(4))}`)

test("figures: digits, grouped digits, decimal points and commas", (t) => {
  t.deepEqual(figures("won 3,226,525 votes"), ["count:3226525"])
  t.deepEqual(figures("won 26.25% of the vote"), ["percent:26.25"])
  t.deepEqual(figures("won 34,06 % of the vote"), ["percent:34.06"])
  t.deepEqual(figures("a share of 12 per cent"), ["percent:12"])
})

test("figures: number words, compounds, fractions and a majority", (t) => {
  t.deepEqual(figures("twenty of the twenty-two regions"), ["count:20", "count:22"])
  t.deepEqual(figures("nine-year terms"), ["count:9"])
  t.deepEqual(figures("A third of seats (117)"), ["fraction:0.3333", "count:117"])
  t.deepEqual(figures("in control of a majority of departments"), ["majority:0.5"])
  t.deepEqual(figures("seeking a fourth term"), ["ordinal:4"])
})

test("figures: dates and years are told apart from counts", (t) => {
  t.deepEqual(figures("held on 21 and 28 March 2004"), ["date:21", "date:28", "year:2004"])
  t.deepEqual(figures("on September 26, 2004"), ["date:26", "year:2004"])
  t.deepEqual(figures("Since 2001, 10 seats had been added"), ["year:2001", "count:10"])
})

test("sentences: split at a stop before a capital, not after an initial or an abbreviation", (t) => {
  t.deepEqual(splitSentences("The left won. J. Smith lost. Mr. Brown won 3 seats. 10 seats were added.").map((x) => x.text), [
    "The left won.",
    "J. Smith lost.",
    "Mr. Brown won 3 seats.",
    "10 seats were added."
  ])
})

test("the scanner is linear: a long hostile sentence is read quickly", (t) => {
  const hostile = `${"1,".repeat(20_000)} ${"twenty-".repeat(20_000)} ${"((".repeat(20_000)} won 5 seats`
  const tokens = tokenise(hostile)
  t.true(tokens.length > 20_000)
  t.true(figuresOf(tokens).length > 0)
})

// -------------------------------------------------------------------------------------------------
// Readings on an invented article
// -------------------------------------------------------------------------------------------------

const article = (prose: ReadonlyArray<string>, lead = "General elections were held in Testland on 12 May 2019 to elect the 150 members of the National Assembly.") => [
  "= 2019 Testland general election =",
  "",
  "Infobox",
  "- Election Name: 2019 Testland general election",
  "- Country: Testland",
  "- Seats For Election: All 150 seats in the National Assembly",
  "",
  lead,
  "",
  ...prose.flatMap((p) => [p, ""]),
  "==National results==",
  "",
  "| Party | Votes | % | Seats |",
  "| Labour Party (LAB) | 1,412,380 | 39.46% | 63 |",
  "| National Union (NU) | 1,198,765 | 33.49% | 53 |",
  "| Green Alliance (GA) | 402,118 | 11.23% | 18 |",
  "| Farmers' League (FL) | 566,366 | 15.82% | 16 |",
  "| Total | 3,579,629 | 100.00% | 150 |",
  ""
].join("\n")

const run = (text: string, claims?: ReturnType<typeof claimsFile>) => audit(text, "fixture.txt", claims === undefined ? {} : { claims: [claims] }).run(rule)
const itemsOn = (r: ReturnType<typeof run>, line: number) => r.items.filter((i) => i.line === line)

test("party seats: 'won 63 of the 150 seats' holds (party and total); 64 is a warning with the table's line", (t) => {
  const good = article(["The Labour Party (LAB) won 63 of the 150 seats."])
  const ok = run(good)
  const line = lineOf(good, "won 63 of the 150")
  t.deepEqual(itemsOn(ok, line).map((i) => i.status), ["passed", "passed"])
  t.is(ok.anomalies.length, 0)

  const bad = article(["The Labour Party (LAB) won 64 of the 150 seats."])
  const r = run(bad)
  const at = lineOf(bad, "won 64")
  t.is(r.anomalies.length, 1)
  const a = r.anomalies[0]!
  t.is(a.rule, "prose-claims")
  t.is(a.severity, "warning")
  t.is(a.line, at)
  t.is(a.stated, 64)
  t.is(a.expected, 63)
  t.true(a.lines.includes(lineOf(bad, "| Labour Party (LAB)")))
  t.regex(a.message, /differs from Labour Party \(LAB\)'s 63 seats in the table/)
})

test("number words: 'fifty-three seats' holds, 'thirty seats' is contradicted", (t) => {
  t.is(run(article(["The National Union won fifty-three seats."])).anomalies.length, 0)
  const text = article(["The National Union won thirty seats."])
  const r = run(text)
  t.is(r.anomalies.length, 1)
  t.is(r.anomalies[0]!.stated, 30)
  t.is(r.anomalies[0]!.expected, 53)
  t.is(r.anomalies[0]!.line, lineOf(text, "thirty seats"))
})

test("percentages: compared at the prose's own decimals; a wrong share is a warning", (t) => {
  const rounded = run(article(["The Labour Party won 39.5% of the vote."]))
  t.is(rounded.anomalies.length, 0)
  t.true(rounded.items.some((i) => i.status === "passed" && i.detail.includes("39.46 %")))
  const text = article(["The Green Alliance (GA) won 12.23% of the vote."])
  const r = run(text)
  t.is(r.anomalies.length, 1)
  t.is(r.anomalies[0]!.stated, 12.23)
  t.is(r.anomalies[0]!.expected, 11.23)
})

test("votes: 'received 1,412,380 votes' holds; a wrong count is a warning", (t) => {
  t.is(run(article(["The Labour Party received 1,412,380 votes."])).anomalies.length, 0)
  const r = run(article(["The National Union received 1,189,765 votes."]))
  t.is(r.anomalies.length, 1)
  t.is(r.anomalies[0]!.stated, 1189765)
  t.is(r.anomalies[0]!.expected, 1198765)
})

test("areas won: 'won three of the five provinces' against the table's Provinces column and its total", (t) => {
  const text = (prose: string) => [
    "= 2020 Testland provincial elections =",
    "",
    prose,
    "",
    "==Results==",
    "",
    "| Party | Votes | % | Provinces | Seats |",
    "| Testland First (TF) | 600 | 60.00% | 3 | 50 |",
    "| Harbour Party (HP) | 400 | 40.00% | 2 | 30 |",
    "| Total | 1,000 | 100.00% | 5 | 80 |",
    ""
  ].join("\n")
  const ok = run(text("Testland First won three of the five provinces."))
  t.is(ok.anomalies.length, 0)
  t.is(ok.items.filter((i) => i.status === "passed").length, 2)
  const r = run(text("Testland First won four of the five provinces."))
  t.is(r.anomalies.length, 1)
  t.is(r.anomalies[0]!.stated, 4)
  t.is(r.anomalies[0]!.expected, 3)
})

test("the article's own definitions and gapped lists: 'the Green Alliance (GA) 18 and the Farmers' League (FL) 17'", (t) => {
  const text = article(["The Labour Party won 63 seats, the Green Alliance (GA) 18 and the Farmers' League (FL) 17."])
  const r = run(text)
  t.is(r.anomalies.length, 1)
  t.is(r.anomalies[0]!.stated, 17)
  t.is(r.anomalies[0]!.expected, 16)
  t.is(itemsOn(r, lineOf(text, "won 63 seats")).filter((i) => i.status === "passed").length, 2)
})

test("not checkable: bounds, estimates, unnamed figures and unknown parties are items with a reason, never findings", (t) => {
  const text = article([
    "Some 40 seats changed hands.",
    "Parties needed more than 5% of the votes cast.",
    "The Pirate Movement won 4 seats.",
    "Turnout rose in 12 constituencies."
  ])
  const r = run(text)
  t.is(r.anomalies.length, 0)
  for (const needle of ["Some 40", "more than 5%", "Pirate Movement", "12 constituencies"]) {
    const items = itemsOn(r, lineOf(text, needle))
    t.true(items.length > 0, needle)
    t.true(items.every((i) => i.status === "not_evaluated" && i.detail.length > 0), needle)
  }
})

test("conservative: another time, another place, a stative verb, a negation or a partial count is never a contradiction", (t) => {
  const text = article([
    "The Labour Party won 70 seats in 2015.",
    "The National Union had 68 seats before the election.",
    "The Green Alliance won 45.1% of the vote in Capital District.",
    "The Labour Party did not win 80 seats.",
    "The election saw 12 members elected for the first time."
  ])
  const r = run(text)
  t.deepEqual(r.anomalies.map((a) => a.message), [])
  for (const needle of ["70 seats in 2015", "68 seats before", "45.1%", "80 seats", "12 members"]) {
    t.true(itemsOn(r, lineOf(text, needle)).every((i) => i.status === "not_evaluated"), needle)
  }
})

test("a bloc's areas out of a qualified whole are read only when the whole is all the tables' areas", (t) => {
  const text = article(["The left won control of twenty of the twenty-two regions of metropolitan France."])
  const r = run(text)
  t.is(r.anomalies.length, 0)
  const items = itemsOn(r, lineOf(text, "twenty of the twenty-two"))
  t.true(items.some((i) => i.status === "not_evaluated" && i.detail.includes("qualified")))
})

test("a threshold in an article whose electoral law is not in the reference is not checkable, saying so", (t) => {
  const text = article(["Seats are shared among parties with at least 5% of the votes cast."])
  const r = run(text)
  t.is(r.anomalies.length, 0)
  const items = itemsOn(r, lineOf(text, "at least 5%"))
  t.true(items.some((i) => i.status === "not_evaluated" && i.detail.includes("no electoral law known")), JSON.stringify(items))
})

test("infobox seats up for election against the lead: equal holds, different is a warning citing the infobox line", (t) => {
  const ok = run(article([]))
  t.true(ok.items.some((i) => i.status === "passed" && i.detail.includes("Seats For Election 150")))
  const text = article([], "General elections were held in Testland on 12 May 2019 to elect the 151 members of the National Assembly.")
  const r = run(text)
  t.is(r.anomalies.length, 1)
  t.is(r.anomalies[0]!.line, lineOf(text, "151 members"))
  t.true(r.anomalies[0]!.lines.includes(lineOf(text, "- Seats For Election")))
})

test("a breakdown introduced by a colon is checked through its sum", (t) => {
  const text = article(["The 20 new members were divided in the following way:\n\n- 12 from the Labour Party\n- 7 from the National Union"])
  const r = run(text)
  t.is(r.anomalies.length, 1)
  t.is(r.anomalies[0]!.stated, 20)
  t.is(r.anomalies[0]!.expected, 19)
  t.deepEqual([...r.anomalies[0]!.lines].sort((a, b) => a - b), [lineOf(text, "The 20 new"), lineOf(text, "- 12 from"), lineOf(text, "- 7 from")])
  // The parts are not checked one by one.
  t.true(itemsOn(r, lineOf(text, "- 12 from")).every((i) => i.status === "not_evaluated" && i.detail.includes("breakdown")))
})

test("'N seats including A and B' is checked as a sum", (t) => {
  t.is(run(article(["The chamber had 150 seats including 140 incumbents and 10 new seats."])).anomalies.length, 0)
  const r = run(article(["The chamber had 150 seats including 140 incumbents and 12 new seats."]))
  t.is(r.anomalies.length, 1)
  t.is(r.anomalies[0]!.expected, 152)
})

test("a line the claims file covers is left to it", (t) => {
  const text = article(["The Labour Party (LAB) won 64 of the 150 seats."])
  const line = lineOf(text, "won 64")
  const r = run(text, claimsFile([{ id: "x", line, quote: "won 64 of the 150 seats", check: { kind: "not-checkable", reason: "r" } }]))
  t.is(r.anomalies.length, 0)
  t.true(itemsOn(r, line).every((i) => i.status === "not_evaluated" && i.detail === DEFERRED))
})

test("message and quote escape nothing away: the finding quotes the sentence verbatim", (t) => {
  const text = article(["The Labour Party (LAB) won 64 of the 150 seats <b>|</b>."])
  const r = run(text)
  t.is(r.anomalies.length, 1)
  t.true(r.anomalies[0]!.message.includes("The Labour Party (LAB) won 64 of the 150 seats"))
})

// -------------------------------------------------------------------------------------------------
// Escaping: a prose claim's quote reaches the Markdown report as text and the JSON verbatim
// -------------------------------------------------------------------------------------------------

test("a quote carrying HTML, pipes and emphasis reaches anomalies.md as text and anomalies.json verbatim", async (t) => {
  // No brackets: a clause ends at one, and the quote is the clause.
  const INJECTION = "<script>alert`x`</script> <img src=x onerror=alert`x`> *star* a|b `tick`"
  const text = article(
    [`Some 40 seats changed hands ${INJECTION}.`],
    `General elections ${INJECTION} were held in Testland on 12 May 2019 to elect the 151 members of the National Assembly.`
  )
  const { dir, cleanup } = tempDir("recount-prose-escape-")
  try {
    const seeds = join(dir, "seeds")
    mkdirSync(seeds)
    writeFileSync(join(seeds, "2019-testland-general-election.txt"), text)
    const run = await runPipeline(seeds, dir)
    const prose = run.report.anomalies.filter((a) => a.rule === "prose-claims")
    t.is(prose.length, 1)
    t.true(prose[0]!.message.includes(INJECTION), "the JSON message quotes the sentence verbatim")
    const markdown = run.markdown.toString("utf8")
    const html = await marked.parse(markdown, { gfm: true })
    t.false(/<script|<img/i.test(html), "no element from the article")
    t.false(/<em>star|<code>tick/.test(html), "no emphasis or code span from the article")
    // The prose section's table rows keep their column count (the pipe is escaped).
    const section = markdown.slice(markdown.indexOf("## Claims found in the prose"), markdown.indexOf("## Checks run"))
    t.true(section.includes("Some 40 seats"))
    const rows = section.split("\n").filter((l) => l.startsWith("| "))
    const columns = (row: string) => row.replace(/\\\|/g, "").split("|").length
    t.true(rows.length > 0)
    for (const row of rows.filter((r) => r.includes("40 seats") || r.includes("151 members"))) {
      const header = rows.find((r) => columns(r) === columns(row))
      t.truthy(header, row)
    }
    t.true(section.includes("a\\|b"), "the pipe is escaped in the table cell")
  } finally {
    cleanup()
  }
})

// -------------------------------------------------------------------------------------------------
// Issue 13 review: seat changes, the share after "with", an absolute majority (single-round table with +/–)
// -------------------------------------------------------------------------------------------------

const parliament = (prose: ReadonlyArray<string>) => [
  "= 2021 Nordland parliamentary election =",
  "",
  "Parliamentary elections were held in Nordland on 3 October 2021 to elect the 80 members of the Storting.",
  "",
  ...prose.flatMap((p) => [p, ""]),
  "==Results==",
  "",
  "| Party | Votes | % | Seats | +/– |",
  "| Social Democratic Party (SDP) | 1,203,300 | 40.11% | 34 | +1 |",
  "| Civic Union (CU) | 900,000 | 30.00% | 25 | −2 |",
  "| Green Party (GP) | 600,000 | 20.00% | 11 | +2 |",
  "| Farmers' League (FL) | 296,700 | 9.89% | 10 | −1 |",
  "| Total | 3,000,000 | 100.00% | 80 | 0 |",
  ""
].join("\n")

const statuses = (r: ReturnType<typeof run>, text: string, needle: string) => itemsOn(r, lineOf(text, needle)).map((i) => i.status)

test("seat change: 'lost N seats' and 'gained N seats' are the party's change; wrong is a warning, a negation stays not checkable", (t) => {
  const good = parliament(["The Civic Union (CU) lost two seats.", "The Green Party (GP) gained two seats."])
  const ok = run(good)
  t.deepEqual(ok.anomalies.map((a) => a.message), [])
  t.deepEqual(statuses(ok, good, "lost two"), ["passed"])
  t.deepEqual(statuses(ok, good, "gained two"), ["passed"])

  const bad = parliament(["The Civic Union (CU) lost three seats."])
  const r = run(bad)
  t.is(r.anomalies.length, 1)
  t.is(r.anomalies[0]!.line, lineOf(bad, "lost three"))
  t.is(r.anomalies[0]!.stated, -3)
  t.is(r.anomalies[0]!.expected, -2)

  const guard = parliament(["The Civic Union (CU) never lost three seats.", "The Civic Union (CU) lost three seats in 2017."])
  const g = run(guard)
  t.deepEqual(g.anomalies.map((a) => a.message), [])
  t.true(statuses(g, guard, "never lost").every((x) => x === "not_evaluated"))
  t.true(statuses(g, guard, "in 2017").every((x) => x === "not_evaluated"))
})

test("seat change: 'won 11 seats, up two' / 'down one' after a party's seats is its change", (t) => {
  const good = parliament(["The Green Party (GP) won 11 seats, up two.", "The Farmers' League (FL) won 10 seats, down one seat."])
  const ok = run(good)
  t.deepEqual(ok.anomalies.map((a) => a.message), [])
  t.deepEqual(statuses(ok, good, "up two"), ["passed", "passed"])
  t.deepEqual(statuses(ok, good, "down one"), ["passed", "passed"])

  const bad = parliament(["The Green Party (GP) won 11 seats, up three."])
  const r = run(bad)
  t.is(r.anomalies.length, 1)
  t.is(r.anomalies[0]!.stated, 3)
  t.is(r.anomalies[0]!.expected, 2)
  t.is(r.anomalies[0]!.line, lineOf(bad, "up three"))

  // "up from 9" is the earlier seats, "up three points" not seats: neither is read as the change.
  const guard = parliament(["The Green Party (GP) won 11 seats, up from 9.", "The Green Party (GP) won 11 seats, up three points on 2017."])
  const g = run(guard)
  t.deepEqual(g.anomalies.map((a) => a.message), [])
  const from = itemsOn(g, lineOf(guard, "up from 9"))
  t.deepEqual(from.map((i) => i.status), ["passed", "not_evaluated"])
  const points = itemsOn(g, lineOf(guard, "three points"))
  t.deepEqual(points.map((i) => i.status), ["passed", "not_evaluated"])
})

test("share after the seats: 'won 34 of the 80 seats with 40.11% of the vote' is the party's share", (t) => {
  const good = parliament(["The Social Democratic Party (SDP) won 34 of the 80 seats with 40.11% of the vote."])
  const ok = run(good)
  t.deepEqual(ok.anomalies.map((a) => a.message), [])
  t.deepEqual(statuses(ok, good, "with 40.11%"), ["passed", "passed", "passed"])

  const bad = parliament(["The Social Democratic Party (SDP) won 34 of the 80 seats with 41.11% of the vote."])
  const r = run(bad)
  t.is(r.anomalies.length, 1)
  t.is(r.anomalies[0]!.stated, 41.11)
  t.is(r.anomalies[0]!.expected, 40.11)

  // Another party's share after "with", or a share of something else, stays not checkable.
  const guard = parliament(["The Social Democratic Party (SDP) won 34 of the 80 seats, with the Civic Union (CU) on 35.5%.", "The Social Democratic Party (SDP) won 34 of the 80 seats with 12.5% of seats held by women."])
  const g = run(guard)
  t.deepEqual(g.anomalies.map((a) => a.message), [])
  t.true(itemsOn(g, lineOf(guard, "35.5%")).some((i) => i.status === "not_evaluated"))
  t.true(itemsOn(g, lineOf(guard, "12.5%")).some((i) => i.status === "not_evaluated"))
})

test("an absolute majority of the seats: more than half of the total; false is a warning; of the vote stays not checkable", (t) => {
  const bad = parliament(["The Social Democratic Party (SDP) won an absolute majority of the seats."])
  const r = run(bad)
  t.is(r.anomalies.length, 1)
  t.is(r.anomalies[0]!.line, lineOf(bad, "absolute majority"))

  const held = [
    "= 2021 Nordland parliamentary election =",
    "",
    "The Social Democratic Party (SDP) won an absolute majority of the seats.",
    "",
    "| Party | Votes | % | Seats | +/– |",
    "| Social Democratic Party (SDP) | 1,803,300 | 60.11% | 44 | +1 |",
    "| Civic Union (CU) | 1,196,700 | 39.89% | 36 | −1 |",
    "| Total | 3,000,000 | 100.00% | 80 | 0 |",
    ""
  ].join("\n")
  const h = run(held)
  t.deepEqual(h.anomalies.map((a) => a.message), [])
  t.deepEqual(statuses(h, held, "absolute majority"), ["passed"])

  const guard = parliament(["The Social Democratic Party (SDP) won an absolute majority of the vote."])
  const g = run(guard)
  t.deepEqual(g.anomalies.map((a) => a.message), [])
  t.true(statuses(g, guard, "absolute majority").every((x) => x === "not_evaluated"))
})

const withTurnout = (prose: ReadonlyArray<string>, turnoutRow = "| Registered voters/turnout | 3,840,000 | 79.01% | | |") => {
  const lines = parliament(prose).split("\n")
  const total = lines.findIndex((l) => l.startsWith("| Total |"))
  lines.splice(total + 1, 0, "| Valid votes | 3,000,000 | 98.88% | | |", "| Invalid/blank votes | 34,000 | 1.12% | | |", "| Total votes | 3,034,000 | 100.00% | | |", turnoutRow)
  return lines.join("\n")
}

test("turnout in the lead: against the stated turnout row at the prose's decimals, else voters ÷ registered", (t) => {
  const good = withTurnout(["Turnout was 79.0%."])
  const ok = run(good)
  t.deepEqual(ok.anomalies.map((a) => a.message), [])
  t.deepEqual(statuses(ok, good, "Turnout was"), ["passed"])

  const bad = withTurnout(["Turnout was 81.2%."])
  const r = run(bad)
  t.is(r.anomalies.length, 1)
  t.is(r.anomalies[0]!.line, lineOf(bad, "Turnout was"))
  t.is(r.anomalies[0]!.stated, 81.2)
  t.is(r.anomalies[0]!.expected, 79)
  t.true(r.anomalies[0]!.lines.includes(lineOf(bad, "| Registered voters/turnout")))

  // No stated percentage: total votes ÷ registered (3,034,000 ÷ 3,840,000 = 79.01 %).
  const computed = withTurnout(["Turnout stood at 79.01%."], "| Registered voters | 3,840,000 | | | |")
  const c = run(computed)
  t.deepEqual(c.anomalies.map((a) => a.message), [])
  t.deepEqual(statuses(c, computed, "Turnout stood"), ["passed"])
  t.is(run(withTurnout(["Turnout stood at 75%."], "| Registered voters | 3,840,000 | | | |")).anomalies.length, 1)

  // Another time, a bound, or a turnout outside the lead stays not checkable.
  const guard = withTurnout(["Turnout was 83.5% in 2017.", "Turnout was above 81%.", "==Capital District==", "Turnout was 60.2%."])
  const g = run(guard)
  t.deepEqual(g.anomalies.map((a) => a.message), [])
  for (const needle of ["83.5%", "above 81%", "60.2%"]) t.true(statuses(g, guard, needle).every((x) => x === "not_evaluated"), needle)
})

/**
 * Parties an article defines (issue 13, pipeline/normalise/learned-parties.ts): "Name (CODE)" in
 * prose, list items, infobox values and table cells, and infobox PartyN fields, learned for that
 * article only; a party nobody defines is one info finding per distinct name per article.
 */
import test from "ava"
import fc from "fast-check"
import { parseArticle } from "../pipeline/extract/parse.ts"
import { articleDictionary, articleDictionaryLong, definitionsIn } from "../pipeline/normalise/learned-parties.ts"
import { createNormaliser } from "../pipeline/normalise/normalise.ts"
import { lookupParty, makePartyDictionary, splitLabel } from "../pipeline/normalise/parties.ts"

const BASE_PARTIES = [
  { code: "PS", name: "Socialist Party", bloc: "left", aliases: [], source: "well-known" },
  { code: "UMP", name: "Union for a Popular Movement", bloc: "right", aliases: [], source: "well-known" },
  { code: "MRC", name: "Citizen and Republican Movement", bloc: "left", aliases: ["Citizens' Movement"], source: "well-known" }
] as const
const base = makePartyDictionary(BASE_PARTIES.map((p) => ({ ...p, aliases: [...p.aliases] }))).dictionary

test("definitionsIn: a capitalised name before an abbreviation in parentheses", (t) => {
  t.deepEqual(definitionsIn("General elections were won by the Labour Party (LAB) and the Union for a Popular Movement (UMP)."), [
    { name: "Labour Party", code: "LAB" },
    { name: "Union for a Popular Movement", code: "UMP" }
  ])
  // A disambiguator (one capital) or a lower-case aside is not an abbreviation.
  t.deepEqual(definitionsIn("Labour Party (Freedonia) won (narrowly) the vote (2019)."), [])
  t.deepEqual(definitionsIn("| Progress Party (PGP)[1] | 402,331 |"), [{ name: "Progress Party", code: "PGP" }])
})

const ARTICLE = [
  "= 2019 Freedonian general election =",
  "",
  "Infobox",
  "- Country: Freedonia",
  "- Party1: Farmers League (Freedonia)",
  "",
  "The Labour Party (LAB) won; the French Socialist Party (PS) did not stand; the Citizens' Movement (CM) did.",
  "",
  "==Results==",
  "",
  "| Party | Votes | % |",
  "| Labour Party | 600 | 50.00 |",
  "| Farmers League | 200 | 16.67 |",
  "| French Socialist Party | 100 | 8.33 |",
  "| Citizens' Movement (CM) | 100 | 8.33 |",
  "| Pirate Movement | 100 | 8.33 |",
  "| Pirate Movement | 100 | 8.33 |",
  "| Total | 1,200 | 100.00 |",
  ""
].join("\n")

test("articleDictionary: learned for the article, the reference dictionary winning every clash", (t) => {
  const doc = parseArticle("f.txt", ARTICLE)
  const own = articleDictionary(doc, base)
  t.is(lookupParty("Labour Party", own)?.code, "LAB")
  t.is(lookupParty("The Labour Party", own)?.code, "LAB")
  t.is(lookupParty("Farmers League", own)?.code, "FARMERS_LEAGUE")
  // An abbreviation the dictionary knows: the full name becomes one more spelling of that party.
  t.is(lookupParty("French Socialist Party", own)?.code, "PS")
  // A name the dictionary gives another party keeps that meaning; "Name (CODE)" is the article's party.
  t.is(lookupParty("Citizens' Movement", own)?.code, "MRC")
  t.is(lookupParty("Citizens' Movement (CM)", own)?.code, "CM")
  // Splitting compound labels still uses the dictionary; learned parties are not `known`.
  t.deepEqual(splitLabel("PS-UMP", own).map((p) => [p.code, p.known, p.defined]), [["PS", true, true], ["UMP", true, true]])
  t.deepEqual(splitLabel("Labour Party", own).map((p) => [p.code, p.known, p.defined]), [["LAB", false, true]])
  // The base dictionary is untouched, and another article learns nothing from this one.
  t.is(lookupParty("Labour Party", base), null)
  t.is(articleDictionary(parseArticle("g.txt", "= Other =\n\nNothing defined.\n"), base), base)
})

test("a party nobody defines: one info finding per distinct name per article, with its lines", (t) => {
  const slice = createNormaliser(base).add(parseArticle("f.txt", ARTICLE))
  const unknown = slice.findings.filter((f) => f.code === "PARTY_UNKNOWN")
  t.deepEqual(unknown.map((f) => [f.severity, f.raw, f.line]), [["info", "Pirate Movement", 16]])
  t.regex(unknown[0]!.message, /'Pirate Movement' is not in the party dictionary and the article does not define it; kept verbatim \(2 rows: lines 16, 17\)/)
  // The learned codes are the result parties' codes.
  t.deepEqual(slice.resultParties.map((p) => [p.party_code, p.known]).slice(0, 4), [["LAB", false], ["FARMERS_LEAGUE", false], ["PS", true], ["CM", false]])
})

// issue 8: articles that define the same parties share their label splits; any other article gets its own.
test("label splits are shared only between article dictionaries that define the same parties alike", (t) => {
  const doc = (file: string, definition: string) =>
    parseArticle(file, ["= 2019 Freedonian general election =", "", `The ${definition} won.`, ""].join("\n"))
  const a = articleDictionary(doc("a.txt", "Labour Party (LAB)"), base)
  const b = articleDictionary(doc("b.txt", "Labour Party (LAB)"), base)
  const c = articleDictionary(doc("c.txt", "Labour Party (LBR)"), base)
  const d = articleDictionary(doc("d.txt", "Farmers League (LAB)"), base)
  t.deepEqual(splitLabel("LAB-PS", a), [
    { code: "LAB", text: "LAB", known: false, defined: true },
    { code: "PS", text: "PS", known: true, defined: true }
  ])
  t.is(splitLabel("LAB-PS", b), splitLabel("LAB-PS", a)) // the same split, shared
  t.deepEqual(splitLabel("LAB-PS", c)[0], { code: "LAB", text: "LAB", known: false, defined: false })
  t.deepEqual(splitLabel("Labour Party", c)[0], { code: "LBR", text: "Labour Party", known: false, defined: true })
  t.deepEqual(splitLabel("Labour Party", d)[0], { code: "Labour Party", text: "Labour Party", known: false, defined: false })
  t.deepEqual(splitLabel("Farmers League", d)[0], { code: "LAB", text: "Farmers League", known: false, defined: true })
  t.deepEqual(splitLabel("Farmers League", a)[0], { code: "Farmers League", text: "Farmers League", known: false, defined: false })
})

// issue 8, eleventh pass: articles that define the same parties alike share one dictionary, built
// once; it must equal the dictionary built afresh for each article, whatever came before.
test("a shared article dictionary equals the one built afresh, in any order of articles", (t) => {
  const DEFINITIONS = ["Labour Party (LAB)", "Farmers League (LAB)", "Labour Party (LBR)", "French Socialist Party (PS)", "Citizens' Movement (CM)", "Pirate Movement (PM)", "The Greens Of Freedonia (GOF)"]
  const LABELS = ["LAB", "LAB-PS", "Labour Party", "Farmers League", "PS-UMP", "French Socialist Party", "CM", "Citizens' Movement", "PM-LBR", "Greens Of Freedonia", "GOF-PS"]
  const article = (i: number, defined: ReadonlyArray<string>) =>
    parseArticle(`a${i}.txt`, ["= 2019 Freedonian general election =", "", ...defined.map((d) => `The ${d} stood.`), ""].join("\n"))
  let shared = 0
  let hits = 0
  // Each run starts from a base of its own, so its dictionaries are built and kept within the run (at most 12 readings of 16 kept).
  fc.assert(fc.property(fc.array(fc.subarray(DEFINITIONS, { maxLength: 3 }), { minLength: 1, maxLength: 12 }), (articles) => {
    const base = makePartyDictionary(BASE_PARTIES.map((p) => ({ ...p, aliases: [...p.aliases] }))).dictionary
    const seen = new Map<string, ReturnType<typeof articleDictionary>>()
    articles.forEach((defined, i) => {
      const doc = article(i, defined)
      const own = articleDictionary(doc, base)
      const long = articleDictionaryLong(doc, base)
      t.deepEqual(own.parties, long.parties)
      t.deepEqual([...own.byKey], [...long.byKey])
      t.deepEqual([...own.byCode], [...long.byCode])
      for (const label of LABELS) t.deepEqual(splitLabel(label, own), splitLabel(label, long))
      const key = defined.join("|")
      if (seen.has(key)) {
        t.is(own, seen.get(key)!) // the same definitions: the same dictionary
        hits++
      }
      seen.set(key, own)
      if (own !== base && own !== long) shared++
    })
  }), { numRuns: 300, seed: 11 })
  t.true(hits > 100 && shared > 100)
})

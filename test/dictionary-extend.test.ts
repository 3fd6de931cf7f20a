/**
 * An article's dictionary is built on the reference's maps (parties.ts `extendDictionary`, issue 8)
 * rather than from nothing: it must equal the full build (`makePartyDictionary` over the reference's
 * parties, grown by the extra aliases, then the learned parties) for any parties, aliases and clashes.
 */
import test from "ava"
import fc from "fast-check"
import { readFileSync } from "node:fs"
import { parseArticle } from "../pipeline/extract/parse.ts"
import { articleDictionary } from "../pipeline/normalise/learned-parties.ts"
import { extendDictionary, lookupParty, makePartyDictionary, normaliseKey, type Party, type PartyDictionary, parsePartyDictionary } from "../pipeline/normalise/parties.ts"

// Spellings that clash once normalised (case, accents, dashes, spaces).
const SPELLINGS = ["Socialist Party", "socialist  party", "PS", "ps", "Les Verts", "Les-Verts", "Les – Verts", "Écologistes", "ecologistes", "UMP", "Union", "LAB", "Labour", "FN", "Front National", "front national", "X"]
const spelling = fc.constantFrom(...SPELLINGS)
const CODES = ["PS", "UMP", "VEC", "FN", "LAB", "X", "PCF"]
const party = (source: string) => fc.record({
  code: fc.constantFrom(...CODES),
  name: spelling,
  aliases: fc.array(spelling, { maxLength: 3 })
}).map((p): Party => ({ ...p, bloc: "other", source }))

/** Every lookup and every code answer the same, and the parties are the same, in order. */
const same = (t: import("ava").ExecutionContext, a: PartyDictionary, b: PartyDictionary) => {
  t.deepEqual(a.parties, b.parties)
  t.is(a.byKey.size, b.byKey.size)
  t.is(a.byCode.size, b.byCode.size)
  for (const [key, p] of b.byKey) t.deepEqual(a.byKey.get(key), p)
  for (const [code, p] of b.byCode) t.deepEqual(a.byCode.get(code), p)
}

test("extendDictionary equals the full build", (t) => {
  fc.assert(fc.property(fc.array(party("base"), { maxLength: 6 }), fc.array(fc.tuple(fc.constantFrom(...CODES), spelling), { maxLength: 4 }), fc.array(party("learned"), { maxLength: 3 }), (baseParties, extras, learnedParties) => {
    const base = makePartyDictionary(baseParties).dictionary
    // The preconditions articleDictionary meets: extra aliases unknown to the base, of base codes; learned codes new.
    const extraAliases = new Map<string, Array<string>>()
    for (const [code, name] of extras) {
      if (!base.byCode.has(code) || lookupParty(name, base) !== null) continue
      extraAliases.set(code, [...(extraAliases.get(code) ?? []), name])
    }
    const learned = new Map<string, Party>()
    for (const p of learnedParties) if (!base.byCode.has(p.code) && !learned.has(p.code)) learned.set(p.code, p)
    const grown = base.parties.map((p) => {
      const extra = extraAliases.get(p.code)
      return extra === undefined ? p : { ...p, aliases: [...p.aliases, ...extra] }
    })
    same(t, extendDictionary(base, extraAliases, [...learned.values()]), makePartyDictionary([...grown, ...learned.values()]).dictionary)
  }), { numRuns: 3000, seed: 8 })
})

test("an article's dictionary over the reference equals the full build", (t) => {
  const { dictionary } = parsePartyDictionary(readFileSync("seeds/reference/parties.csv", "utf8"), "parties.csv")
  const doc = parseArticle("a.txt", [
    "= 2004 French regional elections =",
    "",
    "It was won by Parti des Socialistes (PS), by Labour Party (LAB), then by The Greens Of Freedonia (GOF) and again by Labour Party (LAB).",
    ""
  ].join("\n"))
  const own = articleDictionary(doc, dictionary)
  t.not(own, dictionary)
  t.is(lookupParty("French Socialist Party", dictionary)?.code, "PS")
  t.is(lookupParty("Parti des Socialistes", dictionary), null)
  t.is(lookupParty("Parti des Socialistes", own)?.code, "PS")
  t.is(lookupParty("Labour Party", own)?.code, "LAB")
  t.is(lookupParty("Greens Of Freedonia (GOF)", own)?.code, "GOF")
  t.is(own.byKey.get(normaliseKey("Socialist Party"))?.aliases.includes("Parti des Socialistes"), true)
  const grown = dictionary.parties.map((p) => (p.code === "PS" ? { ...p, aliases: [...p.aliases, "Parti des Socialistes"] } : p))
  const learned = own.parties.slice(dictionary.parties.length)
  t.deepEqual(learned.map((p) => p.code), ["LAB", "GOF"])
  same(t, own, makePartyDictionary([...grown, ...learned]).dictionary)
})

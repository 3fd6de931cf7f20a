/**
 * Parties an article defines for itself (issue 13): a full name followed by its abbreviation in
 * parentheses — "Labour Party (LAB)" in prose, a list item, an infobox value or a table cell — and
 * an infobox `PartyN` field ("Labour Party (Freedonia)": the parenthesis is a disambiguator). Each
 * is learned for that article only, on top of the dictionary (seeds/reference/parties.csv), which
 * always wins: a learned spelling never takes a name, code or alias the dictionary already has.
 * An abbreviation the dictionary knows (`(PS)`) makes the full name one more spelling of that party.
 *
 * A scanner, not one regular expression: linear on any input (test/redos.test.ts).
 */
import type { Document } from "../extract/document.ts"
import { extendDictionary, lookupParty, normaliseKey, type Party, type PartyDictionary, shareLabelSplits } from "./parties.ts"

/** A party the article defines, with where. */
export interface LearnedParty {
  readonly code: string
  readonly name: string
  readonly line: number
}

/** Lower-case words that may stand inside a party's name ("Union for a Popular Movement"). */
const CONNECTORS: ReadonlySet<string> = new Set(["of", "for", "a", "the", "and", "de", "du", "des", "la", "le", "les", "d'", "et", "in"])

/** An abbreviation: 2–10 letters or digits, starting with a capital, with at least two capitals (`LAB`, `PvdA`, `GA`; not `Freedonia`). */
const isAbbreviation = (text: string): boolean => {
  if (text.length < 2 || text.length > 10) return false
  let capitals = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i)
    if (c >= "A" && c <= "Z") capitals++
    else if (!(c >= "a" && c <= "z") && !(c >= "0" && c <= "9")) return false
  }
  return capitals >= 2 && text.charAt(0) >= "A" && text.charAt(0) <= "Z"
}

const isCapitalised = (word: string): boolean => {
  const first = word.charAt(0)
  return first !== first.toLowerCase() && first === first.toUpperCase()
}

/** The capitalised run of words that ends just before `end` (connectors inside, none at either end). */
const nameBefore = (text: string, end: number): string | null => {
  const words = text.slice(Math.max(0, end - 200), end).trimEnd().split(" ")
  const taken: Array<string> = []
  for (let i = words.length - 1; i >= 0; i--) {
    const word = words[i]!
    if (word === "" || /[.,;:!?()|]$/.test(word)) break
    if (isCapitalised(word)) taken.unshift(word)
    else if (CONNECTORS.has(word.toLowerCase())) taken.unshift(word)
    else break
  }
  while (taken.length > 0 && !isCapitalised(taken[0]!)) taken.shift()
  return taken.length === 0 ? null : taken.join(" ")
}

/** Every "Full Name (ABBR)" in a text, in order. */
export const definitionsIn = (text: string): Array<{ readonly name: string; readonly code: string }> => {
  const found: Array<{ name: string; code: string }> = []
  let open = text.indexOf("(")
  while (open >= 0) {
    const close = text.indexOf(")", open)
    if (close < 0) break
    const inner = text.slice(open + 1, close)
    if (isAbbreviation(inner)) {
      const name = nameBefore(text, open)
      if (name !== null && name !== inner) found.push({ name, code: inner })
    }
    open = text.indexOf("(", open + 1)
  }
  return found
}

/** An infobox party value without its disambiguating parenthesis: "Labour Party (Freedonia)" → "Labour Party". */
const infoboxPartyName = (value: string): string => {
  const open = value.lastIndexOf("(")
  return (open > 0 && value.trimEnd().endsWith(")") ? value.slice(0, open) : value).trim()
}

/** A code for a party the infobox names without an abbreviation: its name with `_` for anything but letters and digits. */
const codeOfName = (name: string): string => normaliseKey(name).split(/[^a-z0-9]+/).filter((w) => w !== "").join("_").toUpperCase()

/** What the article defines, in order of appearance (each code once, the first definition kept). */
export const partiesDefinedIn = (doc: Document): Array<LearnedParty> => {
  const learned: Array<LearnedParty> = []
  const add = (name: string, code: string, line: number) => learned.push({ name, code, line })
  for (const block of doc.blocks) {
    switch (block._tag) {
      case "Paragraph":
        for (const d of definitionsIn(block.text)) add(d.name, d.code, block.line)
        break
      case "List":
        for (const item of block.items) for (const d of definitionsIn(item.text)) add(d.name, d.code, item.line)
        break
      case "Infobox":
        for (const field of block.fields) {
          const defined = definitionsIn(field.value)
          for (const d of defined) add(d.name, d.code, field.line)
          if (defined.length === 0 && /^party\s*\d*$/i.test(field.key.trim())) {
            const name = infoboxPartyName(field.value)
            const code = codeOfName(name)
            if (code !== "") add(name, code, field.line)
          }
        }
        break
      case "Table":
        // Only a cell with a `(` can define a party: the others are not scanned (no empty list per cell;
        // issue 8, sixth pass). A row's cells are pieces of its line, so a line without one is skipped
        // whole (one scan per row instead of one per cell; seventh pass).
        for (const row of block.rows) {
          if (!row.raw.includes("(")) continue
          for (const cell of row.cells) if (cell.includes("(")) for (const d of definitionsIn(cell)) add(d.name, d.code, row.line)
        }
        break
    }
  }
  return learned
}

/**
 * The article's dictionary: the reference dictionary plus what the article defines. Returns the
 * base dictionary itself when the article defines nothing new (so its caches are shared), and the
 * same dictionary for articles that define the same parties alike (issue 8, eleventh pass): a
 * dictionary is read-only and a function of the base and its `reading` (below), so it is built once
 * per reading (16 per base are kept, the oldest leaving first) instead of copying the base's maps per article. A
 * learned party's `source` therefore names no article: "defined by the article" (nothing Recount
 * writes reads it; the lookups read its code, bloc and whether it is learned).
 */
export const articleDictionary = (doc: Document, base: PartyDictionary, cached = true): PartyDictionary => {
  const extraAliases = new Map<string, Array<string>>()
  const learned = new Map<string, Party>()
  for (const d of partiesDefinedIn(doc)) {
    const known = base.byCode.get(d.code) ?? null
    if (known !== null) {
      // `French Socialist Party (PS)`: one more spelling of PS, unless the dictionary gives it to another party.
      if (lookupParty(d.name, base) === null) extraAliases.set(known.code, [...(extraAliases.get(known.code) ?? []), d.name])
      continue
    }
    // A name the dictionary gives another party keeps that meaning; "Name (CODE)" is the article's own party.
    // Every spelling the article gives the code counts; a sentence's leading "The" is optional.
    const bare = d.name.startsWith("The ") ? d.name.slice(4) : d.name
    const spellings = [d.name, bare, `${d.name} (${d.code})`, `${bare} (${d.code})`]
    const previous = learned.get(d.code)
    learned.set(
      d.code,
      previous === undefined
        ? { code: d.code, name: bare, bloc: "other", aliases: [...new Set(spellings)], source: LEARNED_SOURCE, learnedFrom: LEARNED_SOURCE }
        : { ...previous, aliases: [...new Set([...previous.aliases, ...spellings])] }
    )
  }
  if (extraAliases.size === 0 && learned.size === 0) return base
  // What the dictionary is built from beyond the base: the added spellings and the learned codes, names and spellings.
  const reading = JSON.stringify([[...extraAliases], [...learned.values()].map((p) => [p.code, p.name, p.aliases])])
  if (!cached) return buildDictionary(base, extraAliases, learned, reading)
  let built = ownDictionaries.get(base)
  if (built === undefined) {
    built = new Map()
    ownDictionaries.set(base, built)
  }
  const own = built.get(reading)
  if (own !== undefined) return own
  const made = buildDictionary(base, extraAliases, learned, reading)
  // At most 16 readings per base, the first built leaving first.
  if (built.size >= 16) built.delete(built.keys().next().value!)
  built.set(reading, made)
  return made
}

/**
 * `articleDictionary` built afresh for every article, the long path (test/learned-parties.test.ts
 * holds the shared dictionaries to it).
 */
export const articleDictionaryLong = (doc: Document, base: PartyDictionary): PartyDictionary => articleDictionary(doc, base, false)

const buildDictionary = (base: PartyDictionary, extraAliases: ReadonlyMap<string, ReadonlyArray<string>>, learned: ReadonlyMap<string, Party>, reading: string): PartyDictionary => {
  // Base parties first: a learned spelling that clashes stays with the dictionary's party (the clash
  // is not a finding). Built on the base's maps (parties.ts `extendDictionary`).
  const own = extendDictionary(base, extraAliases, [...learned.values()])
  shareLabelSplits(own, base, reading)
  return own
}

/** A learned party's `source` and `learnedFrom`: the dictionary is shared by the articles that define the party alike. */
export const LEARNED_SOURCE = "defined by the article"

/** The article dictionaries built, by base and reading (`articleDictionary`). */
const ownDictionaries = new WeakMap<PartyDictionary, Map<string, PartyDictionary>>()

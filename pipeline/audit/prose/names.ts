/**
 * What a sentence names, resolved against the article's own data: a party or group (through the
 * party dictionary, the article's own definitions such as "Labour Party (LAB)", and the names its
 * national tables use), an area (an area of the election's tables), a candidate of an area, a bloc
 * ("the left"). Every resolution must be unique; anything ambiguous resolves to nothing, so a claim
 * is only ever linked to a figure it certainly names.
 */
import { slug } from "../../normalise/ids.ts"
import type { Dataset } from "../../normalise/normalise.ts"
import { lookupParty } from "../../normalise/parties.ts"
import type { Election, Result } from "../../normalise/records.ts"
import type { Sentence } from "./sentences.ts"
import type { Token } from "./tokens.ts"

const isCapitalised = (t: Token | undefined): boolean =>
  t !== undefined && t.kind === "word" && t.text[0] !== t.text[0]!.toLowerCase()

const isCode = (t: Token | undefined): boolean =>
  t !== undefined && t.kind === "word" && t.text.length >= 2 && t.text.length <= 10 && t.text === t.text.toUpperCase() && t.text !== t.text.toLowerCase()

/** Lower-case words that may stand inside a name ("Union for a Popular Movement", "Pays de la Loire"). */
const CONNECTORS = new Set(["for", "of", "the", "a", "and", "de", "du", "des", "la", "le", "et", "d'", "von", "van"])

/** The article's own definitions: "Full Name (CODE)" anywhere in its prose → the full name's slug and the code, both ways. */
export const definitionsOf = (sentences: ReadonlyArray<Sentence>): Map<string, ReadonlySet<string>> => {
  const names = new Map<string, Set<string>>()
  const add = (a: string, b: string) => {
    const set = names.get(slug(a)) ?? new Set<string>()
    set.add(b)
    names.set(slug(a), set)
  }
  for (const s of sentences) {
    const t = s.tokens
    for (let i = 1; i + 2 < t.length; i++) {
      if (t[i]!.text !== "(" || !isCode(t[i + 1]) || t[i + 2]!.text !== ")") continue
      const span = capitalisedSpanBefore(t, i)
      if (span === null) continue
      const full = s.text.slice(t[span]!.start, t[i - 1]!.end)
      add(full, t[i + 1]!.text)
      add(t[i + 1]!.text, full)
    }
  }
  return names
}

/** The start of the run of capitalised words (with connectors inside) that ends just before `end`; null if none. */
export const capitalisedSpanBefore = (t: ReadonlyArray<Token>, end: number): number | null => {
  let start: number | null = null
  for (let i = end - 1; i >= 0; i--) {
    const tok = t[i]!
    if (isCapitalised(tok)) start = i
    else if (tok.kind === "word" && CONNECTORS.has(tok.lower) && start !== null) continue
    // "Farmers' Union": a possessive apostrophe inside a name.
    else if ((tok.text === "'" || tok.text === "’") && start !== null && isCapitalised(t[i - 1]) && t[i - 1]!.end === tok.start) continue
    else break
  }
  return start
}

export interface Names {
  readonly dataset: Dataset
  readonly election: Election
  readonly definitions: ReadonlyMap<string, ReadonlySet<string>>
}

/** Every spelling a name may have in a table: itself, a plural's singular, the dictionary's names and the article's definitions. */
const spellings = (names: Names, text: string): { slugs: Set<string>; codes: Set<string> } => {
  const slugs = new Set<string>()
  const codes = new Set<string>()
  const add = (name: string) => {
    const s = slug(name)
    if (s === "" || slugs.has(s)) return
    slugs.add(s)
    const party = lookupParty(name, names.dataset.dictionary)
    if (party) {
      codes.add(party.code)
      for (const n of [party.name, party.code, ...party.aliases]) slugs.add(slug(n))
    }
    for (const d of names.definitions.get(s) ?? []) {
      // A code the article defines ("Labour Party (LAB)") is what its tables' rows may carry.
      if (d === d.toUpperCase()) codes.add(d)
      add(d)
    }
  }
  add(text)
  // "the Socialists" → "Socialist", "Socialist Party"
  if (text.endsWith("s") && !text.endsWith("ss")) {
    add(text.slice(0, -1))
    add(`${text.slice(0, -1)} Party`)
  }
  return { slugs, codes }
}

/** A row's name and, for "Labour Party (LAB)", its two halves. */
const rowForms = (name: string): Array<string> => {
  const open = name.lastIndexOf("(")
  if (open <= 0 || !name.endsWith(")")) return [slug(name)]
  return [slug(name), slug(name.slice(0, open)), slug(name.slice(open + 1, -1))]
}
const matches = (slugs: ReadonlySet<string>, name: string) => rowForms(name).some((f) => slugs.has(f))

/** The national seat row (measure seats) a name stands for, if exactly one. */
export const nationalSeatRow = (names: Names, text: string, measure: "seats" | "presidencies" = "seats") => {
  const { slugs, codes } = spellings(names, text)
  const rows = names.dataset.seats.filter((s) =>
    s.election_id === names.election.election_id && s.area_level === "national" && s.measure === measure &&
    (matches(slugs, s.party) || (s.party_code !== null && codes.has(s.party_code)))
  )
  const distinct = [...new Set(rows.map((r) => slug(r.party)))]
  return distinct.length === 1 ? rows[0]! : null
}

/** The national result rows a name stands for (one per round), if they are all of one contestant. */
export const nationalResultRows = (names: Names, text: string): ReadonlyArray<Result> => {
  const { slugs } = spellings(names, text)
  const rows = names.dataset.results.filter((r) =>
    r.election_id === names.election.election_id && r.area_level === "national" && (matches(slugs, r.contestant) || (r.list_label !== null && matches(slugs, r.list_label)))
  )
  return new Set(rows.map((r) => slug(r.contestant))).size === 1 ? rows : []
}

/** Party spans ending just before `end`, longest first (the capitalised run, optionally "Name (CODE)"). */
export const partySpansBefore = (s: Sentence, end: number): Array<string> => {
  const t = s.tokens
  let stop = end
  // "the Union for a Popular Movement (UMP) won": the code in brackets is part of the name.
  if (t[stop - 1]?.text === ")" && isCode(t[stop - 2]) && t[stop - 3]?.text === "(") stop -= 3
  const start = capitalisedSpanBefore(t, stop)
  if (start === null) return []
  const spans: Array<string> = []
  for (let i = start; i < stop; i++) {
    if (t[i]!.kind !== "word" || !isCapitalised(t[i])) continue
    spans.push(s.text.slice(t[i]!.start, t[stop - 1]!.end))
  }
  if (stop !== end) spans.unshift(t[end - 2]!.text)
  return spans
}

/** The areas of the election's tables (results and seat tables), by name. */
export const areasOf = (names: Names): ReadonlyArray<string> => {
  const areas = new Set<string>()
  for (const r of names.dataset.results) if (r.election_id === names.election.election_id && r.area_level !== "national") areas.add(r.area)
  return [...areas].sort()
}

/** The one area a sentence names (as written in the tables), or null when it names none or several. */
export const areaNamed = (areas: ReadonlyArray<string>, text: string): string | null => {
  const named = areas.filter((a) => {
    const at = text.indexOf(a)
    if (at < 0) return false
    const before = text[at - 1] ?? " "
    const after = text[at + a.length] ?? " "
    const edge = (c: string) => c.toLowerCase() === c.toUpperCase() && !(c >= "0" && c <= "9") && c !== "-"
    return edge(before) && edge(after)
  })
  // "Provence-Alpes-Côte d'Azur" contains no other area; if one named area contains another, the longer wins.
  const maximal = named.filter((a) => !named.some((b) => b !== a && b.includes(a)))
  return maximal.length === 1 ? maximal[0]! : null
}

/** The area whose section a sentence stands in: the innermost heading that is an area of the tables. */
export const sectionArea = (areas: ReadonlyArray<string>, section: ReadonlyArray<string>): string | null => {
  for (let i = section.length - 1; i >= 0; i--) if (areas.includes(section[i]!)) return section[i]!
  return null
}

/** The round-1 row of the candidate a name stands for in an area: full name, else surname; unique or null. */
export const candidateIn = (names: Names, area: string, name: string): Result | null => {
  const rows = names.dataset.results.filter((r) => r.election_id === names.election.election_id && r.area === area && r.round === 1)
  const full = rows.filter((r) => slug(r.contestant) === slug(name))
  if (full.length === 1) return full[0]!
  const last = slug(name.split(" ").pop() ?? name)
  const bySurname = rows.filter((r) => slug(r.contestant.split(" ").pop() ?? "") === last || slug(r.contestant).endsWith(`-${last}`))
  return bySurname.length === 1 ? bySurname[0]! : null
}

/** A bloc named as "the left" / "the right" / "the far right" (lower case: "the Left Radical Party" is a party). */
export const blocAt = (t: ReadonlyArray<Token>, i: number): { bloc: string; end: number } | null => {
  if (t[i]?.lower !== "the") return null
  const w = t[i + 1]
  if (w === undefined || w.kind !== "word" || w.text !== w.lower) return null
  if (w.lower === "left" || w.lower === "right") return isCapitalised(t[i + 2]) ? null : { bloc: w.lower, end: i + 2 }
  if (w.lower === "far-left" || w.lower === "far-right") return { bloc: w.lower, end: i + 2 }
  if (w.lower === "far" && (t[i + 2]?.lower === "left" || t[i + 2]?.lower === "right")) return { bloc: `far-${t[i + 2]!.lower}`, end: i + 3 }
  return null
}

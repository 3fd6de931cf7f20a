/**
 * The party dictionary (seeds/reference/parties.csv) and the two ways the pipeline uses it:
 * `splitLabel` turns a list label such as `PS-PCF-PRG-Verts` into party codes, and
 * `lookupParty` resolves one full name (`Union for a Popular Movement`, `UMP Group`) to a party.
 *
 * Pure: CSV text in, dictionary out; no file system. A bad dictionary row is reported as a
 * problem with its 1-based line and skipped; nothing here throws.
 *
 * Matching is on a normalised key (see `normaliseKey`): case-insensitive, accent-insensitive,
 * whitespace collapsed, no space around `-` or `/`, typographic apostrophes and dashes folded.
 */
import * as Schema from "effect/Schema"
import { readCsvRecords } from "./csv.ts"
import { memoString } from "./ids.ts"

export const BLOCS = ["far-left", "left", "ecologist", "centre", "right", "far-right", "regionalist", "other"] as const
export type Bloc = (typeof BLOCS)[number]

export interface Party {
  /** Short code (PS, UMP, Verts, UMP_DISS, SEN_SOC, …). Letters, digits and `_` only. */
  readonly code: string
  readonly name: string
  readonly bloc: Bloc
  /** Other spellings that mean the same party; the code and name are matched as well. */
  readonly aliases: ReadonlyArray<string>
  /** Where the code/name comes from: `file.txt:line "…"`, `well-known…`, `assigned…`, or "defined by the article" (learned-parties.ts). */
  readonly source: string
  /** Set for a party an article defines ("Labour Party (LAB)"), not the reference dictionary: "defined by the article" (learned-parties.ts `LEARNED_SOURCE`; one dictionary serves every article that defines its parties alike). */
  readonly learnedFrom?: string
}

export interface PartyDictionary {
  /** Every party, in file order. */
  readonly parties: ReadonlyArray<Party>
  /** Party by exact code. */
  readonly byCode: ReadonlyMap<string, Party>
  /** Party by normalised code, name or alias (`normaliseKey`). */
  readonly byKey: ReadonlyMap<string, Party>
}

export interface DictionaryProblem {
  /** 1-based line in the CSV where the offending row starts. */
  readonly line: number
  readonly message: string
}

/** A code never contains `-`, `/` or spaces, so it survives label splitting unchanged. */
const CODE = /^[A-Za-z0-9_]+$/
const Code = Schema.String.check(
  Schema.isPattern(CODE, { message: "code must be letters, digits or '_' (no '-', '/' or spaces)" })
)
const Text = Schema.String.check(
  Schema.isTrimmed({ message: "must have no leading or trailing spaces" }),
  Schema.isNonEmpty({ message: "must not be empty" })
)
/** Empty, or `|`-separated non-empty spellings. */
// A predicate, not the pattern `^$|^[^|]*[^|\s][^|]*(\|[^|]*[^|\s][^|]*)*$`, which backtracks exponentially.
const aliasesOk = (aliases: string): boolean => aliases === "" || aliases.split("|").every((a) => a.trim() !== "")
const Aliases = Schema.String.check(
  Schema.makeFilter(aliasesOk, { message: "aliases must be '|'-separated non-empty spellings" })
)
/** `file.txt:line …`, `well-known…` or `assigned…`. */
const SOURCE = /^(well-known|assigned|[^\s:]+\.txt:\d+)/
const Source = Schema.String.check(
  Schema.isPattern(SOURCE, { message: "source must start with 'well-known', 'assigned' or 'file.txt:line'" })
)

/** One row of parties.csv, as the CSV holds it (aliases still `|`-joined). */
export const PartyRow = Schema.Struct({
  code: Code,
  name: Text,
  bloc: Schema.Literals(BLOCS),
  aliases: Aliases,
  source: Source
})
export type PartyRow = typeof PartyRow.Type


export const COLUMNS = ["code", "name", "bloc", "aliases", "source"] as const

const BLOC_SET: ReadonlySet<unknown> = new Set(BLOCS)
const isText = (s: unknown): s is string => typeof s === "string" && s.length !== 0 && s.trim() === s

/**
 * `PartyRow`'s decoded value for a row that satisfies every check (the same predicates and
 * patterns), without Schema's machinery (~1.5 ms of the seeds' cold run for 70 rows); undefined
 * for any other row, which Schema then decodes for its message (test/party-row.test.ts compares them).
 */
export const plainPartyRow = (row: Record<string, unknown>): PartyRow | undefined => {
  const { code, name, bloc, aliases, source } = row
  return typeof code === "string" && CODE.test(code) && isText(name) && BLOC_SET.has(bloc) &&
      typeof aliases === "string" && aliasesOk(aliases) && typeof source === "string" && SOURCE.test(source)
    ? { code, name, bloc: bloc as Bloc, aliases, source }
    : undefined
}

/**
 * The matching key: NFD with diacritics removed, lower case, typographic apostrophes and
 * dashes folded, whitespace collapsed, no whitespace around `-` and `/`.
 */
export const normaliseKey = memoString((text: string): string =>
  text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[\u2018\u2019\u02bc`]/g, "'")
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .replace(/ ?([-/]) ?/g, "$1") // whitespace is single spaces by now
    .trim())

const toParty = (row: PartyRow): Party => ({
  code: row.code,
  name: row.name,
  bloc: row.bloc,
  aliases: row.aliases === "" ? [] : row.aliases.split("|").map((a) => a.trim()),
  source: row.source
})

/**
 * Builds the lookup maps. A duplicate code drops the later party; a name or alias that another
 * party already claims stays with the first party. Both are reported (with the party's line,
 * when `lines` gives one).
 */
export const makePartyDictionary = (
  parties: ReadonlyArray<Party>,
  lines: ReadonlyArray<number> = []
): { dictionary: PartyDictionary; problems: Array<DictionaryProblem> } => {
  const problems: Array<DictionaryProblem> = []
  const kept: Array<Party> = []
  const byCode = new Map<string, Party>()
  const byKey = new Map<string, Party>()
  parties.forEach((party, i) => {
    const line = lines[i] ?? 0
    const other = byCode.get(party.code)
    if (other !== undefined) {
      problems.push({ line, message: `duplicate code '${party.code}'; the row is skipped` })
      return
    }
    byCode.set(party.code, party)
    kept.push(party)
    for (const spelling of [party.code, party.name, ...party.aliases]) {
      const key = normaliseKey(spelling)
      const owner = byKey.get(key)
      if (owner === undefined) byKey.set(key, party)
      else if (owner !== party) {
        problems.push({
          line,
          message: `'${spelling}' (${party.code}) already means ${owner.code}; it stays with ${owner.code}`
        })
      }
    }
  })
  return { dictionary: { parties: kept, byCode, byKey }, problems }
}

/** A copy of a map: its entries in order, set one by one. */
const copyMap = <K, V>(from: ReadonlyMap<K, V>): Map<K, V> => {
  const to = new Map<K, V>()
  from.forEach((v, k) => to.set(k, v))
  return to
}

/**
 * `makePartyDictionary([...base's parties with extra aliases, ...added]).dictionary`, built on the
 * base's maps instead of from nothing (an article's dictionary: learned-parties.ts), so the base's
 * spellings are not normalised and hashed again for every article. `base` must come from
 * `makePartyDictionary`; every extra alias must be unknown to the base (no base key), and every
 * added party's code new to it. Then the base's keys keep their owners, the extra aliases are
 * claimed in the base's party order, and the added parties' spellings last, as the full build does
 * (test/learned-parties.test.ts compares the two).
 */
export const extendDictionary = (
  base: PartyDictionary,
  extraAliases: ReadonlyMap<string, ReadonlyArray<string>>,
  added: ReadonlyArray<Party>
): PartyDictionary => {
  // Copied entry by entry: `new Map(map)` goes through the iterator protocol, an entry array and a
  // result object per key (~60 MB over the 1,000 generated articles; issue 8, sixth pass). Same
  // entries, same order.
  const byCode = copyMap(base.byCode)
  const byKey = copyMap(base.byKey)
  const claim = (spelling: string, party: Party) => {
    const key = normaliseKey(spelling)
    if (!byKey.has(key)) byKey.set(key, party)
  }
  const parties = base.parties.map((p) => {
    const extra = extraAliases.get(p.code)
    if (extra === undefined) return p
    const grown: Party = { ...p, aliases: [...p.aliases, ...extra] }
    byCode.set(p.code, grown)
    // The keys the base gave this party now lead to its grown entry.
    for (const spelling of [p.code, p.name, ...p.aliases]) {
      const key = normaliseKey(spelling)
      if (byKey.get(key) === p) byKey.set(key, grown)
    }
    for (const spelling of extra) claim(spelling, grown)
    return grown
  })
  for (const party of added) {
    if (byCode.has(party.code)) continue
    byCode.set(party.code, party)
    parties.push(party)
    for (const spelling of [party.code, party.name, ...party.aliases]) claim(spelling, party)
  }
  return { parties, byCode, byKey }
}

/** 1-based line of the first non-blank character at or after `offset`. */

/**
 * Reads parties.csv. Every row is decoded with `PartyRow`; a row that does not decode, has the
 * wrong number of fields, or repeats a code is a problem with its line, never a throw.
 * `file` only labels the problems' messages.
 */
export const parsePartyDictionary = (
  csvText: string,
  file: string
): { dictionary: PartyDictionary; problems: Array<DictionaryProblem> } => {
  const read = readCsvRecords(PartyRow as Schema.Codec<PartyRow, unknown>, csvText, file, COLUMNS, plainPartyRow)
  const problems: Array<DictionaryProblem> = read.problems
  const parties = read.records.map((r) => toParty(r.value))
  const lines = read.records.map((r) => r.line)
  const built = makePartyDictionary(parties, lines)
  const all = [...problems, ...built.problems.map((p) => ({ ...p, message: `${file}: ${p.message}` }))]
  return { dictionary: built.dictionary, problems: all.sort((a, b) => a.line - b.line) }
}

/** A full name, code or alias to its party; null when the dictionary does not know it. */
export const lookupParty = (name: string, dictionary: PartyDictionary): Party | null =>
  dictionary.byKey.get(normaliseKey(name)) ?? null

export interface LabelPart {
  /** The party code when known; otherwise the token as written. */
  readonly code: string
  /** The part of the label this entry was read from, as written (trimmed). */
  readonly text: string
  /** True when the reference dictionary has the party (`parties`). */
  readonly known: boolean
  /** True when the party is known or the article defines it ("Labour Party (LAB)"); false: kept verbatim. */
  readonly defined: boolean
}

/** Splits at `-` and `/` (with any spaces around them), keeping each token's offsets. */
const tokenise = (label: string): Array<{ start: number; end: number }> => {
  const tokens: Array<{ start: number; end: number }> = []
  let start = 0
  const push = (from: number, to: number) => {
    const raw = label.slice(from, to)
    const lead = raw.length - raw.trimStart().length
    const trimmed = raw.trim()
    if (trimmed !== "") tokens.push({ start: from + lead, end: from + lead + trimmed.length })
  }
  // Each `-` or `/` separates; spaces around it are trimmed off the tokens (a scan, not
  // `/\s*[-/]\s*/g`, which rescans a run of spaces from each of its positions).
  for (let i = 0; i < label.length; i++) {
    if (label[i] !== "-" && label[i] !== "/") continue
    push(start, i)
    start = i + 1
  }
  push(start, label.length)
  return tokens
}

/**
 * A list label to its parties, in label order. The whole label is tried first; otherwise the
 * label is split at `-` and `/` and, from left to right, the longest run of consecutive tokens
 * that the dictionary knows (rejoined with the separators as written) is taken, so hyphenated
 * names (`Mouvement Hommes-Animaux-Nature`, `Corse Social-Démocrate`) stay whole. A token that
 * matches nothing comes back as written with `known: false`. An empty label gives [].
 */
/** `splitLabel` results per dictionary and label (the same labels recur in every round and article). */
const splitCache = new WeakMap<PartyDictionary, (label: string) => ReadonlyArray<LabelPart>>()

/** Splits a label into party parts (memoised per dictionary; the result is shared, never mutate it). */
export const splitLabel = (label: string, dictionary: PartyDictionary): ReadonlyArray<LabelPart> => {
  let split = splitCache.get(dictionary)
  if (split === undefined) {
    split = memoString((text: string) => splitLabelUncached(text, dictionary))
    splitCache.set(dictionary, split)
  }
  return split(label)
}

/**
 * Makes `dictionary` share the label splits of an earlier dictionary with the same `reading` (a
 * text naming everything its byKey map was built from beyond `base`: see learned-parties.ts), so
 * that articles which define the same parties do not split every label again. A split reads only
 * the codes the keys lead to and whether each party is the reference's, which the reading fixes.
 * The last 16 readings per base are kept.
 */
export const shareLabelSplits = (dictionary: PartyDictionary, base: PartyDictionary, reading: string): void => {
  let readings = sharedSplits.get(base)
  if (readings === undefined) {
    readings = new Map()
    sharedSplits.set(base, readings)
  }
  let split = readings.get(reading)
  if (split === undefined) {
    const first = dictionary
    split = memoString((text: string) => splitLabelUncached(text, first))
    if (readings.size >= 16) readings.delete(readings.keys().next().value!)
    readings.set(reading, split)
  }
  splitCache.set(dictionary, split)
}
const sharedSplits = new WeakMap<PartyDictionary, Map<string, (label: string) => ReadonlyArray<LabelPart>>>()

const splitLabelUncached = (label: string, dictionary: PartyDictionary): Array<LabelPart> => {
  const whole = label.trim()
  if (whole === "") return []
  const party = lookupParty(whole, dictionary)
  if (party !== null) return [{ code: party.code, text: whole, known: party.learnedFrom === undefined, defined: true }]
  const tokens = tokenise(label)
  const parts: Array<LabelPart> = []
  let i = 0
  while (i < tokens.length) {
    let matched = false
    for (let j = tokens.length - 1; j >= i; j--) {
      const text = label.slice(tokens[i]!.start, tokens[j]!.end)
      const found = lookupParty(text, dictionary)
      if (found !== null) {
        parts.push({ code: found.code, text, known: found.learnedFrom === undefined, defined: true })
        i = j + 1
        matched = true
        break
      }
    }
    if (!matched) {
      const text = label.slice(tokens[i]!.start, tokens[i]!.end)
      parts.push({ code: text, text, known: false, defined: false })
      i++
    }
  }
  return parts
}

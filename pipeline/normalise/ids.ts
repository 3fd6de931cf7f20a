/** Stable, readable ids: slugs of names, never line numbers, so ids survive edits elsewhere. */

/**
 * Memoises a pure string function (names, party labels and section titles repeat across rows and
 * articles). The cache is dropped when it reaches `max` entries, so memory stays bounded.
 *
 * A new entry is keyed by, and computed from, a copy of the text (`ownString`): a cell or label is
 * a slice of its article's text (V8's sliced string), and a slice keeps its whole parent alive, so
 * a cached slice — or a value holding a slice of it — kept every article it came from in memory
 * for as long as the cache lived (~50 KB an article, as UTF-16: 1,000 generated articles held
 * ~50 MB in the worker and ~240 MB of old generation by the end; docs/decisions.md, "Memoised
 * slices kept whole articles alive"). Only misses copy; a hit costs what it did.
 */
export const memoString = <A>(f: (text: string) => A, max = 1 << 16): ((text: string) => A) => {
  let cache = new Map<string, A>()
  return (text) => {
    let value = cache.get(text)
    if (value === undefined) {
      const own = ownString(text)
      value = f(own)
      if (cache.size >= max) cache = new Map()
      cache.set(own, value)
    }
    return value
  }
}

/**
 * A string with the same characters that shares no storage with `text`: concatenating makes a new
 * string (a cons string from 13 characters), and slicing it flattens it into a fresh one of its
 * own, `text.length + 1` characters long (the slice then refers to that, not to `text`'s parent).
 */
export const ownString = (text: string): string => ` ${text}`.slice(1)

/** The slug of a text, the long way (what `slug` returns, before its one-byte copy). */
export const slugText = (text: string): string =>
  text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, "-")
    .split("-")
    .filter((part) => part !== "")
    .join("-") || "x"

/**
 * A copy of an ASCII string in V8's one-byte representation. An article holding one character
 * beyond Latin-1 (a dash, a bullet) is a two-byte string, and so is every slice of it and every
 * string `replace`/`join` make from those slices, ASCII or not: each id joined from slugs then
 * took two bytes a character (issue 8, seventh pass, part E). `String.fromCharCode` makes a
 * one-byte string when every code fits; the content is the same (test/slug-one-byte.test.ts).
 */
export const oneByteCopy = (ascii: string): string => {
  let copy = ""
  for (let from = 0; from < ascii.length; from += CHUNK) {
    const to = Math.min(ascii.length, from + CHUNK)
    codeScratch.length = to - from
    for (let i = from; i < to; i++) codeScratch[i - from] = ascii.charCodeAt(i)
    copy += String.fromCharCode.apply(null, codeScratch)
  }
  return copy
}
const CHUNK = 1024
const codeScratch: Array<number> = []

/** A name's slug (`Île-de-France` → `ile-de-france`), memoised, as a one-byte string (`oneByteCopy`). */
export const slug = memoString((text: string): string => oneByteCopy(slugText(text)))

/**
 * Hands out ids unique within one scope: the second `x` becomes `x-2`, and so on. `seen` (how many
 * times each id was asked for) may be given: the parallel run (pipeline/parallel/) reads it to merge
 * articles analysed in workers exactly.
 */
export const uniqueIds = (seen: Map<string, number> = new Map()) => {
  return (id: string): string => {
    const n = (seen.get(id) ?? 0) + 1
    seen.set(id, n)
    return n === 1 ? id : `${id}-${n}`
  }
}

/**
 * `uniqueIds` for ids written `prefix/key` where `key` is a slug (never a `/`, so the pair and the
 * id determine each other): the same ids, counted in a map per prefix. The prefix (a contest's id)
 * and the key (a memoised slug) are strings met again and again, whose hashes V8 keeps, where the
 * joined id would be a new string to flatten and hash at every row.
 */
export const uniqueSlugIds = () => {
  const seen = new Map<string, Map<string, number>>()
  return (prefix: string, key: string): string => {
    let counts = seen.get(prefix)
    if (counts === undefined) {
      counts = new Map()
      seen.set(prefix, counts)
    }
    const n = (counts.get(key) ?? 0) + 1
    counts.set(key, n)
    const id = n === 1 ? `${prefix}/${key}` : `${prefix}/${key}-${n}`
    // Read once, so that V8 flattens the joined string here, as hashing it did before: every later
    // stage that hashes or writes the id would otherwise flatten it in its own time.
    id.charCodeAt(0)
    return id
  }
}

/** Section path as text; text before the first heading is in the article's lead. */
export const LEAD = "(lead)"
export const sectionText = (section: ReadonlyArray<string>): string => {
  if (section.length === 0) return LEAD
  // The last path's text is given again for an equal path (every block of a section has its own
  // copy of the path): the same string, whose hash V8 keeps, where a new join is hashed again by
  // every memo (slug) and map it meets.
  if (section.length === lastPath.length) {
    let same = true
    for (let i = 0; i < section.length && same; i++) same = section[i] === lastPath[i]
    if (same) return lastText
  }
  lastPath = [...section] // a copy: a caller may change its array afterwards
  lastText = section.join(" > ")
  return lastText
}
let lastPath: ReadonlyArray<string> = []
let lastText = LEAD

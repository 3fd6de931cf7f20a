/**
 * The words and figures of a sentence, read by one linear scanner (no backtracking patterns, so
 * nothing here can be slow on hostile text): words, numbers and punctuation with their character
 * offsets, and the figures they state — digits (grouped `3,226,525`, decimal `26.25` or `12,34`),
 * English number words (`twenty-two`), percentages, fractions (`a third`, `half`) and `a majority`.
 * Years and day-of-month numbers are told apart from counts so they are never compared with seats.
 */
import { numberWord } from "../claims.ts"

export interface Token {
  readonly text: string
  /** Lower case, typographic apostrophes and dashes folded. */
  readonly lower: string
  readonly kind: "word" | "number" | "punct"
  /** Character offsets in the sentence. */
  readonly start: number
  readonly end: number
}

export type FigureKind = "count" | "percent" | "year" | "date" | "fraction" | "majority" | "ordinal"

export interface Figure {
  readonly value: number
  readonly kind: FigureKind
  /** Decimals the figure was written with (12.34 → 2). */
  readonly decimals: number
  /** Token indices: [from, to). */
  readonly from: number
  readonly to: number
}

// The character tests take a UTF-16 code unit's code. ASCII answers directly (most of any text);
// beyond ASCII they ask the string methods, as the tests were first written: a letter is what has
// a case (or a–z), a space is what `trim` removes.
const isLetterCode = (code: number, text: string, i: number): boolean => {
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 65 && code <= 90)
  const c = text[i]!
  return c.toLowerCase() !== c.toUpperCase()
}
const isDigitCode = (code: number): boolean => code >= 48 && code <= 57
const isSpaceCode = (code: number, text: string, i: number): boolean =>
  code < 128 ? code === 32 || (code >= 9 && code <= 13) : text[i]!.trim() === ""
/** `'` and `’`. */
const isApostropheCode = (code: number): boolean => code === 39 || code === 0x2019
/** `-`, `‐` and `‑`. */
const isHyphenCode = (code: number): boolean => code === 45 || code === 0x2010 || code === 0x2011

/** Lower case, typographic apostrophes and dashes folded (the replacements only when there is one to make). */
const fold = (raw: string): string => {
  let lower = raw.toLowerCase()
  if (lower.includes("’")) lower = lower.replace(/\u2019/g, "'")
  if (lower.includes("‐") || lower.includes("‑")) lower = lower.replace(/[\u2010\u2011]/g, "-")
  return lower
}

/**
 * Splits a sentence into words (letters with inner apostrophes or hyphens), numbers and punctuation.
 * A token's `lower` is `fold` of its text, asked only where folding can change it: a number's is its
 * text, an ASCII punctuation mark's too, and a word's is its lower case unless the scan met a
 * typographic apostrophe or hyphen in it (issue 8, eleventh pass; test/prose.test.ts holds the
 * tokens to the string-by-string scanner).
 */
export const tokenise = (text: string): Array<Token> => {
  const tokens: Array<Token> = []
  const n = text.length
  // charCodeAt past the end is NaN: every test below is false for it, as for the "" the scan once read there.
  let i = 0
  while (i < n) {
    const code = text.charCodeAt(i)
    if (isSpaceCode(code, text, i)) {
      i++
      continue
    }
    const start = i
    let kind: Token["kind"]
    let raw: string
    let lower: string
    if (isDigitCode(code)) {
      i++
      while (i < n) {
        const d = text.charCodeAt(i)
        if (isDigitCode(d) || ((d === 44 || d === 46) && isDigitCode(text.charCodeAt(i + 1)))) i++
        else break
      }
      kind = "number"
      // Digits, `,` and `.`: no case, nothing to fold.
      raw = text.slice(start, i)
      lower = raw
    } else if (isLetterCode(code, text, i)) {
      i++
      // Whether the word holds a typographic apostrophe or hyphen: only then is there one to fold.
      let typographic = false
      while (i < n) {
        const d = text.charCodeAt(i)
        if (isLetterCode(d, text, i) || isDigitCode(d)) i++
        else if ((isApostropheCode(d) || isHyphenCode(d)) && i + 1 < n && isLetterCode(text.charCodeAt(i + 1), text, i + 1)) {
          if (d !== 39 && d !== 45) typographic = true
          i += 2
        } else break
      }
      kind = "word"
      raw = text.slice(start, i)
      lower = typographic ? fold(raw) : raw.toLowerCase()
    } else {
      i++
      kind = "punct"
      raw = text.slice(start, i)
      // One code unit; an ASCII one that is not a letter has no case and is not folded.
      lower = code < 128 ? raw : fold(raw)
    }
    tokens.push({ text: raw, lower, kind, start, end: i })
  }
  return tokens
}

const WORD_VALUES: ReadonlyMap<string, number> = new Map(
  Array.from({ length: 100 }, (_, n) => [numberWord(n)!, n] as const)
)

/** Ordinals from "third" up ("a fourth term", "third place"); "first" and "second" mostly name rounds or order, not figures. */
const ORDINALS: ReadonlyMap<string, number> = new Map([
  ["third", 3], ["fourth", 4], ["fifth", 5], ["sixth", 6], ["seventh", 7], ["eighth", 8], ["ninth", 9], ["tenth", 10],
  ["eleventh", 11], ["twelfth", 12]
])

export const MONTHS: ReadonlySet<string> = new Set([
  "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"
])

/** The value of a number as written in digits: `3,226,525`, `26.25`, `12,34` (decimal comma); null if unreadable. */
export const digitsValue = (text: string): { value: number; decimals: number } | null => {
  // Without a comma or a dot (most figures), every branch below comes to the last line with one
  // part: the number and no decimals, read here without the two splits (issue 8, seventh pass;
  // test/digits-value.test.ts holds it to the splitting path).
  if (text.indexOf(",") < 0 && text.indexOf(".") < 0) return { value: Number(text), decimals: 0 }
  return digitsValueSplit(text)
}

/** `digitsValue` by splitting at commas and dots (any text; the path for figures with either). */
export const digitsValueSplit = (text: string): { value: number; decimals: number } | null => {
  const groups = text.split(",")
  // Thousands grouping: 1–3 digits, then groups of exactly three.
  if (groups.length > 1 && groups[0]!.length <= 3 && groups.slice(1).every((g) => g.length === 3 && !g.includes("."))) {
    const plain = groups.join("")
    const dot = plain.indexOf(".")
    return { value: Number(plain), decimals: dot < 0 ? 0 : plain.length - dot - 1 }
  }
  if (groups.length === 2 && groups[1]!.length <= 2 && !groups[0]!.includes(".")) {
    return { value: Number(`${groups[0]}.${groups[1]}`), decimals: groups[1]!.length }
  }
  if (groups.length > 1) return null
  const parts = text.split(".")
  if (parts.length > 2) return null
  return { value: Number(text), decimals: parts.length === 2 ? parts[1]!.length : 0 }
}

/** The value of an English number word (`twenty-two`), or null. */
export const wordValue = (lower: string): number | null => WORD_VALUES.get(lower) ?? null

/** Every figure the tokens state, in order. */
export const figuresOf = (tokens: ReadonlyArray<Token>): Array<Figure> => {
  const figures: Array<Figure> = []
  // A figure of several tokens ("a third", "12 per cent") is read once: the scan resumes after it.
  const push = (f: Figure) => {
    figures.push(f)
    return f.to - 1
  }
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!
    const next = tokens[i + 1]
    const prev = tokens[i - 1]
    if (t.kind === "number") {
      const read = digitsValue(t.text)
      if (read === null) continue
      let to = i + 1
      let kind: FigureKind = "count"
      if (next?.text === "%") {
        kind = "percent"
        to = i + 2
      } else if (next?.lower === "percent") {
        kind = "percent"
        to = i + 2
      } else if (next?.lower === "per" && tokens[i + 2]?.lower === "cent") {
        kind = "percent"
        to = i + 3
      } else if ((prev && MONTHS.has(prev.lower)) || (next && MONTHS.has(next.lower)) || (next?.lower === "and" && MONTHS.has(tokens[i + 3]?.lower ?? ""))) {
        kind = read.decimals === 0 && read.value >= 1000 ? "year" : "date"
      } else if (read.decimals === 0 && t.text.length === 4 && read.value >= 1800 && read.value <= 2100) {
        kind = "year"
      }
      i = push({ value: read.value, kind, decimals: read.decimals, from: i, to })
      continue
    }
    if (t.kind !== "word") continue
    const ordinal = ORDINALS.get(t.lower)
    if (ordinal !== undefined) {
      figures.push({ value: ordinal, kind: "ordinal", decimals: 0, from: i, to: i + 1 })
      continue
    }
    // "nine-year terms": a number word that begins a compound.
    const dash = t.lower.indexOf("-")
    const head = dash > 0 && wordValue(t.lower) === null ? (wordValue(t.lower.slice(0, t.lower.lastIndexOf("-"))) ?? wordValue(t.lower.slice(0, dash))) : null
    if (head !== null) {
      figures.push({ value: head, kind: "count", decimals: 0, from: i, to: i + 1 })
      continue
    }
    const value = wordValue(t.lower)
    if (value !== null) {
      if (next?.text === "%" || next?.lower === "percent") i = push({ value, kind: "percent", decimals: 0, from: i, to: i + 2 })
      else i = push({ value, kind: "count", decimals: 0, from: i, to: i + 1 })
      continue
    }
    // "an absolute majority": a majority (more than half), like "a majority".
    if (t.lower === "an" && next?.lower === "absolute" && tokens[i + 2]?.lower === "majority") {
      i = push({ value: 0.5, kind: "majority", decimals: 0, from: i, to: i + 3 })
      continue
    }
    if (t.lower === "a" && next !== undefined) {
      if (next.lower === "third") i = push({ value: 1 / 3, kind: "fraction", decimals: 0, from: i, to: i + 2 })
      else if (next.lower === "quarter") i = push({ value: 1 / 4, kind: "fraction", decimals: 0, from: i, to: i + 2 })
      else if (next.lower === "majority") i = push({ value: 0.5, kind: "majority", decimals: 0, from: i, to: i + 2 })
      else if (next.lower === "half") i = push({ value: 0.5, kind: "fraction", decimals: 0, from: i, to: i + 2 })
    } else if (t.lower === "half" && prev?.lower !== "a") {
      figures.push({ value: 0.5, kind: "fraction", decimals: 0, from: i, to: i + 1 })
    }
  }
  return figures
}

/** Figures that state an amount (not a year or a day of the month). */
export const isAmount = (f: Figure): boolean => f.kind !== "year" && f.kind !== "date"

/**
 * The one cell reader. Every number in every table goes through here.
 * It never throws: a cell is read to a value, recognised as absent (with what the absence means),
 * or reported unreadable. A value read from a non-canonical form carries a `note`, which the
 * normaliser turns into a finding with the cell's file and line.
 *
 * See test/cells.test.ts for the contract, form by form.
 */
import { isTrimmedUnit } from "../extract/parse.ts"

/** What a lone dash means in a given column; decided per column by the normaliser. */
export type DashMeaning = "not_stood" | "no_change" | "none"

export type Absence =
  | "empty" //         the cell is empty
  | "not_stood" //     `–` in a votes/% column of a later round: the list did not stand
  | "none" //          `–` in a seats/regions column: none (reads as 0 where the column is a count of things won)
  | "cross_reference" // e.g. `see DVD`: the figure is counted under another row

export interface Note {
  /** Stable finding code, e.g. NUMBER_THOUSANDS_DOT. */
  readonly code: string
  /** One plain sentence: what was odd and how it was read. */
  readonly message: string
}

export type CellRead =
  | { readonly _tag: "Value"; readonly value: number; readonly decimals: number; readonly note: Note | null }
  | { readonly _tag: "Absent"; readonly absence: Absence; readonly reference: string | null; readonly note: Note | null }
  | { readonly _tag: "Unreadable"; readonly note: Note }

// ---------------------------------------------------------------------------------------------
// Implementation
// ---------------------------------------------------------------------------------------------

/** The four characters a table uses for a lone dash: en dash, hyphen-minus, em dash, minus sign. */
export const DASHES: ReadonlySet<string> = new Set(["\u2013", "-", "\u2014", "\u2212"])
/**
 * A lone dash: every dash is one code unit long, so a longer cell (any figure of two characters or
 * more) is answered without hashing it into the set (issue 8, sixth pass), and a one-unit cell by
 * its code unit (seventh pass; test/cells.test.ts checks it against the set for every code unit).
 */
export const isDash = (text: string): boolean => {
  if (text.length !== 1) return false
  const c = text.charCodeAt(0)
  return c === 0x2013 || c === 0x2d || c === 0x2014 || c === 0x2212
}

/** Quote a cell for a message, cut to a readable length so a pathological cell cannot flood a report. */
const MAX_QUOTED = 60
const quote = (text: string): string => {
  // Fast path: a string of at most MAX_QUOTED code units has at most MAX_QUOTED code points.
  if (text.length <= MAX_QUOTED) return `'${text}'`
  const chars = Array.from(text)
  return chars.length > MAX_QUOTED ? `'${chars.slice(0, MAX_QUOTED).join("")}…'` : `'${text}'`
}

const note = (code: string, message: string): Note => ({ code, message })

const makeValue = (n: number, decimals: number, note: Note | null): CellRead => ({
  _tag: "Value",
  value: n === 0 ? 0 : n, // never -0
  decimals,
  note
})
/**
 * Whole numbers from -1,024 to 1,023 without a note, read once: seats, changes and regions are small
 * (four reads per seat row), and a read is never changed once made (every field is read-only), so
 * they share one object each where a new one was made per cell (issue 8, seventh pass).
 */
const SMALL_VALUES: ReadonlyArray<CellRead> = Array.from({ length: 2048 }, (_, i) => makeValue(i - 1024, 0, null))
const value = (n: number, decimals: number, note: Note | null): CellRead =>
  note === null && decimals === 0 && n >= -1024 && n < 1024 && Number.isInteger(n) ? SMALL_VALUES[n + 1024]! : makeValue(n, decimals, note)
const makeAbsent = (absence: Absence, reference: string | null, note: Note | null): CellRead => ({
  _tag: "Absent",
  absence,
  reference,
  note
})
/** The absences without a reference or note, one object each (as SMALL_VALUES). */
const PLAIN_ABSENT: Readonly<Record<Absence, CellRead>> = {
  empty: makeAbsent("empty", null, null),
  not_stood: makeAbsent("not_stood", null, null),
  none: makeAbsent("none", null, null),
  cross_reference: makeAbsent("cross_reference", null, null)
}
const absent = (absence: Absence, reference: string | null, note: Note | null): CellRead =>
  reference === null && note === null ? PLAIN_ABSENT[absence] : makeAbsent(absence, reference, note)
const unreadable = (code: string, message: string): CellRead => ({ _tag: "Unreadable", note: note(code, message) })

/** Digits of a non-negative integer with `,` every three places, independent of the runtime's locale data. */
const groupDigits = (digits: string): string => {
  // A loop, not `replace(/\B(?=(\d{3})+$)/g, ",")`: that lookahead rescans the rest at every digit (quadratic).
  let out = ""
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ","
    out += digits[i]
  }
  return out
}

/**
 * Spaces: NBSP, narrow NBSP and thin space become ordinary spaces, runs of spaces become one, and
 * the ends are trimmed. Thin space (U+2009) is included because it is the other common typographic
 * thousands separator.
 */
/**
 * Whether a cell has an odd space (NBSP, narrow NBSP, thin space) or two spaces in a row: the
 * test `/[\u00A0\u202F\u2009]| {2}/` once was, as a loop over the code units (every cell comes
 * here; issue 8, sixth pass). test/cells.test.ts checks the two agree.
 */
export const hasOddSpaces = (raw: string): boolean => {
  let space = false
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i)
    if (c === 32) {
      if (space) return true
      space = true
      continue
    }
    space = false
    if (c === 0xa0 || c === 0x202f || c === 0x2009) return true
  }
  return false
}
const cleanSpaces = (raw: string): string =>
  // Most cells have no odd or doubled space: only trimming is then left to do (no regex replace).
  stripEmphasis(hasOddSpaces(raw) ? raw.replace(/[\u00A0\u202F\u2009]/g, " ").replace(/ {2,}/g, " ").trim() : trimmed(raw))

/**
 * `text.trim()`, answered without the call when neither end is a unit trim removes: the parser's
 * cells are trimmed already (extract/parse.ts `splitCells`), and every figure cell and row name
 * comes here (issue 8, ninth pass). `isTrimmedUnit` is trim's set, tested for every code unit.
 */
export const trimmed = (text: string): string =>
  text.length === 0 || (!isTrimmedUnit(text.charCodeAt(0)) && !isTrimmedUnit(text.charCodeAt(text.length - 1))) ? text : text.trim()

/**
 * Bold or italic markup around a whole cell (`'''Total'''`, `''2,701,000''`) is emphasis, not
 * content: the same number of quotes (2, 3 or 5) on both sides is dropped. Anything else is left.
 */
export const stripEmphasis = (text: string): string => {
  if (text.length < 4 || text.charCodeAt(0) !== 39 || text.charCodeAt(text.length - 1) !== 39) return text
  let n = 0
  while (n < 5 && text.charAt(n) === "'") n++
  let m = 0
  while (m < 5 && text.charAt(text.length - 1 - m) === "'") m++
  const k = Math.min(n, m)
  if (k < 2 || text.length <= 2 * k) return text
  return text.slice(k, text.length - k).trim()
}

/**
 * Splits trailing footnote markers (`[1]`, `[a]`, `[note 2]`, `*`, `†`, `‡`) off a cleaned cell.
 * Written as a loop rather than a regex so that it stays linear on any input. Never strips the
 * whole cell: a cell that is nothing but a marker is left as it is (and will read as unreadable).
 */
const MAX_FOOTNOTE_BODY = 20
export const splitFootnote = (text: string): { body: string; marker: string } => {
  let body = text
  for (;;) {
    const last = body.charAt(body.length - 1)
    let cut = -1
    if (last === "*" || last === "\u2020" || last === "\u2021") {
      cut = body.length - 1
    } else if (last >= "a" && last <= "e" && /[\d%]/.test(body.charAt(body.length - 2))) {
      // A letter note after a figure (`402,331a`, `12.5%b`): only a–e, only right after a digit or '%'.
      cut = body.length - 1
    } else if (last === "]") {
      const open = body.lastIndexOf("[")
      const inner = open >= 0 ? body.slice(open + 1, -1) : ""
      if (open >= 0 && inner.length <= MAX_FOOTNOTE_BODY && !inner.includes("]")) cut = open
    }
    if (cut < 0) break
    const rest = body.slice(0, cut).trimEnd()
    if (rest === "") break
    body = rest
  }
  return { body, marker: text.slice(body.length).trim() }
}

/**
 * Runs a reader on a cell with any trailing footnote marker removed, and records the removal:
 * as FOOTNOTE_STRIPPED when the rest read cleanly, or appended to the note the rest produced.
 * An unreadable rest is reported on the whole cell, as if nothing had been stripped.
 */
/** False when `splitFootnote` cannot find a marker: a marker ends with `*`, `†`, `‡`, `]` or a letter a–e. */
const mayEndInFootnote = (cleaned: string): boolean => {
  const last = cleaned.charAt(cleaned.length - 1)
  return last === "*" || last === "\u2020" || last === "\u2021" || last === "]" || (last >= "a" && last <= "e")
}

const withFootnotes = (cleaned: string, read: (text: string) => CellRead): CellRead => {
  // Fast path: a footnote marker can only end with one of these characters.
  if (!mayEndInFootnote(cleaned)) return read(cleaned)
  const { body, marker } = splitFootnote(cleaned)
  if (marker === "") return read(cleaned)
  const inner = read(body)
  if (inner._tag === "Unreadable") return read(cleaned)
  const stripped =
    inner.note === null
      ? note("FOOTNOTE_STRIPPED", `${quote(cleaned)} ends with the footnote marker ${quote(marker)}; read without it`)
      : note(inner.note.code, `${inner.note.message}, after dropping the footnote marker ${quote(marker)}`)
  return { ...inner, note: stripped }
}

const SEE = /^see\s+(\S(?:.*\S)?)$/is

/** Empty, lone dash and `see X`: shared by counts and percentages. Null when the cell is none of these. */
const readMarker = (text: string, dash: DashMeaning): CellRead | null => {
  if (text === "") return absent("empty", null, null)
  if (isDash(text)) return dash === "not_stood" ? absent("not_stood", null, null) : value(0, 0, null)
  // Only a cell starting with `s`/`S` can be `see X` (skips the regex for figures).
  const see = text.charCodeAt(0) === 115 || text.charCodeAt(0) === 83 ? SEE.exec(text) : null
  if (see !== null) {
    const reference = see[1] ?? ""
    return absent(
      "cross_reference",
      reference,
      note(
        "CELL_CROSS_REFERENCE",
        `${quote(text)} is a cross-reference, not a figure; read as counted under ${quote(reference)}`
      )
    )
  }
  return null
}

/** A whole number's digits, safely: null when it is beyond Number.MAX_SAFE_INTEGER. */
const safeInteger = (digits: string): number | null => {
  const n = Number(digits)
  return Number.isSafeInteger(n) ? n : null
}

const PLAIN = /^\d+$/
/** Groups of exactly three after a first group of 1–3 digits that does not start with 0. */
const GROUPED = /^[1-9]\d{0,2}(?:[., ]\d{3})+$/
const GROUPED_COMMA = /^[1-9]\d{0,2}(?:,\d{3})+$/

const tooLarge = (text: string, what: string): CellRead =>
  unreadable("CELL_UNREADABLE", `${quote(text)} is too large to read exactly as ${what}; left unread`)

/**
 * The value of a plain (`1234`) or `,`-grouped (`1,234`) count of at most 15 digits, read in one
 * scan; -1 for anything else (other forms, and longer numbers, go through the regexes below). The
 * same value as `Number` of the digits: below 10^15 every step is exact in a double.
 */
export const quickCount = (text: string): number => {
  const length = text.length
  if (length === 0 || length > 19) return -1
  const first = text.charCodeAt(0)
  if (first < 48 || first > 57) return -1
  // With a comma: groups of exactly three after a first group of 1–3 digits that does not start with 0.
  const comma = text.indexOf(",")
  let n = 0
  let digits = 0
  if (comma < 0) {
    for (let i = 0; i < length; i++) {
      const c = text.charCodeAt(i) - 48
      if (c < 0 || c > 9) return -1
      n = n * 10 + c
    }
    return length <= 15 ? n : -1
  }
  if (first === 48 || comma > 3 || (length - comma) % 4 !== 0) return -1
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i)
    if ((i - comma) % 4 === 0 && i >= comma) {
      if (c !== 44) return -1
      continue
    }
    if (c < 48 || c > 57) return -1
    n = n * 10 + (c - 48)
    digits++
  }
  return digits <= 15 ? n : -1
}

/** The body of a count (no sign). Null when it is not a count form at all. */
const readCountBody = (text: string, what: string): CellRead | null => {
  const quick = quickCount(text)
  if (quick >= 0) return value(quick, 0, null)
  if (PLAIN.test(text)) {
    // Plain digits: nothing to strip and no note (the common case, without the replace below).
    const n = safeInteger(text)
    return n === null ? tooLarge(text, what) : value(n, 0, null)
  }
  if (GROUPED_COMMA.test(text)) {
    // `,`-grouped (the canonical form): no note, so only the commas are dropped.
    const n = safeInteger(text.replace(/,/g, ""))
    return n === null ? tooLarge(text, what) : value(n, 0, null)
  }
  if (GROUPED.test(text)) {
    const digits = text.replace(/[., ]/g, "")
    const n = safeInteger(digits)
    if (n === null) return tooLarge(text, what)
    const seps = new Set(text.replace(/\d/g, ""))
    const as = `read as ${groupDigits(digits)}`
    if (seps.size > 1) {
      const names = [".", ",", " "].filter((s) => seps.has(s)).map((s) => (s === " " ? "spaces" : `'${s}'`))
      return value(n, 0, note("NUMBER_MIXED_SEPARATORS", `${quote(text)} mixes ${names.join(" and ")} as thousands separators; ${as}`))
    }
    if (seps.has(".")) return value(n, 0, note("NUMBER_THOUSANDS_DOT", `${quote(text)} uses '.' as a thousands separator; ${as}`))
    return value(n, 0, note("NUMBER_THOUSANDS_SPACE", `${quote(text)} uses spaces as thousands separators; ${as}`))
  }
  return null
}

const readCountText = (dash: DashMeaning) => (text: string): CellRead => {
  const marker = readMarker(text, dash)
  if (marker !== null) return marker
  const body = readCountBody(text, "a count")
  if (body !== null) return body
  if (text.length > 1 && DASHES.has(text.charAt(0)) && readCountBody(text.slice(1).trimStart(), "a count") !== null) {
    return unreadable("COUNT_NEGATIVE", `${quote(text)} is negative, which a count cannot be; left unread`)
  }
  return unreadable("CELL_UNREADABLE", `${quote(text)} is not a count; left unread`)
}

// One reader per dash meaning, made once (not a closure per cell).
const COUNT_READERS = { not_stood: readCountText("not_stood"), no_change: readCountText("no_change"), none: readCountText("none") }

export const readCount = (raw: string, dash: DashMeaning): CellRead =>
  withFootnotes(cleanSpaces(raw), COUNT_READERS[dash])

/** Integer part, optional fraction after `.` or `,`, optional `%` (a space before it is fine). */
const PERCENT = /^(\d+)(?:([.,])(\d+))? ?(%)?$/
const CANONICAL_PERCENT = /^\d+(?:\.\d+)?%$/
const NEGATIVE_PERCENT = /^[-\u2212\u2013\u2014] ?\d+(?:[.,]\d+)? ?%?$/
const PERCENT_MAX = 100.5

/** 10^k for the decimals a quick percentage (or a CSV's plain decimal, emit/parquet.ts) may have (every one exact in a double). */
export const POWERS_OF_TEN = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15]

/**
 * The value of a canonical percentage (`39.64%`, `7%`: digits, optionally `.` and digits, then `%`)
 * of at most 15 digits, read in one scan; -1 for anything else (which takes the regex). The same
 * value as `Number` of the text before the `%`: the digits make an exact integer below 10^15, and
 * dividing it by an exact power of ten rounds the same rational number `Number` rounds, once (issue
 * 8, seventh pass; test/cells.test.ts compares the two).
 */
export const quickPercent = (text: string): number => {
  const length = text.length
  if (length < 2 || length > 17 || text.charCodeAt(length - 1) !== 37) return -1
  let n = 0
  let dot = -1
  for (let i = 0; i < length - 1; i++) {
    const c = text.charCodeAt(i)
    if (c === 46) {
      if (dot >= 0 || i === 0 || i === length - 2) return -1
      dot = i
      continue
    }
    if (c < 48 || c > 57) return -1
    n = n * 10 + (c - 48)
  }
  if (dot < 0) return length - 1 <= 15 ? n : -1
  return length - 2 <= 15 ? n / POWERS_OF_TEN[length - 2 - dot]! : -1
}

const readPercentText = (dash: DashMeaning) => (text: string): CellRead => {
  const marker = readMarker(text, dash)
  if (marker !== null) return marker
  // Fast path for the canonical form (`39.64%`): the same value and decimals as below, without the match groups.
  const quick = quickPercent(text)
  if (quick >= 0 || CANONICAL_PERCENT.test(text)) {
    const n = quick >= 0 ? quick : Number(text.slice(0, -1))
    const dot = text.indexOf(".")
    if (n <= PERCENT_MAX) return value(n, dot < 0 ? 0 : text.length - dot - 2, null)
  }
  const m = PERCENT.exec(text)
  if (m === null) {
    if (NEGATIVE_PERCENT.test(text)) {
      return unreadable("PERCENT_OUT_OF_RANGE", `${quote(text)} is a negative percentage; left unread`)
    }
    return unreadable("CELL_UNREADABLE", `${quote(text)} is not a percentage; left unread`)
  }
  const whole = m[1] ?? ""
  const mark = m[2]
  const fraction = m[3] ?? ""
  const canonical = fraction === "" ? whole : `${whole}.${fraction}`
  const n = Number(canonical)
  if (!(n <= PERCENT_MAX)) {
    return unreadable("PERCENT_OUT_OF_RANGE", `${quote(text)} is above 100%; left unread`)
  }
  const as = `read as ${canonical}%`
  // A ',' in a % column is a decimal mark: no percentage reaches 1,000, so `1,234` cannot be grouped digits.
  if (mark === ",") {
    return value(n, fraction.length, note("PERCENT_DECIMAL_COMMA", `${quote(text)} uses ',' as the decimal mark; ${as}`))
  }
  // No '%' sign is canonical: the column's header says it is a percentage (issue 13).
  return value(n, fraction.length, null)
}

const PERCENT_READERS = { not_stood: readPercentText("not_stood"), no_change: readPercentText("no_change"), none: readPercentText("none") }

export const readPercent = (raw: string, dash: DashMeaning): CellRead =>
  withFootnotes(cleanSpaces(raw), PERCENT_READERS[dash])

/** Optional sign, then plain digits or `,`-grouped digits. */
const CHANGE = /^([+\-\u2212\u2013\u2014\u00B1]?)(\d+|[1-9]\d{0,2}(?:,\d{3})+)$/

/**
 * `+3`, `-1`, `−12`: a plus, hyphen-minus or minus sign and 1–15 plain digits (exact in a double),
 * read in one scan without the regex's match (most changes; issue 8, seventh pass); NaN for anything
 * else, which takes the regex. The same value as below (test/cells.test.ts compares them).
 */
export const quickChange = (text: string): number => {
  const length = text.length
  if (length < 2 || length > 16) return NaN
  const sign = text.charCodeAt(0)
  if (sign !== 43 && sign !== 45 && sign !== 0x2212) return NaN
  let n = 0
  for (let i = 1; i < length; i++) {
    const c = text.charCodeAt(i) - 48
    if (c < 0 || c > 9) return NaN
    n = n * 10 + c
  }
  return sign === 43 ? n : -n
}

const readChangeText = (text: string): CellRead => {
  if (text === "") return absent("empty", null, null)
  if (isDash(text)) return value(0, 0, null)
  const quick = quickChange(text)
  if (quick === quick) return value(quick, 0, null) // not NaN
  const m = CHANGE.exec(text)
  const notChange = () => unreadable("CELL_UNREADABLE", `${quote(text)} is not a seat change; left unread`)
  if (m === null) return notChange()
  const sign = m[1] ?? ""
  const digits = (m[2] ?? "").replace(/,/g, "")
  const magnitude = safeInteger(digits)
  if (magnitude === null) {
    return unreadable("CELL_UNREADABLE", `${quote(text)} is too large to read exactly as a seat change; left unread`)
  }
  switch (sign) {
    case "+":
      return value(magnitude, 0, null)
    case "-":
    case "\u2212":
      return value(-magnitude, 0, null)
    case "\u2013":
    case "\u2014": {
      const dashName = sign === "\u2013" ? "an en dash" : "an em dash"
      return value(
        -magnitude,
        0,
        note("CHANGE_EN_DASH_MINUS", `${quote(text)} uses ${dashName} as a minus sign; read as ${magnitude === 0 ? "0" : `-${groupDigits(digits)}`}`)
      )
    }
    case "\u00B1":
      return magnitude === 0 ? value(0, 0, null) : notChange()
    default:
      return magnitude === 0
        ? value(0, 0, null)
        : value(magnitude, 0, note("CHANGE_UNSIGNED", `${quote(text)} has no sign; read as +${groupDigits(digits)}`))
  }
}

export const readChange = (raw: string): CellRead => withFootnotes(cleanSpaces(raw), readChangeText)

const INCUMBENT = /\(\s*incumbent\s*\)$/i

/** A row's name: emphasis and a trailing footnote marker (`Progress Party (PRG)[1]`, `Alliance†`) dropped, `(incumbent)` read. */
export const readName = (raw: string): { readonly name: string; readonly incumbent: boolean } => {
  const cleaned = stripEmphasis(trimmed(raw))
  // A footnote marker and `(incumbent)` end with a character of their own: a name ending otherwise
  // skips the footnote split and the regex (every named row comes here; issue 8, seventh pass).
  const text = mayEndInFootnote(cleaned) ? splitFootnote(cleaned).body : cleaned
  const m = text.charCodeAt(text.length - 1) === 41 ? INCUMBENT.exec(text) : null
  return m === null ? { name: text, incumbent: false } : { name: text.slice(0, m.index).trim(), incumbent: true }
}

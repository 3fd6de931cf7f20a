/**
 * Row roles that several table kinds meet, recognised here and nowhere else: the stated Total, the
 * turnout rows (Registered voters, Abstentions, Voters, blank/invalid, Valid votes, Total votes),
 * the marker cell (`•`: the majority) and a footnote marker after a row's label (`Total[1]`).
 */
import { splitFootnote, stripEmphasis } from "./cells.ts"
import { memoString } from "./ids.ts"
import type { TurnoutMeasure } from "./records.ts"

/** The marker cells: empty or a bullet (`•`, `●`, `◦`, `*`, `·`). Every marker is at most one character long. */
export const MARKERS: ReadonlySet<string> = new Set(["", "•", "●", "◦", "*", "·"])
/**
 * A marker cell (`MARKERS`), told by its one code unit rather than hashed into the set (every data
 * row's first cell comes here; issue 8, seventh pass). test/row-roles.test.ts checks it against the
 * set for every code unit.
 */
export const isMarker = (text: string): boolean => {
  if (text.length !== 1) return text.length === 0
  const c = text.charCodeAt(0)
  return c === 0x2022 || c === 0x25cf || c === 0x25e6 || c === 0x2a || c === 0xb7
}

/** True when a row's marker cell is filled (the `•` of a council's majority). */
export const isMarked = (markerCell: string) => markerCell !== ""

/** A row's label without surrounding spaces or a trailing footnote marker (`[1]`, `[a]`, `*`, `†`). */
const labelOf = (text: string): string => splitFootnote(stripEmphasis(text.trim())).body

/**
 * Text with no letter (a figure: `12,345`, `45.6 %`, `–`) names no measure and no Total: answered
 * without the memo, whose cache figures (each one new) would otherwise fill and flush.
 */
const FIGURE_ONLY = /^[\d\s.,%+\-\u2212\u2013\u2014]*$/

/**
 * A word every turnout measure's or Total's label contains (case-insensitive; `\u212A`, the Kelvin
 * sign, is the one non-ASCII character whose lower case is an ASCII letter other than an `i` that
 * a combining dot follows, so `BLAN\u212A` still reads as `blank`). A label without one names no measure and no
 * Total: a candidate's or party's name is answered by this test, without hashing the (new) string
 * into the memo below (~2× cheaper per row at 1,000 articles). test/row-roles.test.ts checks the
 * shortcut against the memoised functions.
 */
const ROLE_WORD = /regist|abstention|voter|turnout|cast|total|blan[k\u212A]|white|valid|rejected|spoilt|null/i

/** `hasNoRoleWord` without the length shortcut (test/row-roles.test.ts compares the two). */
export const hasNoRoleWordLong = (text: string): boolean => FIGURE_ONLY.test(text) || !ROLE_WORD.test(text)

/**
 * True when a text names no measure and no Total by the two shortcuts above (no letter, or no role
 * word). A text under 4 code units holds no role word (the shortest are `cast`, `null`, each letter
 * one code unit), so the marker cells (``, `•`) every data row starts with are answered without
 * either expression (issue 8, eleventh pass; test/row-roles.test.ts compares it for every code unit
 * and short texts).
 */
export const hasNoRoleWord = (text: string): boolean => text.length < 4 || hasNoRoleWordLong(text)

/** The turnout measure a row's label names, or null (memoised: row labels repeat across tables). */
export const turnoutMeasureOf = (text: string): TurnoutMeasure | null =>
  hasNoRoleWord(text) ? null : turnoutMeasureOfLabel(text)
/** The measure a label names, without the figures-only shortcut (exported for the tests). */
export const turnoutMeasureOfLabel = memoString((text: string): TurnoutMeasure | null => {
  const l = labelOf(text).toLowerCase()
  if (/^registered/.test(l)) return "registered" // also `Registered voters/turnout`
  if (/^abstention/.test(l)) return "abstentions"
  if (/^(?:voters|turnout|votes cast|ballots cast)$/.test(l)) return "voters"
  if (/^total (?:votes|ballots)(?: cast)?$/.test(l)) return "ballots_cast"
  if (/blank|white|invalid|rejected|spoilt|null/.test(l)) return "blank_invalid"
  if (/^valid/.test(l)) return "valid"
  return null
})

/** The stated Total row (`Total`, `Total:`). */
export const isTotalLabel = (text: string) => /^total\s*:?$/i.test(labelOf(text))

export type RowRole =
  | { readonly _tag: "total" }
  | { readonly _tag: "turnout"; readonly measure: TurnoutMeasure }
  | { readonly _tag: "named" }

const TOTAL: RowRole = { _tag: "total" }
const NAMED: RowRole = { _tag: "named" }

/** The role of a data row, from the text of its name column (memoised; the roles are shared, read-only). */
export const rowRoleOf = (nameText: string): RowRole => (hasNoRoleWord(nameText) ? NAMED : rowRoleOfLabel(nameText))
/** The role of a named row: what `rowRoleOf` answers for a text `hasNoRoleWord` accepts. */
export const NAMED_ROLE: RowRole = NAMED
/** The role of a row name, without the figures-only shortcut (exported for the tests). */
export const rowRoleOfLabel = memoString((nameText: string): RowRole => {
  const measure = turnoutMeasureOf(nameText)
  if (measure !== null) return { _tag: "turnout", measure }
  return isTotalLabel(nameText) ? TOTAL : NAMED
})

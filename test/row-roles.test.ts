/**
 * Row roles (normalise/row-roles.ts): the two shortcuts (a cell with no letter, and a label without
 * any word of a measure or of Total, are answered without the memo, issue 8) give the same answer
 * as the full label reading, for any text.
 */
import test from "ava"
import fc from "fast-check"
import { binaryUnit } from "./helpers/binary-unit.ts"
import { hasNoRoleWord, hasNoRoleWordLong, isMarker, MARKERS, rowRoleOf, rowRoleOfLabel, turnoutMeasureOf, turnoutMeasureOfLabel } from "../pipeline/normalise/row-roles.ts"

// Figures, signs, dashes and spaces, with some letters and markup so that both paths are taken.
const CHARS = [..."0123456789 .,%+-−–—\u00a0'[]*†abelnrsotTvVRgiu"]
const noise = fc.array(fc.constantFrom(...CHARS), { maxLength: 14 }).map((cs) => cs.join(""))
// Labels that have a role, alone, padded or among figures: a shortcut that took any of them would differ.
const LABELS = ["Total", "Registered voters", "Abstentions", "Voters", "Turnout", "Blank or invalid", "Valid votes", "Total votes cast", "null", "Spoilt"]
const padded = fc.tuple(fc.constantFrom(" ", "", "  ", "12 ", "1."), fc.constantFrom(...LABELS), fc.constantFrom("", " ", "[1]", "*", " 3")).map(([a, l, b]) => `${a}${l}${b}`)
const cellText = fc.oneof(noise, padded)

test("turnoutMeasureOf and rowRoleOf equal the full reading of the label, shortcut or not", (t) => {
  fc.assert(fc.property(cellText, (text) => {
    t.is(turnoutMeasureOf(text), turnoutMeasureOfLabel(text))
    t.deepEqual(rowRoleOf(text), rowRoleOfLabel(text))
  }), { numRuns: 2000, seed: 8 })
})

test("figures are named rows with no measure; labels keep their roles", (t) => {
  for (const figure of ["12,345", "45.6 %", "−1,204", "+3", "–", "", " 7 "]) {
    t.is(turnoutMeasureOf(figure), null, figure)
    t.deepEqual(rowRoleOf(figure), { _tag: "named" }, figure)
  }
  t.is(turnoutMeasureOf("Registered voters"), "registered")
  t.is(turnoutMeasureOf("Blank and invalid"), "blank_invalid")
  t.is(turnoutMeasureOf("Total votes cast"), "ballots_cast")
  t.deepEqual(rowRoleOf("'''Total'''"), { _tag: "total" })
  t.deepEqual(rowRoleOf("Abstentions[1]"), { _tag: "turnout", measure: "abstentions" })
})

// Labels in any letter case, with the two non-ASCII letters whose lower case holds an ASCII letter
// (Kelvin sign, dotted capital I), accents and emphasis, beside names: the word shortcut must never
// answer "no role" where the full reading finds one.
const flipCase = (text: string, flips: ReadonlyArray<boolean>) =>
  [...text].map((c, i) => (flips[i % Math.max(1, flips.length)] ? c.toUpperCase() : c.toLowerCase())).join("")
const odd = fc.constantFrom("\u212A", "\u0130", "é", "è", "Ö", "'''", "''", "(incumbent)", ":", " ", "[1]")
const word = fc.oneof(
  fc.tuple(
    fc.constantFrom(...LABELS, "Blank", "White ballots", "Invalid", "Rejected", "Votes cast", "Ballots cast", "Total ballots", "Registered"),
    fc.array(fc.boolean(), { maxLength: 8 })
  ).map(([l, flips]) => flipCase(l, flips)),
  fc.constantFrom("Agnès Lambert", "Union pour un Mouvement Populaire", "Front National", "Liste d'union"),
  odd
)
const mixed = fc.array(word, { minLength: 1, maxLength: 4 }).map((ws) => ws.join(""))
const unusual = fc.constantFrom("BLAN\u212A", "blan\u212A votes", "\u212Aelvin", "\u0130nvalid", "Val\u0130d", "'''BLAN\u212A'''", "TOTAL", "'''Total'''[2]")

test("the role-word shortcut agrees with the full reading for labels in any case, with odd letters", (t) => {
  fc.assert(fc.property(fc.oneof(mixed, unusual, fc.string({ unit: binaryUnit, maxLength: 12 })), (text) => {
    t.is(turnoutMeasureOf(text), turnoutMeasureOfLabel(text))
    t.deepEqual(rowRoleOf(text), rowRoleOfLabel(text))
  }), { numRuns: 4000, seed: 8 })
  t.is(turnoutMeasureOf("BLAN\u212A"), "blank_invalid")
  t.is(turnoutMeasureOf("VOTERS"), "voters")
  t.deepEqual(rowRoleOf("Agnès Lambert"), { _tag: "named" })
})

// issue 8, seventh pass: a marker cell is told by its code unit; it must answer as the set does.
test("isMarker answers as MARKERS.has for the empty text, every code unit and longer texts", (t) => {
  const wrong: Array<number> = []
  for (let c = 0; c <= 0xffff; c++) if (isMarker(String.fromCharCode(c)) !== MARKERS.has(String.fromCharCode(c))) wrong.push(c)
  t.deepEqual(wrong, [])
  t.true(isMarker(""))
  for (const text of ["••", " •", "* ", "ab"]) t.false(isMarker(text), text)
})

// issue 8, eleventh pass: a text under 4 code units is answered "no role word" without the expressions.
test("hasNoRoleWord's length shortcut answers as the expressions for every code unit and short texts", (t) => {
  const wrong: Array<number> = []
  for (let c = 0; c <= 0xffff; c++) if (hasNoRoleWord(String.fromCharCode(c)) !== hasNoRoleWordLong(String.fromCharCode(c))) wrong.push(c)
  t.deepEqual(wrong, [])
  t.is(hasNoRoleWord(""), hasNoRoleWordLong(""))
  // Short texts of the role words' letters (any case, the Kelvin sign) and of any code units, and the shortest role words.
  const letters = [..."castnulCASTNUL\u212Avoterg ."]
  const short = fc.oneof(fc.array(fc.constantFrom(...letters), { maxLength: 5 }).map((cs) => cs.join("")), fc.string({ unit: binaryUnit, maxLength: 5 }))
  fc.assert(fc.property(short, (text) => {
    t.is(hasNoRoleWord(text), hasNoRoleWordLong(text))
    t.deepEqual(rowRoleOf(text), rowRoleOfLabel(text))
  }), { numRuns: 4000, seed: 8 })
  for (const text of ["cast", "NULL", "nul", "Cas", "cas\u212A"]) t.is(hasNoRoleWord(text), hasNoRoleWordLong(text), text)
  t.false(hasNoRoleWord("cast"))
})

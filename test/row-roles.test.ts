/**
 * Row roles (normalise/row-roles.ts): the figures-only shortcut (a cell with no letter is answered
 * without the memo, issue 8) gives the same answer as the full label reading, for any text.
 */
import test from "ava"
import fc from "fast-check"
import { rowRoleOf, rowRoleOfLabel, turnoutMeasureOf, turnoutMeasureOfLabel } from "../pipeline/normalise/row-roles.ts"

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

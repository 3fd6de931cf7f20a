/**
 * fast-check's `"binary"` string unit (any code point but a surrogate), for every test file but
 * test/binary-unit.test.ts (which holds the two equal): the same arbitrary fast-check builds —
 * `nat` over the 1,112,064 code points (0–U+D7FF, then U+E000–U+10FFFF), mapped to the code
 * point's string — with its reverse mapping (a string back to its index, which shrinking and
 * fast-check's default slices ask for) computed instead of tabulated. fast-check tabulates it in a
 * Map of all 1,112,064 strings the first time a process builds `fc.string({ unit: "binary" })`:
 * ~1–2.3 s of CPU, spent once per test process before its first case, for nothing the tests check,
 * and ~85 MB of heap kept for the process' life, which every later full collection marks. Same
 * draws, same values, same slices and shrinks for a given seed, so `fc.string({ unit: binaryUnit,
 * … })` generates exactly the cases of `fc.string({ unit: "binary", … })`: test/binary-unit.test.ts
 * holds the two to that on samples, slices, shrinks and the whole index range.
 */
import fc from "fast-check"

/** Code points below the surrogates (indices 0–0xD7FF); the others follow them, 0x800 lower. */
const BELOW_SURROGATES = 0xd800
const SURROGATES = 0x800
export const BINARY_CHOICES = BELOW_SURROGATES + (0x110000 - 0xe000)

/** The string of index `i` (fast-check's mapper: the code point of its range's start plus the offset). */
export const binaryChar = (i: number): string => String.fromCodePoint(i < BELOW_SURROGATES ? i : i + SURROGATES)

/** The index of a one-code-point string, not a surrogate; anything else throws, as fast-check's table lookup does. */
export const binaryIndex = (value: unknown): number => {
  if (typeof value === "string" && value.length > 0) {
    const cp = value.codePointAt(0)!
    if (value.length === (cp > 0xffff ? 2 : 1) && (cp < 0xd800 || cp > 0xdfff)) return cp < BELOW_SURROGATES ? cp : cp - SURROGATES
  }
  throw new Error("Unknown value encountered cannot be built using this mapToConstant")
}

/** `fc.string({ unit: binaryUnit })` = `fc.string({ unit: "binary" })`, without the table. */
export const binaryUnit: fc.Arbitrary<string> = fc.nat({ max: BINARY_CHOICES - 1 }).map(binaryChar, binaryIndex)

/**
 * The order of text in every sorted output (anomalies, faults, the checks-run summary): ICU's
 * `en-US` collation, pinned. It was `localeCompare` without a locale, i.e. the collation of the
 * user's locale: under LC_ALL=da_DK.UTF-8 "aa" sorts after "z", so the same inputs gave other bytes
 * (found in issue 8, seventh pass: two articles named aa-… and b-… swap places in anomalies.json,
 * the CSVs and the Parquet files). `en-US` is the order the committed reports were made with.
 *
 * Two strings of printable ASCII (file names, rule names, ids) are compared here, as the collator
 * does: `en-US` is ICU's root collation untailored, where each printable ASCII character has one
 * primary weight (ASCII_ORDER below: a letter's two cases share one), no secondary difference, and
 * a lower-case letter comes before its capital at the tertiary level. So: the first differing
 * primary decides, else the shorter string first, else the first case difference (lower first).
 * Tested against the collator itself, table and comparisons (test/collate.test.ts), so a Node whose
 * ICU orders them otherwise fails the test. Anything else goes to one shared
 * `Intl.Collator("en-US")`, made on first use: a run whose strings are all ASCII never pays for
 * ICU's collation set-up (V8 lists ICU's collation locales: ~10–15 ms of a cold run).
 */

/** Printable ASCII in the en-US collation's primary order; characters in one entry share a primary weight (lower case first). */
export const ASCII_ORDER: ReadonlyArray<string> = [
  " ", "_", "-", ",", ";", ":", "!", "?", ".", "'", "\"", "(", ")", "[", "]", "{", "}", "@", "*", "/", "\\", "&", "#", "%", "`", "^", "+", "<", "=", ">", "|", "~", "$",
  "0", "1", "2", "3", "4", "5", "6", "7", "8", "9",
  ..."abcdefghijklmnopqrstuvwxyz".split("").map((c) => `${c}${c.toUpperCase()}`)
]

/** Primary rank + 1 of each printable ASCII code (0: not printable ASCII). */
const PRIMARY = new Uint8Array(128)
for (let rank = 0; rank < ASCII_ORDER.length; rank++) for (const c of ASCII_ORDER[rank]!) PRIMARY[c.charCodeAt(0)] = rank + 1

const printable = (text: string): boolean => {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c >= 128 || PRIMARY[c] === 0) return false
  }
  return true
}

let collator: Intl.Collator | undefined

/** Negative, zero or positive as `a` sorts before, with or after `b` in the `en-US` collation. */
export const compareText = (a: string, b: string): number => {
  if (a === b) return 0
  if (!printable(a) || !printable(b)) return (collator ??= new Intl.Collator("en-US")).compare(a, b)
  const n = Math.min(a.length, b.length)
  let tertiary = 0
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x === y) continue
    const px = PRIMARY[x]!
    const py = PRIMARY[y]!
    if (px !== py) return px < py ? -1 : 1
    // Same letter, other case: lower case (the larger code) first, unless an earlier position decided.
    if (tertiary === 0) tertiary = x > y ? -1 : 1
  }
  return a.length !== b.length ? (a.length < b.length ? -1 : 1) : tertiary
}

/**
 * The order of text in every sorted output (anomalies, faults, the checks-run summary): ICU's
 * `en-US` collation, pinned. It was `localeCompare` without a locale, i.e. the collation of the
 * user's locale: under LC_ALL=da_DK.UTF-8 "aa" sorts after "z", so the same inputs gave other bytes
 * (found in issue 8, seventh pass: two articles named aa-… and b-… swap places in anomalies.json,
 * the CSVs and the Parquet files). `en-US` is the order the committed reports were made with.
 *
 * Two strings made only of `a`–`z`, `0`–`9`, `-`, `.` and `/` (file names, rule names, most ids) are
 * compared by code unit: ICU's root collation, which `en-US` does not tailor, gives those characters
 * distinct primary weights in that same order (- < . < / < digits < letters) and nothing else to
 * compare, so the result is the collator's (tested against it: test/collate.test.ts). Anything else
 * goes to one shared `Intl.Collator("en-US")`, made on first use: a run whose strings all take the
 * short path never pays for ICU's collation set-up (~7–14 ms of a cold run).
 */
let collator: Intl.Collator | undefined

/** Whether every character of `text` is in a–z, 0–9, `-`, `.`, `/`. */
const simple = (text: string): boolean => {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (!((c >= 97 && c <= 122) || (c >= 45 && c <= 57))) return false
  }
  return true
}

/** Negative, zero or positive as `a` sorts before, with or after `b` in the `en-US` collation. */
export const compareText = (a: string, b: string): number => {
  if (a === b) return 0
  if (simple(a) && simple(b)) return a < b ? -1 : 1
  return (collator ??= new Intl.Collator("en-US")).compare(a, b)
}

/** Number formatting for messages: 1234567 → "1,234,567"; 12.5 → "12.50 %" with the stated decimals. */

/** One formatter, built once: `toLocaleString` with options builds one per call (~100 µs each). */
const COUNT = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 })

/** Digits grouped by threes with commas: what COUNT gives for a safe integer, without Intl's cost. */
const grouped = (n: number): string => {
  const digits = String(n < 0 ? -n : n)
  const length = digits.length
  if (length <= 3) return n < 0 ? `-${digits}` : digits
  // The first group holds what is left over from threes; then a comma before every three digits.
  const head = length % 3 || 3
  let out = digits.slice(0, head)
  for (let i = head; i < length; i += 3) out += `,${digits.slice(i, i + 3)}`
  return n < 0 ? `-${out}` : out
}

/** A count and its noun, singular for exactly one (`1 article`, `3 articles`; `many` defaults to `one` + "s"). */
export const counted = (n: number, one: string, many = `${one}s`): string => `${count(n)} ${n === 1 ? one : many}`

/**
 * `n.toLocaleString("en-US")`, exactly (ICU's default format: grouped, up to three decimals), with
 * a safe integer grouped here rather than by Intl: a run's first Intl number format makes V8 list
 * ICU's locales (~15–25 ms of a cold run, issue 8, seventh pass); any other number goes to Intl.
 * Tested equal to `toLocaleString` (test/locale-integer.test.ts).
 */
export const enUS = (n: number): string => (Number.isSafeInteger(n) && !Object.is(n, -0) ? grouped(n) : n.toLocaleString("en-US"))

export const count = (n: number | null | undefined): string =>
  n === null || n === undefined
    ? "—"
    : Number.isSafeInteger(n) && !Object.is(n, -0)
    ? grouped(n)
    : COUNT.format(n)

export const signed = (n: number): string => (n > 0 ? `+${count(n)}` : n < 0 ? `−${count(-n)}` : "±0")

export const pct = (n: number | null | undefined, decimals = 2): string =>
  n === null || n === undefined || Number.isNaN(n) ? "—" : `${n.toFixed(decimals)} %`

/** Rounds a computed delta for output, so floating noise never reaches a report. */
export const tidy = (n: number, decimals = 6): number =>
  // An integer is its own rounding (toFixed and back gives it again, and turns -0 into 0).
  Number.isInteger(n) ? (n === 0 ? 0 : n) : Number(n.toFixed(decimals))

export const plural = (n: number, word: string, many = `${word}s`) => `${count(n)} ${n === 1 ? word : many}`

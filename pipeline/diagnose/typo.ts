/**
 * The typo model: how plausible a change of one stated figure is. A figure is compared in the
 * integer units it was written in (a percentage 27.24 with two decimals is 2724), digit by digit.
 *
 * Weights (lower = more plausible; see docs/decisions.md#diagnosis):
 * - 0.6 — the corrected value differs from the stated one by one changed digit, two adjacent digits
 *   transposed, a lost or flipped sign, or a misread thousands separator (a factor of 1,000);
 * - 0.7 — the stated figure is a copy of the same field in the other round or a neighbouring row
 *   (a copy says nothing about the true value, so any corrected value is as plausible);
 * - 1.0 — any other change.
 * - +0.25 for each further cell that moves with the fault (a total summed from the row, a percentage
 *   or a change computed from it): a fault touching three cells must be a typo to beat an
 *   unexplained change of one cell (0.6 + 2 × 0.25 = 1.1 > 1.0).
 * A typo weight counts only where it settles the value: when several values one typo away all
 * satisfy the checks, none of them is preferred (the change weighs as a free one, with its range).
 * The search minimises the number of faults first, then this weight.
 */

export const WEIGHT = { typo: 0.6, copy: 0.7, free: 1.0, dependent: 0.25 } as const

export type Pattern =
  | "changed digit"
  | "transposed digits"
  | "lost sign"
  | "flipped sign"
  | "thousands separator"
  | "copy of the other round"
  | "copy of a neighbouring row"

/** The typo pattern that turns `stated` into `value` (both in the units they were written in), or null. */
export const typoPattern = (stated: number, value: number): Pattern | null => {
  if (stated === value) return null
  if (value === -stated) return stated >= 0 ? "lost sign" : "flipped sign"
  if (stated !== 0 && (value === stated * 1000 || stated === value * 1000)) return "thousands separator"
  if (Math.sign(stated) !== Math.sign(value) && stated !== 0 && value !== 0) return null
  const a = String(Math.abs(stated))
  const b = String(Math.abs(value))
  if (a.length !== b.length) return null
  const diff: Array<number> = []
  for (let i = 0; i < a.length && diff.length <= 2; i++) if (a[i] !== b[i]) diff.push(i)
  if (diff.length === 1) return "changed digit"
  if (diff.length === 2 && diff[1] === diff[0]! + 1 && a[diff[0]!] === b[diff[1]!] && a[diff[1]!] === b[diff[0]!]) return "transposed digits"
  return null
}

/** Every value one typo away from `stated` (the candidates a typo could have replaced). */
export const typoCandidates = (stated: number, signed: boolean): Array<number> => {
  const out = new Set<number>()
  const negative = stated < 0
  const digits = String(Math.abs(stated))
  const back = (s: string) => (negative ? -Number(s) : Number(s))
  for (let i = 0; i < digits.length; i++) {
    for (let d = 0; d <= 9; d++) {
      if (String(d) === digits[i] || (i === 0 && d === 0 && digits.length > 1)) continue
      out.add(back(digits.slice(0, i) + d + digits.slice(i + 1)))
    }
    if (i + 1 < digits.length && digits[i] !== digits[i + 1] && !(i === 0 && digits[i + 1] === "0")) {
      out.add(back(digits.slice(0, i) + digits[i + 1] + digits[i] + digits.slice(i + 2)))
    }
  }
  if (signed && stated !== 0) out.add(-stated)
  if (stated !== 0) {
    out.add(stated * 1000)
    if (stated % 1000 === 0) out.add(stated / 1000)
  }
  out.delete(stated)
  return [...out]
}

/**
 * Every value `typoPattern(stated, ·)` can accept, and perhaps more (callers test each with
 * typoPattern): the candidates of a signed figure (a lost sign included), and for a stated 0 the
 * one-digit negatives too (0 → −5 is a changed digit there). A value outside it is no typo of
 * `stated` (test/diagnose/range-judging.test.ts checks the claim).
 */
export const typoSuperset = (stated: number): Array<number> => {
  const out = typoCandidates(stated, true)
  if (stated !== 0) out.push(-stated)
  else for (let d = 1; d <= 9; d++) out.push(-d)
  return out
}

/**
 * Seat allocation as data (issue 13): a law is a bonus to the leading list (a share of the seats,
 * rounded as its unit says, or a number of seats; none), an allocation method (D'Hondt, Sainte-Laguë,
 * largest remainder with the Hare quota) and a threshold (a % of votes cast or of registered voters;
 * none), all read from seeds/reference/electoral-law.csv by `lawOf`, keyed by election kind and
 * country. The 2004 French regional law (L338; Corsica L366) is one row set: a quarter of the seats
 * rounded up (Corsica 3 seats), D'Hondt, 5 % of votes cast. Integer arithmetic throughout:
 * quotients are compared by cross-multiplication.
 */
import { newMap, orMake, orMakeWith } from "../memo.ts"
import type { Dataset } from "../normalise/normalise.ts"
import type { Election } from "../normalise/records.ts"
import { countryNames, type LawKey, lawParameter, type Reference } from "./reference.ts"

/**
 * The law key of an election: its kind, and its country — the infobox's `Country`, else a country
 * of the reference whose name or adjective (`France|French`) is a word of the title ("2004 French
 * regional elections"); null when neither names one (no law is then applied).
 */
export const lawKeyOf = (dataset: Dataset, election: Election, reference: Reference): LawKey => {
  // Asked per area contest by several rules: read once per (reference, dataset, election).
  // Module-level makers (orMakeWith): no closures per call.
  // The last (reference, dataset) pair's keys only: a WeakMap keyed by datasets kept them alive
  // until a full collection (see views.ts `memo`).
  if (reference !== lawKeysOf.reference || dataset !== lawKeysOf.dataset) lawKeysOf = { reference, dataset, byElection: new Map() }
  return orMakeWith(lawKeysOf.byElection, election, readLawKey, dataset, election, reference)
}
let lawKeysOf: { readonly reference: Reference | undefined; readonly dataset: Dataset | undefined; readonly byElection: Map<Election, LawKey> } = {
  reference: undefined,
  dataset: undefined,
  byElection: new Map()
}

const readLawKey = (dataset: Dataset, election: Election, reference: Reference): LawKey => {
  const field = dataset.infobox.find((f) => f.election_id === election.election_id && f.key.trim().toLowerCase() === "country")
  if (field) return { country: field.value.trim(), election: election.kind }
  const words = new Set(election.title.toLowerCase().split(/[^\p{L}]+/u))
  const row = reference.law.find((r) => countryNames(r).some((n) => words.has(n)))
  return { country: row ? row.country.split("|")[0]!.trim() : null, election: election.kind }
}

export type Method = "dhondt" | "sainte-lague" | "hare"

export const METHOD_NAMES: Record<Method, string> = {
  dhondt: "highest average (D'Hondt)",
  "sainte-lague": "highest average (Sainte-Laguë)",
  hare: "largest remainder (Hare quota)"
}

/** The parameters one election's seat allocation needs. */
export interface Law {
  readonly method: Method
  /** Bonus seats for a given number of seats (0 when the law has none). */
  readonly bonus: (size: number) => number
  /** The threshold, a % of `of`; null when the law has none. */
  readonly threshold: { readonly percent: number; readonly of: "votes" | "registered" } | null
  /** The number of seats when the reference states it (`assembly_size`), else null (a council's size comes from regional-councils.csv). */
  readonly seats: number | null
  /** One line for a finding: the law as applied. */
  readonly describe: (size: number) => string
}

/** The flag rows naming the method; exactly one must be 1. */
const METHOD_FLAGS: ReadonlyArray<[string, Method]> = [
  ["allocation_highest_average", "dhondt"],
  ["allocation_sainte_lague", "sainte-lague"],
  ["allocation_largest_remainder_hare", "hare"]
]

/**
 * The law of an election kind in a country (for an area: its own scope first, see `lawParameter`),
 * or the reason there is none: no row for the key, no method, or a threshold without its basis.
 * A missing `seat_threshold` row means no threshold only when `seat_threshold` is stated as 0.
 */
export const lawOf = (reference: Reference, key: LawKey, area: string | null): Law | { readonly missing: string } => {
  // The same law is asked for per area and per rule: read once per (reference, country, kind, area).
  const byCountry = orMake(lawCache, reference, newMap<string | null, Map<string, Map<string | null, Law | { readonly missing: string }>>>)
  const byArea = orMake(orMake(byCountry, key.country, newMap<string, Map<string | null, Law | { readonly missing: string }>>), key.election, newMap<string | null, Law | { readonly missing: string }>)
  return orMakeWith(byArea, area, readLaw, reference, key, area)
}
const lawCache = new WeakMap<Reference, Map<string | null, Map<string, Map<string | null, Law | { readonly missing: string }>>>>()

const readLaw = (reference: Reference, key: LawKey, area: string | null): Law | { readonly missing: string } => {
  const param = (name: string) => lawParameter(reference, name, area, key)
  const methods = METHOD_FLAGS.filter(([name]) => param(name)?.value === 1).map(([, m]) => m)
  if (methods.length !== 1) {
    return { missing: methods.length === 0 ? "no allocation method (allocation_highest_average, allocation_sainte_lague or allocation_largest_remainder_hare = 1) in the law" : "more than one allocation method in the law" }
  }
  const method = methods[0]!
  const thresholdRow = param("seat_threshold")
  if (thresholdRow === null) return { missing: "no seat_threshold in the law (state 0 for none)" }
  const threshold = thresholdRow.value === 0
    ? null
    : { percent: thresholdRow.value, of: /registered/i.test(thresholdRow.unit) ? "registered" as const : "votes" as const }
  const bonusRow = param("majority_bonus")
  const bonus = (size: number) => (bonusRow === null ? 0 : bonusSeats(size, bonusRow.value, bonusRow.unit))
  const seats = param("assembly_size")?.value ?? null
  return {
    method,
    bonus,
    threshold,
    seats,
    describe: (size) =>
      `${size} seats${bonus(size) > 0 ? `, bonus ${bonus(size)} to the leading list` : ""}, ${METHOD_NAMES[method]}${
        threshold === null ? ", no threshold" : ` among lists ≥ ${threshold.percent} % of ${threshold.of === "votes" ? "votes cast" : "registered voters"}`
      }`
  }
}

/**
 * A list and its votes. Its id is the caller's (a result id, or a position): ids must be distinct,
 * and the allocation gives seats by them. A caller that has its lists in an array may name them by
 * position: a small integer is hashed for nothing, where a result id (a long joined string that
 * nothing else hashed) cost most of an allocation (issue 8, seventh pass).
 */
export interface ListVotes<Id = string> {
  readonly id: Id
  readonly votes: number
}

export interface Allocation<Id = string> {
  readonly seats: ReadonlyMap<Id, number>
  readonly bonus: number
  readonly leader: Id
  readonly eligible: ReadonlyArray<Id>
}

/**
 * Bonus seats: `value` % of `size` when the unit is a percentage — rounded up unless the unit says
 * "rounded down" or "rounded to the nearest" — else `value` seats.
 */
export const bonusSeats = (size: number, value: number, unit: string): number => {
  if (!unit.trim().startsWith("%")) return value
  const exact = (size * value) / 100
  if (/rounded down/i.test(unit)) return Math.floor(exact + 1e-9)
  if (/rounded to the nearest/i.test(unit)) return Math.round(exact)
  return Math.ceil(exact - 1e-9)
}

/**
 * `thresholdPercent` of `thresholdBase` (default: the lists' votes, i.e. votes cast) admits a list;
 * `method` shares the seats left after the bonus among the admitted lists.
 */
export const allocate = <Id = string>(
  lists: ReadonlyArray<ListVotes<Id>>,
  size: number,
  bonus: number,
  thresholdPercent: number,
  method: Method = "dhondt",
  thresholdBase?: number
): Allocation<Id> | null => {
  // Loops rather than reduce/filter/map closures, and the seats map filled by `set` rather than
  // built from an array of pairs (the Map constructor walks it through the iterator protocol): the
  // same sums in the same order, the same keys in the same order (issue 8, seventh pass).
  let total = 0
  for (const l of lists) total += l.votes
  if (lists.length === 0 || total <= 0 || bonus > size) return null
  // The leader: most votes; ties go to the earlier list (the law says the older candidate list; the article does not tell).
  let leader = lists[0]!
  for (const l of lists) if (l.votes > leader.votes) leader = l
  const base = thresholdBase ?? total
  const eligible: Array<ListVotes<Id>> = []
  const seats = new Map<Id, number>()
  for (const l of lists) {
    if (l.votes * 100 >= thresholdPercent * base) eligible.push(l)
    seats.set(l.id, 0)
  }
  seats.set(leader.id, bonus)
  if (method === "hare") return largestRemainder(eligible, size - bonus, seats, bonus, leader.id)
  // D'Hondt divides by 1, 2, 3, …; Sainte-Laguë by 1, 3, 5, … (won × step + 1).
  const step = method === "dhondt" ? 1 : 2
  // Seats won by highest average, by position in `eligible` (an array instead of a Map lookup per
  // comparison, for speed; the ids are the lists' own, so positions and ids correspond one to one).
  // Filled by push from a literal: one elements kind (packed small integers) for every call (`map`
  // gave holey arrays, and the stores below met a second kind: "wrong map"; issue 8, ninth pass).
  const wonAt: Array<number> = []
  for (let i = 0; i < eligible.length; i++) wonAt.push(0)
  const toShare = size - bonus
  // D'Hondt's lower quota: every pair (list, k) with k ≤ ⌊votes·seats ÷ admitted votes⌋ has an
  // average votes ÷ k ≥ admitted ÷ seats, and there are at most `seats` such pairs, so each is among
  // the seats the loop below would pick (it takes the `seats` largest averages in one strict order:
  // average, then votes, then the earlier list). Those are given at once; the loop picks the rest
  // (fewer than the lists) in the same order, so ties fall exactly as before. Not for Sainte-Laguë
  // (its divisors 1, 3, 5, … have no such bound).
  let given = 0
  if (step === 1 && toShare > 0) {
    let admitted = 0
    for (const l of eligible) admitted += l.votes
    if (admitted > 0) {
      for (let i = 0; i < eligible.length; i++) {
        const product = eligible[i]!.votes * toShare
        let floor = Math.floor(product / admitted)
        // Integer-exact: the quotient of two integers, corrected should division have rounded up.
        if (floor * admitted > product) floor--
        if (floor > 0) {
          wonAt[i] = floor
          given += floor
        }
      }
    }
  }
  for (let s = given; s < toShare; s++) {
    let best = -1
    for (let i = 0; i < eligible.length; i++) {
      if (best < 0) {
        best = i
        continue
      }
      const l = eligible[i]!
      const b = eligible[best]!
      // l.votes / (step·won(l)+1) > best.votes / (step·won(best)+1), cross-multiplied; ties: more votes.
      const lhs = l.votes * (step * wonAt[best]! + 1)
      const rhs = b.votes * (step * wonAt[i]! + 1)
      if (lhs > rhs || (lhs === rhs && l.votes > b.votes)) best = i
    }
    if (best < 0) break
    wonAt[best]!++
  }
  // Added straight into `seats` (every id is already a key there, so its order is unchanged).
  for (let i = 0; i < eligible.length; i++) if (wonAt[i]! > 0) seats.set(eligible[i]!.id, seats.get(eligible[i]!.id)! + wonAt[i]!)
  return { seats, bonus, leader: leader.id, eligible: eligible.map((l) => l.id) }
}

/**
 * Largest remainder with the Hare quota (votes of the admitted lists ÷ seats): each list takes the
 * whole part of its quota, the seats left go to the largest remainders (ties: more votes, then the
 * earlier list). Remainders compared as integers: votes·seats mod the admitted votes.
 */
const largestRemainder = <Id>(
  eligible: ReadonlyArray<ListVotes<Id>>,
  seatsToShare: number,
  seats: Map<Id, number>,
  bonus: number,
  leader: Id
): Allocation<Id> | null => {
  const admitted = eligible.reduce((a, l) => a + l.votes, 0)
  if (admitted <= 0) return { seats, bonus, leader, eligible: [] }
  const whole = eligible.map((l) => Math.floor((l.votes * seatsToShare) / admitted))
  const remainder = eligible.map((l) => (l.votes * seatsToShare) % admitted)
  let left = seatsToShare - whole.reduce((a, n) => a + n, 0)
  const order = eligible.map((_, i) => i).sort((a, b) => remainder[b]! - remainder[a]! || eligible[b]!.votes - eligible[a]!.votes || a - b)
  for (const i of order) {
    if (left <= 0) break
    whole[i]!++
    left--
  }
  eligible.forEach((l, i) => seats.set(l.id, (seats.get(l.id) ?? 0) + whole[i]!))
  return { seats, bonus, leader, eligible: eligible.map((l) => l.id) }
}

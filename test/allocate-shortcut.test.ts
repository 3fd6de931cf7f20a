/**
 * `allocate`'s D'Hondt shortcut (pipeline/audit/seats-law.ts gives each list its lower quota at
 * once, then picks the remaining seats one by one) against the plain seat-by-seat highest-average
 * loop written out here: the same seats for every list, on tie-heavy votes (few distinct values, so
 * averages and votes tie often) and on wide ones, with and without a bonus and a threshold.
 * Sainte-Laguë takes no shortcut; it is compared too, to the same loop with divisors 1, 3, 5, ….
 */
import test from "ava"
import fc from "fast-check"
import { allocate, type ListVotes } from "../pipeline/audit/seats-law.ts"

/** Seat by seat: the largest votes ÷ (step·won + 1), ties to more votes, then to the earlier list. */
const plain = (lists: ReadonlyArray<ListVotes>, size: number, bonus: number, thresholdPercent: number, step: 1 | 2): Map<string, number> => {
  const total = lists.reduce((a, l) => a + l.votes, 0)
  const leader = lists.reduce((best, l) => (l.votes > best.votes ? l : best))
  const eligible = lists.filter((l) => l.votes * 100 >= thresholdPercent * total)
  const won = eligible.map(() => 0)
  for (let s = 0; s < size - bonus; s++) {
    let best = 0
    for (let i = 1; i < eligible.length; i++) {
      const lhs = eligible[i]!.votes * (step * won[best]! + 1)
      const rhs = eligible[best]!.votes * (step * won[i]! + 1)
      if (lhs > rhs || (lhs === rhs && eligible[i]!.votes > eligible[best]!.votes)) best = i
    }
    if (eligible.length > 0) won[best]!++
  }
  const seats = new Map(lists.map((l) => [l.id, l.id === leader.id ? bonus : 0]))
  eligible.forEach((l, i) => seats.set(l.id, seats.get(l.id)! + won[i]!))
  return seats
}

const scenario = (votes: fc.Arbitrary<number>) =>
  fc
    .record({
      votes: fc.array(votes, { minLength: 1, maxLength: 14 }),
      size: fc.integer({ min: 1, max: 260 }),
      bonusShare: fc.constantFrom(0, 0.25, 0.5),
      threshold: fc.constantFrom(0, 5, 10)
    })
    .filter((s) => s.votes.some((v) => v > 0))

const same = (method: "dhondt" | "sainte-lague", votes: fc.Arbitrary<number>) =>
  fc.property(scenario(votes), ({ votes, size, bonusShare, threshold }) => {
    const lists = votes.map((v, i) => ({ id: `L${i}`, votes: v }))
    const bonus = Math.ceil(size * bonusShare)
    const a = allocate(lists, size, bonus, threshold, method)
    if (a === null) return false
    const b = plain(lists, size, bonus, threshold, method === "dhondt" ? 1 : 2)
    return lists.every((l) => a.seats.get(l.id) === b.get(l.id))
  })

// Few distinct values, multiples of each other: equal averages (600/2 = 300/1) and equal votes abound.
const tied = fc.constantFrom(0, 100, 200, 300, 600, 900, 1_200)
const wide = fc.integer({ min: 0, max: 9_000_000 })

test("D'Hondt: the lower-quota shortcut gives every list the seats of the seat-by-seat loop (ties included)", (t) => {
  fc.assert(same("dhondt", tied), { numRuns: 1_500 })
  fc.assert(same("dhondt", wide), { numRuns: 1_500 })
  t.pass()
})

test("Sainte-Laguë: the seats of the seat-by-seat loop with divisors 1, 3, 5, …", (t) => {
  fc.assert(same("sainte-lague", tied), { numRuns: 500 })
  t.pass()
})

test("D'Hondt: an exact quota (every list's votes a multiple of the quota) takes no seat twice", (t) => {
  // 600/300/100 of 10 seats: quotas 6, 3, 1 exactly — the shortcut gives all 10, the loop none.
  const a = allocate([{ id: "a", votes: 600 }, { id: "b", votes: 300 }, { id: "c", votes: 100 }], 10, 0, 0)
  t.deepEqual(Object.fromEntries(a!.seats), { a: 6, b: 3, c: 1 })
})

// Issue 8, seventh pass: seat-reconstruction names a region's lists by position (no result id
// hashed). The allocation must be the same whichever distinct ids name the lists.
test("allocate gives the same seats, leader and admitted lists whether lists are named by id or by position", (t) => {
  let checked = 0
  fc.assert(
    fc.property(scenario(fc.oneof(tied, wide)), fc.constantFrom("dhondt" as const, "sainte-lague" as const, "hare" as const), ({ votes, size, bonusShare, threshold }, method) => {
      const bonus = Math.ceil(size * bonusShare)
      const byId = allocate(votes.map((v, i) => ({ id: `region/list-${i}`, votes: v })), size, bonus, threshold, method)
      const byPosition = allocate(votes.map((v, i) => ({ id: i, votes: v })), size, bonus, threshold, method)
      if (byId === null || byPosition === null) return t.is(byId === null, byPosition === null)
      checked++
      t.deepEqual([...byPosition.seats].map(([i, n]) => [`region/list-${i}`, n]), [...byId.seats])
      t.is(`region/list-${byPosition.leader}`, byId.leader)
      t.deepEqual(byPosition.eligible.map((i) => `region/list-${i}`), byId.eligible)
      t.is(byPosition.bonus, byId.bonus)
    }),
    { numRuns: 1_500, seed: 31 }
  )
  t.true(checked > 1_000)
})

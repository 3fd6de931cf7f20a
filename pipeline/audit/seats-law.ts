/**
 * Seat allocation under the 2004 regional law (Code électoral L338; Corsica L366): a bonus to the
 * leading list — a quarter of the seats rounded up (Corsica: 3 seats) — and the rest by highest
 * average (D'Hondt) among lists with at least the seat threshold of votes cast. Integer arithmetic
 * throughout: averages are compared by cross-multiplication.
 */

export interface ListVotes {
  readonly id: string
  readonly votes: number
}

export interface Allocation {
  readonly seats: ReadonlyMap<string, number>
  readonly bonus: number
  readonly leader: string
  readonly eligible: ReadonlyArray<string>
}

/** Bonus seats: `value` % of `size` rounded up when the unit is a percentage, else `value` seats. */
export const bonusSeats = (size: number, value: number, unit: string): number =>
  unit.trim().startsWith("%") ? Math.ceil((size * value) / 100 - 1e-9) : value

export const allocate = (
  lists: ReadonlyArray<ListVotes>,
  size: number,
  bonus: number,
  thresholdPercent: number
): Allocation | null => {
  const total = lists.reduce((a, l) => a + l.votes, 0)
  if (lists.length === 0 || total <= 0 || bonus > size) return null
  // The leader: most votes; ties go to the earlier list (the law says the older candidate list; the article does not tell).
  const leader = lists.reduce((best, l) => (l.votes > best.votes ? l : best))
  const eligible = lists.filter((l) => l.votes * 100 >= thresholdPercent * total)
  const seats = new Map(lists.map((l) => [l.id, 0]))
  seats.set(leader.id, bonus)
  // Seats won by highest average, by position in `eligible` (an array instead of a Map lookup per
  // comparison, for speed; the ids are the lists' own, so positions and ids correspond one to one).
  const wonAt = eligible.map(() => 0)
  for (let s = 0; s < size - bonus; s++) {
    let best = -1
    for (let i = 0; i < eligible.length; i++) {
      if (best < 0) {
        best = i
        continue
      }
      const l = eligible[i]!
      const b = eligible[best]!
      // l.votes / (won(l)+1) > best.votes / (won(best)+1), cross-multiplied; ties: more votes.
      const lhs = l.votes * (wonAt[best]! + 1)
      const rhs = b.votes * (wonAt[i]! + 1)
      if (lhs > rhs || (lhs === rhs && l.votes > b.votes)) best = i
    }
    if (best < 0) break
    wonAt[best]!++
  }
  const won = new Map<string, number>()
  eligible.forEach((l, i) => won.set(l.id, (won.get(l.id) ?? 0) + wonAt[i]!))
  for (const [id, n] of won) seats.set(id, seats.get(id)! + n)
  return { seats, bonus, leader: leader.id, eligible: eligible.map((l) => l.id) }
}

/**
 * The 2004 regional seat allocation (pipeline/audit/seats-law.ts): the bonus, D'Hondt by highest
 * average among lists with at least 5 % of votes cast, ties, integer arithmetic — hand-computed
 * cases, a fast-check property, and the real Alsace council reproduced from the real seed.
 */
import test from "ava"
import fc from "fast-check"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { rule as seatReconstruction } from "../pipeline/audit/rules/seat-reconstruction.ts"
import { allocate, type Allocation, bonusSeats, type ListVotes } from "../pipeline/audit/seats-law.ts"
import { audit } from "./helpers/fixture.ts"
import { REGIONAL, SEEDS } from "./helpers/mutate.ts"

const seatsOf = (a: Allocation | null): Record<string, number> => {
  if (a === null) throw new Error("allocate returned null")
  return Object.fromEntries(a.seats)
}
const total = (a: Allocation) => [...a.seats.values()].reduce((x, y) => x + y, 0)

// -------------------------------------------------------------------------------------------------
// bonusSeats
// -------------------------------------------------------------------------------------------------

test("bonusSeats: a quarter of the seats, rounded up", (t) => {
  const unit = "% of seats, rounded up to the next whole seat"
  t.is(bonusSeats(47, 25, unit), 12) // 11.75 → 12 (Alsace)
  t.is(bonusSeats(48, 25, unit), 12) // exactly 12: not rounded up to 13
  t.is(bonusSeats(49, 25, unit), 13) // 12.25 → 13 (Champagne-Ardenne)
  t.is(bonusSeats(209, 25, unit), 53) // 52.25 → 53 (Île-de-France)
  t.is(bonusSeats(157, 25, unit), 40) // Rhône-Alpes
  t.is(bonusSeats(100, 25, "%"), 25)
  t.is(bonusSeats(4, 25, "%"), 1)
  t.is(bonusSeats(1, 25, "%"), 1)
})

test("bonusSeats: a fixed number of seats (Corsica: 3) when the unit is seats", (t) => {
  t.is(bonusSeats(51, 3, "seats, to the list first in round two"), 3)
  t.is(bonusSeats(10, 3, "seats"), 3)
})

test("bonusSeats: an exact multiple is never rounded up (sizes 1–400; 5, 10, 20, 25, 50, 100 %)", (t) => {
  for (let size = 1; size <= 400; size++) {
    for (const p of [5, 10, 20, 25, 50, 100]) {
      const exact = (size * p) % 100 === 0
      const want = exact ? (size * p) / 100 : Math.floor((size * p) / 100) + 1
      if (bonusSeats(size, p, "%") !== want) {
        t.fail(`bonusSeats(${size}, ${p}) = ${bonusSeats(size, p, "%")}, expected ${want}`)
        return
      }
    }
  }
  t.pass()
})

// -------------------------------------------------------------------------------------------------
// allocate: hand-computed D'Hondt
// -------------------------------------------------------------------------------------------------

test("allocate: 3 lists, 10 seats: bonus 3 to the leader, 7 by highest average (hand-computed)", (t) => {
  // Averages: A 5200 2600 1733 1300 1040; B 3100 1550 1033; C 1500 750.
  // The 7 highest: A5200 B3100 A2600 A1733 B1550 C1500 A1300 → A 4, B 2, C 1; plus A's bonus 3.
  const a = allocate([{ id: "A", votes: 5200 }, { id: "B", votes: 3100 }, { id: "C", votes: 1500 }], 10, 3, 5)
  t.deepEqual(seatsOf(a), { A: 7, B: 2, C: 1 })
  t.is(a!.leader, "A")
  t.is(a!.bonus, 3)
  t.deepEqual([...a!.eligible], ["A", "B", "C"])
})

test("allocate: the bonus goes to the leader wherever it stands in the list order", (t) => {
  const a = allocate([{ id: "C", votes: 1500 }, { id: "B", votes: 3100 }, { id: "A", votes: 5200 }], 10, 3, 5)
  t.is(a!.leader, "A")
  t.deepEqual(seatsOf(a), { A: 7, B: 2, C: 1 })
  // Without a bonus the same 10 seats go by highest average only:
  // A5200 B3100 A2600 A1733 B1550 C1500 A1300 A1040 B1033 A866 → A 6, B 3, C 1.
  t.deepEqual(seatsOf(allocate([{ id: "C", votes: 1500 }, { id: "B", votes: 3100 }, { id: "A", votes: 5200 }], 10, 0, 5)), { A: 6, B: 3, C: 1 })
})

test("allocate: a list below the 5 % threshold gets no seat, though highest average alone would give it some", (t) => {
  // 100 seats, bonus 25; D has 4,900 of 100,000 votes (4.9 %).
  const lists = [{ id: "A", votes: 40_000 }, { id: "B", votes: 30_000 }, { id: "C", votes: 25_100 }, { id: "D", votes: 4_900 }]
  const withThreshold = allocate(lists, 100, 25, 5)!
  t.is(withThreshold.seats.get("D"), 0)
  t.deepEqual([...withThreshold.eligible], ["A", "B", "C"])
  t.is(total(withThreshold), 100)
  const without = allocate(lists, 100, 25, 0)!
  t.true(without.seats.get("D")! > 0, "without the threshold D would win seats")
  t.is(total(without), 100)
})

test("allocate: a list with exactly 5 % of the votes is eligible", (t) => {
  // E: 500 of 10,000 = 5 % exactly; 40 seats, no bonus: a seat costs about 250 votes.
  const a = allocate([{ id: "A", votes: 6_000 }, { id: "B", votes: 3_500 }, { id: "E", votes: 500 }], 40, 0, 5)!
  t.true(a.eligible.includes("E"))
  t.true(a.seats.get("E")! > 0)
  const b = allocate([{ id: "A", votes: 6_001 }, { id: "B", votes: 3_500 }, { id: "E", votes: 499 }], 40, 0, 5)!
  t.false(b.eligible.includes("E"), "499 of 10,000 (4.99 %) is below")
  t.is(b.seats.get("E"), 0)
})

test("allocate: the threshold is compared in integers (57 of 100 at a 57 % threshold qualifies; 57/100·100 is 56.99999999999999 in floats)", (t) => {
  t.true((57 / 100) * 100 < 57, "the float artefact this guards against")
  const a = allocate([{ id: "A", votes: 57 }, { id: "B", votes: 43 }], 10, 0, 57)!
  t.deepEqual([...a.eligible], ["A"])
  t.deepEqual(seatsOf(a), { A: 10, B: 0 })
})

test("allocate: averages compared by cross-multiplication (1,000,001 / 333,334 / 333,333)", (t) => {
  // 7 seats after a bonus of 3. Averages: A 1000001, 500000.5, 333333.67, 250000.25, 200000.2, 166666.83;
  // B 333334, 166667; C 333333. The 7 highest: A1 A2 B1 A3 C1 A4 A5 → A 5, B 1, C 1.
  const a = allocate([{ id: "A", votes: 1_000_001 }, { id: "B", votes: 333_334 }, { id: "C", votes: 333_333 }], 10, 3, 5)
  t.deepEqual(seatsOf(a), { A: 8, B: 1, C: 1 })
  // One seat fewer: the 6th seat is C1 (333,333) against A4 (250,000.25): C; the 7th is gone, A loses one.
  t.deepEqual(seatsOf(allocate([{ id: "A", votes: 1_000_001 }, { id: "B", votes: 333_334 }, { id: "C", votes: 333_333 }], 9, 3, 5)), { A: 7, B: 1, C: 1 })
  // 999,999 / 3 = 333,333 exactly: A3 and C1 tie; the tie goes to the list with more votes (A).
  const tie = allocate([{ id: "A", votes: 999_999 }, { id: "C", votes: 333_333 }], 3, 0, 5)
  t.deepEqual(seatsOf(tie), { A: 3, C: 0 })
  t.deepEqual(seatsOf(allocate([{ id: "A", votes: 999_999 }, { id: "C", votes: 333_333 }], 4, 0, 5)), { A: 3, C: 1 })
})

test("allocate: ties between averages go to the list with more votes", (t) => {
  // A 4000 2000 1333 1000; B 3000 1500 1000; C 2000 1000. 7 seats, no bonus:
  // A4000 B3000 A2000(=C2000, A has more votes) C2000 B1500 A1333, then A1000 = B1000 = C1000 → A.
  const a = allocate([{ id: "C", votes: 2000 }, { id: "B", votes: 3000 }, { id: "A", votes: 4000 }], 7, 0, 5)
  t.deepEqual(seatsOf(a), { A: 4, B: 2, C: 1 })
  // With 3 seats the third is the A2000/C2000 tie: A.
  t.deepEqual(seatsOf(allocate([{ id: "C", votes: 2000 }, { id: "B", votes: 3000 }, { id: "A", votes: 4000 }], 3, 0, 5)), { A: 2, B: 1, C: 0 })
})

test("allocate: equal leaders — the bonus goes to the earlier list", (t) => {
  const a = allocate([{ id: "X", votes: 500 }, { id: "Y", votes: 500 }], 5, 2, 5)!
  t.is(a.leader, "X")
  // 3 seats by highest average: X500 / Y500 tie (equal votes: the first found, X), then Y500, then X250 = Y250 → X.
  t.deepEqual(seatsOf(a), { X: 4, Y: 1 })
})

test("allocate: nothing to allocate → null", (t) => {
  t.is(allocate([], 10, 3, 5), null)
  t.is(allocate([{ id: "A", votes: 0 }], 10, 3, 5), null)
  t.is(allocate([{ id: "A", votes: 10 }], 10, 11, 5), null, "a bonus larger than the council")
})

test("allocate: the real Alsace round two (299,353 / 236,709 / 151,187), 47 seats, bonus 12 → 27 / 12 / 8", (t) => {
  const a = allocate([{ id: "Zeller", votes: 299_353 }, { id: "Bigot", votes: 236_709 }, { id: "Binder", votes: 151_187 }], 47, bonusSeats(47, 25, "%"), 5)
  t.deepEqual(seatsOf(a), { Zeller: 27, Bigot: 12, Binder: 8 })
  t.is(a!.bonus, 12)
})

test("allocate: Corsica's fixed bonus of 3 of 51 seats", (t) => {
  const a = allocate([{ id: "A", votes: 30_000 }, { id: "B", votes: 20_000 }, { id: "C", votes: 10_000 }], 51, bonusSeats(51, 3, "seats"), 5)!
  t.is(a.bonus, 3)
  t.is(total(a), 51)
  // 48 by highest average in proportion 3:2:1 → 24 / 16 / 8; plus the bonus.
  t.deepEqual(seatsOf(a), { A: 27, B: 16, C: 8 })
})

// -------------------------------------------------------------------------------------------------
// A property: seats sum to the council; nobody below the threshold but the leader gets a seat
// -------------------------------------------------------------------------------------------------

/** 1–20 lists (so the leader always has at least 5 %: the law's case), 1–250 seats, a bonus up to the size. */
const scenario = fc
  .record({
    votes: fc.array(fc.integer({ min: 0, max: 5_000_000 }), { minLength: 1, maxLength: 20 }),
    size: fc.integer({ min: 1, max: 250 }),
    bonusPercent: fc.constantFrom(0, 25, 50)
  })
  .filter((s) => s.votes.some((v) => v > 0))

test("property: seats sum to the council size; no list below 5 % but the leader gets a seat; the leader has at least the bonus", (t) => {
  fc.assert(
    fc.property(scenario, ({ votes, size, bonusPercent }) => {
      const lists: Array<ListVotes> = votes.map((v, i) => ({ id: `L${i}`, votes: v }))
      const bonus = bonusPercent === 0 ? 0 : bonusSeats(size, bonusPercent, "%")
      const a = allocate(lists, size, bonus, 5)
      if (a === null) return false
      const sum = votes.reduce((x, y) => x + y, 0)
      if (total(a) !== size) return false
      if (a.bonus !== bonus) return false
      if (a.seats.get(a.leader)! < bonus) return false
      const leaderVotes = lists.find((l) => l.id === a.leader)!.votes
      if (lists.some((l) => l.votes > leaderVotes)) return false
      for (const l of lists) {
        const below = l.votes * 100 < 5 * sum
        if (below && l.id !== a.leader && a.seats.get(l.id)! !== 0) return false
        if (below === a.eligible.includes(l.id)) return false
      }
      // Highest average is monotone: among eligible lists, more votes never means fewer seats won.
      const won = (l: ListVotes) => a.seats.get(l.id)! - (l.id === a.leader ? bonus : 0)
      const eligible = lists.filter((l) => a.eligible.includes(l.id))
      for (const x of eligible) for (const y of eligible) if (x.votes > y.votes && won(x) < won(y)) return false
      return true
    }),
    { numRuns: 500 }
  )
  t.pass()
})

// -------------------------------------------------------------------------------------------------
// The real seed: Alsace reproduces exactly
// -------------------------------------------------------------------------------------------------

test("seed: the seat reconstruction reproduces the Alsace council exactly (27/12/8, bonus 12 of 47)", (t) => {
  const text = readFileSync(join(SEEDS, REGIONAL), "utf8")
  const run = audit(text, REGIONAL).run(seatReconstruction)
  const alsace = run.items.find((i) => i.subject.startsWith("Alsace:"))
  t.truthy(alsace, "an item for Alsace")
  t.is(alsace!.status, "passed")
  t.is(alsace!.file, REGIONAL)
  t.regex(alsace!.detail, /Adrien Zeller 27\/27, Jacques Bigot 12\/12, Patrick Binder 8\/8/)
  t.regex(alsace!.detail, /47 seats, bonus 12 to Adrien Zeller/)
  t.false(run.anomalies.some((a) => a.area === "Alsace"), "no anomaly for Alsace")
})

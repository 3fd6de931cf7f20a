/**
 * Electoral law as data (issue 13): seats-law.ts generic over bonus (share with its rounding, or
 * seats), method (D'Hondt, Sainte-Laguë, largest remainder Hare) and threshold (votes cast,
 * registered, none); `lawOf` reads them from electoral-law.csv by country and election kind; the
 * seat-reconstruction rule reproduces a results table's seats, or says no law is known.
 */
import test from "ava"
import { parseReference } from "../pipeline/audit/reference.ts"
import { rule as roundTwo } from "../pipeline/audit/rules/round-two-qualification.ts"
import { rule as seatReconstruction } from "../pipeline/audit/rules/seat-reconstruction.ts"
import { allocate, bonusSeats, lawOf } from "../pipeline/audit/seats-law.ts"
import { audit } from "./helpers/fixture.ts"

const seats = (votes: ReadonlyArray<number>, size: number, method: "dhondt" | "sainte-lague" | "hare", threshold = 0, bonus = 0, base?: number) => {
  const a = allocate(votes.map((v, i) => ({ id: `l${i}`, votes: v })), size, bonus, threshold, method, base)
  if (a === null) throw new Error("no allocation")
  return votes.map((_, i) => a.seats.get(`l${i}`))
}

test("D'Hondt and Sainte-Laguë differ where the divisors do (hand-computed)", (t) => {
  // 7 seats, votes 100, 80, 30, 20. D'Hondt quotients: 100 80 50 40 33.3 30 26.7 → 4, 3, 0, 0... computed by hand:
  // D'Hondt: 100, 80, 50, 40, 33.3, 30(C), 26.7 → A 3, B 3, C 1, D 0.
  t.deepEqual(seats([100, 80, 30, 20], 7, "dhondt"), [3, 3, 1, 0])
  // Sainte-Laguë (1, 3, 5): 100, 80, 33.3, 30, 26.7, 20(A/5), 20(D)… → A 3, B 2, C 1, D 1 (tie at 20: more votes first).
  t.deepEqual(seats([100, 80, 30, 20], 7, "sainte-lague"), [3, 2, 1, 1])
})

test("largest remainder with the Hare quota", (t) => {
  // quota 230/10 = 23: 100 → 4.35, 80 → 3.48, 30 → 1.30, 20 → 0.87; whole 4+3+1+0 = 8, remainders .87, .48 → D, B.
  t.deepEqual(seats([100, 80, 30, 20], 10, "hare"), [4, 4, 1, 1])
})

test("thresholds: of votes cast, of registered voters, none", (t) => {
  // Sainte-Laguë, 10 seats. 5 % of 1,000 votes cast = 50: the list of 40 is out, the list of 60 wins a seat;
  // 5 % of 2,000 registered = 100: the list of 60 is out too, and its seat goes to the largest list.
  t.deepEqual(seats([600, 300, 60, 40], 10, "sainte-lague", 5), [6, 3, 1, 0])
  t.deepEqual(seats([600, 300, 60, 40], 10, "sainte-lague", 5, 0, 2000), [7, 3, 0, 0])
  // No threshold: the list of 40 stands, but its quotient (40) is below the tenth (54.5).
  t.deepEqual(seats([600, 300, 60, 40], 10, "sainte-lague", 0), [6, 3, 1, 0])
  // A threshold that excludes a list that would win a seat: with 14 seats D (40) wins one without a threshold.
  t.deepEqual(seats([600, 300, 60, 40], 14, "sainte-lague", 0), [8, 4, 1, 1])
  t.deepEqual(seats([600, 300, 60, 40], 14, "sainte-lague", 5), [9, 4, 1, 0])
})

test("bonus: a share rounded up, down or to the nearest, or a number of seats", (t) => {
  t.is(bonusSeats(47, 25, "% of seats, rounded up to the next whole seat"), 12)
  t.is(bonusSeats(47, 25, "% of seats, rounded down"), 11)
  t.is(bonusSeats(47, 25, "% of seats, rounded to the nearest seat"), 12)
  t.is(bonusSeats(47, 3, "seats, to the leading list"), 3)
  t.deepEqual(seats([600, 300, 100], 20, "dhondt", 0, 10), [16, 3, 1])
})

const LAW = `country,election,parameter,scope,value,unit,source
Sylvania,legislative,assembly_size,all,7,seats,invented
Sylvania,legislative,allocation_sainte_lague,all,1,flag,invented
Sylvania,legislative,seat_threshold,all,0,% of votes cast,invented
Molvania,legislative,allocation_highest_average,all,1,flag,invented
Molvania,legislative,seat_threshold,all,5,% of registered voters,invented
Molvania,legislative,majority_bonus,all,2,seats,invented
Ruritania,legislative,assembly_size,all,7,seats,invented
`
const reference = parseReference({ file: "regional-councils.csv", text: "region,seats,previous_seats,kind,source\n" }, { file: "electoral-law.csv", text: LAW })

test("lawOf: the parameters of a country's election kind; what is missing, said", (t) => {
  t.deepEqual(reference.problems.filter((p) => p.file === "electoral-law.csv"), [])
  const sylvania = lawOf(reference, { country: "Sylvania", election: "legislative" }, "national")
  t.true(!("missing" in sylvania) && sylvania.method === "sainte-lague" && sylvania.threshold === null && sylvania.seats === 7 && sylvania.bonus(7) === 0)
  const molvania = lawOf(reference, { country: "molvania", election: "legislative" }, "national")
  t.true(!("missing" in molvania) && molvania.method === "dhondt" && molvania.threshold?.of === "registered" && molvania.bonus(100) === 2)
  t.deepEqual(lawOf(reference, { country: "Ruritania", election: "legislative" }, null), { missing: "no allocation method (allocation_highest_average, allocation_sainte_lague or allocation_largest_remainder_hare = 1) in the law" })
  // The same country's other election kinds, and an unstated country, have no law.
  t.true("missing" in lawOf(reference, { country: "Sylvania", election: "municipal" }, null))
  t.true("missing" in lawOf(reference, { country: null, election: "legislative" }, null))
})

const article = (country: string | null, seatsRow: string) => [
  "= 2021 Sylvanian parliamentary election =",
  "",
  "Infobox",
  ...(country ? [`- Country: ${country}`] : []),
  "- Election Date: 3 October 2021",
  "",
  "Lead.",
  "",
  "==Results==",
  "",
  "| Party | Votes | % | Seats |",
  `| A | 100 | 43.48% | ${seatsRow} |`,
  "| B | 80 | 34.78% | 2 |",
  "| C | 30 | 13.04% | 1 |",
  "| D | 20 | 8.70% | 1 |",
  "| Total | 230 | 100.00% | 7 |",
  ""
].join("\n")

test("seat-reconstruction: a results table's seats reproduce under its law; a row off is a warning on its line", (t) => {
  const run = (text: string) => {
    const a = audit(text, "sylvania.txt")
    return seatReconstruction.check({ ...a.context, reference })
  }
  const ok = run(article("Sylvania", "3"))
  t.deepEqual(ok.anomalies, [])
  t.true(ok.items.some((i) => i.status === "passed" && /A 3\/3, B 2\/2, C 1\/1, D 1\/1; 7 seats, highest average \(Sainte-Laguë\), no threshold/.test(i.detail)))
  const off = run(article("Sylvania", "4"))
  t.deepEqual(off.anomalies.map((x) => [x.line, x.severity, x.stated, x.expected]), [[12, "warning", 4, 3]])
  // No law for the country, or no country: not evaluated, never another country's law.
  const unknown = run(article("Borduria", "4"))
  t.deepEqual(unknown.anomalies, [])
  t.true(unknown.items.some((i) => i.status === "not_evaluated" && i.detail === "not evaluated: no electoral law known for legislative elections in Borduria"))
  const none = run(article(null, "4"))
  t.true(none.items.some((i) => i.status === "not_evaluated" && /no electoral law known for legislative elections in \(no country stated in the infobox\)/.test(i.detail)))
})

test("round-two qualification: the French regional threshold is never applied to another country's regional election", (t) => {
  const table = [
    "==Results by region==",
    "",
    "===Northmark===",
    "",
    "| Candidate | Party | Votes (Round One) | % (Round One) | Votes (Round Two) | % (Round Two) |",
    "| Ann | A | 600 | 60.00% | 700 | 70.00% |",
    "| Bob | B | 320 | 32.00% | 300 | 30.00% |",
    "| Cid | C | 80 | 8.00% | – | – |",
    "| Total | | 1,000 | 100.00% | 1,000 | 100.00% |",
    ""
  ]
  const westland = audit(["= 2020 Westland regional elections =", "", "Infobox", "- Country: Westland", "", "Lead.", "", ...table].join("\n"))
  const items = westland.run(roundTwo).items
  t.true(items.length > 0 && items.every((i) => i.status === "not_evaluated" && i.detail === "not evaluated: no electoral law known for regional elections in Westland"))
  // The French title (no infobox country) is keyed to France's regional law: the check runs.
  const french = audit(["= 2004 French regional elections =", "", "Lead.", "", ...table].join("\n"))
  t.true(french.run(roundTwo).items.some((i) => i.status !== "not_evaluated"))
})

// A constituency's table (an area section) with the country's law known only nationally: the
// assembly's size and a national threshold say nothing of how the area's seats are shared — not
// evaluated, never a warning from allocating the assembly's seats among the area's votes.
test("seat-reconstruction: an area's seat table is not allocated under the law's national rows", (t) => {
  const text = article("Sylvania", "3").replace("==Results==", "==Results==\n\n===Northshire===")
  const a = audit(text, "sylvania.txt")
  const out = seatReconstruction.check({ ...a.context, reference })
  t.deepEqual(out.anomalies, [])
  t.true(out.items.some((i) => i.status === "not_evaluated" && /are national; how Northshire's seats are allocated is not in the reference/.test(i.detail)), JSON.stringify(out.items))
  // With rows for the area, its table is allocated under them, over the table's own seat total.
  const withArea = parseReference({ file: "regional-councils.csv", text: "region,seats,previous_seats,kind,source\n" }, {
    file: "electoral-law.csv",
    text: `${LAW}Sylvania,legislative,seat_threshold,Northshire,0,% of votes cast,invented\n`
  })
  const area = seatReconstruction.check({ ...a.context, reference: withArea })
  t.deepEqual(area.anomalies, [])
  t.true(area.items.some((i) => i.status === "passed" && /A 3\/3, B 2\/2, C 1\/1, D 1\/1; 7 seats/.test(i.detail)), JSON.stringify(area.items))
})

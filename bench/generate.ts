/**
 * A deterministic generator of regional-style election articles, modelled on
 * seeds/2004-french-regional-elections.txt: an infobox, a national results table, and a
 * "Results by region" section with one `=== Region ===` section per regional council (the 26 of
 * seeds/reference/regional-councils.csv), each holding a two-round candidate-list table (votes,
 * %, Total row, optional turnout rows) and a `==== Regional Council ====` seat table (seats,
 * change, majority marker •).
 *
 * Every article is internally consistent: votes sum to the stated totals, percentages are
 * votes ÷ total rounded to two decimals, round two holds exactly the lists with ≥ 10 % of round
 * one (Corsica 5 %), council seats follow the 2004 law (pipeline/audit/seats-law.ts: a bonus of a
 * quarter of the seats rounded up, Corsica 3, to the leading list, the rest by D'Hondt among lists
 * ≥ 5 %), seats sum to the statutory council size, changes sum to 0, and the national table is the
 * sum of the regions. Then, unless `faults: 0`, a few faults are injected at random but
 * deterministic places (a copied figure, transposed digits in a percentage, a wrong total, a
 * council seat too many, a flipped change sign) and reported with their lines.
 *
 * Deterministic: a seeded PRNG (mulberry32), no Math.random, no clock. Same (n, seed) → same bytes.
 *
 * CLI: `npx tsx bench/generate.ts N DIR [SEED]` writes N articles into DIR.
 */
import { mkdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import { allocate, bonusSeats } from "../pipeline/audit/seats-law.ts"

// ---------------------------------------------------------------------------------------------
// PRNG

/** mulberry32: a small, fast 32-bit PRNG; returns floats in [0, 1). */
export const mulberry32 = (seed: number): (() => number) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Mixes the corpus seed and the article index into one 32-bit seed (splitmix-style). */
const mix = (seed: number, index: number): number => {
  let h = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0
  return (h ^ (h >>> 16)) >>> 0
}

interface Rng {
  readonly next: () => number
  readonly int: (lo: number, hi: number) => number
  readonly pick: <A>(xs: ReadonlyArray<A>) => A
  readonly chance: (p: number) => boolean
  readonly shuffle: <A>(xs: ReadonlyArray<A>) => Array<A>
}

const rngOf = (seed: number): Rng => {
  const next = mulberry32(seed)
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1))
  return {
    next,
    int,
    pick: (xs) => xs[Math.floor(next() * xs.length)]!,
    chance: (p) => next() < p,
    shuffle: (xs) => {
      const a = [...xs]
      for (let i = a.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1))
        ;[a[i], a[j]] = [a[j]!, a[i]!]
      }
      return a
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Fixed data: councils (as in seeds/reference/regional-councils.csv), parties (codes and names
// as in seeds/reference/parties.csv), national families.

export const COUNCILS: ReadonlyArray<{ readonly region: string; readonly seats: number }> = [
  { region: "Alsace", seats: 47 },
  { region: "Aquitaine", seats: 85 },
  { region: "Auvergne", seats: 47 },
  { region: "Brittany", seats: 83 },
  { region: "Burgundy", seats: 57 },
  { region: "Centre", seats: 77 },
  { region: "Champagne-Ardenne", seats: 49 },
  { region: "Corsica", seats: 51 },
  { region: "Franche-Comté", seats: 43 },
  { region: "Île-de-France", seats: 209 },
  { region: "Languedoc-Roussillon", seats: 67 },
  { region: "Limousin", seats: 43 },
  { region: "Lorraine", seats: 73 },
  { region: "Midi-Pyrénées", seats: 91 },
  { region: "Nord-Pas-de-Calais", seats: 113 },
  { region: "Lower Normandy", seats: 47 },
  { region: "Upper Normandy", seats: 55 },
  { region: "Pays de la Loire", seats: 93 },
  { region: "Picardy", seats: 57 },
  { region: "Poitou-Charentes", seats: 55 },
  { region: "Provence-Alpes-Côte d'Azur", seats: 123 },
  { region: "Rhône-Alpes", seats: 157 },
  { region: "Guadeloupe", seats: 41 },
  { region: "Martinique", seats: 41 },
  { region: "French Guiana", seats: 31 },
  { region: "Réunion", seats: 45 }
]

const PARTY_NAMES: Record<string, string> = {
  PS: "Socialist Party",
  PCF: "French Communist Party",
  Verts: "The Greens",
  PRG: "Left Radical Party",
  MRC: "Citizen and Republican Movement",
  UMP: "Union for a Popular Movement",
  UDF: "Union for French Democracy",
  MPF: "Movement for France",
  CNIP: "National Centre of Independents and Peasants",
  FN: "National Front",
  MNR: "National Republican Movement",
  LO: "Workers' Struggle",
  LCR: "Revolutionary Communist League",
  CPNT: "Hunting, Fishing, Nature, Traditions",
  MEI: "Independent Ecological Movement",
  GE: "Ecology Generation",
  CAP21: "Citizenship, Action, Participation for the 21st Century"
}

/** National table rows: grouping name, its Parties label, and the party codes of its family. */
const FAMILIES: ReadonlyArray<{ readonly key: string; readonly grouping: string; readonly label: string; readonly codes: ReadonlyArray<string> }> = [
  { key: "left", grouping: "Left", label: "PS-PCF-Verts-PRG-MRC", codes: ["PS", "PCF", "Verts", "PRG", "MRC"] },
  { key: "right", grouping: "Right", label: "UMP-UDF-MPF-CNIP", codes: ["UMP", "UDF", "MPF", "CNIP"] },
  { key: "fn", grouping: "FN", label: "FN", codes: ["FN"] },
  { key: "farleft", grouping: "Far-left", label: "LO-LCR", codes: ["LO", "LCR"] },
  { key: "eco", grouping: "Ecologists", label: "MEI-GE-CAP21", codes: ["MEI", "GE", "CAP21"] },
  { key: "cpnt", grouping: "CPNT", label: "CPNT", codes: ["CPNT"] },
  { key: "farright", grouping: "Far-Right", label: "MNR", codes: ["MNR"] }
]

const FIRST = [
  "Jean", "Marie", "Pierre", "Anne", "Michel", "Claude", "Philippe", "Sophie", "Alain", "Catherine", "Jacques", "Isabelle",
  "François", "Nathalie", "Bernard", "Christine", "Daniel", "Hélène", "Gérard", "Valérie", "Louis", "Élisabeth", "Yves",
  "Martine", "Henri", "Brigitte", "Serge", "Sylvie", "Paul", "Monique", "Olivier", "Chantal", "Thierry", "Agnès", "Éric"
]
const LAST = [
  "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon", "Laurent",
  "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier",
  "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin",
  "Muller", "Henry", "Roussel", "Nicolas", "Perrin", "Morin", "Mathieu", "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine",
  "Chevalier", "Robin", "Masson", "Sanchez", "Gérard", "Nguyen", "Boyer", "Denis", "Lemaire", "Duval", "Joly", "Gautier"
]

const SENTENCES = [
  "The campaign turned largely on national issues, with the government's reforms of pensions and health insurance at the centre of the debate.",
  "Turnout rose between the two rounds, as it did in most regions.",
  "The outgoing majority had governed with a relative majority since the previous election.",
  "Local observers noted the strength of the list in the rural departments of the region.",
  "The lists of the left merged between the two rounds, as they did in most regions.",
  "The incumbent president did not stand again.",
  "The result was seen as a verdict on the government rather than on the regional record.",
  "The new council elected its president at its first sitting, a week after the second round.",
  "Both main lists had campaigned on transport, secondary schools and economic development.",
  "The list led by the outgoing president lost ground in the cities but held its rural vote."
]

// ---------------------------------------------------------------------------------------------
// Formatting

const grouped = (n: number): string => {
  const s = String(Math.abs(n))
  return (n < 0 ? "-" : "") + s.replace(/\B(?=(\d{3})+(?!\d))/g, ",")
}
/** votes ÷ total as a percentage with two decimals, rounded half up, in integers. */
const percentOf = (votes: number, total: number): string => {
  const hundredths = Math.floor((votes * 20000 + total) / (2 * total))
  return `${Math.floor(hundredths / 100)}.${String(hundredths % 100).padStart(2, "0")}%`
}
const changeText = (d: number) => (d === 0 ? "–" : d > 0 ? `+${d}` : `${d}`)

// ---------------------------------------------------------------------------------------------
// Model

interface List {
  readonly leader: string
  incumbent: boolean
  readonly codes: ReadonlyArray<string>
  readonly family: string
  readonly votes1: number
  votes2: number | null
  seats: number
}

interface RegionModel {
  readonly region: string
  readonly size: number
  readonly lists: Array<List>
  readonly total1: number
  readonly total2: number
  readonly turnout: ReadonlyArray<{ registered: number; voters: number; blank: number }> | null
  readonly winner: List
  readonly councilRows: ReadonlyArray<{ code: string; seats: number; before: number; majority: boolean }>
}

/** Splits `total` into parts proportional to `weights` (largest remainder), every part ≥ `min`. */
const split = (total: number, weights: ReadonlyArray<number>, min = 0): Array<number> => {
  const free = total - min * weights.length
  const sumW = weights.reduce((a, w) => a + w, 0)
  const raw = weights.map((w) => (free * w) / sumW)
  const parts = raw.map((x) => Math.floor(x))
  let left = free - parts.reduce((a, b) => a + b, 0)
  const order = raw.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i)
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) parts[order[k]!.i]!++
  return parts.map((p) => p + min)
}

/** Makes every figure of `xs` distinct (and distinct from `avoid`), nudging by ±1 pairs so the sum stays. */
const distinct = (xs: Array<number>, avoid: ReadonlyArray<number> = []) => {
  for (let guard = 0; guard < 1000; guard++) {
    const seen = new Set<number>(avoid)
    let clash = -1
    for (let i = 0; i < xs.length; i++) {
      if (seen.has(xs[i]!)) {
        clash = i
        break
      }
      seen.add(xs[i]!)
    }
    if (clash === -1) return
    // move one vote from the largest other figure to the clashing one
    const donor = xs.reduce((best, x, i) => (i !== clash && x > xs[best]! ? i : best), clash === 0 ? 1 : 0)
    xs[clash]!++
    xs[donor]!--
  }
}

const familyOf = (codes: ReadonlyArray<string>) => FAMILIES.find((f) => f.codes.includes(codes[0]!))!.key

const buildRegion = (rng: Rng, council: { region: string; seats: number }, names: () => string): RegionModel => {
  const corsica = council.region === "Corsica"
  const qualification = corsica ? 5 : 10
  // The lists standing: a left list, a right list, FN, and a varying set of others.
  const leftCodes = ["PS", ...rng.shuffle(["PCF", "Verts", "PRG", "MRC"]).slice(0, rng.int(1, 2))]
  const specs: Array<{ codes: Array<string>; weight: number }> = [
    { codes: leftCodes, weight: 24 + rng.next() * 16 },
    { codes: ["UMP", ...(rng.chance(0.4) ? [rng.pick(["MPF", "CNIP"])] : [])], weight: 22 + rng.next() * 16 },
    { codes: ["FN"], weight: 10.5 + rng.next() * 9 }
  ]
  if (rng.chance(0.6)) specs.push({ codes: ["UDF"], weight: 5 + rng.next() * 9 })
  if (rng.chance(0.8)) specs.push({ codes: ["LO", "LCR"], weight: 3 + rng.next() * 3 })
  if (!leftCodes.includes("Verts") && rng.chance(0.3)) specs.push({ codes: ["Verts"], weight: 3 + rng.next() * 6 })
  if (!leftCodes.includes("PCF") && rng.chance(0.3)) specs.push({ codes: ["PCF"], weight: 3 + rng.next() * 6 })
  if (rng.chance(0.3)) specs.push({ codes: ["CPNT"], weight: 2 + rng.next() * 5 })
  if (rng.chance(0.25)) specs.push({ codes: rng.pick([["MEI"], ["MEI", "GE"], ["CAP21"], ["GE"]]), weight: 1 + rng.next() * 4 })
  if (rng.chance(0.3)) specs.push({ codes: ["MNR"], weight: 0.8 + rng.next() * 2 })

  const registered = Math.round(council.seats * (17_000 + rng.next() * 10_000))
  const voters1 = Math.round(registered * (0.55 + rng.next() * 0.1))
  const blank1 = Math.round(voters1 * (0.03 + rng.next() * 0.02))
  let total1 = voters1 - blank1
  let votes1 = split(total1, specs.map((s) => s.weight), 500)
  distinct(votes1)
  // No outright win in round one, and at least two lists qualify (both hold by the weights; guard anyway).
  const qualifies = (v: number) => v * 100 >= qualification * total1
  if (votes1.filter(qualifies).length < 2 || votes1.some((v) => v * 2 > total1)) {
    votes1 = split(total1, specs.map((_, i) => (i === 0 ? 35 : i === 1 ? 28 : i === 2 ? 15 : 22 / (specs.length - 3))), 500)
    distinct(votes1)
  }
  const lists: Array<List> = specs.map((s, i) => ({
    leader: names(),
    incumbent: false,
    codes: s.codes,
    family: familyOf(s.codes),
    votes1: votes1[i]!,
    votes2: null,
    seats: 0
  }))
  // Round two: exactly the lists that qualify; their shares grow with the eliminated lists' votes.
  const second = lists.filter((l) => qualifies(l.votes1))
  const voters2 = Math.min(registered - 1, Math.round(voters1 * (1.02 + rng.next() * 0.08)))
  const blank2 = Math.round(voters2 * (0.03 + rng.next() * 0.03))
  const total2 = voters2 - blank2
  const weights2 = second.map((l) => l.votes1 * (l.family === "left" ? 1.1 + rng.next() * 0.3 : l.family === "fn" ? 0.85 + rng.next() * 0.2 : 1 + rng.next() * 0.35))
  const votes2 = split(total2, weights2, 500)
  distinct(votes2, second.map((l) => l.votes1))
  second.forEach((l, i) => (l.votes2 = votes2[i]!))
  // The winner: most round-two votes (distinct figures, so no tie).
  const winner = second.reduce((best, l) => (l.votes2! > best.votes2! ? l : best))
  if (rng.chance(0.7)) lists[rng.int(0, 1)]!.incumbent = true

  // Seats under the 2004 law.
  const bonus = corsica ? bonusSeats(council.seats, 3, "seats") : bonusSeats(council.seats, 25, "% of seats")
  const allocation = allocate(second.map((l, i) => ({ id: String(i), votes: l.votes2! })), council.seats, bonus, 5)!
  second.forEach((l, i) => (l.seats = allocation.seats.get(String(i)) ?? 0))

  // Council rows: each list's seats shared among its parties (the head party first), others at 0.
  const rows: Array<{ code: string; seats: number; before: number; majority: boolean }> = []
  for (const l of lists) {
    if (l.seats === 0) {
      for (const code of l.codes) rows.push({ code, seats: 0, before: 0, majority: false })
      continue
    }
    const shares = l.codes.length === 1 ? [l.seats] : split(l.seats, l.codes.map((_, i) => (i === 0 ? 4 + rng.next() * 4 : 0.5 + rng.next())), 0)
    if (shares[0] === 0) {
      shares[0] = 1
      shares[shares.indexOf(Math.max(...shares))]!--
    }
    l.codes.forEach((code, i) => rows.push({ code, seats: shares[i]!, before: 0, majority: l === winner }))
  }
  // Earlier seats: the same council size, redistributed; changes then sum to 0 by construction.
  const before = rows.map((r) => r.seats)
  const moves = rng.int(Math.ceil(council.seats / 12), Math.ceil(council.seats / 6))
  for (let m = 0; m < moves; m++) {
    const from = rng.int(0, before.length - 1)
    const to = rng.int(0, before.length - 1)
    if (from !== to && before[from]! > 0) {
      before[from]!--
      before[to]!++
    }
  }
  rows.forEach((r, i) => (r.before = before[i]!))
  const councilRows = rows
    .filter((r) => r.seats > 0 || r.before > 0)
    .sort((a, b) => b.seats - a.seats || Number(b.majority) - Number(a.majority))

  const turnout = rng.chance(0.1)
    ? [
      { registered, voters: voters1, blank: blank1 },
      { registered, voters: voters2, blank: blank2 }
    ]
    : null
  return { region: council.region, size: council.seats, lists, total1, total2, turnout, winner, councilRows }
}

// ---------------------------------------------------------------------------------------------
// Faults

export type FaultKind = "copied-figure" | "transposed-percent" | "wrong-total" | "seat-too-many" | "change-sign"

export interface Fault {
  readonly kind: FaultKind
  /** 1-based line of the article where the fault is. */
  readonly line: number
  readonly region: string
  readonly before: string
  readonly after: string
}

export interface GenerateOptions {
  /** Faults injected per article (default 3; 0 gives a fully consistent article). */
  readonly faults?: number
}

export interface GeneratedArticle {
  readonly name: string
  readonly text: string
  readonly faults: ReadonlyArray<Fault>
}

// ---------------------------------------------------------------------------------------------
// Rendering

export const generateArticle = (seed: number, index: number, options: GenerateOptions = {}): GeneratedArticle => {
  const rng = rngOf(mix(seed, index))
  const used = new Set<string>()
  const names = () => {
    for (;;) {
      const n = `${rng.pick(FIRST)} ${rng.pick(LAST)}`
      if (!used.has(n)) {
        used.add(n)
        return n
      }
    }
  }
  const number = String(index + 1).padStart(4, "0")
  const name = `synthetic-regional-${seed}-${number}.txt`
  const regions = COUNCILS.map((c) => buildRegion(rng, c, names))

  const lines: Array<string> = []
  const push = (...ls: Array<string>) => lines.push(...ls)
  // Line anchors for faults: region → kind → candidates.
  const anchors: Array<{ kind: FaultKind; line: number; region: string; apply: (line: string) => string | null }> = []

  const title = `Synthetic ${number} French regional elections`
  push(`= ${title} =`, "", "Infobox")
  push(
    `- Election Name: ${title}`,
    "- Country: France",
    "- Type: parliamentary",
    "- Seats For Election: 26 Regional Presidencies",
    "- Election Date: 21 March and 28 March 2004",
    `- Leader1: ${names()}`,
    "- Party1: Socialist Party (France)",
    `- Leader2: ${names()}`,
    "- Party2: Union for a Popular Movement",
    `- Leader3: ${names()}`,
    "- Party3: National Front (France)",
    ""
  )
  push(
    `Regional elections were held on 21 and 28 March 2004 in a synthetic France generated for benchmarking (seed ${seed}, article ${index + 1}). ${rng.pick(SENTENCES)} ${rng.pick(SENTENCES)}`,
    ""
  )

  // National table: the sum of the regions per family.
  const byFamily = FAMILIES.map((f) => {
    const lists = regions.flatMap((r) => r.lists.filter((l) => l.family === f.key))
    const r2 = lists.filter((l) => l.votes2 !== null)
    return {
      f,
      v1: lists.reduce((a, l) => a + l.votes1, 0),
      v2: r2.length === 0 ? null : r2.reduce((a, l) => a + l.votes2!, 0),
      regions: regions.filter((r) => r.winner.family === f.key).length,
      seats: lists.reduce((a, l) => a + l.seats, 0)
    }
  }).filter((x) => x.v1 > 0)
  const n1 = regions.reduce((a, r) => a + r.total1, 0)
  const n2 = regions.reduce((a, r) => a + r.total2, 0)
  const dash = (n: number) => (n === 0 ? "–" : grouped(n))
  push("==National results==", "")
  push("| | Grouping | Parties | Votes (Round One) | % (Round One) | Votes (Round Two) | % (Round Two) | Regions | Seats |")
  for (const x of [...byFamily].sort((a, b) => b.v1 - a.v1)) {
    push(
      `| | ${x.f.grouping} | ${x.f.label} | ${grouped(x.v1)} | ${percentOf(x.v1, n1)} | ${x.v2 === null ? "–" : grouped(x.v2)} | ${
        x.v2 === null ? "–" : percentOf(x.v2, n2)
      } | ${dash(x.regions)} | ${dash(x.seats)} |`
    )
  }
  const totalSeats = regions.reduce((a, r) => a + r.size, 0)
  push(`| | Total | | ${grouped(n1)} | 100.00% | ${grouped(n2)} | 100.00% | ${regions.length} | ${grouped(totalSeats)} |`, "")

  push("==Results by region==", "")
  push(
    "The first round was held on 21 March. Since no list gained a majority in any region, a second round was held on 28 March, in which only lists that polled at least 10% in the first round could stand (5% in Corsica).",
    ""
  )
  for (const r of regions) {
    push(`===${r.region}===`, "")
    push("| | Candidate | Party | Votes (Round One) | % (Round One) | Votes (Round Two) | % (Round Two) |")
    const ordered = [...r.lists].sort((a, b) => (b.votes2 ?? -1) - (a.votes2 ?? -1) || b.votes1 - a.votes1)
    for (const l of ordered) {
      const v2 = l.votes2 === null ? "– | –" : `${grouped(l.votes2)} | ${percentOf(l.votes2, r.total2)}`
      const line = lines.length + 1
      push(`| | ${l.leader}${l.incumbent ? " (incumbent)" : ""} | ${l.codes.join("-")} | ${grouped(l.votes1)} | ${percentOf(l.votes1, r.total1)} | ${v2} |`)
      if (l.votes2 !== null && l.votes1 >= 1000 && l.votes1 !== l.votes2) {
        const from = `| ${grouped(l.votes2)} | ${percentOf(l.votes2, r.total2)} |`
        const to = `| ${grouped(l.votes1)} | ${percentOf(l.votes2, r.total2)} |`
        anchors.push({ kind: "copied-figure", line, region: r.region, apply: (s) => (s.endsWith(from) ? s.slice(0, -from.length) + to : null) })
      }
      const p = percentOf(l.votes1, r.total1)
      const m = /^(\d*)(\d)\.(\d)(\d)%$/.exec(p)
      if (m && m[2] !== m[3]) {
        const swapped = `${m[1]}${m[3]}.${m[2]}${m[4]}%`
        anchors.push({ kind: "transposed-percent", line, region: r.region, apply: (s) => (s.includes(`| ${p} |`) ? s.replace(`| ${p} |`, `| ${swapped} |`) : null) })
      }
    }
    const totalLine = lines.length + 1
    push(`| Total | | ${grouped(r.total1)} | 100.00% | ${grouped(r.total2)} | 100.00% |`)
    const wrong = r.total1 + (rng.chance(0.5) ? 1 : -1) * rng.int(1_000, 9_000)
    anchors.push({ kind: "wrong-total", line: totalLine, region: r.region, apply: (s) => s.replace(`| ${grouped(r.total1)} |`, `| ${grouped(wrong)} |`) })
    if (r.turnout) {
      const [t1, t2] = r.turnout as [{ registered: number; voters: number; blank: number }, { registered: number; voters: number; blank: number }]
      push(`| Registered voters | | ${grouped(t1.registered)} | 100.00% | ${grouped(t2.registered)} | 100.00% |`)
      push(`| Abstentions | | ${grouped(t1.registered - t1.voters)} | ${percentOf(t1.registered - t1.voters, t1.registered)} | ${grouped(t2.registered - t2.voters)} | ${percentOf(t2.registered - t2.voters, t2.registered)} |`)
      push(`| Voters | | ${grouped(t1.voters)} | ${percentOf(t1.voters, t1.registered)} | ${grouped(t2.voters)} | ${percentOf(t2.voters, t2.registered)} |`)
      push(`| Blank and invalid ballots | | ${grouped(t1.blank)} | ${percentOf(t1.blank, t1.voters)} | ${grouped(t2.blank)} | ${percentOf(t2.blank, t2.voters)} |`)
      push(`| Valid votes | | ${grouped(r.total1)} | ${percentOf(r.total1, t1.voters)} | ${grouped(r.total2)} | ${percentOf(r.total2, t2.voters)} |`)
    }
    push("", "====Regional Council====", "")
    push("| | Party | Seats | +/- |")
    for (const row of r.councilRows) {
      const line = lines.length + 1
      const cells = `| ${PARTY_NAMES[row.code]} | ${row.seats} | ${changeText(row.seats - row.before)} |`
      push(`| ${row.majority ? "•" : ""}${row.majority ? " " : ""}${cells}`)
      anchors.push({
        kind: "seat-too-many",
        line,
        region: r.region,
        apply: (s) => s.replace(`| ${row.seats} | ${changeText(row.seats - row.before)} |`, `| ${row.seats + 1} | ${changeText(row.seats + 1 - row.before)} |`)
      })
      if (row.seats !== row.before) {
        const c = changeText(row.seats - row.before)
        const flipped = changeText(row.before - row.seats)
        anchors.push({ kind: "change-sign", line, region: r.region, apply: (s) => (s.endsWith(`| ${c} |`) ? `${s.slice(0, -(c.length + 2))}${flipped} |` : null) })
      }
    }
    push("")
    const winner = r.winner
    if (rng.chance(0.3)) push(`The list led by ${winner.leader} won the region with ${percentOf(winner.votes2!, r.total2)} of the second-round vote.`, "")
  }
  push("==See also==", "- Conseil régional")

  // Faults: in distinct regions, of varied kinds, each changing exactly one line.
  const faults: Array<Fault> = []
  const wanted = options.faults ?? 3
  const kinds: ReadonlyArray<FaultKind> = ["copied-figure", "transposed-percent", "wrong-total", "seat-too-many", "change-sign"]
  const touchedRegions = new Set<string>()
  for (const kind of rng.shuffle(kinds).slice(0, Math.min(wanted, kinds.length)).concat(wanted > kinds.length ? Array.from({ length: wanted - kinds.length }, () => rng.pick(kinds)) : [])) {
    const candidates = anchors.filter((a) => a.kind === kind && !touchedRegions.has(a.region))
    if (candidates.length === 0) continue
    const a = rng.pick(candidates)
    const before = lines[a.line - 1]!
    const after = a.apply(before)
    if (after === null || after === before) continue
    lines[a.line - 1] = after
    touchedRegions.add(a.region)
    faults.push({ kind, line: a.line, region: a.region, before, after })
  }
  return { name, text: `${lines.join("\n")}\n`, faults }
}

/** `n` articles of one corpus; the same (n, seed) always gives the same names and bytes. */
export const generateCorpus = (n: number, seed: number, options: GenerateOptions = {}): Array<{ name: string; text: string }> =>
  Array.from({ length: n }, (_, i) => {
    const { name, text } = generateArticle(seed, i, options)
    return { name, text }
  })

// CLI: npx tsx bench/generate.ts N DIR [SEED]
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [nArg, dir, seedArg] = process.argv.slice(2)
  const n = Number(nArg)
  const seed = seedArg === undefined ? 2004 : Number(seedArg)
  if (!Number.isInteger(n) || n < 0 || dir === undefined || !Number.isInteger(seed)) {
    console.error("usage: npx tsx bench/generate.ts N DIR [SEED]")
    process.exit(2)
  }
  mkdirSync(dir, { recursive: true })
  let bytes = 0
  for (let i = 0; i < n; i++) {
    const { name, text } = generateArticle(seed, i)
    writeFileSync(join(dir, name), text)
    bytes += Buffer.byteLength(text)
  }
  console.log(`wrote ${n} articles, ${bytes.toLocaleString("en-US")} bytes, to ${dir}`)
}

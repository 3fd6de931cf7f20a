/**
 * An exact solver for the small integer systems of one table: at most a few unknowns (the changes
 * of the cells a candidate explanation touches, and a round's unstated total), linear equalities
 * (sums, change = seats − seats before) and linear inequalities (a stated percentage bounds its
 * votes against the total; counts are not negative). Arithmetic is BigInt throughout.
 *
 * Equalities are eliminated exactly (integer Gaussian elimination); at most two unknowns may stay
 * free. The first is enumerated over its exact range (Fourier–Motzkin projection of the
 * inequalities), the second solved as an interval for each of its values, so every integer solution
 * is found — listed when there are at most `limit`, else summarised by its exact bounding box. A
 * system with three free unknowns, or a free unknown with no bound or more than `maxRange` values,
 * is `undecided` (with the reason): never a silent guess.
 */

/** Σ a_j·u_j (= or ≤) b. */
export interface Lin {
  readonly a: ReadonlyArray<bigint>
  readonly b: bigint
}

export type Solution =
  | { readonly kind: "none" }
  | { readonly kind: "points"; readonly points: ReadonlyArray<ReadonlyArray<bigint>> }
  | {
    readonly kind: "many"
    readonly count: number
    readonly low: ReadonlyArray<bigint>
    readonly high: ReadonlyArray<bigint>
    /**
     * Every integer solution lies within low…high, coordinate by coordinate (false only where an
     * interval too wide to walk had non-integral ends: its interior solutions were not seen).
     */
    readonly bounded: boolean
  }
  | { readonly kind: "undecided"; readonly reason: string }

const abs = (x: bigint) => (x < 0n ? -x : x)
// The solver runs a few hundred times in a cold process (the seeds), interpreted: its hot loops
// index arrays instead of destructuring them (an iterator per destructuring in the interpreter)
// and take no callbacks (issue 8, sixth pass). The arithmetic is the same.
const gcd = (a: bigint, b: bigint): bigint => {
  if (a < 0n) a = -a
  if (b < 0n) b = -b
  while (b !== 0n) {
    const r = a % b
    a = b
    b = r
  }
  return a
}
const floorDiv = (a: bigint, b: bigint) => {
  const q = a / b
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q
}
const ceilDiv = (a: bigint, b: bigint) => -floorDiv(-a, b)

/** Divides a row by the gcd of its coefficients (for ≤ rows, rounding the bound down: exact on integers). */
const reduce = (row: Lin, inequality: boolean): Lin | "infeasible" | "trivial" => {
  let g = 0n
  const a = row.a
  // Once the gcd is 1 it stays 1 (gcd(1, x) = 1).
  for (let j = 0; j < a.length && g !== 1n; j++) g = gcd(g, a[j]!)
  if (g === 1n) return row
  return g === 0n ? zeroRow(row, inequality) : divided(row, g, inequality)
}
// The rarer outcomes of `reduce`, apart: V8 optimises `reduce` from the common case's feedback
// alone, and a later all-zero or divisible row no longer deoptimises and recompiles it.
const zeroRow = (row: Lin, inequality: boolean): "infeasible" | "trivial" => (inequality ? 0n <= row.b : row.b === 0n) ? "trivial" : "infeasible"
const divided = (row: Lin, g: bigint, inequality: boolean): Lin | "infeasible" => {
  if (!inequality && row.b % g !== 0n) return "infeasible"
  return { a: row.a.map((x) => x / g), b: inequality ? floorDiv(row.b, g) : row.b / g }
}

interface Interval {
  readonly low: bigint | null
  readonly high: bigint | null
}

/** Bounds of unknown `k` from rows in which only `k` has a non-zero coefficient. */
const bounds1 = (rows: ReadonlyArray<Lin>, k: number): Interval | "infeasible" => {
  let low: bigint | null = null
  let high: bigint | null = null
  for (const r of rows) {
    const c = r.a[k]!
    if (c === 0n) {
      if (r.b < 0n) return "infeasible"
    } else if (c > 0n) {
      const h = floorDiv(r.b, c)
      if (high === null || h < high) high = h
    } else {
      const l = ceilDiv(r.b, c)
      if (low === null || l > low) low = l
    }
  }
  return low !== null && high !== null && low > high ? "infeasible" : { low, high }
}

/** x·k − l·y, element by element (x and y of one length). */
const combination = (x: ReadonlyArray<bigint>, k: bigint, l: bigint, y: ReadonlyArray<bigint>): Array<bigint> => {
  const out = new Array<bigint>(x.length)
  for (let j = 0; j < x.length; j++) out[j] = x[j]! * k - l * y[j]!
  return out
}

/** A pivot of the elimination: unknown `p` is given by equality `row`. */
interface Pivot {
  readonly p: number
  readonly row: Lin
}

/**
 * Step 1 of `solve`, a function of its own so that V8 optimises (and, after a deopt, recompiles) it
 * apart from the enumeration (issue 8, fifth pass): the equalities eliminated, u_p = (b − Σ_{j≠p}
 * a_j u_j) / a_p, leaving the pivots and the inequalities in the other unknowns; null when no
 * integer point can satisfy them.
 */
const eliminateEqualities = (equalities: ReadonlyArray<Lin>, inequalities: ReadonlyArray<Lin>): { readonly pivots: ReadonlyArray<Pivot>; readonly les: ReadonlyArray<Lin> } | null => {
  let eqs: Array<Lin> = []
  for (let i = 0; i < equalities.length; i++) {
    const r = reduce(equalities[i]!, false)
    if (r === "infeasible") return null
    if (r !== "trivial") eqs.push(r)
  }
  let les: Array<Lin> = []
  for (let i = 0; i < inequalities.length; i++) {
    const r = reduce(inequalities[i]!, true)
    if (r === "infeasible") return null
    if (r !== "trivial") les.push(r)
  }
  const pivots: Array<Pivot> = []
  while (eqs.length > 0) {
    const e = eqs.pop()!
    let p = firstUnit(e.a)
    if (p < 0) p = firstNonZero(e.a)
    if (p < 0) {
      if (e.b !== 0n) return null
      continue
    }
    const ap = e.a[p]!
    const s = ap > 0n ? 1n : -1n
    const next: Array<Lin> = []
    for (let i = 0; i < eqs.length; i++) {
      const c = eqs[i]!
      const cp = c.a[p]!
      const r = cp === 0n ? c : reduce({ a: combination(c.a, ap, cp, e.a), b: c.b * ap - cp * e.b }, false)
      if (r === "infeasible") return null
      if (r !== "trivial") next.push(r)
    }
    eqs = next
    const nextLes: Array<Lin> = []
    for (let i = 0; i < les.length; i++) {
      const c = les[i]!
      const cp = c.a[p]!
      const r = cp === 0n ? c : reduce({ a: combination(c.a, abs(ap), cp * s, e.a), b: c.b * abs(ap) - cp * s * e.b }, true)
      if (r === "infeasible") return null
      if (r !== "trivial") nextLes.push(r)
    }
    les = nextLes
    pivots.push({ p, row: e })
  }
  return { pivots, les }
}

/** The first coefficient ±1's index, or −1. */
const firstUnit = (a: ReadonlyArray<bigint>): number => {
  for (let j = 0; j < a.length; j++) if (a[j] === 1n || a[j] === -1n) return j
  return -1
}
/** The first non-zero coefficient's index, or −1. */
const firstNonZero = (a: ReadonlyArray<bigint>): number => {
  for (let j = 0; j < a.length; j++) if (a[j] !== 0n) return j
  return -1
}

/** Fourier–Motzkin: the inequalities on the other unknowns once unknown `k` is projected out. */
const eliminate = (rows: ReadonlyArray<Lin>, k: number): Array<Lin> => {
  const pos: Array<Lin> = []
  const neg: Array<Lin> = []
  const out: Array<Lin> = []
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!
    const c = r.a[k]!
    if (c > 0n) pos.push(r)
    else if (c < 0n) neg.push(r)
    else out.push(r)
  }
  if (solverShortcuts.dominated) {
    tightestOnly(pos, k)
    tightestOnly(neg, k)
  }
  for (let i = 0; i < pos.length; i++) {
    const p = pos[i]!
    for (let q = 0; q < neg.length; q++) {
      const n = neg[q]!
      const cp = p.a[k]!
      const cn = -n.a[k]!
      // p·cn + n·cp, element by element: combination(p, cn, −cp, n).
      const row = reduce({ a: combination(p.a, cn, -cp, n.a), b: p.b * cn + n.b * cp }, true)
      if (row === "infeasible") return [{ a: new Array<bigint>(p.a.length).fill(0n), b: -1n }]
      if (row !== "trivial") out.push(row)
    }
  }
  return out
}

/**
 * Of the rows in which only unknown `k` has a coefficient (all of one sign: each bounds it from the
 * same side, c·u_k ≤ b), keeps the tightest (least b/|c|, the first of equals) and drops the others
 * (issue 8, eleventh pass: a latent total's percentage rows gave ~40 such rows and ~500 pairs to
 * combine). Exact for what the projection is read for: a pair with a dropped row gives the row the
 * same pair with the kept one gives, with a right-hand side at least as large (it is monotone in
 * b/|c|, and so is reduce's rounding down), so every bound bounds1 takes and every infeasible pair
 * are the same.
 */
const tightestOnly = (rows: Array<Lin>, k: number): void => {
  let best = -1
  let kept = 0
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!
    if (firstNonZero(r.a) !== k || lastNonZero(r.a) !== k) {
      rows[kept++] = r
      continue
    }
    if (best < 0) {
      best = kept
      rows[kept++] = r
      continue
    }
    const t = rows[best]!
    // b/|c| < t.b/|t.c|, both |c| > 0.
    if (r.b * abs(t.a[k]!) < t.b * abs(r.a[k]!)) rows[best] = r
  }
  rows.length = kept
}
const lastNonZero = (a: ReadonlyArray<bigint>): number => {
  for (let j = a.length - 1; j >= 0; j--) if (a[j] !== 0n) return j
  return -1
}

/**
 * With `first`, the points a "points" answer would list are handed to it one at a time, in their
 * order, until it returns true; the answer then lists only the points handed over. Where every
 * point is listed (one free unknown over at most `limit` values) the later points are then never
 * built: a caller that stops at its first accepted point (localise.ts) skips the rest of the walk.
 */
/**
 * For the equivalence tests only: `deferPoints: false` builds every point of a two-free walk as it
 * is found; `dominated: false` combines every one-unknown row in a projection (tightestOnly).
 */
export const solverShortcuts = { deferPoints: true, dominated: true }

export const solve = (
  m: number,
  equalities: ReadonlyArray<Lin>,
  inequalities: ReadonlyArray<Lin>,
  limit = 4000,
  maxRange = 20000,
  first?: (point: ReadonlyArray<bigint>) => boolean
): Solution => {
  // 1. Eliminate the equalities.
  const eliminated = eliminateEqualities(equalities, inequalities)
  if (eliminated === null) return { kind: "none" }
  const { pivots, les } = eliminated
  const pivotal = new Uint8Array(m)
  for (let i = 0; i < pivots.length; i++) pivotal[pivots[i]!.p] = 1
  const free: Array<number> = []
  for (let j = 0; j < m; j++) if (pivotal[j] === 0) free.push(j)
  if (free.length > 2) return { kind: "undecided", reason: `${free.length} figures stay free` }

  /**
   * The full point from the free unknowns' values (`k1` = `x1`, and `k2` = `x2` when `k2` ≥ 0; every
   * other free unknown 0), or null when a pivot is not an integer. Called once per listed point:
   * plain arrays, no Map per call.
   */
  const complete = (k1: number, x1: bigint, k2 = -1, x2 = 0n): Array<bigint> | null => {
    const u = new Array<bigint>(m).fill(0n)
    if (k1 >= 0) u[k1] = x1
    if (k2 >= 0) u[k2] = x2
    for (let i = pivots.length - 1; i >= 0; i--) {
      const { p, row } = pivots[i]!
      let rest = row.b
      for (let j = 0; j < m; j++) if (j !== p) rest -= row.a[j]! * u[j]!
      if (rest % row.a[p]! !== 0n) return null
      u[p] = rest / row.a[p]!
    }
    return u
  }

  if (free.length === 0) {
    if (les.some((r) => r.b < 0n)) return { kind: "none" }
    const u = complete(-1, 0n)
    if (u !== null && first !== undefined) first(u)
    return u === null ? { kind: "none" } : { kind: "points", points: [u] }
  }

  // 2. The range of each free unknown (projection), and the order: the narrower one outside.
  const ranges = free.map((k) => {
    const others = free.filter((j) => j !== k)
    const projected = others.reduce<ReadonlyArray<Lin>>((rows, j) => eliminate(rows, j), les)
    return bounds1(projected, k)
  })
  if (ranges.some((r) => r === "infeasible")) return { kind: "none" }
  const size = (r: Interval) => (r.low === null || r.high === null ? null : r.high - r.low + 1n)
  const order = free.map((k, i) => ({ k, r: ranges[i] as Interval })).sort((x, y) => {
    const a = size(x.r)
    const b = size(y.r)
    return a === null ? 1 : b === null ? -1 : a < b ? -1 : a > b ? 1 : 0
  })
  const outer = order[0]!
  const outerSize = size(outer.r)
  if (outerSize === null) return { kind: "undecided", reason: "a figure is bounded by no check" }
  if (outerSize > BigInt(maxRange)) return { kind: "undecided", reason: `a figure has ${outerSize.toLocaleString("en-US")} possible values` }
  const inner = order[1]

  const points: Array<Array<bigint>> = []
  /** The two-free walk's intervals (x, y from, y to) not yet built into points (deferPoints). */
  const segments: Array<readonly [bigint, bigint, bigint]> = []
  let total = 0
  let bounded = true
  const low: Array<bigint | null> = Array.from({ length: m }, () => null)
  const high: Array<bigint | null> = Array.from({ length: m }, () => null)
  const widen = (u: ReadonlyArray<bigint>) => {
    for (let j = 0; j < u.length; j++) {
      const x = u[j]!
      if (low[j] === null || x < low[j]!) low[j] = x
      if (high[j] === null || x > high[j]!) high[j] = x
    }
  }
  // With unit pivots every integer choice of the free unknowns gives integer pivots.
  let unitPivots = true
  for (let i = 0; i < pivots.length && unitPivots; i++) unitPivots = abs(pivots[i]!.row.a[pivots[i]!.p]!) === 1n
  if (inner === undefined && unitPivots) {
    const n = Number(outerSize)
    if (n > limit) {
      for (const x of [outer.r.low!, outer.r.high!]) widen(complete(outer.k, x)!)
      return { kind: "many", count: n, low: low.map((v) => v ?? 0n), high: high.map((v) => v ?? 0n), bounded: true }
    }
  }
  // One free unknown over at most `limit` values: every solution is listed, so the bounding box
  // (only for "many") is not kept; with no pivot a point is the value alone (what complete gives).
  const listAll = inner === undefined && outerSize <= BigInt(limit)
  const bare = listAll && pivots.length === 0
  // Every point is listed: each is handed to `first` as it is found.
  const lazy = listAll && first !== undefined
  for (let x = outer.r.low!; x <= outer.r.high!; x++) {
    if (inner === undefined) {
      // Every inequality left involves only the free unknowns (each pivot's column is eliminated
      // from them), so with one free unknown its range from bounds1 is exactly where they all hold:
      // only a pivot's integrality can still reject a value.
      if (bare) {
        const u = new Array<bigint>(m).fill(0n)
        u[outer.k] = x
        total++
        points.push(u)
        if (lazy && first(u)) return { kind: "points", points }
        continue
      }
      const u = complete(outer.k, x)
      if (u === null) continue
      total++
      if (!listAll) widen(u)
      if (total <= limit) points.push(u)
      if (lazy && first(u)) return { kind: "points", points }
      continue
    }
    // The inner unknown's interval with the outer one fixed at x (bounds1 of the rows with the outer
    // term moved to the right-hand side; only the two free unknowns have coefficients), without
    // building those rows.
    const innerAt = (x: bigint): Interval | "infeasible" => {
      let low: bigint | null = null
      let high: bigint | null = null
      for (const r of les) {
        const c = r.a[inner.k]!
        const b = r.b - r.a[outer.k]! * x
        if (c === 0n) {
          if (b < 0n) return "infeasible"
        } else if (c > 0n) {
          const h = floorDiv(b, c)
          if (high === null || h < high) high = h
        } else {
          const l = ceilDiv(b, c)
          if (low === null || l > low) low = l
        }
      }
      return low !== null && high !== null && low > high ? "infeasible" : { low, high }
    }
    const yr = innerAt(x)
    if (yr === "infeasible") continue
    if (unitPivots && total > limit && pivots.length === 0) {
      // Already more than can be listed: the box is the outer unknown's exact extent (walked in from
      // its upper end) by the inner unknown's projected range.
      let top = outer.r.high!
      while (top > x && innerAt(top) === "infeasible") top--
      const r = ranges[free.indexOf(inner.k)] as Interval
      const lower = (a: bigint | null, b: bigint | null) => (a === null ? b : b === null ? a : a < b ? a : b)
      const upper = (a: bigint | null, b: bigint | null) => (a === null ? b : b === null ? a : a > b ? a : b)
      low[outer.k] = lower(low[outer.k] ?? null, x)
      high[outer.k] = top
      low[inner.k] = lower(low[inner.k] ?? null, r.low)
      high[inner.k] = upper(high[inner.k] ?? null, r.high)
      total += 1
      break
    }
    if (yr.low === null || yr.high === null) return { kind: "undecided", reason: "a figure is bounded by no check" }
    // Pivots may need integrality: walk the inner interval (bounded by the outer range's size).
    const span = yr.high - yr.low + 1n
    if (unitPivots && total + Number(span) > limit) {
      // Every integer of the interval is a solution (no pivot to keep integral): count it, keep its ends.
      for (const y of [yr.low, yr.high]) widen(complete(outer.k, x, inner.k, y)!)
      total += Number(span)
      continue
    }
    if (span > BigInt(maxRange)) {
      // Too many to walk: keep the exact ends (pivots are affine, so their extremes are at the ends).
      // With a pivot not integral at an end, the solutions inside are not bounded by the box.
      bounded = false
      for (const y of [yr.low, yr.high]) {
        const u = complete(outer.k, x, inner.k, y)
        if (u !== null) widen(u)
      }
      total += Number(span)
      continue
    }
    if (solverShortcuts.deferPoints && pivots.length === 0) {
      // No pivot: every y of the interval is a point (x, y), all within the limit so far (else the
      // branch above took it). Kept as the interval and built only if the answer lists points —
      // a walk that later passes the limit built up to `limit` points for nothing. The box is the
      // same: the interval's ends are its extremes.
      segments.push([x, yr.low, yr.high])
      total += Number(span)
      widen(complete(outer.k, x, inner.k, yr.low)!)
      widen(complete(outer.k, x, inner.k, yr.high)!)
      continue
    }
    for (let y = yr.low; y <= yr.high; y++) {
      const u = complete(outer.k, x, inner.k, y)
      if (u === null) continue
      total++
      widen(u)
      if (total <= limit) points.push(u)
    }
  }
  if (total === 0) return { kind: "none" }
  if (total <= limit) {
    for (let i = 0; i < segments.length; i++) {
      const [x, from, to] = segments[i]!
      for (let y = from; y <= to; y++) points.push(complete(outer.k, x, inner!.k, y)!)
    }
    if (first === undefined || lazy) return { kind: "points", points }
    const handed: Array<Array<bigint>> = []
    for (let i = 0; i < points.length; i++) {
      handed.push(points[i]!)
      if (first(points[i]!)) break
    }
    return { kind: "points", points: handed }
  }
  return { kind: "many", count: total, low: low.map((x) => x ?? 0n), high: high.map((x) => x ?? 0n), bounded }
}

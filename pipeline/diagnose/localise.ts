/**
 * Error localisation (the Fellegi–Holt principle): the smallest set of faults whose change makes
 * every check of a block hold, by an exact bounded search.
 *
 * - Checks that fail as stated must each be touched by some fault (a necessary condition), so only
 *   sets of units touching a failing check and together touching all of them are tried: first every
 *   single unit, then pairs, then triples (the bound: at most MAX_FAULTS faults per block and
 *   MAX_SETS candidate sets; beyond either, the block is "not localised" and says so).
 * - For each candidate set, the solver (./solve.ts) finds every integer assignment of its cells
 *   satisfying the block's linear checks; each is then verified against every check (percentages
 *   recomputed, percentage sums) and weighed with the typo model (./typo.ts).
 * - The minimum weight wins; every explanation within 1e-9 of it is kept, so ties are reported as
 *   alternatives, never broken at random.
 */
import { percentSumTolerance, percentVerdict } from "../audit/tolerance.ts"
import { type Lin, solve } from "./solve.ts"
import { type Block, type Cell, type Constraint, type Unit, unitCells } from "./system.ts"
import { type Pattern, typoCandidates, typoPattern, typoSuperset, WEIGHT } from "./typo.ts"
import { enUS } from "../audit/format.ts"

export const MAX_FAULTS = 3
/**
 * For the equivalence tests only: `latentStop: false` walks every point of a latent-only candidate
 * set (test/diagnose/latent-stop.test.ts), `pinBounds: false` solves every pinned typo candidate of
 * a family, even outside its bounds, `impliedChecks: false` re-checks at every point the checks its
 * rows already imply, `firstPoint: false` lists every point of a walk that stops at its first
 * passing one (all in test/diagnose/shortcuts.test.ts), `oneUnknown: false` and `twoUnknowns:
 * false` send every set of one or two unknowns to the solver (oneUnknown, twoUnknowns),
 * `rangeJudging: false` judges every point of a one-unknown range (judgeRange; all three also in
 * test/diagnose/range-judging.test.ts): the long paths the shortcuts must equal; `stopped`,
 * `pinsSkipped`, `checksSkipped`, `lazyWalks`, `oneSolved`, `twoSolved`, `rangeJudged`,
 * `rangesByRounding` and `pointsNotJudged` count what they cut short.
 */
export const shortcuts = { latentStop: true, stopped: 0, pinBounds: true, pinsSkipped: 0, impliedChecks: true, checksSkipped: 0, firstPoint: true, lazyWalks: 0, oneUnknown: true, oneSolved: 0, rangeJudging: true, rangeJudged: 0, pointsNotJudged: 0, twoUnknowns: true, twoSolved: 0, rangesByRounding: 0 }
/**
 * For the tests only: with `on`, judging also evaluates every check `impliedByRows` skipped at each
 * point that passed, and counts in `failed` those that did not hold (the claim's direct test).
 */
export const impliedAudit = { on: false, checked: 0, failed: 0 }
export const MAX_SETS = 20000
/**
 * The search's work bound per block: points judged (each costing one unit per ten constraints of
 * the block) plus solver calls (SOLVE_WORK plus one unit per constraint). A block that needs more
 * is "not localised", with the reason; the seeds' blocks need at most ~10,000. Without it a corrupted table could take seconds (20,000 sets ×
 * up to 20,000 points each).
 */
export const MAX_WORK = 35_000
const SOLVE_WORK = 20
/**
 * Blocks with more cells than this are not searched at all ("not localised", with the reason):
 * the exact solver's cost grows with the block (a 933-row table took minutes in one solve), and
 * no real results round or council has this many figures.
 */
export const MAX_CELLS = 400

/** Thrown inside one block's search when it has used up MAX_WORK. */
class OverBudget extends Error {}
let work = 0
const spend = (units: number) => {
  work += units
  if (work > MAX_WORK) throw new OverBudget()
}

/**
 * `n` charges of `units` each, as n calls of spend would make them: on passing the bound, `work`
 * stops at the first charge beyond it (the same figure) and the search ends.
 */
const spendPoints = (n: number, units: number) => {
  if (work + n * units <= MAX_WORK) {
    work += n * units
    return
  }
  while (n-- > 0) spend(units)
}

/** One changed cell of an explanation: its single value, or the range the checks allow. */
export interface Change {
  readonly cell: number
  readonly value: number | null
  readonly low: number
  readonly high: number
}

export interface Explanation {
  readonly units: ReadonlyArray<Unit>
  readonly changes: ReadonlyArray<Change>
  readonly cost: number
  readonly pattern: Pattern | null
}

export type Localisation =
  | { readonly status: "clean" }
  | { readonly status: "located"; readonly violated: ReadonlyArray<number>; readonly explanations: ReadonlyArray<Explanation>; readonly undecided: number }
  | { readonly status: "not-localised"; readonly violated: ReadonlyArray<number>; readonly reason: string }

// -------------------------------------------------------------------------------------------------
// Checking an assignment
// -------------------------------------------------------------------------------------------------

/** The percentage, in its written units, that `votes / total` rounds to (half up). */
export const roundedPercent = (votes: number, total: number, decimals: number): number => {
  const n = 2 * votes * 100 * 10 ** decimals + total
  if (votes >= 0 && total > 0 && n + 2 * total <= Number.MAX_SAFE_INTEGER && Number.isSafeInteger(votes) && Number.isSafeInteger(total) && Number.isInteger(decimals) && decimals >= 0 && decimals <= 6) {
    return floorQuotient(n, 2 * total)
  }
  return roundedPercentBig(votes, total, decimals)
}
/**
 * ⌊n / d⌋ for integers n ≥ 0, d > 0 with n + d safe: the double quotient is within one of the
 * exact one, so it is corrected by one either way (q·d and (q+1)·d stay ≤ n + d: exact).
 */
const floorQuotient = (n: number, d: number): number => {
  let q = Math.floor(n / d)
  if (q * d > n) q--
  else if ((q + 1) * d <= n) q++
  return q
}
/** The percentage `votes / total` truncates to (as a count over a positive total), in its written units. */
export const truncatedPercent = (votes: number, total: number, decimals: number): number => {
  const n = votes * 100 * 10 ** decimals
  if (votes >= 0 && total > 0 && n + total <= Number.MAX_SAFE_INTEGER && Number.isSafeInteger(votes) && Number.isSafeInteger(total) && Number.isInteger(decimals) && decimals >= 0 && decimals <= 6) {
    return floorQuotient(n, total)
  }
  return Number((BigInt(votes) * 100n * 10n ** BigInt(decimals)) / BigInt(total))
}
/** `roundedPercent` in BigInt throughout (any integers; the property test's reference). */
export const roundedPercentBig = (votes: number, total: number, decimals: number): number => {
  const S = 100n * 10n ** BigInt(decimals)
  const T = BigInt(total)
  return Number((2n * BigInt(votes) * S + T) / (2n * T))
}

/** A linear check's terms with BigInt coefficients, converted once per check (evaluate runs per candidate set). */
const bigTermsOf = new WeakMap<Constraint, ReadonlyArray<readonly [number, bigint]>>()
const bigTerms = (c: Extract<Constraint, { kind: "eq" | "le" }>): ReadonlyArray<readonly [number, bigint]> => {
  let terms = bigTermsOf.get(c)
  if (terms === undefined) {
    terms = c.terms.map(([cell, coef]) => [cell, BigInt(coef)] as const)
    bigTermsOf.set(c, terms)
  }
  return terms
}

/** A percentage sum's tolerance depends only on its cells' decimals: computed once per check. */
const psumTolerances = new WeakMap<Constraint, { rounding: number; truncation: number }>()
const psumTolerance = (c: Extract<Constraint, { kind: "psum" }>, cells: ReadonlyArray<Cell>) => {
  let tolerance = psumTolerances.get(c)
  if (tolerance === undefined) {
    tolerance = percentSumTolerance(c.pcts.map((p) => cells[p]!.decimals))
    psumTolerances.set(c, tolerance)
  }
  return tolerance
}

// One function per kind of check: V8 optimises each from its own kind's feedback (as one switch,
// `holds` was optimised before some kind had been seen, deoptimised and compiled again).
const holds = (c: Constraint, value: (cell: number) => number, cells: ReadonlyArray<Cell>): boolean =>
  c.kind === "pct" ? holdsPct(c, value, cells) : c.kind === "psum" ? holdsPsum(c, value, cells) : holdsLinear(c, value)

const holdsLinear = (c: Extract<Constraint, { kind: "eq" | "le" }>, value: (cell: number) => number): boolean => {
  // The same sum, from 0 in the terms' order, as a loop (judged at every point).
  let s = 0
  const terms = c.terms
  for (let t = 0; t < terms.length; t++) {
    const term = terms[t]!
    s += term[1] * value(term[0])
  }
  return c.kind === "eq" ? s === c.rhs : s <= c.rhs
}

const holdsPct = (c: Extract<Constraint, { kind: "pct" }>, value: (cell: number) => number, cells: ReadonlyArray<Cell>): boolean => {
  const total = value(c.total)
  const d = cells[c.pct]!.decimals
  if (total <= 0) return false
  const verdict = percentVerdict(value(c.votes), total, value(c.pct) / 10 ** d, d)
  return c.truncation ? verdict !== "off" : verdict === "exact-rounding"
}

const holdsPsum = (c: Extract<Constraint, { kind: "psum" }>, value: (cell: number) => number, cells: ReadonlyArray<Cell>): boolean => {
  const pcts = c.pcts
  let sum = 0
  for (let t = 0; t < pcts.length; t++) sum = sum + value(pcts[t]!) / 10 ** cells[pcts[t]!]!.decimals
  const delta = sum - c.target
  const { rounding, truncation } = psumTolerance(c, cells)
  return Math.abs(delta) <= rounding + 1e-9 || (delta < 0 && -delta <= truncation + 1e-9)
}

const constraintCells = (c: Constraint): Array<number> =>
  c.kind === "pct" ? [c.votes, c.total, c.pct] : c.kind === "psum" ? [...c.pcts] : c.terms.map(([cell]) => cell)

/** The checks that fail as stated. A round without a stated total has a latent one: see `latentViolations`. */
export const violations = (block: Block): Array<number> => {
  const latent = block.cells.findIndex((c) => c.kind === "latent")
  const stated = (cell: number) => block.cells[cell]!.stated ?? 0
  const out: Array<number> = []
  block.constraints.forEach((c, i) => {
    if (latent >= 0 && c.kind === "pct" && c.total === latent) return
    if (!holds(c, stated, block.cells)) out.push(i)
  })
  return latent >= 0 ? [...out, ...latentViolations(block, latent)].sort((a, b) => a - b) : out
}

/**
 * With the total unstated, each row's votes and percentage bound it to an interval; the rows that
 * miss a total the largest number of rows agree on (any such total) are the failing checks.
 */
const latentViolations = (block: Block, latent: number): Array<number> => {
  const intervals: Array<{ i: number; lo: number; hi: number }> = []
  block.constraints.forEach((c, i) => {
    if (c.kind !== "pct" || c.total !== latent) return
    const v = block.cells[c.votes]!.stated!
    const cell = block.cells[c.pct]!
    const p = (cell.stated as number) / 10 ** cell.decimals
    const unit = 1 / 10 ** cell.decimals
    if (p - unit / 2 <= 0) return intervals.push({ i, lo: v > 0 ? Math.ceil((v * 100) / (p + unit)) : 1, hi: Infinity })
    intervals.push({ i, lo: Math.ceil((v * 100) / (p + unit)), hi: Math.floor((v * 100) / (p - unit / 2)) })
  })
  const events = intervals.flatMap((x) => [{ at: x.lo, d: 1 }, { at: x.hi + 1, d: -1 }]).sort((a, b) => a.at - b.at || a.d - b.d)
  let depth = 0
  let best = 0
  const points: Array<number> = []
  for (const e of events) {
    depth += e.d
    if (e.d > 0 && depth > best) {
      best = depth
      points.length = 0
    }
    if (e.d > 0 && depth === best) points.push(e.at)
  }
  const missing = new Set<number>()
  for (const at of points) for (const x of intervals) if (at < x.lo || at > x.hi) missing.add(x.i)
  return [...missing]
}

// -------------------------------------------------------------------------------------------------
// One candidate set of units
// -------------------------------------------------------------------------------------------------

type Outcome = { readonly kind: "none" } | { readonly kind: "undecided"; readonly reason: string } | { readonly kind: "found"; readonly explanations: Array<Explanation> }

const unitWeight = (block: Block, u: Unit, value: number): { weight: number; pattern: Pattern | null } => {
  const cell = block.cells[u.primary]!
  const typo = typoPattern(cell.stated!, value)
  if (typo !== null) return { weight: WEIGHT.typo, pattern: typo }
  if (cell.copy !== null) return { weight: WEIGHT.copy, pattern: cell.copy }
  return { weight: WEIGHT.free, pattern: null }
}

type Part = readonly [number, bigint]

/**
 * A check's linear rows for the solver, each handed to `eq` or `le` as (coefficients, right-hand
 * side): a sum or a difference is one row; a stated percentage three inequalities on its votes and
 * total (none when it is recomputed from them); a percentage sum none (it is verified point by point).
 */
const rowsOf = <A>(
  c: Constraint,
  cells: ReadonlyArray<Cell>,
  recomputed: ReadonlySet<number>,
  combine: (parts: ReadonlyArray<Part>) => [A, bigint],
  eq: (a: A, b: bigint) => void,
  le: (a: A, b: bigint) => void
): void => {
  if (c.kind === "psum") return
  if (c.kind !== "pct") {
    const r = combine(bigTerms(c))
    ;(c.kind === "eq" ? eq : le)(r[0], BigInt(c.rhs) - r[1])
    return
  }
  if (recomputed.has(c.pct)) return
  const d = cells[c.pct]!.decimals
  const S = 100n * 10n ** BigInt(d)
  const P = BigInt(cells[c.pct]!.stated!)
  // −T ≤ 2(S·v − P·T), and S·v − P·T ≤ T − 1 (truncation allowed) or 2(S·v − P·T) ≤ T (rounding only); T ≥ 1.
  const rows: Array<ReadonlyArray<Part>> = [
    [[c.votes, -2n * S], [c.total, 2n * P - 1n]],
    c.truncation ? [[c.votes, S], [c.total, -(P + 1n)]] : [[c.votes, 2n * S], [c.total, -(2n * P + 1n)]]
  ]
  rows.forEach((parts, i) => {
    const r = combine(parts)
    const a = r[0]
    const k = r[1]
    le(a, (i === 1 && c.truncation ? -1n : 0n) - k)
  })
  const last = combine([[c.total, -1n]])
  const a = last[0]
  const k = last[1]
  le(a, -1n - k)
}

/**
 * What every candidate set of a block reuses, computed once per block: each check's cells, the
 * stated values (a latent total as 0, as the checks read it), and — asked lazily, per check — its
 * verdict on the stated values and its solver rows when none of its cells moves.
 *
 * A check none of whose cells a candidate set moves (or recomputes) reads only stated values: its
 * rows have all-zero coefficients, which the solver drops as trivial or rejects the whole system
 * on (`reduce`), and its verdict at every point is its stated one. So evaluate neither builds nor
 * re-checks it: it counts its rows (the work bound charges every row, as before) and takes its
 * stated outcome — the same solutions and the same verdicts, at the cost of the checks the set
 * touches only.
 */
interface BlockInfo {
  /** The checks each cell appears in, ascending. */
  readonly checksOf: ReadonlyArray<ReadonlyArray<number>>
  readonly latent: number
  readonly stated: ReadonlyArray<number>
  /** `stated` as doubles: each candidate set with solutions copies it (a typed array's copy is one memcpy). */
  readonly statedValues: Float64Array
  /** The percentage checks, in block order (valueAt recomputes those whose percentage a unit recomputes). */
  readonly pcts: ReadonlyArray<Extract<Constraint, { kind: "pct" }>>
  /**
   * Every stated figure and linear coefficient small enough that a linear check's floating-point sum
   * is exact at any point whose moved figures stay within ±SMALL (see `impliedByRows`).
   */
  readonly smallScale: boolean
  /** How many percentage checks each cell is the percentage of. */
  readonly pctUses: ReadonlyArray<number>
  /**
   * Whether each cell is a count stated ≥ 0: a count stays ≥ 0 at every point (stated, or moved
   * under its non-negative row), which a recomputed percentage's acceptance needs (`impliedByRows`).
   */
  readonly nonNegativeCount: ReadonlyArray<boolean>
  readonly fixed: Array<{ readonly eqs: number; readonly les: number; readonly feasible: boolean } | undefined>
  readonly holdsStated: Array<boolean | undefined>
  readonly lines: Array<CheckRows | undefined>
}
const infos = new WeakMap<Block, BlockInfo>()
const infoOf = (block: Block): BlockInfo => {
  let info = infos.get(block)
  if (info === undefined) {
    const checkCells = block.constraints.map(constraintCells)
    const checksOf: Array<Array<number>> = block.cells.map(() => [])
    checkCells.forEach((cellsOfCheck, i) => {
      for (let q = 0; q < cellsOfCheck.length; q++) {
        const list = checksOf[cellsOfCheck[q]!]!
        if (list[list.length - 1] !== i) list.push(i)
      }
    })
    const stated = block.cells.map((c) => c.stated ?? 0)
    const pcts = block.constraints.filter((c): c is Extract<Constraint, { kind: "pct" }> => c.kind === "pct")
    const pctUses = block.cells.map(() => 0)
    for (const c of pcts) pctUses[c.pct]!++
    info = {
      checksOf,
      latent: block.cells.findIndex((c) => c.kind === "latent"),
      stated,
      statedValues: Float64Array.from(stated),
      pcts,
      smallScale: stated.every(isSmall) && block.constraints.every((c) => c.kind !== "eq" && c.kind !== "le" || (c.terms.length <= 1024 && c.terms.every((t) => Number.isInteger(t[1]) && Math.abs(t[1]) <= 1024))),
      pctUses,
      nonNegativeCount: block.cells.map((c) => c.kind === "count" && (c.stated ?? 0) >= 0),
      fixed: [],
      holdsStated: [],
      lines: []
    }
    infos.set(block, info)
  }
  return info
}
const NO_CELLS: ReadonlySet<number> = new Set()
const NO_PCTS: ReadonlyArray<Extract<Constraint, { kind: "pct" }>> = []

/**
 * A bound on figures (2^31) under which a linear check's sum is exact in doubles: with at most 1,024
 * terms of integer coefficients within ±1,024, every product and partial sum stays within 2^51.
 */
const SMALL = 2 ** 31
const isSmall = (x: number) => Number.isInteger(x) && x <= SMALL && x >= -SMALL

/**
 * Whether a touched check holds at every point the solver lists, so that judging need not re-check
 * it (issue 8, eighth pass). The solver's points satisfy the set's rows exactly (BigInt), and:
 * - a sum or difference is its own row: at figures within ±SMALL (`smallScale`, and each point's
 *   moved figures, checked per point) `holdsLinear`'s double sum is the exact integer sum;
 * - a stated percentage's three rows are its verdict exactly: −T ≤ 2(S·v − P·T) ≤ T is
 *   "exact-rounding", and with truncation allowed −T ≤ 2(S·v − P·T), S·v − P·T ≤ T − 1 is "not off";
 *   T ≥ 1 (percentVerdict is exact in either arithmetic);
 * - a recomputed percentage is the rounded (or, where truncation is allowed, the truncated) figure
 *   of its own counts, which its check accepts — when no other percentage check recomputes the same
 *   cell (valueAt writes it once per check), and when its votes are a count stated ≥ 0 (so ≥ 0 at
 *   every point: of a negative count, `roundedPercent` and `truncatedPercent` round toward zero,
 *   which the check may reject; the normaliser reads no negative count, but `localise` takes any block);
 * - a percentage sum is in no row: always judged; nor is a check that reads a recomputed figure
 *   other than its own percentage (its rows took that figure as stated).
 */
const impliedByRows = (info: BlockInfo, c: Constraint, recomputed: ReadonlySet<number>): boolean => {
  if (!shortcuts.impliedChecks || !info.smallScale) return false
  if (c.kind === "psum") return false
  if (c.kind === "pct") return !recomputed.has(c.votes) && !recomputed.has(c.total) && (!recomputed.has(c.pct) || (info.pctUses[c.pct] === 1 && info.nonNegativeCount[c.votes]!))
  for (let t = 0; t < c.terms.length; t++) if (recomputed.has(c.terms[t]![0])) return false
  return true
}
/** A check's rows with no cell moving: how many, and whether every one holds (an all-zero row holds iff 0 = b, or 0 ≤ b). */
const fixedRows = (block: Block, info: BlockInfo, i: number) => {
  let fixed = info.fixed[i]
  if (fixed === undefined) {
    let eqs = 0
    let les = 0
    let feasible = true
    const combine = (parts: ReadonlyArray<Part>): [null, bigint] => {
      let k = 0n
      for (let t = 0; t < parts.length; t++) k += parts[t]![1] * BigInt(block.cells[parts[t]![0]]!.stated ?? 0)
      return [null, k]
    }
    rowsOf(block.constraints[i]!, block.cells, NO_CELLS, combine, (_, b) => {
      eqs++
      if (b !== 0n) feasible = false
    }, (_, b) => {
      les++
      if (b < 0n) feasible = false
    })
    fixed = { eqs, les, feasible }
    info.fixed[i] = fixed
  }
  return fixed
}
/**
 * A check's rows in parts: each row's cells with their coefficients and its right-hand side with
 * every cell at its stated value (b − Σ coef·stated: the same for every candidate set, since an
 * unknown is a change from the stated value), and, per unit, the coefficient of that unit's
 * unknown in each row (Σ coef × how the unit moves the cell). A candidate set's row is then the
 * coefficients of its units, in its order, and the latent total's: what combining the cells' affine
 * forms gave, without recomputing it per set.
 */
interface CheckRows {
  readonly rows: ReadonlyArray<{ readonly eq: boolean; readonly parts: ReadonlyArray<Part>; readonly b: bigint }>
  readonly byUnit: Map<Unit, ReadonlyArray<bigint>>
  readonly latent: ReadonlyArray<bigint>
  /** Each row's right-hand side as a double, or null when one is not a safe integer (`oneUnknown`). */
  readonly bNumber: ReadonlyArray<number> | null
}
const checkRows = (block: Block, info: BlockInfo, i: number): CheckRows => {
  let lines = info.lines[i]
  if (lines === undefined) {
    const rows: Array<{ eq: boolean; parts: ReadonlyArray<Part>; b: bigint }> = []
    const combine = (parts: ReadonlyArray<Part>): [ReadonlyArray<Part>, bigint] => {
      let k = 0n
      for (let t = 0; t < parts.length; t++) k += parts[t]![1] * BigInt(block.cells[parts[t]![0]]!.stated ?? 0)
      return [parts, k]
    }
    rowsOf(block.constraints[i]!, block.cells, NO_CELLS, combine, (parts, b) => rows.push({ eq: true, parts, b }), (parts, b) => rows.push({ eq: false, parts, b }))
    const latent = new Array<bigint>(rows.length)
    for (let n = 0; n < rows.length; n++) {
      const parts = rows[n]!.parts
      let s = 0n
      for (let t = 0; t < parts.length; t++) if (parts[t]![0] === info.latent) s = s + parts[t]![1]
      latent[n] = s
    }
    const bNumber = rows.map((r) => Number(r.b))
    lines = { rows, byUnit: new Map(), latent, bNumber: bNumber.every(Number.isSafeInteger) ? bNumber : null }
    info.lines[i] = lines
  }
  return lines
}
/** The coefficient of `u`'s unknown in each of a check's rows. */
const unitRow = (lines: CheckRows, u: Unit): ReadonlyArray<bigint> => {
  let row = lines.byUnit.get(u)
  if (row === undefined) {
    // How the unit moves each cell: +1 its primary, plus its linked coefficients (a double: small
    // integers); a part whose cell does not move adds nothing to the sum (no BigInt product of 0).
    const linked = u.linked
    const out = new Array<bigint>(lines.rows.length)
    for (let n = 0; n < out.length; n++) {
      const parts = lines.rows[n]!.parts
      let s = 0n
      for (let t = 0; t < parts.length; t++) {
        const cell = parts[t]![0]
        let m = cell === u.primary ? 1 : 0
        for (let q = 0; q < linked.length; q++) if (linked[q]![0] === cell) m += linked[q]![1]
        if (m !== 0) s = s + parts[t]![1] * BigInt(m)
      }
      out[n] = s
    }
    row = out
    lines.byUnit.set(u, row)
  }
  return row
}

/** Over every check of the block: the fixed rows, how many checks have a fixed row that cannot hold, and how many fail as stated. */
const totalsOf = new WeakMap<BlockInfo, { eqs: number; les: number; infeasible: number; failing: number }>()
const fixedTotals = (block: Block, info: BlockInfo) => {
  let totals = totalsOf.get(info)
  if (totals === undefined) {
    totals = { eqs: 0, les: 0, infeasible: 0, failing: 0 }
    for (let i = 0; i < block.constraints.length; i++) {
      const fixed = fixedRows(block, info, i)
      totals.eqs += fixed.eqs
      totals.les += fixed.les
      if (!fixed.feasible) totals.infeasible++
      if (!holdsStated(block, info, i)) totals.failing++
    }
    totalsOf.set(info, totals)
  }
  return totals
}

const holdsStated = (block: Block, info: BlockInfo, i: number): boolean => {
  let verdict = info.holdsStated[i]
  if (verdict === undefined) {
    verdict = holds(block.constraints[i]!, (cell) => info.stated[cell]!, block.cells)
    info.holdsStated[i] = verdict
  }
  return verdict
}

/**
 * The cheapest explanations of this set. A typo counts only where it settles the value: if the
 * cheapest are several different values, they weigh as a free change spanning every solution.
 */
export const settleExplanations = (units: ReadonlyArray<Unit>, freePattern: Pattern | null, found: ReadonlyArray<Explanation>, free: number, family: ReadonlyArray<Change> | null): Array<Explanation> => {
  const all = family === null ? found : [...found, { units, changes: family, cost: free, pattern: freePattern }]
  if (all.length === 0) return []
  const best = Math.min(...all.map((e) => e.cost))
  const cheapest = all.filter((e) => e.cost <= best + 1e-9)
  const key = (e: Explanation) => e.changes.map((c) => `${c.cell}:${c.value}:${c.low}:${c.high}`).join(",")
  if (new Set(cheapest.map(key)).size === 1) return [cheapest[0]!]
  if (family !== null) return [{ units, changes: family, cost: Math.min(free, best < free ? free : best), pattern: freePattern }]
  // Every solution was listed: the range of each cell over all of them.
  const bounds = new Map<number, { low: number; high: number }>()
  for (const e of found) for (const c of e.changes) {
    const b = bounds.get(c.cell)
    bounds.set(c.cell, b ? { low: Math.min(b.low, c.low), high: Math.max(b.high, c.high) } : { low: c.low, high: c.high })
  }
  const changes = found[0]!.changes.map((c) => {
    const b = bounds.get(c.cell)!
    return { cell: c.cell, value: b.low === b.high ? b.low : null, low: b.low, high: b.high }
  })
  return [{ units, changes, cost: Math.max(best, free), pattern: freePattern }]
}

/** A judged point as an explanation: every listed cell set to its single value. */
export const explainJudged = (units: ReadonlyArray<Unit>, listed: ReadonlyArray<number>, j: Judged): Explanation => ({
  units,
  changes: listed.map((cell, i) => {
    const v = j.values[i]!
    return { cell, value: v, low: v, high: v }
  }),
  cost: j.cost,
  pattern: j.pattern
})
/**
 * `settleExplanations(units, freePattern, found.map((j) => explainJudged(units, listed, j)), freeCost, null)` without building an explanation per point: every
 * judged point lists the same cells in the same order, so two points' changes are equal (settle
 * compares them as text) when their values are, and the bounds per cell are per position.
 */
export const settleJudged = (units: ReadonlyArray<Unit>, listed: ReadonlyArray<number>, freeCost: number, freePattern: Pattern | null, found: ReadonlyArray<Judged>): Array<Explanation> => {
  let best = Infinity
  for (const j of found) if (j.cost < best) best = j.cost
  let first: Judged | null = null
  let alike = true
  for (const j of found) {
    if (!(j.cost <= best + 1e-9)) continue
    if (first === null) first = j
    else if (alike && !sameValues(first.values, j.values)) alike = false
  }
  if (alike) return [explainJudged(units, listed, first!)]
  const low = found[0]!.values.slice()
  const high = found[0]!.values.slice()
  for (const j of found) {
    for (let i = 0; i < low.length; i++) {
      low[i] = Math.min(low[i]!, j.values[i]!)
      high[i] = Math.max(high[i]!, j.values[i]!)
    }
  }
  const changes = listed.map((cell, i) => ({ cell, value: low[i] === high[i] ? low[i]! : null, low: low[i]!, high: high[i]! }))
  return [{ units, changes, cost: Math.max(best, freeCost), pattern: freePattern }]
}

/** A point that passed every check: the listed cells' values (in `listed` order), its weight and pattern. */
export interface Judged {
  readonly values: ReadonlyArray<number>
  readonly cost: number
  readonly pattern: Pattern | null
}
/** Equal as settle's text keys compare them (`${x}`: 0 and −0 alike, NaN equal to NaN). */
const sameValues = (a: ReadonlyArray<number>, b: ReadonlyArray<number>): boolean => {
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!
    const y = b[i]!
    if (x !== y && !(x !== x && y !== y)) return false
  }
  return true
}

// `evaluate` is a few small steps (unknowns, touched checks, system, judging, a family's bounds)
// rather than one function: as one it was ~4 KB of bytecode, compiled 3–4 times per isolate at
// ~0.15–0.5 s each by V8's optimising compiler (issue 8, fifth pass); a deopt now recompiles a step.

/**
 * One candidate set's unknowns: the change of each unit whose primary is a count (a recomputed
 * percentage has none), then the latent total; `coefs` gives each moved cell its terms (unknown, coefficient).
 */
interface Unknowns {
  readonly moving: ReadonlyArray<Unit>
  readonly latent: number
  readonly m: number
  readonly coefs: Map<number, Array<readonly [number, bigint]>>
  readonly recomputed: Set<number>
}

const unknownsOf = (info: BlockInfo, units: ReadonlyArray<Unit>): Unknowns => {
  const recomputed = new Set<number>()
  for (let t = 0; t < units.length; t++) for (let q = 0; q < units[t]!.recomputed.length; q++) recomputed.add(units[t]!.recomputed[q]!)
  const moving = units.filter((u) => !u.recomputed.includes(u.primary))
  const latent = info.latent
  const m = moving.length + (latent >= 0 ? 1 : 0)
  const coefs = new Map<number, Array<readonly [number, bigint]>>()
  const push = (cell: number, j: number, coef: bigint) => {
    const list = coefs.get(cell)
    if (list) list.push([j, coef])
    else coefs.set(cell, [[j, coef]])
  }
  for (let j = 0; j < moving.length; j++) {
    const u = moving[j]!
    push(u.primary, j, 1n)
    const linked = u.linked
    for (let q = 0; q < linked.length; q++) push(linked[q]![0], j, BigInt(linked[q]![1]))
  }
  if (latent >= 0) push(latent, m - 1, 1n)
  return { moving, latent, m, coefs, recomputed }
}

/** A cell's value as an affine form in the unknowns: [coefficients, constant]. */
type Affine = (cell: number) => [Array<bigint>, bigint]

/** The affine forms of a candidate set's cells, each built once (callers only read it). */
const affineOf = (cells: ReadonlyArray<Cell>, unknowns: Unknowns): Affine => {
  const forms = new Map<number, [Array<bigint>, bigint]>()
  return (cell) => {
    let form = forms.get(cell)
    if (form === undefined) {
      const a = new Array<bigint>(unknowns.m).fill(0n)
      const terms = unknowns.coefs.get(cell)
      if (terms !== undefined) for (let q = 0; q < terms.length; q++) a[terms[q]![0]] = a[terms[q]![0]]! + terms[q]![1]
      form = [a, BigInt(cells[cell]!.stated ?? 0)]
      forms.set(cell, form)
    }
    return form
  }
}

/** The checks a moving or recomputed cell touches, ascending (the rows keep the block's order). */
const touchedChecks = (block: Block, info: BlockInfo, unknowns: Unknowns): Array<number> => {
  const mark = new Uint8Array(block.constraints.length)
  const touched: Array<number> = []
  const touch = (cell: number) => {
    const checks = info.checksOf[cell]!
    for (let q = 0; q < checks.length; q++) {
      const i = checks[q]!
      if (mark[i] === 1) continue
      mark[i] = 1
      touched.push(i)
    }
  }
  for (const cell of unknowns.coefs.keys()) touch(cell)
  for (const cell of unknowns.recomputed) touch(cell)
  // Ascending (an insertion sort: a few distinct checks).
  for (let i = 1; i < touched.length; i++) {
    const x = touched[i]!
    let j = i - 1
    while (j >= 0 && touched[j]! > x) {
      touched[j + 1] = touched[j]!
      j--
    }
    touched[j + 1] = x
  }
  return touched
}

/**
 * The solver's system for a candidate set: the touched checks' rows built from their cached parts
 * (checkRows) and the counts' non-negativity; the untouched checks only counted (`rowCount`) and
 * judged as stated (`fixedFeasible`: all their rows can hold; `fixedHold`: all hold as stated).
 */
interface System {
  readonly eqs: Array<Lin>
  readonly les: Array<Lin>
  readonly rowCount: number
  readonly fixedFeasible: boolean
  readonly fixedHold: boolean
}

const systemOf = (block: Block, info: BlockInfo, units: ReadonlyArray<Unit>, unknowns: Unknowns, touched: ReadonlyArray<number>, affine: Affine): System => {
  const eqs: Array<Lin> = []
  const les: Array<Lin> = []
  touchedRows(block, info, unknowns, touched, eqs, les)
  const fixed = untouchedTotals(block, info, touched)
  nonNegativeRows(block, units, affine, les)
  return { eqs, les, rowCount: eqs.length + fixed.eqs + les.length + fixed.les, fixedFeasible: fixed.feasible, fixedHold: fixed.hold }
}

/** The untouched checks' totals: the block's totals less the touched checks' own. */
const untouchedTotals = (block: Block, info: BlockInfo, touched: ReadonlyArray<number>): { eqs: number; les: number; feasible: boolean; hold: boolean } => {
  const all = fixedTotals(block, info)
  let fixedEqs = all.eqs
  let fixedLes = all.les
  let infeasible = all.infeasible
  let failing = all.failing
  // fixedTotals filled both caches for every check: read them directly.
  const fixedOf = info.fixed
  const holdsOf = info.holdsStated
  for (let t = 0; t < touched.length; t++) {
    const i = touched[t]!
    const fixed = fixedOf[i]!
    fixedEqs -= fixed.eqs
    fixedLes -= fixed.les
    if (!fixed.feasible) infeasible--
    if (!holdsOf[i]) failing--
  }
  return { eqs: fixedEqs, les: fixedLes, feasible: infeasible === 0, hold: failing === 0 }
}

const touchedRows = (block: Block, info: BlockInfo, unknowns: Unknowns, touched: ReadonlyArray<number>, eqs: Array<Lin>, les: Array<Lin>): void => {
  const { moving, latent, m, recomputed } = unknowns
  for (let t = 0; t < touched.length; t++) {
    const i = touched[t]!
    const c = block.constraints[i]!
    // A recomputed percentage's own check gives no rows (it is recomputed from the counts).
    if (c.kind === "pct" && recomputed.has(c.pct)) continue
    const lines = checkRows(block, info, i)
    const perUnit = new Array<ReadonlyArray<bigint>>(moving.length)
    for (let j = 0; j < moving.length; j++) perUnit[j] = unitRow(lines, moving[j]!)
    const rows = lines.rows
    for (let n = 0; n < rows.length; n++) {
      const r = rows[n]!
      const a = new Array<bigint>(m)
      for (let j = 0; j < moving.length; j++) a[j] = perUnit[j]![n]!
      if (latent >= 0) a[m - 1] = lines.latent[n]!
      ;(r.eq ? eqs : les).push({ a, b: r.b })
    }
  }
}

/** The cells whose counts must not go negative: each unit's primary and linked cells, once each, in that order. */
const nonNegativeCells = (units: ReadonlyArray<Unit>): Array<number> => {
  const nonNegative: Array<number> = []
  for (let t = 0; t < units.length; t++) {
    const u = units[t]!
    if (!nonNegative.includes(u.primary)) nonNegative.push(u.primary)
    const linked = u.linked
    for (let q = 0; q < linked.length; q++) if (!nonNegative.includes(linked[q]![0])) nonNegative.push(linked[q]![0])
  }
  return nonNegative
}
/** Counts are not negative (each unit's primary and linked cells, once each, in that order). */
const nonNegativeRows = (block: Block, units: ReadonlyArray<Unit>, affine: Affine, les: Array<Lin>): void => {
  const nonNegative = nonNegativeCells(units)
  for (let t = 0; t < nonNegative.length; t++) {
    const cell = nonNegative[t]!
    if (block.cells[cell]!.kind !== "count") continue
    const form = affine(cell)
    const a = form[0]
    const negated = new Array<bigint>(a.length)
    for (let j = 0; j < a.length; j++) negated[j] = -a[j]!
    les.push({ a: negated, b: form[1] })
  }
}

/**
 * A candidate set of one moving unit and no latent total: one unknown x (the unit's change), every
 * row a bound on it — a·x = b fixes x (when a divides b), a·x ≤ b caps it from above (a > 0) or
 * below (a < 0), a row with a = 0 holds or makes the set infeasible. Read straight from the cached
 * rows as doubles (every coefficient and right-hand side a safe integer, so each quotient below is
 * exact), without building the rows or running the elimination: the same answer as `solve(1, …)`
 * where it is "none" or a list of points (the same points, in the same order). Where the solver
 * would answer otherwise (no bound on a side, more than the solver's listing limit of values) or a
 * figure is not a safe integer, `solution` is null and the caller asks the solver. The row counts
 * and fixed verdicts are systemOf's (`rowCount` is what the work bound charges).
 * test/diagnose/shortcuts.test.ts compares the search with and without it.
 */
const ONE_LIMIT = 4000
/** oneUnknown's answer: none, one point, or every integer of low…high (each a point [x], ascending). */
type OneSolution = { readonly kind: "none" } | { readonly kind: "points"; readonly points: ReadonlyArray<ReadonlyArray<bigint>> } | { readonly kind: "range"; readonly low: number; readonly high: number }
/** A range this long or longer is judged run by run (judgeRange); a shorter one point by point. */
const RANGE_MIN = 8
const oneUnknown = (block: Block, info: BlockInfo, units: ReadonlyArray<Unit>, unknowns: Unknowns, touched: ReadonlyArray<number>): { rowCount: number; fixedFeasible: boolean; fixedHold: boolean; solution: OneSolution | null } => {
  const { constraints, cells } = block
  const u = unknowns.moving[0]!
  const recomputed = unknowns.recomputed
  let rows = 0
  let none = false
  let safe = true
  let fixed: number | null = null
  let low = -Infinity
  let high = Infinity
  const bound = (a: number, b: number, eq: boolean) => {
    if (!Number.isSafeInteger(a)) {
      safe = false
      return
    }
    if (eq) {
      if (a === 0) {
        if (b !== 0) none = true
      } else if (b % a !== 0) none = true
      else {
        const x = b / a
        if (fixed !== null && x !== fixed) none = true
        fixed = x
      }
    } else if (a === 0) {
      if (b < 0) none = true
    } else if (a > 0) {
      const h = floorQuotientOf(b, a)
      if (h < high) high = h
    } else {
      const l = -floorQuotientOf(-b, a)
      if (l > low) low = l
    }
  }
  for (let t = 0; t < touched.length; t++) {
    const i = touched[t]!
    const c = constraints[i]!
    if (c.kind === "pct" && recomputed.has(c.pct)) continue
    if (none) {
      // Already infeasible (a subset of the rows has no solution): the rest are only counted, as
      // rowsOf gives them (a sum or difference one row, a stated percentage three, a percentage sum none).
      rows += c.kind === "psum" ? 0 : c.kind === "pct" ? 3 : 1
      continue
    }
    const lines = checkRows(block, info, i)
    const coefs = unitRow(lines, u)
    const bs = lines.bNumber
    const n = lines.rows.length
    rows += n
    if (bs === null) safe = false
    else for (let r = 0; r < n; r++) bound(Number(coefs[r]!), bs[r]!, lines.rows[r]!.eq)
  }
  // Counts are not negative: −(Σ the cell's coefficients)·x ≤ stated, for nonNegativeRows' cells.
  const nonNegative = nonNegativeCells(units)
  for (let t = 0; t < nonNegative.length; t++) {
    const cell = nonNegative[t]!
    if (cells[cell]!.kind !== "count") continue
    rows++
    const terms = unknowns.coefs.get(cell)
    let a = 0n
    if (terms !== undefined) for (let q = 0; q < terms.length; q++) a += terms[q]![1]
    const b = cells[cell]!.stated ?? 0
    if (!Number.isSafeInteger(b)) safe = false
    else bound(-Number(a), b, false)
  }
  const fixedTotals = untouchedTotals(block, info, touched)
  const out = { rowCount: rows + fixedTotals.eqs + fixedTotals.les, fixedFeasible: fixedTotals.feasible, fixedHold: fixedTotals.hold, solution: null as OneSolution | null }
  if (none) out.solution = { kind: "none" }
  else if (!safe) return out
  else if (fixed !== null) out.solution = fixed >= low && fixed <= high ? { kind: "points", points: [[BigInt(fixed)]] } : { kind: "none" }
  else if (low > high) out.solution = { kind: "none" }
  else if (low !== -Infinity && high !== Infinity && high - low + 1 <= ONE_LIMIT) out.solution = { kind: "range", low, high }
  return out
}
/** The points [x] for x from low to high, as the solver lists them. */
const pointsOf = (low: number, high: number): Array<Array<bigint>> => {
  const points: Array<Array<bigint>> = []
  for (let x = low; x <= high; x++) points.push([BigInt(x)])
  return points
}
/** ⌊b / a⌋ for safe integers, a > 0 or a < 0, exactly: the remainder of doubles is exact, and so is the division of b less it. */
const floorQuotientOf = (b: number, a: number): number => {
  const r = b % a
  const q = (b - r) / a
  return r !== 0 && (b < 0) !== (a < 0) ? q - 1 : q
}

const evaluate = (block: Block, units: ReadonlyArray<Unit>): Outcome => {
  const info = infoOf(block)
  const unknowns = unknownsOf(info, units)
  const touched = touchedChecks(block, info, unknowns)
  if (shortcuts.oneUnknown && unknowns.m === 1 && unknowns.latent < 0) {
    // One unit's change the only unknown: its rows are bounds on one integer, solved as they are
    // read (oneUnknown); a system it does not settle (unbounded, or more values than are listed)
    // goes to the solver, charged once.
    const direct = oneUnknown(block, info, units, unknowns, touched)
    spend(SOLVE_WORK + direct.rowCount)
    if (!direct.fixedFeasible) return { kind: "none" }
    if (direct.solution !== null) {
      shortcuts.oneSolved++
      if (direct.solution.kind === "none") return { kind: "none" }
      const judging = judgingOf(block, info, units, unknowns, touched, direct.fixedHold)
      const solution = direct.solution
      const found = solution.kind === "points"
        ? judging.judgeAll(solution.points)
        : (shortcuts.rangeJudging && solution.high - solution.low + 1 >= RANGE_MIN ? judging.judgeRange(solution.low, solution.high) : null) ?? judging.judgeAll(pointsOf(solution.low, solution.high))
      return found.length === 0 ? { kind: "none" } : { kind: "found", explanations: settleJudged(units, judging.listed, judging.freeCost, judging.freePattern, found) }
    }
    const affine = affineOf(block.cells, unknowns)
    return solved(block, info, units, unknowns, touched, affine, systemOf(block, info, units, unknowns, touched, affine))
  }
  if (shortcuts.twoUnknowns && unknowns.m === 2) {
    // Two unknowns that two independent equalities fix: one point or none, without the elimination.
    const direct = twoUnknowns(block, info, units, unknowns, touched)
    spend(SOLVE_WORK + direct.rowCount)
    if (!direct.fixedFeasible) return { kind: "none" }
    if (direct.point !== undefined) {
      shortcuts.twoSolved++
      if (direct.point === null) return { kind: "none" }
      const judging = judgingOf(block, info, units, unknowns, touched, direct.fixedHold)
      const found = judging.judgeAll([direct.point])
      return found.length === 0 ? { kind: "none" } : { kind: "found", explanations: settleJudged(units, judging.listed, judging.freeCost, judging.freePattern, found) }
    }
    const affine = affineOf(block.cells, unknowns)
    return solved(block, info, units, unknowns, touched, affine, systemOf(block, info, units, unknowns, touched, affine))
  }
  const affine = affineOf(block.cells, unknowns)
  const system = systemOf(block, info, units, unknowns, touched, affine)
  spend(SOLVE_WORK + system.rowCount)
  // A fixed row that cannot hold makes the system infeasible, as the solver would find.
  if (!system.fixedFeasible) return { kind: "none" }
  return solved(block, info, units, unknowns, touched, affine, system)
}

/**
 * A candidate set of two unknowns (two moving units, or one and the latent total) whose equalities
 * include two independent ones (a non-zero determinant): the rational solution is then unique, so
 * the integer solutions are that point, if it is integral and every other row holds there, or none
 * — what `solve(2, …)` lists (its elimination finds exactly the integer solutions). The rows are
 * read from the cached parts (touchedRows' and nonNegativeRows' rows, in BigInt) without building
 * them. `point` is undefined where the equalities leave a figure free (the caller asks the solver);
 * null for none. test/diagnose/range-judging.test.ts compares it set by set with the solver's answer.
 */
const twoUnknowns = (block: Block, info: BlockInfo, units: ReadonlyArray<Unit>, unknowns: Unknowns, touched: ReadonlyArray<number>): { rowCount: number; fixedFeasible: boolean; fixedHold: boolean; point: Array<bigint> | null | undefined } => {
  const { constraints, cells } = block
  const { moving, latent, recomputed } = unknowns
  // Every row as (a0, a1, b, equality), flat.
  const a0: Array<bigint> = []
  const a1: Array<bigint> = []
  const bs: Array<bigint> = []
  const eq: Array<boolean> = []
  for (let t = 0; t < touched.length; t++) {
    const i = touched[t]!
    const c = constraints[i]!
    if (c.kind === "pct" && recomputed.has(c.pct)) continue
    const lines = checkRows(block, info, i)
    const first = unitRow(lines, moving[0]!)
    const second = latent >= 0 ? lines.latent : unitRow(lines, moving[1]!)
    const rows = lines.rows
    for (let n = 0; n < rows.length; n++) {
      a0.push(first[n]!)
      a1.push(second[n]!)
      bs.push(rows[n]!.b)
      eq.push(rows[n]!.eq)
    }
  }
  const nonNegative = nonNegativeCells(units)
  for (let t = 0; t < nonNegative.length; t++) {
    const cell = nonNegative[t]!
    if (cells[cell]!.kind !== "count") continue
    const terms = unknowns.coefs.get(cell)
    let c0 = 0n
    let c1 = 0n
    if (terms !== undefined) for (let q = 0; q < terms.length; q++) terms[q]![0] === 0 ? (c0 += terms[q]![1]) : (c1 += terms[q]![1])
    a0.push(-c0)
    a1.push(-c1)
    bs.push(BigInt(cells[cell]!.stated ?? 0))
    eq.push(false)
  }
  const fixed = untouchedTotals(block, info, touched)
  const out: { rowCount: number; fixedFeasible: boolean; fixedHold: boolean; point: Array<bigint> | null | undefined } = { rowCount: bs.length + fixed.eqs + fixed.les, fixedFeasible: fixed.feasible, fixedHold: fixed.hold, point: undefined }
  // Two equalities with a non-zero determinant.
  let p = -1
  let q = -1
  let det = 0n
  for (let i = 0; i < bs.length && q < 0; i++) {
    if (!eq[i]) continue
    if (p < 0) {
      if (a0[i] !== 0n || a1[i] !== 0n) p = i
      continue
    }
    det = a0[p]! * a1[i]! - a0[i]! * a1[p]!
    if (det !== 0n) q = i
  }
  if (q < 0) return out
  const nx = bs[p]! * a1[q]! - bs[q]! * a1[p]!
  const ny = a0[p]! * bs[q]! - a0[q]! * bs[p]!
  if (nx % det !== 0n || ny % det !== 0n) {
    out.point = null
    return out
  }
  const x = nx / det
  const y = ny / det
  for (let i = 0; i < bs.length; i++) {
    const lhs = a0[i]! * x + a1[i]! * y
    if (eq[i] ? lhs !== bs[i] : lhs > bs[i]!) {
      out.point = null
      return out
    }
  }
  out.point = [x, y]
  return out
}

/** `evaluate` once the system is built and charged: solved, its points judged and weighed. */
const solved = (block: Block, info: BlockInfo, units: ReadonlyArray<Unit>, unknowns: Unknowns, touched: ReadonlyArray<number>, affine: Affine, system: System): Outcome => {
  // A latent-only set's walk ends at its first passing point (judgeAll): the solver hands its points
  // over one by one and builds none after that one.
  if (shortcuts.firstPoint && shortcuts.latentStop && unknowns.latent >= 0 && unknowns.m === 1) return latentOnly(block, info, units, unknowns, touched, system)
  const solution = solve(unknowns.m, system.eqs, system.les)
  if (solution.kind === "none") return { kind: "none" }
  if (solution.kind === "undecided") return { kind: "undecided", reason: solution.reason }
  // Most candidate sets end above (no solution): what judging and weighing points needs is built
  // only for the sets that have some.
  const judging = judgingOf(block, info, units, unknowns, touched, system.fixedHold)
  if (solution.kind === "points") {
    const found = judging.judgeAll(solution.points)
    return found.length === 0 ? { kind: "none" } : { kind: "found", explanations: settleJudged(units, judging.listed, judging.freeCost, judging.freePattern, found) }
  }
  return { kind: "found", explanations: familyExplanations(block, units, unknowns, affine, system, judging, solution.low, solution.high, solution.bounded) }
}

/** `evaluate` for a set whose only unknown is the latent total, its points judged as the solver finds them. */
const latentOnly = (block: Block, info: BlockInfo, units: ReadonlyArray<Unit>, unknowns: Unknowns, touched: ReadonlyArray<number>, system: System): Outcome => {
  const judging = judgingOf(block, info, units, unknowns, touched, system.fixedHold)
  const found: Array<Judged> = []
  shortcuts.lazyWalks++
  const solution = solve(unknowns.m, system.eqs, system.les, undefined, undefined, judging.firstPassing(found))
  if (solution.kind === "undecided") return { kind: "undecided", reason: solution.reason }
  if (solution.kind === "many") return { kind: "found", explanations: familyExplanations(block, units, unknowns, affineOf(block.cells, unknowns), system, judging, solution.low, solution.high, solution.bounded) }
  if (found.length > 0) shortcuts.stopped++
  return found.length === 0 ? { kind: "none" } : { kind: "found", explanations: settleJudged(units, judging.listed, judging.freeCost, judging.freePattern, found) }
}

/** What judging a candidate set's points needs, built once per set that has solutions. */
interface Judging {
  /** The cells an explanation lists (in the units' order, once each). */
  readonly listed: ReadonlyArray<number>
  readonly freeCost: number
  readonly freePattern: Pattern | null
  /** Judges points; those differing only in the latent total count once (the first that passes). */
  readonly judgeAll: (points: ReadonlyArray<ReadonlyArray<bigint>>) => Array<Judged>
  /**
   * For solve's `first`: judges one point (charged as judgeAll charges it), keeps it in `out` if it
   * passes and then asks for no more. judgeAll's walk where every point has the same key (a latent
   * total the only other unknown) — it ends, or skips every later point, at the first that passes.
   */
  readonly firstPassing: (out: Array<Judged>) => (point: ReadonlyArray<bigint>) => boolean
  /** judgeAll of every integer point low…high of a one-unknown set, judging few of them; null where it cannot. */
  readonly judgeRange: (low: number, high: number) => Array<Judged> | null
}

const auditImplied = (touched: ReadonlyArray<number>, judged: ReadonlyArray<number>, constraints: ReadonlyArray<Constraint>, get: (cell: number) => number, cells: ReadonlyArray<Cell>): void => {
  for (const i of touched) {
    if (judged.includes(i)) continue
    impliedAudit.checked++
    if (!holds(constraints[i]!, get, cells)) impliedAudit.failed++
  }
}

/** A recomputed percentage's counts along a one-unknown range: votes v0 + a·x, total t0 + b·x, S = 100·10^d. */
export interface RoundedForm {
  readonly S: bigint
  readonly v0: bigint
  readonly a: bigint
  readonly t0: bigint
  readonly b: bigint
}
/**
 * The last x′ ≥ x at which the percentage still rounds to `p`, its value at x (Infinity: none).
 * ⌊(2S·v + T) / 2T⌋ = p with T > 0 is (2p − 1)·T ≤ 2S·v and 2S·v < (2p + 1)·T: two linear
 * inequalities α·x′ ≤ β in x′, which hold from x on up to the least ⌊β/α⌋ of those with α > 0
 * (one with α ≤ 0 bounds x′ from below only, and x satisfies it). BigInt: exact at any size.
 */
export const runEnd = (f: RoundedForm, p: number, x: number): number => {
  const P = BigInt(p)
  const upTo = (alpha: bigint, beta: bigint): bigint | null => (alpha > 0n ? floorBig(beta, alpha) : null)
  const e1 = upTo((2n * P - 1n) * f.b - 2n * f.S * f.a, 2n * f.S * f.v0 - (2n * P - 1n) * f.t0)
  const e2 = upTo(2n * f.S * f.a - (2n * P + 1n) * f.b, (2n * P + 1n) * f.t0 - 2n * f.S * f.v0 - 1n)
  const e = e1 === null ? e2 : e2 === null ? e1 : e1 < e2 ? e1 : e2
  return e === null ? Infinity : Number(e) < x ? x - 1 : Number(e)
}
const floorBig = (b: bigint, a: bigint): bigint => {
  const q = b / a
  return b % a !== 0n && (b < 0n) !== (a < 0n) ? q - 1n : q
}

const judgingOf = (block: Block, info: BlockInfo, units: ReadonlyArray<Unit>, unknowns: Unknowns, touched: ReadonlyArray<number>, fixedHold: boolean): Judging => {
  const { cells, constraints } = block
  const { m, latent, coefs, recomputed } = unknowns
  const isPrimary = (cell: number) => {
    for (let t = 0; t < units.length; t++) if (units[t]!.primary === cell) return true
    return false
  }
  // (Most sets recompute no percentage: the block's list is not filtered for them.)
  const recomputedPcts = recomputed.size === 0 ? NO_PCTS : info.pcts.filter((c) => recomputed.has(c.pct))
  const coefList: Array<readonly [number, Array<readonly [number, bigint]>, bigint]> = []
  for (const [cell, terms] of coefs) coefList.push([cell, terms, BigInt(cells[cell]!.stated ?? 0)])
  // The values at the point being judged: one array per candidate set, every moving and recomputed
  // cell overwritten at each point (the others keep their stated value). A Float64Array, not an
  // Array copy: an Array's elements kind (small integers, doubles) differed from set to set and
  // deoptimised valueAt/judge/evaluate over and over (issue 8, part P); every value is a double anyway.
  const values = new Float64Array(info.statedValues)
  const get = (cell: number) => values[cell]!
  const at = { get }
  // Whether every figure the last valueAt wrote is within ±SMALL (impliedByRows).
  let small = true
  const valueAt = (point: ReadonlyArray<bigint>) => {
    small = true
    // Each moving cell's value, stated + Σ coef·point[j] over its own terms (the same sum as its
    // affine form's, without the zero coefficients).
    for (let t = 0; t < coefList.length; t++) {
      const entry = coefList[t]!
      const terms = entry[1]
      let s = entry[2]
      for (let q = 0; q < terms.length; q++) s += terms[q]![1] * point[terms[q]![0]]!
      const v = Number(s)
      if (v > SMALL || v < -SMALL) small = false
      values[entry[0]] = v
    }
    return recompute() ? at : null
  }
  /** The recomputed percentages from the counts in `values`; false where a total is not positive. */
  const recompute = (): boolean => {
    for (let r = 0; r < recomputedPcts.length; r++) {
      const c = recomputedPcts[r]!
      const total = get(c.total)
      if (total <= 0) return false
      const d = cells[c.pct]!.decimals
      const rounded = roundedPercent(get(c.votes), total, d)
      // Where truncation is allowed and the truncated figure is one typo away from the stated one
      // (and the rounded is not), the article truncated: the truncated figure is the one it implies.
      // (Computed only where it can matter: a truncating check on a unit's own percentage.)
      if (c.truncation && isPrimary(c.pct)) {
        const truncated = truncatedPercent(get(c.votes), total, d)
        const stated = cells[c.pct]!.stated!
        const typoTruncated = truncated !== rounded && typoPattern(stated, truncated) !== null && typoPattern(stated, rounded) === null
        values[c.pct] = typoTruncated ? truncated : rounded
      } else values[c.pct] = rounded
      if (values[c.pct]! > SMALL || values[c.pct]! < -SMALL) small = false
    }
    return true
  }
  // What judging a point needs of the units, listed once per candidate set: the cells that must
  // move (each unit's primary, linked and recomputed cells) with their stated values, each unit's
  // number of dependent cells, and the cells an explanation lists (in the units' order, once each).
  const mustMove: Array<number> = []
  const dependents: Array<number> = []
  for (let t = 0; t < units.length; t++) {
    const u = units[t]!
    mustMove.push(u.primary)
    let n = 0
    for (let q = 0; q < u.linked.length; q++) {
      const c = u.linked[q]![0]
      if (c !== u.primary) mustMove.push(c), n++
    }
    for (let q = 0; q < u.recomputed.length; q++) {
      const c = u.recomputed[q]!
      if (c !== u.primary) mustMove.push(c), n++
    }
    dependents.push(n)
  }
  const mustMoveStated = mustMove.map((c) => cells[c]!.stated)
  const judged = touched.filter((i) => !impliedByRows(info, constraints[i]!, recomputed))
  const listed: Array<number> = []
  for (let t = 0; t < units.length; t++) {
    const own = unitCells(units[t]!)
    for (let q = 0; q < own.length; q++) if (!listed.includes(own[q]!)) listed.push(own[q]!)
  }
  const judge = (point: ReadonlyArray<bigint>): Judged | null => {
    // The checks no moving cell touches hold at every point as they hold as stated.
    if (!fixedHold) return null
    const at = valueAt(point)
    if (at === null) return null
    // A point that leaves a unit's cell at its stated value is no explanation of that unit: that
    // cheap test runs before the block's checks (most rejected points fail it; same verdicts).
    for (let i = 0; i < mustMove.length; i++) if (values[mustMove[i]!] === mustMoveStated[i]) return null
    // The checks the rows imply hold at every point (impliedByRows): only the others are judged,
    // unless a figure is too large for that argument.
    if (small) {
      shortcuts.checksSkipped += touched.length - judged.length
      if (impliedAudit.on) auditImplied(touched, judged, constraints, get, cells)
    }
    const checks = small ? judged : touched
    for (let t = 0; t < checks.length; t++) if (!holds(constraints[checks[t]!]!, get, cells)) return null
    let cost = 0
    let pattern: Pattern | null = null
    for (let i = 0; i < units.length; i++) {
      const u = units[i]!
      const w = unitWeight(block, u, values[u.primary]!)
      cost += w.weight
      pattern = pattern ?? w.pattern
      // One addition per dependent cell, in the same order as ever (the same floating-point sum).
      for (let n = dependents[i]!; n > 0; n--) cost += WEIGHT.dependent
    }
    // The listed cells' values only: a family of solutions can pass thousands of points, of which
    // settle keeps one or their bounds (`explain` builds an explanation when one is kept).
    const kept: Array<number> = new Array(listed.length)
    for (let i = 0; i < listed.length; i++) kept[i] = values[listed[i]!]!
    return { values: kept, cost, pattern }
  }
  /**
   * Each recomputed percentage's votes and total as v0 + a·x and T0 + b·x (BigInt), where every
   * point of low…high has votes ≥ 0, a positive total, whole decimals 0…6 and figures small enough
   * for roundedPercent's exact double path (so it is ⌊(2S·v + T) / 2T⌋, S = 100·10^d), and no
   * truncated figure can replace the rounded one; else null. Affine figures take their extremes at
   * the ends, so the ends are what is checked.
   */
  const recomputedForms = (low: number, high: number): Array<RoundedForm> | null => {
    const forms: Array<RoundedForm> = []
    for (let r = 0; r < recomputedPcts.length; r++) {
      const c = recomputedPcts[r]!
      const d = cells[c.pct]!.decimals
      if (c.truncation && isPrimary(c.pct)) return null
      if (!Number.isInteger(d) || d < 0 || d > 6) return null
      const S = 100 * 10 ** d
      const form = (cell: number): readonly [number, number] => {
        const t = coefList.findIndex((e) => e[0] === cell)
        if (t < 0) return [info.statedValues[cell]!, 0]
        let a = 0n
        for (let q = 0; q < coefList[t]![1].length; q++) a += coefList[t]![1][q]![1]
        return [Number(coefList[t]![2]), Number(a)]
      }
      const [v0, a] = form(c.votes)
      const [t0, b] = form(c.total)
      for (const x of [low, high]) {
        const v = v0 + a * x
        const T = t0 + b * x
        if (!(Number.isSafeInteger(v) && Number.isSafeInteger(T) && v >= 0 && T > 0 && 2 * v * S + 3 * T <= Number.MAX_SAFE_INTEGER)) return null
      }
      forms.push({ S: BigInt(S), v0: BigInt(v0), a: BigInt(a), t0: BigInt(t0), b: BigInt(b) })
    }
    return forms
  }
  /**
   * judgeAll over every integer x from `low` to `high` of a one-unknown set (x its one unit's change,
   * no latent total), judging only the points settle can tell apart (rangeJudging), or null where the
   * argument below does not apply (the caller then judges every point). The points are cut into runs
   * over which every recomputed percentage keeps one value (each point's values computed in doubles,
   * exact: every figure a safe integer; x = 0 a run of its own). Within a run every verdict is the
   * run's: the checks judged read no moving cell (only recomputed and unmoved figures, constant over
   * the run), a moving cell's coefficient is not 0 so it differs from its stated value at every x ≠ 0
   * (and x = 0 fails mustMove), and every figure stays within ±SMALL (else judging reads more checks).
   * A passing run's points then differ only in the moving cells (affine in x: extremes at the run's
   * ends) and in their cost, which is the run's except at a typo of the unit's primary (every value
   * typoPattern accepts is among `typoSuperset`'s). So judging, for each run, its first point, and for a
   * passing run also its last, its first two points that are not typos and every typo point, gives
   * settleJudged the same cheapest points, the same first of them, whether two or more are cheapest
   * (points differ in x, so in the primary) and the same bounds. Every point is charged as judgeAll
   * charges it; a judged point of a passing run that fails returns null (the long way decides).
   */
  const judgeRange = (low: number, high: number): Array<Judged> | null => {
    if (m !== 1 || latent >= 0 || !fixedHold) return null
    const movedCells: Array<number> = []
    const movedCoef: Array<number> = []
    const movedStated: Array<number> = []
    const reach = Math.max(Math.abs(low), Math.abs(high))
    for (let t = 0; t < coefList.length; t++) {
      const entry = coefList[t]!
      let a = 0n
      for (let q = 0; q < entry[1].length; q++) a += entry[1][q]![1]
      const coef = Number(a)
      const stated = Number(entry[2])
      if (coef === 0 || recomputed.has(entry[0]) || !(Math.abs(stated) + Math.abs(coef) * reach <= Number.MAX_SAFE_INTEGER)) return null
      movedCells.push(entry[0])
      movedCoef.push(coef)
      movedStated.push(stated)
    }
    for (let t = 0; t < judged.length; t++) {
      const c = constraints[judged[t]!]!
      const read = constraintCells(c)
      for (let q = 0; q < read.length; q++) if (coefs.has(read[q]!)) return null
    }
    const primary = unknowns.moving[0]!.primary
    const p = movedCells.indexOf(primary)
    if (p < 0) return null
    // The runs: (start, end, whether the run's recomputed values could be computed) triples.
    const runs: Array<number> = []
    const at = (x: number) => {
      small = true
      for (let t = 0; t < movedCells.length; t++) values[movedCells[t]!] = movedStated[t]! + movedCoef[t]! * x
      return recompute()
    }
    // Every moving figure within ±SMALL over the range (affine: at its ends), as judging needs to read only `judged`.
    let inside = true
    for (let t = 0; t < movedCells.length; t++) {
      for (const x of [low, high]) {
        const v = movedStated[t]! + movedCoef[t]! * x
        if (v > SMALL || v < -SMALL) inside = false
      }
    }
    const forms = inside ? recomputedForms(low, high) : null
    if (forms !== null) {
      // Each run's end from the rounding's own inequalities (runEnd): no point is visited in between.
      shortcuts.rangesByRounding++
      for (let x = low; x <= high;) {
        if (!at(x) || !small) return null
        let end = x < 0 ? Math.min(high, -1) : x === 0 ? 0 : high
        for (let r = 0; r < forms.length; r++) {
          const e = runEnd(forms[r]!, values[recomputedPcts[r]!.pct]!, x)
          if (e < x) return null
          if (e < end) end = e
        }
        runs.push(x, end, 1)
        x = end + 1
      }
    } else {
      const k = recomputedPcts.length
      const last = new Float64Array(k)
      let lastOk = false
      let start = low
      for (let x = low; x <= high; x++) {
        const ok = at(x)
        if (ok && !small) return null
        let same = x !== low && x !== 0 && x - 1 !== 0 && ok === lastOk
        if (same && ok) for (let r = 0; r < k && same; r++) same = values[recomputedPcts[r]!.pct] === last[r]
        if (!same) {
          if (x !== low) runs.push(start, x - 1, lastOk ? 1 : 0)
          start = x
          lastOk = ok
          if (ok) for (let r = 0; r < k; r++) last[r] = values[recomputedPcts[r]!.pct]!
        }
      }
      runs.push(start, high, lastOk ? 1 : 0)
    }
    // The x at which the primary takes a value typoPattern may accept.
    const typoX: Array<number> = []
    const statedPrimary = movedStated[p]!
    const coefPrimary = movedCoef[p]!
    const superset = typoSuperset(statedPrimary)
    for (let t = 0; t < superset.length; t++) {
      const d = superset[t]! - statedPrimary
      if (d % coefPrimary === 0) typoX.push(d / coefPrimary)
    }
    const out: Array<Judged> = []
    let judgedPoints = 0
    const judgeAtX = (x: number) => {
      judgedPoints++
      return judge([BigInt(x)])
    }
    for (let r = 0; r < runs.length; r += 3) {
      const from = runs[r]!
      const to = runs[r + 1]!
      // x = 0 leaves the primary at its stated value; a total not positive gives no point.
      if (runs[r + 2] === 0 || (from === 0 && to === 0)) continue
      const first = judgeAtX(from)
      if (first === null) continue
      const xs: Array<number> = [to]
      for (let t = 0; t < typoX.length; t++) if (typoX[t]! > from && typoX[t]! <= to) xs.push(typoX[t]!)
      xs.sort((a, b) => a - b)
      out.push(first)
      for (let t = 0; t < xs.length; t++) {
        const x = xs[t]!
        if (x === from || (t > 0 && x === xs[t - 1])) continue
        const e = judgeAtX(x)
        if (e === null) return null
        out.push(e)
      }
    }
    spendPoints(high - low + 1, judgeCost)
    shortcuts.rangeJudged++
    shortcuts.pointsNotJudged += high - low + 1 - judgedPoints
    return out
  }
  // The same sum, in the same order, as a reduce over the units (unitCells lists each cell once).
  let freeCost = 0
  let freePattern: Pattern | null = null
  for (let t = 0; t < units.length; t++) {
    const u = units[t]!
    freeCost = freeCost + (cells[u.primary]!.copy !== null ? WEIGHT.copy : WEIGHT.free) + WEIGHT.dependent * (unitCells(u).length - 1)
    if (freePattern === null) freePattern = cells[u.primary]!.copy
  }
  /** Judging a point evaluates every constraint of the block: its work grows with them. */
  const judgeCost = 1 + Math.ceil(constraints.length / 10)
  const judgeAll = (points: ReadonlyArray<ReadonlyArray<bigint>>): Array<Judged> => {
    const seen = new Set<string>()
    const out: Array<Judged> = []
    for (let n = 0; n < points.length; n++) {
      const p = points[n]!
      // The key of the unknowns before the latent total: with none (m = 1) every point shares the
      // key "", so once one passes every later one would be skipped, and the walk stops there; with
      // one, its value as text (what the one-element join gives).
      const key = latent < 0 || m === 1 ? "" : m === 2 ? `${p[0]!}` : p.slice(0, m - 1).join(",")
      if (latent >= 0 && seen.has(key)) continue
      spend(judgeCost)
      const e = judge(p)
      if (e === null) continue
      if (latent >= 0) seen.add(key)
      out.push(e)
      if (latent >= 0 && m === 1 && shortcuts.latentStop && n < points.length - 1) {
        shortcuts.stopped++
        break
      }
    }
    return out
  }
  const firstPassing = (out: Array<Judged>) => (p: ReadonlyArray<bigint>): boolean => {
    spend(judgeCost)
    const e = judge(p)
    if (e === null) return false
    out.push(e)
    return true
  }
  return { listed, freeCost, freePattern, judgeAll, firstPassing, judgeRange }
}

/**
 * Too many solutions to list: the typo candidates of each unit, pinned one at a time, and the
 * whole family (every unit changed freely) summarised by its exact bounds (`low`, `high`: the
 * solver's extreme points).
 */
const familyExplanations = (
  block: Block, units: ReadonlyArray<Unit>, unknowns: Unknowns, affine: Affine, system: System, judging: Judging,
  low: ReadonlyArray<bigint>, high: ReadonlyArray<bigint>, bounded: boolean
): Array<Explanation> => {
  const { cells } = block
  const { m } = unknowns
  const found: Array<Explanation> = []
  unknowns.moving.forEach((u, j) => {
    const cell = cells[u.primary]!
    for (const candidate of typoCandidates(cell.stated!, cell.kind === "signed")) {
      spend(SOLVE_WORK + system.rowCount)
      const d = BigInt(candidate - cell.stated!)
      // Outside the family's bounds no solution has this change: the pinned system has none, and
      // the solver, which lists only solutions, would list no point (only listed points count).
      if (shortcuts.pinBounds && bounded && (d < low[j]! || d > high[j]!)) {
        shortcuts.pinsSkipped++
        continue
      }
      const a = Array.from({ length: m }, (_, i) => (i === j ? 1n : 0n))
      if (shortcuts.firstPoint && unknowns.latent >= 0 && m === 2) {
        // The one unit pinned, every point has the same key (its change): judgeAll would skip
        // every point after the first that passes, so the solver stops there.
        const passed: Array<Judged> = []
        shortcuts.lazyWalks++
        solve(m, [...system.eqs, { a, b: d }], system.les, undefined, undefined, judging.firstPassing(passed))
        for (const p of passed) found.push(explainJudged(units, judging.listed, p))
        continue
      }
      const pinned = solve(m, [...system.eqs, { a, b: d }], system.les)
      if (pinned.kind === "points") for (const j of judging.judgeAll(pinned.points)) found.push(explainJudged(units, judging.listed, j))
    }
  })
  const family = units.flatMap(unitCells).filter((c, i, all) => all.indexOf(c) === i).map((cell): Change => {
    const [a, k] = affine(cell)
    const ends = [low, high].map((p) => Number(a.reduce((s, x, j) => s + x * p[j]!, k)))
    if (block.cells[cell]!.kind === "percent" && unknowns.recomputed.has(cell)) return { cell, value: null, low: NaN, high: NaN }
    return { cell, value: null, low: Math.min(...ends), high: Math.max(...ends) }
  })
  return settleExplanations(units, judging.freePattern, found, judging.freeCost, completeRanges(block, family))
}

/** A recomputed percentage follows its counts: its range comes from the counts' ends. */
const completeRanges = (block: Block, family: ReadonlyArray<Change>): Array<Change> => {
  const { cells, constraints } = block
  const rangeOf = new Map(family.map((c) => [c.cell, c]))
  return family.flatMap((c) => {
    if (!Number.isNaN(c.low)) return [c]
    const con = constraints.find((x): x is Extract<Constraint, { kind: "pct" }> => x.kind === "pct" && x.pct === c.cell)
    // A percentage no check ties to its counts (e.g. its round's total is 0) has no range to give.
    if (con === undefined) return []
    const v = rangeOf.get(con.votes)
    const t = rangeOf.get(con.total)
    const vs = v ? [v.low, v.high] : [cells[con.votes]!.stated!]
    const ts = t ? [t.low, t.high] : [cells[con.total]!.stated ?? 1]
    const values = vs.flatMap((x) => ts.map((y) => roundedPercent(x, Math.max(1, y), cells[c.cell]!.decimals)))
    return [{ ...c, low: Math.min(...values), high: Math.max(...values) }]
  })
}

// -------------------------------------------------------------------------------------------------
// The search
// -------------------------------------------------------------------------------------------------

/** Whether any of `cells` is held by a chosen unit. */
const holdsAny = (held: Uint8Array, cells: ReadonlyArray<number>): boolean => {
  for (let t = 0; t < cells.length; t++) if (held[cells[t]!] !== 0) return true
  return false
}

export const localise = (block: Block): Localisation => {
  const violated = violations(block)
  if (violated.length === 0) return { status: "clean" }
  if (block.cells.length > MAX_CELLS) {
    return {
      status: "not-localised",
      violated,
      reason: `the table has ${enUS(block.cells.length)} figures, more than the ${MAX_CELLS} the exact search takes on`
    }
  }
  work = 0
  try {
    return search(block, violated)
  } catch (error) {
    if (!(error instanceof OverBudget)) throw error
    return {
      status: "not-localised",
      violated,
      reason: `the search's work bound (${enUS(MAX_WORK)} candidate values judged) was reached before every explanation of up to ${MAX_FAULTS} faults was tried`
    }
  } finally {
    maxWorkSeen = Math.max(maxWorkSeen, work)
  }
}

/**
 * For the equivalence tests only: one candidate set evaluated on its own (its explanations, or why
 * none), with the work it charged, or "over budget" where it passed the bound.
 */
export const evaluateSet = (block: Block, units: ReadonlyArray<Unit>): { outcome: Outcome | "over budget"; work: number } => {
  work = 0
  try {
    return { outcome: evaluate(block, units), work }
  } catch (error) {
    if (!(error instanceof OverBudget)) throw error
    return { outcome: "over budget", work }
  }
}

/** The most work one block has needed in this process (for tests and benchmarks). */
export let maxWorkSeen = 0

const search = (block: Block, violated: ReturnType<typeof violations>): Localisation => {
  const failing = new Set(violated)
  const { checksOf } = infoOf(block)
  // Each unit with the failing checks its cells touch (the units that touch none are no candidates).
  const seen = new Int32Array(block.constraints.length).fill(-1)
  const candidates = block.units
    .map((u, n) => {
      const t: Array<number> = []
      const own = unitCells(u)
      for (let q = 0; q < own.length; q++) {
        const checks = checksOf[own[q]!]!
        for (let r = 0; r < checks.length; r++) {
          const i = checks[r]!
          if (seen[i] === n || !failing.has(i)) continue
          seen[i] = n
          t.push(i)
        }
      }
      return { u, t }
    })
    .filter((x) => x.t.length > 0)
  let examined = 0
  let undecided = 0
  let lastReason = ""
  // Each candidate's failing checks as a bit set (words of 32), the union of every candidate's from
  // the i-th on, and which candidates share a cell: a partial choice that already shares a cell, or
  // that the candidates left can no longer complete to cover every failing check, is not extended.
  // The sets evaluated, and their order, are those of the plain enumeration (which rejected such
  // sets one by one before counting them).
  const slot = new Map(violated.map((v, i) => [v, i]))
  const words = Math.ceil(violated.length / 32)
  const n = candidates.length
  const cover = candidates.map((x) => {
    const bits = new Uint32Array(words)
    for (const i of x.t) {
      const b = slot.get(i)!
      bits[b >>> 5]! |= 1 << (b & 31)
    }
    return bits
  })
  const suffix = Array.from({ length: n + 1 }, () => new Uint32Array(words))
  for (let i = n - 1; i >= 0; i--) for (let w = 0; w < words; w++) suffix[i]![w] = suffix[i + 1]![w]! | cover[i]![w]!
  const full = new Uint32Array(words)
  for (let b = 0; b < violated.length; b++) full[b >>> 5]! |= 1 << (b & 31)
  const cellsOf = candidates.map((x) => unitCells(x.u))
  // How many chosen units hold each cell.
  const held = new Uint8Array(block.cells.length)
  const covering = (have: Uint32Array, from: number) => {
    for (let w = 0; w < words; w++) if (((have[w]! | suffix[from]![w]!) >>> 0) !== full[w]) return false
    return true
  }
  for (let k = 1; k <= MAX_FAULTS; k++) {
    const found: Array<Explanation> = []
    const chosen: Array<number> = []
    const have = Array.from({ length: k + 1 }, () => new Uint32Array(words))
    const visit = (start: number): boolean => {
      if (chosen.length === k) {
        if (++examined > MAX_SETS) return false
        const outcome = evaluate(block, chosen.map((i) => candidates[i]!.u))
        if (outcome.kind === "undecided") {
          undecided++
          lastReason = outcome.reason
        } else if (outcome.kind === "found") found.push(...outcome.explanations)
        return true
      }
      const depth = chosen.length
      const mine = have[depth]!
      const next = have[depth + 1]!
      for (let i = start; i <= n - (k - depth); i++) {
        // Candidates from i on cannot complete the cover: nor can any later start.
        if (!covering(mine, i)) break
        if (holdsAny(held, cellsOf[i]!)) continue
        for (let w = 0; w < words; w++) next[w] = mine[w]! | cover[i]![w]!
        // The last pick must complete the cover itself.
        if (depth + 1 === k && !covering(next, n)) continue
        chosen.push(i)
        const own = cellsOf[i]!
        for (let q = 0; q < own.length; q++) held[own[q]!]!++
        const go = visit(i + 1)
        for (let q = 0; q < own.length; q++) held[own[q]!]!--
        chosen.pop()
        if (!go) return false
      }
      return true
    }
    if (!visit(0)) {
      return { status: "not-localised", violated, reason: `more than ${enUS(MAX_SETS)} candidate sets of ${k} faults would have to be tried (the search's bound)` }
    }
    if (found.length > 0) {
      const best = Math.min(...found.map((e) => e.cost))
      return { status: "located", violated, explanations: found.filter((e) => e.cost <= best + 1e-9), undecided }
    }
    if (undecided > 0) {
      return { status: "not-localised", violated, reason: `${undecided} candidate explanation(s) of ${k} fault(s) could not be decided exactly (${lastReason})` }
    }
  }
  return { status: "not-localised", violated, reason: `no change of up to ${MAX_FAULTS} faults makes every check of the table hold` }
}


/**
 * The exact solver against brute force: random small integer systems (one to three unknowns,
 * equalities with unit and non-unit coefficients, inequalities, every unknown boxed to ±6), solved
 * by `solve` and by trying every point of the box. A listed solution set must be exactly the
 * points that satisfy every row; "none" exactly when no point does; "many" only when more points
 * than the limit do. Guards the solver's shortcuts (a one-free-unknown walk that trusts its exact
 * range instead of re-checking every inequality per value; the inner interval computed without
 * building rows).
 */
import test from "ava"
import fc from "fast-check"
import { type Lin, solve, solverShortcuts } from "../../pipeline/diagnose/solve.ts"

const BOX = 6
const coef = fc.integer({ min: -3, max: 3 }).map(BigInt)
const row = (m: number) => fc.record({ a: fc.array(coef, { minLength: m, maxLength: m }), b: fc.integer({ min: -12, max: 12 }).map(BigInt) })
const system = fc.integer({ min: 1, max: 3 }).chain((m) =>
  fc.record({
    m: fc.constant(m),
    eqs: fc.array(row(m), { maxLength: 2 }),
    les: fc.array(row(m), { maxLength: 4 }),
    limit: fc.integer({ min: 1, max: 60 })
  })
)

const box = (m: number): Array<Lin> =>
  Array.from({ length: m }, (_, j) => [
    { a: Array.from({ length: m }, (_, i) => (i === j ? 1n : 0n)), b: BigInt(BOX) },
    { a: Array.from({ length: m }, (_, i) => (i === j ? -1n : 0n)), b: BigInt(BOX) }
  ]).flat()

const value = (r: Lin, u: ReadonlyArray<bigint>) => r.a.reduce((s, c, j) => s + c * u[j]!, 0n)

const brute = (m: number, eqs: ReadonlyArray<Lin>, les: ReadonlyArray<Lin>): Array<string> => {
  const out: Array<string> = []
  const u = new Array<bigint>(m).fill(0n)
  const walk = (j: number) => {
    if (j === m) {
      if (eqs.every((r) => value(r, u) === r.b) && les.every((r) => value(r, u) <= r.b)) out.push(u.join(","))
      return
    }
    for (let x = -BOX; x <= BOX; x++) {
      u[j] = BigInt(x)
      walk(j + 1)
    }
  }
  walk(0)
  return out.sort()
}

test("solve lists exactly the integer points that satisfy every row (brute force over the box)", (t) => {
  let listed = 0
  fc.assert(
    fc.property(system, ({ m, eqs, les, limit }) => {
      const inequalities = [...les, ...box(m)]
      const expected = brute(m, eqs, inequalities)
      const s = solve(m, eqs, inequalities, limit)
      if (s.kind === "undecided") return true
      if (s.kind === "none") return expected.length === 0
      if (s.kind === "many") return expected.length > limit
      listed++
      return JSON.stringify(s.points.map((p) => p.join(",")).sort()) === JSON.stringify(expected)
    }),
    { numRuns: 1000, seed: 8 }
  )
  t.true(listed > 100, `only ${listed} systems had their solutions listed`)
})

test("a \"many\" answer that says `bounded` holds every integer solution within its low…high (brute force)", (t) => {
  // Small limits and ranges reach every "many" path: the one-free-unknown box, the two-free walk's
  // early stop, intervals counted by their ends, and intervals too wide to walk (not bounded).
  let bounded = 0
  let unbounded = 0
  fc.assert(
    fc.property(system, fc.integer({ min: 1, max: 14 }), ({ m, eqs, les, limit }, maxRange) => {
      const inequalities = [...les, ...box(m)]
      const s = solve(m, eqs, inequalities, Math.min(limit, 8), maxRange)
      if (s.kind !== "many") return true
      if (!s.bounded) {
        unbounded++
        return true
      }
      bounded++
      for (const p of brute(m, eqs, inequalities)) {
        const u = p.split(",").map(BigInt)
        for (let j = 0; j < m; j++) if (u[j]! < s.low[j]! || u[j]! > s.high[j]!) return false
      }
      return true
    }),
    { numRuns: 3000, seed: 9 }
  )
  t.log(`${bounded} bounded, ${unbounded} not`)
  t.true(bounded > 100, `only ${bounded} bounded "many" answers`)
})

test("solve's `first` is handed the listed points in order up to the first it accepts; the answer is otherwise unchanged", (t) => {
  let stoppedEarly = 0
  let walkedAll = 0
  fc.assert(
    fc.property(system, fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 4 }), ({ m, eqs, les, limit }, mod, rest) => {
      const inequalities = [...les, ...box(m)]
      const eager = solve(m, eqs, inequalities, limit)
      const handed: Array<string> = []
      const accept = (p: ReadonlyArray<bigint>) => Number(p.reduce((s, x) => s + (x < 0n ? -x : x), 0n)) % mod === rest % mod
      const lazy = solve(m, eqs, inequalities, limit, 20000, (p) => {
        handed.push(p.join(","))
        return accept(p)
      })
      if (eager.kind !== "points") {
        t.deepEqual(lazy, eager)
        t.deepEqual(handed, [])
        return true
      }
      const all = eager.points.map((p) => p.join(","))
      const stop = eager.points.findIndex(accept)
      const expected = stop < 0 ? all : all.slice(0, stop + 1)
      if (stop >= 0 && stop < all.length - 1) stoppedEarly++
      else walkedAll++
      t.is(lazy.kind, "points")
      t.deepEqual(handed, expected)
      if (lazy.kind === "points") t.deepEqual(lazy.points.map((p) => p.join(",")), expected)
      return true
    }),
    { numRuns: 1500, seed: 10 }
  )
  t.log(`${stoppedEarly} walks stopped early, ${walkedAll} not`)
  t.true(stoppedEarly > 100, `${stoppedEarly} walks stopped early`)
})

test("a two-free walk's points built only once the answer lists them give the long path's whole answer", (t) => {
  const wide = fc.integer({ min: -40, max: 40 }).map(BigInt)
  const row2 = fc.record({ a: fc.array(wide, { minLength: 2, maxLength: 2 }), b: fc.integer({ min: -600, max: 600 }).map(BigInt) })
  let kinds = new Map<string, number>()
  fc.assert(
    fc.property(fc.array(row2, { maxLength: 1 }), fc.array(row2, { minLength: 2, maxLength: 14 }), fc.integer({ min: 1, max: 200 }), (eqs, les, limit) => {
      solverShortcuts.deferPoints = false
      const long = solve(2, eqs, les, limit, 400)
      solverShortcuts.deferPoints = true
      const short = solve(2, eqs, les, limit, 400)
      kinds.set(long.kind, (kinds.get(long.kind) ?? 0) + 1)
      t.deepEqual(short, long)
      return true
    }),
    { numRuns: 4000, seed: 11 }
  )
  solverShortcuts.deferPoints = true
  t.log([...kinds].map(([k, n]) => `${k} ${n}`).join(", "))
  for (const k of ["none", "points", "many", "undecided"]) t.true((kinds.get(k) ?? 0) > 20, `${k}: ${kinds.get(k) ?? 0}`)
})

test("a projection that keeps only the tightest one-unknown row of each side gives the long path's whole answer", (t) => {
  // Systems shaped like a latent total's: many rows in one unknown alone (a percentage's bounds on
  // the total), a few in two or three; both ways of projecting must give equal answers.
  const wide = fc.integer({ min: -40, max: 40 }).map(BigInt)
  const single = (m: number) => fc.tuple(fc.nat(m - 1), fc.integer({ min: -30, max: 30 }).filter((c) => c !== 0), fc.integer({ min: -900, max: 900 })).map(([k, c, b]) => ({ a: Array.from({ length: m }, (_, j) => (j === k ? BigInt(c) : 0n)), b: BigInt(b) }))
  const full = (m: number) => fc.record({ a: fc.array(wide, { minLength: m, maxLength: m }), b: fc.integer({ min: -900, max: 900 }).map(BigInt) })
  const kinds = new Map<string, number>()
  let dropped = 0
  fc.assert(
    fc.property(fc.integer({ min: 2, max: 3 }).chain((m) => fc.tuple(fc.constant(m), fc.array(full(m), { maxLength: 1 }), fc.array(fc.oneof(single(m), single(m), full(m)), { minLength: 2, maxLength: 18 }), fc.integer({ min: 1, max: 200 }))), ([m, eqs, les, limit]) => {
      solverShortcuts.dominated = false
      const long = solve(m, eqs, les, limit, 400)
      solverShortcuts.dominated = true
      const short = solve(m, eqs, les, limit, 400)
      kinds.set(long.kind, (kinds.get(long.kind) ?? 0) + 1)
      if (les.filter((r) => r.a.filter((c) => c !== 0n).length === 1).length > 2) dropped++
      t.deepEqual(short, long)
      return true
    }),
    { numRuns: 5000, seed: 12 }
  )
  solverShortcuts.dominated = true
  t.log(`${[...kinds].map(([k, n]) => `${k} ${n}`).join(", ")}; ${dropped} systems with more than two one-unknown rows`)
  for (const k of ["none", "points", "many", "undecided"]) t.true((kinds.get(k) ?? 0) > 20, `${k}: ${kinds.get(k) ?? 0}`)
  t.true(dropped > 1000, `${dropped}`)
})

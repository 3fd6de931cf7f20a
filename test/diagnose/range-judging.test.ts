/**
 * The small-system shortcuts of the diagnosis (diagnose/localise.ts, issue 8, eleventh pass) set by
 * set: `oneUnknown` (a set of one moving unit solved from its rows as bounds on one integer, without
 * the elimination), `rangeJudging` (such a set's range judged run by run, only the points settle
 * can tell apart) and `twoUnknowns` (two unknowns fixed by two independent equalities). Whole
 * localisations hide a set whose explanation loses to a cheaper set's, so here every candidate set
 * of one unit — each such unit with a recomputed-only unit (still one unknown), and pairs of units —
 * is evaluated on its own with the shortcuts and without: the outcomes (explanations,
 * ranges, costs, patterns, order) and the work charged must be equal. Blocks: the seeds' and
 * generated articles' failing blocks, and fast-check copies with figures moved. Also the claim
 * judgeRange rests on: every value typoPattern accepts is in typoSuperset.
 */
import test from "ava"
import fc from "fast-check"
import { generateCorpus } from "../../bench/generate.ts"
import { evaluateSet, roundedPercent, runEnd, shortcuts, violations } from "../../pipeline/diagnose/localise.ts"
import { type Block, buildBlocks, type Unit } from "../../pipeline/diagnose/system.ts"
import { typoPattern, typoSuperset } from "../../pipeline/diagnose/typo.ts"
import { parseArticle } from "../../pipeline/extract/parse.ts"
import type { Dataset } from "../../pipeline/normalise/normalise.ts"
import { createNormaliser } from "../../pipeline/normalise/normalise.ts"
import { parsePartyDictionary } from "../../pipeline/normalise/parties.ts"
import { readFileSync } from "node:fs"
import { datasets, reference } from "../helpers/seed-datasets.ts"

const read = (n: string) => readFileSync(new URL(`../../seeds/${n}`, import.meta.url), "utf8")
const normaliser = createNormaliser(parsePartyDictionary(read("reference/parties.csv"), "parties.csv").dictionary)
const generated = generateCorpus(12, 1111).map((a) => normaliser.add(parseArticle(a.name, a.text)))
const failing = (d: Dataset) => buildBlocks(d, reference, null, true).filter((b) => violations(b).length > 0)

const moving = (u: Unit) => !u.recomputed.includes(u.primary)
/**
 * The sets of one or two unknowns: each moving unit alone, and with each of up to three
 * recomputed-only units; pairs of the first twelve moving units (two unknowns, or one and a
 * latent total: three with it, which the solver takes).
 */
const smallSets = (block: Block, withPairs: boolean): Array<Array<Unit>> => {
  const fixedUnits = block.units.filter((u) => !moving(u))
  const movingUnits = block.units.filter(moving)
  const pairs = withPairs ? movingUnits.slice(0, 12).flatMap((u, i) => movingUnits.slice(i + 1, 12).map((v) => [u, v])) : []
  return [...movingUnits.flatMap((u) => [[u], ...fixedUnits.slice(0, 3).map((f) => (f.primary < u.primary ? [f, u] : [u, f]))]), ...pairs]
}

const counters = () => ({ one: shortcuts.oneSolved, ranges: shortcuts.rangeJudged, skipped: shortcuts.pointsNotJudged, two: shortcuts.twoSolved, byRounding: shortcuts.rangesByRounding })
const both = (on: boolean) => {
  shortcuts.oneUnknown = on
  shortcuts.rangeJudging = on
  shortcuts.twoUnknowns = on
}
/** Every one-unknown set of the block evaluated the long way and the short way: equal outcomes and work. */
const compareSets = (t: { deepEqual: (a: unknown, b: unknown, m: string) => void }, block: Block, label: string, withPairs = true): { sets: number; ranges: number } => {
  let sets = 0
  let ranges = 0
  for (const units of smallSets(block, withPairs)) {
    both(false)
    const long = evaluateSet(block, units)
    both(true)
    const before = shortcuts.rangeJudged
    const fast = evaluateSet(block, units)
    if (shortcuts.rangeJudged > before) ranges++
    sets++
    t.deepEqual(fast, long, `${label}: units ${JSON.stringify(units.map((u) => u.primary))}`)
  }
  return { sets, ranges }
}

test("every value typoPattern accepts is in typoSuperset", (t) => {
  const near = (stated: number) => fc.oneof(
    fc.integer({ min: -20, max: 20 }).map((d) => stated + d),
    fc.nat(9).chain((d) => fc.nat(Math.max(0, String(Math.abs(stated)).length - 1)).map((i) => {
      const s = String(Math.abs(stated)).split("")
      s[i] = String(d)
      return (stated < 0 ? -1 : 1) * Number(s.join(""))
    })),
    fc.constantFrom(-stated, stated * 1000, Math.trunc(stated / 1000), 0),
    fc.integer({ min: -1_000_000, max: 1_000_000 })
  )
  let accepted = 0
  fc.assert(
    fc.property(fc.oneof(fc.integer({ min: -99, max: 99 }), fc.integer({ min: -10_000_000, max: 10_000_000 }), fc.constantFrom(0, 1000, -3000, 120_000)).chain((s) => fc.tuple(fc.constant(s), near(s))), ([stated, value]) => {
      if (typoPattern(stated, value) === null) return true
      accepted++
      return typoSuperset(stated).includes(value)
    }),
    { numRuns: 5000, seed: 11 }
  )
  t.true(accepted > 500, `${accepted} typos`)
})

test("the seeds' and generated articles' one-unknown sets evaluate the same with the shortcuts and without", (t) => {
  const before = counters()
  let sets = 0
  let ranges = 0
  try {
    // Pairs in the seeds and the first four generated articles; single units in all of them.
    for (const [n, d] of [...datasets, ...generated].entries()) {
      for (const block of failing(d)) {
        const r = compareSets(t, block, `${block.file} ${block.section}`, n < datasets.length + 4)
        sets += r.sets
        ranges += r.ranges
      }
    }
  } finally {
    both(true)
  }
  const after = counters()
  t.log(`${sets} sets, ${ranges} judged by runs (${after.byRounding - before.byRounding} cut by the rounding's inequalities, ${after.skipped - before.skipped} points not judged), ${after.one - before.one} of one unknown and ${after.two - before.two} of two solved directly`)
  t.true(sets > 500, `${sets} sets`)
  t.true(ranges > 20, `${ranges} ranges judged by runs`)
  t.true(after.byRounding - before.byRounding >= 5, "ranges cut by the rounding's inequalities")
  t.true(ranges - (after.byRounding - before.byRounding) > 10, "ranges cut point by point")
  t.true(after.one - before.one > 400, "sets of one unknown solved directly")
  t.true(after.two - before.two > 400, "sets of two unknowns solved directly")
})

/** A copy of the dataset with results' votes and percentages and contests' totals moved. */
type Move = { readonly table: number; readonly row: number; readonly by: number }
const move = (ds: Dataset, m: Move): Dataset => {
  const pick = <T>(rows: ReadonlyArray<T>) => (rows.length === 0 ? -1 : m.row % rows.length)
  if (m.table === 2) {
    const i = pick(ds.contests)
    if (i < 0) return ds
    return { ...ds, contests: ds.contests.map((c, k) => (k === i && c.total_votes !== null ? { ...c, total_votes: Math.max(0, c.total_votes + m.by) } : c)) }
  }
  const i = pick(ds.results)
  if (i < 0) return ds
  return {
    ...ds,
    results: ds.results.map((r, k) => {
      if (k !== i) return r
      if (m.table === 0) return { ...r, votes: r.votes === null ? null : Math.max(0, r.votes + m.by) }
      return { ...r, percent: r.percent === null ? null : Math.max(0, Math.round((r.percent + m.by / 100) * 100) / 100) }
    })
  }
}

test("random copies with figures moved evaluate their one-unknown sets the same with the shortcuts and without", (t) => {
  const all = [...datasets, ...generated.slice(0, 4)]
  const amount = fc.oneof(fc.integer({ min: -9, max: 9 }), fc.integer({ min: -3000, max: 3000 }), fc.constantFrom(-100000, 1000, 10000, 900000))
  const moves = fc.array(fc.record({ table: fc.integer({ min: 0, max: 2 }), row: fc.nat(500), by: amount }), { minLength: 1, maxLength: 2 })
  let sets = 0
  let ranges = 0
  try {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: all.length - 1 }), moves, (which, ms) => {
        const d = ms.reduce(move, all[which]!)
        for (const block of failing(d)) {
          const r = compareSets(t, block, `${block.file} ${block.section} after ${JSON.stringify(ms)}`)
          sets += r.sets
          ranges += r.ranges
        }
        return true
      }),
      { numRuns: 12, seed: 12 }
    )
  } finally {
    both(true)
  }
  t.log(`${sets} sets, ${ranges} judged by runs`)
  t.true(ranges > 50, `${ranges} ranges judged by runs`)
})

test("a run's end from the rounding's inequalities is the last x at which the rounded percentage keeps its value (brute force)", (t) => {
  // votes v0 + a·x and total t0 + b·x (a and b as a unit's moves give them: −1, 0, 1, or 2),
  // d decimals; every x checked up to the end (or 300 values), and the value after it must differ.
  let ended = 0
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 200_000 }), fc.integer({ min: 1, max: 400_000 }), fc.constantFrom(-1, 0, 1, 2), fc.constantFrom(-1, 0, 1, 2), fc.integer({ min: 0, max: 3 }), fc.integer({ min: -500, max: 500 }),
      (v0, t0, a, b, d, x) => {
        const v = (y: number) => v0 + a * y
        const T = (y: number) => t0 + b * y
        const valid = (y: number) => v(y) >= 0 && T(y) > 0
        if (!valid(x)) return true
        const p = roundedPercent(v(x), T(x), d)
        const e = runEnd({ S: BigInt(100 * 10 ** d), v0: BigInt(v0), a: BigInt(a), t0: BigInt(t0), b: BigInt(b) }, p, x)
        if (e < x) return false
        const stop = Math.min(e, x + 300)
        for (let y = x; y <= stop; y++) if (valid(y) && roundedPercent(v(y), T(y), d) !== p) return false
        if (Number.isFinite(e) && e < x + 300 && valid(e + 1)) {
          ended++
          if (roundedPercent(v(e + 1), T(e + 1), d) === p) return false
        }
        return true
      }
    ),
    { numRuns: 20000, seed: 13 }
  )
  t.true(ended > 2000, `${ended} ends checked`)
})

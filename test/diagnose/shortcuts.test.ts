/**
 * The diagnosis' search shortcuts (diagnose/localise.ts `shortcuts`, issue 8, eighth pass) against
 * the long path they replace: every block with a failing check is localised with every shortcut on
 * and with every one off, and the two localisations must be deeply equal (faults, explanations,
 * ranges, suggestions, their order, `undecided` counts, the work bound's messages). Blocks: the
 * seeds and a generated article, 40 more generated articles, and random copies of all of them
 * with one to three figures moved by random amounts (fast-check). Each
 * shortcut must be taken somewhere (the comparison is not vacuous).
 */
import test from "ava"
import fc from "fast-check"
import { generateCorpus } from "../../bench/generate.ts"
import { impliedAudit, shortcuts, violations } from "../../pipeline/diagnose/localise.ts"
import { type Block, buildBlocks } from "../../pipeline/diagnose/system.ts"
import { parseArticle } from "../../pipeline/extract/parse.ts"
import type { Dataset } from "../../pipeline/normalise/normalise.ts"
import { createNormaliser } from "../../pipeline/normalise/normalise.ts"
import { parsePartyDictionary } from "../../pipeline/normalise/parties.ts"
import { readFileSync } from "node:fs"
import { datasets, reference } from "../helpers/seed-datasets.ts"
import { compare, FLAGS } from "../helpers/shortcut-pairs.ts"

const failing = (d: Dataset) => buildBlocks(d, reference, null, true).filter((b) => violations(b).length > 0)
const name = (b: Block) => `${b.file} ${b.section} (${b.cells.length} cells)`

const counters = () => ({ stopped: shortcuts.stopped, pinsSkipped: shortcuts.pinsSkipped, checksSkipped: shortcuts.checksSkipped, failed: impliedAudit.failed, lazyWalks: shortcuts.lazyWalks, oneSolved: shortcuts.oneSolved, rangeJudged: shortcuts.rangeJudged, pointsNotJudged: shortcuts.pointsNotJudged })

test("every shortcut is a flag of its own (the long path turns each one off)", (t) => {
  t.true(FLAGS.length >= 2, FLAGS.join(", "))
  for (const k of FLAGS) t.true(shortcuts[k], `${k} is on by default`)
})

const read = (n: string) => readFileSync(new URL(`../../seeds/${n}`, import.meta.url), "utf8")
const normaliser = createNormaliser(parsePartyDictionary(read("reference/parties.csv"), "parties.csv").dictionary)
const generated = generateCorpus(40, 8008).map((a) => normaliser.add(parseArticle(a.name, a.text)))

test("the seeds' and generated articles' blocks localise the same with the shortcuts and without", (t) => {
  const before = counters()
  let blocks = 0
  let located = 0
  for (const d of [...datasets, ...generated]) {
    for (const block of failing(d)) {
      blocks++
      const { fast, long } = compare(block)
      t.deepEqual(fast, long, name(block))
      if (fast.status === "located") located++
    }
  }
  const after = counters()
  t.log(`${blocks} blocks, ${located} located; walks cut short ${after.stopped - before.stopped}, pinned solves skipped ${after.pinsSkipped - before.pinsSkipped}, checks not re-judged ${after.checksSkipped - before.checksSkipped}, walks listed lazily ${after.lazyWalks - before.lazyWalks}, one-unknown sets solved directly ${after.oneSolved - before.oneSolved}, ranges judged by runs ${after.rangeJudged - before.rangeJudged} (${after.pointsNotJudged - before.pointsNotJudged} points not judged)`)
  t.true(after.oneSolved > before.oneSolved, "no one-unknown set was solved directly")
  t.true(after.rangeJudged > before.rangeJudged, "no range was judged by runs")
  t.true(after.checksSkipped > before.checksSkipped, "checks were not re-judged")
  t.is(after.failed - before.failed, 0, "a check the rows were said to imply failed at a point")
  t.true(after.lazyWalks > before.lazyWalks, "walks were listed lazily")
  t.true(blocks > 50, `${blocks} blocks`)
  t.true(located > 30, `${located} located`)
  t.true(after.pinsSkipped > before.pinsSkipped, "pinned solves were skipped")
})

/** One figure of a dataset moved: a result's votes or percentage, a contest's total, a seat count or change. */
type Move = { readonly table: number; readonly row: number; readonly by: number }
const move = (ds: Dataset, m: Move): Dataset => {
  const pick = <T>(rows: ReadonlyArray<T>) => (rows.length === 0 ? -1 : m.row % rows.length)
  switch (m.table) {
    case 0: {
      const i = pick(ds.results)
      if (i < 0) return ds
      const results = [...ds.results]
      const r = results[i]!
      results[i] = { ...r, votes: r.votes === null ? null : Math.max(0, r.votes + m.by) }
      return { ...ds, results }
    }
    case 1: {
      const i = pick(ds.results)
      if (i < 0) return ds
      const results = [...ds.results]
      const r = results[i]!
      results[i] = { ...r, percent: r.percent === null ? null : Math.max(0, Math.round((r.percent + m.by / 100) * 100) / 100) }
      return { ...ds, results }
    }
    case 2: {
      const i = pick(ds.contests)
      if (i < 0) return ds
      const contests = [...ds.contests]
      const c = contests[i]!
      contests[i] = { ...c, total_votes: c.total_votes === null ? null : Math.max(0, c.total_votes + m.by) }
      return { ...ds, contests }
    }
    default: {
      const i = pick(ds.seats)
      if (i < 0) return ds
      const seats = [...ds.seats]
      const s = seats[i]!
      seats[i] = m.by % 2 === 0 ? { ...s, seats: s.seats === null ? null : Math.max(0, s.seats + Math.sign(m.by)) } : { ...s, change: s.change === null ? null : s.change + Math.sign(m.by) }
      return { ...ds, seats }
    }
  }
}
const amount = fc.oneof(fc.integer({ min: -9, max: 9 }), fc.integer({ min: -2000, max: 2000 }), fc.constantFrom(-100000, -9000, 1000, 10000, 900000))
const moves = fc.array(fc.record({ table: fc.integer({ min: 0, max: 3 }), row: fc.nat(500), by: amount }), { minLength: 1, maxLength: 3 })

test("random copies of the seeds and generated articles with figures moved localise the same with the shortcuts and without", (t) => {
  let blocks = 0
  const before = counters()
  fc.assert(
    fc.property(fc.integer({ min: 0, max: datasets.length + generated.length - 1 }), moves, (which, ms) => {
      const d = ms.reduce(move, [...datasets, ...generated][which]!)
      for (const block of failing(d)) {
        blocks++
        const { fast, long } = compare(block)
        t.deepEqual(fast, long, `${name(block)} after ${JSON.stringify(ms)}`)
      }
      return true
    }),
    { numRuns: 300, seed: 8 }
  )
  const after = counters()
  t.log(`${blocks} blocks; walks cut short ${after.stopped - before.stopped}, pinned solves skipped ${after.pinsSkipped - before.pinsSkipped}, checks not re-judged ${after.checksSkipped - before.checksSkipped}, walks listed lazily ${after.lazyWalks - before.lazyWalks}, one-unknown sets solved directly ${after.oneSolved - before.oneSolved}, ranges judged by runs ${after.rangeJudged - before.rangeJudged} (${after.pointsNotJudged - before.pointsNotJudged} points not judged)`)
  t.true(after.oneSolved > before.oneSolved, "no one-unknown set was solved directly")
  t.true(after.rangeJudged > before.rangeJudged, "no range was judged by runs")
  t.true(after.checksSkipped > before.checksSkipped, "checks were not re-judged")
  t.is(after.failed - before.failed, 0, "a check the rows were said to imply failed at a point")
  t.true(after.lazyWalks > before.lazyWalks, "walks were listed lazily")
  t.true(blocks > 300, `${blocks} blocks`)
  t.true(after.pinsSkipped > before.pinsSkipped, "pinned solves were skipped")
})

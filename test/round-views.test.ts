/**
 * views.ts builds its round, area and seat-table views in loops over packed arrays, and a round's
 * other rounds are a scan of its table's siblings instead of a Map per view (issue 8, ninth pass).
 * Checked here against the code they replaced (the long path, written out below): on the three
 * seeds and generated articles, and on the same datasets with their contests shuffled (a table's
 * rounds no longer consecutive) and with contests copied under another id into their table (two
 * siblings of one round: the Map kept the later), so that neither the consecutive-table shortcut
 * nor the scan's direction is what makes them agree.
 */
import { readFileSync } from "node:fs"
import test from "ava"
import { parseArticle } from "../pipeline/extract/parse.ts"
import { createNormaliser, type Dataset } from "../pipeline/normalise/normalise.ts"
import { parsePartyDictionary } from "../pipeline/normalise/parties.ts"
import { areaContests, groupBy, roundViews, seatTableViews } from "../pipeline/audit/views.ts"
import { generateArticle, mulberry32 } from "../bench/generate.ts"

const read = (name: string) => readFileSync(new URL(`../seeds/${name}`, import.meta.url), "utf8")
const { dictionary } = parsePartyDictionary(read("reference/parties.csv"), "parties.csv")

/** The long path: roundViews, areaContests and seatTableViews as they were before the ninth pass. */
const longRoundViews = (dataset: Dataset) => {
  const rowsByContest = groupBy(dataset.results, (r) => r.contest_id)
  const turnoutByContest = groupBy(dataset.turnout, (t) => t.contest_id)
  const elections = new Map(dataset.elections.map((e) => [e.election_id, e]))
  const views = dataset.contests.map((contest) => ({
    contest,
    election: elections.get(contest.election_id)!,
    rows: rowsByContest.get(contest.contest_id) ?? [],
    turnout: turnoutByContest.get(contest.contest_id) ?? [],
    otherRounds: new Map<number, { contest: Dataset["contests"][number] }>()
  }))
  const byTable = groupBy(views, (v) => v.contest.table_id)
  for (const siblings of byTable.values()) {
    for (const view of siblings) {
      for (const other of siblings) if (other !== view) view.otherRounds.set(other.contest.round, other)
    }
  }
  return views
}
const longAreaContests = (dataset: Dataset) => {
  const views = longRoundViews(dataset).filter((v) => v.contest.area_level === "area")
  const byTable = groupBy(views, (v) => v.contest.table_id)
  return [...byTable.values()].map((tableViews) => {
    const rounds = new Map(tableViews.map((v) => [v.contest.round, v]))
    const withFigures = tableViews.filter((v) => v.rows.some((r) => r.votes !== null))
    const deciding = [...withFigures].sort((a, b) => b.contest.round - a.contest.round)[0] ?? null
    return { area: tableViews[0]!.contest.area, election: tableViews[0]!.election, rounds, deciding, lastRound: Math.max(...rounds.keys()) }
  })
}
const longSeatTableViews = (dataset: Dataset) => {
  const rowsByTable = groupBy(dataset.seats, (s) => s.table_id)
  const totals = new Map(dataset.seatTotals.map((t) => [t.table_id, t]))
  const elections = new Map(dataset.elections.map((e) => [e.election_id, e]))
  return dataset.tables
    .filter((t) => rowsByTable.has(t.table_id) || totals.has(t.table_id))
    .map((table) => ({ table, election: elections.get(table.election_id)!, rows: rowsByTable.get(table.table_id) ?? [], total: totals.get(table.table_id) ?? null }))
}

const articles = [
  ...["2004-french-regional-elections.txt", "2004-french-cantonal-elections.txt", "2004-french-senate-election.txt"].map((file) => ({ file, text: read(file) })),
  ...[0, 1, 2, 3, 4].map((i) => {
    const a = generateArticle(31, i)
    return { file: a.name, text: a.text }
  })
]

/** The dataset as the normaliser made it, then shuffled contests, then contests copied into their table under another id. */
const variants = (base: Dataset, random: () => number): Array<Dataset> => {
  const shuffled = [...base.contests]
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!]
  }
  const copied = base.contests.flatMap((c, i) => (i % 3 === 0 ? [c, { ...c, contest_id: `${c.contest_id}/copy` }] : [c]))
  return [base, { ...base, contests: shuffled }, { ...base, contests: copied }, { ...base, contests: [] }]
}

/** Every article's dataset in each of its variants (as written, shuffled, copied, empty), drawn from `seed`. */
function* datasets(seed: number): Generator<{ readonly article: (typeof articles)[number]; readonly dataset: Dataset }> {
  const random = mulberry32(seed)
  for (const article of articles) {
    const base = createNormaliser(dictionary).add(parseArticle(article.file, article.text))
    for (const dataset of variants(base, random)) yield { article, dataset }
  }
}

const contestOf = (v: { readonly contest: Dataset["contests"][number] } | null | undefined) => v?.contest ?? null

test("roundViews: the same views in order, each other round found as the Map of the siblings gave it", (t) => {
  let found = 0
  let duplicates = 0
  for (const { article, dataset } of datasets(9)) {
    const views = roundViews(dataset)
    const expected = longRoundViews(dataset)
    t.is(views.length, expected.length)
    views.forEach((v, i) => {
      const e = expected[i]!
      t.is(v.contest, e.contest)
      t.is(v.election, e.election)
      t.deepEqual([...v.rows], e.rows)
      t.deepEqual([...v.turnout], e.turnout)
      for (let round = 0; round <= 4; round++) {
        t.is(contestOf(v.otherRounds.get(round)), contestOf(e.otherRounds.get(round)), `${article.file} ${v.contest.contest_id} round ${round}`)
        if (e.otherRounds.get(round) !== undefined) found++
      }
      if (expected.some((o) => o !== e && o.contest.table_id === e.contest.table_id && o.contest.round === e.contest.round)) duplicates++
    })
  }
  t.true(found > 1000, `${found} other rounds found`)
  t.true(duplicates > 50, `${duplicates} views with a sibling of their own round`)
})

test("areaContests and seatTableViews: the same contests, rounds, deciding rounds and seat tables as the filter/map/sort code", (t) => {
  let contests = 0
  let tables = 0
  for (const { dataset } of datasets(10)) {
    const got = areaContests(dataset)
    const expected = longAreaContests(dataset)
    t.is(got.length, expected.length)
    got.forEach((c, i) => {
      const e = expected[i]!
      t.is(c.area, e.area)
      t.is(c.election, e.election)
      t.deepEqual([...c.rounds.entries()].map(([n, v]) => [n, v.contest]), [...e.rounds.entries()].map(([n, v]) => [n, v.contest]))
      t.is(contestOf(c.deciding), contestOf(e.deciding))
      t.is(c.lastRound, e.lastRound)
      contests++
    })
    const seatViews = seatTableViews(dataset)
    const seatExpected = longSeatTableViews(dataset)
    t.deepEqual(seatViews.map((v) => [v.table, v.election, [...v.rows], v.total]), seatExpected.map((v) => [v.table, v.election, v.rows, v.total]))
    tables += seatViews.length
  }
  t.true(contests > 300, `${contests} area contests`)
  t.true(tables > 100, `${tables} seat tables`)
})

/**
 * The main thread's stealing (pipeline/parallel/pool.ts): while it waits for a reply, the main
 * thread analyses the next article no worker was sent. Forced on with the test hook
 * RECOUNT_TEST_STEAL=1 (steal whenever it waits, whatever the machine's load), a run with one
 * worker writes the same bytes as `--jobs 1`; the worker was sent fewer batches than the
 * articles' batches without stealing (so the main thread did analyse some: it always waits for
 * the first reply, which cannot come before the worker has booted); copies of an article are still
 * analysed again where their ids collide, whichever thread analysed them; and an analysis that
 * throws on a stolen article fails the run with `--jobs 1`'s message. Which articles are stolen is
 * a matter of timing, so no test names one.
 */
import { spawnSync } from "node:child_process"
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import test from "ava"
import { generateCorpus } from "../bench/generate.ts"
import { batchSize, stealModeOf } from "../pipeline/parallel/pool.ts"
import { ROOT, recountArgs } from "./helpers/recount.ts"
import { sameTree } from "./helpers/tree.ts"

const work = mkdtempSync(join(tmpdir(), "recount-steal-"))
test.after.always(() => rmSync(work, { recursive: true, force: true }))

const runJobs = (name: string, seeds: string, jobs: number, steal: "0" | "1", env: Record<string, string> = {}) => {
  const out = join(work, `${name}-out`)
  const reports = join(work, `${name}-reports`)
  const profile = join(work, `${name}-profile.json`)
  const r = spawnSync(process.execPath, [...recountArgs(), "--seeds", seeds, "--out", out, "--reports", reports, "--jobs", String(jobs), "-q"], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, ...env, RECOUNT_TEST_STEAL: steal, RECOUNT_PROFILE: profile }
  })
  const notes = r.status === 0 ? (JSON.parse(readFileSync(profile, "utf8")) as { notes?: Record<string, number> }).notes : undefined
  return { r, out, reports, notes }
}

/** The batches a worker is sent for `n` articles when the main thread steals none. */
const batchesOf = (n: number) => {
  let batches = 0
  for (let k = 0; k < n; k += batchSize(k)) batches++
  return batches
}

test("the test hook's values: 0 never steals, 1 always, anything else is the command's own (auto)", (t) => {
  t.is(stealModeOf("0"), "never")
  t.is(stealModeOf("1"), "always")
  t.is(stealModeOf(undefined), "auto")
  t.is(stealModeOf(""), "auto")
})

test("with stealing forced on, one worker and the main thread write the same bytes as --jobs 1, and the worker was sent fewer batches", (t) => {
  const corpus = join(work, "corpus")
  mkdirSync(corpus)
  for (const { name, text } of generateCorpus(16, 8)) writeFileSync(join(corpus, name), text)
  const one = runJobs("one", corpus, 1, "0")
  const two = runJobs("two", corpus, 2, "1")
  t.is(one.r.status, 0, one.r.stderr)
  t.is(two.r.status, 0, two.r.stderr)
  sameTree(t, one.out, two.out)
  sameTree(t, one.reports, two.reports)
  t.deepEqual({ workers: two.notes?.workers, reanalysed: two.notes?.reanalysed }, { workers: 1, reanalysed: 0 })
  // Without stealing the 16 articles go in 5 batches; each stolen article moves the later batches' starts.
  t.is(batchesOf(16), 5)
  const messages = two.notes?.replyMessages ?? NaN
  t.true(messages >= 2 && messages < 5, `${messages} reply messages`)
})

test("copies of an article are analysed again on the main thread where their ids collide, stolen or not: same bytes, same count", (t) => {
  // Article 3 copies article 0 and article 5 copies article 4: two re-analyses in the in-order run's
  // terms, whichever thread analysed each first (a stolen reply that skipped the freshness check
  // would keep ids that collide).
  const dir = join(work, "twins")
  mkdirSync(dir)
  const g = generateCorpus(6, 5)
  const order = [g[0]!, g[1]!, g[2]!, g[0]!, g[3]!, g[3]!, g[4]!, g[5]!]
  order.forEach((a, k) => writeFileSync(join(dir, `k${k}.txt`), a.text))
  const one = runJobs("twins-1", dir, 1, "0")
  const two = runJobs("twins-2", dir, 2, "1")
  t.is(one.r.status, 0, one.r.stderr)
  t.is(two.r.status, 0, two.r.stderr)
  sameTree(t, one.out, two.out)
  sameTree(t, one.reports, two.reports)
  t.is(two.notes?.reanalysed, 2)
  t.true((two.notes?.replyMessages ?? NaN) < batchesOf(8), "the main thread stole")
})

test("an analysis that throws on an article the main thread may steal fails the run with --jobs 1's message", (t) => {
  // Article 6 of 8: never in the batches sent when the pool opens ([0], [1, 2]), so the main
  // thread, stealing from its first wait on, may analyse it itself; either way the message is --jobs 1's.
  const dir = join(work, "throw")
  mkdirSync(dir)
  const g = generateCorpus(8, 6)
  g.forEach((a, k) => writeFileSync(join(dir, `k${k}.txt`), a.text))
  const env = { RECOUNT_TEST_ANALYSIS_THROW: "k6.txt" }
  const one = runJobs("throw-1", dir, 1, "0", env)
  const two = runJobs("throw-2", dir, 2, "1", env)
  t.is(one.r.status, 5, one.r.stderr)
  t.is(two.r.status, 5, two.r.stderr)
  t.is(two.r.stderr, one.r.stderr)
  t.regex(two.r.stderr, /injected failure \(RECOUNT_TEST_ANALYSIS_THROW\) in k6\.txt/)
})

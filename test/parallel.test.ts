/**
 * The parallel run (pipeline/parallel/): `--jobs N` (N − 1 worker threads analysing, the main
 * thread merging) writes the same bytes as `--jobs 1` — on a generated corpus run with --jobs 2
 * and 3, and on the seeds forced through two workers — and the workers really did the analysis
 * (the profile's notes: N − 1 workers, no article analysed again on the main thread). A worker thread that stops, or a stage that throws in a
 * worker, fails the run (exit 5, one clear message, the same message as `--jobs 1` for a throw)
 * and leaves the previous out/ and reports/ as they were. `--jobs 0` or a word is a usage error.
 */
import { spawnSync } from "node:child_process"
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import test, { type ExecutionContext } from "ava"
import { generateCorpus } from "../bench/generate.ts"
import { batchSize } from "../pipeline/parallel/pool.ts"
import { ROOT, recountArgs } from "./helpers/recount.ts"
import { sameTree, tree } from "./helpers/tree.ts"

const work = mkdtempSync(join(tmpdir(), "recount-parallel-"))
test.after.always(() => rmSync(work, { recursive: true, force: true }))

/** A generated corpus of 16 articles (~0.4 MB; the tests ask for workers with --jobs 2, so it need not reach the `auto` thresholds), written once. */
const corpus = join(work, "corpus")
mkdirSync(corpus)
for (const { name, text } of generateCorpus(16, 8)) writeFileSync(join(corpus, name), text)

const run = (args: ReadonlyArray<string>, env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [...recountArgs(), ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, ...env } })

/** Runs `seeds` with --jobs N into a fresh out/ and reports/; returns the folders and the profile. */
const runJobs = (name: string, seeds: string, jobs: number, env: Record<string, string> = {}) => {
  const out = join(work, `${name}-out`)
  const reports = join(work, `${name}-reports`)
  const profile = join(work, `${name}-profile.json`)
  const r = run(["--seeds", seeds, "--out", out, "--reports", reports, "--jobs", String(jobs), "-q"], { ...env, RECOUNT_PROFILE: profile })
  return { r, out, reports, profile: JSON.parse(readFileSync(profile, "utf8")) as { notes?: Record<string, number>; threads?: { main: number; workers: number; others: number } } }
}

/**
 * `other` succeeded as `one` did and wrote the same bytes in out/ and reports/; its profile names
 * `expected.workers` worker threads and `expected.reanalysed` articles analysed again on the main thread.
 */
const sameAsOne = (t: ExecutionContext, one: ReturnType<typeof runJobs>, other: ReturnType<typeof runJobs>, expected: { readonly workers: number; readonly reanalysed: number }) => {
  t.is(one.r.status, 0, one.r.stderr)
  t.is(other.r.status, 0, other.r.stderr)
  sameTree(t, one.out, other.out)
  sameTree(t, one.reports, other.reports)
  t.deepEqual({ workers: other.profile.notes?.workers, reanalysed: other.profile.notes?.reanalysed }, expected)
}

/** The generated corpus with --jobs 1, run once for the file (on first use, whichever test comes first). */
let corpusOnMain: ReturnType<typeof runJobs> | null = null
const corpusOne = () => (corpusOnMain ??= runJobs("corpus-1", corpus, 1))

/** The --jobs 3 run's budget of article text in flight (RECOUNT_TEST_IN_FLIGHT_CHARS): about one and a half generated articles. */
const IN_FLIGHT_CHARS = 40_000

test("--jobs 2 and 3 (one and two workers) write the same bytes as --jobs 1 on a generated corpus, the articles analysed by the workers", (t) => {
  const one = corpusOne()
  const two = runJobs("corpus-2", corpus, 2)
  // (The --jobs 3 run with a small budget of article text in flight: it only delays sends, below.)
  const three = runJobs("corpus-3", corpus, 3, { RECOUNT_TEST_IN_FLIGHT_CHARS: String(IN_FLIGHT_CHARS) })
  sameAsOne(t, one, two, { workers: 1, reanalysed: 0 })
  sameAsOne(t, one, three, { workers: 2, reanalysed: 0 })
  t.is(two.r.stdout.replace(two.out, "OUT").replace(two.reports, "REPORTS"), one.r.stdout.replace(one.out, "OUT").replace(one.reports, "REPORTS"))
  // --jobs 1 notes no worker figure (nor anything else: it is no short run either).
  t.deepEqual(one.profile.notes ?? {}, {})
  // The replies came in batches (pool.ts), one message each, whatever the number of workers: 16 articles in 5.
  let batches = 0
  for (let k = 0; k < 16; k += batchSize(k)) batches++
  t.is(batches, 5)
  t.is(two.profile.notes?.replyMessages, batches)
  t.is(three.profile.notes?.replyMessages, batches)
  // The text in flight: the budget is checked before each batch, so it is passed by one batch at
  // most; without the budget, two workers holding two batches each would hold up to 8 articles
  // (the batches of 4 and 8 at once), far more. The same batches (5 messages) and bytes above.
  const lengths = readdirSync(corpus).filter((f) => f.endsWith(".txt")).sort().map((f) => readFileSync(join(corpus, f), "utf8").length)
  let largestBatch = 0
  for (let k = 0; k < lengths.length; k += batchSize(k)) largestBatch = Math.max(largestBatch, lengths.slice(k, k + batchSize(k)).reduce((a, b) => a + b, 0))
  const most = three.profile.notes?.inFlightCharsMax ?? NaN
  t.true(most >= Math.max(...lengths) && most < IN_FLIGHT_CHARS + largestBatch, `${most} chars in flight at most, budget ${IN_FLIGHT_CHARS}, largest batch ${largestBatch}`)
  t.true((two.profile.notes?.inFlightCharsMax ?? 0) >= Math.max(...lengths))
  // The profile's CPU per thread (Linux /proc): the worker threads' own CPU reaches the main thread in their replies.
  if (process.platform === "linux") {
    t.is(one.profile.threads?.workers, 0)
    t.true((one.profile.threads?.main ?? 0) > 0)
    t.true((two.profile.threads?.workers ?? 0) > 0)
    t.true((two.profile.threads?.main ?? 0) > 0)
  }
})

/**
 * The seeds with --jobs 1, run once for the file (on first use, whichever test comes first): the
 * main-thread side of the seeds' comparison, and the previous outputs the failure tests copy into
 * their folders before their failing run (the same bytes a successful run of their own would leave).
 */
let seedsOnMain: ReturnType<typeof runJobs> | null = null
const seedsOne = () => (seedsOnMain ??= runJobs("seeds-1", "seeds", 1))

test("the seeds forced through two workers give the same bytes as on the main thread", (t) => {
  const one = seedsOne()
  const three = runJobs("seeds-3", "seeds", 3)
  t.is(one.r.status, 0, one.r.stderr)
  t.is(three.r.status, 0, three.r.stderr)
  sameTree(t, one.out, three.out)
  sameTree(t, one.reports, three.reports)
  t.deepEqual({ workers: three.profile.notes?.workers, reanalysed: three.profile.notes?.reanalysed }, { workers: 2, reanalysed: 0 })
})

test("--jobs N above the number of articles: one worker per article (N − 1 capped at the articles), same bytes", (t) => {
  const one = seedsOne()
  const five = runJobs("seeds-5", "seeds", 5)
  t.is(five.r.status, 0, five.r.stderr)
  sameTree(t, one.out, five.out)
  sameTree(t, one.reports, five.reports)
  // The seeds are three articles: three workers (min(5 − 1, 3)), not min(5, 3) − 1 = 2.
  t.is(five.profile.notes?.workers, 3)
})

test("two articles with one election: the second's ids collide, it is analysed again on the main thread, same bytes", (t) => {
  // Two copies of one article (same election, same sections): the copy's ids are `…-2` in the
  // in-order run, which a worker (fresh scopes) cannot know; the main thread redoes that article.
  const twins = join(work, "twins")
  mkdirSync(twins)
  const [first] = generateCorpus(1, 3)
  writeFileSync(join(twins, "a.txt"), first!.text)
  writeFileSync(join(twins, "b.txt"), first!.text)
  const one = runJobs("twins-1", twins, 1)
  const two = runJobs("twins-2", twins, 2)
  t.is(one.r.status, 0, one.r.stderr)
  t.is(two.r.status, 0, two.r.stderr)
  sameTree(t, one.out, two.out)
  sameTree(t, one.reports, two.reports)
  t.is(two.profile.notes?.reanalysed, 1)
})

test("twins inside one batch and across batches: each copy's ids are judged as its own article's (not a batch-mate's), same bytes", (t) => {
  // The batches at --jobs 2 are [0], [1, 2], [3, 4, 5, 6], [7]. Article 3 (the first of its batch)
  // is a copy of article 0, article 5 a copy of its batch-mate 4. Were a batch's replies to share
  // the worker's scopes (reply.ts' copyScopes), article 3 would carry article 6's ids, be judged
  // fresh and keep ids that collide with article 0's.
  t.deepEqual([0, 1, 3, 7].map(batchSize), [1, 2, 4, 8])
  const dir = join(work, "batch-twins")
  mkdirSync(dir)
  const g = generateCorpus(6, 5)
  const order = [g[0]!, g[1]!, g[2]!, g[0]!, g[3]!, g[3]!, g[4]!, g[5]!]
  order.forEach((a, k) => writeFileSync(join(dir, `k${k}.txt`), a.text))
  const one = runJobs("batch-twins-1", dir, 1)
  const two = runJobs("batch-twins-2", dir, 2)
  sameAsOne(t, one, two, { workers: 1, reanalysed: 2 })
})

test("an article whose analysis throws in a worker only (the 5th of a batch of 8) is analysed again on the main thread; its batch-mates are kept, same bytes as --jobs 1", (t) => {
  // The batches are [0], [1, 2], [3 … 6], [7 … 14], [15]: article 11 is the 5th of the batch of 8.
  const names = readdirSync(corpus).filter((f) => f.endsWith(".txt")).sort()
  t.is(names.length, 16)
  t.deepEqual([0, 1, 3, 7].map(batchSize), [1, 2, 4, 8])
  const env = { RECOUNT_TEST_WORKER_THROW: names[11]! }
  const one = corpusOne()
  const two = runJobs("worker-throw-2", corpus, 2, env)
  // Only that article was analysed again: the batch's other seven replies stood.
  sameAsOne(t, one, two, { workers: 1, reanalysed: 1 })
})

test("a worker thread that stops on the 5th article of a batch of 8, with two workers, is reported with that article", (t) => {
  const names = readdirSync(corpus).filter((f) => f.endsWith(".txt")).sort()
  const out = join(work, "exit-8-out")
  const r = run(["--seeds", corpus, "--out", out, "--reports", join(work, "exit-8-reports"), "--jobs", "3", "-q"], { RECOUNT_TEST_WORKER_EXIT: names[11]! })
  t.is(r.status, 5, r.stderr)
  t.is(r.stderr.trim(), `recount: a worker thread stopped while analysing ${names[11]}: it exited with code 70`)
  t.false(existsSync(join(out, "results.csv")), "nothing published")
})

/** A successful run's outputs in out/ and reports/ (copied from `seedsOne`), then a failing run into the same folders. */
const failAfterSuccess = (name: string, env: Record<string, string>, jobs: number) => {
  const out = join(work, `${name}-out`)
  const reports = join(work, `${name}-reports`)
  const ok = seedsOne()
  cpSync(ok.out, out, { recursive: true })
  cpSync(ok.reports, reports, { recursive: true })
  const before = { out: tree(out), reports: tree(reports) }
  const failed = run(["--seeds", "seeds", "--out", out, "--reports", reports, "--jobs", String(jobs), "-q"], env)
  return { ok, failed, before, after: { out: tree(out), reports: tree(reports) } }
}

const ARTICLE = "2004-french-regional-elections.txt"
const SENATE = "2004-french-senate-election.txt"

test("a worker thread that stops fails the run (exit 5, a message naming the article) and leaves the previous outputs intact", (t) => {
  const { ok, failed, before, after } = failAfterSuccess("exit", { RECOUNT_TEST_WORKER_EXIT: ARTICLE }, 2)
  t.is(ok.r.status, 0, ok.r.stderr)
  t.true(before.out.size > 5 && before.reports.has("manifest.json"))
  t.is(failed.status, 5, failed.stderr)
  t.is(failed.stderr.trim(), `recount: a worker thread stopped while analysing ${ARTICLE}: it exited with code 70`)
  t.deepEqual([...after.out.keys()], [...before.out.keys()])
  for (const [name, bytes] of before.out) t.true(bytes.equals(after.out.get(name)!), name)
  for (const [name, bytes] of before.reports) t.true(bytes.equals(after.reports.get(name)!), name)
})

test("a worker thread that stops in the middle of a batch is reported with the very article it was on", (t) => {
  // The seeds go to one worker as the batches [cantonal] and [regional, senate]: the senate
  // article is the second of its batch, so naming the batch's first article would be wrong.
  const { failed, before, after } = failAfterSuccess("exit-mid", { RECOUNT_TEST_WORKER_EXIT: SENATE }, 2)
  t.is(failed.status, 5, failed.stderr)
  t.is(failed.stderr.trim(), `recount: a worker thread stopped while analysing ${SENATE}: it exited with code 70`)
  for (const [name, bytes] of before.reports) t.true(bytes.equals(after.reports.get(name)!), name)
})

test("a stage that throws fails the run the same way with --jobs 2 and --jobs 1 (exit 5, the article named), outputs intact", (t) => {
  const env = { RECOUNT_TEST_ANALYSIS_THROW: ARTICLE }
  const two = failAfterSuccess("throw-2", env, 2)
  const one = failAfterSuccess("throw-1", env, 1)
  t.is(two.failed.status, 5, two.failed.stderr)
  t.is(one.failed.status, 5, one.failed.stderr)
  t.is(two.failed.stderr, one.failed.stderr)
  t.is(two.failed.stderr.trim(), `recount: analysing ${ARTICLE} failed: injected failure (RECOUNT_TEST_ANALYSIS_THROW) in ${ARTICLE}`)
  for (const [name, bytes] of two.before.out) t.true(bytes.equals(two.after.out.get(name)!), name)
  for (const [name, bytes] of two.before.reports) t.true(bytes.equals(two.after.reports.get(name)!), name)
})

test("--jobs 0, a negative, a fraction or a word is a usage error (exit 2)", (t) => {
  for (const value of ["0", "-1", "1.5", "many", "65"]) {
    const r = run(["--seeds", "seeds", "--out", join(work, "usage-out"), "--reports", join(work, "usage-reports"), "--jobs", value])
    t.is(r.status, 2, `--jobs ${value}: ${r.stderr}`)
    t.regex(r.stderr, /jobs/, value)
  }
})

/**
 * The bench's direct extract + normalise + audit measurement (RECOUNT_BENCH_STOP=audit, profile.ts):
 * it analyses every article through its audit on the same threads and publishes nothing — folders
 * that do not exist are not made, and a previous run's out/ and reports/ stay byte for byte (no
 * file added, changed or removed, no working folder left).
 */
test("RECOUNT_BENCH_STOP=audit analyses through the audit on the same threads and writes nothing to out/ or reports/", (t) => {
  const out = join(work, "stop-out")
  const reports = join(work, "stop-reports")
  // A previous run's outputs: the seeds' run on the main thread, copied (as the failure tests do).
  const ok = seedsOne()
  t.is(ok.r.status, 0, ok.r.stderr)
  cpSync(ok.out, out, { recursive: true })
  cpSync(ok.reports, reports, { recursive: true })
  const before = { out: tree(out), reports: tree(reports) }
  for (const jobs of [1, 2]) {
    const profile = join(work, `stop-profile-${jobs}.json`)
    const r = run(["--seeds", "seeds", "--out", out, "--reports", reports, "--jobs", String(jobs), "-q"], { RECOUNT_BENCH_STOP: "audit", RECOUNT_PROFILE: profile })
    t.is(r.status, 0, r.stderr)
    t.is(r.stdout, "")
    t.regex(r.stderr, /RECOUNT_BENCH_STOP=audit: 3 articles extracted, normalised and audited on \d thread\(s\); nothing written/)
    const after = { out: tree(out), reports: tree(reports) }
    t.deepEqual([...after.out.keys()], [...before.out.keys()], `--jobs ${jobs}: out/`)
    t.deepEqual([...after.reports.keys()], [...before.reports.keys()], `--jobs ${jobs}: reports/`)
    for (const [name, bytes] of before.out) t.true(bytes.equals(after.out.get(name)!), name)
    for (const [name, bytes] of before.reports) t.true(bytes.equals(after.reports.get(name)!), name)
    const p = JSON.parse(readFileSync(profile, "utf8")) as { stages: Record<string, number>; workerStages?: Record<string, number>; notes: Record<string, number> }
    t.is(p.notes.stoppedAfterAudit, 1)
    t.true(p.notes.analysisWallMs! > 0)
    // Only the three stages ran: no diagnosis, no report, no publish, on any thread.
    const ran = new Set([...Object.keys(p.stages), ...Object.keys(p.workerStages ?? {})])
    for (const stage of ["extract", "normalise", "audit"]) t.true(ran.has(stage), `${stage} ran (--jobs ${jobs})`)
    for (const stage of ["diagnose", "deliver", "report", "publish", "parquet-wait"]) t.false(ran.has(stage), `${stage} did not run (--jobs ${jobs})`)
    if (jobs === 2) {
      t.is(p.notes.workers, 1)
      // The worker's CPU, read once per message (reply.ts createCpuMeter), reaches the profile.
      t.true((p.workerStages?.threadCpu ?? 0) > 0)
      t.true(p.notes.firstReplyCpuMs !== undefined)
    }
  }
  const fresh = { out: join(work, "stop-new-out"), reports: join(work, "stop-new-reports") }
  const r = run(["--seeds", "seeds", "--out", fresh.out, "--reports", fresh.reports, "--jobs", "2", "-q"], { RECOUNT_BENCH_STOP: "audit" })
  t.is(r.status, 0, r.stderr)
  t.false(existsSync(fresh.out))
  t.false(existsSync(fresh.reports))
})

test("RECOUNT_BENCH_STOP with another value is a usage error (exit 2) and writes nothing", (t) => {
  const out = join(work, "stop-bad-out")
  const r = run(["--seeds", "seeds", "--out", out, "--reports", join(work, "stop-bad-reports"), "-q"], { RECOUNT_BENCH_STOP: "diagnose" })
  t.is(r.status, 2, r.stderr)
  t.is(r.stderr.trim(), `recount: RECOUNT_BENCH_STOP must be "audit" or unset (got "diagnose")`)
  t.false(existsSync(out))
})

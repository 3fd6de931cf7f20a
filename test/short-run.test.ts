/**
 * A short run goes without V8's optimising compiler (pipeline/short-run.ts): the command on the
 * seeds switches TurboFan off (the profile's note says so) and writes the same bytes as with it
 * (RECOUNT_TURBOFAN=1 keeps it on: the long path); a run with worker threads, or on more than
 * SHORT_RUN_BYTES of articles, keeps it, with the same bytes. And a test process that imports the
 * pipeline never switches its own compiler off.
 */
import { spawnSync } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import test from "ava"
import { forShortRun, isShortRun, SHORT_RUN_BYTES } from "../pipeline/short-run.ts"
import { ROOT, recountArgs } from "./helpers/recount.ts"
import { sameTree } from "./helpers/tree.ts"

const LAUNCHER = join(ROOT, "dist", "recount")
const work = mkdtempSync(join(tmpdir(), "recount-short-run-"))
test.after.always(() => rmSync(work, { recursive: true, force: true }))

const run = (name: string, args: ReadonlyArray<string>, env: Record<string, string> = {}) => {
  const profile = join(work, `${name}.json`)
  const result = spawnSync(LAUNCHER, ["--out", join(work, `${name}-out`), "--reports", join(work, `${name}-reports`), "-q", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, NODE_OPTIONS: "", RECOUNT_TURBOFAN: "", ...env, RECOUNT_PROFILE: profile }
  })
  return { ...result, notes: (JSON.parse(readFileSync(profile, "utf8")) as { notes?: Record<string, number> }).notes ?? {} }
}

/** The seeds' short run, made by whichever test asks first (each test stands alone, e.g. under --match). */
let shortRun: ReturnType<typeof run> | undefined
const short = () => {
  recountArgs() // builds the bundle when stale
  return (shortRun ??= run("short", []))
}

test.serial("the seeds run without TurboFan and write the bytes of a run with it", (t) => {
  const shortOne = short()
  t.is(shortOne.status, 0, shortOne.stderr)
  t.is(shortOne.notes.turbofanOff, 1)
  const long = run("long", [], { RECOUNT_TURBOFAN: "1" })
  t.is(long.status, 0, long.stderr)
  t.is(long.notes.turbofanOff, undefined)
  t.is(shortOne.stdout.replaceAll("/short-", "/long-"), long.stdout)
  sameTree(t, join(work, "long-out"), join(work, "short-out"))
  sameTree(t, join(work, "long-reports"), join(work, "short-reports"))
})

test.serial("with worker threads the compiler stays on (a worker's code cache needs the same flags)", (t) => {
  t.is(short().status, 0)
  const jobs = run("jobs", ["--jobs", "3"])
  t.is(jobs.status, 0, jobs.stderr)
  t.is(jobs.notes.workers, 2)
  t.is(jobs.notes.turbofanOff, undefined)
  sameTree(t, join(work, "short-out"), join(work, "jobs-out"))
})

test("which runs are short", (t) => {
  t.true(isShortRun(0, 0))
  t.true(isShortRun(0, SHORT_RUN_BYTES))
  t.false(isShortRun(0, SHORT_RUN_BYTES + 1))
  t.false(isShortRun(1, 10))
  // This process is not the command's: nothing is switched off here.
  t.false(forShortRun(0, 10))
})

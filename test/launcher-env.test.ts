/**
 * The launcher (dist/recount, scripts/launcher.sh) starts node without NODE_EXTRA_CA_CERTS: node
 * reads and parses that certificate file at every start, before any JavaScript runs, for TLS
 * connections Recount never makes. Asserted with a file that does not exist: plain node warns
 * that it could not load it (the control: the check can fail), the launcher's node never tries,
 * on the snapshot start and on the plain fallback (NODE_OPTIONS set), and the run's reports are
 * the committed ones, byte for byte.
 */
import { spawnSync } from "node:child_process"
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import test from "ava"
import { ROOT, recountArgs } from "./helpers/recount.ts"
import { sameTree } from "./helpers/tree.ts"

const LAUNCHER = join(ROOT, "dist", "recount")
const work = mkdtempSync(join(tmpdir(), "recount-launcher-env-"))
test.after.always(() => rmSync(work, { recursive: true, force: true }))

const MISSING = join(work, "no-such-certificates.pem")
const WARNING = /Ignoring extra certs/

test("plain node tries to load NODE_EXTRA_CA_CERTS at start (the control)", (t) => {
  const run = spawnSync(process.execPath, ["-e", "0"], { encoding: "utf8", env: { ...process.env, NODE_EXTRA_CA_CERTS: MISSING } })
  t.is(run.status, 0)
  t.regex(run.stderr, WARNING)
})

test("the launcher's node does not load NODE_EXTRA_CA_CERTS, on the snapshot and on the plain start; same reports", (t) => {
  recountArgs() // builds the bundle when stale
  const env = { ...process.env, RECOUNT_PROFILE: "", NODE_EXTRA_CA_CERTS: MISSING }
  for (const [name, extra] of [["snapshot", { NODE_OPTIONS: "" }], ["plain", { NODE_OPTIONS: "--max-old-space-size=4096" }]] as const) {
    const version = spawnSync(LAUNCHER, ["--version"], { cwd: ROOT, encoding: "utf8", env: { ...env, ...extra } })
    t.is(version.status, 0, version.stderr)
    t.notRegex(version.stderr, WARNING, name)
  }
  const run = spawnSync(LAUNCHER, ["--out", join(work, "out"), "--reports", join(work, "reports"), "-q"], { cwd: ROOT, encoding: "utf8", env: { ...env, NODE_OPTIONS: "" } })
  t.is(run.status, 0, run.stderr)
  t.notRegex(run.stderr, WARNING)
  // The committed reports (make all's, the golden test's) byte for byte.
  for (const file of ["anomalies.md", "anomalies.json", "anomalies.sarif", "corrections.patch", "index.html"]) {
    t.true(readFileSync(join(work, "reports", file)).equals(readFileSync(join(ROOT, "reports", file))), file)
  }
})

/**
 * The run's V8 background thread count as its profile reads it from node's options (profile.ts
 * `v8PoolSize`). The seeds through their audit only (RECOUNT_BENCH_STOP=audit: the profile is
 * saved, nothing is written), the cheapest run that saves a profile.
 */
const poolOf = (command: string, args: ReadonlyArray<string>, env: Record<string, string>) => {
  const profile = join(work, `profile-${Math.random().toString(36).slice(2)}.json`)
  const run = spawnSync(command, [...args, "--out", join(work, "pool-out"), "--reports", join(work, "pool-reports"), "-q"], { cwd: ROOT, encoding: "utf8", env: { ...process.env, RECOUNT_PROFILE: profile, RECOUNT_BENCH_STOP: "audit", ...env } })
  if (run.status !== 0) throw new Error(run.stderr)
  return (JSON.parse(readFileSync(profile, "utf8")) as { v8PoolSize: number }).v8PoolSize
}

test("the launcher starts node with one V8 background thread, on the snapshot and on the plain start; a NODE_OPTIONS that sets it wins", (t) => {
  recountArgs() // builds the bundle when stale
  // The control: node's own default, read the same way.
  t.is(poolOf(process.execPath, [join(ROOT, "dist", "recount.mjs")], { NODE_OPTIONS: "" }), 4)
  t.is(poolOf(LAUNCHER, [], { NODE_OPTIONS: "" }), 1, "snapshot start")
  t.is(poolOf(LAUNCHER, [], { NODE_OPTIONS: "--max-old-space-size=4096" }), 1, "plain start")
  t.is(poolOf(LAUNCHER, [], { NODE_OPTIONS: "--v8-pool-size=3" }), 3, "the user's NODE_OPTIONS")
})

/**
 * GLIBC_TUNABLES: the launcher asks glibc's malloc for transparent huge pages for its node
 * (scripts/launcher.sh: fewer page faults at start), unless the environment
 * sets the variable, even to nothing (the user's value is passed unchanged), on both starts. Observed by a `node`
 * first on PATH that records the variable it was started with, then runs the real node.
 */
test("the launcher sets GLIBC_TUNABLES for its node unless the environment sets it, on the snapshot and on the plain start", (t) => {
  recountArgs() // builds the bundle when stale
  const bin = join(work, "tunables-bin")
  mkdirSync(bin)
  const log = join(work, "tunables.log")
  writeFileSync(join(bin, "node"), `#!/bin/sh\nprintf '%s %s\\n' "$1" "\${GLIBC_TUNABLES-unset}" >> '${log}'\nexec '${process.execPath}' "$@"\n`, { mode: 0o755 })
  const seen = (extra: Record<string, string | undefined>) => {
    rmSync(log, { force: true })
    const env: Record<string, string | undefined> = { ...process.env, RECOUNT_PROFILE: "", RECOUNT_CODE_CACHE_STATUS: "1", PATH: `${bin}:${process.env.PATH ?? ""}`, ...extra }
    if (extra.GLIBC_TUNABLES === undefined) delete env.GLIBC_TUNABLES
    const run = spawnSync(LAUNCHER, ["--version"], { cwd: ROOT, encoding: "utf8", env })
    t.is(run.status, 0, run.stderr)
    // The last node started is the one that ran the command (the one before, if any, answered --version).
    const lines = readFileSync(log, "utf8").trim().split("\n")
    return { start: /start-up snapshot/.test(run.stderr) ? "snapshot" : "plain", tunables: lines[lines.length - 1]!.split(" ").slice(1).join(" ") }
  }
  const ours = "glibc.malloc.hugetlb=1"
  t.deepEqual(seen({ NODE_OPTIONS: "" }), { start: "snapshot", tunables: ours })
  t.deepEqual(seen({ NODE_OPTIONS: "--max-old-space-size=4096" }), { start: "plain", tunables: ours })
  t.deepEqual(seen({ NODE_OPTIONS: "", GLIBC_TUNABLES: "glibc.malloc.arena_max=4" }), { start: "snapshot", tunables: "glibc.malloc.arena_max=4" })
  t.deepEqual(seen({ NODE_OPTIONS: "--max-old-space-size=4096", GLIBC_TUNABLES: "glibc.malloc.arena_max=4" }), { start: "plain", tunables: "glibc.malloc.arena_max=4" })
  // Set but empty is set: the user's way to give node no tunables at all (docs/decisions.md says "at all").
  t.deepEqual(seen({ NODE_OPTIONS: "", GLIBC_TUNABLES: "" }), { start: "snapshot", tunables: "" })
  t.deepEqual(seen({ NODE_OPTIONS: "--max-old-space-size=4096", GLIBC_TUNABLES: "" }), { start: "plain", tunables: "" })
  // The control: plain node is started without it (the variable is the launcher's, not the environment's).
  t.deepEqual(spawnSync(process.execPath, ["-p", "process.env.GLIBC_TUNABLES ?? 'unset'"], { encoding: "utf8", env: { ...process.env, GLIBC_TUNABLES: undefined } }).stdout.trim(), "unset")
})

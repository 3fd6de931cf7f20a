/**
 * The command `make all` and package.json's `bin` run, dist/recount (scripts/launcher.sh): it
 * starts node from the start-up snapshot (dist/recount.blob, scripts/snapshot.cjs) when this Node
 * version built it, else runs the plain command (dist/recount.mjs). Asserted: the snapshot is
 * really used (its status line), and a run from it writes the same bytes as a plain run — on the
 * seeds, with worker threads too (they start from the loader), and on an unreadable input (the same
 * message and exit code: the UTF-8 decoder made at module level survives the snapshot); a
 * snapshot another Node version made, or none, falls back to the plain start; the launcher runs
 * through a symbolic link (as npm installs a `bin`) and from another working folder. And the
 * loader's check of its code cache by the bundle file's identity: an edit in place, same inode and
 * length, still runs the edited code.
 */
import { spawnSync } from "node:child_process"
import { closeSync, copyFileSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync, writeSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, relative } from "node:path"
import test from "ava"
import { VERSION } from "../pipeline/version.ts"
import { BUNDLE, ROOT, recountArgs } from "./helpers/recount.ts"
import { sameTree } from "./helpers/tree.ts"

const DIST = join(ROOT, "dist")
const LAUNCHER = join(DIST, "recount")
const work = mkdtempSync(join(tmpdir(), "recount-snapshot-"))
test.after.always(() => rmSync(work, { recursive: true, force: true }))

// (NODE_OPTIONS emptied: when set, the launcher takes the plain start, tested below.)
const STATUS = { RECOUNT_CODE_CACHE_STATUS: "1", RECOUNT_PROFILE: "", NODE_OPTIONS: "" }
const launch = (launcher: string, args: ReadonlyArray<string>, cwd = ROOT) =>
  spawnSync(launcher, args, { cwd, encoding: "utf8", env: { ...process.env, ...STATUS } })
// The plain start: node on the bundle, as the launcher falls back to (recountArgs() rebuilds a stale
// bundle; the arguments it returns start from the snapshot, so the bundle is named here).
const plain = (args: ReadonlyArray<string>) => {
  recountArgs()
  return spawnSync(process.execPath, [BUNDLE, ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, ...STATUS } })
}

/** A copy of the built command in a folder of its own (to edit or remove a part). */
const copyOfDist = (name: string) => {
  recountArgs() // builds the bundle when stale
  const dir = join(work, name)
  mkdirSync(dir)
  for (const file of readdirSync(DIST)) copyFileSync(join(DIST, file), join(dir, file))
  return dir
}

test.serial("the launcher starts from the snapshot and writes the same bytes as the plain start, with worker threads too", (t) => {
  const reference = plain(["--out", join(work, "plain-out"), "--reports", join(work, "plain-reports"), "-q"])
  t.is(reference.status, 0, reference.stderr)
  t.regex(reference.stderr, /recount: code cache accepted/)
  const snap = launch(LAUNCHER, ["--out", join(work, "snap-out"), "--reports", join(work, "snap-reports"), "-q"])
  t.is(snap.status, 0, snap.stderr)
  t.regex(snap.stderr, /recount: start-up snapshot/)
  t.notRegex(snap.stderr, /code cache/, "the bundle is not compiled again")
  t.is(snap.stdout, reference.stdout.replaceAll("plain-", "snap-"))
  sameTree(t, join(work, "plain-out"), join(work, "snap-out"))
  sameTree(t, join(work, "plain-reports"), join(work, "snap-reports"))
  // The seeds forced through two worker threads (--jobs 3: two workers beside the merging main thread; pipeline/parallel/): each starts from dist/recount.mjs.
  const profile = join(work, "jobs-profile.json")
  const jobs = spawnSync(LAUNCHER, ["--out", join(work, "jobs-out"), "--reports", join(work, "jobs-reports"), "-q", "--jobs", "3"], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, ...STATUS, RECOUNT_PROFILE: profile }
  })
  t.is(jobs.status, 0, jobs.stderr)
  t.regex(jobs.stderr, /recount: start-up snapshot/)
  t.is((JSON.parse(readFileSync(profile, "utf8")) as { notes?: Record<string, number> }).notes?.["workers"], 2)
  sameTree(t, join(work, "plain-out"), join(work, "jobs-out"))
  sameTree(t, join(work, "plain-reports"), join(work, "jobs-reports"))
})

test("an unreadable input fails the same way from the snapshot as from the plain start", (t) => {
  recountArgs()
  const seeds = join(work, "bad-seeds")
  mkdirSync(seeds)
  writeFileSync(join(seeds, "bad.txt"), Buffer.from([0x3d, 0x3d, 0x20, 0xff, 0xfe, 0x0a]))
  const args = (k: string) => ["--seeds", seeds, "--out", join(work, `bad-out-${k}`), "--reports", join(work, `bad-reports-${k}`), "-q"]
  const reference = plain(args("plain"))
  const snap = launch(LAUNCHER, args("snap"))
  t.not(reference.status, 0)
  t.is(snap.status, reference.status)
  t.regex(reference.stderr, /UTF-8/i)
  t.is(snap.stderr.replace("recount: start-up snapshot\n", ""), reference.stderr.replace("recount: code cache accepted\n", "").replaceAll("bad-out-plain", "bad-out-snap").replaceAll("bad-reports-plain", "bad-reports-snap"))
})

test("a snapshot another Node version built, or none, is not used: the plain start runs", (t) => {
  const dir = copyOfDist("other-node")
  const launcher = join(dir, "recount")
  writeFileSync(launcher, readFileSync(launcher, "utf8").replace(`"${process.version}"`, "\"v0.0.0\""))
  const other = launch(launcher, ["--version"])
  t.is(other.status, 0, other.stderr)
  t.is(other.stdout.trim(), `recount v${VERSION}`)
  t.regex(other.stderr, /recount: code cache accepted/)
  t.notRegex(other.stderr, /start-up snapshot/)
  const none = copyOfDist("no-blob")
  rmSync(join(none, "recount.blob"))
  const plainStart = launch(join(none, "recount"), ["--version"])
  t.is(plainStart.status, 0, plainStart.stderr)
  t.is(plainStart.stdout, other.stdout)
  t.regex(plainStart.stderr, /recount: code cache accepted/)
})

// The launcher skips `node --version` (~4 ms) when the `node` on PATH is the very file that built
// the snapshot, unchanged: the path build.mjs wrote into it, the same file (-ef) and the same
// modification time as recount.node-stamp. Shown with a copy whose launcher expects version v0.0.0,
// so the version check alone would refuse the snapshot: the snapshot still starts when the node is
// the build's and the stamp is right, and the plain start runs when the stamp's time differs, when
// there is no stamp, and when `node` on PATH is another file (a wrapper that runs the same node:
// the check is on the file, not on what it answers).
test("the launcher knows the build's node by its file and modification time; anything else asks node --version", (t) => {
  const dir = copyOfDist("stamp")
  const launcher = join(dir, "recount")
  const text = readFileSync(launcher, "utf8")
  t.true(text.includes(`"${process.version}"`))
  t.true(text.includes(`-ef "${process.execPath}"`), "the build's node path is in the launcher")
  writeFileSync(launcher, text.replace(`"${process.version}"`, "\"v0.0.0\""))
  const stamp = join(dir, "recount.node-stamp")
  const touch = (...args: Array<string>) => t.is(spawnSync("touch", [...args, stamp]).status, 0)
  // (PATH starts with the folder of the node that runs this test, which built dist/.)
  const onPath = (bin: string) => ({ ...process.env, ...STATUS, PATH: `${bin}:${process.env.PATH ?? ""}` })
  const nodeDir = join(process.execPath, "..")
  // The launcher by its #! line (/bin/sh), or by a named shell (dash and bash both, where installed).
  const run = (env: Record<string, string | undefined>, shell?: string) =>
    shell === undefined ? spawnSync(launcher, ["--version"], { cwd: ROOT, encoding: "utf8", env }) : spawnSync(shell, [launcher, "--version"], { cwd: ROOT, encoding: "utf8", env })
  const started = (env: Record<string, string | undefined>, shell?: string) => {
    const result = run(env, shell)
    t.is(result.status, 0, result.stderr)
    t.is(result.stdout.trim(), `recount v${VERSION}`)
    return /recount: start-up snapshot/.test(result.stderr) ? "snapshot" : /recount: code cache/.test(result.stderr) ? "plain" : "?"
  }
  touch("-r", process.execPath)
  t.is(started(onPath(nodeDir)), "snapshot", "the build's node, unchanged: no version asked")
  const shells = ["dash", "bash"].filter((shell) => spawnSync(shell, ["-c", "exit 0"]).status === 0)
  for (const shell of shells) t.is(started(onPath(nodeDir), shell), "snapshot", `the build's node, under ${shell}`)
  touch("-d", "2001-02-03 04:05:06")
  t.is(started(onPath(nodeDir)), "plain", "another modification time: the version is asked (and differs)")
  for (const shell of shells) t.is(started(onPath(nodeDir), shell), "plain", `another modification time, under ${shell}`)
  const wrapper = join(dir, "wrapper")
  mkdirSync(wrapper)
  writeFileSync(join(wrapper, "node"), `#!/bin/sh\nexec '${process.execPath}' "$@"\n`, { mode: 0o755 })
  touch("-r", process.execPath)
  t.is(started(onPath(wrapper)), "plain", "another file on PATH: the version is asked (and differs)")
  rmSync(stamp)
  t.is(started(onPath(nodeDir)), "plain", "no stamp: the version is asked (and differs)")
})

// A V8 flag in NODE_OPTIONS makes V8 refuse the snapshot (node exits 14 before any of Recount
// runs): with NODE_OPTIONS set, the launcher starts the plain way, with the user's flags applied.
test("with NODE_OPTIONS set (a V8 flag the snapshot was not built with), the launcher takes the plain start", (t) => {
  recountArgs()
  const options = "--max-old-space-size=1536"
  const run = spawnSync(LAUNCHER, ["--version"], { cwd: ROOT, encoding: "utf8", env: { ...process.env, ...STATUS, NODE_OPTIONS: options } })
  t.is(run.status, 0, run.stderr)
  t.is(run.stdout.trim(), `recount v${VERSION}`)
  t.notRegex(run.stderr, /start-up snapshot/i)
  t.regex(run.stderr, /recount: code cache (accepted|rejected)/)
  // The reason for the rule: the snapshot itself under that flag is refused by V8 (if V8 ever
  // accepts it, the rule can be narrowed).
  const blob = join(DIST, "recount.blob")
  // (The launcher's V8 flags only: `$pool` is its node option, see scripts/launcher.sh.)
  const V8_FLAGS = /exec node (.*?) --snapshot-blob/.exec(readFileSync(LAUNCHER, "utf8"))![1]!.split(" ").filter((f) => f !== "" && f !== "$pool")
  const forced = spawnSync(process.execPath, [...V8_FLAGS, "--snapshot-blob", blob, "--", BUNDLE, "--version"], { cwd: ROOT, encoding: "utf8", env: { ...process.env, ...STATUS, NODE_OPTIONS: options } })
  t.not(forced.status, 0, "V8 now accepts the snapshot under a NODE_OPTIONS flag")
})

test("the launcher runs through a symbolic link (an npm `bin`) and from another working folder", (t) => {
  recountArgs()
  const bin = join(work, "bin")
  mkdirSync(bin)
  symlinkSync(LAUNCHER, join(bin, "recount"))
  const linked = launch(join(bin, "recount"), ["--version"], work)
  t.is(linked.status, 0, linked.stderr)
  t.is(linked.stdout.trim(), `recount v${VERSION}`)
  t.regex(linked.stderr, /recount: start-up snapshot/)
  // A relative path from elsewhere: the bundle's own paths (DuckDB's binding, the workers' script) resolve.
  const out = join(work, "relative-out")
  const relativeRun = launch(relative(work, LAUNCHER), ["--seeds", join(ROOT, "seeds"), "--reference", join(ROOT, "seeds", "reference"), "--out", out, "--reports", join(work, "relative-reports"), "-q"], work)
  t.is(relativeRun.status, 0, relativeRun.stderr)
  t.true(readdirSync(out).some((f) => f.endsWith(".parquet")))
  t.true(BUNDLE.endsWith("recount.mjs"))
})

// The loader skips hashing the bundle when the file's identity (inode, size, ctime) is the one its
// cache recorded; an edit in place keeps the inode and the length but changes the ctime, so the
// edited code runs, never the cached functions of the old one.
test("the loader's identity check: a same-length edit of the bundle in place (same inode) runs the edited code", (t) => {
  const dir = copyOfDist("in-place")
  const bundle = join(dir, "recount.cjs")
  const version = () => spawnSync(process.execPath, [join(dir, "recount.mjs"), "--version"], { encoding: "utf8", env: { ...process.env, ...STATUS } })
  // A cache made for this copy (its header names this file's identity).
  const made = spawnSync(process.execPath, [join(dir, "recount.mjs"), "--version"], { encoding: "utf8", env: { ...process.env, RECOUNT_CODE_CACHE_OUT: `${bundle}.cache` } })
  t.is(made.status, 0, made.stderr)
  const before = version()
  t.is(before.stdout.trim(), `recount v${VERSION}`)
  t.regex(before.stderr, /recount: code cache accepted/)
  const inode = statSync(bundle).ino
  const text = readFileSync(bundle, "utf8")
  const needle = `"${VERSION}"`
  const edited = `"${VERSION.slice(0, -1)}${VERSION.endsWith("9") ? "8" : "9"}"`
  t.is(text.split(needle).length, 2, "the version literal appears once")
  const fd = openSync(bundle, "r+")
  try {
    writeSync(fd, edited, Buffer.byteLength(text.slice(0, text.indexOf(needle))))
  } finally {
    closeSync(fd)
  }
  t.is(statSync(bundle).ino, inode)
  t.is(statSync(bundle).size, Buffer.byteLength(text))
  const after = version()
  t.is(after.status, 0, after.stderr)
  t.is(after.stdout.trim(), `recount v${edited.slice(1, -1)}`)
  t.regex(after.stderr, /recount: code cache (rejected|absent)/)
})

// One character beyond Latin-1 anywhere in the bundle makes V8 hold its whole source (1.7 MB) as a
// two-byte string, in every process and in the start-up snapshot (docs/decisions.md, "An ASCII
// bundle"). esbuild escapes string literals itself; what it leaves as written is a comment it keeps
// (a property's JSDoc), a regular expression literal and a String.raw template: write those ASCII
// (`\u2019` in a pattern, `${MDASH}` in the page's String.raw, see pipeline/report/html.ts).
test("the bundle is ASCII, so V8 holds its source one byte a character", (t) => {
  recountArgs()
  const source = readFileSync(join(DIST, "recount.cjs"), "utf8")
  const at = source.search(/[^\x00-\x7f]/)
  const line = at < 0 ? 0 : source.slice(0, at).split("\n").length
  t.is(at, -1, at < 0 ? "" : `dist/recount.cjs:${line}: ${JSON.stringify(source.slice(Math.max(0, at - 60), at + 20))}`)
})

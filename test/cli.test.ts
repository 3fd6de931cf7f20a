/**
 * The command line as a user runs it: `node dist/recount.mjs …` (the bundle `make all` runs; one
 * test runs the sources through tsx) from the repo root.
 * Exit codes (0 ran, 1 findings at/above --fail-on, 2 usage, 3 unreadable input), one-line
 * messages naming the culprit, and an existing output folder left untouched when input fails.
 * Six spawns in all (each takes a second or two).
 */
import { spawnSync } from "node:child_process"
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { recountArgs } from "./helpers/recount.ts"
import test from "ava"
import type { Manifest } from "../pipeline/emit/emit.ts"

const ROOT = fileURLToPath(new URL("../", import.meta.url))

const temps: Array<string> = []
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "recount-cli-"))
  temps.push(dir)
  return dir
}
test.after.always(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true })
})

const recount = (args: ReadonlyArray<string>) => {
  const result = spawnSync(process.execPath, [...recountArgs(), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: "1" }
  })
  if (result.error) throw result.error
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

/** An output folder that already holds a sentinel file and an old results.csv. */
const existingOut = (dir: string) => {
  const out = join(dir, "out")
  mkdirSync(out)
  writeFileSync(join(out, "SENTINEL"), "do not touch\n")
  writeFileSync(join(out, "results.csv"), "result_id,votes\r\nold,1")
  return out
}
const snapshot = (dir: string) =>
  Object.fromEntries(readdirSync(dir).sort().map((name) => [name, readFileSync(join(dir, name)).toString("base64")]))

/** Runs with unreadable input; checks exit 3, a one-line message, and that nothing was written. */
const unreadable = (seeds: string, dir: string) => {
  const out = existingOut(dir)
  const before = snapshot(out)
  const reports = join(dir, "reports")
  const result = recount(["--seeds", seeds, "--out", out, "--reports", reports])
  return { ...result, unchanged: () => snapshot(out), before, reportsWritten: existsSync(reports) }
}

test("a missing seeds folder: a usage error (exit 2) naming the path, out/ untouched", (t) => {
  const dir = tempDir()
  const seeds = join(dir, "no-such-folder")
  const run = unreadable(seeds, dir)
  t.is(run.status, 2)
  t.true(run.stderr.split("\n")[0]!.includes(seeds), run.stderr)
  t.is(run.stdout, "")
  t.deepEqual(run.unchanged(), run.before)
  t.false(run.reportsWritten, "no reports folder is created")
})

test("an article that is not UTF-8: exit 3, naming the file and line 2, out/ untouched", (t) => {
  const dir = tempDir()
  const seeds = join(dir, "seeds")
  mkdirSync(seeds)
  const bad = join(seeds, "x.txt")
  writeFileSync(bad, Buffer.from([0x3d, 0x20, 0x41, 0x0a, 0x66, 0x6f, 0xff, 0x0a]))
  const run = unreadable(seeds, dir)
  t.is(run.status, 3)
  const message = run.stderr.trim()
  t.false(message.includes("\n"), `one line: ${message}`)
  t.true(message.includes(bad), message)
  t.regex(message, /x\.txt:2\b|line 2\b/, message)
  t.deepEqual(run.unchanged(), run.before)
  t.false(run.reportsWritten, "no reports folder is created")
})

test("a dangling symlink a.txt: exit 3, naming it, out/ untouched", (t) => {
  const dir = tempDir()
  const seeds = join(dir, "seeds")
  mkdirSync(seeds)
  symlinkSync(join(dir, "nowhere.txt"), join(seeds, "a.txt"))
  copyFileSync(join(ROOT, "seeds", "2004-french-senate-election.txt"), join(seeds, "b.txt"))
  const run = unreadable(seeds, dir)
  t.is(run.status, 3)
  const message = run.stderr.trim()
  t.false(message.includes("\n"), `one line: ${message}`)
  t.true(message.includes(join(seeds, "a.txt")), message)
  t.deepEqual(run.unchanged(), run.before)
  t.false(run.reportsWritten, "no reports folder is created")
})

test("an unknown flag: exit 2, the flag named first on stderr, then the usage; nothing on stdout", (t) => {
  const run = recount(["--frobnicate"])
  t.is(run.status, 2)
  t.regex(run.stderr.split("\n")[0]!, /^recount: .*--frobnicate/)
  t.regex(run.stderr, /USAGE/)
  t.regex(run.stderr, /--fail-on/)
  t.regex(run.stderr, /exit codes:/)
  t.is(run.stdout, "")
})

test("a flag is never swallowed as another flag's value; a bad --fail-on value is a usage error", (t) => {
  const swallowed = recount(["--out", "--force"])
  t.is(swallowed.status, 2, swallowed.stderr)
  t.is(swallowed.stdout, "")
  const bad = recount(["--fail-on", "sometimes"])
  t.is(bad.status, 2)
  t.regex(bad.stderr.split("\n")[0]!, /fail-on/)
})

test("--help lists every flag with its default, and the exit codes; --version is package.json's", (t) => {
  const help = recount(["--help"])
  t.is(help.status, 0, help.stderr)
  for (const flag of ["--seeds", "--out", "--reports", "--reference", "--fail-on", "--force", "--quiet", "--jobs"]) {
    const line = help.stdout.split("\n").find((l) => l.trimStart().startsWith(flag))
    t.truthy(line, `${flag} in --help`)
    t.regex(line!, /\(default: /, line)
  }
  t.regex(help.stdout, /exit codes: 0 ran; 1 .*; 2 usage error; 3 unreadable input; 4 cannot write output/)
  t.regex(help.stdout, /\brun\b/)
  const version = recount(["--version"])
  t.is(version.status, 0)
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }
  t.is(version.stdout.trim(), `recount v${pkg.version}`)
})

/** The command run from another working folder (as an installed `recount` is). */
const recountIn = (cwd: string, args: ReadonlyArray<string>) => {
  const result = spawnSync(process.execPath, [...recountArgs(), ...args], { cwd, encoding: "utf8", timeout: 60_000, env: { ...process.env, NO_COLOR: "1" } })
  if (result.error) throw result.error
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

test("without --reference, a folder with no seeds/reference uses the reference Recount ships with: same report as in the repository", (t) => {
  const dir = tempDir()
  const run = recountIn(dir, ["--seeds", join(ROOT, "seeds"), "--out", "out", "--reports", "reports", "-q"])
  t.is(run.status, 0, run.stderr)
  t.false(existsSync(join(dir, "seeds")), "nothing made in the working folder but --out and --reports")
  t.is(readFileSync(join(dir, "reports", "anomalies.json"), "utf8"), readFileSync(join(ROOT, "reports", "anomalies.json"), "utf8"))
})

test("without --reference, the working folder's seeds/reference is preferred to the shipped one (a missing file there is exit 3 naming it)", (t) => {
  const dir = tempDir()
  mkdirSync(join(dir, "seeds", "reference"), { recursive: true })
  for (const name of ["regional-councils.csv", "electoral-law.csv"]) copyFileSync(join(ROOT, "seeds", "reference", name), join(dir, "seeds", "reference", name))
  const run = recountIn(dir, ["--seeds", join(ROOT, "seeds"), "--out", "out", "--reports", "reports", "-q"])
  t.is(run.status, 3, run.stderr)
  t.regex(run.stderr, /seeds\/reference\/parties\.csv/)
  t.false(existsSync(join(dir, "reports")), "nothing published")
})

test("--fail-on error on the seeds: exit 1 (the seeds contain errors)", (t) => {
  const dir = tempDir()
  const run = recount(["--out", join(dir, "out"), "--reports", join(dir, "reports"), "--fail-on", "error"])
  t.is(run.status, 1, run.stderr)
  t.regex(run.stderr, /finding\(s\) at or above 'error'/)
  const errors = /(\d+) findings \((\d+) errors,/.exec(run.stdout)
  t.truthy(errors, run.stdout)
  t.true(Number(errors?.[2]) > 0)
  t.true(existsSync(join(dir, "out", "manifest.json")), "the tables are still written")
})

test("a normal run (the run subcommand, from the sources through tsx): exit 0 and the summary line on stdout", (t) => {
  const dir = tempDir()
  const out = join(dir, "out")
  const reports = join(dir, "reports")
  const result = spawnSync(process.execPath, ["--import", "tsx", "pipeline/main.ts", "run", "--seeds", "seeds", "--out", out, "--reports", reports], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 60_000
  })
  const run = { status: result.status, stdout: result.stdout, stderr: result.stderr }
  t.is(run.status, 0, run.stderr)
  t.is(run.stderr, "")
  const lines = run.stdout.trim().split("\n")
  t.is(lines.length, 1, run.stdout)
  const m = /^recount: (\d+) articles, (\d+) tables, (\d+) results, (\d+) seat rows → (.+)\/; (\d+) faults \((\d+) errors, (\d+) warnings, (\d+) info\), (\d+) findings \((\d+) errors, (\d+) warnings, (\d+) info\) → (.+)\/anomalies\.md$/
    .exec(lines[0]!)
  if (m === null) return t.fail(`summary line: ${lines[0]}`)
  const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as Manifest
  const rowsOf = (name: string): number => manifest.tables.find((table) => table.name === name)?.rows ?? -1
  t.is(Number(m[1]), 3)
  t.is(Number(m[2]), rowsOf("tables"))
  t.is(Number(m[3]), rowsOf("results"))
  t.is(Number(m[4]), rowsOf("seats"))
  t.is(m[5], out)
  t.is(Number(m[6]), rowsOf("faults") === -1 ? -1 : Number(m[6]))
  t.is(Number(m[7]) + Number(m[8]) + Number(m[9]), Number(m[6]))
  t.is(Number(m[10]), rowsOf("anomalies"))
  t.is(Number(m[11]) + Number(m[12]) + Number(m[13]), Number(m[10]))
  t.is(m[14], reports)
  const written = readdirSync(reports)
  t.true(written.includes("anomalies.json") && written.includes("anomalies.md"), written.join(", "))
})

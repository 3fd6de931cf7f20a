/**
 * Publishing (issue 7, items 2 and 3): only Recount's own files are ever replaced, and out/ and
 * reports/ are published as one transaction that a kill -9 at any step cannot split.
 *
 * The pipeline runs as a child process (`node dist/recount.mjs`, see helpers/recount.ts), on one article so
 * that a run takes a few seconds; the runs that are killed stop at a named step of the publish
 * (`RECOUNT_TEST_PAUSE_AT`, test-only, see pipeline/emit/publish.ts) and are SIGKILLed there.
 * The spawning tests are serial (the machine has few cores).
 */
import { spawn, spawnSync } from "node:child_process"
import { createHash } from "node:crypto"
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { recountArgs } from "./helpers/recount.ts"
import test, { type ExecutionContext } from "ava"
import * as Effect from "effect/Effect"
import type { Manifest } from "../pipeline/emit/emit.ts"
import { describeFsCause, EmitError } from "../pipeline/emit/errors.ts"
import { JOURNAL_FILE, manifestNames, publish, recoverSync, type ReportsManifest, runIdentity } from "../pipeline/emit/publish.ts"

const ROOT = fileURLToPath(new URL("../", import.meta.url))
/** The previous run's article and the new run's: different, so that the two runs' files differ. */
const PREVIOUS_SEEDS = join(ROOT, "seeds", "2004-french-senate-election.txt")
const NEW_SEEDS = join(ROOT, "seeds", "2004-french-cantonal-elections.txt")

const temps: Array<string> = []
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "recount-publish-"))
  temps.push(dir)
  return dir
}
test.after.always(() => {
  for (const dir of temps) {
    try {
      chmodSync(join(dir, "reports"), 0o755)
    } catch { /* not there */ }
    rmSync(dir, { recursive: true, force: true })
  }
})

const args = (seeds: string, dir: string, extra: ReadonlyArray<string> = []) =>
  [...recountArgs(), "--seeds", seeds, "--out", join(dir, "out"), "--reports", join(dir, "reports"), ...extra]

const env = (pauseAt?: string) => {
  const e: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" }
  delete e["RECOUNT_TEST_PAUSE_AT"]
  if (pauseAt !== undefined) e["RECOUNT_TEST_PAUSE_AT"] = pauseAt
  return e
}

const recount = (seeds: string, dir: string, extra: ReadonlyArray<string> = []) => {
  const result = spawnSync(process.execPath, args(seeds, dir, extra), { cwd: ROOT, encoding: "utf8", timeout: 90_000, env: env() })
  if (result.error) throw result.error
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}

/** Runs the pipeline until it pauses at `step`, then SIGKILLs it. Resolves with its stderr. */
const killAt = (seeds: string, dir: string, step: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args(seeds, dir), { cwd: ROOT, env: env(step), stdio: ["ignore", "ignore", "pipe"] })
    let stderr = ""
    let paused = false
    const timer = setTimeout(() => child.kill("SIGKILL"), 90_000)
    child.stderr.setEncoding("utf8")
    child.stderr.on("data", (chunk: string) => {
      stderr += chunk
      if (!paused && stderr.includes(`recount: test pause at ${step}\n`)) {
        paused = true
        child.kill("SIGKILL")
      }
    })
    child.on("error", reject)
    child.on("exit", (code, signal) => {
      clearTimeout(timer)
      if (paused && signal === "SIGKILL") resolve(stderr)
      else reject(new Error(`the run did not pause at ${step} (exit ${code}, signal ${signal}): ${stderr}`))
    })
  })

/** Every entry under `dir` (recursively), with the sha256 of each file: exact before/after comparisons. */
const snapshot = (dir: string): Record<string, string> => {
  const result: Record<string, string> = {}
  const walk = (path: string, prefix: string) => {
    for (const name of readdirSync(path).sort()) {
      const full = join(path, name)
      if (statSync(full).isDirectory()) {
        result[`${prefix}${name}/`] = "<dir>"
        walk(full, `${prefix}${name}/`)
      } else {
        result[`${prefix}${name}`] = createHash("sha256").update(readFileSync(full)).digest("hex")
      }
    }
  }
  walk(dir, "")
  return result
}

const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex")

/** User files placed in both folders: never touched by any run. */
const USER_FILES = [["out", "my_survey.csv", "id,answer\r\n1,yes\r\n"], ["reports", "notes.md", "# my notes\n"]] as const

/**
 * Checks that out/ and reports/ belong to one run: both manifests carry the same run identity,
 * that identity is recomputed from the two manifests' file lists, every listed file matches its
 * sha256 and size, and the folders hold nothing else but the manifest and the user files.
 * Returns the run identity.
 */
const checkSameRun = (t: ExecutionContext, dir: string, userFiles = true): string => {
  const out = JSON.parse(readFileSync(join(dir, "out", "manifest.json"), "utf8")) as Manifest
  const reports = JSON.parse(readFileSync(join(dir, "reports", "manifest.json"), "utf8")) as ReportsManifest
  t.is(out.run, reports.run, "out/ and reports/ come from the same run")
  const outFiles = [...out.tables.flatMap((table) => table.files), ...(out.files ?? [])]
  t.is(runIdentity([{ role: "out", files: outFiles }, { role: "reports", files: reports.files }]), out.run, "the run identity matches the manifests")
  for (const [folder, files] of [["out", outFiles], ["reports", reports.files]] as const) {
    for (const file of files) {
      const path = join(dir, folder, file.name)
      t.is(sha256(path), file.sha256, `${folder}/${file.name} matches its manifest`)
      t.is(statSync(path).size, file.bytes)
    }
    const users = userFiles ? USER_FILES.filter(([f]) => f === folder).map(([, name]) => name) : []
    t.deepEqual(readdirSync(join(dir, folder)).sort(), [...files.map((f) => f.name), "manifest.json", ...users].sort(), `${folder}/: nothing else`)
  }
  return out.run
}

const addUserFiles = (dir: string) => {
  for (const [folder, name, content] of USER_FILES) writeFileSync(join(dir, folder, name), content)
}

/** The previous run's out/ and reports/ (with user files), and the new run's as an uninterrupted run leaves them. */
let templates: Promise<{ readonly previous: string; readonly next: string }> | null = null
const getTemplates = (t: ExecutionContext) =>
  (templates ??= (async () => {
    const previous = tempDir()
    const first = recount(PREVIOUS_SEEDS, previous)
    if (first.status !== 0) throw new Error(first.stderr)
    addUserFiles(previous)
    const next = tempDir()
    cpSync(previous, next, { recursive: true })
    const second = recount(NEW_SEEDS, next)
    if (second.status !== 0) throw new Error(second.stderr)
    return { previous, next }
  })()).then((x) => {
    t.log(`templates in ${x.previous} and ${x.next}`)
    return x
  })

const copyOf = (template: string) => {
  const dir = tempDir()
  cpSync(template, dir, { recursive: true })
  return dir
}

const bothSnapshots = (dir: string) => ({ out: snapshot(join(dir, "out")), reports: snapshot(join(dir, "reports")) })

test.serial("a user file in --out and one in --reports survive a run; the manifests tie both folders to one run", async (t) => {
  const { previous, next } = await getTemplates(t)
  const previousRun = checkSameRun(t, previous)
  const nextRun = checkSameRun(t, next)
  t.not(previousRun, nextRun)
  for (const [folder, name, content] of USER_FILES) {
    t.is(readFileSync(join(next, folder, name), "utf8"), content, `${folder}/${name} is intact`)
  }
  // The manifests list only Recount's files.
  const out = readFileSync(join(next, "out", "manifest.json"), "utf8")
  t.false(out.includes("my_survey.csv"))
  t.false(readFileSync(join(next, "reports", "manifest.json"), "utf8").includes("notes.md"))
  t.deepEqual(readdirSync(next).sort(), ["out", "reports"], "no staging folder or journal left")
  // Deterministic: the same input gives the same manifests, byte for byte.
  const again = copyOf(next)
  const run = recount(NEW_SEEDS, again)
  t.is(run.status, 0, run.stderr)
  t.deepEqual(bothSnapshots(again), bothSnapshots(next))
})

test.serial("a non-empty folder without a Recount manifest is refused (exit 2, nothing written); --force writes beside the user's file", (t) => {
  for (const folder of ["out", "reports"]) {
    const dir = tempDir()
    mkdirSync(join(dir, folder))
    writeFileSync(join(dir, folder, "my_survey.csv"), "mine\n")
    writeFileSync(join(dir, folder, ".gitkeep"), "")
    const refused = recount(PREVIOUS_SEEDS, dir)
    t.is(refused.status, 2, refused.stderr)
    t.true(refused.stderr.includes(join(dir, folder)), refused.stderr)
    t.regex(refused.stderr, /holds no Recount manifest/)
    t.regex(refused.stderr, /--force/)
    t.deepEqual(readdirSync(dir).sort(), [folder], "nothing written, the other folder not even created")
    t.deepEqual(readdirSync(join(dir, folder)).sort(), [".gitkeep", "my_survey.csv"])

    const forced = recount(PREVIOUS_SEEDS, dir, ["--force"])
    t.is(forced.status, 0, forced.stderr)
    t.is(readFileSync(join(dir, folder, "my_survey.csv"), "utf8"), "mine\n")
    t.true(existsSync(join(dir, folder, ".gitkeep")))
    t.true(existsSync(join(dir, folder, "manifest.json")))
  }
  // A folder holding only .gitkeep / .gitignore counts as empty.
  const dir = tempDir()
  mkdirSync(join(dir, "out"))
  writeFileSync(join(dir, "out", ".gitkeep"), "")
  writeFileSync(join(dir, "out", ".gitignore"), "*\n")
  const run = recount(PREVIOUS_SEEDS, dir)
  t.is(run.status, 0, run.stderr)
  t.true(existsSync(join(dir, "out", ".gitignore")))
})

test("a file of the user's whose name Recount needs is refused, even with force, and nothing is written", async (t) => {
  const dir = tempDir()
  const reports = join(dir, "reports")
  mkdirSync(reports)
  writeFileSync(join(reports, "a.md"), "the user's a.md\n")
  const before = snapshot(reports)
  for (const force of [false, true]) {
    const error = await Effect.runPromise(
      Effect.flip(publish([{ role: "reports", dir: reports, files: [{ name: "a.md", content: "x" }], manifest: (run, files) => ({ run, files }) }], { force }))
    )
    t.is(error._tag, "UsageError")
    t.true(error.message.includes(force ? join(reports, "a.md") : reports), error.message)
    t.deepEqual(snapshot(reports), before)
  }
  t.deepEqual(readdirSync(dir), ["reports"])
})

/**
 * Kill points: before the journal, right after it, during the moves of the old files and of the
 * new ones, at the last move, after the switch (not committed) and after the commit.
 */
test.serial("SIGKILL at any step of the publish: the next run finds out/ and reports/ both the previous run's or both the new run's", async (t) => {
  const { previous, next } = await getTemplates(t)
  const previousState = bothSnapshots(previous)
  const nextState = bothSnapshots(next)
  // Renames in the switch: every previous file (manifests included) out, every new file in.
  const count = (dir: string, folder: string) => readdirSync(join(dir, folder)).filter((n) => !USER_FILES.some(([, u]) => u === n)).length
  const oldMoves = count(previous, "out") + count(previous, "reports")
  const newOut = count(next, "out")
  const total = oldMoves + newOut + count(next, "reports")
  const points: ReadonlyArray<[string, "previous" | "new"]> = [
    ["staged", "previous"],
    ["journal", "previous"],
    ["move-1", "previous"],
    [`move-${oldMoves}`, "previous"],
    [`move-${oldMoves + 1}`, "previous"],
    [`move-${oldMoves + newOut}`, "previous"], // out/ complete with its manifest, reports/ not yet
    [`move-${total}`, "previous"],
    ["switched", "previous"],
    ["committed", "new"]
  ]
  for (const [step, expected] of points) {
    const dir = copyOf(previous)
    // A leftover of the previous implementation, next to out/: cleaned too.
    mkdirSync(join(dir, "out.staging-Ab12Cd"))
    writeFileSync(join(dir, "out.staging-Ab12Cd", "results.csv"), "half-written")
    await killAt(NEW_SEEDS, dir, step)
    const leftovers = [...readdirSync(join(dir, "out")), ...readdirSync(join(dir, "reports"))].filter((n) => n.startsWith(".recount-"))
    t.true(leftovers.length > 0, `${step}: the killed run left its staging folders`)

    recoverSync([join(dir, "out"), join(dir, "reports")])
    t.deepEqual(bothSnapshots(dir), expected === "previous" ? previousState : nextState, `killed at ${step}: ${expected} state`)
    checkSameRun(t, dir)
    t.deepEqual(readdirSync(dir).sort(), ["out", "reports"], `${step}: leftovers cleaned`)
  }
})

test.serial("a kill during the recovery itself is recovered by the run after; a normal run recovers and publishes", async (t) => {
  const { previous, next } = await getTemplates(t)
  const dir = copyOf(previous)
  await killAt(NEW_SEEDS, dir, "move-40")
  t.true(existsSync(join(dir, "out", JOURNAL_FILE)))
  // The next run starts by rolling back, and is killed in the middle of it.
  await killAt(NEW_SEEDS, dir, "rollback-5")
  t.true(existsSync(join(dir, "out", JOURNAL_FILE)), "the journal stays until the rollback is complete")
  // The run after that rolls back the rest and publishes.
  const run = recount(NEW_SEEDS, dir)
  t.is(run.status, 0, run.stderr)
  t.deepEqual(bothSnapshots(dir), bothSnapshots(next))
  checkSameRun(t, dir)
  t.deepEqual(readdirSync(dir).sort(), ["out", "reports"])
})

test.serial("an unwritable reports folder: exit 4 naming the path and the cause, the previous outputs intact", async (t) => {
  const { previous } = await getTemplates(t)
  const dir = copyOf(previous)
  const reports = join(dir, "reports")
  const before = bothSnapshots(dir)
  const root = process.getuid?.() === 0
  if (root) {
    // Root ignores permissions: a file where the folder should be makes the folder unwritable instead.
    rmSync(reports, { recursive: true })
    writeFileSync(reports, "a file, not a folder\n")
  } else {
    chmodSync(reports, 0o555)
  }
  const run = recount(NEW_SEEDS, dir)
  t.is(run.status, 4, run.stderr)
  const message = run.stderr.trim()
  t.false(message.includes("\n"), message)
  t.true(message.includes(reports), message)
  t.regex(message, root ? /not a directory/ : /permission denied/)
  if (root) {
    t.deepEqual(snapshot(join(dir, "out")), before.out)
    t.is(readFileSync(reports, "utf8"), "a file, not a folder\n")
  } else {
    chmodSync(reports, 0o755)
    t.deepEqual(bothSnapshots(dir), before)
  }
  t.deepEqual(readdirSync(dir).sort(), ["out", "reports"])
  if (!root) checkSameRun(t, dir)
})

test("a file-system error in the middle of the switch rolls everything back and names the path and the cause", async (t) => {
  const dir = tempDir()
  const out = join(dir, "out")
  const reports = join(dir, "reports")
  const folders = (names: ReadonlyArray<string>, version: string) => [
    { role: "out", dir: out, files: names.map((name) => ({ name, content: `${name} ${version}` })), manifest: (run: string, files: ReadonlyArray<unknown>) => ({ run, files }) },
    { role: "reports", dir: reports, files: [{ name: "anomalies.md", content: `r ${version}` }], manifest: (run: string, files: ReadonlyArray<unknown>) => ({ run, files }) }
  ]
  await Effect.runPromise(publish(folders(["a.csv", "b.csv"], "1"), { force: false }))
  writeFileSync(join(out, "mine.txt"), "mine")
  const before = bothSnapshots(dir)
  // After the journal is written, a folder appears where the new out/c.csv goes: that rename fails.
  const steps: Array<string> = []
  const onStep = (step: string) => {
    steps.push(step)
    if (step === "journal") mkdirSync(join(out, "c.csv", "x"), { recursive: true })
  }
  const error = await Effect.runPromise(Effect.flip(publish(folders(["a.csv", "b.csv", "c.csv"], "2"), { force: false, hooks: { onStep } })))
  t.true(error instanceof EmitError, String(error))
  t.true(error.message.includes(join(out, "c.csv")), error.message)
  t.regex(error.message, /is a directory|directory not empty/)
  // Old files out (3 in out/, 2 in reports/), then a.csv and b.csv in; c.csv failed; then the rollback.
  t.deepEqual(steps, ["staged", "journal", "move-1", "move-2", "move-3", "move-4", "move-5", "move-6", "move-7"])
  // Everything is back; only the folder put in the way (not Recount's) remains, and nothing is left over.
  const after = bothSnapshots(dir)
  t.deepEqual(after.reports, before.reports)
  t.deepEqual(after.out, { ...before.out, "c.csv/": "<dir>", "c.csv/x/": "<dir>" })
  t.deepEqual(readdirSync(dir).sort(), ["out", "reports"])
})

test("what counts as a Recount manifest: this version's, earlier versions' out/ manifest; not another tool's manifest.json", (t) => {
  const file = { name: "a.csv", bytes: 1, sha256: "0".repeat(64) }
  t.deepEqual(manifestNames(JSON.stringify({ run: "r", files: [file] })), ["a.csv"])
  t.deepEqual(manifestNames(JSON.stringify({ run: "r", tables: [{ name: "a", rows: 0, columns: [], files: [file] }] })), ["a.csv"])
  t.deepEqual(manifestNames(JSON.stringify({ tables: [{ name: "a", rows: 0, columns: [], files: [file] }] })), ["a.csv"], "earlier versions: no run")
  const extra = { ...file, name: "datapackage.json" }
  t.deepEqual(manifestNames(JSON.stringify({ run: "r", tables: [{ name: "a", rows: 0, columns: [], files: [file] }], files: [extra] })), ["a.csv", "datapackage.json"], "out/: tables and the files beside them")
  t.is(manifestNames(JSON.stringify({ run: "r", tables: [], files: [{ ...extra, name: "../x" }] })), null, "a file beside the tables: plain names only")
  t.is(manifestNames(JSON.stringify({ files: [{ name: "a.csv" }] })), null, "no run, no sha256")
  t.is(manifestNames(JSON.stringify({ run: "r", files: [{ ...file, name: "../a.csv" }] })), null, "not a plain name")
  t.is(manifestNames(JSON.stringify({ name: "my app", icons: [] })), null)
  t.is(manifestNames("not json"), null)
})

test("file-system causes are named in words", (t) => {
  const error = (code: string) => Object.assign(new Error(`${code}: something`), { code })
  t.is(describeFsCause(error("ENOSPC")), "no space left on device (ENOSPC)")
  t.is(describeFsCause(error("EROFS")), "read-only file system (EROFS)")
  t.is(describeFsCause(error("EACCES")), "permission denied (EACCES)")
  t.regex(describeFsCause(error("EPERM")), /^permission denied/)
  t.is(describeFsCause(error("ENOTDIR")), "not a directory (ENOTDIR)")
  t.is(describeFsCause(new Error("plain")), "plain")
})

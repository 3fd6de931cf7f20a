/**
 * The `recount` bundle's plain run on a folder of articles, for the tests that only read its
 * outputs: on the seeds (test/consumers.test.ts, test/python-consumers.test.ts) and on the fixture
 * articles with their reference (test/consumers.test.ts, test/fixtures.test.ts): one run per input
 * between them (~0.6 s of CPU each), kept in .tmp/seeds-run/<input>/<key>/ for the next `make test`
 * too. The key is the sha256 of everything the outputs derive from (every file of dist/,
 * package-lock.json for the packages it loads at run time, every file of the articles and reference
 * folders, the arguments, the Node version that runs it), so any change makes a new run; an input's runs of other keys are
 * removed. Concurrent test files may both run it; each writes its own folder and renames it into
 * place, and the first rename wins. A shared run must never be written into (a test that did would
 * make the others' results depend on the order they ran in, across `make test` runs too): the
 * sha256 of its out/ and reports/ is recorded beside them when it is made and checked at every use,
 * which fails loudly, naming the folder, when they changed.
 */
import { spawnSync } from "node:child_process"
import { createHash } from "node:crypto"
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs"
import { dirname, join, relative } from "node:path"
import { BUNDLE, recountArgs, ROOT } from "./recount.ts"

export interface SeedsRun {
  readonly dir: string
  readonly out: string
  readonly reports: string
}

const spawnRun = (dir: string, seeds: string, reference: string): SeedsRun => {
  const out = join(dir, "out")
  const reports = join(dir, "reports")
  const run = spawnSync(process.execPath, [...recountArgs(), "--seeds", seeds, "--reference", reference, "--out", out, "--reports", reports, "--quiet"], {
    cwd: ROOT,
    encoding: "utf8"
  })
  if (run.status !== 0) throw new Error(`recount failed (${run.status}): ${run.stderr}`)
  return { dir, out, reports }
}

const filesUnder = (dir: string): Array<string> =>
  readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })

/** The sha256 of the bundle, the lockfile, the seeds and reference files (names and bytes), the arguments and the Node version. */
export const seedsRunKey = (seeds: string, reference: string): string => {
  const hash = createHash("sha256")
  recountArgs() // rebuilds a stale bundle first
  // Every file of dist/: the command (dist/recount.mjs) is a loader; the code is dist/recount.cjs.
  for (const file of [...filesUnder(dirname(BUNDLE)), join(ROOT, "package-lock.json"), ...filesUnder(seeds), ...filesUnder(reference)]) {
    hash.update(`${relative(ROOT, file)}\0`).update(readFileSync(file)).update("\0")
  }
  return hash.update(JSON.stringify([relative(ROOT, seeds), relative(ROOT, reference), process.version])).digest("hex").slice(0, 16)
}

const SHARED = join(ROOT, ".tmp", "seeds-run")
/** The file beside out/ and reports/ holding their digest when the run was made. */
const DIGEST_FILE = "outputs.sha256"

/** The sha256 of every file under the run's out/ and reports/ (names and bytes). */
const outputsDigest = (dir: string): string => {
  const hash = createHash("sha256")
  for (const file of [...filesUnder(join(dir, "out")), ...filesUnder(join(dir, "reports"))]) {
    hash.update(`${relative(dir, file)}\0`).update(readFileSync(file)).update("\0")
  }
  return hash.digest("hex")
}

/** The shared run, checked unchanged since it was made. */
const untouched = (run: SeedsRun): SeedsRun => {
  const recorded = readFileSync(join(run.dir, DIGEST_FILE), "utf8")
  if (outputsDigest(run.dir) !== recorded) {
    throw new Error(`the shared run in ${run.dir} was written into after it was made (a test must copy it first); remove .tmp/seeds-run to start again`)
  }
  return run
}

/** The plain run on `seeds` with `reference` (absolute folders), shared: never write into its folders. */
export const sharedRun = (seeds: string, reference: string): SeedsRun => {
  const key = seedsRunKey(seeds, reference)
  // One folder per input (its path from the repository root, as a name), holding its current run.
  const input = join(SHARED, relative(ROOT, seeds).replaceAll(/[^A-Za-z0-9]+/g, "-"))
  const dir = join(input, key)
  const shared = { dir, out: join(dir, "out"), reports: join(dir, "reports") }
  if (existsSync(join(dir, DIGEST_FILE))) return untouched(shared)
  mkdirSync(input, { recursive: true })
  // This input's runs of earlier keys are stale: removed (only this helper writes in .tmp/seeds-run/).
  for (const name of readdirSync(input)) if (!name.startsWith(".") && name !== key) rmSync(join(input, name), { recursive: true, force: true })
  // A folder of this key without its digest is an older helper's (a run is renamed into place with its digest).
  rmSync(dir, { recursive: true, force: true })
  const own = mkdtempSync(join(input, `.${key}-`))
  spawnRun(own, seeds, reference)
  writeFileSync(join(own, DIGEST_FILE), outputsDigest(own))
  try {
    renameSync(own, dir)
  } catch (e) {
    // Another test file's run got there first: the same inputs, so the same outputs.
    if (!existsSync(join(dir, DIGEST_FILE))) throw e
    rmSync(own, { recursive: true, force: true })
  }
  return untouched(shared)
}

/** The plain run on the seeds, shared: never write into its folders. */
export const sharedSeedsRun = (): SeedsRun => sharedRun(join(ROOT, "seeds"), join(ROOT, "seeds", "reference"))

/** The plain run on the fixture articles (test/fixtures/articles) with their reference, shared: never write into its folders. */
export const sharedFixturesRun = (): SeedsRun => sharedRun(join(ROOT, "test", "fixtures", "articles"), join(ROOT, "test", "fixtures", "reference"))

// Which test files `make test` compiles alone, which several to a worker, and which it runs through
// tsx (none today; scripts/build-tests.mjs builds what this says; test/test-plan.test.ts checks that every test
// file is in exactly one place). A worker costs ~0.3 s of CPU before its first test (ava, the
// pipeline's modules), more than most small files' tests together: a group compiles to one file,
// `<group>.test.mjs`, that loads its members in order, each member's tests titled as when it ran
// alone ("rules › vote-sum › …"; scripts/test-group-ava.mjs). Only files that set no environment and
// spawn at most a shared run (test/helpers/run-seeds.ts) and a few short runs of their own are
// grouped; the heavy ones keep a worker each, so that they run in parallel.
import { readdirSync, statSync } from "node:fs"
import { join, relative } from "node:path"

/**
 * Test files `make test` runs through tsx: none today. rules-doc and table-kinds-doc import each module
 * of a folder by a name read at run time, written as a template literal relative to the test
 * (`../pipeline/audit/rules/${file}`), which esbuild compiles as a glob over that folder.
 */
export const TSX_ONLY = []

/**
 * Compiled test files (entry names: a group's name, or a file's path under test/ without
 * `.test.ts`) that run with V8's optimising compiler, TurboFan. ava starts every test worker with
 * `--no-opt` (ava.build.config.mjs: a worker lives seconds, and compiling the pipeline's large
 * functions cost more CPU than it saved); these few spend seconds in hot loops of small functions
 * (property tests, recheck's scanner), where it pays: measured per file, the worker's user + sys
 * with and without it (docs/decisions.md, "`make test` margin"). scripts/build-tests.mjs turns it
 * back on at the top of each (`v8.setFlagsFromString("--opt")`). A JIT tier never changes what the
 * code computes.
 */
export const OPTIMISED = ["units", "diagnose/stated-clean", "redos"]

/**
 * Each group: its name (the compiled file is `<name>.test.mjs`), the folder its members' titles are
 * relative to, and its members (every test file of the folder when `members` is absent).
 */
export const GROUPS = [
  { name: "rules", folder: "test/rules" },
  { name: "kinds", folder: "test/kinds" },
  {
    name: "units",
    folder: "test",
    members: [
      "accounting", "cells", "csv", "data-dictionary", "domain", "electoral-law", "format", "learned-parties", "markdown", "parse",
      "parties", "records", "seats-law", "seeds", "shape", "table-id", "table-styles", "test-plan", "diagnose/solve", "diagnose/solve-oracle",
      "allocate-shortcut", "dictionary-extend", "header-memo", "row-roles", "section-text", "diagnose/percent-fast", "diagnose/settle-fast",
      "rules-doc", "table-kinds-doc", "party-codes", "coarse-percent",
      "csv-lines", "locale-integer", "council-lists-shortcut", "line-list", "repeated-twin", "views-group", "digits-value", "prose", "slug-one-byte", "memo-retention",
      "worker-cpu", "threshold-parameter", "unique-slug-ids", "diagnose/shortcuts-negative", "parallel-batches", "worker-env", "json-pieces", "locate-lines", "round-views",
      // collate: 70,000 fast-check runs (TurboFan pays) beside two spawned seeds runs.
      "collate",
      // Last: the only member that builds fast-check's own "binary" unit, whose table (~85 MB of
      // heap, kept by fast-check for the process' life) every later full collection would mark.
      "binary-unit"
    ]
  },
  {
    // Light files that set no environment: they read one run each (shared by run-seeds.ts, or the
    // pipeline's in-process), check rules or the Parquet pool, or spawn only short runs of their own
    // (claims, fixtures: one each; memory: two small scripts; emit-background: `--version` five times).
    name: "readers",
    folder: "test",
    members: ["consumers", "fixtures", "claims", "pipeline", "rules-split", "parquet-writer", "publish-durable", "emit-durable", "emit-open", "memory", "emit-background", "launcher-env", "short-run"]
  },
  {
    // Files that spawn several runs of the command each (no environment of their own set, no global
    // patched): one worker between them instead of one each (~0.3 s of CPU a worker before its first
    // test); ava runs two files at a time, so a worker each bought no parallelism the machine has.
    name: "spawners",
    folder: "test",
    members: ["baseline", "cli", "deliver"]
  },
  {
    name: "stages",
    folder: "test",
    members: ["diagnose", "generate", "patch", "prose-seeds", "report-escape", "report-pieces", "robustness", "golden", "mutation-domain", "diagnose/mutation", "diagnose/latent-stop",
      "mutation"]
  }
]

const testFiles = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? testFiles(path) : name.endsWith(".test.ts") ? [path] : []
  })

/**
 * The plan for the repository at `root`: `alone` (entry name → file), `groups` (name, entry, and
 * members in order, each with its file and the title prefix of its tests) and `tsx` (files). Throws
 * on a member that does not exist or two entries of one name.
 */
export const testPlan = (root) => {
  const files = testFiles(join(root, "test")).map((f) => relative(root, f)).sort()
  const groups = GROUPS.map((g) => {
    const listed = g.members?.map((m) => `${g.folder}/${m}.test.ts`)
    for (const file of listed ?? []) if (!files.includes(file)) throw new Error(`test group ${g.name}: no test file ${file}`)
    const members = (listed ?? files.filter((f) => f.startsWith(`${g.folder}/`)))
      .filter((f) => !TSX_ONLY.includes(f))
      .map((file) => ({ file, title: relative(g.folder, file).replace(/\.test\.ts$/, "").replaceAll("/", " › ") }))
    return { name: g.name, entry: `${g.name}.test`, members }
  })
  const grouped = new Map(groups.flatMap((g) => g.members.map((m) => [m.file, g.name])))
  for (const g of groups) for (const m of g.members) if (grouped.get(m.file) !== g.name) throw new Error(`${m.file} is in two test groups`)
  const alone = files.filter((f) => !TSX_ONLY.includes(f) && !grouped.has(f)).map((file) => ({ entry: file.replace(/^test\//, "").replace(/\.ts$/, ""), file }))
  const entries = [...alone.map((a) => a.entry), ...groups.map((g) => g.entry)]
  const twice = entries.find((e, i) => entries.indexOf(e) !== i)
  if (twice !== undefined) throw new Error(`two compiled test files would be named ${twice}.mjs`)
  for (const name of OPTIMISED) if (!entries.includes(`${name}.test`)) throw new Error(`OPTIMISED names ${name}, which is no compiled test file`)
  return { files, alone, groups, tsx: TSX_ONLY.filter((f) => files.includes(f)) }
}

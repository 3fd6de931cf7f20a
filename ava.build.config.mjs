// `make test`: the test files compiled by scripts/build-tests.mjs, run with plain node (no tsx:
// loading the pipeline through tsx cost ~1 s of CPU per test file). `npx ava [file]` still runs
// the TypeScript test files through tsx (package.json's ava configuration) for development.

/**
 * The files that take longest (measured: `make test`'s per-file CPU, its spawned processes
 * included, and wall; docs/decisions.md) start first, longest first, so that the two workers do not
 * end on one long file while the other idles; every other file follows in name order. redos comes
 * before them: on a fresh clone its worker mostly waits (~5–10 s) for recheck's native agent, a
 * process of its own that ava does not count, so it runs beside units instead of near the end,
 * where a core could idle while the agent finishes.
 */
export const SLOWEST = [
  "redos", "units", "readers", "parallel", "stages", "spawners", "report-memory", "publish", "diagnose/shortcuts", "html-report", "fuzz", "emit",
  "snapshot", "diagnose/stated-clean", "scaling"
]
export const rank = (file) => {
  const name = file.replace(/^.*\.tmp\/test-build\//, "").replace(/\.test\.mjs$/, "")
  const i = SLOWEST.indexOf(name)
  return i === -1 ? SLOWEST.length : i
}

export default {
  files: [".tmp/test-build/**/*.test.mjs"],
  workerThreads: false,
  // The test processes run their code on V8's interpreter and baseline compiler (Ignition,
  // Sparkplug), without TurboFan: a test process lives seconds, and TurboFan's background compiling
  // of the pipeline's largest functions (recompiled after each deoptimisation) cost more CPU than it
  // saved (measured: the compiled tests 99 → 88 s of CPU). The same results (JIT tiers do not change
  // what code computes); the bundles the tests spawn run with V8's defaults.
  // One V8 background thread per test process (node's default is four): ava runs two test files at
  // a time on a 2-core machine, each process' collector helpers only preempted the others (the same
  // reason as the launcher's, scripts/launcher.sh; `make test` 119 -> 115 s of CPU on a fresh clone).
  nodeArguments: ["--no-opt", "--v8-pool-size=1"],
  timeout: "120s",
  // Where the compiled files are, for a test whose child process imports a compiled module
  // (test/emit.test.ts: test/helpers/parquet-child.ts, compiled by scripts/build-tests.mjs).
  environmentVariables: { RECOUNT_TEST_BUILD: new URL(".tmp/test-build/", import.meta.url).pathname },
  sortTestFiles: (a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0)
}

// `make test`: the test files compiled by scripts/build-tests.mjs, run with plain node (no tsx:
// loading the pipeline through tsx cost ~1 s of CPU per test file). `npx ava [file]` still runs
// the TypeScript test files through tsx (package.json's ava configuration) for development.

/**
 * The files that take longest (measured: `make test`'s per-file wall and CPU, docs/decisions.md)
 * start first, longest first, so that the two workers do not end on one long file while the other
 * idles; every other file follows in name order.
 */
export const SLOWEST = [
  "mutation", "publish", "fuzz", "mutation-domain", "baseline", "redos", "html-report", "cli", "diagnose/mutation", "scaling",
  "stages", "deliver", "emit", "units", "pipeline", "consumers", "golden"
]
export const rank = (file) => {
  const name = file.replace(/^.*\.tmp\/test-build\//, "").replace(/\.test\.mjs$/, "")
  const i = SLOWEST.indexOf(name)
  return i === -1 ? SLOWEST.length : i
}

export default {
  files: [".tmp/test-build/**/*.test.mjs"],
  workerThreads: false,
  timeout: "120s",
  sortTestFiles: (a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0)
}

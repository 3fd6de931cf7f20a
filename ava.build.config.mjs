// `make test`: the test files compiled by scripts/build-tests.mjs, run with plain node (no tsx:
// loading the pipeline through tsx cost ~1 s of CPU per test file). `npx ava [file]` still runs
// the TypeScript test files through tsx (package.json's ava configuration) for development.
export default {
  files: [".tmp/test-build/**/*.test.mjs"],
  workerThreads: false,
  timeout: "120s"
}

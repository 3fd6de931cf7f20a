// Compiles the test files (test/**/*.test.ts) with esbuild into .tmp/test-build/, so `make test`
// runs them with plain node instead of through tsx: loading the pipeline through tsx cost ~1 s of
// CPU per test file. scripts/test-plan.mjs says which file is compiled alone (at its relative path),
// which go several to one compiled file (a group: one worker instead of one per file), and which two
// run through tsx (they import pipeline modules by a path computed at run time). Each module's
// `import.meta.url` (and `import.meta.dirname`/`filename`) is kept as its source file's, so paths
// built from it (seeds/, the repo root) are unchanged.
import { build } from "esbuild"
import { readFileSync, rmSync, writeFileSync } from "node:fs"
import { dirname, join, relative } from "node:path"
import { pathToFileURL } from "node:url"
import { OPTIMISED, testPlan } from "./test-plan.mjs"

const ROOT = new URL("../", import.meta.url).pathname
const OUT = join(ROOT, ".tmp", "test-build")

/** Replaces `import.meta.url` in each TypeScript module by its own source URL. */
const sourceUrl = {
  name: "source-import-meta-url",
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      const text = readFileSync(args.path, "utf8")
        .replaceAll("import.meta.url", JSON.stringify(pathToFileURL(args.path).href))
        .replaceAll("import.meta.dirname", JSON.stringify(dirname(args.path)))
        .replaceAll("import.meta.filename", JSON.stringify(args.path))
      return { contents: text, loader: "ts" }
    })
  }
}

/**
 * Packages bundled into the compiled tests as into dist/recount.mjs (effect is ~400 ES modules:
 * loading it from node_modules cost ~0.25 s of CPU per test file); every other package (ava, whose
 * one instance the worker shares, native bindings, browsers, checkers) is loaded from node_modules.
 */
const BUNDLED = /^(effect|@effect\/[^/]+|papaparse)(\/|$)/
const bundledPackages = {
  name: "bundled-packages",
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (BUNDLED.test(args.path) || args.path.startsWith("node:") ? undefined : { path: args.path, external: true }))
  }
}

const PREFIXED = join(ROOT, "scripts", "test-group-ava.mjs")
const groups = {
  name: "test-groups",
  setup(b) {
    b.onResolve({ filter: /^group:/ }, (args) => ({ path: args.path.slice("group:".length), namespace: "group" }))
    // A group: for each member in turn, name it, then load it (ES modules evaluate in import order).
    b.onLoad({ filter: /.*/, namespace: "group" }, (args) => ({
      contents: plan.groups
        .find((g) => g.name === args.path)
        .members.map((m) => `import ${JSON.stringify(`member:${args.path}:${m.title}`)}\nimport ${JSON.stringify(join(ROOT, m.file))}`)
        .join("\n"),
      resolveDir: ROOT
    }))
    b.onResolve({ filter: /^member:/ }, (args) => ({ path: args.path.slice("member:".length), namespace: "member" }))
    b.onLoad({ filter: /.*/, namespace: "member" }, (args) => ({
      // The path is `<group>:<name>`, unique: a module shared by two groups would be loaded once.
      contents: `import { enterMember } from ${JSON.stringify(PREFIXED)}\nenterMember(${JSON.stringify(args.path.slice(args.path.indexOf(":") + 1))})\n`,
      resolveDir: ROOT
    }))
    // Every test module's and helper's `ava`: the prefixing wrapper around the real one (external).
    b.onResolve({ filter: /^ava$/ }, (args) => (args.namespace === "ava-prefixed" ? { path: "ava", external: true } : { path: "ava", namespace: "ava-prefixed" }))
    b.onLoad({ filter: /.*/, namespace: "ava-prefixed" }, () => ({
      contents: `import test from "ava"\nimport { prefixed } from ${JSON.stringify(PREFIXED)}\nexport default prefixed(test)\n`,
      resolveDir: ROOT
    }))
  }
}

const plan = testPlan(ROOT)
rmSync(OUT, { recursive: true, force: true })
await build({
  entryPoints: {
    ...Object.fromEntries(plan.alone.map((a) => [a.entry, join(ROOT, a.file)])),
    ...Object.fromEntries(plan.groups.map((g) => [g.entry, `group:${g.name}`])),
    // Not test files: the modules test/emit.test.ts's and test/memory.test.ts's child processes
    // import (RECOUNT_TEST_BUILD, ava.build.config.mjs).
    "helpers/parquet-child": join(ROOT, "test", "helpers", "parquet-child.ts"),
    "helpers/memory-child": join(ROOT, "test", "helpers", "memory-child.ts")
  },
  outdir: OUT,
  outExtension: { ".js": ".mjs" },
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  plugins: [groups, sourceUrl, bundledPackages],
  banner: { js: "import { createRequire as __recountRequire } from 'node:module'; const require = __recountRequire(import.meta.url);" },
  logLevel: "warning"
})
// The files that run with TurboFan (scripts/test-plan.mjs, OPTIMISED): turned back on before their
// tests start (the worker was started with --no-opt; V8 reads the flag when it next decides to optimise).
for (const name of OPTIMISED) {
  const file = join(OUT, `${name}.test.mjs`)
  writeFileSync(file, `import { setFlagsFromString as __recountV8Flags } from "node:v8";\n__recountV8Flags("--opt");\n${readFileSync(file, "utf8")}`)
}
const grouped = plan.groups.reduce((n, g) => n + g.members.length, 0)
console.log(
  `compiled ${plan.alone.length + grouped} test files into ${relative(ROOT, OUT)}/ (${grouped} of them in ${plan.groups.length} groups: ${
    plan.groups.map((g) => g.name).join(", ")
  }; through tsx: ${plan.tsx.join(", ") || "none"})`
)

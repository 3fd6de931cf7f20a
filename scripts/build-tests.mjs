// Compiles every test file (test/**/*.test.ts) with esbuild into .tmp/test-build/, at the same
// relative paths, so `make test` runs them with plain node instead of through tsx: loading the
// pipeline through tsx cost ~1 s of CPU per test file (55 files). Each module's `import.meta.url`
// (and `import.meta.dirname`/`filename`) is kept as its source file's, so paths built from it
// (seeds/, the repo root) are unchanged. The test files that import pipeline modules by a path
// computed at run time (TSX_ONLY: they check that every module of a folder is in its catalogue)
// are not compiled; `make test` runs them through tsx.
import { build } from "esbuild"
import { readdirSync, readFileSync, rmSync, statSync } from "node:fs"
import { dirname, join, relative } from "node:path"
import { pathToFileURL } from "node:url"

const ROOT = new URL("../", import.meta.url).pathname
const OUT = join(ROOT, ".tmp", "test-build")

const testFiles = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? testFiles(path) : name.endsWith(".test.ts") ? [path] : []
  })

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

rmSync(OUT, { recursive: true, force: true })
/** Test files that import .ts modules by a computed path: run through tsx by `make test`. */
export const TSX_ONLY = ["test/rules-doc.test.ts", "test/table-kinds-doc.test.ts"]

const entries = testFiles(join(ROOT, "test")).filter((f) => !TSX_ONLY.includes(relative(ROOT, f)))
await build({
  entryPoints: Object.fromEntries(entries.map((f) => [relative(join(ROOT, "test"), f).replace(/\.ts$/, ""), f])),
  outdir: OUT,
  outExtension: { ".js": ".mjs" },
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  plugins: [sourceUrl],
  banner: { js: "import { createRequire as __recountRequire } from 'node:module'; const require = __recountRequire(import.meta.url);" },
  logLevel: "warning"
})
console.log(`compiled ${entries.length} test files into ${relative(ROOT, OUT)}/ (through tsx: ${TSX_ONLY.join(", ")})`)

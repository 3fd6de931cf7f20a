// Bundles the command (esbuild): `make build`, and `make all` when sources are newer. Plain
// JavaScript so that building needs nothing but node and esbuild.
// `node scripts/build.mjs [OUTFILE]` (default dist/recount.mjs) writes three files:
// - `recount.cjs` beside OUTFILE: the bundle, CommonJS (so that it can be compiled with a code cache);
// - `recount.cjs.cache`: V8's code cache of the bundle, made by running the command once on the
//   seeds (into a temporary folder) so that it holds the functions a run compiles; a build without
//   the seeds makes it from `--version`, and a failed one leaves no cache (the command still runs);
// - OUTFILE: the command, scripts/loader.mjs, which runs the bundle with its cache.
// Each is written to a temporary name and renamed, the command last, so a reader (or a concurrent
// build) never sees half a file, and a stale cache is only ever rejected by V8, never misused.
import { build } from "esbuild"
import { spawnSync } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { basename, dirname, join } from "node:path"

const outfile = process.argv[2] ?? "dist/recount.mjs"
const bundleName = `${basename(outfile).replace(/\.m?js$/, "")}.cjs`
const bundle = join(dirname(outfile), bundleName)
const temporary = (file) => `${file}.${process.pid}.tmp`

await build({
  entryPoints: ["pipeline/bin.ts"],
  outfile: temporary(bundle),
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  // A native binding: loaded from node_modules at run time.
  external: ["@duckdb/node-api"],
  // The modules that read their own URL (createRequire) get the bundle's.
  define: { "import.meta.url": "__recountModuleUrl" },
  banner: { js: "const __recountModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  legalComments: "none",
  logLevel: "warning"
})
renameSync(temporary(bundle), bundle)

const loader = readFileSync(new URL("./loader.mjs", import.meta.url), "utf8").replace('const BUNDLE_FILE = "recount.cjs"', `const BUNDLE_FILE = ${JSON.stringify(bundleName)}`)
// (Its temporary name ends in .mjs: the cache is made by running it.)
const command = `${temporary(outfile)}.mjs`
writeFileSync(command, loader, { mode: 0o755 })

// The code cache: one run of the command, which writes it when it exits.
const cache = `${bundle}.cache`
// The previous build's cache is removed first, so the training run compiles the new bundle from source.
if (existsSync(cache)) unlinkSync(cache)
const work = mkdtempSync(join(tmpdir(), "recount-build-"))
try {
  const run = (args) =>
    spawnSync(process.execPath, [command, ...args], {
      encoding: "utf8",
      env: { ...process.env, RECOUNT_CODE_CACHE_OUT: cache, RECOUNT_PROFILE: "" }
    }).status === 0
  const trained = (existsSync("seeds/reference") && run(["--seeds", "seeds", "--out", join(work, "out"), "--reports", join(work, "reports"), "--quiet"])) || run(["--version"])
  if (!trained) {
    console.error("build: the code cache could not be made (the command will compile the bundle at each start)")
    if (existsSync(cache)) unlinkSync(cache)
  }
} finally {
  rmSync(work, { recursive: true, force: true })
}
renameSync(command, outfile)

// Bundles the command into dist/recount.mjs (esbuild): `make build`, and `make all` when sources
// are newer. Plain JavaScript so that building needs nothing but node and esbuild.
// `node scripts/build.mjs [OUTFILE]`: the bundle is written to a temporary file beside OUTFILE and
// renamed, so a reader (or a concurrent build) never sees half a file.
import { build } from "esbuild"
import { renameSync } from "node:fs"

const outfile = process.argv[2] ?? "dist/recount.mjs"
const temporary = `${outfile}.${process.pid}.tmp`

await build({
  entryPoints: ["pipeline/bin.ts"],
  outfile: temporary,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // A native binding: loaded from node_modules at run time.
  external: ["@duckdb/node-api"],
  // Bundled CommonJS code (papaparse) may call require(): give the ES module one.
  banner: { js: "import { createRequire as __recountRequire } from 'node:module'; const require = __recountRequire(import.meta.url);" },
  legalComments: "none",
  logLevel: "warning"
})
renameSync(temporary, outfile)

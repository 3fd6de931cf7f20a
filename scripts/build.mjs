// Bundles the command into dist/recount.mjs (esbuild): `make build`, and `make all` when sources
// are newer. Plain JavaScript so that building needs nothing but node and esbuild.
import { build } from "esbuild"
import { readFileSync } from "node:fs"

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"))

await build({
  entryPoints: ["pipeline/bin.ts"],
  outfile: "dist/recount.mjs",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // A native binding and CommonJS packages that must load from node_modules.
  external: ["@duckdb/node-api", "parquetjs-lite"],
  // Bundled CommonJS code (papaparse) may call require(): give the ES module one.
  banner: { js: "import { createRequire as __recountRequire } from 'node:module'; const require = __recountRequire(import.meta.url);" },
  legalComments: "none",
  logLevel: "warning"
})

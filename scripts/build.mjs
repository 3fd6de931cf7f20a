// Bundles the command (esbuild): `make build`, and `make all` when sources are newer. Plain
// JavaScript so that building needs nothing but node and esbuild.
// `node scripts/build.mjs [OUTFILE]` (default dist/recount.mjs) writes six files:
// - `recount.cjs` beside OUTFILE: the bundle, CommonJS (so that it can be compiled with a code cache);
// - `recount.cjs.cache`: V8's code cache of the bundle, made by running the command once on the
//   seeds (into a temporary folder) so that it holds the functions a run compiles; a build without
//   the seeds makes it from `--version`, and a failed one leaves no cache (the command still runs);
// - OUTFILE: scripts/loader.mjs, which runs the bundle with its cache;
// - `recount.blob`: a V8 start-up snapshot of the bundle (scripts/snapshot.cjs), made by this Node;
//   a failed one leaves no blob;
// - `recount.node-stamp`: an empty file with the modification time of the node that made the blob
//   (the launcher's check that `node` is still that file, without running it);
// - `recount` (OUTFILE without `.mjs`): the command, scripts/launcher.sh, which starts node from
//   the snapshot when this Node version made it, else runs OUTFILE.
// Each is written to a temporary name and renamed, the commands last, so a reader (or a concurrent
// build) never sees half a file, and a stale cache is only ever rejected by V8, never misused.
import { build } from "esbuild"
import { spawnSync } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { basename, dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

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
  external: ["@duckdb/node-api", "snappy"],
  // The modules that read their own URL (createRequire) get the bundle's.
  // A global, not a constant: a run from the start-up snapshot sets it to where the bundle is then (bin.ts).
  define: { "import.meta.url": "globalThis.__recountModuleUrl" },
  banner: { js: "globalThis.__recountModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
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

// The start-up snapshot, under the loader's V8 flags (V8 refuses a snapshot under other flags).
const v8Flags = JSON.parse(/export const V8_FLAGS = (\[.*\])/.exec(loader)[1])
const base = basename(outfile).replace(/\.m?js$/, "")
const blob = join(dirname(outfile), `${base}.blob`)
if (existsSync(blob)) unlinkSync(blob)
const snapshot = spawnSync(process.execPath, [...v8Flags, "--snapshot-blob", temporary(blob), "--build-snapshot", fileURLToPath(new URL("./snapshot.cjs", import.meta.url)), bundle], { encoding: "utf8" })
if (snapshot.status === 0 && existsSync(temporary(blob))) renameSync(temporary(blob), blob)
else {
  // (Node warns about some built-in modules on stderr even when the snapshot is made: shown only on failure.)
  console.error(`build: the start-up snapshot could not be made (the command runs without it)\n${snapshot.stderr ?? ""}`)
  rmSync(temporary(blob), { force: true })
}
// The node that built the snapshot, for the launcher's check without `node --version`: its path
// (written into the launcher between double quotes, so only a path without `"`, `$`, `\` or a
// backquote; else none, and the launcher asks `node --version`) and an empty stamp file carrying
// its modification time to the nanosecond (`touch -r`; no stamp when that fails: the same fallback).
const stamp = join(dirname(outfile), `${base}.node-stamp`)
rmSync(stamp, { force: true })
const nodePath = /["$\\`]/.test(process.execPath) ? "" : process.execPath
if (nodePath !== "" && existsSync(blob)) {
  writeFileSync(temporary(stamp), "")
  if (spawnSync("touch", ["-r", nodePath, temporary(stamp)]).status === 0) renameSync(temporary(stamp), stamp)
  else rmSync(temporary(stamp), { force: true })
}
const launcher = readFileSync(new URL("./launcher.sh", import.meta.url), "utf8")
  .replaceAll("@NAME@", base)
  .replaceAll("@NODE_VERSION@", process.version)
  .replaceAll("@NODE_PATH@", nodePath)
  .replaceAll("@V8_FLAGS@", v8Flags.join(" "))
const launcherFile = join(dirname(outfile), base)
writeFileSync(temporary(launcherFile), launcher, { mode: 0o755 })
renameSync(temporary(launcherFile), launcherFile)

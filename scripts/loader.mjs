#!/usr/bin/env node
// The `recount` command (dist/recount.mjs, written by scripts/build.mjs from this file): runs the
// bundle beside it (BUNDLE_FILE below, CommonJS) compiled with V8's code cache (BUNDLE_FILE.cache, made
// at build time by a run on the seeds), which spares compiling the ~1.6 MB bundle and the functions
// a run uses on every start (Node 20 has no module compile cache). A cache V8 rejects (another
// Node or V8 version, other flags) or a missing one only makes the start slower: the bundle is then
// compiled from source. V8 checks a cache only against the source's length (and its own version
// and flags), so an edit of the same length would run the *old* functions from a stale cache: the
// cache file therefore starts with the sha256 of the exact source it was made from, and is used only
// when that matches. Hashing the bundle costs ~5–9 ms a start, so the header also records the
// bundle file's identity when the cache was made (inode, size, ctime in ns: any write, rename or
// `touch` of the file changes its ctime, which no user can set back); when the file's identity is
// still that one, the file is the one hashed then and the hash is skipped; otherwise (a copy, an
// edit) the source is hashed and compared as before. Nothing here writes a file, unless the build's
// RECOUNT_CODE_CACHE_OUT names where the cache goes (written, when the run exits, to a temporary
// name then renamed).
import { createHash } from "node:crypto"
import { readFileSync, renameSync, statSync, writeFileSync } from "node:fs"
import { createRequire } from "node:module"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { setFlagsFromString } from "node:v8"
import { Script } from "node:vm"
import { isMainThread } from "node:worker_threads"

/** The bundle's file name, beside this file (build.mjs writes the name it gave it). */
const BUNDLE_FILE = "recount.cjs"
/**
 * V8's inlining budget for one optimised function (default 920 bytes of bytecode): at 300, TurboFan
 * compiles much less in its background threads (each of the run's isolates optimises the hot
 * functions again) — ~2.5–3 s less CPU at 1,000 articles for the same speed of the optimised code
 * (docs/decisions.md, "V8's background compiling"). Set here, before the bundle is compiled, so the
 * build's training run (this same file) and every later run have the same flags: V8 rejects a code
 * cache made under other flags. Set process-wide, so worker threads have it too. Only speed changes.
 * `--initial-old-space-size=64` (MB): V8 starts an isolate's old generation with a small limit and
 * begins its first full (mark-compact) collection when the heap grows past it; a run from the
 * snapshot starts with ~17 MB of old objects and crossed that limit on the seeds, so every short
 * run paid one incremental marking and a mark-compact (~14 ms of the main thread, ~94 marking
 * steps) for a heap that dies at exit. With 64 MB the seeds' run makes none; a longer run collects
 * once its old generation passes 64 MB and then sizes its limits as before (docs/decisions.md,
 * "The old generation's first limit"). On the plain start (no snapshot) a flag set here applies
 * only to the isolates made afterwards (the worker threads): the main isolate already exists.
 */
export const V8_FLAGS = ["--max-inlined-bytecode-size-cumulative=300", "--initial-old-space-size=64"]
for (const flag of V8_FLAGS) setFlagsFromString(flag)
const bundle = join(dirname(fileURLToPath(import.meta.url)), BUNDLE_FILE)
const text = readFileSync(bundle, "utf8")
// The CommonJS wrapper, on the bundle's first line (its `#!` line made a comment), so lines keep their numbers.
const source = `(function (exports, require, module, __filename, __dirname) {${text.startsWith("#!") ? `//${text.slice(2)}` : text}\n})`
// The cache file: the source's sha256 (32 bytes), the bundle file's identity (IDENTITY_BYTES,
// space-padded), then V8's data.
const DIGEST_BYTES = 32
const IDENTITY_BYTES = 64
const stat = statSync(bundle, { bigint: true })
// A file system that keeps whole seconds (ctime a multiple of 1e9 ns) could miss an edit made in the
// same second: there the identity is never trusted (an identity that cannot match, the source hashed).
const fineClock = stat.ctimeNs % 1_000_000_000n !== 0n
const identity = Buffer.from(`${fineClock ? "" : "coarse:"}${stat.ino}:${stat.size}:${stat.ctimeNs}`.padEnd(IDENTITY_BYTES).slice(0, IDENTITY_BYTES))
let digest
const sourceDigest = () => (digest ??= createHash("sha256").update(source).digest())
let cachedData
try {
  const file = readFileSync(`${bundle}.cache`)
  const header = DIGEST_BYTES + IDENTITY_BYTES
  // Used only when made from this very source (see above); else compiled from source.
  const same = file.length > header &&
    ((fineClock && file.subarray(DIGEST_BYTES, header).equals(identity)) || file.subarray(0, DIGEST_BYTES).equals(sourceDigest()))
  cachedData = same ? file.subarray(header) : undefined
} catch {
  cachedData = undefined // no cache: compiled from source
}
const script = new Script(source, { filename: bundle, cachedData })
// For the tests and for a curious user: whether V8 took the cache (RECOUNT_CODE_CACHE_STATUS=1).
if (process.env.RECOUNT_CODE_CACHE_STATUS && isMainThread) {
  process.stderr.write(`recount: code cache ${cachedData === undefined ? "absent" : script.cachedDataRejected ? "rejected" : "accepted"}\n`)
}
// The parallel run's worker threads run this same file (pipeline/parallel/plan.ts reads its path here).
globalThis.__recountLoader = fileURLToPath(import.meta.url)
const cacheOut = isMainThread ? process.env.RECOUNT_CODE_CACHE_OUT : undefined
if (cacheOut) {
  process.once("exit", () => {
    const temporary = `${cacheOut}.${process.pid}.tmp`
    writeFileSync(temporary, Buffer.concat([sourceDigest(), identity, script.createCachedData()]))
    renameSync(temporary, cacheOut)
  })
}
const module = { exports: {} }
script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, dirname(bundle))

// The start-up snapshot's builder (CommonJS: Node runs it with `--build-snapshot`; scripts/build.mjs
// does, as `node <V8 flags> --snapshot-blob dist/recount.blob --build-snapshot scripts/snapshot.cjs
// dist/recount.cjs`). It evaluates the bundle once — every module initialised, and every function
// compiled to bytecode (`--no-lazy` while it is compiled), which the snapshot keeps — so that a run
// from the snapshot (dist/recount, the launcher) starts with the heap this leaves: no module to
// compile or initialise, no function to compile on its first call. bin.ts, seeing the snapshot being
// built, registers the function that runs the command after deserialising (it reads argv, the
// environment and the working folder then, never here). Why, what it saves and what it does not:
// docs/decisions.md, "The start-up snapshot (issue 8, fifth pass)".
//
// Two kinds of object cannot be in a V8 snapshot and are made at module level by the bundle: Intl
// objects (an Intl.NumberFormat for counts, effect's Intl.Segmenter). While the bundle is evaluated
// here, their constructors make stand-ins that construct the real object, with the same arguments,
// on first use (at run time, so the locale is resolved then, exactly as without the snapshot); the
// constructors are restored afterwards. Only built-in modules may be required here; Snappy's native
// binding is loaded at run time, when the emitter opens.
"use strict"
const { createHash } = require("node:crypto")
const { readFileSync } = require("node:fs")
const { dirname, resolve } = require("node:path")
const { setFlagsFromString } = require("node:v8")
const { Script } = require("node:vm")

const bundle = resolve(process.argv[2])

/** A stand-in for `new Intl[name](...args)`: the real object is built on first use, its methods bound once. */
const lazyIntl = (name) => {
  const Real = Intl[name]
  const stub = function (...args) {
    let real
    const methods = new Map()
    return new Proxy({}, {
      get: (_, key) => {
        real ??= new Real(...args)
        const value = real[key]
        if (typeof value !== "function") return value
        let bound = methods.get(key)
        if (bound === undefined) methods.set(key, bound = value.bind(real))
        return bound
      }
    })
  }
  Intl[name] = stub
  return () => {
    Intl[name] = Real
  }
}
const restore = ["NumberFormat", "Segmenter", "Collator", "DateTimeFormat", "PluralRules", "ListFormat", "RelativeTimeFormat", "DisplayNames"].map(lazyIntl)

/**
 * Built-in modules whose state must be made at run time, given to the bundle as stand-ins that
 * require the real module on first use: `node:worker_threads` initialised in the snapshot leaves
 * the main thread without the shared counter its workers' `process.cwd()` reads (every worker then
 * fails: "undefined is not an integer typed array"); the others are only ever used in functions
 * too. (The bundle reads these modules' exports only when called, never while initialising.)
 */
const AT_RUN_TIME = new Set(["node:worker_threads", "node:perf_hooks", "node:module"])
const lazyRequire = (id) => {
  if (!AT_RUN_TIME.has(id)) return require(id)
  let real
  const load = () => (real ??= require(id))
  return new Proxy({}, {
    get: (_, key) => load()[key],
    has: (_, key) => key in load(),
    ownKeys: () => Reflect.ownKeys(load()),
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(load(), key)
      return descriptor === undefined ? undefined : { ...descriptor, configurable: true }
    }
  })
}

const text = readFileSync(bundle, "utf8")
// The CommonJS wrapper, as scripts/loader.mjs builds it (same line numbers in stack traces).
const source = `(function (exports, require, module, __filename, __dirname) {${text.startsWith("#!") ? `//${text.slice(2)}` : text}\n})`
// The functions a run uses: compiled from the code cache the build made by a run on the seeds
// (scripts/build.mjs; the cache file starts with the sha256 of its source, see loader.mjs: the
// builder always checks that hash), else
// every function (`--no-lazy`: a larger snapshot, slower to deserialise).
const digest = createHash("sha256").update(source).digest()
const HEADER_BYTES = 32 + 64 // the source's sha256, then the bundle file's identity (loader.mjs)
let cachedData
try {
  const file = readFileSync(`${bundle}.cache`)
  if (file.length > HEADER_BYTES && file.subarray(0, digest.length).equals(digest)) cachedData = file.subarray(HEADER_BYTES)
} catch {
  cachedData = undefined
}
if (cachedData === undefined) setFlagsFromString("--no-lazy")
const script = new Script(source, { filename: bundle, cachedData })
if (cachedData !== undefined && script.cachedDataRejected) throw new Error("the code cache was rejected")
const wrapper = script.runInThisContext()
if (cachedData === undefined) setFlagsFromString("--lazy")
const module = { exports: {} }
wrapper(module.exports, lazyRequire, module, bundle, dirname(bundle))
for (const undo of restore) undo()

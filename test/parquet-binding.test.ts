/**
 * DuckDB's binding is loaded without `@duckdb/node-bindings`' libc detection where only one Linux
 * variant is installed (pipeline/emit/parquet.ts `loadBinding`): the module it returns is the very
 * module the package's own entry exports (node loads a native module once per file, so the same
 * file gives the same object), and detect-libc is not loaded on that path.
 */
import test from "ava"
import { createRequire } from "node:module"
import { loadBinding } from "../pipeline/emit/parquet.ts"

const require = createRequire(import.meta.url)
const fromApi = createRequire(require.resolve("@duckdb/node-api"))

test("loadBinding returns the module @duckdb/node-bindings' own entry exports", (t) => {
  const loaded = loadBinding()
  t.is(typeof (loaded as { open?: unknown }).open, "function")
  t.is(loaded, fromApi("@duckdb/node-bindings"))
})

test("on Linux with one variant installed, the libc detection's modules are not loaded", (t) => {
  const fromEntry = createRequire(fromApi.resolve("@duckdb/node-bindings"))
  const variants = ["", "-musl"].filter((v) => {
    try {
      return fromEntry.resolve(`@duckdb/node-bindings-linux-${process.arch}${v}/duckdb.node`) !== ""
    } catch {
      return false
    }
  })
  if (process.platform !== "linux" || variants.length !== 1) return t.pass("not this platform's path")
  // Forgotten, with the entry (duckdb.js): a load through the entry would run it and load them again.
  const entry = fromApi.resolve("@duckdb/node-bindings")
  for (const file of Object.keys(require.cache)) if (file.includes("detect-libc") || file === entry) delete require.cache[file]
  loadBinding()
  t.deepEqual(Object.keys(require.cache).filter((file) => file.includes("detect-libc")), [])
})

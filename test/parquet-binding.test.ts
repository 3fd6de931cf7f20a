/**
 * Snappy's native module is loaded without `snappy`'s own C-library detection where only one Linux
 * variant is installed (pipeline/emit/parquet.ts `loadSnappy`): the module it returns is the very
 * module the package's entry loads (node loads a native module once per file, so the same file
 * gives the same object), and on that path neither `ldd` nor node's report is asked.
 */
import test from "ava"
import { spawnSync } from "node:child_process"
import { createRequire } from "node:module"
import { loadSnappy } from "../pipeline/emit/parquet.ts"

const require = createRequire(import.meta.url)

test("loadSnappy returns the binding snappy's own entry loads, and it compresses", (t) => {
  const loaded = loadSnappy() as { compressSync(b: Buffer): Buffer; uncompressSync(b: Buffer): Buffer }
  const entry = require("snappy") as { compressSync: unknown }
  t.is(loaded.compressSync as unknown, entry.compressSync)
  const text = Buffer.from("Île-de-France ".repeat(50))
  const packed = loaded.compressSync(text)
  t.true(packed.length < text.length / 4)
  t.true(Buffer.from(loaded.uncompressSync(packed)).equals(text))
})

test("on Linux with one variant installed, loading it asks nothing about the C library", (t) => {
  if (process.platform !== "linux") return t.pass("Linux only")
  const fromEntry = createRequire(require.resolve("snappy"))
  const variants = ["gnu", "musl"].filter((v) => {
    try {
      fromEntry.resolve(`@napi-rs/snappy-linux-${process.arch}-${v}`)
      return true
    } catch {
      return false
    }
  })
  if (variants.length !== 1) return t.pass("both or neither variant installed: the entry decides")
  // In a fresh node: what loadSnappy reads and runs (fs.readFileSync of /usr/bin/ldd, child_process, process.report).
  const probe = `
    const fs = require("node:fs"); const read = fs.readFileSync; const seen = []
    fs.readFileSync = function (p, ...a) { seen.push(String(p)); return read.call(this, p, ...a) }
    const cp = require("node:child_process"); const exec = cp.execSync; cp.execSync = (...a) => { seen.push("execSync"); return exec(...a) }
    const report = process.report.getReport; process.report.getReport = (...a) => { seen.push("report"); return report.apply(process.report, a) }
    ;(async () => {
      const { loadSnappy } = await import(${JSON.stringify(new URL("../pipeline/emit/parquet.ts", import.meta.url).href)})
      const b = loadSnappy(); console.log(JSON.stringify({ ok: typeof b.compressSync === "function", seen }))
    })()`
  const run = spawnSync(process.execPath, ["--import=tsx", "-e", probe], { encoding: "utf8" })
  t.is(run.status, 0, run.stderr)
  const result = JSON.parse(run.stdout.trim().split("\n").at(-1)!) as { ok: boolean; seen: Array<string> }
  t.true(result.ok)
  t.deepEqual(result.seen.filter((s) => s.includes("ldd") || s === "execSync" || s === "report"), [])
})

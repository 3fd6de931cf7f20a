/**
 * The seeds' cold work after the analysis (issue 8, tenth pass): shortcuts that keep what earlier
 * calls made, each checked against the long path.
 * - A table's CSV header line is made once per table definition (csv.ts `csvHeader`): equal to
 *   `csvHeaderOf`, the long path, for every table out/ holds, and keyed by the definition, not its
 *   name (two definitions of one name with other columns get their own headers).
 * - `writePieces` encodes every report into one buffer kept between calls: a report written after
 *   a larger one holds its own bytes only (nothing of the previous report's left in the buffer),
 *   with the size and sha256 of those bytes.
 * - The command's Terminal service (pipeline/terminal.ts) leaves `process.stdin` alone: a run on
 *   the seeds never reads it (a getter on it reports any access; the control shows that it does).
 */
import { spawnSync } from "node:child_process"
import { createHash } from "node:crypto"
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import test from "ava"
import { csvHeader, csvHeaderOf, encodeCsv } from "../pipeline/emit/csv.ts"
import { articleTableDefs, writePieces } from "../pipeline/emit/emit.ts"
import { Anomalies } from "../pipeline/audit/anomaly.ts"
import { Faults } from "../pipeline/diagnose/fault.ts"
import * as T from "../pipeline/normalise/records.ts"
import { defineTable, text } from "../pipeline/normalise/columns.ts"
import { BUNDLE, ROOT, recountArgs } from "./helpers/recount.ts"

const TABLES = [...articleTableDefs, T.Parties, T.Areas, Anomalies, Faults]

test("csvHeader is csvHeaderOf for every table, made once per definition", (t) => {
  t.true(TABLES.length >= 15)
  for (const def of TABLES) {
    const long = csvHeaderOf(def)
    t.is(csvHeader(def), long, def.name)
    t.is(csvHeader(def), long, `${def.name}, asked again`)
    // The header is the CSV's first line, as the one-shot encoder writes it.
    t.true(encodeCsv(def, []).startsWith(long), def.name)
  }
})

test("csvHeader is keyed by the definition, not by its name", (t) => {
  const a = defineTable<{ first: string }>("same", "one column", { first: text("the first") })
  const b = defineTable<{ first: string; second: string }>("same", "two columns", { first: text("the first"), second: text("the second") })
  t.is(csvHeader(a), "first")
  t.is(csvHeader(b), "first,second")
  t.is(csvHeader(a), "first")
})

const write = (dir: string, name: string, pieces: ReadonlyArray<string>) => {
  const file = join(dir, name)
  const fd = openSync(file, "wx")
  try {
    return { ...writePieces(fd, pieces), content: readFileSync(file) }
  } finally {
    closeSync(fd)
  }
}

test("a report written after a larger one holds its own bytes only", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "recount-tail-"))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  // Larger than the buffer (1 MiB), with characters of 1 to 4 UTF-8 bytes, in pieces of many sizes.
  const big = Array.from({ length: 30_000 }, (_, i) => `${i} é € 𝄞 ${"x".repeat(i % 300)}\n`)
  const small = ["short", " report", "\n"]
  for (const [name, pieces] of [["big", big], ["small", small], ["big-again", big], ["small-again", small]] as const) {
    const expected = Buffer.from(pieces.join(""), "utf8")
    const got = write(dir, name, pieces)
    t.true(got.content.equals(expected), name)
    t.is(got.bytes, expected.length, name)
    t.is(got.sha256, createHash("sha256").update(expected).digest("hex"), name)
  }
})

test("a run on the seeds never touches process.stdin", (t) => {
  const dir = mkdtempSync(join(tmpdir(), "recount-stdin-"))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const probe = join(dir, "probe.cjs")
  writeFileSync(probe, `const d = Object.getOwnPropertyDescriptor(process, "stdin")
Object.defineProperty(process, "stdin", { configurable: true, enumerable: d.enumerable, get() { process.stderr.write("stdin was read\\n"); return d.get.call(this) } })
`)
  // The control: the probe reports an access.
  const control = spawnSync(process.execPath, ["--require", probe, "-e", "process.stdin"], { encoding: "utf8" })
  t.true(control.stderr.includes("stdin was read"), control.stderr)
  recountArgs() // (the bundle rebuilt when stale)
  const run = spawnSync(process.execPath, ["--require", probe, BUNDLE, "--seeds", join(ROOT, "seeds"), "--out", join(dir, "out"), "--reports", join(dir, "reports"), "--quiet"], { cwd: ROOT, encoding: "utf8" })
  t.is(run.status, 0, run.stderr)
  t.true(run.stdout.startsWith("recount: 3 articles"), run.stdout)
  t.false(run.stderr.includes("stdin was read"), run.stderr)
})

/**
 * DuckDB's warm-up (pipeline/emit/parquet.ts `warmUp`): each instance runs one tiny COPY of the
 * tables' kind in the emitter's working folder while the articles are analysed. The statement must
 * really run (a broken one would be swallowed and the run silently lose the gain), leave nothing in
 * the folder, and change no byte of the tables' Parquet files written after it.
 */
import test from "ava"
import { spawnSync } from "node:child_process"
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import { PARQUET_INSTANCES, WARM_UP_CSV, warmUpStatement } from "../pipeline/emit/parquet.ts"
import { bool, date, defineTable, double, int64, nullable, text } from "../pipeline/normalise/columns.ts"
import { fileMetadata, readParquet } from "./helpers/duckdb.ts"
import { withDuckDB } from "./helpers/duckdb.ts"

const tempDir = (t: { teardown: (f: () => void) => void }) => {
  const dir = mkdtempSync(join(tmpdir(), "recount-warm-up-"))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

test("warm-up: its COPY reads the CSV in Recount's dialect and writes every column type", async (t) => {
  const dir = tempDir(t)
  const csv = join(dir, "w.csv")
  const parquet = join(dir, "w.parquet")
  writeFileSync(csv, WARM_UP_CSV)
  await withDuckDB((c) => c.run(warmUpStatement(csv, parquet)))
  const rows = await readParquet(parquet)
  t.is(rows.length, 1)
  t.like(rows[0], { text: "a, b", count: 1n, share: 2.5, flag: true, day: "2004-03-21" })
  t.is(String(rows[0]!["list"]), "[1, 2]")
  t.is((await fileMetadata(parquet)).kv["warm-up"], "yes")
})

type Row = { readonly id: string; readonly label: string | null; readonly n: number; readonly x: number; readonly ok: boolean; readonly day: string }
const Table = defineTable<Row>("warmed", "A table written after the warm-up.", {
  id: text("Row id."),
  label: nullable(text("Free text.")),
  n: int64("A count.", "votes"),
  x: double("A share.", "percent"),
  ok: bool("A flag."),
  day: date("A date.")
})
const ROWS: ReadonlyArray<Row> = Array.from({ length: 500 }, (_, i) => ({
  id: `r${i}`,
  label: i % 4 === 0 ? null : `Île « ${i % 13} », "x"\n${"é".repeat(i % 7)}`,
  n: i * 7919 - 40_000,
  x: i / 7,
  ok: i % 3 === 0,
  day: `2004-03-${String(1 + (i % 28)).padStart(2, "0")}`
}))

/** As test/emit.test.ts: the child imports test/helpers/parquet-child.ts, or its compiled copy under `make test`. */
const COMPILED_CHILD = process.env["RECOUNT_TEST_BUILD"] === undefined ? null : join(process.env["RECOUNT_TEST_BUILD"], "helpers", "parquet-child.mjs")
const CHILD_COMPILED = COMPILED_CHILD !== null && existsSync(COMPILED_CHILD)
const CHILD_MODULES = CHILD_COMPILED ? pathToFileURL(COMPILED_CHILD!) : new URL("./helpers/parquet-child.ts", import.meta.url)

/** In a fresh process (no DuckDB instance open yet): optionally the warm-up in `scratch`, then the table's Parquet bytes. */
const encodeInChild = (scratch: string | null) => {
  const script = `
    import { createHash } from "node:crypto"
    import { readdirSync } from "node:fs"
    const { encodeParquet, defineTable, warmUp } = await import(${JSON.stringify(CHILD_MODULES.href)})
    const scratch = process.env.WARM_UP_SCRATCH
    const warmed = scratch ? await warmUp(scratch) : null
    const left = scratch ? readdirSync(scratch) : []
    const def = defineTable("warmed", "A table written after the warm-up.", JSON.parse(process.env.TABLE_COLUMNS))
    const bytes = await encodeParquet(def, JSON.parse(process.env.TABLE_ROWS))
    const again = scratch ? await warmUp(scratch) : null
    console.log(JSON.stringify({ warmed, again, left, sha256: createHash("sha256").update(bytes).digest("hex") }))
  `
  const result = spawnSync(process.execPath, [...(CHILD_COMPILED ? [] : ["--import", import.meta.resolve("tsx")]), "--input-type=module", "-e", script], {
    env: { ...process.env, WARM_UP_SCRATCH: scratch ?? "", TABLE_COLUMNS: JSON.stringify(Table.columns), TABLE_ROWS: JSON.stringify(ROWS) },
    encoding: "utf8"
  })
  if (result.status !== 0) throw new Error(`child process failed (${result.status}): ${result.stderr}`)
  return JSON.parse(result.stdout.trim().split("\n").at(-1)!) as { warmed: number | null; again: number | null; left: Array<string>; sha256: string }
}

test("warm-up: every instance warmed once, nothing left in the folder, the same Parquet bytes as without it", (t) => {
  const scratch = tempDir(t)
  const cold = encodeInChild(null)
  const warm = encodeInChild(scratch)
  t.is(warm.warmed, PARQUET_INSTANCES, "each instance's warm-up COPY succeeded")
  t.is(warm.again, 0, "an instance already open is not warmed again")
  t.deepEqual(warm.left, [], "the warm-up's CSV and Parquet files are removed")
  t.is(warm.sha256, cold.sha256)
  t.is(cold.warmed, null)
})

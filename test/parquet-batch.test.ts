/**
 * Several tables' COPYs sent to DuckDB's instances as one query per instance
 * (pipeline/emit/parquet.ts `csvsToParquet`, `shareOut`): every file the same bytes as its table
 * converted alone, and a failing table failing alone, named, while the others are written.
 */
import test from "ava"
import fc from "fast-check"
import { binaryUnit } from "./helpers/binary-unit.ts"
import { readFileSync, mkdtempSync, rmSync, writeFileSync, existsSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { encodeCsv } from "../pipeline/emit/csv.ts"
import { type CopyJob, copyStatement, copyStatementLong, csvsToParquet, csvToParquet, PARQUET_INSTANCES, shareOut } from "../pipeline/emit/parquet.ts"
import { articleTableDefs } from "../pipeline/emit/emit.ts"
import { inputsOf } from "../pipeline/emit/metadata.ts"
import { Anomalies } from "../pipeline/audit/anomaly.ts"
import { Faults } from "../pipeline/diagnose/fault.ts"
import * as T from "../pipeline/normalise/records.ts"
import { defineTable } from "../pipeline/normalise/columns.ts"
import { type SampleRow, sampleRows, sampleTable } from "./helpers/sample-table.ts"

const Rows = sampleTable("rows", "Rows for the batch test.")
const rowsOf = sampleRows

const tempDir = (t: { teardown: (f: () => void) => void }) => {
  const dir = mkdtempSync(join(tmpdir(), "recount-batch-"))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

test("shareOut: every job once, at most n shares, none empty, the given order kept, bytes balanced greedily", (t) => {
  fc.assert(
    fc.property(fc.array(fc.nat({ max: 1000 }), { maxLength: 20 }), fc.integer({ min: 1, max: 4 }), (sizes, n) => {
      const jobs: Array<CopyJob> = sizes.map((bytes, i) => ({ def: Rows, csvFile: `${i}.csv`, parquetFile: `${i}.parquet`, bytes }))
      const shares = shareOut(jobs, n)
      t.is(shares.length, Math.min(n, jobs.length))
      t.true(shares.every((share) => share.length > 0))
      t.deepEqual([...shares.flat()].sort((a, b) => jobs.indexOf(a) - jobs.indexOf(b)), jobs)
      for (const share of shares) t.deepEqual(share, [...share].sort((a, b) => jobs.indexOf(a) - jobs.indexOf(b)))
      // Greedy (largest first to the least loaded): no share exceeds another by more than its smallest job... unless all zero, then by count.
      const totals = shares.map((share) => share.reduce((sum, job) => sum + job.bytes, 0))
      for (const [i, share] of shares.entries()) {
        const smallest = Math.min(...share.map((job) => job.bytes))
        t.true(totals[i]! - smallest <= Math.min(...totals), `share ${i}: ${totals.join(",")}`)
      }
      if (sizes.every((s) => s === 0)) t.true(Math.max(...shares.map((s) => s.length)) - Math.min(...shares.map((s) => s.length)) <= 1)
    }),
    { numRuns: 300 }
  )
})

test(`csvsToParquet: ${PARQUET_INSTANCES} instances, one query each: every file the bytes of its table converted alone`, async (t) => {
  const dir = tempDir(t)
  const sizes = [5000, 3, 1200, 40, 800, 1]
  const jobs: Array<CopyJob> = sizes.map((count, k) => {
    const csvFile = join(dir, `t${k}.csv`)
    const csv = encodeCsv(Rows, rowsOf(count, k + 1))
    writeFileSync(csvFile, csv)
    return { def: Rows, csvFile, parquetFile: join(dir, `t${k}.parquet`), bytes: Buffer.byteLength(csv) }
  })
  await Promise.all(csvsToParquet(jobs))
  for (const [k, job] of jobs.entries()) {
    const alone = join(dir, `alone${k}.parquet`)
    await csvToParquet(Rows, job.csvFile, alone)
    t.true(readFileSync(job.parquetFile).equals(readFileSync(alone)), `table ${k}`)
  }
  t.false(readFileSync(jobs[0]!.parquetFile).equals(readFileSync(jobs[1]!.parquetFile)), "different rows, different files (the comparison can fail)")
})

test("csvsToParquet: a failing table fails alone, named; the tables before and after it in its share are written", async (t) => {
  const dir = tempDir(t)
  const Named = (name: string) => defineTable<SampleRow>(name, "A table.", Rows.columns as never)
  const jobs: Array<CopyJob> = ["a", "b", "c", "d", "e"].map((name, k) => {
    const csvFile = join(dir, `${name}.csv`)
    // Table c's CSV is missing; all the same size, so the shares are a/c/e and b/d with two instances.
    if (name !== "c") writeFileSync(csvFile, encodeCsv(Rows, rowsOf(50, k + 1)))
    return { def: Named(name), csvFile, parquetFile: join(dir, `${name}.parquet`), bytes: 100 }
  })
  const settled = await Promise.allSettled(csvsToParquet(jobs))
  t.deepEqual(settled.map((s) => s.status), ["fulfilled", "fulfilled", "rejected", "fulfilled", "fulfilled"])
  t.regex(String((settled[2] as PromiseRejectedResult).reason.message), /^table c: DuckDB: /)
  for (const name of ["a", "b", "d", "e"]) {
    const alone = join(dir, `${name}-alone.parquet`)
    await csvToParquet(Named(name), join(dir, `${name}.csv`), alone)
    t.true(readFileSync(join(dir, `${name}.parquet`)).equals(readFileSync(alone)), name)
  }
  t.false(existsSync(join(dir, "c.parquet")))
})

test("copyStatement (a table's parts made once, the inputs' once a run) is the statement made whole, for every output table", (t) => {
  const defs = [...articleTableDefs, T.Parties, T.Areas, Anomalies, Faults, Rows]
  const name = fc.string({ maxLength: 12, unit: binaryUnit }).map((s) => `${s}'"; -- ${s}.txt`)
  fc.assert(fc.property(fc.array(fc.tuple(name, fc.string({ maxLength: 40 })), { maxLength: 5 }), name, name, (articles, csv, parquet) => {
    const inputs = inputsOf(articles.map(([file, text]) => ({ file, text })))
    for (const def of defs) {
      // Twice: the second made from the cached parts.
      t.is(copyStatement(def, csv, parquet, inputs), copyStatementLong(def, csv, parquet, inputs))
      t.is(copyStatement(def, csv, parquet, inputs), copyStatementLong(def, csv, parquet, inputs))
    }
  }), { numRuns: 60, seed: 8 })
  t.true(copyStatement(T.Results, "a'b.csv", "c.parquet").includes("'a''b.csv'"))
})

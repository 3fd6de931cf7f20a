/**
 * The Parquet conversion runs on PARQUET_INSTANCES DuckDB instances at once (pipeline/emit/parquet.ts):
 * a table's bytes must not depend on which instance converted it, nor on what ran beside it; and
 * a failed conversion must give its instance back (later tables still convert).
 */
import test from "ava"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { csvToParquet, encodeParquet, PARQUET_INSTANCES } from "../pipeline/emit/parquet.ts"
import { sampleRows, sampleTable } from "./helpers/sample-table.ts"

const Wide = sampleTable("wide", "A table of several row groups.")
const rowsOf = sampleRows

test(`Parquet: the same bytes whichever of the ${PARQUET_INSTANCES} instances converts a table, and whatever runs beside it`, async (t) => {
  t.true(PARQUET_INSTANCES >= 1)
  const inputs = [rowsOf(45_000, 1), rowsOf(30_000, 2), rowsOf(3, 3)]
  // One at a time (the first instance free each time).
  const alone: Array<Buffer> = []
  for (const rows of inputs) alone.push(await encodeParquet(Wide, rows))
  // Many at once, in two orders: every instance takes some of them.
  for (const order of [[0, 1, 2, 0, 1, 2, 0, 1], [2, 2, 1, 0, 1, 0, 2, 1]]) {
    const together = await Promise.all(order.map((k) => encodeParquet(Wide, inputs[k]!)))
    together.forEach((bytes, j) => t.true(bytes.equals(alone[order[j]!]!), `order ${order.join(",")}, #${j}`))
  }
  t.false(alone[0]!.equals(alone[1]!), "different rows, different files (the comparison can fail)")
})

test("Parquet: a failed conversion gives its instance back; later tables still convert", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "recount-pool-"))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const failures = await Promise.all(
    Array.from({ length: PARQUET_INSTANCES * 2 }, (_, k) =>
      csvToParquet(Wide, join(dir, `missing-${k}.csv`), join(dir, `missing-${k}.parquet`)).then(() => null, (e: Error) => e.message)
    )
  )
  for (const message of failures) t.regex(message ?? "", /^table wide: DuckDB: /)
  const bytes = await encodeParquet(Wide, rowsOf(10, 4))
  t.true(bytes.subarray(0, 4).equals(Buffer.from("PAR1")))
})

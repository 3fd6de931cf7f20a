/**
 * A four-column table (text, int64, nullable double, nullable text) and deterministic rows for it,
 * shared by the Parquet conversion tests (test/parquet-pool.test.ts, test/parquet-batch.test.ts):
 * labels with non-ASCII letters, guillemets, quotes and semicolons, and nulls in both nullable
 * columns, so that a CSV or Parquet difference between two conversions shows.
 */
import { defineTable, double, int64, nullable, type TableDef, text } from "../../pipeline/normalise/columns.ts"

export type SampleRow = { readonly id: string; readonly n: number; readonly x: number | null; readonly label: string | null }

/** The table under `name`. */
export const sampleTable = (name: string, description: string): TableDef<SampleRow> =>
  defineTable<SampleRow>(name, description, {
    id: text("Row id."),
    n: int64("A count.", "votes"),
    x: nullable(double("A share.", "percent")),
    label: nullable(text("Free text."))
  })

/** `count` rows, varied by `seed`. */
export const sampleRows = (count: number, seed: number): ReadonlyArray<SampleRow> =>
  Array.from({ length: count }, (_, i) => ({
    id: `r${seed}-${i}`,
    n: (i * 7919 + seed) % 100_003,
    x: i % 5 === 0 ? null : ((i * 31 + seed) % 1000) / 7,
    label: i % 3 === 0 ? null : `Île ${(i * seed) % 977} « ${i % 11} », "q"; ${seed}`
  }))

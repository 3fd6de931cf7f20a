/**
 * Parquet encoding of one table. The only module that touches parquetjs-lite.
 *
 * Schema: one top-level column per table column, in definition order — utf8 → BYTE_ARRAY/UTF8,
 * int64 → INT64, double → DOUBLE, boolean → BOOLEAN, date → INT32/DATE (days since 1970-01-01);
 * nullable → OPTIONAL (a null is an absent value, NULL in readers), otherwise REQUIRED.
 *
 * Determinism: parquetjs-lite writes no timestamp and nothing random (its `created_by` is the
 * constant "parquet.js" and it adds no key/value metadata), builds the schema in column order,
 * and computes statistics by iterating insertion-ordered Sets; so equal rows give equal bytes,
 * whatever the key order of the row objects. The writer options are pinned here rather than
 * left to library defaults. Checked by test/emit.test.ts.
 *
 * Compatibility choices, all pinned below:
 * - version-1 data pages (`useDataPageV2: false`): the page kind every reader supports;
 * - no page index (`pageIndex: false`): parquetjs-lite's ColumnIndex omits the required
 *   `null_pages` and `boundary_order` fields, which stricter readers reject;
 * - no statistics on utf8 columns: parquetjs-lite orders strings by JS UTF-16 comparison, not
 *   the unsigned UTF-8 byte order the format specifies (they differ for characters beyond
 *   U+FFFF), and a wrong min/max would let a reader skip row groups that do match a filter.
 *   Numbers, booleans and dates keep their statistics (JS ordering is right for them);
 * - dates are passed as `Date` objects interned per day: parquetjs-lite's integer path rejects
 *   days before 1970, and interning keeps its distinct-value count right.
 *
 * Empty tables: parquetjs-lite writes a valid file with the full schema, `num_rows` 0 and no row
 * group, which DuckDB reads as zero rows with the right column types (tested).
 */
import parquet from "parquetjs-lite"
import type { ParquetFieldDefinition, ParquetFieldType, ParquetSchema, ParquetWriterOptions } from "parquetjs-lite"
import type { ColumnType, TableDef } from "../normalise/columns.ts"
import { cellOf, columnsOf, epochDays } from "./values.ts"

const PARQUET_TYPE: Record<ColumnType, ParquetFieldType> = {
  utf8: "UTF8",
  int64: "INT64",
  double: "DOUBLE",
  boolean: "BOOLEAN",
  date: "DATE"
}

const WRITER_OPTIONS: ParquetWriterOptions = {
  useDataPageV2: false,
  pageIndex: false,
  rowGroupSize: 4096,
  pageSize: 8192
}

/** The parquetjs-lite schema of a table (a fresh object each call: the library mutates it). */
const schemaOf = (def: TableDef<any>): ParquetSchema => {
  const fields: Record<string, ParquetFieldDefinition> = {}
  for (const [name, column] of columnsOf(def)) {
    fields[name] = {
      type: PARQUET_TYPE[column.type],
      optional: column.nullable,
      encoding: "PLAIN",
      compression: "UNCOMPRESSED",
      statistics: column.type !== "utf8"
    }
  }
  return new parquet.ParquetSchema(fields)
}

/**
 * Encodes `rows` as a Parquet file. Every value is checked against its column first; a value
 * that does not fit rejects the promise with a `CellError` naming table, row and column.
 */
export const encodeParquet = async <Row>(def: TableDef<Row>, rows: ReadonlyArray<Row>): Promise<Buffer> => {
  const columns = columnsOf(def)
  const schema = schemaOf(def)
  const chunks: Array<Buffer> = []
  const envelope = new parquet.ParquetEnvelopeWriter(schema, (chunk) => chunks.push(chunk), () => undefined, 0, WRITER_OPTIONS)
  const writer = new parquet.ParquetWriter(schema, envelope, WRITER_OPTIONS)
  const days = new Map<string, Date>()
  const dateOf = (iso: string): Date => {
    let date = days.get(iso)
    if (date === undefined) {
      date = new Date((epochDays(iso) ?? 0) * 86_400_000)
      days.set(iso, date)
    }
    return date
  }
  try {
    for (let index = 0; index < rows.length; index++) {
      const row = rows[index]
      const record: Record<string, unknown> = {}
      for (const [name, column] of columns) {
        const value = cellOf(def, index, row, name, column)
        if (value === null) continue
        record[name] = column.type === "int64"
          ? BigInt(value as number)
          : column.type === "date"
          ? dateOf(value as string)
          : value
      }
      await writer.appendRow(record)
    }
    await writer.close()
  } catch (error) {
    // parquetjs-lite throws strings; give callers an Error either way.
    throw error instanceof Error ? error : new Error(`table ${def.name}: parquetjs-lite: ${String(error)}`)
  }
  return Buffer.concat(chunks)
}

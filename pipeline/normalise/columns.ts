/**
 * One definition per output table: each column's storage type, nullability, unit and meaning.
 * The effect Schema of a record, the Parquet schema, the CSV header and docs/data-dictionary.md
 * are all derived from these definitions, so no column is described twice.
 */
import * as Schema from "effect/Schema"

export type ColumnType = "utf8" | "int64" | "double" | "boolean" | "date"

export interface Column {
  readonly type: ColumnType
  readonly nullable: boolean
  readonly unit: string | null
  readonly doc: string
}

const column = (type: ColumnType) => (doc: string, unit: string | null = null): Column => ({
  type,
  nullable: false,
  unit,
  doc
})

export const nullable = (c: Column): Column => ({ ...c, nullable: true })

export const text = column("utf8")
export const int64 = column("int64")
export const double = column("double")
export const bool = column("boolean")
/** ISO date `YYYY-MM-DD`; stored as a Parquet DATE. */
export const date = column("date")

const schemaOf = (c: Column): Schema.Top => {
  const base = c.type === "utf8"
    ? Schema.String
    : c.type === "int64"
    ? Schema.Int
    : c.type === "double"
    ? Schema.Finite
    : c.type === "boolean"
    ? Schema.Boolean
    : Schema.String.check(Schema.isPattern(/^\d{4}-\d{2}-\d{2}$/))
  return c.nullable ? Schema.NullOr(base) : base
}

export interface TableDef<Row> {
  readonly name: string
  readonly doc: string
  readonly columns: Readonly<Record<string, Column>>
  /** The record Schema, derived from `columns`. */
  readonly schema: Schema.Codec<Row, unknown>
}

/**
 * Defines an output table. `Row` is the TypeScript record type; the Schema built from the
 * columns is checked against it by `test/columns.test.ts` (decoding every emitted row).
 */
export const defineTable = <Row>(
  name: string,
  doc: string,
  columns: { readonly [K in keyof Row]: Column }
): TableDef<Row> => {
  const fields: Record<string, Schema.Top> = {}
  for (const [key, c] of Object.entries(columns) as Array<[string, Column]>) fields[key] = schemaOf(c)
  return {
    name,
    doc,
    columns: columns as Record<string, Column>,
    schema: Schema.Struct(fields) as unknown as Schema.Codec<Row, unknown>
  }
}

/** Provenance columns every table ends with. */
export const provenance = {
  source_file: text("File name of the seed article the row was read from."),
  source_line: int64("1-based line in `source_file` of the row (or of the table, for table-level records).", "line")
} as const

/**
 * The two columns a figure a fault can correct gets beside it (filled by pipeline/deliver/corrected.ts):
 * `<field>_corrected`, the value of the error fault that reports/corrections.patch applies to it, and
 * `<field>_fault_id`, that fault's id (out/faults); both null where nothing was corrected.
 */
export const correctable = <F extends string>(field: F, type: typeof int64, unit: string): Record<`${F}_corrected` | `${F}_fault_id`, Column> =>
  ({
    [`${field}_corrected`]: nullable(type(`\`${field}\` as corrected by an error fault whose suggestion is settled (what reports/corrections.patch writes); null where no fault corrects it.`, unit)),
    [`${field}_fault_id`]: nullable(text(`The fault (see \`faults\`) that corrects \`${field}\`; null where none does.`))
  }) as Record<`${F}_corrected` | `${F}_fault_id`, Column>

/** The record fields `correctable` adds, optional in the record types (the emitter fills them). */
export type Corrections<F extends string> =
  & { readonly [K in `${F}_corrected`]?: number | null }
  & { readonly [K in `${F}_fault_id`]?: string | null }

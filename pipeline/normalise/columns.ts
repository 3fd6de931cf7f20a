/**
 * One definition per output table: each column's storage type, nullability, unit and meaning, and
 * the table's keys. The effect Schema of a record, the Parquet schema and its pandas metadata, the
 * CSV header, the Table Schema in out/datapackage.json and docs/data-dictionary.md are all derived
 * from these definitions, so no column is described twice — and a column added here gets every
 * consumer's type (CONSUMER_TYPES) without further work.
 */
import * as Schema from "effect/Schema"

export type ColumnType = "utf8" | "int64" | "double" | "boolean" | "date" | "int64_list" | "utf8_list"

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
/** A list of whole numbers (e.g. source lines): Parquet LIST<INT64>, a JSON array in the CSV. */
export const int64List = column("int64_list")
/** A list of texts (e.g. a section path): Parquet LIST<UTF8>, a JSON array in the CSV. */
export const textList = column("utf8_list")

/**
 * How each consumer sees a column type: DuckDB's type of the Parquet column, the Arrow type
 * (pyarrow, Polars), the pandas metadata entry pandas itself writes for that dtype (so
 * `pandas.read_parquet(path)` gives Int64/boolean/str/date/list without arguments), and the
 * Frictionless Table Schema type of the CSV column.
 */
export interface ConsumerType {
  readonly duckdb: string
  readonly arrow: string
  readonly pandasType: string
  readonly numpyType: string
  readonly tableSchema: { readonly type: string; readonly format?: string }
}
export const CONSUMER_TYPES: Record<ColumnType, ConsumerType> = {
  utf8: { duckdb: "VARCHAR", arrow: "string", pandasType: "unicode", numpyType: "str", tableSchema: { type: "string" } },
  int64: { duckdb: "BIGINT", arrow: "int64", pandasType: "int64", numpyType: "Int64", tableSchema: { type: "integer" } },
  double: { duckdb: "DOUBLE", arrow: "double", pandasType: "float64", numpyType: "float64", tableSchema: { type: "number" } },
  boolean: { duckdb: "BOOLEAN", arrow: "bool", pandasType: "bool", numpyType: "boolean", tableSchema: { type: "boolean" } },
  date: { duckdb: "DATE", arrow: "date32[day]", pandasType: "date", numpyType: "date32[day][pyarrow]", tableSchema: { type: "date", format: "default" } },
  int64_list: { duckdb: "BIGINT[]", arrow: "list<item: int64>", pandasType: "list[int64]", numpyType: "object", tableSchema: { type: "array" } },
  utf8_list: { duckdb: "VARCHAR[]", arrow: "list<item: string>", pandasType: "list[unicode]", numpyType: "object", tableSchema: { type: "array" } }
}

/** True for the list types (written as JSON arrays in the CSV). */
export const isList = (type: ColumnType): type is "int64_list" | "utf8_list" => type === "int64_list" || type === "utf8_list"

const schemaOf = (c: Column): Schema.Top => {
  const base = c.type === "utf8"
    ? Schema.String
    : c.type === "int64"
    ? Schema.Int
    : c.type === "double"
    ? Schema.Finite
    : c.type === "boolean"
    ? Schema.Boolean
    : c.type === "int64_list"
    ? Schema.Array(Schema.Int)
    : c.type === "utf8_list"
    ? Schema.Array(Schema.String)
    : Schema.String.check(Schema.isPattern(/^\d{4}-\d{2}-\d{2}$/))
  return c.nullable ? Schema.NullOr(base) : base
}

/** A foreign key: these columns of this table hold the `fields` of a row of `table` (or null). */
export interface ForeignKey {
  readonly fields: ReadonlyArray<string>
  readonly table: string
  readonly references: ReadonlyArray<string>
}

/** A table's keys, declared beside its columns (out/datapackage.json's primaryKey and foreignKeys). */
export interface TableKeys {
  readonly primaryKey?: ReadonlyArray<string>
  readonly foreignKeys?: ReadonlyArray<ForeignKey>
}

export interface TableDef<Row> {
  readonly name: string
  readonly doc: string
  readonly columns: Readonly<Record<string, Column>>
  readonly keys: TableKeys
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
  columns: { readonly [K in keyof Row]: Column },
  keys: TableKeys = {}
): TableDef<Row> => {
  const fields: Record<string, Schema.Top> = {}
  for (const [key, c] of Object.entries(columns) as Array<[string, Column]>) fields[key] = schemaOf(c)
  return {
    name,
    doc,
    columns: columns as Record<string, Column>,
    keys,
    schema: Schema.Struct(fields) as unknown as Schema.Codec<Row, unknown>
  }
}

/** A foreign key to another table's column of the same name. */
export const references = (table: string, ...fields: ReadonlyArray<string>): ForeignKey => ({ fields, table, references: fields })

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

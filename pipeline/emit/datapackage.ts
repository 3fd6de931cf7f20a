/**
 * out/datapackage.json: a Frictionless Data Package (profile `tabular-data-package`) with one
 * resource per CSV file and its Table Schema — field types, `missingValues`, booleans' spellings,
 * primary and foreign keys — all derived from the table definitions (CONSUMER_TYPES in
 * normalise/columns.ts, keys beside the columns), so Frictionless, R's `frictionless`, CSVW-aware
 * tools and a Polars or pandas read with these types get the columns right. Deterministic: tables
 * by name, fields in column order, each resource with its file's size and sha256.
 */
import { CONSUMER_TYPES, type TableDef } from "../normalise/columns.ts"
import { VERSION } from "../version.ts"
import type { ManifestTable } from "./emit.ts"
import { columnsOf } from "./values.ts"

export const DATAPACKAGE_FILE = "datapackage.json"

/** A column's Table Schema field: name, type (and format), description, unit, and `required` for a non-nullable column. */
const fieldOf = (name: string, column: TableDef<any>["columns"][string]) => {
  const type = CONSUMER_TYPES[column.type].tableSchema
  return {
    name,
    type: type.type,
    ...(type.format === undefined ? {} : { format: type.format }),
    description: column.doc,
    ...(column.unit === null ? {} : { unit: column.unit }),
    ...(type.type === "boolean" ? { trueValues: ["true"], falseValues: ["false"] } : {}),
    ...(type.type === "number" ? { decimalChar: ".", groupChar: "" } : {}),
    ...(column.nullable ? {} : { constraints: { required: true } })
  }
}

/** The Table Schema of one table. */
export const tableSchema = (def: TableDef<any>) => ({
  fields: columnsOf(def).map(([name, column]) => fieldOf(name, column)),
  // An empty field is null; an empty string is written `""` (quoted), which most CSV readers do not tell apart from null.
  missingValues: [""],
  ...(def.keys.primaryKey === undefined ? {} : { primaryKey: [...def.keys.primaryKey] }),
  ...(def.keys.foreignKeys === undefined || def.keys.foreignKeys.length === 0
    ? {}
    : { foreignKeys: def.keys.foreignKeys.map((fk) => ({ fields: [...fk.fields], reference: { resource: fk.table, fields: [...fk.references] } })) })
})

/** The CSV dialect every file is written in (emit/csv.ts). */
export const CSV_DIALECT = { delimiter: ",", lineTerminator: "\r\n", quoteChar: "\"", doubleQuote: true, header: true, skipInitialSpace: false }

/**
 * datapackage.json for the tables `out/` holds (`defs`, described by their manifest entries).
 * A foreign key to a table the package does not hold is left out rather than left dangling.
 */
export const renderDataPackage = (defs: ReadonlyArray<TableDef<any>>, tables: ReadonlyArray<ManifestTable>): string => {
  const byName = new Map(tables.map((t) => [t.name, t]))
  const names = new Set(defs.map((d) => d.name))
  const sorted = [...defs].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  const resources = sorted.map((def) => {
    const csv = byName.get(def.name)?.files.find((f) => f.name === `${def.name}.csv`)
    const schema = tableSchema(def)
    const foreignKeys = schema.foreignKeys?.filter((fk) => names.has(fk.reference.resource))
    return {
      name: def.name,
      path: `${def.name}.csv`,
      profile: "tabular-data-resource",
      title: def.name,
      description: def.doc,
      format: "csv",
      mediatype: "text/csv",
      encoding: "utf-8",
      ...(csv === undefined ? {} : { bytes: csv.bytes, hash: `sha256:${csv.sha256}` }),
      dialect: CSV_DIALECT,
      schema: { ...schema, ...(foreignKeys === undefined ? {} : foreignKeys.length === 0 ? { foreignKeys: undefined } : { foreignKeys }) }
    }
  })
  const pkg = {
    profile: "tabular-data-package",
    name: "recount",
    title: "Recount: audited tables from election articles",
    description: "Every table Recount writes, as CSV (this package) and Parquet (the same rows and types, beside each CSV). See docs/data-dictionary.md.",
    version: VERSION,
    resources
  }
  return `${JSON.stringify(pkg, null, 2)}\n`
}

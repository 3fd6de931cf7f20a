/**
 * What every consumer needs to read a table right, derived from its definition: the key/value
 * metadata written into each Parquet file (pandas' own `pandas` entry, so `pandas.read_parquet`
 * gives Int64/boolean/str/date/list dtypes with no arguments; Recount's version, the inputs'
 * digest, the table's and each column's description), and the inputs' identity for the manifest.
 * Deterministic: no time, no path — only names, digests and the definitions' text.
 */
import { createHash } from "node:crypto"
import { CONSUMER_TYPES, type TableDef } from "../normalise/columns.ts"
import { VERSION } from "../version.ts"
import { columnsOf } from "./values.ts"

/** One input article: its file name (no folder), size and sha256. */
export interface InputFile {
  readonly file: string
  readonly bytes: number
  readonly sha256: string
}

/** The run's inputs: every article, and one digest of the set (sha256 of `<file> <sha256>\n` lines, by name). */
export interface Inputs {
  readonly sha256: string
  readonly articles: ReadonlyArray<InputFile>
}

/** The inputs of a run, from the articles as read (their bytes' sha256, else that of their text in UTF-8). */
export const inputsOf = (articles: ReadonlyArray<{ readonly file: string; readonly text: string; readonly bytes?: number; readonly sha256?: string }>): Inputs => {
  const files = articles
    .map((a): InputFile => {
      if (a.sha256 !== undefined && a.bytes !== undefined) return { file: a.file, bytes: a.bytes, sha256: a.sha256 }
      const bytes = Buffer.from(a.text, "utf8")
      return { file: a.file, bytes: bytes.byteLength, sha256: createHash("sha256").update(bytes).digest("hex") }
    })
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
  const hash = createHash("sha256")
  for (const f of files) hash.update(`${f.file} ${f.sha256}\n`)
  return { sha256: hash.digest("hex"), articles: files }
}

/**
 * The `pandas` metadata entry, in the form pandas (through pyarrow) writes it itself: no index
 * (`index_columns: []`), one entry per column with the dtype pandas restores — `Int64` for every
 * integer column (nullable), `float64`, `boolean`, `str`, `date32[day][pyarrow]` for dates, object
 * holding lists for list columns.
 */
export const pandasMetadata = (def: TableDef<any>): object => ({
  index_columns: [],
  column_indexes: [],
  columns: columnsOf(def).map(([name, c]) => ({
    name,
    field_name: name,
    pandas_type: CONSUMER_TYPES[c.type].pandasType,
    numpy_type: CONSUMER_TYPES[c.type].numpyType,
    metadata: null
  })),
  attributes: {},
  creator: { library: "recount", version: VERSION },
  pandas_version: "3.0.0"
})

/** Each column's description, type, nullability and unit (the data dictionary's row), as JSON. */
export const columnDescriptions = (def: TableDef<any>): object =>
  Object.fromEntries(
    columnsOf(def).map(([name, c]) => [name, { type: CONSUMER_TYPES[c.type].duckdb, nullable: c.nullable, unit: c.unit, description: c.doc }])
  )

/** The key/value metadata of a table's Parquet file, in a fixed order. */
export const parquetMetadata = (def: TableDef<any>, inputs: Inputs): ReadonlyArray<readonly [string, string]> => [...tableMetadata(def), ...inputsMetadata(inputs)]

/** The entries of `parquetMetadata` that depend on the table alone (the first ones). */
export const tableMetadata = (def: TableDef<any>): ReadonlyArray<readonly [string, string]> => [
  ["pandas", JSON.stringify(pandasMetadata(def))],
  ["recount.version", VERSION],
  ["recount.table", def.name],
  ["recount.description", def.doc],
  ["recount.columns", JSON.stringify(columnDescriptions(def))]
]

/** The entries of `parquetMetadata` that depend on the run's inputs alone (the last ones, the same for every table). */
export const inputsMetadata = (inputs: Inputs): ReadonlyArray<readonly [string, string]> => [
  ["recount.inputs.sha256", inputs.sha256],
  ["recount.inputs", JSON.stringify(inputs.articles.map((a) => ({ file: a.file, sha256: a.sha256 })))]
]

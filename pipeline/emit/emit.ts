/**
 * The emit stage's encoding half: every table as `<table>.parquet` and `<table>.csv` bytes plus
 * the manifest entries describing them. Writes nothing: `publish.ts` writes the files, with
 * `manifest.json`, into out/ (together with reports/, as one transaction).
 */
import { createHash } from "node:crypto"
import * as Effect from "effect/Effect"
import type { ColumnType, TableDef } from "../normalise/columns.ts"
import { encodeCsv } from "./csv.ts"
import { EmitError } from "./errors.ts"
import { encodeParquet } from "./parquet.ts"
import { columnsOf } from "./values.ts"

/** The encoded tables: their files (Parquet and CSV, by table name) and their manifest entries. */
export interface EncodedTables {
  readonly files: ReadonlyArray<OutputFile>
  readonly tables: ReadonlyArray<ManifestTable>
}

/** A table to emit: its definition and its rows. */
export interface TableData<Row = any> {
  readonly def: TableDef<Row>
  readonly rows: ReadonlyArray<Row>
}

/** Pairs a definition with its rows, checking the row type (`TableData<any>` alone would not). */
export const tableData = <Row>(def: TableDef<Row>, rows: ReadonlyArray<Row>): TableData<Row> => ({ def, rows })

/** A file to write: a plain file name (no directory part) and its content (strings as UTF-8). */
export interface OutputFile {
  readonly name: string
  readonly content: string | Uint8Array
}

export interface ManifestFile {
  readonly name: string
  readonly bytes: number
  readonly sha256: string
}

export interface ManifestColumn {
  readonly name: string
  readonly type: ColumnType
  readonly nullable: boolean
  readonly unit: string | null
}

export interface ManifestTable {
  readonly name: string
  readonly rows: number
  readonly columns: ReadonlyArray<ManifestColumn>
  readonly files: ReadonlyArray<ManifestFile>
}

/**
 * `out/manifest.json`: the run identity (shared with `reports/manifest.json`, see
 * `runIdentity` in publish.ts), then the tables sorted by name, their files sorted by name,
 * columns in table order. It lists exactly the files Recount wrote in out/.
 */
export interface Manifest {
  readonly run: string
  readonly tables: ReadonlyArray<ManifestTable>
}

/** The name of every published folder's manifest (out/ and reports/). */
export const MANIFEST_FILE = "manifest.json"

const TABLE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/

const bytesOf = (content: string | Uint8Array): Uint8Array =>
  typeof content === "string" ? new TextEncoder().encode(content) : content

const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex")

const encodeFailure = (path: string) => (error: unknown): EmitError =>
  new EmitError({ path, message: `cannot encode ${path}: ${error instanceof Error ? error.message : String(error)}` })

/**
 * Encodes every table (Parquet and CSV) and describes each for the manifest. Pure apart from CPU:
 * writes nothing. Fails on a duplicate or unusable table name, or a value that does not fit its
 * column. `files` holds the tables' files only; `publishOutputs` adds `manifest.json`.
 */
export const encodeTables = Effect.fnUntraced(function*(
  tables: ReadonlyArray<TableData>
): Effect.fn.Return<EncodedTables, EmitError> {
  const seen = new Set<string>()
  for (const { def } of tables) {
    if (!TABLE_NAME.test(def.name)) {
      return yield* new EmitError({ path: def.name, message: `table name ${JSON.stringify(def.name)} cannot be a file name` })
    }
    if (seen.has(def.name)) {
      return yield* new EmitError({ path: def.name, message: `table ${def.name} is given twice` })
    }
    seen.add(def.name)
  }
  const sorted = [...tables].sort((a, b) => a.def.name < b.def.name ? -1 : a.def.name > b.def.name ? 1 : 0)
  const files: Array<OutputFile> = []
  const entries: Array<ManifestTable> = []
  for (const { def, rows } of sorted) {
    const csvName = `${def.name}.csv`
    const parquetName = `${def.name}.parquet`
    const csv = bytesOf(yield* Effect.try({ try: () => encodeCsv(def, rows), catch: encodeFailure(csvName) }))
    const pq = yield* Effect.tryPromise({ try: () => encodeParquet(def, rows), catch: encodeFailure(parquetName) })
    files.push({ name: csvName, content: csv }, { name: parquetName, content: pq })
    entries.push({
      name: def.name,
      rows: rows.length,
      columns: columnsOf(def).map(([name, c]) => ({ name, type: c.type, nullable: c.nullable, unit: c.unit })),
      files: [
        { name: csvName, bytes: csv.byteLength, sha256: sha256(csv) },
        { name: parquetName, bytes: pq.byteLength, sha256: sha256(pq) }
      ]
    })
  }
  return { files, tables: entries }
})

/**
 * The emit stage: every table as `<table>.parquet` and `<table>.csv`, plus `manifest.json`, written
 * into the output directory all at once (see `writeFilesAtomically`).
 *
 * Needs the `FileSystem` and `Path` services; the entry point provides them (`NodeServices.layer`).
 */
import { createHash } from "node:crypto"
import { Effect, FileSystem, Path } from "effect"
import type { PlatformError } from "effect/PlatformError"
import type { ColumnType, TableDef } from "../normalise/columns.ts"
import { encodeCsv } from "./csv.ts"
import { EmitError } from "./errors.ts"
import { encodeParquet } from "./parquet.ts"
import { columnsOf } from "./values.ts"

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

/** `manifest.json`: tables sorted by name, their files sorted by name, columns in table order. */
export interface Manifest {
  readonly tables: ReadonlyArray<ManifestTable>
}

export const MANIFEST_FILE = "manifest.json"

/** The files in an output directory that `emitTables` owns (and so may remove when stale). */
export const isTableOutput = (name: string): boolean =>
  name === MANIFEST_FILE || name.endsWith(".parquet") || name.endsWith(".csv")

const TABLE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/

const bytesOf = (content: string | Uint8Array): Uint8Array =>
  typeof content === "string" ? new TextEncoder().encode(content) : content

const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex")

const platform = (path: string, doing: string) => (error: PlatformError): EmitError =>
  new EmitError({ path, message: `cannot ${doing} ${path}: ${error.message}` })

const encodeFailure = (path: string) => (error: unknown): EmitError =>
  new EmitError({ path, message: `cannot encode ${path}: ${error instanceof Error ? error.message : String(error)}` })

/** `manifest.json` text: two-space JSON with a final line break, keys in a fixed order. */
export const renderManifest = (manifest: Manifest): string => `${JSON.stringify(manifest, null, 2)}\n`

/**
 * Encodes every table (Parquet and CSV) and builds the manifest. Pure apart from CPU: writes
 * nothing. Fails on a duplicate or unusable table name, or a value that does not fit its column.
 */
export const encodeTables = Effect.fnUntraced(function*(
  tables: ReadonlyArray<TableData>
): Effect.fn.Return<{ readonly files: ReadonlyArray<OutputFile>; readonly manifest: Manifest }, EmitError> {
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
  const manifest: Manifest = { tables: entries }
  // The manifest goes last, so that it is the last file to replace its old version.
  files.push({ name: MANIFEST_FILE, content: renderManifest(manifest) })
  return { files, manifest }
})

export interface WriteFilesOptions {
  /**
   * Which files already in `dir` this writer owns: an owned file that is not among `files` is
   * stale and is removed once the new files are in place. Default: none (remove nothing).
   */
  readonly owns?: (name: string) => boolean
}

/**
 * Writes `files` into `dir` so that `dir` changes only once every file has been written:
 * 1. every file is written into a fresh staging directory next to `dir` (`<dir>.staging-XXXXXX`,
 *    so on the same file system);
 * 2. `dir` is created if missing, then each staged file is renamed into it, in the order given
 *    (each file is replaced atomically; put an index file such as a manifest last);
 * 3. files in `dir` that `options.owns` claims and that are not among `files` are removed;
 *    any other file in `dir` is left alone;
 * 4. the staging directory is removed — also when a step fails.
 * A failure before step 2 leaves `dir` exactly as it was. File names must be plain names
 * (no directory part), each given once.
 */
export const writeFilesAtomically = Effect.fnUntraced(function*(
  dir: string,
  files: ReadonlyArray<OutputFile>,
  options?: WriteFilesOptions
): Effect.fn.Return<void, EmitError, FileSystem.FileSystem | Path.Path> {
  const fs = yield* FileSystem.FileSystem
  const path = yield* Path.Path
  const target = path.resolve(dir)
  const names = new Set<string>()
  for (const { name } of files) {
    if (name === "" || name === "." || name === ".." || name.includes("/") || name.includes("\\") || name.includes("\0")) {
      return yield* new EmitError({ path: path.join(target, name), message: `not a plain file name: ${JSON.stringify(name)}` })
    }
    if (names.has(name)) {
      return yield* new EmitError({ path: path.join(target, name), message: `file ${name} is given twice` })
    }
    names.add(name)
  }
  const parent = path.dirname(target)
  yield* fs.makeDirectory(parent, { recursive: true }).pipe(Effect.mapError(platform(parent, "create directory")))
  const owns = options?.owns ?? (() => false)

  const write = Effect.fnUntraced(function*(staging: string) {
    for (const file of files) {
      const staged = path.join(staging, file.name)
      yield* fs.writeFile(staged, bytesOf(file.content)).pipe(Effect.mapError(platform(staged, "write")))
    }
    yield* fs.makeDirectory(target, { recursive: true }).pipe(Effect.mapError(platform(target, "create directory")))
    const existing = yield* fs.readDirectory(target).pipe(Effect.mapError(platform(target, "list")))
    for (const file of files) {
      const staged = path.join(staging, file.name)
      const final = path.join(target, file.name)
      yield* fs.rename(staged, final).pipe(Effect.mapError(platform(final, `move ${staged} to`)))
    }
    for (const name of [...existing].sort()) {
      if (names.has(name) || !owns(name)) continue
      const stale = path.join(target, name)
      const info = yield* fs.stat(stale).pipe(Effect.mapError(platform(stale, "inspect")))
      if (info.type !== "File") continue
      yield* fs.remove(stale).pipe(Effect.mapError(platform(stale, "remove stale file")))
    }
  })

  yield* Effect.acquireUseRelease(
    fs.makeTempDirectory({ directory: parent, prefix: `${path.basename(target)}.staging-` }).pipe(
      Effect.mapError(platform(`${target}.staging-*`, "create staging directory"))
    ),
    write,
    (staging) => fs.remove(staging, { recursive: true, force: true }).pipe(Effect.ignore)
  )
})

/**
 * Emits every table as `<table>.parquet` and `<table>.csv` plus `manifest.json` into `outDir`
 * (see `writeFilesAtomically`; stale `.parquet`/`.csv`/`manifest.json` files are removed, other
 * files kept). Nothing is written unless every table encodes. Returns the manifest.
 */
export const emitTables = Effect.fnUntraced(function*(
  outDir: string,
  tables: ReadonlyArray<TableData>
): Effect.fn.Return<Manifest, EmitError, FileSystem.FileSystem | Path.Path> {
  const { files, manifest } = yield* encodeTables(tables)
  yield* writeFilesAtomically(outDir, files, { owns: isTableOutput })
  return manifest
})

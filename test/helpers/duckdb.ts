/**
 * DuckDB helpers for tests: read emitted Parquet (and CSV) files back through the engine users
 * load them into. Each helper opens a fresh in-memory database unless given a connection.
 */
import { type DuckDBConnection, DuckDBInstance, type DuckDBValue } from "@duckdb/node-api"

/** Runs `fn` with a connection to a fresh in-memory database, closed afterwards. */
export const withDuckDB = async <A>(fn: (connection: DuckDBConnection) => Promise<A>): Promise<A> => {
  const instance = await DuckDBInstance.create(":memory:")
  try {
    const connection = await instance.connect()
    try {
      return await fn(connection)
    } finally {
      connection.closeSync()
    }
  } finally {
    instance.closeSync()
  }
}

const using = <A>(connection: DuckDBConnection | undefined, fn: (connection: DuckDBConnection) => Promise<A>) =>
  connection === undefined ? withDuckDB(fn) : fn(connection)

/** A SQL string literal (for file paths in `read_parquet('…')`). */
export const sqlString = (text: string): string => `'${text.replaceAll("'", "''")}'`

/** The rows of a query as objects of DuckDB values (BIGINT → bigint, DATE → DuckDBDateValue, …). */
export const queryRows = async (sql: string, connection?: DuckDBConnection): Promise<Array<Record<string, DuckDBValue>>> =>
  using(connection, async (c) => (await c.runAndReadAll(sql)).getRowObjects())

/**
 * A DuckDB value as a plain JS value: null, string, number, boolean and bigint as they are; any
 * other value (DATE, TIMESTAMP, DECIMAL, BLOB, …) by its `toString()` (a DATE gives YYYY-MM-DD).
 */
export const plain = (value: DuckDBValue): string | number | boolean | bigint | null =>
  value === null || typeof value !== "object" ? value : value.toString()

/** `DESCRIBE` of a Parquet file: each column's name and DuckDB type, in file order. */
export const describe = async (
  parquetPath: string,
  connection?: DuckDBConnection
): Promise<Array<{ readonly name: string; readonly type: string }>> =>
  (await queryRows(`DESCRIBE SELECT * FROM read_parquet(${sqlString(parquetPath)})`, connection)).map((row) => ({
    name: String(row["column_name"]),
    type: String(row["column_type"])
  }))

/** Each column's Parquet repetition (REQUIRED / OPTIONAL), from `parquet_schema`, root left out. */
export const repetitions = async (parquetPath: string, connection?: DuckDBConnection): Promise<Record<string, string>> => {
  const rows = await queryRows(
    `SELECT name, repetition_type FROM parquet_schema(${sqlString(parquetPath)}) WHERE num_children IS NULL OR num_children = 0`,
    connection
  )
  return Object.fromEntries(rows.map((row) => [String(row["name"]), String(row["repetition_type"])]))
}

/** Every row of a Parquet file, in file order, values made `plain`. */
export const readParquet = async (
  parquetPath: string,
  connection?: DuckDBConnection
): Promise<Array<Record<string, string | number | boolean | bigint | null>>> =>
  (await queryRows(`SELECT * FROM read_parquet(${sqlString(parquetPath)})`, connection)).map((row) =>
    Object.fromEntries(Object.entries(row).map(([key, value]) => [key, plain(value)]))
  )

/**
 * Each column's Parquet storage as `parquet_schema` reports it: physical type, converted
 * (logical) type and repetition, root left out, in file order.
 */
export const parquetColumns = async (
  parquetPath: string,
  connection?: DuckDBConnection
): Promise<Array<{ readonly name: string; readonly type: string; readonly converted: string | null; readonly repetition: string }>> =>
  (await queryRows(
    `SELECT name, type, converted_type, repetition_type FROM parquet_schema(${sqlString(parquetPath)})
     WHERE num_children IS NULL OR num_children = 0`,
    connection
  )).map((row) => ({
    name: String(row["name"]),
    type: String(row["type"]),
    converted: row["converted_type"] === null ? null : String(row["converted_type"]),
    repetition: String(row["repetition_type"])
  }))

/** The compression codec of every column chunk (`parquet_metadata`), as `column: CODEC`, sorted and distinct. */
export const codecs = async (parquetPath: string, connection?: DuckDBConnection): Promise<Array<string>> =>
  (await queryRows(
    `SELECT DISTINCT path_in_schema || ': ' || compression AS codec FROM parquet_metadata(${sqlString(parquetPath)}) ORDER BY 1`,
    connection
  )).map((row) => String(row["codec"]))

/** `created_by` and the key/value metadata of a Parquet file's footer. */
export const fileMetadata = async (
  parquetPath: string,
  connection?: DuckDBConnection
): Promise<{ readonly createdBy: string; readonly keyValues: number; readonly kv: Readonly<Record<string, string>> }> => {
  const [file] = await queryRows(`SELECT created_by FROM parquet_file_metadata(${sqlString(parquetPath)})`, connection)
  const rows = await queryRows(`SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata(${sqlString(parquetPath)})`, connection)
  const kv = Object.fromEntries(rows.map((row) => [String(row["k"]), String(row["v"])]))
  return { createdBy: String(file?.["created_by"]), keyValues: rows.length, kv }
}

/**
 * Checks a row's values against the table definition before any encoder sees them, so the Parquet
 * and CSV files of a table can never disagree, and a wrong value fails with the table, row and
 * column named instead of being written in some lossy form.
 */
import * as Predicate from "effect/Predicate"
import type { Column, ColumnType, TableDef } from "../normalise/columns.ts"

/** A checked cell: utf8 and date → string, int64 and double → number, boolean → boolean, lists → arrays. */
export type CellValue = string | number | boolean | ReadonlyArray<string | number> | null

/** A value that does not fit its column. Thrown by the encoders; `emit.ts` turns it into an `EmitError`. */
export class CellError extends Error {
  constructor(
    readonly table: string,
    readonly row: number,
    readonly column: string,
    problem: string
  ) {
    super(`table ${table}, row ${row + 1}, column ${column}: ${problem}`)
    this.name = "CellError"
  }
}

/** The columns of a table, in definition order (the order of every output file). */
export const columnsOf = (def: TableDef<any>): ReadonlyArray<readonly [string, Column]> => Object.entries(def.columns)

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
/** No lone UTF-16 surrogate (which UTF-8 cannot encode): String.prototype.isWellFormed (V8, Node ≥ 20), ~10× faster than /\p{Cs}/u. */
export const isWellFormedText = (s: string): boolean => (s as unknown as { isWellFormed(): boolean }).isWellFormed()

/** Days since 1970-01-01 of an ISO `YYYY-MM-DD` date, or undefined when it is no calendar date. */
export const epochDays = (iso: string): number | undefined => {
  const m = ISO_DATE.exec(iso)
  if (m === null) return undefined
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const date = new Date(0)
  date.setUTCFullYear(y, mo - 1, d) // (Date.UTC would read years 0–99 as 1900–1999)
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined
  return date.getTime() / 86_400_000
}

/**
 * A number in plain decimal notation: JS `String(n)` (the shortest text that reads back as `n`),
 * with any exponent (`1e-7`, `1e+21`) written out as digits.
 */
/** A double as the CSV writes it: `plainDecimal`, always with a decimal point (100 → `100.0`), so no reader guesses an integer column. */
export const doubleText = (n: number): string => {
  const s = plainDecimal(n)
  return s.includes(".") ? s : `${s}.0`
}

export const plainDecimal = (n: number): string => {
  const s = String(n)
  // Most numbers have no exponent: no match to try.
  if (!s.includes("e")) return s
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(s)
  if (m === null) return s
  const sign = m[1] ?? ""
  const whole = m[2] ?? ""
  const digits = whole + (m[3] ?? "")
  const point = whole.length + Number(m[4])
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`
  if (point >= digits.length) return sign + digits + "0".repeat(point - digits.length)
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`
}

const describe = (value: unknown): string => {
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
  if (typeof value === "bigint") return `${value}n`
  if (value === undefined) return "undefined"
  return typeof value === "object" && value !== null ? "an object" : String(value)
}

const expected: Record<ColumnType, string> = {
  utf8: "a string",
  int64: "a safe integer",
  double: "a finite number",
  boolean: "a boolean",
  date: "a YYYY-MM-DD date",
  int64_list: "an array of safe integers",
  utf8_list: "an array of strings"
}

const fits = (type: ColumnType, value: unknown): boolean => {
  switch (type) {
    case "utf8":
      return typeof value === "string" && isWellFormedText(value)
    case "int64":
      return Number.isSafeInteger(value)
    case "double":
      return Number.isFinite(value)
    case "boolean":
      return typeof value === "boolean"
    case "date":
      return typeof value === "string" && epochDays(value) !== undefined
    case "int64_list":
      return Array.isArray(value) && value.every((v) => Number.isSafeInteger(v))
    case "utf8_list":
      return Array.isArray(value) && value.every((v) => typeof v === "string" && isWellFormedText(v))
  }
}

/**
 * The value of column `name` in `row` (the `index`-th row of `def`), checked against the column:
 * every key must be present, null only in nullable columns. Throws `CellError`.
 */
export const cellOf = (def: TableDef<any>, index: number, row: unknown, name: string, column: Column): CellValue => {
  if (!Predicate.isObject(row)) throw new CellError(def.name, index, name, `the row is ${describe(row)}, not an object`)
  const value: unknown = (row as Record<string, unknown>)[name]
  if (value === null) {
    if (column.nullable) return null
    throw new CellError(def.name, index, name, "null in a non-nullable column")
  }
  if (!fits(column.type, value)) {
    const problem = typeof value === "string" && column.type === "utf8"
      ? "the string holds a lone UTF-16 surrogate, which UTF-8 cannot encode"
      : `expected ${expected[column.type]}${column.nullable ? " or null" : ""}, got ${describe(value)}`
    throw new CellError(def.name, index, name, problem)
  }
  return value as CellValue
}

/**
 * Corrected columns: beside each stated figure a fault can target, `<field>_corrected` and
 * `<field>_fault_id` (null where nothing was corrected), so one query chooses stated or corrected
 * (`coalesce(votes_corrected, votes)`) without joining the faults.
 *
 * The corrections are exactly those reports/corrections.patch applies (./patch.ts): error faults
 * whose suggestion is settled and whose cells are found on their lines. So the corrected columns
 * are the stated columns of the patched articles. The columns themselves are declared in the table
 * definitions (pipeline/normalise/records.ts, `correctable`), which the data dictionary is made from.
 */
import type { TableDef } from "../normalise/columns.ts"
import type { PlacedFault } from "./patch.ts"

/** A correction of one figure: the value and the fault that settles it. */
export interface Correction {
  readonly value: number
  readonly fault_id: string
}

/** Row id and column of a figure, as a fault cell names them (`row_id`, `field`). */
const key = (rowId: string, field: string) => `${rowId}\u0000${field}`

/** The applied corrections of one article's faults, by row id and column. */
export const correctionsOf = (placed: ReadonlyArray<PlacedFault>): ReadonlyMap<string, Correction> => {
  const out = new Map<string, Correction>()
  for (const p of placed) {
    if (p.notApplied !== null) continue
    for (const c of p.fault.cells) if (c.suggestion !== null) out.set(key(c.row_id, c.field), { value: c.suggestion, fault_id: p.fault.id })
  }
  return out
}

/** The column of each table that holds a row's id as fault cells name it. */
const ROW_ID: Readonly<Record<string, string>> = {
  results: "result_id",
  contests: "contest_id",
  seats: "seat_id",
  seat_totals: "table_id"
}

/** The fields of a table that have corrected columns (those whose `<field>_corrected` the definition declares). */
export const correctedFields = (def: TableDef<any>): ReadonlyArray<string> =>
  Object.keys(def.columns).filter((c) => c.endsWith("_corrected")).map((c) => c.slice(0, -"_corrected".length))

/**
 * A table's rows with their corrected columns filled: the correction's value and fault id where a
 * fault corrects the figure, null elsewhere. Tables without corrected columns are returned as they are.
 * Each row is copied by a function generated once per definition that writes every column by a
 * constant name in the definition's order (one hidden class per table: a `{ ...row, ...extra }`
 * copy made dictionary-mode objects, and the CSV writer's reads of them megamorphic).
 */
export const withCorrections = <Row>(def: TableDef<Row>, rows: ReadonlyArray<Row>, corrections: ReadonlyMap<string, Correction>): ReadonlyArray<Row> => {
  const copier = copierOf(def)
  if (copier === null) return rows
  const byRow = byRowOf(copier.fields, corrections)
  const out = new Array<Row>(rows.length)
  for (let i = 0; i < rows.length; i++) out[i] = copier.copy(rows[i], byRow) as Row
  return out
}

/**
 * The corrections of a table's rows by row id: for each row one array of corrections indexed like
 * `fields` (undefined where none). A row is then looked up once by its id string as it is (whose
 * hash V8 keeps), instead of once per field by a new `id + field` key string.
 */
const byRowOf = (fields: ReadonlyArray<string>, corrections: ReadonlyMap<string, Correction>): ReadonlyMap<string, ReadonlyArray<Correction | undefined>> => {
  if (corrections.size === 0) return NONE
  const out = new Map<string, Array<Correction | undefined>>()
  for (const [k, correction] of corrections) {
    const cut = k.lastIndexOf("\u0000")
    const field = fields.indexOf(k.slice(cut + 1))
    if (cut < 0 || field < 0) continue
    const id = k.slice(0, cut)
    let list = out.get(id)
    if (list === undefined) out.set(id, list = new Array<Correction | undefined>(fields.length).fill(undefined))
    list[field] = correction
  }
  return out
}

const NONE: ReadonlyMap<string, ReadonlyArray<Correction | undefined>> = new Map()

interface Copier {
  readonly fields: ReadonlyArray<string>
  readonly copy: (row: unknown, byRow: ReadonlyMap<string, ReadonlyArray<Correction | undefined>>) => unknown
}

const copiers = new WeakMap<TableDef<any>, Copier | null>()

/** The row copier of a table with corrected columns (null for a table without them). */
const copierOf = (def: TableDef<any>): Copier | null => {
  const known = copiers.get(def)
  if (known !== undefined) return known
  const idColumn = ROW_ID[def.name]
  const fields = correctedFields(def)
  if (idColumn === undefined || fields.length === 0) {
    copiers.set(def, null)
    return null
  }
  // Names are embedded as JSON string literals, so no column name can break out of the code.
  const lit = (s: string) => JSON.stringify(s)
  const lookups = fields.map((_, i) => `const c${i} = cs === undefined ? undefined : cs[${i}];`).join("\n")
  const props = Object.keys(def.columns).map((name) => {
    const i = fields.findIndex((f) => `${f}_corrected` === name || `${f}_fault_id` === name)
    if (i < 0) return `${lit(name)}: row[${lit(name)}]`
    return name.endsWith("_corrected") ? `${lit(name)}: c${i} === undefined ? null : c${i}.value` : `${lit(name)}: c${i} === undefined ? null : c${i}.fault_id`
  })
  // Only the definition's columns are copied: the emitter reads nothing else. (The function is
  // parenthesised so that V8 compiles it with the code around it, at once: made while the start-up
  // snapshot is built — main.ts —, the snapshot then holds its bytecode.)
  const copy = new Function(
    `return (function copy(row, byRow) {
      const cs = byRow.size === 0 ? undefined : byRow.get(String(row[${lit(idColumn)}]))
      ${lookups}
      return { ${props.join(", ")} }
    })`
  )() as Copier["copy"]
  const copier = { fields, copy }
  copiers.set(def, copier)
  return copier
}

/** Whether a fault cell's figure has a corrected column in `defs` (tests: every cell the diagnosis targets in these tables does). */
export const hasCorrectedColumn = (defs: ReadonlyArray<TableDef<any>>, field: string): boolean =>
  defs.some((d) => `${field}_corrected` in d.columns)

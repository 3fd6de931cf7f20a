/**
 * The row loop every table kind shares: aligns each data row to the header, reads its name cell's
 * role (row-roles.ts), reports rows shorter or longer than the header, rows with nothing to read
 * and named rows that gave nothing, and hands the rest to the kind's row decoder.
 */
import type { Row } from "../extract/document.ts"
import { type CellRead, readName } from "./cells.ts"
import type { FindingDraft } from "./findings.ts"
import { slug } from "./ids.ts"
import type { Decoded, Header, ReadTable } from "./kinds/kind.ts"
import { NAMED_ROLE, type RowRole, rowRoleOf } from "./row-roles.ts"
import { alignRowInto, rowOffset } from "./shape.ts"

/**
 * Reads a cell through a reader of cells.ts and records a finding for any note it carries. The
 * column is given by its index: its label is worded only for a finding (every figure comes here,
 * and few carry a note; issue 8, seventh pass).
 */
export type Read = (read: CellRead, raw: string, line: number, column: number) => CellRead

export interface RowInput {
  readonly row: Row
  /**
   * Cells aligned to the header's columns; null where the row has no such cell. Valid only while
   * the row is decoded: the next row is aligned into the same array (never keep it).
   */
  readonly cells: ReadonlyArray<string | null>
  /** The text of the name column, as written. */
  readonly nameText: string
  readonly rowKey: string
  readonly read: Read
  /** A column's label for messages. */
  readonly label: (column: number) => string
}

export interface RowDecoder {
  /** A Total or turnout row: true when the kind took it (it counts as decoded), false to read it as a named row. */
  readonly summaryRow: (input: RowInput, role: Exclude<RowRole, { _tag: "named" }>) => boolean
  /** A named row, at its position among the table's named rows: false when a lost column ends it (ROW_SHORT says so). */
  readonly namedRow: (input: RowInput, position: number) => boolean
}

export const valueOf = (read: CellRead | null): number | null => (read !== null && read._tag === "Value" ? read.value : null)

const readCell = (findings: Array<FindingDraft>, rowKey: string, read: CellRead, raw: string, line: number, label: (column: number) => string, column: number): CellRead => {
  if (read.note) {
    const columnLabel = label(column)
    findings.push({
      code: read.note.code,
      line,
      raw,
      read_as: read._tag === "Value" ? String(read.value) : null,
      message: `${columnLabel}: ${read.note.message}`,
      key: `${rowKey}/${slug(columnLabel)}`
    })
  }
  return read
}

const columnLabel = (header: Header) => (i: number): string =>
  header.columns[i]?.label || header.columns[i]?.role._tag || `column ${i + 1}`

/** Cells the row lacks, or has in excess, are reported; a turnout row has only its votes and % to lose. */
const reportLength = (findings: Array<FindingDraft>, header: Header, input: RowInput, isTurnout: boolean) => {
  const { row, cells, rowKey, label } = input
  // A loop (every data row comes here): the missing columns' indices, without an object per column (nor an array for a full row).
  let missing: Array<number> | null = null
  for (let i = 0; i < header.columns.length; i++) {
    const tag = header.columns[i]!.role._tag
    if (cells[i] === null && tag !== "marker" && tag !== "blank" && (!isTurnout || tag === "votes" || tag === "percent")) (missing ??= []).push(i)
  }
  const offset = rowOffset(header, row)
  const extra = row.cells.length + offset - header.columns.length
  if (missing !== null) {
    findings.push({
      code: "ROW_SHORT",
      line: row.line,
      raw: row.raw,
      read_as: null,
      message: `row has ${row.cells.length} cells where the header has ${header.columns.length - offset}; read what is there, missing: ${
        missing.map((i) => `'${label(i)}'`).join(", ")
      }`,
      key: `${rowKey}/short`
    })
  }
  if (extra > 0 && row.cells.slice(row.cells.length - extra).some((c) => c !== "")) {
    findings.push({
      code: "ROW_LONG",
      line: row.line,
      raw: row.raw,
      read_as: null,
      message: `row has ${extra} more non-empty cell(s) than the header has columns; the extra cells are not decoded`,
      key: `${rowKey}/long`
    })
  }
}

/** True when a finding from index `from` on is on `line` (a loop: no copy of the findings per row). */
const hasFindingOn = (findings: ReadonlyArray<FindingDraft>, from: number, line: number): boolean => {
  for (let i = from; i < findings.length; i++) if (findings[i]!.line === line) return true
  return false
}

/**
 * True when the name cell's text is one of the row's first two cells that the marker test found
 * without a role word (TableShape `plainCells`): `rowRoleOf` would answer named by the same test.
 */
const isPlainCell = (bits: number, row: Row, nameText: string): boolean =>
  ((bits & 1) !== 0 && nameText === (row.cells[0] ?? "")) || ((bits & 2) !== 0 && nameText === (row.cells[1] ?? ""))

/** Decodes a table's data rows into `out` with the kind's row decoder; `nameColumn` holds the rows' labels (-1: none). */
export const decodeRows = (table: ReadTable, nameColumn: number, out: Decoded, decoder: RowDecoder): void => {
  const { header } = table
  const label = columnLabel(header)
  // One cell reader for the table, keyed by the row being decoded (rows are decoded one at a time): no closure per row.
  let rowKey = ""
  const read: Read = (cell, raw, line, column) => readCell(out.findings, rowKey, cell, raw, line, label, column)
  let position = 0
  // The marker test's notes, when they are this shape's rows' (one per data row).
  const plain = header.plainCells !== undefined && header.plainCells.length === header.dataRows.length ? header.plainCells : undefined
  // One array for the rows' aligned cells: a decoder reads `input.cells` only while its row is decoded.
  const cells: Array<string | null> = new Array(header.columns.length)
  for (let r = 0; r < header.dataRows.length; r++) {
    const row = header.dataRows[r]!
    alignRowInto(header, row, cells)
    const nameText = nameColumn >= 0 ? cells[nameColumn] ?? "" : ""
    rowKey = slug(nameText || `row-${position + 1}`)
    const input: RowInput = { row, cells, nameText, rowKey, read, label }
    const role = plain !== undefined && isPlainCell(plain[r]!, row, nameText) ? NAMED_ROLE : rowRoleOf(nameText)
    reportLength(out.findings, header, input, role._tag === "turnout")
    if (role._tag !== "named" && decoder.summaryRow(input, role)) {
      out.rowsDecoded++
      continue
    }
    if (nameText === "" && cells.every((c, i) => c === null || c === "" || header.columns[i]!.role._tag === "marker")) {
      out.findings.push({
        code: "ROW_UNREADABLE",
        line: row.line,
        raw: row.raw,
        read_as: null,
        message: "row has no name and no figures; nothing to decode",
        key: `row-${row.line - table.source.line}`
      })
      continue
    }
    position++
    out.rowsDecoded++
    const recordsBefore = out.results.length + out.seats.length
    const findingsBefore = out.findings.length
    if (!decoder.namedRow(input, position)) continue
    // A named row that gave no record (`–` in every round) and no finding is still reported: no row vanishes silently.
    if (out.results.length + out.seats.length === recordsBefore && !hasFindingOn(out.findings, findingsBefore, row.line)) {
      out.findings.push({
        code: "ROW_NO_FIGURES",
        line: row.line,
        raw: row.raw,
        read_as: null,
        message: `'${readName(nameText).name}' has no figure in any round ('–' throughout); no result recorded`,
        key: `${rowKey}/no-figures`
      })
    }
  }
}

/**
 * Where a fault's cell is written on its line, and how its corrected figure is written there.
 *
 * The patch and the SARIF fixes rewrite only the figure inside a cell, in the article's own number
 * format (`123,456`, `12.34%` or `12.34 %`, `–7` with the sign character the article uses, `+10`),
 * so both need the figure's columns on the line. A cell is found by reading every cell of the line
 * with the normaliser's own readers (pipeline/normalise/cells.ts): the cell whose figure reads as the
 * stated value; when several do (a figure repeated in both rounds), the table's column roles (its
 * shape, e.g. `marker|name|label|votes:1|percent:1|votes:2|percent:2`) pick the one. A figure that
 * cannot be pinned to one place is reported with the reason, never guessed.
 */
import { readInfoboxField, splitRow } from "../extract/parse.ts"
import type { FaultCell } from "../diagnose/fault.ts"
import { type CellRead, readChange, readCount, readPercent } from "../normalise/cells.ts"

/** The figure's place on its line: 0-based UTF-16 offsets [start, end) and the text written there. */
export interface Place {
  readonly start: number
  readonly end: number
  readonly text: string
}

export type Located = { readonly _tag: "Found"; readonly place: Place } | { readonly _tag: "NotFound"; readonly reason: string }

/** A number as written: optional sign, digits with group or decimal marks, optional `%` (a space before it kept). */
const FIGURE = /[+\-\u2212\u2013\u2014\u00B1]?\d+(?:[,.\u00A0\u202F\u2009 ]\d+)*(?:[ \u00A0\u202F]?%)?/g

const readerOf = (cell: Pick<FaultCell, "field" | "table_id">): (text: string) => CellRead =>
  cell.field === "percent"
    ? (t) => readPercent(t, "none")
    : cell.field === "change" || cell.table_id === "infobox"
    ? readChange
    : (t) => readCount(t, "none")

/** True when `text` reads as the cell's stated figure (percentages: value and decimals). */
const readsAs = (cell: Pick<FaultCell, "field" | "table_id" | "stated" | "decimals">, text: string): boolean => {
  const read = readerOf(cell)(text)
  if (read._tag !== "Value") return false
  if (cell.field === "percent") return Math.abs(read.value - cell.stated) < 1e-9 && read.decimals === cell.decimals
  return read.value === cell.stated
}

/** The figure inside a cell's text: the first number-like token that reads as the stated value. */
const figureIn = (cell: FaultCell, text: string, offset: number): Place | null => {
  for (const m of text.matchAll(FIGURE)) {
    const token = m[0].trimEnd()
    if (readsAs(cell, token)) return { start: offset + m.index, end: offset + m.index + token.length, text: token }
  }
  return null
}

/** Cells of a table line with their offsets in the line (the split of pipeline/extract/parse.ts). */
const cellSpans = (line: string): Array<{ column: number; start: number; text: string }> => {
  const { cells } = splitRow(line)
  const spans: Array<{ column: number; start: number; text: string }> = []
  let at = line.indexOf("|") + 1
  for (const c of cells) {
    const next = line.indexOf("|", at)
    const raw = next < 0 ? line.slice(at) : line.slice(at, next)
    spans.push({ column: c.column, start: at, text: raw })
    if (next < 0) break
    at = next + 1
  }
  return spans
}

/** The column the shape gives the cell's figure (-1 when the shape does not say). */
const shapeColumn = (cell: FaultCell, shape: string | undefined): number => {
  if (shape === undefined) return -1
  const roles = shape.split("|")
  const round = cell.round
  switch (cell.field) {
    case "votes":
    case "total_votes":
      return roles.indexOf(`votes:${round}`)
    case "percent":
      return roles.indexOf(`percent:${round}`)
    case "change":
    case "regions":
      return roles.indexOf(cell.field)
    case "seats":
    case "seats_before": {
      const seatColumns = roles.flatMap((r, i) => (r === "seats" || r.startsWith("seats:") ? [i] : []))
      if (seatColumns.length === 0) return -1
      return cell.field === "seats" ? seatColumns[seatColumns.length - 1]! : seatColumns[0]!
    }
    default:
      return -1
  }
}

/**
 * Finds the cell's figure on its line. `shape` is the table's column-role signature
 * (out/tables.shape), used only to choose between cells that state the same figure.
 */
export const locate = (cell: FaultCell, line: string, shape?: string): Located => {
  if (cell.table_id === "infobox") {
    const field = readInfoboxField(line)
    if (field === null) return { _tag: "NotFound", reason: "the line is not an infobox field" }
    const offset = line.lastIndexOf(field.value)
    const place = offset < 0 ? null : figureIn(cell, field.value, offset)
    return place ? { _tag: "Found", place } : { _tag: "NotFound", reason: `the infobox value does not state ${cell.stated}` }
  }
  if (!line.trimStart().startsWith("|")) return { _tag: "NotFound", reason: "the line is not a table row" }
  const found = cellSpans(line).flatMap((s) => {
    const place = figureIn(cell, s.text, s.start)
    return place ? [{ column: s.column, place }] : []
  })
  if (found.length === 1) return { _tag: "Found", place: found[0]!.place }
  if (found.length === 0) return { _tag: "NotFound", reason: `no cell of the line states ${cell.stated}` }
  // The same figure in several cells: the shape's column, or (a data row shifted by a marker cell the header lacks) its neighbour.
  const column = shapeColumn(cell, shape)
  for (const shift of [0, 1, -1]) {
    const at = found.filter((f) => column >= 0 && f.column === column + shift)
    if (at.length === 1) return { _tag: "Found", place: at[0]!.place }
  }
  return { _tag: "NotFound", reason: `${found.length} cells of the line state ${cell.stated} and the table's columns do not say which` }
}

// -------------------------------------------------------------------------------------------------
// Writing a figure in the article's own format
// -------------------------------------------------------------------------------------------------

const MINUS_SIGNS = ["\u2212", "\u2013", "\u2014", "-"] as const
const GROUP_MARKS = [",", "\u00A0", "\u202F", "\u2009", " "] as const

/** How an article writes its figures where a cell's own text does not say: minus sign and digit grouping. */
export interface NumberStyle {
  readonly minus: string
  readonly group: string
}

/** The article's most frequent minus sign before a figure in a cell or field, and thousands mark (defaults: U+2212, ","). */
export const numberStyle = (text: string): NumberStyle => {
  const minus = new Map<string, number>()
  for (const m of text.matchAll(/(?:\||:)[ \t]*([\u2212\u2013\u2014-])\d/g)) minus.set(m[1]!, (minus.get(m[1]!) ?? 0) + 1)
  const group = new Map<string, number>()
  for (const m of text.matchAll(/\d([,\u00A0\u202F\u2009 ])\d{3}(?!\d)/g)) group.set(m[1]!, (group.get(m[1]!) ?? 0) + 1)
  const most = (counts: Map<string, number>, order: ReadonlyArray<string>, fallback: string) =>
    order.reduce((best, c) => ((counts.get(c) ?? 0) > (counts.get(best) ?? 0) ? c : best), fallback)
  return { minus: most(minus, MINUS_SIGNS, "\u2212"), group: most(group, GROUP_MARKS, ",") }
}

const groupDigits = (digits: string, mark: string): string => {
  if (mark === "") return digits
  let out = ""
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += mark
    out += digits[i]
  }
  return out
}

/**
 * `value` written the way `written` (the stated figure's text) is: the same sign character, digit
 * grouping, decimal mark and places, and `%` with or without its space. Where the stated text does
 * not show a convention (an unsigned figure that becomes negative, a three-digit count that grows
 * past 999), the article's `style` decides.
 */
export const writeLike = (written: string, value: number, decimals: number, style: NumberStyle): string => {
  const sign = /^[+\-\u2212\u2013\u2014\u00B1]/.exec(written)?.[0] ?? ""
  const percent = /([ \u00A0\u202F]?)%$/.exec(written)
  const body = written.slice(sign.length, percent ? written.length - percent[0].length : written.length)
  const decimalMark = decimals > 0 ? (/\d([.,])\d+$/.exec(body)?.[1] ?? ".") : ""
  const integerPart = decimals > 0 ? body.slice(0, body.length - decimals - 1) : body
  const groupMark = /\d([^\d])\d{3}/.exec(integerPart)?.[1] ?? (integerPart.replace(/\D/g, "").length >= 4 ? "" : style.group)
  const magnitude = Math.abs(value).toFixed(decimals)
  const [whole, fraction] = magnitude.split(".")
  const number = `${groupDigits(whole!, groupMark)}${fraction !== undefined ? `${decimalMark}${fraction}` : ""}`
  const newSign = value < 0
    ? (sign !== "" && sign !== "+" && sign !== "\u00B1" ? sign : style.minus)
    : value > 0
    ? (sign !== "" ? "+" : "")
    : (sign !== "" ? "\u00B1" : "")
  return `${newSign}${number}${percent ? percent[0] : ""}`
}

/** True when `text` reads back as `value` with the cell's reader (the check every rewrite passes). */
export const readsBack = (cell: FaultCell, text: string, value: number): boolean => readsAs({ ...cell, stated: value }, text)

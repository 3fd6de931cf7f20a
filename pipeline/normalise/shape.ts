/**
 * Recognises a table by the shape of its header — never by file name or line.
 * Works out which rows are header rows, whether data rows carry a leading marker cell the header
 * lacks (the "shifted header"), how a two-row header with spanning round labels expands, and
 * which role each column plays (name, list label, votes or % of a round, seats, change, …).
 */
import type { Row, Table } from "../extract/document.ts"
import { quickCount, readCount, readPercent } from "./cells.ts"
import { memoString } from "./ids.ts"
import { hasNoRoleWord, isMarker, turnoutMeasureOfLabel } from "./row-roles.ts"

export type Role =
  | { readonly _tag: "marker" }
  | { readonly _tag: "name"; readonly of: "person" | "party" }
  | { readonly _tag: "label" }
  | { readonly _tag: "votes"; readonly round: number }
  | { readonly _tag: "percent"; readonly round: number }
  | { readonly _tag: "seats"; readonly year: number | null }
  | { readonly _tag: "change" }
  | { readonly _tag: "regions" }
  | { readonly _tag: "presidencies" }
  | { readonly _tag: "blank" }
  | { readonly _tag: "unknown"; readonly label: string }

export interface ColumnShape {
  readonly label: string
  readonly role: Role
}

export type ShapeNote =
  | { readonly code: "HEADER_SHIFTED"; readonly line: number; readonly message: string }
  | { readonly code: "HEADER_SPANNED"; readonly line: number; readonly message: string }
  | { readonly code: "COLUMN_UNRECOGNISED"; readonly line: number; readonly message: string }

/** What the header says: which rows are header rows, each column's role. Which kind of table it is, the catalogue decides (kinds/). */
export interface TableShape {
  readonly headerRows: ReadonlyArray<Row>
  readonly dataRows: ReadonlyArray<Row>
  readonly columns: ReadonlyArray<ColumnShape>
  /** True when data rows that start with a marker cell are aligned from column 0, others from column 1. */
  readonly hasMarker: boolean
  readonly notes: ReadonlyArray<ShapeNote>
  /** Short text of the roles, e.g. `marker|name|label|votes:1|percent:1`. */
  readonly signature: string
  /**
   * Per data row, what the marker test learnt of its first two cells: bit 1 set when the first
   * cell's text has no role word (row-roles.ts `hasNoRoleWord`), bit 2 the same for the second. The
   * row loop (table-rows.ts) answers a name cell that is one of them without asking again (issue 8,
   * seventh pass). Absent when the test did not run.
   */
  readonly plainCells?: Uint8Array
}

const ROUND_ONE = /\b(?:round one|first round|round 1|1st round|1st|first)\b/i
const ROUND_TWO = /\b(?:round two|second round|round 2|2nd round|2nd|second)\b/i
const YEAR = /\b(1[89]\d\d|20\d\d)\b/

const roundOf = (label: string): number | null =>
  ROUND_TWO.test(label) ? 2 : ROUND_ONE.test(label) ? 1 : null

/** A cell that reads as a number: it has a digit (checked first: most header labels have none) and reads as a count or a %. */
export const readsAsNumberLong = (text: string): boolean =>
  /\d/.test(text) && (readCount(text, "not_stood")._tag === "Value" || readPercent(text, "not_stood")._tag === "Value")

/**
 * `readsAsNumberLong`, without reading a cell twice: a plain or `,`-grouped count (`quickCount`,
 * the first thing `readCount` tries after its markers, which digits never are) is a number, and
 * any other text is memoised. Header labels with a digit (`Seats 2004`, `1st round Votes`) repeat
 * across tables and made two notes each, a count's and a percentage's, to be thrown away (issue 8,
 * seventh pass, part E; test/shape.test.ts compares the two).
 */
export const readsAsNumber = (text: string): boolean => quickCount(text) >= 0 || (hasDigit(text) && readsAsNumberMemo(text))
const readsAsNumberMemo = memoString(readsAsNumberLong, 1 << 12)

/**
 * `/\d/.test(text)` (ASCII digits: no `u` flag) by a scan. The long path's first test, asked before
 * the memo: most cells it sees (every header label, every name of a table's first data row) have
 * no digit, and answering them here spares hashing each fresh cell string for a lookup (~430k per
 * 1,000 generated articles; issue 8, eighth pass).
 */
export const hasDigit = (text: string): boolean => {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c >= 48 && c <= 57) return true
  }
  return false
}

/** A row with at least one cell that reads as a number is data, never header. */
const hasNumber = (row: Row): boolean => {
  for (const c of row.cells) if (readsAsNumber(c)) return true
  return false
}

// A column's role from its label, memoised per label (the roles are shared, read-only).
const roleWithName = memoString((label: string) => roleOfUncached(label, true))
const roleWithoutName = memoString((label: string) => roleOfUncached(label, false))
const roleOf = (label: string, hasName: boolean): Role => (hasName ? roleWithName(label) : roleWithoutName(label))

const roleOfUncached = (label: string, hasName: boolean): Role => {
  const l = label.trim().toLowerCase()
  if (l === "") return { _tag: "blank" }
  if (/\bvotes?\b/.test(l)) return { _tag: "votes", round: roundOf(l) ?? 0 }
  if (/%|percent|\bshare\b|^pct\b/.test(l)) return { _tag: "percent", round: roundOf(l) ?? 0 }
  if (/presidenc/.test(l)) return { _tag: "presidencies" }
  // `+/-`, `+/–` (en dash), `+/−` (minus sign), `±`, `Change`, `Δ` (a seat change beside the seats; before `Seats`: `Seat change`)
  if (/change|^\+ ?\/ ?[-\u2013\u2014\u2212]|^[\u00b1\u2206\u03b4]/.test(l)) return { _tag: "change" }
  if (/^seats?\b/.test(l)) {
    const y = YEAR.exec(l)
    return { _tag: "seats", year: y ? Number(y[1]) : null }
  }
  if (/^(?:regions?|areas?|departments?|provinces?|states?|counties|county)$/.test(l)) return { _tag: "regions" }
  if (/^(?:candidate|leader|list leader|head of list|nominee)s?$/.test(l)) {
    return hasName ? { _tag: "label" } : { _tag: "name", of: "person" }
  }
  if (/^(?:grouping|party\/alliance|party\/coalition|alliance|coalition|group|list|party|parties|label|list label|political party)s?$/.test(l)) {
    return hasName ? { _tag: "label" } : { _tag: "name", of: "party" }
  }
  return { _tag: "unknown", label }
}

/**
 * The header spellings recognised, by role, for docs/table-kinds.md (test/table-styles.test.ts checks
 * that each reads as its role, so the documentation cannot drift from `roleOf`).
 */
export const HEADER_VOCABULARY: ReadonlyArray<{ readonly role: string; readonly labels: ReadonlyArray<string> }> = [
  { role: "name (party)", labels: ["Party", "Parties", "Alliance", "Coalition", "List", "Grouping", "Group", "Party/Alliance", "Political party"] },
  { role: "name (person)", labels: ["Candidate", "Leader", "Head of list", "Nominee"] },
  { role: "votes of a round", labels: ["Votes", "Votes (Round One)", "1st round Votes", "Votes First round", "Votes Round 2", "Votes (2nd round)"] },
  { role: "percent of a round", labels: ["%", "% (Round One)", "Share", "Percent", "% 1st round"] },
  { role: "seats", labels: ["Seats", "Seats 2004", "seats"] },
  { role: "change", labels: ["+/-", "+/–", "+/−", "±", "Change", "Δ", "Seat change", "change +/-"] },
  { role: "regions", labels: ["Regions", "Areas", "Departments", "Provinces", "States", "Counties"] },
  { role: "presidencies", labels: ["Presidencies"] }
]

/** The role name HEADER_VOCABULARY uses for a label (a name column read as the first one). */
export const vocabularyRoleOf = (label: string): string => {
  const role = roleOf(label, false)
  switch (role._tag) {
    case "name":
      return `name (${role.of})`
    case "votes":
      return "votes of a round"
    case "percent":
      return "percent of a round"
    default:
      return role._tag
  }
}

/** A header label: a word of the column vocabulary below (Party, Votes, %, Seats, …) or a round's name (First round). */
export const isHeaderLabel = memoString((text: string): boolean => {
  const role = roleOf(text, false)
  return (role._tag !== "unknown" && role._tag !== "blank") || roundOf(text.toLowerCase()) !== null
})

/**
 * Header rows are recognised by their labels, not by the absence of numbers (a first data row
 * whose figures do not read — seats `N/A` — must stay data, and be reported): the first row is a
 * header when at least one of its cells is a header label; a following row only when every
 * non-empty cell is one (the sub-labels `Votes`, `%` under spanning round names). A row with a
 * cell that reads as a number is never a header.
 */
export const headerRowCount = (rows: ReadonlyArray<Row>): number => {
  let n = 0
  for (const row of rows) {
    if (hasNumber(row)) break
    if (!(n === 0 ? someHeaderLabel(row) : everyHeaderLabel(row))) break
    n++
  }
  return n
}

// The two tests in loops that stop at their answer (isHeaderLabel is pure): the first row's first
// label that is a header label (`Candidate`, one lookup where each label was looked up before), a
// following row's first non-empty label that is not (issue 8, eighth pass; test/worker-cpu.test.ts
// compares them with counting every label, as the sixth pass did).
const someHeaderLabel = (row: Row): boolean => {
  for (const c of row.cells) if (c !== "" && isHeaderLabel(c)) return true
  return false
}
const everyHeaderLabel = (row: Row): boolean => {
  let labels = 0
  for (const c of row.cells) {
    if (c === "") continue
    labels++
    if (!isHeaderLabel(c)) return false
  }
  return labels > 0
}

const signatureOf = (columns: ReadonlyArray<ColumnShape>) =>
  columns
    .map(({ role }) =>
      role._tag === "votes" || role._tag === "percent"
        ? `${role._tag}:${role.round}`
        : role._tag === "seats"
        ? role.year === null ? "seats" : `seats:${role.year}`
        : role._tag
    )
    .join("|")

/**
 * Expands a two-row header whose first row has group labels ("First round") spanning the second
 * row's sub-labels ("Votes", "%"). Labels become "First round Votes", "First round %".
 */
const isGroupLabel = (text: string): boolean => roundOf(text) !== null && !/votes|%/i.test(text)
const expandSpannedHeader = (top: Row, sub: Row): Array<string> | null => {
  const groups = top.cells.filter(isGroupLabel)
  if (groups.length === 0 || sub.cells.length % groups.length !== 0) return null
  const span = sub.cells.length / groups.length
  const labels: Array<string> = []
  let g = 0
  for (const cell of top.cells) {
    if (isGroupLabel(cell)) {
      for (let k = 0; k < span; k++) labels.push(`${cell} ${sub.cells[g * span + k]!}`)
      g++
    } else {
      labels.push(cell)
    }
  }
  return labels
}

/**
 * Data rows (other than turnout rows) that mostly start with a marker cell mean a marker column.
 * Notes in `plain` which of each row's first two cells have no role word (see TableShape).
 */
const hasMarkerColumn = (dataRows: ReadonlyArray<Row>, plain: Uint8Array): boolean => {
  // Counted in one loop rather than two filtered copies of the rows.
  let bodyRows = 0
  let markerRows = 0
  for (let i = 0; i < dataRows.length; i++) {
    const r = dataRows[i]!
    // turnoutMeasureOf of each cell, its shortcut noted.
    const first = r.cells[0] ?? ""
    const second = r.cells[1] ?? ""
    const plainFirst = hasNoRoleWord(first)
    const plainSecond = hasNoRoleWord(second)
    plain[i] = (plainFirst ? 1 : 0) | (plainSecond ? 2 : 0)
    if ((!plainFirst && turnoutMeasureOfLabel(first) !== null) || (!plainSecond && turnoutMeasureOfLabel(second) !== null)) continue
    bodyRows++
    if (r.cells.length > 1 && isMarker(r.cells[0]!)) markerRows++
  }
  return bodyRows > 0 && markerRows * 2 >= bodyRows
}

/** Votes columns without a round take it from the next % column; failing that, their order. */
const resolveRounds = (columns: ReadonlyArray<ColumnShape>): Array<ColumnShape> => {
  let votesSeen = 0
  return columns.map((c, i): ColumnShape => {
    if ((c.role._tag === "votes" || c.role._tag === "percent") && c.role.round === 0) {
      votesSeen += c.role._tag === "votes" ? 1 : 0
      const next = columns.slice(i + 1).find((n) => n.role._tag === "percent" && n.role.round !== 0)
      const prev = columns.slice(0, i).reverse().find((n) => n.role._tag === "votes" && n.role.round !== 0)
      const round = c.role._tag === "votes"
        ? next && next.role._tag === "percent" ? next.role.round : votesSeen
        : prev && prev.role._tag === "votes" ? prev.role.round : Math.max(1, votesSeen)
      return { label: c.label, role: { _tag: c.role._tag, round } }
    }
    if (c.role._tag === "votes") votesSeen++
    return c
  })
}

export const recogniseTable = (table: Table): TableShape => {
  const notes: Array<ShapeNote> = []
  const headerCount = headerRowCount(table.rows)
  const headerRows = table.rows.slice(0, headerCount)
  const dataRows = table.rows.slice(headerCount)
  const unread = (columns: ReadonlyArray<ColumnShape> = []): TableShape => ({
    headerRows,
    dataRows,
    columns,
    hasMarker: false,
    notes,
    signature: signatureOf(columns)
  })
  if (headerRows.length === 0 || dataRows.length === 0) return unread()

  let labels: Array<string> = [...headerRows[0]!.cells]
  if (headerRows.length >= 2) {
    const expanded = expandSpannedHeader(headerRows[0]!, headerRows[1]!)
    if (expanded) {
      labels = expanded
      notes.push({
        code: "HEADER_SPANNED",
        line: headerRows[1]!.line,
        message: `two-row header: round labels on line ${headerRows[0]!.line} span the sub-labels on line ${
          headerRows[1]!.line
        }; read as columns ${expanded.map((l) => `'${l}'`).join(", ")}`
      })
    }
  }

  const plainCells = new Uint8Array(dataRows.length)
  const hasMarker = hasMarkerColumn(dataRows, plainCells)
  if (hasMarker && labels[0] !== "") {
    const trailingBlank = labels.length > 1 && labels[labels.length - 1] === ""
    labels = ["", ...(trailingBlank ? labels.slice(0, -1) : labels)]
    notes.push({
      code: "HEADER_SHIFTED",
      line: headerRows[0]!.line,
      message: trailingBlank
        ? "the header's labels stand one column left of the data (data rows start with a marker cell, the header ends with an empty one); read with the labels shifted one column right"
        : "the header has no cell above the data rows' leading marker column; read with the labels shifted one column right"
    })
  }

  const reading = readColumns(labels, hasMarker)
  for (const message of reading.unrecognised) notes.push({ code: "COLUMN_UNRECOGNISED", line: headerRows[0]!.line, message })
  // Without a name column the marker column is not trusted (rows align from column 0).
  if (!reading.named) return { headerRows, dataRows, columns: reading.columns, hasMarker: false, notes, signature: reading.signature, plainCells }
  return { headerRows, dataRows, columns: reading.columns, hasMarker, notes, signature: reading.signature, plainCells }
}

/** What a header's labels say once the marker column is known: the same for every table with those labels. */
export interface ColumnReading {
  /** Each column's label and role, the rounds resolved (shared between tables: read-only). */
  readonly columns: ReadonlyArray<ColumnShape>
  readonly signature: string
  /** The COLUMN_UNRECOGNISED messages, in column order. */
  readonly unrecognised: ReadonlyArray<string>
  /** Whether a column names the rows (without one the marker column is not trusted). */
  readonly named: boolean
}

/** The long path: each label's role, the rounds resolved, the signature. */
export const readColumnsUncached = (labels: ReadonlyArray<string>, hasMarker: boolean): ColumnReading => {
  const columns: Array<ColumnShape> = []
  let hasName = false
  labels.forEach((label, i) => {
    const role: Role = hasMarker && i === 0 ? { _tag: "marker" } : roleOf(label, hasName)
    if (role._tag === "name") hasName = true
    columns.push({ label, role })
  })
  const resolved = resolveRounds(columns)
  const unrecognised: Array<string> = []
  for (const c of resolved) {
    if (c.role._tag === "unknown") unrecognised.push(`column '${c.role.label}' has no recognised role; its cells are not decoded`)
  }
  return { columns: resolved, signature: signatureOf(resolved), unrecognised, named: resolved.some((c) => c.role._tag === "name") }
}

// Memoised by the labels and the marker flag: the articles repeat a handful of headers, and every
// table with the same labels shares one reading (and, in kinds/index.ts, one verdict of each kind on
// its columns). The key is the flag, then each label after a `|` (a cell never holds a `|`: the
// parser splits at them), or, when a label does hold one, the labels as JSON (which starts `[`):
// no two label lists share a key. The join replaced JSON for every header (issue 8, seventh pass).
const readingOfKey = memoString((key: string): ColumnReading => readColumnsUncached(labelsOfKey(key.slice(1)), key.charAt(0) === "m"), 1 << 12)
const labelsOfKey = (rest: string): Array<string> =>
  rest === "" ? [] : rest.charAt(0) === "|" ? rest.slice(1).split("|") : JSON.parse(rest) as Array<string>
const labelsKey = (labels: ReadonlyArray<string>): string => {
  for (const label of labels) if (label.includes("|")) return JSON.stringify(labels)
  return labels.length === 0 ? "" : `|${labels.join("|")}`
}

/** `readColumnsUncached`, memoised for headers of up to 2,000 characters (test/header-memo.test.ts compares the two). */
export const readColumns = (labels: ReadonlyArray<string>, hasMarker: boolean): ColumnReading => {
  const key = `${hasMarker ? "m" : "-"}${labelsKey(labels)}`
  return key.length <= 2000 ? readingOfKey(key) : readColumnsUncached(labels, hasMarker)
}

/** 1 when a row of a marker table lacks its marker cell (a turnout or total row), else 0. */
export const rowOffset = (shape: TableShape, row: Row): number =>
  shape.hasMarker && !(row.cells.length > 0 && isMarker(row.cells[0]!)) ? 1 : 0

/** One cell of `alignRow(shape, row)`, without aligning the whole row: the text, or null where the row has no such cell. */
export const cellAt = (shape: TableShape, row: Row, column: number): string | null => {
  if (column < 0 || column >= shape.columns.length) return null
  const cell = row.cells[column - rowOffset(shape, row)]
  return cell === undefined ? null : cell
}

/**
 * The cells of a data row aligned to the table's columns: a row that starts with a marker cell
 * aligns from column 0; a row without one (a turnout or total row in a marker table) from column 1.
 * Returns, per column, the cell text or null where the row has no such cell.
 */
export const alignRow = (shape: TableShape, row: Row): Array<string | null> =>
  alignRowInto(shape, row, new Array(shape.columns.length))

/**
 * `alignRow` into a given array of the header's width (the row loop reuses one per table: a row's
 * aligned cells are read only while that row is decoded; issue 8, seventh pass).
 */
export const alignRowInto = (shape: TableShape, row: Row, aligned: Array<string | null>): Array<string | null> => {
  const offset = rowOffset(shape, row)
  // A plain loop (called for every data row): no closure per row.
  const width = shape.columns.length
  for (let i = 0; i < width; i++) {
    const cell = i - offset < 0 ? undefined : row.cells[i - offset]
    aligned[i] = cell === undefined ? null : cell
  }
  return aligned
}

/**
 * Normalise: documents in, tidy typed records out. Tables are recognised by header shape
 * (shape.ts), cells read by the one cell reader (cells.ts), list labels split by the party
 * dictionary (parties.ts). Every odd-but-readable cell and everything unreadable becomes a
 * finding with its file and line; nothing is fixed or dropped silently.
 */
import type { Block, Document, Infobox, Row, Table } from "../extract/document.ts"
import { type CellRead, readChange, readCount, readName, readPercent } from "./cells.ts"
import { electionOf } from "./election.ts"
import { LEAD, sectionText, slug, uniqueIds } from "./ids.ts"
import { lookupParty, type PartyDictionary, splitLabel } from "./parties.ts"
import type {
  AreaLevel,
  Contest,
  Election,
  Finding,
  InfoboxRecord,
  Party,
  Result,
  ResultParty,
  Seat,
  SeatMeasure,
  SeatTotal,
  Severity,
  TableRecord,
  TextRecord,
  Turnout,
  TurnoutMeasure
} from "./records.ts"
import { alignRow, isTotalLabel, recogniseTable, rowOffset, type TableShape, turnoutMeasureOf } from "./shape.ts"

export interface Dataset {
  readonly elections: ReadonlyArray<Election>
  readonly contests: ReadonlyArray<Contest>
  readonly turnout: ReadonlyArray<Turnout>
  readonly results: ReadonlyArray<Result>
  readonly resultParties: ReadonlyArray<ResultParty>
  readonly seats: ReadonlyArray<Seat>
  readonly seatTotals: ReadonlyArray<SeatTotal>
  readonly tables: ReadonlyArray<TableRecord>
  readonly parties: ReadonlyArray<Party>
  readonly infobox: ReadonlyArray<InfoboxRecord>
  readonly texts: ReadonlyArray<TextRecord>
  readonly findings: ReadonlyArray<Finding>
  /** The party dictionary the labels were read with (for rules that resolve names, e.g. infobox parties). */
  readonly dictionary: PartyDictionary
}

/** Severity of each normalisation finding code: oddities of form read fine are info; structure problems warn. */
const SEVERITY: Record<string, Severity> = {
  NUMBER_THOUSANDS_DOT: "info",
  NUMBER_THOUSANDS_SPACE: "info",
  NUMBER_MIXED_SEPARATORS: "info",
  PERCENT_NO_SIGN: "info",
  PERCENT_DECIMAL_COMMA: "info",
  CHANGE_EN_DASH_MINUS: "info",
  CELL_CROSS_REFERENCE: "info",
  HEADER_SPANNED: "info",
  HEADER_SHIFTED: "info",
  PERCENT_PRECISION: "info",
  COLUMN_UNRECOGNISED: "warning",
  CELL_EMPTY: "warning",
  CELL_UNREADABLE: "warning",
  DATE_IMPOSSIBLE: "warning",
  COUNT_NEGATIVE: "warning",
  PERCENT_OUT_OF_RANGE: "warning",
  ROW_SHORT: "warning",
  ROW_LONG: "warning",
  ROW_UNREADABLE: "warning",
  ROW_NO_FIGURES: "warning",
  TABLE_UNCLASSIFIED: "warning",
  PARTY_UNKNOWN: "warning",
  PARTY_COMPOSITE: "info",
  ROW_NOT_CLOSED: "warning",
  HEADING_UNBALANCED: "warning",
  TITLE_MISSING: "warning",
  CAPTION_ORPHANED: "info"
}
export const severityOf = (code: string): Severity => SEVERITY[code] ?? "warning"

const NATIONAL = "national"

/** The area of a block: the level-3 heading (`=== Alsace ===`) enclosing it, else national. */
const areaOf = (doc: Document, block: Block): { level: AreaLevel; area: string } => {
  const sectionTitles = block.section
  for (let depth = sectionTitles.length; depth > 0; depth--) {
    const path = sectionTitles.slice(0, depth)
    const section = doc.sections.find((s) => s.path.length === depth && s.path.every((t, i) => t === path[i]))
    if (section && section.level === 3) return { level: "area", area: section.title }
  }
  return { level: "national", area: NATIONAL }
}

interface Collector {
  readonly findings: Array<Finding>
  readonly findingId: (id: string) => string
}

const addFinding = (
  out: Collector,
  f: { code: string; file: string; line: number; section: string; raw: string; read_as: string | null; message: string; key: string }
) => {
  out.findings.push({
    finding_id: out.findingId(`${f.code}/${slug(f.file.replace(/\.[^.]+$/, ""))}/${f.section === "" ? "top" : slug(f.section)}/${f.key}`),
    code: f.code,
    severity: severityOf(f.code),
    file: f.file,
    line: f.line,
    section: f.section,
    raw: f.raw,
    read_as: f.read_as,
    message: f.message
  })
}

/**
 * Normalises a corpus one article at a time: `add(doc)` returns that article's slice of the dataset
 * (with the shared party table and dictionary), so a caller can audit and drop each article before
 * reading the next. Ids stay unique across the whole corpus, exactly as with `normalise`.
 */
export const createNormaliser = (dictionary: PartyDictionary) => {
  const electionIds = uniqueIds()
  const findingId = uniqueIds()
  const parties = partiesOf(dictionary)
  return {
    add: (doc: Document): Dataset => {
      const { findingId: _, ...dataset } = normaliseDocument(doc, dictionary, electionIds, findingId)
      return { ...dataset, parties, dictionary }
    }
  }
}

/** Concatenates per-article slices (from `createNormaliser().add`) into one dataset. */
export const concatDatasets = (parts: ReadonlyArray<Dataset>, dictionary: PartyDictionary): Dataset => {
  const keys = ["elections", "contests", "turnout", "results", "resultParties", "seats", "seatTotals", "tables", "infobox", "texts", "findings"] as const
  const joined: Record<string, Array<unknown>> = {}
  for (const key of keys) {
    const all: Array<unknown> = []
    for (const part of parts) for (const row of part[key]) all.push(row)
    joined[key] = all
  }
  return { ...(joined as unknown as Omit<Dataset, "parties" | "dictionary">), parties: partiesOf(dictionary), dictionary }
}

export const normalise = (documents: ReadonlyArray<Document>, dictionary: PartyDictionary): Dataset => {
  const normaliser = createNormaliser(dictionary)
  return concatDatasets(documents.map((doc) => normaliser.add(doc)), dictionary)
}

const normaliseDocument = (
  doc: Document,
  dictionary: PartyDictionary,
  electionIds: (id: string) => string,
  findingId: (id: string) => string
) => {
  const out = {
    elections: [] as Array<Election>,
    contests: [] as Array<Contest>,
    turnout: [] as Array<Turnout>,
    results: [] as Array<Result>,
    resultParties: [] as Array<ResultParty>,
    seats: [] as Array<Seat>,
    seatTotals: [] as Array<SeatTotal>,
    tables: [] as Array<TableRecord>,
    infobox: [] as Array<InfoboxRecord>,
    texts: [] as Array<TextRecord>,
    findings: [] as Array<Finding>,
    findingId
  }
  {
    const election = electionOf(doc, electionIds, (problem) => {
      const block = doc.blocks.find((b) =>
        b.line === problem.line || (b._tag === "Infobox" && b.fields.some((f) => f.line === problem.line))
      )
      addFinding(out, {
        code: "DATE_IMPOSSIBLE",
        file: doc.file,
        line: problem.line,
        section: block ? sectionText(block.section) : LEAD,
        raw: problem.raw,
        read_as: null,
        message: `the date ${problem.date} is not in the calendar; the election's date is left empty`,
        key: `date-${problem.date}`
      })
    })
    out.elections.push(election)
    for (const issue of doc.issues) {
      addFinding(out, {
        code: issue.code,
        file: doc.file,
        line: issue.line,
        section: LEAD,
        raw: issue.raw,
        read_as: null,
        message: issue.message,
        key: `line-${issue.line}`
      })
    }
    const contestIds = uniqueIds()
    const rowIds = uniqueIds()
    for (const block of doc.blocks) {
      const section = sectionText(block.section)
      if (block._tag === "Infobox") pushInfobox(out.infobox, election, block)
      else if (block._tag === "Paragraph") {
        out.texts.push({
          election_id: election.election_id,
          section,
          kind: "paragraph",
          text: block.text,
          source_file: doc.file,
          source_line: block.line
        })
      } else if (block._tag === "List") {
        for (const item of block.items) {
          out.texts.push({
            election_id: election.election_id,
            section,
            kind: "list_item",
            text: item.text,
            source_file: doc.file,
            source_line: item.line
          })
        }
      } else {
        decodeTable(out, doc, election, block, dictionary, contestIds, rowIds)
      }
    }
  }
  return out
}

const partiesOf = (dictionary: PartyDictionary): Array<Party> =>
  dictionary.parties.map((p) => ({ party_code: p.code, name: p.name, bloc: p.bloc, source: p.source }))

const pushInfobox = (into: Array<InfoboxRecord>, election: Election, block: Infobox) => {
  for (const field of block.fields) {
    into.push({
      election_id: election.election_id,
      key: field.key,
      value: field.value,
      source_file: block.file,
      source_line: field.line
    })
  }
}

type Out = Omit<Dataset, "parties" | "dictionary"> & Collector & {
  elections: Array<Election>
  contests: Array<Contest>
  turnout: Array<Turnout>
  results: Array<Result>
  resultParties: Array<ResultParty>
  seats: Array<Seat>
  seatTotals: Array<SeatTotal>
  tables: Array<TableRecord>
}

/** Reads one cell and records a finding for any note (odd form, cross-reference, unreadable). */
const cellReader = (out: Out, file: string, section: string, rowKey: string) =>
(
  read: CellRead,
  raw: string,
  line: number,
  columnLabel: string
): CellRead => {
  if (read.note) {
    addFinding(out, {
      code: read.note.code,
      file,
      line,
      section,
      raw,
      read_as: read._tag === "Value" ? String(read.value) : null,
      message: `${columnLabel}: ${read.note.message}`,
      key: `${rowKey}/${slug(columnLabel)}`
    })
  }
  return read
}

const valueOf = (read: CellRead): number | null => (read._tag === "Value" ? read.value : null)

const decodeTable = (
  out: Out,
  doc: Document,
  election: Election,
  table: Table,
  dictionary: PartyDictionary,
  contestIds: (id: string) => string,
  rowIds: (id: string) => string
) => {
  const shape = recogniseTable(table)
  const section = sectionText(table.section)
  const { level, area } = areaOf(doc, table)
  const tableId = `${election.election_id}/t${table.index}`
  const tableRecord = (decoded: boolean, rows: number): TableRecord => ({
    table_id: tableId,
    election_id: election.election_id,
    ordinal: table.index,
    section,
    caption: table.caption?.text ?? null,
    kind: shape.kind,
    shape: shape.signature,
    rows: table.rows.length,
    data_rows_decoded: rows,
    decoded,
    source_file: doc.file,
    source_line: table.line
  })
  for (const note of shape.notes) {
    addFinding(out, {
      code: note.code,
      file: doc.file,
      line: note.line,
      section,
      raw: table.rows.find((r) => r.line === note.line)?.raw ?? "",
      read_as: shape.signature,
      message: note.message,
      key: `header`
    })
  }
  if (shape.kind === "unclassified") {
    addFinding(out, {
      code: "TABLE_UNCLASSIFIED",
      file: doc.file,
      line: table.line,
      section,
      raw: table.rows[0]?.raw ?? "",
      read_as: null,
      message: `table of ${table.rows.length} rows has no recognised shape (columns: ${
        shape.signature || "none"
      }); its rows are not decoded`,
      key: `table`
    })
    out.tables.push(tableRecord(false, 0))
    return
  }
  const decoded = decodeRows(out, doc, election, table, shape, section, level, area, tableId, dictionary, contestIds, rowIds)
  out.tables.push(tableRecord(true, decoded))
}

const columnsOf = (shape: TableShape, tag: string) =>
  shape.columns.map((c, i) => ({ ...c, index: i })).filter((c) => c.role._tag === tag)

const decodeRows = (
  out: Out,
  doc: Document,
  election: Election,
  table: Table,
  shape: TableShape,
  section: string,
  level: AreaLevel,
  area: string,
  tableId: string,
  dictionary: PartyDictionary,
  contestIds: (id: string) => string,
  rowIds: (id: string) => string
): number => {
  const file = doc.file
  const nameCol = shape.columns.findIndex((c) => c.role._tag === "name")
  const nameRole = shape.columns[nameCol]?.role
  const namesParties = nameRole?._tag === "name" && nameRole.of === "party"
  const labelCol = shape.columns.findIndex((c) => c.role._tag === "label")
  const votesCols = columnsOf(shape, "votes")
  const percentCols = columnsOf(shape, "percent")
  const seatCols = columnsOf(shape, "seats")
  const changeCol = shape.columns.findIndex((c) => c.role._tag === "change")
  const regionsCol = shape.columns.findIndex((c) => c.role._tag === "regions")
  const presidenciesCol = shape.columns.findIndex((c) => c.role._tag === "presidencies")
  const rounds = [...new Set([...votesCols, ...percentCols].map((c) => (c.role as { round: number }).round))].sort()
  const sectionKey = slug(section || area)

  // Seat columns: with years, the earlier is "before"; without, a single "seats" column.
  const seatsSorted = [...seatCols].sort((a, b) =>
    ((a.role as { year: number | null }).year ?? 0) - ((b.role as { year: number | null }).year ?? 0)
  )
  const seatsAfter = seatsSorted.length > 0 ? seatsSorted[seatsSorted.length - 1]! : null
  const seatsBefore = seatsSorted.length > 1 ? seatsSorted[0]! : null
  const measure: SeatMeasure | null = presidenciesCol >= 0 ? "presidencies" : seatsAfter ? "seats" : null
  const hasSeatFigures = measure !== null
  const measureCol = presidenciesCol >= 0 ? presidenciesCol : seatsAfter?.index ?? -1

  // One contest per round of a results table.
  const contests = new Map<number, Contest & { total_votes: number | null }>()
  if (shape.kind === "results") {
    for (const round of rounds) {
      const contestId = contestIds(`${election.election_id}/${sectionKey}/r${round}`)
      contests.set(round, {
        contest_id: contestId,
        election_id: election.election_id,
        table_id: tableId,
        area_level: level,
        area,
        section,
        round,
        total_votes: null,
        total_percent: null,
        registered: null,
        abstentions: null,
        voters: null,
        blank_invalid: null,
        valid: null,
        source_file: file,
        source_line: table.line
      })
    }
  }
  const seatKey = `${election.election_id}/${sectionKey}/${measure ?? "seats"}`
  const totalColumns = { tableId, election, level, area, measure: measure!, measureCol, seatsBefore: seatsBefore?.index ?? -1, changeCol, regionsCol, file }
  let position = 0
  let decodedRows = 0
  const resultsBefore = out.results.length

  for (const row of shape.dataRows) {
    const cells = alignRow(shape, row)
    const nameText = nameCol >= 0 ? cells[nameCol] ?? "" : ""
    const rowKey = `${slug(nameText || `row-${position + 1}`)}`
    const read = cellReader(out, file, section, rowKey)
    const label = (i: number) => shape.columns[i]?.label || shape.columns[i]?.role._tag || `column ${i + 1}`

    // Cells the row lacks, or has in excess, are reported — the rest is read. A turnout row has
    // no seat figures to lose, so only its votes and % columns count.
    const isFigureRow = turnoutMeasureOf(nameText) !== null
    const missing = shape.columns
      .map((c, i) => ({ c, i }))
      .filter(({ c, i }) =>
        cells[i] === null && c.role._tag !== "marker" && c.role._tag !== "blank" &&
        (!isFigureRow || c.role._tag === "votes" || c.role._tag === "percent")
      )
    const offset = rowOffset(shape, row)
    const extra = row.cells.length + offset - shape.columns.length
    if (missing.length > 0) {
      addFinding(out, {
        code: "ROW_SHORT",
        file,
        line: row.line,
        section,
        raw: row.raw,
        read_as: null,
        message: `row has ${row.cells.length} cells where the header has ${shape.columns.length - offset}; read what is there, missing: ${
          missing.map(({ i }) => `'${label(i)}'`).join(", ")
        }`,
        key: `${rowKey}/short`
      })
    }
    if (extra > 0 && row.cells.slice(row.cells.length - extra).some((c) => c.text !== "")) {
      addFinding(out, {
        code: "ROW_LONG",
        file,
        line: row.line,
        section,
        raw: row.raw,
        read_as: null,
        message: `row has ${extra} more non-empty cell(s) than the header has columns; the extra cells are not decoded`,
        key: `${rowKey}/long`
      })
    }

    const turnout = isFigureRow ? turnoutMeasureOf(nameText) : null
    const isTotal = isTotalLabel(nameText)

    if (shape.kind === "results" && (turnout || isTotal)) {
      decodedRows++
      for (const round of rounds) {
        const contest = contests.get(round)!
        const vc = votesCols.find((c) => (c.role as { round: number }).round === round)
        const pc = percentCols.find((c) => (c.role as { round: number }).round === round)
        const vRaw = vc ? cells[vc.index] : null
        const pRaw = pc ? cells[pc.index] : null
        const v = vRaw === null || vRaw === undefined
          ? null
          : valueOf(read(readCount(vRaw, "not_stood"), vRaw, row.line, label(vc!.index)))
        const pRead = pRaw === null || pRaw === undefined ? null : read(readPercent(pRaw, "not_stood"), pRaw, row.line, label(pc!.index))
        const p = pRead === null ? null : valueOf(pRead)
        if (isTotal) {
          contests.set(round, { ...contest, total_votes: v, total_percent: p, source_line: row.line })
        } else if (turnout && (vRaw !== null || pRaw !== null)) {
          contests.set(round, { ...contest, [turnout]: v })
          out.turnout.push({
            contest_id: contest.contest_id,
            measure: turnout as TurnoutMeasure,
            label: nameText,
            value: v,
            percent: p,
            percent_decimals: pRead !== null && pRead._tag === "Value" ? pRead.decimals : null,
            source_file: file,
            source_line: row.line
          })
        }
      }
      if (isTotal && hasSeatFigures) pushSeatTotal(out, read, cells, row, { ...totalColumns, label })
      continue
    }

    if (shape.kind === "seats" && isTotal) {
      decodedRows++
      pushSeatTotal(out, read, cells, row, { ...totalColumns, label })
      continue
    }

    if (nameText === "" && cells.every((c, i) => c === null || c === "" || shape.columns[i]!.role._tag === "marker")) {
      addFinding(out, {
        code: "ROW_UNREADABLE",
        file,
        line: row.line,
        section,
        raw: row.raw,
        read_as: null,
        message: "row has no name and no figures; nothing to decode",
        key: `row-${row.line - table.line}`
      })
      continue
    }

    position++
    decodedRows++
    const recordsBefore = out.results.length + out.seats.length
    const findingsBefore = out.findings.length
    const { name, incumbent } = readName(nameText)
    const listLabel = labelCol >= 0 ? (cells[labelCol] ?? "") : ""
    const marker = shape.hasMarker ? (cells[0] ?? "") : null

    if (shape.kind === "results") {
      for (const round of rounds) {
        const contest = contests.get(round)!
        const vc = votesCols.find((c) => (c.role as { round: number }).round === round)
        const pc = percentCols.find((c) => (c.role as { round: number }).round === round)
        const vRaw = vc ? cells[vc.index] ?? null : null
        const pRaw = pc ? cells[pc.index] ?? null : null
        if (vRaw === null && pRaw === null) continue // the row lost these columns (reported as ROW_SHORT)
        const v = vRaw === null ? null : read(readCount(vRaw, "not_stood"), vRaw, row.line, label(vc!.index))
        const p = pRaw === null ? null : read(readPercent(pRaw, "not_stood"), pRaw, row.line, label(pc!.index))
        const absent = (r: CellRead | null) => r === null || (r._tag === "Absent" && r.absence === "not_stood")
        if (absent(v) && absent(p)) continue // did not stand in this round
        const empty = (r: CellRead | null) => r !== null && r._tag === "Absent" && r.absence === "empty"
        if (empty(v) && empty(p)) {
          addFinding(out, {
            code: "CELL_EMPTY",
            file,
            line: row.line,
            section,
            raw: row.raw,
            read_as: null,
            message: `round ${round}: votes and % are empty (other rows use '–' for a list that did not stand); read as no figure stated`,
            key: `${rowKey}/r${round}/empty`
          })
          continue
        }
        for (const [r, raw, col] of [[v, vRaw, vc], [p, pRaw, pc]] as const) {
          if (r && r._tag === "Absent" && r.absence === "empty" && col) {
            addFinding(out, {
              code: "CELL_EMPTY",
              file,
              line: row.line,
              section,
              raw: raw ?? "",
              read_as: null,
              message: `${label(col.index)} is empty while the row has the other figure of round ${round}; read as not stated`,
              key: `${rowKey}/${slug(label(col.index))}/empty`
            })
          }
        }
        const reference = [v, p].find((r) => r && r._tag === "Absent" && r.absence === "cross_reference") as
          | { reference: string | null }
          | undefined
        const resultId = rowIds(`${contest.contest_id}/${slug(name)}`)
        out.results.push({
          result_id: resultId,
          contest_id: contest.contest_id,
          election_id: election.election_id,
          area_level: level,
          area,
          round,
          position,
          contestant: name,
          list_label: labelCol >= 0 ? (listLabel === "" ? null : listLabel) : null,
          incumbent,
          votes: v ? valueOf(v) : null,
          percent: p ? valueOf(p) : null,
          percent_decimals: p && p._tag === "Value" ? p.decimals : null,
          note: reference ? `see ${reference.reference ?? ""}`.trim() : null,
          source_file: file,
          source_line: row.line
        })
        const partyText = listLabel !== "" ? listLabel : namesParties ? name : ""
        splitLabel(partyText, dictionary).forEach((party, i) => {
          out.resultParties.push({
            result_id: resultId,
            ordinal: i + 1,
            party_code: party.code,
            known: party.known,
            source_file: file,
            source_line: row.line
          })
          if (!party.known && round === rounds[0]) {
            addFinding(out, {
              code: "PARTY_UNKNOWN",
              file,
              line: row.line,
              section,
              raw: partyText,
              read_as: party.code,
              message: `'${party.text}' in '${partyText}' is not in the party dictionary; kept verbatim`,
              key: `${rowKey}/${slug(party.text)}`
            })
          }
        })
      }
    }

    if (hasSeatFigures) {
      const seatsRaw = measureCol >= 0 ? cells[measureCol] ?? null : null
      if (seatsRaw === null && shape.kind === "results") continue // column lost (ROW_SHORT)
      const seats = seatsRaw === null ? null : valueOf(read(readCount(seatsRaw, "none"), seatsRaw, row.line, label(measureCol)))
      const beforeRaw = seatsBefore ? cells[seatsBefore.index] ?? null : null
      const before = beforeRaw === null ? null : valueOf(read(readCount(beforeRaw, "none"), beforeRaw, row.line, label(seatsBefore!.index)))
      const changeRaw = changeCol >= 0 ? cells[changeCol] ?? null : null
      const change = changeRaw === null ? null : valueOf(read(readChange(changeRaw), changeRaw, row.line, label(changeCol)))
      const regionsRaw = regionsCol >= 0 ? cells[regionsCol] ?? null : null
      const regions = regionsRaw === null ? null : valueOf(read(readCount(regionsRaw, "none"), regionsRaw, row.line, label(regionsCol)))
      const party = lookupParty(name, dictionary)
      const parts = party === null ? splitLabel(name, dictionary) : []
      if (party === null && parts.length > 1 && parts.every((p) => p.known)) {
        addFinding(out, {
          code: "PARTY_COMPOSITE",
          file,
          line: row.line,
          section,
          raw: name,
          read_as: parts.map((p) => p.code).join("+"),
          message: `'${name}' names several parties (${parts.map((p) => p.code).join(", ")}); the row keeps no single party code`,
          key: `${rowKey}/party`
        })
      } else if (party === null && shape.kind === "seats") {
        addFinding(out, {
          code: "PARTY_UNKNOWN",
          file,
          line: row.line,
          section,
          raw: name,
          read_as: null,
          message: `'${name}' is not in the party dictionary; kept verbatim with no party code`,
          key: `${rowKey}/party`
        })
      }
      out.seats.push({
        seat_id: rowIds(`${seatKey}/${slug(name)}`),
        table_id: tableId,
        election_id: election.election_id,
        area_level: level,
        area,
        section,
        measure: measure!,
        position,
        party: name,
        party_code: party?.code ?? null,
        seats,
        seats_before: before,
        year: seatsAfter && seatsBefore ? (seatsAfter.role as { year: number | null }).year : null,
        year_before: seatsBefore ? (seatsBefore.role as { year: number | null }).year : null,
        change,
        majority: marker === null ? null : marker !== "",
        regions,
        source_file: file,
        source_line: row.line
      })
    }
    // A named row that gave no record (`–` in every round) and no finding is still reported: no row vanishes silently.
    if (out.results.length + out.seats.length === recordsBefore && !out.findings.slice(findingsBefore).some((f) => f.line === row.line)) {
      addFinding(out, {
        code: "ROW_NO_FIGURES",
        file,
        line: row.line,
        section,
        raw: row.raw,
        read_as: null,
        message: `'${name}' has no figure in any round ('–' throughout); no result recorded`,
        key: `${rowKey}/no-figures`
      })
    }
  }
  for (const contest of contests.values()) out.contests.push(contest)
  flagCoarsePercentages(out, file, section, out.results.slice(resultsBefore))
  return decodedRows
}

/** A percentage stated with fewer decimals than the rest of its column (7.8 % among 34.06 %) is read, and noted. */
const flagCoarsePercentages = (out: Out, file: string, section: string, results: ReadonlyArray<Result>) => {
  for (const round of new Set(results.map((r) => r.round))) {
    const inRound = results.filter((r) => r.round === round && r.percent_decimals !== null)
    const tally = new Map<number, number>()
    for (const r of inRound) tally.set(r.percent_decimals!, (tally.get(r.percent_decimals!) ?? 0) + 1)
    const usual = [...tally.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0]?.[0]
    if (usual === undefined) continue
    for (const r of inRound) {
      if (r.percent_decimals! >= usual) continue
      addFinding(out, {
        code: "PERCENT_PRECISION",
        file,
        line: r.source_line,
        section,
        raw: String(r.percent),
        read_as: r.percent!.toFixed(r.percent_decimals!),
        message: `round ${round}: ${r.contestant}'s percentage is stated with ${r.percent_decimals} decimal(s) where the column uses ${usual}; read as stated, checked with the coarser tolerance`,
        key: `${slug(r.contestant)}/r${round}/precision`
      })
    }
  }
}

const pushSeatTotal = (
  out: Out,
  read: (r: CellRead, raw: string, line: number, label: string) => CellRead,
  cells: Array<string | null>,
  row: Row,
  ctx: {
    tableId: string
    election: Election
    level: AreaLevel
    area: string
    measure: SeatMeasure
    measureCol: number
    seatsBefore: number
    changeCol: number
    regionsCol: number
    label: (i: number) => string
    file: string
  }
) => {
  const num = (col: number, reader: (raw: string) => CellRead) => {
    const raw = col >= 0 ? cells[col] ?? null : null
    return raw === null ? null : valueOf(read(reader(raw), raw, row.line, ctx.label(col)))
  }
  out.seatTotals.push({
    table_id: ctx.tableId,
    election_id: ctx.election.election_id,
    area_level: ctx.level,
    area: ctx.area,
    measure: ctx.measure,
    seats: num(ctx.measureCol, (r) => readCount(r, "none")),
    seats_before: num(ctx.seatsBefore, (r) => readCount(r, "none")),
    change: num(ctx.changeCol, readChange),
    regions: num(ctx.regionsCol, (r) => readCount(r, "none")),
    source_file: ctx.file,
    source_line: row.line
  })
}

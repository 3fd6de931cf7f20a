/**
 * Normalise: documents in, tidy typed records out. Each table's header is read (shape.ts) and the
 * table-kind catalogue (kinds/) is asked in order; the first kind that recognises the table decodes
 * it, with the one cell reader (cells.ts) and the party dictionary (parties.ts). A table no kind
 * takes is reported. Every odd-but-readable cell and everything unreadable becomes a finding with
 * its file and line; nothing is fixed or dropped silently.
 */
import type { Document, Table } from "../extract/document.ts"
import { areaOf, pushProse } from "./blocks.ts"
import { electionOf } from "./election.ts"
import { type FindingDraft, severityOf } from "./findings.ts"
import { LEAD, sectionText, slug, uniqueIds, uniqueSlugIds } from "./ids.ts"
import { chooseKind } from "./kinds/index.ts"
import type { TableContext } from "./kinds/kind.ts"
import { articleDictionary } from "./learned-parties.ts"
import type { PartyDictionary } from "./parties.ts"
import type * as R from "./records.ts"
import { recogniseTable } from "./shape.ts"

export interface Dataset {
  readonly elections: ReadonlyArray<R.Election>
  readonly contests: ReadonlyArray<R.Contest>
  readonly turnout: ReadonlyArray<R.Turnout>
  readonly results: ReadonlyArray<R.Result>
  readonly resultParties: ReadonlyArray<R.ResultParty>
  readonly seats: ReadonlyArray<R.Seat>
  readonly seatTotals: ReadonlyArray<R.SeatTotal>
  readonly tables: ReadonlyArray<R.TableRecord>
  /** Which kind of the catalogue (kinds/index.ts) took each table; null for a table none took. Not an output table. */
  readonly tableKinds: ReadonlyArray<{ readonly table_id: string; readonly kind: string | null }>
  readonly parties: ReadonlyArray<R.Party>
  readonly infobox: ReadonlyArray<R.InfoboxRecord>
  readonly texts: ReadonlyArray<R.TextRecord>
  readonly findings: ReadonlyArray<R.Finding>
  /** The party dictionary the labels were read with (for rules that resolve names, e.g. infobox parties). */
  readonly dictionary: PartyDictionary
}

type Slice = { -readonly [K in Exclude<keyof Dataset, "parties" | "dictionary">]: Array<Dataset[K][number]> }
const SLICE_KEYS = ["elections", "contests", "turnout", "results", "resultParties", "seats", "seatTotals", "tables", "tableKinds", "infobox", "texts", "findings"] as const

export const partiesOf = (dictionary: PartyDictionary): Array<R.Party> =>
  dictionary.parties.map((p) => ({ party_code: p.code, name: p.name, bloc: p.bloc, source: p.source }))

/**
 * Normalises a corpus one article at a time: `add(doc)` returns that article's slice of the dataset
 * (with the shared party table and dictionary), so a caller can audit and drop each article before
 * reading the next. Ids stay unique across the whole corpus, exactly as with `normalise`.
 */
export const createNormaliser = (
  dictionary: PartyDictionary,
  /** The corpus-wide id scopes' counts (pipeline/parallel/ids.ts reads them); fresh by default. */
  seen: { readonly elections?: Map<string, number>; readonly findings?: Map<string, number> } = {}
) => {
  const electionIds = uniqueIds(seen.elections)
  const findingId = uniqueIds(seen.findings)
  const parties = partiesOf(dictionary)
  return {
    add: (doc: Document): Dataset => {
      // The article's own dictionary: the reference plus the parties it defines (learned-parties.ts).
      const own = articleDictionary(doc, dictionary)
      return { ...normaliseDocument(doc, own, electionIds, findingId), parties, dictionary: own }
    }
  }
}

/** Concatenates per-article slices (from `createNormaliser().add`) into one dataset. */
export const concatDatasets = (parts: ReadonlyArray<Dataset>, dictionary: PartyDictionary): Dataset => {
  const joined: Record<string, Array<unknown>> = {}
  for (const key of SLICE_KEYS) {
    const all: Array<unknown> = []
    for (const part of parts) for (const row of part[key]) all.push(row)
    joined[key] = all
  }
  return { ...(joined as unknown as Slice), parties: partiesOf(dictionary), dictionary }
}

export const normalise = (documents: ReadonlyArray<Document>, dictionary: PartyDictionary): Dataset => {
  const normaliser = createNormaliser(dictionary)
  return concatDatasets(documents.map((doc) => normaliser.add(doc)), dictionary)
}

const normaliseDocument = (doc: Document, dictionary: PartyDictionary, electionIds: (id: string) => string, findingId: (id: string) => string): Slice => {
  const out = Object.fromEntries(SLICE_KEYS.map((key) => [key, []])) as unknown as Slice
  const fileKey = slug(doc.file.replace(/\.[^.]+$/, ""))
  /** Completes a finding with its file, section and stable id. */
  // A party nobody defines is one finding per distinct name per article (lines listed), not one per cell.
  const unknownParties = new Map<string, { draft: FindingDraft; section: string; lines: Array<number> }>()
  const report = (section: string) => (f: FindingDraft) => {
    if (f.code === "PARTY_UNKNOWN") {
      const name = f.raw
      const seen = unknownParties.get(name)
      if (seen === undefined) unknownParties.set(name, { draft: f, section, lines: [f.line] })
      else if (!seen.lines.includes(f.line)) seen.lines.push(f.line)
      return
    }
    complete(section)(f)
  }
  const complete = (section: string) => (f: FindingDraft) => {
    const id = findingId(`${f.code}/${fileKey}/${section === "" ? "top" : slug(section)}/${f.key}`)
    out.findings.push({ finding_id: id, code: f.code, severity: severityOf(f.code), file: doc.file, line: f.line, section, raw: f.raw, read_as: f.read_as, message: f.message })
  }
  const election = electionOf(doc, electionIds, (problem) => {
    const block = doc.blocks.find((b) => b.line === problem.line || (b._tag === "Infobox" && b.fields.some((f) => f.line === problem.line)))
    report(block ? sectionText(block.section) : LEAD)({
      code: "DATE_IMPOSSIBLE",
      line: problem.line,
      raw: problem.raw,
      read_as: null,
      message: `the date ${problem.date} is not in the calendar; the election's date is left empty`,
      key: `date-${problem.date}`
    })
  })
  out.elections.push(election)
  for (const issue of doc.issues) {
    report(LEAD)({ code: issue.code, line: issue.line, raw: issue.raw, read_as: null, message: issue.message, key: `line-${issue.line}` })
  }
  // One object for the article's tables (a spread per table made a new one each time).
  const shared: Shared = { dictionary, contestIds: uniqueIds(), rowIds: uniqueSlugIds(), tableIds: uniqueIds() }
  for (const block of doc.blocks) {
    if (block._tag === "Table") normaliseTable(out, report, doc, election.election_id, block, shared)
    else pushProse(out, election.election_id, doc.file, block)
  }
  for (const [name, { draft, section, lines }] of unknownParties) {
    const where = lines.length === 1 ? `line ${lines[0]}` : `${lines.length} rows: lines ${lines.join(", ")}`
    complete(section)({
      ...draft,
      message: `'${name}' is not in the party dictionary and the article does not define it; kept verbatim (${where})`,
      key: `party-unknown/${slug(name)}`
    })
  }
  return out
}

type Shared = { dictionary: PartyDictionary; contestIds: (id: string) => string; rowIds: (prefix: string, key: string) => string; tableIds: (id: string) => string }
type Report = (section: string) => (f: FindingDraft) => void

/**
 * A table's id before disambiguation: election, section path and what the table is — its caption
 * when it has one, else its kind (`results`, `seats`, `table` when unrecognised) — never its
 * position, so a table inserted elsewhere leaves every other id alone. Two tables with the same
 * key in one article get `-2`, `-3`, … in document order (only they depend on each other's order).
 */
export const tableKey = (electionId: string, section: string, caption: string | null, kind: string | null): string =>
  `${electionId}/${slug(section)}/${caption !== null && slug(caption) !== "x" ? slug(caption) : kind ?? "table"}`

/**
 * A table record's `shape`: its signature's roles. The articles repeat a handful of signatures (each
 * one string, from the header memo in shape.ts), so each split is kept and the records of tables
 * with the same signature share one array, read-only like every record (issue 8, seventh pass). At
 * most 256 are kept.
 */
const shapeOf = (signature: string): ReadonlyArray<string> => {
  let shape = shapes.get(signature)
  if (shape === undefined) {
    shape = signature === "" ? [] : signature.split("|")
    if (shapes.size >= 256) shapes.clear()
    shapes.set(signature, shape)
  }
  return shape
}
const shapes = new Map<string, ReadonlyArray<string>>()

const pushAll = <A>(to: Array<A>, from: ReadonlyArray<A>): void => {
  for (let i = 0; i < from.length; i++) to.push(from[i]!)
}

/** Asks the kinds in order; the first that recognises the table decodes it. A table none takes is reported. */
const normaliseTable = (out: Slice, report: Report, doc: Document, electionId: string, table: Table, shared: Shared) => {
  const header = recogniseTable(table)
  const section = sectionText(table.section)
  const choice = chooseKind(header)
  const tableId = shared.tableIds(tableKey(electionId, section, table.caption?.text ?? null, choice.kind?.meta.tableKind ?? null))
  const finding = report(section)
  for (const note of header.notes) {
    const raw = table.rows.find((r) => r.line === note.line)?.raw ?? ""
    finding({ code: note.code, line: note.line, raw, read_as: header.signature, message: note.message, key: "header" })
  }
  const { dictionary, contestIds, rowIds } = shared
  const { level, area } = areaOf(doc, table)
  // Property by property: with object spreads here, the context every decoder reads was a slow object.
  const ctx: TableContext = { dictionary, contestIds, rowIds, level, area, file: doc.file, section, electionId, tableId }
  const decoded = choice.kind === null ? null : choice.decode({ source: table, header }, ctx)
  if (decoded === null) {
    const message = `table of ${table.rows.length} rows has no recognised shape (columns: ${header.signature || "none"}); its rows are not decoded`
    finding({ code: "TABLE_UNCLASSIFIED", line: table.line, raw: table.rows[0]?.raw ?? "", read_as: null, message, key: "table" })
  } else {
    // Key by key (a loop over the keys made every load and push megamorphic).
    pushAll(out.contests, decoded.contests)
    pushAll(out.turnout, decoded.turnout)
    pushAll(out.results, decoded.results)
    pushAll(out.resultParties, decoded.resultParties)
    pushAll(out.seats, decoded.seats)
    pushAll(out.seatTotals, decoded.seatTotals)
    decoded.findings.forEach(finding)
  }
  out.tables.push({
    table_id: tableId,
    election_id: electionId,
    ordinal: table.index,
    section,
    section_path: table.section,
    caption: table.caption?.text ?? null,
    kind: choice.kind?.meta.tableKind ?? "unclassified",
    table_kind: choice.kind?.meta.name ?? null,
    shape: shapeOf(header.signature),
    rows: table.rows.length,
    data_rows_decoded: decoded?.rowsDecoded ?? 0,
    decoded: decoded !== null,
    source_file: doc.file,
    source_line: table.line
  })
  out.tableKinds.push({ table_id: tableId, kind: choice.kind?.meta.name ?? null })
}

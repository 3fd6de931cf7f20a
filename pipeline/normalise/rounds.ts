/**
 * Round figures, shared by every kind with votes or % columns: the columns of each round, one
 * contest per round, the Total and turnout rows that state a round's totals, the result rows of a
 * named row (with the party codes of its label) and the percentages stated coarser than their column.
 */
import { type Absence, type CellRead, readCount, readName, readPercent } from "./cells.ts"
import type { FindingDraft } from "./findings.ts"
import { slug } from "./ids.ts"
import type { Decoded, HeaderColumns, TableContext } from "./kinds/kind.ts"
import { type LabelPart, splitLabel } from "./parties.ts"
import type { Contest, Result, TurnoutMeasure } from "./records.ts"
import type { RowRole } from "./row-roles.ts"
import { type RowInput, valueOf } from "./table-rows.ts"

export interface RoundColumns {
  readonly round: number
  /** The round's votes and % columns, -1 when it has none. */
  readonly votes: number
  readonly percent: number
}

// The last header asked about and its rounds: the kinds ask about one table's header in turn, so
// one entry suffices (a WeakMap entry per table cost a lookup per ask and ephemeron work in every GC).
let lastHeader: HeaderColumns | null = null
let lastRounds: ReadonlyArray<RoundColumns> = []

/** The rounds of a header, in order, each with its (first) votes and % column (worked out once per header: every kind asks). */
export const roundColumnsOf = (header: HeaderColumns): ReadonlyArray<RoundColumns> => {
  if (header !== lastHeader) {
    lastRounds = roundColumnsUncached(header)
    lastHeader = header
  }
  return lastRounds
}

const roundColumnsUncached = (header: HeaderColumns): ReadonlyArray<RoundColumns> => {
  const roundAt = (tag: "votes" | "percent", i: number): number | null => {
    const role = header.columns[i]!.role
    return role._tag === tag ? role.round : null
  }
  const columns = header.columns.map((_, i) => i)
  const figureColumns = columns.filter((i) => roundAt("votes", i) !== null || roundAt("percent", i) !== null)
  const rounds = [...new Set(figureColumns.map((i) => roundAt("votes", i) ?? roundAt("percent", i)!))].sort()
  return rounds.map((round) => ({
    round,
    votes: columns.find((i) => roundAt("votes", i) === round) ?? -1,
    percent: columns.find((i) => roundAt("percent", i) === round) ?? -1
  }))
}

/**
 * A table's contests while its rows are read: the Total and turnout rows fill in their figures in
 * place (each contest is made here, per table, and handed out only when the table is done), where a
 * spread copy per summary row and round cost an object each, one of them with a computed key (issue
 * 8, seventh pass).
 */
export type Contests = Map<number, { -readonly [K in keyof Contest]: Contest[K] }>

/** One contest per round, in round order. */
export const openContests = (rounds: ReadonlyArray<RoundColumns>, ctx: TableContext, sectionKey: string, line: number): Contests =>
  new Map(rounds.map(({ round }) => [round, {
    contest_id: ctx.contestIds(`${ctx.electionId}/${sectionKey}/r${round}`),
    election_id: ctx.electionId,
    table_id: ctx.tableId,
    area_level: ctx.level,
    area: ctx.area,
    section: ctx.section,
    round,
    total_votes: null,
    total_percent: null,
    registered: null,
    abstentions: null,
    voters: null,
    blank_invalid: null,
    valid: null,
    source_file: ctx.file,
    source_line: line
  }]))

/** The contest column a turnout measure states (a `Total votes` row states the ballots cast: the voters). */
const CONTEST_FIELD: Record<TurnoutMeasure, "registered" | "abstentions" | "voters" | "blank_invalid" | "valid"> = {
  registered: "registered",
  abstentions: "abstentions",
  voters: "voters",
  ballots_cast: "voters",
  blank_invalid: "blank_invalid",
  valid: "valid"
}

const cellOf = (input: RowInput, column: number): string | null => (column >= 0 ? input.cells[column] ?? null : null)
const readFigure = (input: RowInput, column: number, reader: (raw: string) => CellRead): CellRead | null => {
  const raw = cellOf(input, column)
  return raw === null ? null : input.read(reader(raw), raw, input.row.line, column)
}
const count = (raw: string) => readCount(raw, "not_stood")
const percent = (raw: string) => readPercent(raw, "not_stood")

/** A Total row states each round's total; a turnout row gives a turnout record per round it has figures in. */
export const readSummaryRow = (
  input: RowInput,
  role: Exclude<RowRole, { _tag: "named" }>,
  rounds: ReadonlyArray<RoundColumns>,
  contests: Contests,
  ctx: TableContext,
  out: Decoded
) => {
  for (const { round, votes, percent: pct } of rounds) {
    const contest = contests.get(round)!
    const v = valueOf(readFigure(input, votes, count))
    const pRead = readFigure(input, pct, percent)
    const p = valueOf(pRead)
    if (role._tag === "total") {
      contest.total_votes = v
      contest.total_percent = p
      contest.source_line = input.row.line
    } else if (cellOf(input, votes) !== null || cellOf(input, pct) !== null) {
      contest[CONTEST_FIELD[role.measure]] = v
      out.turnout.push({
        contest_id: contest.contest_id,
        measure: role.measure,
        label: input.nameText,
        value: v,
        percent: p,
        percent_decimals: pRead !== null && pRead._tag === "Value" ? pRead.decimals : null,
        source_file: ctx.file,
        source_line: input.row.line
      })
    }
  }
}

export interface ResultColumns {
  /** The list label column (`Party` beside a `Candidate`), -1 when none. */
  readonly label: number
  /** True when the name column names parties (their codes then come from the name). */
  readonly namesParties: boolean
  readonly rounds: ReadonlyArray<RoundColumns>
}

const isAbsent = (r: CellRead | null, absence: Absence) => r !== null && r._tag === "Absent" && r.absence === absence

/** A round's votes or % cell left empty beside the other figure. */
const oneEmpty = (input: RowInput, raw: string | null, column: number, round: number): FindingDraft => ({
  line: input.row.line,
  read_as: null,
  code: "CELL_EMPTY",
  raw: raw ?? "",
  message: `${input.label(column)} is empty while the row has the other figure of round ${round}; read as not stated`,
  key: `${input.rowKey}/${slug(input.label(column))}/empty`
})

/** The result rows of a named row, one per round it stood in, with the party codes of its label. */
export const pushResultRows = (input: RowInput, position: number, columns: ResultColumns, contests: Contests, ctx: TableContext, out: Decoded) => {
  const { row, rowKey } = input
  const { name, incumbent } = readName(input.nameText)
  const listLabel = columns.label >= 0 ? (input.cells[columns.label] ?? "") : ""
  // The row's key when the name is the name cell as written (no `(incumbent)`, footnote or emphasis): the same slug.
  const nameKey = name === input.nameText && name !== "" ? rowKey : slug(name)
  let parties: ReadonlyArray<LabelPart> | null = null // the label's parties, read once for all the rounds
  for (const { round, votes, percent: pct } of columns.rounds) {
    const contest = contests.get(round)!
    const vRaw = cellOf(input, votes)
    const pRaw = cellOf(input, pct)
    if (vRaw === null && pRaw === null) continue // the row lost these columns (reported as ROW_SHORT)
    const v = readFigure(input, votes, count)
    const p = readFigure(input, pct, percent)
    if ((v === null || isAbsent(v, "not_stood")) && (p === null || isAbsent(p, "not_stood"))) continue // did not stand
    if (isAbsent(v, "empty") && isAbsent(p, "empty")) {
      out.findings.push({ line: row.line, read_as: null, code: "CELL_EMPTY", raw: row.raw, message: `round ${round}: votes and % are empty (other rows use '–' for a list that did not stand); read as no figure stated`, key: `${rowKey}/r${round}/empty` })
      continue
    }
    if (isAbsent(v, "empty") && votes >= 0) out.findings.push(oneEmpty(input, vRaw, votes, round))
    if (isAbsent(p, "empty") && pct >= 0) out.findings.push(oneEmpty(input, pRaw, pct, round))
    const reference = (isAbsent(v, "cross_reference") ? v : isAbsent(p, "cross_reference") ? p : undefined) as { reference: string | null } | undefined
    const resultId = ctx.rowIds(contest.contest_id, nameKey)
    out.results.push({
      result_id: resultId,
      contest_id: contest.contest_id,
      election_id: ctx.electionId,
      area_level: ctx.level,
      area: ctx.area,
      round,
      position,
      contestant: name,
      list_label: columns.label >= 0 ? (listLabel === "" ? null : listLabel) : null,
      incumbent,
      votes: valueOf(v),
      percent: valueOf(p),
      percent_decimals: p !== null && p._tag === "Value" ? p.decimals : null,
      note: reference ? `see ${reference.reference ?? ""}`.trim() : null,
      source_file: ctx.file,
      source_line: row.line
    })
    parties ??= splitLabel(listLabel !== "" ? listLabel : columns.namesParties ? name : "", ctx.dictionary)
    pushResultParties(input, resultId, parties, round === columns.rounds[0]?.round, ctx.file, out)
  }
}

/** The party codes a result's label stands for; a part the dictionary lacks is reported once per row (`report`). */
const pushResultParties = (input: RowInput, resultId: string, parties: ReadonlyArray<LabelPart>, report: boolean, file: string, out: Decoded) => {
  for (let i = 0; i < parties.length; i++) {
    const party = parties[i]!
    out.resultParties.push({
      result_id: resultId,
      ordinal: i + 1,
      party_code: party.code,
      known: party.known,
      source_file: file,
      source_line: input.row.line
    })
    if (!party.defined && report) {
      out.findings.push({
        code: "PARTY_UNKNOWN",
        line: input.row.line,
        raw: party.text,
        read_as: party.code,
        message: `'${party.text}' is not in the party dictionary and the article does not define it; kept verbatim`,
        key: `${input.rowKey}/${slug(party.text)}`
      })
    }
  }
}

/**
 * A percentage stated with fewer decimals than the rest of its column (7.8 % among 34.06 %) is read, and noted.
 * Loops over the table's results (rounds in order of first appearance, the usual precision the
 * most frequent one, ties to the finer) instead of a filtered copy, a tally's entries and a sort
 * per round (issue 8, sixth pass); test/coarse-percent.test.ts checks it against that version.
 */
/**
 * The most frequent number of decimals among a round's percentages (ties to the finer) and how often
 * it occurs. The answer does not depend on the order of the tally, so up to 31 decimals are counted
 * in a scratch array (no Map per round and table; issue 8, seventh pass) and only a round with a
 * longer fraction takes a Map.
 */
const usualDecimals = (results: ReadonlyArray<Result>, round: number): { usual: number; most: number } => {
  tallyScratch.fill(0)
  let long = false
  for (const r of results) {
    if (r.round !== round || r.percent_decimals === null) continue
    if (r.percent_decimals < tallyScratch.length) tallyScratch[r.percent_decimals]!++
    else long = true
  }
  let usual = -1
  let most = 0
  const consider = (n: number, decimals: number) => {
    if (n > most || (n === most && decimals > usual)) {
      usual = decimals
      most = n
    }
  }
  if (long) {
    const tally = new Map<number, number>()
    for (const r of results) if (r.round === round && r.percent_decimals !== null) tally.set(r.percent_decimals, (tally.get(r.percent_decimals) ?? 0) + 1)
    tally.forEach(consider)
  } else {
    for (let d = 0; d < tallyScratch.length; d++) if (tallyScratch[d]! > 0) consider(tallyScratch[d]!, d)
  }
  return { usual, most }
}
const tallyScratch = new Int32Array(32)

export const flagCoarsePercentages = (results: ReadonlyArray<Result>, findings: Array<FindingDraft>) => {
  const rounds: Array<number> = []
  for (const r of results) if (!rounds.includes(r.round)) rounds.push(r.round)
  for (const round of rounds) {
    const { usual, most } = usualDecimals(results, round)
    if (most === 0) continue
    for (const r of results) {
      if (r.round !== round || r.percent_decimals === null || r.percent_decimals >= usual) continue
      findings.push({
        code: "PERCENT_PRECISION",
        line: r.source_line,
        raw: String(r.percent),
        read_as: r.percent!.toFixed(r.percent_decimals),
        message: `round ${round}: ${r.contestant}'s percentage is stated with ${r.percent_decimals} decimal(s) where the column uses ${usual}; read as stated, checked with the coarser tolerance`,
        key: `${slug(r.contestant)}/r${round}/precision`
      })
    }
  }
}

/**
 * Fixtures for rule tests: article text in the seeds' own format, run through the real stages
 * (parseArticle → normalise with the real party dictionary → the real reference data), and one
 * rule at a time through the audit engine, so anomalies come out completed exactly as runAudit
 * completes them (id, rule, category, severity, sorted lines).
 *
 *   const { run } = audit(regionalArticle({ region: "Alsace", candidates: [...] }))
 *   const { anomalies, items } = run(rule)
 *
 * Builders write the seeds' formats (regionalArticle, senateArticle, cantonalArticle) with
 * percentages computed from the votes, so a fixture is consistent unless a test makes it otherwise.
 * ruleTester registers ESLint-RuleTester-style valid/invalid cases; idStability checks that a rule's
 * anomaly ids survive an edit above the table. A case marked `knownBug` asserts the correct
 * behaviour and is registered with test.failing: ava reports it once the rule is fixed.
 */
import test, { type ExecutionContext } from "ava"
import { readFileSync } from "node:fs"
import type { Anomaly, AuditContext, CheckItem, CheckSummary, Rule } from "../../pipeline/audit/anomaly.ts"
import { runAudit } from "../../pipeline/audit/audit.ts"
import { type ClaimsFile, decodeClaims } from "../../pipeline/audit/claims.ts"
import { parseReference, type Reference } from "../../pipeline/audit/reference.ts"
import type { Document } from "../../pipeline/extract/document.ts"
import { parseArticle } from "../../pipeline/extract/parse.ts"
import { type Dataset, normalise } from "../../pipeline/normalise/normalise.ts"
import { parsePartyDictionary, type PartyDictionary } from "../../pipeline/normalise/parties.ts"

// ---------------------------------------------------------------------------------------------
// The real reference data, read once
// ---------------------------------------------------------------------------------------------

const seed = (name: string) => readFileSync(new URL(`../../seeds/reference/${name}`, import.meta.url), "utf8")

let cached: { dictionary: PartyDictionary; reference: Reference } | null = null
const referenceData = () => {
  if (cached === null) {
    const { dictionary, problems } = parsePartyDictionary(seed("parties.csv"), "parties.csv")
    const reference = parseReference(
      { file: "regional-councils.csv", text: seed("regional-councils.csv") },
      { file: "electoral-law.csv", text: seed("electoral-law.csv") }
    )
    const all = [...problems.map((p) => `parties.csv:${p.line}: ${p.message}`), ...reference.problems.map((p) => p.message)]
    if (all.length > 0) throw new Error(`the reference data does not decode:\n${all.join("\n")}`)
    cached = { dictionary, reference }
  }
  return cached
}

export const realReference = (): Reference => referenceData().reference

// ---------------------------------------------------------------------------------------------
// Running a rule
// ---------------------------------------------------------------------------------------------

export interface RuleRun {
  /** The rule's anomalies, completed as runAudit completes them, in report order. */
  readonly anomalies: ReadonlyArray<Anomaly>
  /** The rule's checks-run summary. */
  readonly summary: CheckSummary
  /** Every item the rule looked at (passed, flagged, not evaluated). */
  readonly items: ReadonlyArray<CheckItem>
}

export interface Audited {
  readonly context: AuditContext
  readonly dataset: Dataset
  readonly documents: ReadonlyArray<Document>
  readonly text: string
  readonly run: (rule: Rule) => RuleRun
}

export interface AuditOptions {
  /** Claims files for the claims rule (see claimsFile). */
  readonly claims?: ReadonlyArray<ClaimsFile>
}

/** One article (or several, as [file, text] pairs) through extract → normalise → audit context. */
export const audit = (
  article: string | ReadonlyArray<readonly [file: string, text: string]>,
  file = "fixture.txt",
  options: AuditOptions = {}
): Audited => {
  const { dictionary, reference } = referenceData()
  const sources: ReadonlyArray<readonly [string, string]> = typeof article === "string" ? [[file, article]] : article
  const documents = sources.map(([f, text]) => parseArticle(f, text))
  const dataset = normalise(documents, dictionary)
  const context: AuditContext = { dataset, documents, reference, ...(options.claims === undefined ? {} : { claims: options.claims }) }
  return {
    context,
    dataset,
    documents,
    text: typeof article === "string" ? article : sources.map(([, t]) => t).join("\n"),
    run: (rule) => {
      const report = runAudit(context, [rule])
      const summary = report.checks.find((c) => c.rule === rule.meta.code)
      if (summary === undefined) throw new Error(`runAudit returned no summary for ${rule.meta.code}`)
      return { anomalies: report.anomalies, summary, items: summary.items }
    }
  }
}

/** The 1-based line of the first line of `text` that contains `needle` (fails loudly when none does). */
export const lineOf = (text: string, needle: string, from = 1): number => {
  const lines = text.split("\n")
  for (let i = from - 1; i < lines.length; i++) if (lines[i]!.includes(needle)) return i + 1
  throw new Error(`no line contains ${JSON.stringify(needle)}`)
}

/** Every 1-based line of `text` containing `needle`. */
export const linesOf = (text: string, needle: string): Array<number> =>
  text.split("\n").flatMap((l, i) => (l.includes(needle) ? [i + 1] : []))

/** A claims file for `article` (decoded with the pipeline's own schema; fails loudly when it does not decode). */
export const claimsFile = (claims: ReadonlyArray<unknown>, article = "fixture.txt"): ClaimsFile => {
  const decoded = decodeClaims(JSON.stringify({ article, claims }), article.replace(/\.txt$/, ".claims.json"))
  if ("problem" in decoded) throw new Error(decoded.problem)
  return decoded
}

// ---------------------------------------------------------------------------------------------
// Cell formatting, as the seeds write figures
// ---------------------------------------------------------------------------------------------

/** A cell: a number is formatted the seed way (a count with thousands commas); a string is written as is. */
export type Cell = number | string

/** 374052 → "374,052". */
export const votes = (n: number): string => n.toLocaleString("en-US", { maximumFractionDigits: 0 })

/** The share votes/total rounded half-up to `decimals`, as a number (exact: integer arithmetic). */
export const share = (v: number, total: number, decimals = 2): number => {
  const scale = 10n ** BigInt(decimals)
  const num = BigInt(v) * 100n * scale * 2n + BigInt(total)
  const units = num / (2n * BigInt(total)) // floor((v·100·scale + total/2) / total)
  return Number(units) / Number(scale)
}

/** The share votes/total truncated (not rounded) to `decimals`. */
export const truncatedShare = (v: number, total: number, decimals = 2): number => {
  const scale = 10n ** BigInt(decimals)
  return Number((BigInt(v) * 100n * scale) / BigInt(total)) / Number(scale)
}

/** 34.06 → "34.06%" (with `decimals` digits). */
export const percent = (p: number, decimals = 2): string => `${p.toFixed(decimals)}%`

/** The rounded share as the seeds write it: "34.06%". */
export const pct = (v: number, total: number, decimals = 2): string => percent(share(v, total, decimals), decimals)

const cell = (c: Cell): string => (typeof c === "number" ? votes(c) : c)

/** A seat change as the regional councils write it: +15, -5, and – for no change. */
export const change = (n: number, minus = "-", zero = "–"): string => (n > 0 ? `+${n}` : n < 0 ? `${minus}${-n}` : zero)

const changeCell = (c: Cell, minus: string, zero: string): string => (typeof c === "number" ? change(c, minus, zero) : c)

/** `| | Adrien Zeller | UMP |`: an empty cell is a single space between pipes, as in the seeds. */
const row = (cells: ReadonlyArray<string>) => `|${cells.map((c) => (c === "" ? " " : ` ${c} `)).join("|")}|`

const sumOf = (values: ReadonlyArray<Cell | null | undefined>): number =>
  values.reduce<number>((a, v) => a + (typeof v === "number" ? v : 0), 0)

// ---------------------------------------------------------------------------------------------
// Regional articles
// ---------------------------------------------------------------------------------------------

/** A round's figure in a candidate table: a count, raw text, or null for a list that did not stand (`–`). */
export type RoundFigure = Cell | null

export interface Candidate {
  readonly name: string
  readonly party: string
  /** Round one's votes, and round two's (omitted or null: did not stand, written `–`). */
  readonly votes: readonly [RoundFigure, RoundFigure?]
  /**
   * Stated percentages per round; an omitted (undefined) entry is computed from the votes over the
   * round's stated total (else the sum of the votes), rounded to two decimals.
   */
  readonly percent?: readonly [Cell | null | undefined, (Cell | null | undefined)?]
}

export interface TurnoutLine {
  /** e.g. "Registered voters", "Abstentions", "Voters", "Blank and invalid ballots", "Valid votes". */
  readonly label: string
  readonly values: readonly [Cell | null, (Cell | null)?]
  readonly percent?: readonly [Cell | null, (Cell | null)?]
}

export interface CouncilRow {
  readonly party: string
  readonly seats: Cell
  /** A number is written +15 / -5 / – (no change); a string as is. */
  readonly change: Cell
  /** The `•` majority marker. */
  readonly majority?: boolean
}

export interface RegionSpec {
  readonly region: string
  /** Paragraphs between the region heading and the candidate table. */
  readonly intro?: ReadonlyArray<string> | string
  readonly candidates?: ReadonlyArray<Candidate>
  /**
   * The Total row's votes per round: omitted → the sum of the rows' votes; null → no Total row at
   * all; a null entry → an empty cell for that round.
   */
  readonly total?: readonly [Cell | null, (Cell | null)?] | null
  /** The Total row's percentages, "100.00%" by default. */
  readonly totalPercent?: readonly [Cell, Cell?]
  /** Turnout rows, written after the candidates and before the Total row. */
  readonly turnout?: ReadonlyArray<TurnoutLine>
  /** Rounds in the candidate table (2 by default; 1 drops the round-two columns). */
  readonly rounds?: 1 | 2
  readonly council?: ReadonlyArray<CouncilRow>
  /** Paragraphs between the candidate table and the council heading. */
  readonly between?: ReadonlyArray<string> | string
  /** Closing paragraph of the region. */
  readonly outro?: string
}

export interface NationalGrouping {
  readonly grouping: string
  readonly parties?: string
  readonly votes: readonly [RoundFigure, RoundFigure?]
  readonly percent?: readonly [Cell | null | undefined, (Cell | null | undefined)?]
  /** Regions won; null → `–`. */
  readonly regions: Cell | null
  /** Seats won; null → `–`. */
  readonly seats: Cell | null
}

export interface NationalSpec {
  readonly groupings: ReadonlyArray<NationalGrouping>
  /** The Total row: votes per round (omitted → sums), regions and seats (omitted → sums; null → `–`). */
  readonly total?: {
    readonly votes?: readonly [Cell | null, (Cell | null)?]
    readonly regions?: Cell | null
    readonly seats?: Cell | null
  } | null
}

export interface RegionalArticleSpec {
  readonly title?: string
  readonly infobox?: InfoboxFields
  /** Lead paragraphs (the seeds' first paragraphs, with the dates). */
  readonly lead?: ReadonlyArray<string> | string
  readonly national?: NationalSpec
  readonly regions: ReadonlyArray<RegionSpec>
}

const paragraphs = (p: ReadonlyArray<string> | string | undefined): Array<string> =>
  p === undefined ? [] : (typeof p === "string" ? [p] : [...p]).flatMap((t) => [t, ""])

/** An `Infobox` block: the word, then `- Key: Value` lines. */
export type InfoboxFields = ReadonlyArray<readonly [key: string, value: string]>
const infoboxBlock = (fields: InfoboxFields | undefined): Array<string> =>
  fields === undefined ? [] : ["Infobox", ...fields.map(([k, v]) => `- ${k}: ${v}`), ""]

const DEFAULT_LEAD =
  "Regional elections were held in France on 21 and 28 March 2004. At stake were the presidencies of each of France's 26 regions."

const roundStatedTotal = (
  rows: ReadonlyArray<{ readonly votes: readonly [RoundFigure, RoundFigure?] }>,
  total: readonly [Cell | null, (Cell | null)?] | null | undefined,
  round: 0 | 1
): number => {
  const stated = total?.[round]
  return typeof stated === "number" ? stated : sumOf(rows.map((r) => r.votes[round]))
}

const figureCells = (
  figure: RoundFigure | undefined,
  statedPercent: Cell | null | undefined,
  base: number
): [string, string] => {
  if (figure === null || figure === undefined) {
    return [
      "–",
      statedPercent === undefined || statedPercent === null ? "–" : cell(statedPercent)
    ]
  }
  const p = statedPercent !== undefined
    ? statedPercent === null ? "–" : typeof statedPercent === "number" ? percent(statedPercent) : statedPercent
    : typeof figure === "number" && base > 0
    ? pct(figure, base)
    : "–"
  return [cell(figure), p]
}

const percentText = (c: Cell) => (typeof c === "number" ? percent(c) : c)

/** The candidate table of one region, with its Total row (and turnout rows), in the seed format. */
export const candidateTable = (spec: Omit<RegionSpec, "region" | "council">): Array<string> => {
  const rounds = spec.rounds ?? 2
  const candidates = spec.candidates ?? []
  const header = rounds === 2
    ? "| | Candidate | Party | Votes (Round One) | % (Round One) | Votes (Round Two) | % (Round Two) |"
    : "| | Candidate | Party | Votes (Round One) | % (Round One) |"
  const bases = [roundStatedTotal(candidates, spec.total, 0), roundStatedTotal(candidates, spec.total, 1)] as const
  const lines = [header]
  for (const c of candidates) {
    const cells = ["", c.name, c.party, ...figureCells(c.votes[0], c.percent?.[0], bases[0])]
    if (rounds === 2) cells.push(...figureCells(c.votes[1] ?? null, c.percent?.[1], bases[1]))
    lines.push(row(cells))
  }
  for (const t of spec.turnout ?? []) {
    const cells = ["", t.label, ""]
    for (let r = 0; r < rounds; r++) {
      const v = t.values[r]
      const p = t.percent?.[r]
      cells.push(v === null || v === undefined ? "" : cell(v), p === null || p === undefined ? "" : percentText(p))
    }
    lines.push(row(cells))
  }
  if (spec.total !== null) {
    const cells = ["", "Total", ""]
    for (let r = 0; r < rounds; r++) {
      const stated = spec.total?.[r]
      const v = stated === undefined ? bases[r as 0 | 1] : stated
      cells.push(v === null ? "" : cell(v), percentText(spec.totalPercent?.[r] ?? "100.00%"))
    }
    lines.push(row(cells))
  }
  return lines
}

/** A regional council table: `| Party | seats | change +/- | |` and `| • | Socialist Party | 43 | +15 |` rows. */
export const councilTable = (rows: ReadonlyArray<CouncilRow>): Array<string> => [
  "| Party | seats | change +/- | |",
  ...rows.map((r) => row([r.majority ? "•" : "", r.party, cell(r.seats), changeCell(r.change, "-", "–")]))
]

/** The national results table of a regional article (groupings, votes by round, regions, seats, Total). */
export const nationalTable = (spec: NationalSpec): Array<string> => {
  const groupings = spec.groupings
  const bases = [roundStatedTotal(groupings, spec.total?.votes, 0), roundStatedTotal(groupings, spec.total?.votes, 1)] as const
  const dash = (c: Cell | null) => (c === null ? "–" : cell(c))
  const lines = ["| | Grouping | Parties | Votes (Round One) | % (Round One) | Votes (Round Two) | % (Round Two) | Regions | Seats |"]
  for (const g of groupings) {
    lines.push(row([
      "",
      g.grouping,
      g.parties ?? "",
      ...figureCells(g.votes[0], g.percent?.[0], bases[0]),
      ...figureCells(g.votes[1] ?? null, g.percent?.[1], bases[1]),
      dash(g.regions),
      dash(g.seats)
    ]))
  }
  if (spec.total !== null) {
    const regions = spec.total?.regions !== undefined ? spec.total.regions : sumOf(groupings.map((g) => g.regions))
    const seats = spec.total?.seats !== undefined ? spec.total.seats : sumOf(groupings.map((g) => g.seats))
    lines.push(row(["", "Total", "", cell(bases[0]), "100.00%", cell(bases[1]), "100.00%", dash(regions), dash(seats)]))
  }
  return lines
}

/** The `===Region===` section: intro, candidate table, and the `====Regional Council====` table. */
export const regionSection = (spec: RegionSpec): Array<string> => {
  const lines = [`===${spec.region}===`, "", ...paragraphs(spec.intro)]
  if (spec.candidates !== undefined) lines.push(...candidateTable(spec), "")
  lines.push(...paragraphs(spec.between))
  if (spec.council !== undefined) lines.push("====Regional Council====", "", ...councilTable(spec.council), "")
  lines.push(...paragraphs(spec.outro))
  return lines
}

/**
 * A regional-elections article in the seed format: `= Title =`, a lead, optional
 * `==National results==`, then `==Results by region==` with one `===Region===` section per region.
 * Accepts one region (`{ region, candidates, total, council }`) or `{ regions: [...] }`.
 */
export const regionalArticle = (spec: (RegionSpec & Omit<RegionalArticleSpec, "regions">) | RegionalArticleSpec): string => {
  const full: RegionalArticleSpec = "regions" in spec
    ? spec
    : {
      ...(spec.title === undefined ? {} : { title: spec.title }),
      ...(spec.infobox === undefined ? {} : { infobox: spec.infobox }),
      ...(spec.lead === undefined ? {} : { lead: spec.lead }),
      ...(spec.national === undefined ? {} : { national: spec.national }),
      regions: [spec]
    }
  const lines = [`= ${full.title ?? "2004 French regional elections"} =`, "", ...infoboxBlock(full.infobox), ...paragraphs(full.lead ?? DEFAULT_LEAD)]
  if (full.national !== undefined) lines.push("==National results==", "", ...nationalTable(full.national), "")
  lines.push("==Results by region==", "")
  for (const region of full.regions) lines.push(...regionSection(region))
  return `${lines.join("\n").replace(/\n+$/, "")}\n`
}

// ---------------------------------------------------------------------------------------------
// Senate-style articles
// ---------------------------------------------------------------------------------------------

export interface SenateGroup {
  readonly name: string
  /** Seats at the previous renewal (the `Seats (2001)` column). */
  readonly before: Cell
  /** Seats after (the `Seats (2004)` column). */
  readonly after: Cell
  /** Omitted → after − before; a number is written +14 / –7 / ±0; a string as is. */
  readonly change?: Cell
}

export interface SenateSpec {
  readonly title?: string
  readonly infobox?: InfoboxFields
  readonly intro?: ReadonlyArray<string> | string
  readonly groups: ReadonlyArray<SenateGroup>
  /** The `Total:` row; omitted → sums (change: sum of changes); null → no Total row. */
  readonly total?: { readonly before?: Cell | null; readonly after?: Cell | null; readonly change?: Cell | null } | null
  /** The minus sign of changes: the seed's en dash by default. */
  readonly minus?: string
}

/** A Senate-election article: `| Group | Seats (2001) | Seats (2004) | Change | |` and `| | UMP Group | 162 | 155 | –7 |` rows. */
export const senateArticle = (spec: SenateSpec): string => {
  const minus = spec.minus ?? "–"
  const changeOf = (g: SenateGroup): Cell | null =>
    g.change !== undefined ? g.change : typeof g.after === "number" && typeof g.before === "number" ? g.after - g.before : null
  const lines = [
    `= ${spec.title ?? "2004 French Senate election"} =`,
    "",
    ...infoboxBlock(spec.infobox),
    "Following the end of the 9-year terms of 127 \"series C\" senators, indirect senatorial elections were held in France on September 26, 2004.",
    "",
    "==Results==",
    ...paragraphs(spec.intro),
    "| Group | Seats (2001) | Seats (2004) | Change | |"
  ]
  const fmt = (c: Cell | null) => (c === null ? "" : changeCell(c, minus, "±0"))
  for (const g of spec.groups) lines.push(row(["", g.name, cell(g.before), cell(g.after), fmt(changeOf(g))]))
  if (spec.total !== null) {
    const t = spec.total ?? {}
    const before = t.before !== undefined ? t.before : sumOf(spec.groups.map((g) => g.before))
    const after = t.after !== undefined ? t.after : sumOf(spec.groups.map((g) => g.after))
    const ch = t.change !== undefined ? t.change : sumOf(spec.groups.map(changeOf))
    lines.push(row(["", "Total:", before === null ? "" : cell(before), after === null ? "" : cell(after), fmt(ch)]))
  }
  lines.push("", "Source:")
  return `${lines.join("\n")}\n`
}

// ---------------------------------------------------------------------------------------------
// Cantonal-style articles
// ---------------------------------------------------------------------------------------------

export interface CantonalParty {
  readonly name: string
  readonly presidencies: Cell
  readonly votes: readonly [RoundFigure, RoundFigure?]
  /** Omitted entries are computed from the votes over `base` (the unstated round total). */
  readonly percent?: readonly [Cell | null | undefined, (Cell | null | undefined)?]
}

export interface CantonalSpec {
  readonly title?: string
  /** The lead paragraph; by default the seed's, naming "France's 100 departments". */
  readonly lead?: string
  readonly intro?: ReadonlyArray<string> | string
  readonly parties: ReadonlyArray<CantonalParty>
  /**
   * The true round totals the percentages are shares of — not stated in the table (the cantonal
   * seed has no Total row). Omitted → the sum of the rows' votes.
   */
  readonly base?: readonly [number, number?]
  /** Decimals of the computed percentages (2 by default). */
  readonly decimals?: number
}

/**
 * A cantonal-elections article: `| Party/Alliance | General council Presidencies | Votes | % (first round) | Votes | % (second round) | |`
 * with `| | PS | 44 | 3,226,525 | 26.25% | 4,010,716 | 38.56% |` rows and no Total row.
 */
export const cantonalArticle = (spec: CantonalSpec): string => {
  const d = spec.decimals ?? 2
  const base = (round: 0 | 1) => spec.base?.[round] ?? sumOf(spec.parties.map((p) => p.votes[round]))
  const figure = (p: CantonalParty, round: 0 | 1): [string, string] => {
    const v = p.votes[round]
    const stated = p.percent?.[round]
    if (v === null || v === undefined) return ["–", stated === undefined || stated === null ? "–" : cell(stated)]
    const text = stated !== undefined
      ? stated === null ? "–" : typeof stated === "number" ? percent(stated, d) : stated
      : typeof v === "number" ? pct(v, base(round), d) : "–"
    return [cell(v), text]
  }
  const lines = [
    `= ${spec.title ?? "2004 French cantonal elections"} =`,
    "",
    spec.lead ?? "Cantonal elections to elect half the membership of the general councils of France's 100 departments were held on 21 and 28 March 2004.",
    "",
    "==National results==",
    "",
    ...paragraphs(spec.intro),
    "| Party/Alliance | General council Presidencies | Votes | % (first round) | Votes | % (second round) | |",
    ...spec.parties.map((p) => row(["", p.name, cell(p.presidencies), ...figure(p, 0), ...figure(p, 1)])),
    "",
    "==Sources==",
    "",
    "Ministry of the Interior results"
  ]
  return `${lines.join("\n")}\n`
}

// ---------------------------------------------------------------------------------------------
// Ready-made, consistent data (real 2004 figures where they add up)
// ---------------------------------------------------------------------------------------------

/** Alsace 2004: every figure consistent (the seed's 48.949 written 48,949). */
export const ALSACE_CANDIDATES: ReadonlyArray<Candidate> = [
  { name: "Adrien Zeller (incumbent)", party: "UMP", votes: [225193, 299353] },
  { name: "Jacques Bigot", party: "PS-Verts", votes: [133038, 236709] },
  { name: "Patrick Binder", party: "FN", votes: [122860, 151187] },
  { name: "Robert Spieler", party: "Alsace d'abord", votes: [62253] },
  { name: "Antoine Waechter", party: "MEI", votes: [48949] },
  { name: "Alfred Wahl", party: "PCF-PRG-MRC", votes: [24692] },
  { name: "Patrick Merck", party: "Divers", votes: [23540] },
  { name: "Françoise Ruch", party: "LCR/LO", votes: [20004] },
  { name: "Pascale Grauss", party: "Federalist Party", votes: [578] }
]

/** The Alsace council (47 seats, changes summing to 0). */
export const ALSACE_COUNCIL: ReadonlyArray<CouncilRow> = [
  { party: "Union for a Popular Movement", seats: 18, change: 11, majority: true },
  { party: "Socialist Party", seats: 8, change: 0 },
  { party: "National Front", seats: 8, change: -5 },
  { party: "Union for French Democracy", seats: 7, change: -2, majority: true },
  { party: "The Greens", seats: 4, change: 3 },
  { party: "Miscellaneous Right", seats: 2, change: -1, majority: true },
  { party: "Alsace d'Abord", seats: 0, change: -3 },
  { party: "Women of Alsace", seats: 0, change: -2 },
  { party: "Independent Ecological Movement", seats: 0, change: -1 }
]

/** Languedoc-Roussillon 2004 with the seed's copy repaired (Jacques Blanc: 374,052 in round two). */
export const LANGUEDOC_CANDIDATES: ReadonlyArray<Candidate> = [
  { name: "Georges Frêche", party: "PS-MRC-PRG-Verts", votes: [387214, 578785] },
  { name: "Jacques Blanc (incumbent)", party: "UMP", votes: [258287, 374052] },
  { name: "Alain Jamet", party: "FN", votes: [183031, 177074] },
  { name: "Marc Dufour", party: "UDF", votes: [60822] },
  { name: "Alain Esclope", party: "CPNT", votes: [53317] },
  { name: "Georges Fandos", party: "CAP21", votes: [51089] },
  { name: "David Hermet", party: "LO/LCR", votes: [50065] },
  { name: "Christian Lacour", party: "Regionalists (Far-Left)", votes: [13538] },
  { name: "Elisabeth Pascal", party: "MNR", votes: [8627] }
]

/** Corsica 2004 (5 % to stand in round two, 51 seats, bonus 3) and its Assembly. */
export const CORSICA_CANDIDATES: ReadonlyArray<Candidate> = [
  { name: "Camille de Rocca Serra", party: "UMP", votes: [20155, 35628] },
  { name: "Émile Zuccarelli", party: "PRG", votes: [17906, 26434] },
  { name: "Edmond Simeoni", party: "Chjama Naziunale-PNC-ANC", votes: [16772, 24652] },
  { name: "Paul Giacobbi", party: "PRG dissidents", votes: [14477, 21562] },
  { name: "Dominique Bucchini", party: "PCF", votes: [9147, 11811] },
  { name: "José Rossi (incumbent)", party: "UMP dissidents", votes: [8804, 11094] },
  { name: "Simon Renucci", party: "Corse Social-Démocrate", votes: [8018, 11025] },
  { name: "Olivier Martinelli", party: "FN", votes: [6181] },
  { name: "Toussaint Luciani", party: "Left-wing regionalists", votes: [6055] },
  { name: "Pierre-Philippe Ceccaldi", party: "Right-wing regionalists", votes: [5637] },
  { name: "Jérôme Polverini", party: "UMP dissidents", votes: [4568] },
  { name: "Jean-Louis Albertini", party: "DVD", votes: [4429] },
  { name: "Jean-Louis Luciani", party: "DVG", votes: [3860] },
  { name: "Paul-Félix Benedetti", party: "Regionalists", votes: [3021] },
  { name: "Jean-Luc Chiappini", party: "Regionalists", votes: [2612] },
  { name: "J.Marc Ciabrini", party: "PS", votes: [2541] },
  { name: "Marie-Louis Ottavi", party: "UDF", votes: [2109] },
  { name: "Vincent Carlotti", party: "PS dissidents", votes: [1097] },
  { name: "Serge Vandepoorte", party: "Far-Left regionalists", votes: [800] }
]
export const CORSICA_COUNCIL: ReadonlyArray<CouncilRow> = [
  { party: "Left", seats: 24, change: 5 },
  { party: "Union for a Popular Movement and Right", seats: 19, change: -5, majority: true },
  { party: "Nationalists", seats: 8, change: 0 }
]

/** The Languedoc-Roussillon council (67 seats) as the seed states it. */
export const LANGUEDOC_COUNCIL: ReadonlyArray<CouncilRow> = [
  { party: "Socialist Party", seats: 23, change: 4, majority: true },
  { party: "Union for a Popular Movement", seats: 12, change: 1 },
  { party: "French Communist Party", seats: 9, change: 0, majority: true },
  { party: "National Front", seats: 8, change: -5 },
  { party: "The Greens", seats: 7, change: 7, majority: true },
  { party: "Miscellaneous Right", seats: 4, change: 3 },
  { party: "Left Radical Party", seats: 3, change: 1, majority: true },
  { party: "Citizen and Republican Movement", seats: 1, change: 0, majority: true },
  { party: "Union for French Democracy", seats: 0, change: -10 },
  { party: "Hunting, Fishing, Nature, Traditions", seats: 0, change: -1 }
]

/** Aquitaine 2004: François Bayrou (16.06 %) did not stand in round two. */
export const AQUITAINE_CANDIDATES: ReadonlyArray<Candidate> = [
  { name: "Alain Rousset (incumbent)", party: "PS-PRG-Verts", votes: [516392, 769893] },
  { name: "Xavier Darcos", party: "UMP-CNIP", votes: [247232, 469386] },
  { name: "Jacques Colombier", party: "FN", votes: [153859, 163731] },
  { name: "François Bayrou", party: "UDF", votes: [215796] },
  { name: "Jean Saint-Josse", party: "CPNT", votes: [96925] },
  { name: "Annie Guilhamet", party: "PCF-MRC", votes: [58485] },
  { name: "Martine Mailfert", party: "LCR/LO", votes: [55215] }
]

/** The national table of the 2004 regional elections as the seed states it (Total: 26 regions, 1,880 seats). */
export const NATIONAL_2004: NationalSpec = {
  groupings: [
    { grouping: "Left", parties: "PS-Verts-PCF-PRG-MRC-DVG", votes: [8938695, 12896820], regions: 23, seats: 1126 },
    { grouping: "Right", parties: "UMP-UDF-MPF-DVD", votes: [8179866, 9519416], regions: 2, seats: 522 },
    { grouping: "FN", parties: "FN", votes: [3564059, 3199392], regions: null, seats: 156 },
    { grouping: "Far-left", parties: "LCR/LO", votes: [1199190], regions: null, seats: null },
    { grouping: "The Greens", parties: "Les Verts-UDB-PO", votes: [546474], regions: null, seats: null },
    { grouping: "CPNT", parties: "CPNT", votes: [397024], regions: null, seats: null },
    { grouping: "Ecologists", parties: "MEI-GE-CAP21", votes: [385481], regions: null, seats: null },
    { grouping: "Far-Right", parties: "MNR-Alsace d'abord", votes: [349181], regions: null, seats: null },
    { grouping: "Miscellaneous Left", votes: [252620, 111720], regions: null, seats: 36 },
    { grouping: "Miscellaneous Right", votes: [179015, 11094], regions: null, seats: 4 },
    { grouping: "Miscellaneous", votes: [164397], regions: null, seats: null },
    { grouping: "Regionalists", parties: "MIM-Corsican regionalists", votes: [94351, 99512], regions: 1, seats: 36 }
  ]
}

/** Brittany 2004 (round two: the two lists that stood), to go with BRITTANY_TURNOUT; no Total row. */
export const BRITTANY_CANDIDATES: ReadonlyArray<Candidate> = [
  { name: "Jean-Yves Le Drian", party: "PS-PCF-PRG-Verts-UDB", votes: [521823, 841060] },
  { name: "Pascale Loget", party: "Verts", votes: [131550] },
  { name: "Josselin de Rohan", party: "UMP", votes: [347134, 589566] },
  { name: "Bruno Joncour", party: "UDF", votes: [150078] },
  { name: "Brigitte Neveux", party: "FN", votes: [114926] },
  { name: "Françoise Dubu", party: "LCR/LO", votes: [64868] },
  { name: "Lionel David", party: "MNR", votes: [26074] }
]

/** Brittany 2004 turnout, both rounds: registered = abstentions + voters, voters = blank + valid, valid = the lists' votes. */
export const BRITTANY_TURNOUT: ReadonlyArray<TurnoutLine> = [
  { label: "Registered voters", values: [2207064, 2206047], percent: ["100%", "100%"] },
  { label: "Abstentions", values: [785758, 708830], percent: ["35.60%", "32.13%"] },
  { label: "Voters", values: [1421306, 1497217], percent: ["64.40%", "67.87%"] },
  { label: "White and rejected ballots", values: [64853, 66591], percent: ["4.56%", "4.45%"] },
  { label: "Valid votes", values: [1356453, 1430626], percent: ["95.44%", "95.55%"] }
]

/** The 2004 Senate groups as the seed states them (changes consistent, total 321 → 331). */
export const SENATE_GROUPS: ReadonlyArray<SenateGroup> = [
  { name: "UMP Group", before: 162, after: 155 },
  { name: "Socialist Group", before: 83, after: 97 },
  { name: "Centrist Union - UDF Group", before: 31, after: 33 },
  { name: "Communist, Republican and Citizen Group", before: 23, after: 23 },
  { name: "Democratic, Social, and European Rally", before: 17, after: 16 },
  { name: "Non-Inscrits", before: 5, after: 7 }
]

/** The Senate seed's infobox party blocks (Seat Change1 written without its sign, as in the seed). */
export const SENATE_INFOBOX: InfoboxFields = [
  ["Election Name", "2004 French Senate election"],
  ["Country", "France"],
  ["Seats For Election", "A third of seats (117) to the French Senate"],
  ["Election Date", "September 26, 2004"],
  ["Leader1", "Josselin de Rohan"],
  ["Party1", "Union for a Popular Movement"],
  ["Last Election1", "162"],
  ["Seats1", "155"],
  ["Seat Change1", "7"],
  ["Leader2", "Jean-Pierre Bel"],
  ["Party2", "Socialist Party (France)"],
  ["Last Election2", "83"],
  ["Seats2", "97"],
  ["Seat Change2", "14"],
  ["Leader3", "Michel Mercier"],
  ["Party3", "Union for French Democracy"],
  ["Last Election3", "31"],
  ["Seats3", "33"],
  ["Seat Change3", "2"]
]

/** The 2004 cantonal national results (first and second round), without the `see DVD` row. */
export const CANTONAL_PARTIES: ReadonlyArray<CantonalParty> = [
  { name: "PS", presidencies: 44, votes: [3226525, 4010716] },
  { name: "UMP", presidencies: 37, votes: [2574331, 2831478] },
  { name: "UDF", presidencies: 8, votes: [584587, 484204] },
  { name: "PRG", presidencies: 3, votes: [156305, 134365] },
  { name: "PCF", presidencies: 2, votes: [957223, 492815] },
  { name: "Miscellaneous Left", presidencies: 2, votes: [740521, 616631] },
  { name: "Miscellaneous Right", presidencies: 2, votes: [1396741, 1103938] },
  { name: "Miscellaneous", presidencies: 1, votes: [132883, 83622] },
  { name: "FN", presidencies: 0, votes: [1490315, 502973] },
  { name: "Les Verts", presidencies: 0, votes: [502142, 101434] },
  { name: "Far-Left", presidencies: 0, votes: [367817, 6271] },
  { name: "Regionalists", presidencies: 0, votes: [50143, 13180] },
  { name: "Ecologists", presidencies: 0, votes: [48838, 4588] },
  { name: "MNR", presidencies: 0, votes: [44251, 11620] },
  { name: "CPNT", presidencies: 0, votes: [17786, 4358] }
]

/** The cantonal table with the seed's MPF row ('see DVD': its votes counted under Miscellaneous Right, its 1 presidency its own): presidencies sum to 100. */
export const CANTONAL_WITH_MPF: ReadonlyArray<CantonalParty> = [
  ...CANTONAL_PARTIES.slice(0, 7),
  { name: "MPF", presidencies: 1, votes: ["see DVD", "see DVD"], percent: ["see DVD", "see DVD"] },
  ...CANTONAL_PARTIES.slice(7)
]

/** A copy of `list` with the element matching `pick` replaced by `patch(element)`. */
export const replace = <A>(list: ReadonlyArray<A>, pick: (a: A, i: number) => boolean, patch: (a: A) => A): Array<A> =>
  list.map((a, i) => (pick(a, i) ? patch(a) : a))

/** Anomalies in a comparable, line-free form: id → severity/field/stated/expected/delta. */
export const lineFree = (anomalies: ReadonlyArray<Anomaly>) =>
  anomalies.map(({ line: _line, lines: _lines, message: _message, suggestion, ...rest }) => ({
    ...rest,
    suggestion: suggestion === null ? null : suggestion.value
  }))

/** Inserts a paragraph (text + blank line) right after the first line containing `after`. */
export const insertParagraph = (text: string, after: string, paragraph = "A paragraph inserted by an editor, above the table."): string => {
  const lines = text.split("\n")
  const at = lineOf(text, after)
  lines.splice(at, 0, "", paragraph)
  return lines.join("\n")
}

// ---------------------------------------------------------------------------------------------
// An ESLint-RuleTester-style harness
// ---------------------------------------------------------------------------------------------

type Figure = Anomaly["stated"]

/** What an invalid case expects of one anomaly; omitted properties are not checked. */
export interface ExpectedAnomaly {
  readonly severity: Anomaly["severity"]
  readonly field: string | null
  readonly line: number
  /** Exactly these lines (sorted), when given. */
  readonly lines?: ReadonlyArray<number>
  /** At least these lines, when given. */
  readonly linesInclude?: ReadonlyArray<number>
  readonly round?: number | null
  readonly area?: string | null
  readonly stated?: Figure
  readonly expected?: Figure
  readonly delta?: number | null
  readonly tolerance?: number | null
  /** The suggested value, or null for "no suggestion". */
  readonly suggestion?: number | string | null
  /** The id ends with this (the rule's row/column key). */
  readonly idEndsWith?: string
  /** The message contains each of these. */
  readonly message?: ReadonlyArray<string>
}

export interface ValidCase {
  readonly name: string
  readonly claims?: ReadonlyArray<ClaimsFile>
  /** A known rule bug: the case asserts the correct behaviour and is registered with test.failing. */
  readonly knownBug?: string
  readonly article: string
  readonly file?: string
  /** At least this many passed items. */
  readonly passed?: number
  /** Exactly these not-evaluated reasons (sorted, distinct), when given. */
  readonly notEvaluated?: ReadonlyArray<string>
  readonly check?: (t: ExecutionContext, run: RuleRun, fixture: Audited) => void
}

export interface InvalidCase {
  readonly name: string
  readonly claims?: ReadonlyArray<ClaimsFile>
  /** A known rule bug: the case asserts the correct behaviour and is registered with test.failing. */
  readonly knownBug?: string
  readonly article: string
  readonly file?: string
  /** The rule's anomalies, all of them, in report order (file, severity, line, id). */
  readonly anomalies: ReadonlyArray<ExpectedAnomaly>
  /** Whether some checked item is flagged (true unless the rule reports the anomaly on a not-evaluated item). */
  readonly flagged?: boolean
  readonly check?: (t: ExecutionContext, run: RuleRun, fixture: Audited) => void
}

const close = (a: unknown, b: unknown) =>
  typeof a === "number" && typeof b === "number" ? Math.abs(a - b) <= 1e-5 : a === b

/** Asserts one anomaly against its expectation; the label names the case in failure messages. */
export const assertAnomaly = (t: ExecutionContext, actual: Anomaly | undefined, expected: ExpectedAnomaly, label = "") => {
  if (actual === undefined) {
    t.fail(`${label}: anomaly missing (expected ${JSON.stringify(expected)})`)
    return
  }
  const where = `${label} [${actual.id}]`
  t.is(actual.severity, expected.severity, `${where}: severity`)
  t.is(actual.field, expected.field, `${where}: field`)
  t.is(actual.line, expected.line, `${where}: line`)
  t.true(actual.lines.includes(actual.line), `${where}: lines include the primary line`)
  t.deepEqual([...actual.lines], [...actual.lines].sort((a, b) => a - b), `${where}: lines ascending`)
  if (expected.lines !== undefined) t.deepEqual([...actual.lines], [...expected.lines].sort((a, b) => a - b), `${where}: lines`)
  for (const l of expected.linesInclude ?? []) t.true(actual.lines.includes(l), `${where}: lines include ${l} (got ${actual.lines.join(",")})`)
  if (expected.round !== undefined) t.is(actual.round, expected.round, `${where}: round`)
  if (expected.area !== undefined) t.is(actual.area, expected.area, `${where}: area`)
  for (const key of ["stated", "expected", "delta", "tolerance"] as const) {
    if (expected[key] !== undefined) t.true(close(actual[key], expected[key]), `${where}: ${key} ${JSON.stringify(actual[key])}, expected ${JSON.stringify(expected[key])}`)
  }
  if (expected.suggestion !== undefined) {
    t.true(
      close(actual.suggestion?.value ?? null, expected.suggestion),
      `${where}: suggestion ${JSON.stringify(actual.suggestion)}, expected ${JSON.stringify(expected.suggestion)}`
    )
    if (actual.suggestion !== null) t.true(actual.suggestion.reasoning.length > 0, `${where}: a suggestion gives its reasoning`)
  }
  if (expected.idEndsWith !== undefined) t.true(actual.id.endsWith(expected.idEndsWith), `${where}: id ends with ${expected.idEndsWith}`)
  for (const m of expected.message ?? []) t.true(actual.message.includes(m), `${where}: message ${JSON.stringify(actual.message)} includes ${JSON.stringify(m)}`)
  t.true(actual.message.length > 0, `${where}: a message`)
}

/** Registers one ava test per case: valid cases produce no anomaly of the rule, invalid ones exactly the expected ones. */
export const ruleTester = (rule: Rule, cases: { readonly valid: ReadonlyArray<ValidCase>; readonly invalid: ReadonlyArray<InvalidCase> }) => {
  const code = rule.meta.code
  for (const c of cases.valid) {
    const register = c.knownBug === undefined ? test : test.failing
    register(`${code} valid: ${c.name}${c.knownBug === undefined ? "" : ` [known bug: ${c.knownBug}]`}`, (t) => {
      const fixture = audit(c.article, c.file, c.claims === undefined ? {} : { claims: c.claims })
      const run = fixture.run(rule)
      t.deepEqual(run.anomalies.map((a) => `${a.severity} ${a.field} line ${a.line}: ${a.message}`), [], "no anomaly")
      t.deepEqual(run.items.filter((i) => i.status === "flagged").map((i) => `${i.subject}: ${i.detail}`), [], "no flagged item")
      for (const item of run.items) t.is(item.rule, code)
      if (c.passed !== undefined) t.true(run.summary.passed >= c.passed, `at least ${c.passed} passed items (got ${run.summary.passed})`)
      if (c.notEvaluated !== undefined) t.deepEqual(run.summary.reasons, [...c.notEvaluated].sort(), "not-evaluated reasons")
      c.check?.(t, run, fixture)
    })
  }
  for (const c of cases.invalid) {
    const register = c.knownBug === undefined ? test : test.failing
    register(`${code} invalid: ${c.name}${c.knownBug === undefined ? "" : ` [known bug: ${c.knownBug}]`}`, (t) => {
      const fixture = audit(c.article, c.file, c.claims === undefined ? {} : { claims: c.claims })
      const run = fixture.run(rule)
      t.is(
        run.anomalies.length,
        c.anomalies.length,
        `anomalies: ${JSON.stringify(run.anomalies.map((a) => `${a.severity} ${a.field} line ${a.line}: ${a.message}`), null, 1)}`
      )
      c.anomalies.forEach((expected, i) => assertAnomaly(t, run.anomalies[i], expected, `anomaly ${i + 1}`))
      for (const a of run.anomalies) {
        t.is(a.rule, code)
        t.is(a.category, rule.meta.category)
        t.is(a.file, c.file ?? "fixture.txt")
      }
      if (c.flagged ?? true) t.true(run.summary.flagged >= 1, "at least one flagged item")
      c.check?.(t, run, fixture)
    })
  }
}

/**
 * Registers a test that the rule's anomaly ids do not depend on lines: the same article with a
 * paragraph inserted right after the line containing `after` gives the same ids, each anomaly's
 * lines shifted by the two inserted lines where they lie below the insertion.
 */
export const idStability = (rule: Rule, name: string, article: string, after: string, file = "fixture.txt") => {
  test(`${rule.meta.code} ids are stable: ${name}`, (t) => {
    const before = audit(article, file).run(rule).anomalies
    const edited = insertParagraph(article, after)
    const afterRun = audit(edited, file).run(rule).anomalies
    t.true(before.length > 0, "the fixture has anomalies")
    t.deepEqual(afterRun.map((a) => a.id), before.map((a) => a.id), "same ids")
    const at = lineOf(article, after)
    const shift = (l: number) => (l > at ? l + 2 : l)
    t.deepEqual(afterRun.map((a) => a.line), before.map((a) => shift(a.line)), "primary lines shifted")
    t.deepEqual(afterRun.map((a) => a.lines), before.map((a) => a.lines.map(shift)), "all lines shifted")
    t.true(afterRun.some((a, i) => a.line !== before[i]!.line), "some line moved")
    t.deepEqual(lineFree(afterRun), lineFree(before), "the rest unchanged")
  })
}

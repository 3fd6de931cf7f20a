/**
 * Reference data the audit checks against (seeds/reference/): statutory council sizes and the
 * electoral-law parameters, each row with its source. Pure: CSV text in, typed rows out; a row
 * that does not decode is a problem with its line, never a crash.
 */
import { newMap, orMake, orMakeWith } from "../memo.ts"
import * as Schema from "effect/Schema"
import { readCsvRecords } from "../normalise/csv.ts"
import { slug } from "../normalise/ids.ts"

const Int = Schema.NumberFromString.check(Schema.isInt())

export const CouncilRow = Schema.Struct({
  region: Schema.NonEmptyString,
  seats: Int,
  /** Size at the previous election (1998 for 2004), for the change-sum check. */
  previous_seats: Int,
  kind: Schema.Literals(["metropolitan", "overseas"]),
  source: Schema.NonEmptyString,
  /** The region's INSEE code (Code officiel geographique, 2 digits), and where it comes from. */
  insee_code: Schema.String.check(Schema.isPattern(/^\d{2}$/)),
  insee_source: Schema.NonEmptyString
})
export type Council = typeof CouncilRow.Type & { readonly line: number }

export const LawRow = Schema.Struct({
  /** The country the row's law governs, then `|` and the adjectives a title names it by (`France|French`). */
  country: Schema.NonEmptyString,
  /** The election kind (normalise/election.ts): with the country, the law's key. */
  election: Schema.NonEmptyString,
  parameter: Schema.NonEmptyString,
  scope: Schema.String,
  value: Schema.NumberFromString,
  unit: Schema.String,
  source: Schema.NonEmptyString
})
export type LawParameter = typeof LawRow.Type & { readonly line: number }

export interface ReferenceProblem {
  readonly file: string
  readonly line: number
  readonly message: string
}

export interface Reference {
  readonly councils: ReadonlyArray<Council>
  readonly councilsFile: string
  readonly law: ReadonlyArray<LawParameter>
  readonly lawFile: string
  readonly problems: ReadonlyArray<ReferenceProblem>
}

/** Parses a reference CSV into decoded rows with their lines (see normalise/csv.ts). */
export const parseReferenceCsv = <A>(
  schema: Schema.Codec<A, unknown>,
  text: string,
  file: string,
  columns: ReadonlyArray<string>
): { rows: Array<A & { line: number }>; problems: Array<ReferenceProblem> } => {
  const read = readCsvRecords(schema, text, file, columns)
  return {
    rows: read.records.map((r) => ({ ...r.value, line: r.line })),
    problems: read.problems.map((p) => ({ file, line: p.line, message: p.message.replace(`${file}: `, `${file}:${p.line}: `) }))
  }
}

export const parseReference = (
  councils: { file: string; text: string },
  law: { file: string; text: string }
): Reference => {
  const c = parseReferenceCsv(CouncilRow as Schema.Codec<typeof CouncilRow.Type, unknown>, councils.text, councils.file, Object.keys(CouncilRow.fields))
  const l = parseReferenceCsv(LawRow as Schema.Codec<typeof LawRow.Type, unknown>, law.text, law.file, Object.keys(LawRow.fields))
  return {
    councils: c.rows,
    councilsFile: councils.file,
    law: l.rows,
    lawFile: law.file,
    problems: [...c.problems, ...l.problems]
  }
}

/** Which law: an election kind in a country (`France`, `regional`). The country is the infobox's `Country`. */
export interface LawKey {
  readonly country: string | null
  readonly election: string
}

/** What a rule says when the reference has no row for the key: never a guess at another country's law. */
export const noLawKnown = (key: LawKey): string =>
  `not evaluated: no electoral law known for ${key.election} elections in ${key.country ?? "(no country stated in the infobox)"}`

/** Whether the reference has any row for the key. */
export const hasLaw = (reference: Reference, key: LawKey): boolean => key.country !== null && lawRowsOf(reference, key).length > 0

/** A row's country and the adjectives that name it (`France|French`), lower-cased. */
export const countryNames = (row: LawParameter): Array<string> => row.country.split("|").map((n) => n.trim().toLowerCase()).filter((n) => n !== "")

export const matchesKey = (row: LawParameter, key: LawKey): boolean =>
  key.country !== null && countryNames(row).includes(key.country.toLowerCase()) && row.election.toLowerCase() === key.election.toLowerCase()

/**
 * A law parameter for an area: the row whose scope is the area's own name (e.g. `corsica`), else
 * the general scope (`regions`), else `all` — among the rows of the law `key` (an election kind in a
 * country); without a key (a hand-written claim that names its parameter), among every row.
 */
export const lawParameter = (reference: Reference, parameter: string, area: string | null, key?: LawKey): LawParameter | null => {
  if (key !== undefined) {
    if (key.country === null) return null
    return cachedLawParameter(lawRowsOf(reference, key), parameter, area)
  }
  return cachedLawParameter(reference.law, parameter, area)
}

/** The rows of one law (a key), filtered once per reference and key: rules ask per area and article. */
const lawRowsOf = (reference: Reference, key: LawKey): ReadonlyArray<LawParameter> => {
  // Nested maps by country, then kind: no key string per call.
  // Module-level makers (orMakeWith): no closures per call.
  const byCountry = orMake(lawRowsCache, reference, newMap<string | null, Map<string, ReadonlyArray<LawParameter>>>)
  const byElection = orMake(byCountry, key.country, newMap<string, ReadonlyArray<LawParameter>>)
  return orMakeWith(byElection, key.election, lawRowsUncached, reference, key, undefined)
}
const lawRowsUncached = (reference: Reference, key: LawKey): ReadonlyArray<LawParameter> => reference.law.filter((r) => matchesKey(r, key))
const lawRowsCache = new WeakMap<Reference, Map<string | null, Map<string, ReadonlyArray<LawParameter>>>>()

/** `findLawParameter`, looked up once per set of rows, parameter and area (nested maps: no key string per call). */
const cachedLawParameter = (law: ReadonlyArray<LawParameter>, parameter: string, area: string | null): LawParameter | null => {
  const byParameter = orMake(lawCache, law, newMap<string, Map<string | null, LawParameter | null>>)
  const byArea = orMake(byParameter, parameter, newMap<string | null, LawParameter | null>)
  return orMakeWith(byArea, area, findLawParameter, law, parameter, area)
}
const lawCache = new WeakMap<ReadonlyArray<LawParameter>, Map<string, Map<string | null, LawParameter | null>>>()

const findLawParameter = (law: ReadonlyArray<LawParameter>, parameter: string, area: string | null): LawParameter | null => {
  const rows = law.filter((r) => r.parameter === parameter)
  const own = area === null ? undefined : rows.find((r) => r.scope.toLowerCase() === slug(area))
  return own ?? rows.find((r) => r.scope === "regions") ?? rows.find((r) => r.scope === "all") ?? null
}


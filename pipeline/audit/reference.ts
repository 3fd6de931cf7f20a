/**
 * Reference data the audit checks against (seeds/reference/): statutory council sizes and the
 * electoral-law parameters, each row with its source. Pure: CSV text in, typed rows out; a row
 * that does not decode is a problem with its line, never a crash.
 */
import Papa from "papaparse"
import { Schema } from "effect"
import { slug } from "../normalise/ids.ts"

const Int = Schema.NumberFromString.check(Schema.isInt())

export const CouncilRow = Schema.Struct({
  region: Schema.NonEmptyString,
  seats: Int,
  /** Size at the previous election (1998 for 2004), for the change-sum check. */
  previous_seats: Int,
  kind: Schema.Literals(["metropolitan", "overseas"]),
  source: Schema.NonEmptyString
})
export type Council = typeof CouncilRow.Type & { readonly line: number }

export const LawRow = Schema.Struct({
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

/** Parses a reference CSV (header row, then one record per line) into decoded rows with their lines. */
export const parseReferenceCsv = <A>(
  schema: Schema.Codec<A, unknown>,
  text: string,
  file: string
): { rows: Array<A & { line: number }>; problems: Array<ReferenceProblem> } => {
  const parsed = Papa.parse<Record<string, string>>(text.trim(), { header: true, skipEmptyLines: true })
  const rows: Array<A & { line: number }> = []
  const problems: Array<ReferenceProblem> = []
  const decode = Schema.decodeUnknownResult(schema)
  parsed.data.forEach((raw, i) => {
    const line = i + 2 // header is line 1; reference files keep one record per line
    const result = decode(raw)
    if (result._tag === "Success") rows.push({ ...result.success, line })
    else problems.push({ file, line, message: `${file}:${line}: ${String(result.failure)}` })
  })
  for (const error of parsed.errors) {
    problems.push({ file, line: (error.row ?? 0) + 2, message: `${file}:${(error.row ?? 0) + 2}: ${error.message}` })
  }
  return { rows, problems }
}

export const parseReference = (
  councils: { file: string; text: string },
  law: { file: string; text: string }
): Reference => {
  const c = parseReferenceCsv(CouncilRow as Schema.Codec<typeof CouncilRow.Type, unknown>, councils.text, councils.file)
  const l = parseReferenceCsv(LawRow as Schema.Codec<typeof LawRow.Type, unknown>, law.text, law.file)
  return {
    councils: c.rows,
    councilsFile: councils.file,
    law: l.rows,
    lawFile: law.file,
    problems: [...c.problems, ...l.problems]
  }
}

/**
 * A law parameter for an area: the row whose scope is the area's own name (e.g. `corsica`), else
 * the general scope (`regions`), else `all`.
 */
export const lawParameter = (reference: Reference, parameter: string, area: string | null): LawParameter | null => {
  const rows = reference.law.filter((r) => r.parameter === parameter)
  const own = area === null ? undefined : rows.find((r) => r.scope.toLowerCase() === slug(area))
  return own ?? rows.find((r) => r.scope === "regions") ?? rows.find((r) => r.scope === "all") ?? null
}


/**
 * The articles' own statements, declared as data: a claims file per article
 * (`seeds/<article>.claims.json`) quotes each sentence, gives its line, and states a check from a
 * small typed vocabulary. Decoded with Schema; evaluated by rules/claims.ts.
 */
import * as Schema from "effect/Schema"
import { enUS } from "./format.ts"

export interface OperandType {
  readonly value?: number
  readonly line?: number
  readonly infobox?: string
  readonly seatTotal?: "seats" | "seats_before" | "change" | "regions"
  readonly presidencies?: { readonly party?: string; readonly bloc?: string }
  readonly law?: { readonly parameter: string; readonly scope: string; readonly country?: string; readonly election?: string }
  readonly party?: PartyFigureType
  readonly turnout?: TurnoutFigureType
  readonly sum?: ReadonlyArray<OperandType>
  readonly difference?: readonly [OperandType, OperandType]
}

/** A party's (or grouping's) figure in the article's national table, by the row's name as written. */
export interface PartyFigureType {
  readonly name: string
  readonly measure: "seats" | "change" | "regions" | "percent" | "votes"
  readonly round?: number
  /** Compare at this many decimals (a prose share rounds the table's: "36.9%" against 36.86). */
  readonly decimals?: number
}

/** The national contest's turnout in percent: the stated turnout row, else voters ÷ registered. */
export interface TurnoutFigureType {
  readonly round?: number
  /** Compare at this many decimals ("81.2%" against 79.01). */
  readonly decimals?: number
}

/** A figure: quoted from the sentence, read from the infobox or a table, or computed from others. */
export const Operand: Schema.Codec<OperandType> = Schema.Struct({
  /** A figure quoted in the sentence itself (digits or words: 10, "ten", "twenty-two")... */
  value: Schema.optionalKey(Schema.Finite),
  /** ...on the claim's line, or on this line (a breakdown listed on the lines below a sentence). */
  line: Schema.optionalKey(Schema.Int),
  /** The single integer in an infobox field's value (e.g. "A third of seats (117)" gives 117). */
  infobox: Schema.optionalKey(Schema.String),
  /** A figure of the national seat table's Total row. */
  seatTotal: Schema.optionalKey(Schema.Literals(["seats", "seats_before", "change", "regions"])),
  /** Presidencies held, all parties or those of one party code or bloc. */
  presidencies: Schema.optionalKey(Schema.Struct({ party: Schema.optionalKey(Schema.String), bloc: Schema.optionalKey(Schema.String) })),
  /** A parameter of seeds/reference/electoral-law.csv. */
  law: Schema.optionalKey(Schema.Struct({
    parameter: Schema.String,
    scope: Schema.String,
    /** Only the law of this country and election kind (seeds/reference/electoral-law.csv's first columns); without them, any row. */
    country: Schema.optionalKey(Schema.String),
    election: Schema.optionalKey(Schema.String)
  })),
  /** A party's seats, seat change, areas won (a Regions/Provinces column), share or votes in the national table (row named as written). */
  party: Schema.optionalKey(Schema.Struct({
    name: Schema.String,
    measure: Schema.Literals(["seats", "change", "regions", "percent", "votes"]),
    round: Schema.optionalKey(Schema.Int),
    decimals: Schema.optionalKey(Schema.Int)
  })),
  /** The national contest's turnout %: the stated turnout row (a `Voters` or `Registered voters/turnout` percentage), else voters / registered. */
  turnout: Schema.optionalKey(Schema.Struct({ round: Schema.optionalKey(Schema.Int), decimals: Schema.optionalKey(Schema.Int) })),
  sum: Schema.optionalKey(Schema.Array(Schema.suspend((): Schema.Codec<OperandType> => Operand))),
  difference: Schema.optionalKey(Schema.Tuple([
    Schema.suspend((): Schema.Codec<OperandType> => Operand),
    Schema.suspend((): Schema.Codec<OperandType> => Operand)
  ]))
}) as unknown as Schema.Codec<OperandType>

export const Check = Schema.Union([
  /** left = right */
  Schema.Struct({ kind: Schema.Literal("equals"), left: Operand, right: Operand }),
  /** holder is more than half of `of` */
  Schema.Struct({ kind: Schema.Literal("majority"), holder: Operand, of: Operand }),
  /** the number of areas (optionally only those named) whose winner belongs to `bloc` is `count` (default: all of them); there are `of` areas */
  Schema.Struct({
    kind: Schema.Literal("winners"),
    bloc: Schema.String,
    count: Schema.optionalKey(Operand),
    of: Schema.optionalKey(Operand),
    areas: Schema.optionalKey(Schema.Array(Schema.String))
  }),
  /** the contestant is (or is not) marked `(incumbent)` in the area's table; contestant null: nobody is */
  Schema.Struct({ kind: Schema.Literal("incumbent"), area: Schema.String, contestant: Schema.NullOr(Schema.String), incumbent: Schema.Boolean }),
  /** no area's leading list won more than half the votes of that round */
  Schema.Struct({ kind: Schema.Literal("no-majority"), round: Schema.Int }),
  /** a figure the data cannot test, and why */
  Schema.Struct({ kind: Schema.Literal("not-checkable"), reason: Schema.String })
])
export type Check = typeof Check.Type

export const Claim = Schema.Struct({
  id: Schema.String,
  line: Schema.Int,
  /** The words of the sentence the claim rests on, verbatim. */
  quote: Schema.String,
  check: Check,
  note: Schema.optionalKey(Schema.String)
})
export type Claim = typeof Claim.Type

export const ClaimsFile = Schema.Struct({
  article: Schema.String,
  claims: Schema.Array(Claim)
})
export type ClaimsFile = typeof ClaimsFile.Type & { readonly file: string }

/** Decodes a claims file; a file that does not decode is a problem naming it, never a crash. */
export const decodeClaims = (text: string, file: string): ClaimsFile | { readonly problem: string } => {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    return { problem: `${file}: not valid JSON (${(e as Error).message})` }
  }
  // A file in the plain shape is taken by `plainClaimsFile` (the value Schema's decoding gives);
  // anything else is decoded by Schema, whose messages name every problem.
  let decoded = plainClaimsFile(json)
  if (decoded === undefined) {
    const result = Schema.decodeUnknownResult(ClaimsFile)(json, { errors: "all" })
    if (result._tag !== "Success") return { problem: `${file}: ${String(result.failure).split("\n").slice(0, 6).join(" ")}` }
    decoded = result.success
  }
  // `<article>.claims.json` belongs to `<article>.txt`: claims naming another article would all be
  // "not checkable" without a word, so the mismatch is an input error.
  const name = file.split(/[\\/]/).pop() ?? file
  if (name.endsWith(".claims.json")) {
    const beside = `${name.slice(0, -".claims.json".length)}.txt`
    if (decoded.article !== beside) {
      return {
        problem: `${file}: names the article '${decoded.article}', but it sits beside '${beside}' (a claims file belongs to the article of its name)`
      }
    }
  }
  return { ...decoded, file }
}

// ——— The plain shape, without Schema's machinery ———
// Decoding a claims file with Schema (its unions, recursive operands and `errors: "all"`) was
// ~2.5–3 ms of the seeds' interpreted run for ~20 KB of JSON. `plainClaimsFile` reads a file that
// holds exactly the declared keys with valid values, and builds what `decodeUnknownResult(ClaimsFile)`
// gives for it: new objects, keys in the schema's order. Anything else — a missing, extra or
// mistyped key — gives undefined and is left to Schema (test/claims-decode.test.ts compares the
// two on random files, valid and not).

type Json = Record<string, unknown>

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v)
/** Whether `o` has only keys of `allowed` (and so no key Schema would drop). */
const onlyKeys = (o: Json, allowed: ReadonlySet<string>): boolean => {
  for (const k in o) if (!allowed.has(k)) return false
  return true
}
const isInt = (v: unknown): v is number => Number.isSafeInteger(v)
const isFinite = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v)
const isString = (v: unknown): v is string => typeof v === "string"

/** Sets `out[key]` to `read(o[key])` when `o` has the key; false when its value does not read. */
const optional = (out: Json, o: Json, key: string, read: (v: unknown) => unknown): boolean => {
  if (!(key in o)) return true
  const v = read(o[key])
  if (v === undefined) return false
  out[key] = v
  return true
}
/** The value when `ok(v)`, else undefined. */
const when = <A>(ok: (v: unknown) => v is A) => (v: unknown): A | undefined => (ok(v) ? v : undefined)

const SEAT_TOTALS: ReadonlySet<unknown> = new Set(["seats", "seats_before", "change", "regions"])
const MEASURES: ReadonlySet<unknown> = new Set(["seats", "change", "regions", "percent", "votes"])
const OPERAND_KEYS: ReadonlySet<string> = new Set(["value", "line", "infobox", "seatTotal", "presidencies", "law", "party", "turnout", "sum", "difference"])
const PRESIDENCIES_KEYS: ReadonlySet<string> = new Set(["party", "bloc"])
const LAW_KEYS: ReadonlySet<string> = new Set(["parameter", "scope", "country", "election"])
const PARTY_KEYS: ReadonlySet<string> = new Set(["name", "measure", "round", "decimals"])
const TURNOUT_KEYS: ReadonlySet<string> = new Set(["round", "decimals"])

const plainOperand = (v: unknown): OperandType | undefined => {
  if (!isObject(v) || !onlyKeys(v, OPERAND_KEYS)) return undefined
  const out: Json = {}
  const ok = optional(out, v, "value", when(isFinite)) &&
    optional(out, v, "line", when(isInt)) &&
    optional(out, v, "infobox", when(isString)) &&
    optional(out, v, "seatTotal", (s) => (SEAT_TOTALS.has(s) ? s : undefined)) &&
    optional(out, v, "presidencies", (p) => {
      if (!isObject(p) || !onlyKeys(p, PRESIDENCIES_KEYS)) return undefined
      const o: Json = {}
      return optional(o, p, "party", when(isString)) && optional(o, p, "bloc", when(isString)) ? o : undefined
    }) &&
    optional(out, v, "law", (l) => {
      if (!isObject(l) || !onlyKeys(l, LAW_KEYS) || !isString(l["parameter"]) || !isString(l["scope"])) return undefined
      const o: Json = { parameter: l["parameter"], scope: l["scope"] }
      return optional(o, l, "country", when(isString)) && optional(o, l, "election", when(isString)) ? o : undefined
    }) &&
    optional(out, v, "party", (p) => {
      if (!isObject(p) || !onlyKeys(p, PARTY_KEYS) || !isString(p["name"]) || !MEASURES.has(p["measure"])) return undefined
      const o: Json = { name: p["name"], measure: p["measure"] }
      return optional(o, p, "round", when(isInt)) && optional(o, p, "decimals", when(isInt)) ? o : undefined
    }) &&
    optional(out, v, "turnout", (p) => {
      if (!isObject(p) || !onlyKeys(p, TURNOUT_KEYS)) return undefined
      const o: Json = {}
      return optional(o, p, "round", when(isInt)) && optional(o, p, "decimals", when(isInt)) ? o : undefined
    }) &&
    optional(out, v, "sum", (s) => plainArray(s, plainOperand)) &&
    optional(out, v, "difference", (d) => (Array.isArray(d) && d.length === 2 ? plainArray(d, plainOperand) : undefined))
  return ok ? (out as OperandType) : undefined
}

/** Every element read, in a new array; undefined when one does not read (or `v` is no array). */
const plainArray = <A>(v: unknown, read: (e: unknown) => A | undefined): Array<A> | undefined => {
  if (!Array.isArray(v)) return undefined
  const out: Array<A> = []
  for (let i = 0; i < v.length; i++) {
    if (!(i in v)) return undefined
    const e = read(v[i])
    if (e === undefined) return undefined
    out.push(e)
  }
  return out
}

const CHECK_KEYS: Readonly<Record<string, ReadonlySet<string>>> = {
  equals: new Set(["kind", "left", "right"]),
  majority: new Set(["kind", "holder", "of"]),
  winners: new Set(["kind", "bloc", "count", "of", "areas"]),
  incumbent: new Set(["kind", "area", "contestant", "incumbent"]),
  "no-majority": new Set(["kind", "round"]),
  "not-checkable": new Set(["kind", "reason"])
}

const plainCheck = (v: unknown): Check | undefined => {
  if (!isObject(v)) return undefined
  const kind = v["kind"]
  const keys = typeof kind === "string" && Object.hasOwn(CHECK_KEYS, kind) ? CHECK_KEYS[kind]! : undefined
  if (keys === undefined || !onlyKeys(v, keys)) return undefined
  switch (kind) {
    case "equals": {
      const left = plainOperand(v["left"])
      const right = plainOperand(v["right"])
      return left && right ? { kind, left, right } : undefined
    }
    case "majority": {
      const holder = plainOperand(v["holder"])
      const of = plainOperand(v["of"])
      return holder && of ? { kind, holder, of } : undefined
    }
    case "winners": {
      if (!isString(v["bloc"])) return undefined
      const out: Json = { kind, bloc: v["bloc"] }
      return optional(out, v, "count", plainOperand) && optional(out, v, "of", plainOperand) &&
          optional(out, v, "areas", (a) => plainArray(a, when(isString)))
        ? (out as Check)
        : undefined
    }
    case "incumbent": {
      const { area, contestant, incumbent } = v
      return isString(area) && (contestant === null || isString(contestant)) && typeof incumbent === "boolean"
        ? { kind, area, contestant, incumbent }
        : undefined
    }
    case "no-majority":
      return isInt(v["round"]) ? { kind, round: v["round"] } : undefined
    case "not-checkable":
      return isString(v["reason"]) ? { kind, reason: v["reason"] } : undefined
  }
  return undefined
}

const CLAIM_KEYS: ReadonlySet<string> = new Set(["id", "line", "quote", "check", "note"])
const FILE_KEYS: ReadonlySet<string> = new Set(["article", "claims"])

const plainClaim = (v: unknown): Claim | undefined => {
  if (!isObject(v) || !onlyKeys(v, CLAIM_KEYS) || !isString(v["id"]) || !isInt(v["line"]) || !isString(v["quote"])) return undefined
  const check = plainCheck(v["check"])
  if (check === undefined) return undefined
  const out: Json = { id: v["id"], line: v["line"], quote: v["quote"], check }
  return optional(out, v, "note", when(isString)) ? (out as Claim) : undefined
}

/** `decodeUnknownResult(ClaimsFile)(json)`'s value for a file in the plain shape; undefined for anything else. */
export const plainClaimsFile = (json: unknown): typeof ClaimsFile.Type | undefined => {
  if (!isObject(json) || !onlyKeys(json, FILE_KEYS) || !isString(json["article"])) return undefined
  const claims = plainArray(json["claims"], plainClaim)
  return claims === undefined ? undefined : { article: json["article"], claims }
}

const UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
  "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
const TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]

/** English words for 0–99 ("twenty-two"), to find a figure a sentence spells out. */
export const numberWord = (n: number): string | null =>
  !Number.isInteger(n) || n < 0 || n > 99 ? null : n < 20 ? UNITS[n]! : `${TENS[Math.floor(n / 10)]}${n % 10 === 0 ? "" : `-${UNITS[n % 10]}`}`

/**
 * The two patterns `statesFigure` builds for a figure: its digits (plain or grouped with `,`, `.`
 * or a space, not inside a longer number) and its English words. Built from digits and letters
 * only; test/redos.test.ts checks them with recheck for a range of figures.
 */
export const figurePatterns = (n: number): { readonly digits: string; readonly word: string | null } => {
  const plain = String(n)
  const grouped = enUS(n)
  const word = numberWord(n)
  return {
    digits: `(?<![\\d.,])(?<!\\d )(?:${plain}|${grouped.split(",").join("[,. ]?")})(?![\\d]|[., ]\\d)`,
    word: word === null ? null : `(?<![\\w-])${word}(?![\\w-])`
  }
}

/** Whether a line of text states the figure, in digits (with or without thousands separators) or in words. */
export const statesFigure = (text: string, n: number): boolean => {
  const patterns = figurePatterns(n)
  return new RegExp(patterns.digits).test(text) || (patterns.word !== null && new RegExp(patterns.word, "i").test(text))
}

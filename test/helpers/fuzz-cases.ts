/**
 * Fuzz cases for Recount, shared by test/fuzz.test.ts (a few hundred cases per `make test`) and
 * scripts/fuzz.ts (`make fuzz`, 10,000 cases). A case is a plain, JSON-serialisable description —
 * which seed article, and a list of corruptions — so a failing case can be saved, sent to a child
 * process and replayed exactly. `applyCase` turns it into article text.
 *
 * Corruptions: deleted / duplicated / swapped lines, cells swapped across rows, pipes added or
 * removed, random Unicode inserted (RTL marks U+200F and U+202E, zero-width U+200B, non-breaking
 * space U+00A0, any code point), numbers replaced by huge, negative or zero figures, impossible
 * dates, Total rows set to 0, 1,000-row and 1,000-column tables, long lines and long whitespace runs.
 */
import { readFileSync } from "node:fs"
import { join } from "node:path"
import fc from "fast-check"
import { binaryUnit } from "./binary-unit.ts"
import { SEEDS } from "./mutate.ts"

/**
 * The bases a case corrupts: the three seeds, and (3) the regional seed cut after its first four
 * regions (infobox, national table, four round tables and councils: same forms, a fifth of the
 * cost), so that a few hundred cases fit the test budget.
 */
export const SEED_FILES = [
  "2004-french-regional-elections.txt",
  "2004-french-cantonal-elections.txt",
  "2004-french-senate-election.txt",
  "2004-french-regional-elections.txt"
] as const
const EXCERPT = 3
const EXCERPT_LINES = 172

let seedTexts: Array<string> | null = null
/** The base article's text (read once). */
export const seedText = (i: number): string => {
  seedTexts ??= SEED_FILES.map((f, k) => {
    const text = readFileSync(join(SEEDS, f), "utf8")
    return k === EXCERPT ? `${text.split("\n").slice(0, EXCERPT_LINES).join("\n")}\n` : text
  })
  return seedTexts[i % seedTexts.length]!
}

/** A position given as a fraction in [0, 1): valid for a text of any length. */
type At = number

export type Op =
  | { readonly op: "delete"; readonly at: At; readonly count: number }
  | { readonly op: "duplicate"; readonly at: At; readonly times: number }
  | { readonly op: "swapLines"; readonly a: At; readonly b: At }
  | { readonly op: "swapCells"; readonly a: At; readonly b: At; readonly col: number }
  | { readonly op: "addPipe"; readonly at: At; readonly pos: At }
  | { readonly op: "removePipe"; readonly at: At; readonly which: number }
  | { readonly op: "insert"; readonly at: At; readonly pos: At; readonly text: string }
  | { readonly op: "number"; readonly at: At; readonly which: number; readonly value: string }
  | { readonly op: "totalZero"; readonly which: number }
  | { readonly op: "date"; readonly value: string }
  | { readonly op: "bigTable"; readonly at: At; readonly rows: number; readonly cols: number; readonly cell: string }
  | { readonly op: "longLine"; readonly at: At; readonly prefix: string; readonly fill: string; readonly length: number; readonly suffix: string }
  | { readonly op: "whitespaceRun"; readonly at: At; readonly pos: At; readonly fill: string; readonly length: number }

export interface FuzzCase {
  /** Index into SEED_FILES. */
  readonly seed: number
  readonly ops: ReadonlyArray<Op>
}

// ---------------------------------------------------------------------------------------------
// Applying a case

const lineIndex = (lines: ReadonlyArray<string>, at: At) => Math.min(lines.length - 1, Math.max(0, Math.floor(at * lines.length)))
const tableLines = (lines: ReadonlyArray<string>) => lines.flatMap((l, i) => (l.trimStart().startsWith("|") ? [i] : []))
const pickFrom = <A>(xs: ReadonlyArray<A>, at: At): A | undefined => xs[Math.min(xs.length - 1, Math.floor(at * xs.length))]

const NUMBER = /\d[\d,.\u00a0 ]*\d|\d/g

const applyOp = (lines: Array<string>, op: Op): Array<string> => {
  if (lines.length === 0) lines = [""]
  switch (op.op) {
    case "delete": {
      const i = lineIndex(lines, op.at)
      lines.splice(i, op.count)
      return lines
    }
    case "duplicate": {
      const i = lineIndex(lines, op.at)
      lines.splice(i, 0, ...Array.from({ length: op.times }, () => lines[i]!))
      return lines
    }
    case "swapLines": {
      const a = lineIndex(lines, op.a)
      const b = lineIndex(lines, op.b)
      ;[lines[a], lines[b]] = [lines[b]!, lines[a]!]
      return lines
    }
    case "swapCells": {
      const rows = tableLines(lines)
      const a = pickFrom(rows, op.a)
      const b = pickFrom(rows, op.b)
      if (a === undefined || b === undefined) return lines
      const ca = lines[a]!.split("|")
      const cb = lines[b]!.split("|")
      const k = 1 + (op.col % Math.max(1, Math.min(ca.length, cb.length) - 1))
      if (k >= ca.length || k >= cb.length) return lines
      ;[ca[k], cb[k]] = [cb[k]!, ca[k]!]
      lines[a] = ca.join("|")
      lines[b] = cb.join("|")
      return lines
    }
    case "addPipe": {
      const rows = tableLines(lines)
      const i = pickFrom(rows, op.at) ?? lineIndex(lines, op.at)
      const l = lines[i]!
      const p = Math.floor(op.pos * (l.length + 1))
      lines[i] = `${l.slice(0, p)}|${l.slice(p)}`
      return lines
    }
    case "removePipe": {
      const rows = tableLines(lines)
      const i = pickFrom(rows, op.at)
      if (i === undefined) return lines
      const l = lines[i]!
      const pipes = [...l].flatMap((ch, k) => (ch === "|" ? [k] : []))
      const k = pipes[op.which % Math.max(1, pipes.length)]
      if (k === undefined) return lines
      lines[i] = l.slice(0, k) + l.slice(k + 1)
      return lines
    }
    case "insert": {
      const i = lineIndex(lines, op.at)
      const l = lines[i]!
      const p = Math.floor(op.pos * (l.length + 1))
      lines[i] = l.slice(0, p) + op.text + l.slice(p)
      return lines
    }
    case "number": {
      // Replace the which-th number on a table line (or any line, if none has numbers).
      const candidates = lines.flatMap((l, i) => (l.includes("|") && /\d/.test(l) ? [i] : []))
      const i = pickFrom(candidates, op.at)
      if (i === undefined) return lines
      const l = lines[i]!
      const matches = [...l.matchAll(NUMBER)]
      const m = matches[op.which % matches.length]
      if (!m) return lines
      lines[i] = l.slice(0, m.index) + op.value + l.slice(m.index! + m[0].length)
      return lines
    }
    case "totalZero": {
      const totals = lines.flatMap((l, i) => (/^\|[\s|]*Total\b/i.test(l.trim()) ? [i] : []))
      const i = totals[op.which % Math.max(1, totals.length)]
      if (i === undefined) return lines
      // Every count on the Total row becomes 0 (its percentages too), as a round with no votes.
      lines[i] = lines[i]!.replace(NUMBER, "0")
      return lines
    }
    case "date": {
      const i = lines.findIndex((l) => /^\s*[-*]\s*[^:]*date[^:]*:/i.test(l))
      if (i === -1) return lines
      lines[i] = lines[i]!.replace(/:\s*.*$/, `: ${op.value}`)
      return lines
    }
    case "bigTable": {
      const i = lineIndex(lines, op.at)
      const header = `| | Party | ${Array.from({ length: Math.max(1, op.cols - 2) }, (_, k) => (k % 2 === 0 ? `Votes (Round ${1 + (k % 4 === 0 ? 0 : 1)})` : "%")).join(" | ")} |`
      const row = (r: number) => `| | P${r} | ${Array.from({ length: Math.max(1, op.cols - 2) }, (_, k) => (op.cell === "" ? String((r * 7 + k * 13) % 100_000) : op.cell)).join(" | ")} |`
      lines.splice(i, 0, "", header, ...Array.from({ length: op.rows }, (_, r) => row(r)), "")
      return lines
    }
    case "longLine": {
      const i = lineIndex(lines, op.at)
      lines.splice(i, 0, op.prefix + op.fill.repeat(Math.ceil(op.length / Math.max(1, op.fill.length))) + op.suffix)
      return lines
    }
    case "whitespaceRun": {
      const i = lineIndex(lines, op.at)
      const l = lines[i]!
      const p = Math.floor(op.pos * (l.length + 1))
      lines[i] = l.slice(0, p) + op.fill.repeat(op.length) + l.slice(p)
      return lines
    }
  }
}

/**
 * The article text of a case. Lone UTF-16 surrogates (which random strings can hold) become
 * U+FFFD, exactly as writing the text as UTF-8 and reading it back would make them.
 */
export const applyCase = (c: FuzzCase): { name: string; text: string } => {
  let lines = seedText(c.seed).split("\n")
  for (const op of c.ops) lines = applyOp(lines, op)
  const text = Buffer.from(lines.join("\n"), "utf8").toString("utf8")
  return { name: SEED_FILES[c.seed % SEED_FILES.length]!, text }
}

// ---------------------------------------------------------------------------------------------
// Generators

/** A uniform position in [0, 1) (fc.double would crowd at 0 and 1). */
const at = fc.integer({ min: 0, max: 999_999 }).map((n) => n / 1_000_000)

/** Characters that trip text handling: bidi controls, zero-width, NBSP, BOM, separators, markup. */
const NASTY = ["\u200f", "\u202e", "\u200b", "\u00a0", "\ufeff", "\u2028", "\u2029", "\u200e", "\u202a", "\u2066", "\u0000", "\t", "\r", "|", "=", "*", "-", "•", "–", "%", ",", ".", "½", "١٢٣", "𝟙𝟚", "e", "\u0301"]
const nastyText = fc.oneof(
  fc.array(fc.constantFrom(...NASTY), { minLength: 1, maxLength: 6 }).map((xs) => xs.join("")),
  fc.string({ unit: binaryUnit, minLength: 1, maxLength: 12 }),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 8 })
)

const HUGE = [
  "0", "-1", "-258,287", "−12", "9007199254740993", "9,007,199,254,740,993", "99999999999999999999999", "1e30", "1E+308",
  "0.0000001", "-0.5%", "1000000000", "1,000,000,000,000", "NaN", "Infinity", "-0", "00", "1.2.3", "1,2,3", "½", "١٢٣", "∞"
]
const numberValue = fc.oneof(
  fc.constantFrom(...HUGE),
  fc.bigInt({ min: -(10n ** 25n), max: 10n ** 25n }).map(String),
  fc.integer().map((n) => n.toLocaleString("en-US"))
)

const DATES = ["31 February 2004", "30 February 2004", "0 March 2004", "32 March 2004", "21 March and 31 February 2004", "29 February 2003", "99 March 2004", "31 April and 31 June 2004", "February 30, 2004", "1 March 0000"]

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant("delete" as const), at, count: fc.integer({ min: 1, max: 5 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("duplicate" as const), at, times: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("swapLines" as const), a: at, b: at }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("swapCells" as const), a: at, b: at, col: fc.nat(12) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("addPipe" as const), at, pos: at }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("removePipe" as const), at, which: fc.nat(12) }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant("insert" as const), at, pos: at, text: nastyText }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant("number" as const), at, which: fc.nat(10), value: numberValue }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("totalZero" as const), which: fc.nat(40) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("date" as const), value: fc.constantFrom(...DATES) }) },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.record({ op: fc.constant("bigTable" as const), at, rows: fc.integer({ min: 1, max: 1000 }), cols: fc.integer({ min: 3, max: 8 }), cell: fc.constantFrom("", "1", "–", "x") }),
      fc.record({ op: fc.constant("bigTable" as const), at, rows: fc.integer({ min: 1, max: 4 }), cols: fc.integer({ min: 3, max: 1000 }), cell: fc.constantFrom("", "1", "–", "x") })
    )
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant("longLine" as const),
      at,
      prefix: fc.constantFrom("", "== ", "=== ", "= ", "| ", "- ", "**", "* ", "Infobox", "  - Results "),
      fill: fc.constantFrom(" ", "\t", "\u00a0", "x", "|", "=", "*", "- ", "| 1 ", "\u200b", "\u202e"),
      length: fc.integer({ min: 1, max: 20_000 }),
      suffix: fc.constantFrom("", "x", "==", "**", "|", " =", "\u00a0")
    })
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("whitespaceRun" as const), at, pos: at, fill: fc.constantFrom(" ", "\t", "\u00a0", "\u200b", " \u00a0"), length: fc.integer({ min: 1, max: 10_000 }) }) }
)

/** A case: one of the bases (all of them, or those given), with 1–4 corruptions. */
export const caseArbOf = (bases: ReadonlyArray<number> = SEED_FILES.map((_, i) => i)): fc.Arbitrary<FuzzCase> =>
  fc.record({
    seed: fc.constantFrom(...bases),
    ops: fc.array(opArb, { minLength: 1, maxLength: 4 })
  })
export const caseArb = caseArbOf()

/** The `count` cases of a run with `seed`: the same (seed, count) always gives the same cases. */
export const sampleCases = (seed: number, count: number): Array<FuzzCase> => fc.sample(caseArb, { seed, numRuns: count })

// ---------------------------------------------------------------------------------------------
// Known failures (issue 7), kept as explicit regression cases.

const REGIONAL = 0
export const REGRESSIONS: ReadonlyArray<{ readonly name: string; readonly case: FuzzCase }> = [
  {
    name: "heading '== ' + 4,000 spaces + 'x' (HEADING regex backtracking)",
    case: { seed: REGIONAL, ops: [{ op: "longLine", at: 0.5, prefix: "== ", fill: " ", length: 4_000, suffix: "x" }] }
  },
  {
    name: "caption-like line '**' + 4,000 spaces + 'x' (CAPTION regex backtracking)",
    case: { seed: REGIONAL, ops: [{ op: "longLine", at: 0.5, prefix: "**", fill: " ", length: 4_000, suffix: "x" }] }
  },
  {
    name: "infobox date '31 February 2004' (impossible date)",
    case: { seed: REGIONAL, ops: [{ op: "date", value: "31 February 2004" }] }
  },
  {
    name: "a round Total of 0 (percentage recomputation divides by zero)",
    case: { seed: REGIONAL, ops: [{ op: "totalZero", which: 1 }] }
  }
]

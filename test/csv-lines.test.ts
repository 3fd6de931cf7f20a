/**
 * The reference CSV reader (pipeline/normalise/csv.ts) numbers each record's line with
 * `lineCounter`, which counts newlines from where its previous call stopped (issue 8, seventh
 * pass), instead of `lineAt` from the start of the file for every record. Checked against `lineAt`
 * (the long path): on random texts of newlines, blanks, quotes and commas at random offsets (growing,
 * as the reader asks, and sometimes going back); and end to end, the records' lines of the seeds'
 * reference files and of random CSVs with quoted multi-line fields and blank lines are the lines
 * `lineAt` gives at each record's start.
 */
import { readFileSync } from "node:fs"
import test from "ava"
import fc from "fast-check"
import Papa from "papaparse"
import * as Schema from "effect/Schema"
import { lineAt, lineCounter, readCsvRecords } from "../pipeline/normalise/csv.ts"

const chars = fc.constantFrom("a", "b", ",", "\n", " ", "\t", "\"", "\u00a0", "é")

test("lineCounter gives lineAt's line at every offset, growing or not", (t) => {
  let compared = 0
  fc.assert(
    fc.property(fc.array(chars, { maxLength: 200 }).map((cs) => cs.join("")), fc.array(fc.nat(220), { maxLength: 30 }), fc.boolean(), (text, raw, sorted) => {
      const offsets = sorted ? [...raw].sort((a, b) => a - b) : raw
      const count = lineCounter(text)
      for (const offset of offsets) {
        compared++
        if (count(offset) !== lineAt(text, offset)) return false
      }
      return true
    }),
    { numRuns: 2000, seed: 20261130 }
  )
  t.true(compared > 5_000, String(compared))
})

const Row = Schema.Struct({ a: Schema.String, b: Schema.String })

/** The long path end to end: each record's line is lineAt at the cursor where the previous record ended. */
const expectedLines = (text: string): Array<number> => {
  const lines: Array<number> = []
  let previous = text.indexOf("\n") === -1 ? text.length : text.indexOf("\n") + 1
  Papa.parse<Record<string, unknown>>(text, {
    header: true,
    skipEmptyLines: "greedy",
    transformHeader: (h) => h.trim(),
    step: (result) => {
      const line = lineAt(text, previous)
      previous = result.meta.cursor
      if (result.errors.length === 0) lines.push(line)
    }
  })
  return lines
}

test("readCsvRecords numbers random CSVs' records as lineAt does (quoted newlines, blank lines)", (t) => {
  const field = fc.oneof(fc.stringMatching(/^[a-z ]{0,6}$/), fc.stringMatching(/^[a-z\n ,]{0,8}$/).map((s) => `"${s}"`))
  const record = fc.tuple(field, field).map(([a, b]) => `${a},${b}`)
  const blank = fc.constantFrom("", " ", "\t")
  let records = 0
  fc.assert(
    fc.property(fc.array(fc.oneof(record, blank), { maxLength: 25 }), (lines) => {
      const text = ["a,b", ...lines].join("\n")
      const { records: read } = readCsvRecords(Row, text, "x.csv", ["a", "b"])
      records += read.length
      const expected = expectedLines(text)
      return read.length === expected.length && read.every((r, k) => r.line === expected[k])
    }),
    { numRuns: 500, seed: 7 }
  )
  t.true(records > 1000)
})

test("the seeds' reference files: every record's line is lineAt's", (t) => {
  for (const name of ["parties.csv", "regional-councils.csv", "electoral-law.csv"]) {
    const text = readFileSync(new URL(`../seeds/reference/${name}`, import.meta.url), "utf8").replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n")
    const header = text.slice(0, text.indexOf("\n")).split(",").map((h) => h.trim())
    const Any = Schema.Record(Schema.String, Schema.Unknown)
    const { records, problems } = readCsvRecords(Any, text, name, header)
    t.deepEqual(problems, [])
    t.true(records.length > 10, name)
    t.deepEqual(records.map((r) => r.line), expectedLines(text), name)
  }
})

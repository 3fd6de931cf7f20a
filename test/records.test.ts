/**
 * Every record the normalise stage produces decodes with its table's effect Schema (derived from
 * the column definitions), and the Schema rejects what the columns forbid.
 */
import test from "ava"
import * as Schema from "effect/Schema"
import { readFileSync, readdirSync } from "node:fs"
import { parseArticle } from "../pipeline/extract/parse.ts"
import { normalise } from "../pipeline/normalise/normalise.ts"
import { parsePartyDictionary } from "../pipeline/normalise/parties.ts"
import * as T from "../pipeline/normalise/records.ts"
import { withCorrections } from "../pipeline/deliver/corrected.ts"

const { dictionary } = parsePartyDictionary(readFileSync("seeds/reference/parties.csv", "utf8"), "parties.csv")
const documents = readdirSync("seeds").filter((f) => f.endsWith(".txt")).sort()
  .map((f) => parseArticle(f, readFileSync(`seeds/${f}`, "utf8")))
const normalised = normalise(documents, dictionary)
// Records as they are emitted: the corrected columns of results, contests, seats and seat_totals
// are filled (null here: no faults) by pipeline/deliver/corrected.ts on the way out.
const none = new Map()
const dataset = {
  ...normalised,
  contests: withCorrections(T.Contests, normalised.contests, none),
  results: withCorrections(T.Results, normalised.results, none),
  seats: withCorrections(T.Seats, normalised.seats, none),
  seatTotals: withCorrections(T.SeatTotals, normalised.seatTotals, none)
}

const tables = [
  [T.Elections, dataset.elections],
  [T.Contests, dataset.contests],
  [T.Turnouts, dataset.turnout],
  [T.Results, dataset.results],
  [T.ResultParties, dataset.resultParties],
  [T.Seats, dataset.seats],
  [T.SeatTotals, dataset.seatTotals],
  [T.Tables, dataset.tables],
  [T.Parties, dataset.parties],
  [T.Infoboxes, dataset.infobox],
  [T.Texts, dataset.texts],
  [T.Findings, dataset.findings]
] as const

for (const [def, rows] of tables) {
  test(`every ${def.name} record decodes with its Schema`, (t) => {
    t.true(rows.length > 0, "the seeds produce rows")
    const decode = Schema.decodeUnknownResult(def.schema as Schema.Codec<unknown, unknown>)
    const failures = rows.map((row, i) => [i, decode(row)] as const).filter(([, r]) => r._tag === "Failure")
    t.deepEqual(failures.map(([i, r]) => `${i}: ${String((r as { failure: unknown }).failure)}`), [])
    for (const row of rows as unknown as ReadonlyArray<Record<string, unknown>>) {
      t.deepEqual(Object.keys(row).filter((k) => !(k in def.columns)), [], "no field outside the definition")
    }
  })
}

test("the Schema rejects a string in a count column, null in a required one, a malformed date", (t) => {
  const result = dataset.results[0]!
  const decodeResult = Schema.decodeUnknownResult(T.Results.schema as Schema.Codec<unknown, unknown>)
  t.is(decodeResult({ ...result, votes: "225,193" })._tag, "Failure")
  t.is(decodeResult({ ...result, contestant: null })._tag, "Failure")
  t.is(decodeResult({ ...result, votes: 1.5 })._tag, "Failure")
  t.is(decodeResult(result)._tag, "Success")
  const decodeElection = Schema.decodeUnknownResult(T.Elections.schema as Schema.Codec<unknown, unknown>)
  t.is(decodeElection({ ...dataset.elections[0]!, round1_date: "21 March 2004" })._tag, "Failure")
})

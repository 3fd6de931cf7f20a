/**
 * parties.ts `plainPartyRow` reads a party dictionary row without Schema (issue 8, eleventh pass).
 * Checked against the long path, `Schema.decodeUnknownResult(PartyRow)`: on random rows built
 * around every check (codes with `-`, `/` or spaces, names with spaces at either end or empty,
 * unknown blocs, aliases with empty spellings, sources of every form, values of other types, extra
 * columns), where the shortcut gives a value Schema gives the same one (keys in the same order),
 * and every row Schema accepts takes the shortcut; and the seeds' dictionary read both ways is the same.
 */
import { readFileSync } from "node:fs"
import test from "ava"
import fc from "fast-check"
import * as Schema from "effect/Schema"
import { readCsvRecords } from "../pipeline/normalise/csv.ts"
import { BLOCS, COLUMNS, parsePartyDictionary, PartyRow, plainPartyRow } from "../pipeline/normalise/parties.ts"

const long = (row: unknown) => Schema.decodeUnknownResult(PartyRow)(row)

const piece = (units: ReadonlyArray<string>, minLength = 0) => fc.string({ unit: fc.constantFrom(...units), minLength, maxLength: 5 })
/** Mostly what passes the check, often what does not. */
const mostly = <A, B>(good: fc.Arbitrary<A>, other: fc.Arbitrary<B>) => fc.oneof({ arbitrary: good, weight: 5 }, { arbitrary: other, weight: 1 })
const row = fc.record({
  code: mostly(piece(["A", "b", "7", "_"], 1), fc.oneof(piece(["A", "b", "7", "_", "-", "/", " ", "é"]), fc.constant(3))),
  name: mostly(fc.tuple(piece(["P", "é"], 1), piece(["s", " ", "-"]), piece(["P", "é"])).map((p) => p.join("")), fc.oneof(piece(["P", "s", " ", "\t", "-", "é"]), fc.constant(null))),
  bloc: mostly(fc.constantFrom(...BLOCS), fc.constantFrom("centre-left", "", "Left", "left ")),
  aliases: mostly(fc.oneof(fc.constant(""), fc.array(fc.tuple(piece([" "]), piece(["a", "b"], 1), piece([" "])).map((p) => p.join("")), { minLength: 1, maxLength: 3 }).map((a) => a.join("|"))), fc.oneof(piece(["a", "|", " ", "b"]), fc.constant(undefined))),
  source: mostly(
    fc.constantFrom("well-known", "assigned by Recount", "seeds.txt:12 \"x\"", "x.txt:9", "well-knownish"),
    fc.oneof(fc.constantFrom("a.txt:", "a b.txt:3", ".txt:4", " well-known", "Well-known"), piece(["a", ".", "t", "x", ":", "1", " "]))
  ),
  extra: fc.option(fc.string({ maxLength: 3 }), { nil: undefined })
}).map(({ extra, aliases, ...r }) => ({ ...r, ...(aliases === undefined ? {} : { aliases }), ...(extra === undefined ? {} : { note: extra }) }))

test("on random rows the shortcut gives Schema's value (same keys and order) or nothing, and takes every row Schema accepts", (t) => {
  let accepted = 0
  let refused = 0
  fc.assert(
    fc.property(row, (r) => {
      const plain = plainPartyRow(r as Record<string, unknown>)
      const result = long(r)
      if (result._tag === "Success") accepted++
      if (plain === undefined) {
        refused++
        return result._tag !== "Success"
      }
      return result._tag === "Success" && JSON.stringify(plain) === JSON.stringify(result.success) && fc.stringify(plain) === fc.stringify(result.success)
    }),
    { numRuns: 3000 }
  )
  t.true(accepted > 100, `${accepted} accepted`)
  t.true(refused > 500, `${refused} refused`)
})

test("the seeds' dictionary read with and without the shortcut is the same, every row taking it", (t) => {
  const text = readFileSync(new URL("../seeds/reference/parties.csv", import.meta.url), "utf8")
  const codec = PartyRow as Schema.Codec<typeof PartyRow.Type, unknown>
  const withShortcut = readCsvRecords(codec, text, "parties.csv", COLUMNS, plainPartyRow)
  const without = readCsvRecords(codec, text, "parties.csv", COLUMNS)
  t.deepEqual(withShortcut, without)
  t.is(without.records.length, 70)
  t.true(without.records.every((r) => plainPartyRow(r.value as unknown as Record<string, unknown>) !== undefined))
  t.deepEqual(parsePartyDictionary(text, "parties.csv").problems, [])
})

test("a dictionary with bad rows reports the same problems with the shortcut", (t) => {
  const text = "code,name,bloc,aliases,source\nPS,Socialist Party,left,,well-known\nP-S, Bad ,middle,a||b,nowhere\nUMP,UMP,right,,assigned\n"
  const codec = PartyRow as Schema.Codec<typeof PartyRow.Type, unknown>
  const withShortcut = readCsvRecords(codec, text, "p.csv", COLUMNS, plainPartyRow)
  t.deepEqual(withShortcut, readCsvRecords(codec, text, "p.csv", COLUMNS))
  t.is(withShortcut.records.length, 2)
  t.is(withShortcut.problems.length, 1)
})

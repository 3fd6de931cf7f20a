/**
 * Issue 11: `table_id` is built from the section path and the table's caption or kind, never its
 * position. A table inserted early in a copy of a seed changes no other table's id (while every
 * later table's ordinal moves), and two same-kind tables in one section are told apart
 * deterministically (`-2`).
 */
import { readFileSync } from "node:fs"
import { join } from "node:path"
import test from "ava"
import { parseArticle } from "../pipeline/extract/parse.ts"
import { createNormaliser } from "../pipeline/normalise/normalise.ts"
import { parsePartyDictionary } from "../pipeline/normalise/parties.ts"
import { ROOT } from "./helpers/recount.ts"

const seed = (name: string) => readFileSync(join(ROOT, "seeds", name), "utf8")
const { dictionary } = parsePartyDictionary(seed("reference/parties.csv"), "parties.csv")
const FILE = "2004-french-regional-elections.txt"
const tablesOf = (text: string) => createNormaliser(dictionary).add(parseArticle(FILE, text)).tables

const INSERTED = [
  "== Polls ==",
  "",
  "| Party | Votes | % |",
  "|---|---|---|",
  "| Left | 100 | 50.0% |",
  "| Right | 100 | 50.0% |",
  "| Total | 200 | 100.0% |",
  ""
]

test("a table inserted before the others changes no other table's id (their ordinals all move)", (t) => {
  const text = seed(FILE)
  const lines = text.split("\n")
  const at = lines.findIndex((l) => l.startsWith("==National results=="))
  t.true(at > 0)
  const edited = [...lines.slice(0, at), ...INSERTED, ...lines.slice(at)].join("\n")
  const before = tablesOf(text)
  const after = tablesOf(edited)
  t.is(after.length, before.length + 1)
  const added = after.filter((a) => !before.some((b) => b.table_id === a.table_id))
  t.deepEqual(added.map((a) => a.section), ["Polls"])
  for (const b of before) {
    const a = after.find((x) => x.table_id === b.table_id)
    t.truthy(a, `${b.table_id} kept`)
    t.is(a!.ordinal, b.ordinal + 1, `${b.table_id}: its ordinal moved, its id did not`)
    t.deepEqual([a!.section, a!.caption, a!.shape], [b.section, b.caption, b.shape])
  }
  t.is(new Set(after.map((a) => a.table_id)).size, after.length, "ids unique")
})

test("ids read section and kind; two same-kind tables in one section get -2 in document order", (t) => {
  const text = ["= 2004 Test election =", "", "== Results ==", "", ...INSERTED.slice(2), ...INSERTED.slice(2)].join("\n")
  const tables = tablesOf(text)
  t.is(tables.length, 2)
  t.is(tables[0]!.table_id, `${tables[0]!.election_id}/results/results`)
  t.is(tables[1]!.table_id, `${tables[0]!.election_id}/results/results-2`)
  t.deepEqual(tables.map((x) => x.section_path), [["Results"], ["Results"]])
})

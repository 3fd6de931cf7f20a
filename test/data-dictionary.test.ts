import { readFileSync } from "node:fs"
import test from "ava"
import type { TableDef } from "../pipeline/normalise/columns.ts"
import * as records from "../pipeline/normalise/records.ts"
import { dictionaryTables, renderDataDictionary } from "../pipeline/emit/data-dictionary.ts"

const committed = readFileSync(new URL("../docs/data-dictionary.md", import.meta.url), "utf8")

const isTableDef = (value: unknown): value is TableDef<unknown> =>
  typeof value === "object" && value !== null && "name" in value && "columns" in value && "schema" in value

test("docs/data-dictionary.md is what scripts/data-dictionary.ts generates from the table definitions", (t) => {
  t.is(
    committed,
    renderDataDictionary(dictionaryTables),
    "regenerate it: npx tsx scripts/data-dictionary.ts > docs/data-dictionary.md"
  )
})

test("the data dictionary covers every table exported by records.ts, each once", (t) => {
  const exported = Object.values(records).filter(isTableDef).map((def) => def.name).sort()
  const listed = dictionaryTables.map((def) => def.name)
  t.deepEqual([...new Set(listed)].sort(), [...listed].sort(), "a table is listed twice")
  t.deepEqual(exported.filter((name) => !listed.includes(name)), [], "add these tables to dictionaryTables")
})

test("every column is documented, with its DuckDB type, in the dictionary", (t) => {
  for (const def of dictionaryTables) {
    t.true(committed.includes(`\n## ${def.name}\n\n${def.doc}\n`), def.name)
    for (const [name, column] of Object.entries(def.columns)) {
      t.true(column.doc.trim().length > 0, `${def.name}.${name} has no doc`)
      t.regex(committed, new RegExp(`\\n\\| ${name} \\| (VARCHAR|BIGINT|DOUBLE|BOOLEAN|DATE|BIGINT\\[\\]|VARCHAR\\[\\]) \\| (yes|no) \\|`))
    }
  }
})

/** docs/table-kinds.md is generated from the table-kind catalogue, and the catalogue is complete. */
import test from "ava"
import { existsSync, readdirSync, readFileSync } from "node:fs"
import path from "node:path"
import type { KindModule } from "../pipeline/normalise/kinds/kind.ts"
import { kinds } from "../pipeline/normalise/kinds/index.ts"
import { renderTableKindsDoc } from "../pipeline/normalise/kinds-doc.ts"
import { takerOf } from "./kinds/fixture.ts"
import { parseArticle } from "../pipeline/extract/parse.ts"
import { normalise } from "../pipeline/normalise/normalise.ts"
import { parsePartyDictionary } from "../pipeline/normalise/parties.ts"

const ROOT = path.join(import.meta.dirname, "..")
const KINDS_DIR = path.join(ROOT, "pipeline", "normalise", "kinds")
const committed = readFileSync(path.join(ROOT, "docs", "table-kinds.md"), "utf8")
const modules = readdirSync(KINDS_DIR).filter((f) => f.endsWith(".ts") && f !== "index.ts" && f !== "kind.ts").sort()

test("docs/table-kinds.md is what scripts/table-kinds-doc.ts generates from the catalogue", (t) => {
  t.is(committed, renderTableKindsDoc(kinds), "regenerate it: npx tsx scripts/table-kinds-doc.ts > docs/table-kinds.md")
})

test("every kind module in pipeline/normalise/kinds/ is in the catalogue once, under its file's name", async (t) => {
  t.true(modules.length > 0)
  for (const file of modules) {
    // A template literal relative to this file: compiled (scripts/build-tests.mjs), esbuild bundles every
    // module of the folder and imports the one named; through tsx, the file itself is imported.
    const mod = (await import(`../pipeline/normalise/kinds/${file}`)) as Partial<KindModule<unknown>>
    t.truthy(mod.meta && mod.recognise && mod.decode, `${file} exports meta, recognise and decode`)
    t.is(mod.meta?.name, file.replace(/\.ts$/, ""), `${file}: the kind's name is its file name`)
    t.true(kinds.some((k) => k.meta === mod.meta), `${file}: add it to pipeline/normalise/kinds/index.ts`)
  }
  t.is(kinds.length, modules.length, "the catalogue lists a kind that has no module of its own, or one twice")
})

test("every kind has its test file test/kinds/<name>.test.ts", (t) => {
  const missing = kinds.map((k) => `test/kinds/${k.meta.name}.test.ts`).filter((f) => !existsSync(path.join(ROOT, f)))
  t.deepEqual(missing, [], "write these kind tests")
})

test("names are unique kebab-case, metadata is filled in, and each kind's example is taken by that kind", (t) => {
  const names = kinds.map((k) => k.meta.name)
  t.deepEqual([...new Set(names)], names)
  for (const { meta } of kinds) {
    t.regex(meta.name, /^[a-z]+(?:-[a-z]+)*$/, meta.name)
    t.true(meta.title.trim().length > 0 && meta.recognises.trim().length > 0, `${meta.name}: title and recognises`)
    t.true(meta.produces.length > 0, `${meta.name}: produces`)
    t.true(meta.example.length >= 2, `${meta.name}: an example header and at least one data row`)
    t.is(takerOf(meta.example), meta.name, `${meta.name}: the catalogue gives its example to another kind`)
  }
})

test("the document gives each kind its section with its example", (t) => {
  for (const { meta } of kinds) {
    const start = committed.indexOf(`\n## ${meta.name}\n`)
    t.true(start >= 0, `no section for ${meta.name}`)
    t.true(committed.includes(["```", ...meta.example, "```"].join("\n")), `${meta.name}: example`)
    t.true(committed.includes(`| [\`${meta.name}\`](#${meta.name}) |`), `${meta.name}: summary row`)
  }
})

test("out/tables records the kind that took each table (table_kind): a catalogue name when decoded, null otherwise", (t) => {
  const read = readFileSync
  const { dictionary } = parsePartyDictionary(read(path.join(ROOT, "seeds", "reference", "parties.csv"), "utf8"), "parties.csv")
  const seeds = readdirSync(path.join(ROOT, "seeds")).filter((f) => f.endsWith(".txt")).sort()
  const dataset = normalise(seeds.map((f) => parseArticle(f, read(path.join(ROOT, "seeds", f), "utf8"))), dictionary)
  const names = new Set(kinds.map((k) => k.meta.name))
  t.is(dataset.tables.length, 47)
  for (const table of dataset.tables) {
    if (table.decoded) t.true(table.table_kind !== null && names.has(table.table_kind), `${table.table_id}: ${table.table_kind}`)
    else t.is(table.table_kind, null)
  }
  t.deepEqual(dataset.tables.map((x) => x.table_kind), dataset.tableKinds.map((x) => x.kind))
})

/**
 * Issue 11: the tables as consumers read them, without Python. out/datapackage.json validates
 * against the vendored Frictionless JSON Schemas (test/schemas/), every CSV conforms to its Table
 * Schema cell by cell (types, missing values, required, primary keys unique, foreign keys resolve),
 * DuckDB's `read_csv_auto` gives the Parquet's types (the documented exceptions aside), lists
 * unnest, and anomalies join to results on `result_id` alone. test/python-consumers.test.ts does
 * pandas, pyarrow and Polars.
 */
import { createHash } from "node:crypto"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import test, { type ExecutionContext } from "ava"
import { createRequire } from "node:module"
import type { Options as AjvOptions, ValidateFunction } from "ajv"
import Papa from "papaparse"
import { codecs, fileMetadata, plain, queryRows, sqlString, withDuckDB } from "./helpers/duckdb.ts"
import { dictionaryTables } from "../pipeline/emit/data-dictionary.ts"
import { VERSION } from "../pipeline/version.ts"
import { ROOT } from "./helpers/recount.ts"
import { sharedFixturesRun, sharedSeedsRun } from "./helpers/run-seeds.ts"

// ajv-draft-04 (the Frictionless v1 schemas are JSON Schema draft-04) and ajv-formats are CommonJS.
const require = createRequire(import.meta.url)
interface Validator {
  compile(schema: unknown): ValidateFunction
  addFormat(name: string, format: boolean): unknown
}
const Ajv = (require("ajv-draft-04") as { default: new(options: AjvOptions) => Validator }).default
const addFormats = (require("ajv-formats") as { default: (ajv: unknown) => void }).default

const run = sharedSeedsRun()

interface Field {
  readonly name: string
  readonly type: string
  readonly trueValues?: ReadonlyArray<string>
  readonly falseValues?: ReadonlyArray<string>
  readonly constraints?: { readonly required?: boolean }
}
interface Resource {
  readonly name: string
  readonly path: string
  readonly bytes: number
  readonly hash: string
  readonly schema: {
    readonly fields: ReadonlyArray<Field>
    readonly missingValues: ReadonlyArray<string>
    readonly primaryKey?: ReadonlyArray<string>
    readonly foreignKeys?: ReadonlyArray<{ readonly fields: ReadonlyArray<string>; readonly reference: { readonly resource: string; readonly fields: ReadonlyArray<string> } }>
  }
}
const pkg = JSON.parse(readFileSync(join(run.out, "datapackage.json"), "utf8")) as { profile: string; resources: ReadonlyArray<Resource> }
const csvText = (r: Resource) => readFileSync(join(run.out, r.path), "utf8")
const records = (r: Resource): Array<Array<string>> => recordsOf(csvText(r))
const recordsOf = (text: string): Array<Array<string>> => {
  const parsed = Papa.parse<Array<string>>(text, { skipEmptyLines: false })
  const rows = parsed.data
  // The file ends with a line break: papaparse gives one empty row after it, which is not a record.
  if (rows.length > 0 && rows.at(-1)!.length === 1 && rows.at(-1)![0] === "") rows.pop()
  return rows
}

test("datapackage.json validates against the vendored Tabular Data Package and Table Schema JSON Schemas", (t) => {
  const ajv = new Ajv({ allErrors: true, strict: false })
  addFormats(ajv)
  ajv.addFormat("textarea", true) // a Frictionless UI hint, not a constraint
  const packageSchema = ajv.compile(JSON.parse(readFileSync(join(ROOT, "test", "schemas", "tabular-data-package.json"), "utf8")))
  const tableSchema = ajv.compile(JSON.parse(readFileSync(join(ROOT, "test", "schemas", "table-schema.json"), "utf8")))
  t.true(packageSchema(pkg), JSON.stringify(packageSchema.errors?.slice(0, 5)))
  t.is(pkg.profile, "tabular-data-package")
  for (const r of pkg.resources) t.true(tableSchema(r.schema), `${r.name}: ${JSON.stringify(tableSchema.errors?.slice(0, 5))}`)
  // A deliberately broken package is rejected (the validator is not vacuous).
  t.false(packageSchema({ ...pkg, resources: [{ ...pkg.resources[0], schema: { fields: [{ name: "x", type: "integr" }] } }] }))
})

test("datapackage.json lists every CSV in out/ with its size and sha256, and out/manifest.json lists datapackage.json and the inputs", (t) => {
  const manifest = JSON.parse(readFileSync(join(run.out, "manifest.json"), "utf8"))
  const csvs = (manifest.tables as Array<{ files: Array<{ name: string; bytes: number; sha256: string }> }>).flatMap((tb) => tb.files).filter((f) => f.name.endsWith(".csv"))
  t.deepEqual(pkg.resources.map((r) => r.path).sort(), csvs.map((f) => f.name).sort())
  for (const r of pkg.resources) {
    const entry = csvs.find((f) => f.name === r.path)!
    t.is(r.hash, `sha256:${entry.sha256}`)
    t.is(r.bytes, entry.bytes)
  }
  t.deepEqual(manifest.files.map((f: { name: string }) => f.name), ["datapackage.json"])
  t.deepEqual(manifest.inputs.articles.map((a: { file: string }) => a.file), [
    "2004-french-cantonal-elections.txt",
    "2004-french-regional-elections.txt",
    "2004-french-senate-election.txt"
  ])
  for (const a of manifest.inputs.articles) t.regex(a.sha256, /^[0-9a-f]{64}$/)
})

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/
/** Whether a non-missing CSV cell is a valid value of its Table Schema field (the spec's lexical forms). */
const conforms = (field: Field, cell: string): boolean => {
  switch (field.type) {
    case "integer":
      return /^-?\d+$/.test(cell)
    case "number":
      return /^-?\d+(\.\d+)?$/.test(cell)
    case "boolean":
      return (field.trueValues ?? []).includes(cell) || (field.falseValues ?? []).includes(cell)
    case "date":
      return ISO_DATE.test(cell) && !Number.isNaN(Date.parse(`${cell}T00:00:00Z`))
    case "array":
      try {
        return Array.isArray(JSON.parse(cell))
      } catch {
        return false
      }
    case "string":
      return true
    default:
      return false
  }
}

/** Checks every CSV of a published out/ folder against its datapackage.json, cell by cell; returns the foreign-key references checked. */
const conformance = (t: ExecutionContext, out: string): number => {
  const p = JSON.parse(readFileSync(join(out, "datapackage.json"), "utf8")) as { resources: ReadonlyArray<Resource> }
  const keysOf = new Map<string, Set<string>>()
  const rowsOf = new Map<string, Array<Array<string>>>()
  for (const r of p.resources) {
    const text = readFileSync(join(out, r.path), "utf8")
    t.true(text.endsWith("\r\n"), `${r.path} ends with a line break`)
    const [header, ...rows] = recordsOf(text)
    t.deepEqual(header, r.schema.fields.map((f) => f.name), `${r.path}: header`)
    rowsOf.set(r.name, rows)
    let bad = 0
    rows.forEach((row, i) => {
      t.is(row.length, r.schema.fields.length, `${r.path} record ${i + 2}: field count`)
      r.schema.fields.forEach((field, c) => {
        const cell = row[c]!
        if (r.schema.missingValues.includes(cell)) {
          if (field.constraints?.required === true && field.type !== "string") bad++, t.fail(`${r.path} record ${i + 2} ${field.name}: missing in a required column`)
          return
        }
        if (!conforms(field, cell)) bad++, t.fail(`${r.path} record ${i + 2} ${field.name}: ${JSON.stringify(cell)} is no ${field.type}`)
      })
    })
    t.is(bad, 0)
    if (r.schema.primaryKey !== undefined) {
      const idx = r.schema.primaryKey.map((k) => r.schema.fields.findIndex((f) => f.name === k))
      const keys = rows.map((row) => JSON.stringify(idx.map((i) => row[i])))
      t.is(new Set(keys).size, keys.length, `${r.path}: primary key ${r.schema.primaryKey.join(", ")} is unique`)
    }
  }
  let checked = 0
  for (const r of p.resources) {
    for (const fk of r.schema.foreignKeys ?? []) {
      const target = p.resources.find((x) => x.name === fk.reference.resource)!
      const tIdx = fk.reference.fields.map((k) => target.schema.fields.findIndex((f) => f.name === k))
      const cacheKey = `${target.name}:${fk.reference.fields.join(",")}`
      const targets = keysOf.get(cacheKey) ?? new Set(rowsOf.get(target.name)!.map((row) => JSON.stringify(tIdx.map((i) => row[i]))))
      keysOf.set(cacheKey, targets)
      const idx = fk.fields.map((k) => r.schema.fields.findIndex((f) => f.name === k))
      for (const row of rowsOf.get(r.name)!) {
        const values = idx.map((i) => row[i]!)
        if (values.every((v) => v === "")) continue // a null reference refers to nothing
        checked++
        if (!targets.has(JSON.stringify(values))) t.fail(`${r.path}: ${fk.fields.join(",")} = ${values.join(",")} is not in ${target.path}`)
      }
    }
  }
  return checked
}

test("every CSV conforms to its Table Schema, cell by cell: header, types, missing values, required, primary and foreign keys", (t) => {
  const checked = conformance(t, run.out)
  t.true(checked > 1000, `foreign keys checked: ${checked}`)
})

// Articles in other styles (test/fixtures/articles: learned party codes, other countries' areas):
// the package's keys must hold there too — a party code an article defines is not in `parties`.
test("the fixture articles' CSVs conform to their Table Schemas too (keys included)", (t) => {
  // The plain run on the fixture articles, shared with test/fixtures.test.ts (it throws unless the run exits 0).
  t.true(conformance(t, sharedFixturesRun().out) > 100)
})

/** The documented exceptions to "read_csv_auto reads the Parquet's types" (docs/decisions.md, Consumers). */
const autoException = (parquetType: string, csvType: string, values: ReadonlyArray<string>): string | null => {
  if (parquetType.endsWith("[]") && csvType === "VARCHAR") return "a list: JSON text in the CSV"
  if (values.every((v) => v === "")) return "no value to detect a type from"
  if (parquetType === "VARCHAR" && values.every((v) => v === "" || /^-?\d+(\.\d+)?$/.test(v))) return "text whose every value is a number (a code)"
  return null
}

test("DuckDB: read_csv_auto reads every CSV to the Parquet's types (lists, all-null columns and all-numeric codes aside, as documented)", async (t) => {
  await withDuckDB(async (c) => {
    let compared = 0
    for (const r of pkg.resources) {
      const csv = join(run.out, r.path)
      const parquet = join(run.out, `${r.name}.parquet`)
      const typesOf = async (sql: string) => (await queryRows(`DESCRIBE ${sql}`, c)).map((row) => String(row["column_type"]))
      const fromCsv = await typesOf(`SELECT * FROM read_csv_auto(${sqlString(csv)})`)
      const fromParquet = await typesOf(`SELECT * FROM ${sqlString(parquet)}`)
      const [, ...rows] = records(r)
      r.schema.fields.forEach((field, i) => {
        if (fromCsv[i] === fromParquet[i]) return void compared++
        const why = autoException(fromParquet[i]!, fromCsv[i]!, rows.map((row) => row[i]!))
        t.not(why, null, `${r.name}.${field.name}: read_csv_auto ${fromCsv[i]}, Parquet ${fromParquet[i]}`)
      })
    }
    t.true(compared > 150, `columns with equal types: ${compared}`)
  })
})

test("DuckDB: anomalies.lines unnests; anomalies join to results on result_id alone", async (t) => {
  await withDuckDB(async (c) => {
    const anomalies = sqlString(join(run.out, "anomalies.parquet"))
    const results = sqlString(join(run.out, "results.parquet"))
    const unnested = await queryRows(`SELECT id, line, unnest(lines) AS l FROM ${anomalies}`, c)
    const count = await queryRows(`SELECT sum(len(lines))::BIGINT AS n FROM ${anomalies}`, c)
    t.is(BigInt(unnested.length), count[0]!["n"] as bigint)
    t.true(unnested.length > 200)
    // The query, verbatim in spirit: FROM the file, unnest(lines).
    const verbatim = await queryRows(`SELECT * FROM ${anomalies}, unnest(lines)`, c)
    t.is(verbatim.length, unnested.length)
    // Every result row with an error: one join on result_id, nothing else.
    const joined = await queryRows(
      `SELECT r.result_id, r.source_line, r.round, a.line, a.round AS a_round FROM ${anomalies} a JOIN ${results} r ON a.result_id = r.result_id WHERE a.severity = 'error'`,
      c
    )
    const pointing = await queryRows(`SELECT count(*)::BIGINT AS n FROM ${anomalies} WHERE severity = 'error' AND result_id IS NOT NULL`, c)
    t.true(joined.length >= 5, `result rows with an error: ${joined.length}`)
    t.is(BigInt(joined.length), pointing[0]!["n"] as bigint, "every result_id resolves")
    for (const row of joined) {
      t.is(plain(row["source_line"]!), plain(row["line"]!), "the result row is on the finding's line")
      if (row["a_round"] !== null) t.is(plain(row["round"]!), plain(row["a_round"]!))
    }
  })
})

test("every Parquet file is Snappy-compressed and names Recount's version, its inputs (as out/manifest.json does), its table and every column's description", async (t) => {
  const manifest = JSON.parse(readFileSync(join(run.out, "manifest.json"), "utf8")) as {
    inputs: { sha256: string; articles: Array<{ file: string; sha256: string }> }
    tables: Array<{ name: string }>
  }
  t.is(manifest.tables.length, dictionaryTables.length)
  await withDuckDB(async (c) => {
    for (const def of dictionaryTables) {
      const file = join(run.out, `${def.name}.parquet`)
      const chunks = await codecs(file, c)
      t.true(chunks.length >= Object.keys(def.columns).length && chunks.every((x) => x.endsWith(": SNAPPY")), `${def.name}: ${chunks.join(", ")}`)
      const { kv } = await fileMetadata(file, c)
      t.is(kv["recount.version"], VERSION)
      t.is(kv["recount.table"], def.name)
      t.is(kv["recount.description"], def.doc)
      t.is(kv["recount.inputs.sha256"], manifest.inputs.sha256)
      t.deepEqual(JSON.parse(kv["recount.inputs"]!), manifest.inputs.articles.map((a) => ({ file: a.file, sha256: a.sha256 })))
      const columns = JSON.parse(kv["recount.columns"]!) as Record<string, { description: string }>
      t.deepEqual(Object.keys(columns), Object.keys(def.columns))
      for (const [name, column] of Object.entries(def.columns)) t.is(columns[name]!.description, column.doc)
      const pandas = JSON.parse(kv["pandas"]!) as { columns: Array<{ name: string }> }
      t.deepEqual(pandas.columns.map((x) => x.name), Object.keys(def.columns))
    }
  })
  // The articles' sha256 are of their bytes.
  for (const a of manifest.inputs.articles) {
    t.is(a.sha256, createHash("sha256").update(readFileSync(join(ROOT, "seeds", a.file))).digest("hex"))
  }
})

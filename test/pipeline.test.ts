/**
 * The whole pipeline on the real seeds, run once in-process into a temp folder, then read back
 * the way a user would: every Parquet file through DuckDB, every CSV file through papaparse.
 * Proves the foundation: types as documented, spot values, provenance and traceability, the
 * table inventory, CSV = Parquet, and byte-identical reruns.
 */
import { createHash } from "node:crypto"
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api"
import * as NodeServices from "@effect/platform-node/NodeServices"
import test from "ava"
import * as Effect from "effect/Effect"
import Papa from "papaparse"
import type { Options } from "../pipeline/cli.ts"
import { duckdbType, dictionaryTables } from "../pipeline/emit/data-dictionary.ts"
import type { Manifest } from "../pipeline/emit/emit.ts"
import { pipeline } from "../pipeline/main.ts"
import { doubleText } from "../pipeline/emit/values.ts"
import { describe, plain, queryRows, sqlString } from "./helpers/duckdb.ts"

const ROOT = fileURLToPath(new URL("../", import.meta.url))
const SEEDS = join(ROOT, "seeds")
const REGIONAL = "2004-french-regional-elections.txt"

type Plain = string | number | boolean | bigint | null

const runPipeline = async (dir: string): Promise<{ out: string; reports: string; exit: number }> => {
  const out = join(dir, "out")
  const reports = join(dir, "reports")
  const options: Options = { seeds: SEEDS, out, reports, reference: join(SEEDS, "reference"), failOn: null, force: false }
  const exit = await Effect.runPromise(pipeline(options).pipe(Effect.provide(NodeServices.layer)))
  return { out, reports, exit }
}

interface Run {
  readonly dir: string
  readonly out: string
  readonly reports: string
  readonly exit: number
  readonly manifest: Manifest
  readonly instance: DuckDBInstance
  readonly connection: DuckDBConnection
}

let run: Run | undefined
const temps: Array<string> = []
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "recount-pipeline-"))
  temps.push(dir)
  return dir
}

test.before(async () => {
  const dir = tempDir()
  const { out, reports, exit } = await runPipeline(dir)
  const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")) as Manifest
  const instance = await DuckDBInstance.create(":memory:")
  const connection = await instance.connect()
  // One view per table, named as the table, so that the SQL below reads as a user would write it.
  for (const table of manifest.tables) {
    await connection.run(
      `CREATE VIEW "${table.name}" AS SELECT * FROM read_parquet(${sqlString(join(out, `${table.name}.parquet`))})`
    )
  }
  run = { dir, out, reports, exit, manifest, instance, connection }
})

test.after.always(() => {
  if (run !== undefined) {
    run.connection.closeSync()
    run.instance.closeSync()
  }
  for (const dir of temps) rmSync(dir, { recursive: true, force: true })
})

const R = (): Run => {
  if (run === undefined) throw new Error("the pipeline did not run")
  return run
}

/** Rows of a query, values made plain (BIGINT/HUGEINT → bigint, DATE → YYYY-MM-DD, …). */
const rows = async (sql: string): Promise<Array<Record<string, Plain>>> =>
  (await queryRows(sql, R().connection)).map((row) =>
    Object.fromEntries(Object.entries(row).map(([key, value]) => [key, plain(value)]))
  )

const one = async (sql: string): Promise<Record<string, Plain>> => {
  const result = await rows(sql)
  if (result.length !== 1) throw new Error(`expected one row from ${sql}, got ${result.length}`)
  return result[0]!
}

/** A number from a query value (BIGINT and HUGEINT come back as bigint). */
const num = (value: Plain): number | null => value === null ? null : Number(value)

const seedLines = (file: string): Array<string> => {
  const lines = readFileSync(join(SEEDS, file), "utf8").replace(/\r\n?/g, "\n").split("\n")
  if (lines.at(-1) === "") lines.pop()
  return lines
}
const seedFiles = () => readdirSync(SEEDS).filter((name) => name.endsWith(".txt")).sort()

test("the run succeeds and emits every table of the data dictionary", (t) => {
  t.is(R().exit, 0)
  t.deepEqual(
    R().manifest.tables.map((table) => table.name).sort(),
    dictionaryTables.map((def) => def.name).sort()
  )
})

test("every Parquet file reads back through DuckDB with the documented column types", async (t) => {
  const defs = new Map(dictionaryTables.map((def) => [def.name, def]))
  for (const table of R().manifest.tables) {
    const def = defs.get(table.name)
    if (def === undefined) {
      t.fail(`manifest table ${table.name} has no definition`)
      continue
    }
    const expected = Object.entries(def.columns).map(([name, column]) => ({ name, type: duckdbType[column.type] }))
    const actual = await describe(join(R().out, `${table.name}.parquet`), R().connection)
    t.deepEqual(actual, expected, `${table.name}: DESCRIBE`)
    t.false(actual.some((c) => c.type === "BLOB"), `${table.name}: no column reads as BLOB`)
    // The manifest describes the same columns.
    t.deepEqual(
      table.columns.map((c) => ({ name: c.name, type: c.type, nullable: c.nullable })),
      Object.entries(def.columns).map(([name, c]) => ({ name, type: c.type, nullable: c.nullable })),
      `${table.name}: manifest columns`
    )
  }
})

test("row counts in DuckDB match manifest.json, and every file matches its sha256 and size", async (t) => {
  for (const table of R().manifest.tables) {
    const count = await one(`SELECT count(*) AS n FROM "${table.name}"`)
    t.is(num(count["n"]!), table.rows, `${table.name}: rows`)
    t.deepEqual(table.files.map((f) => f.name).sort(), [`${table.name}.csv`, `${table.name}.parquet`])
    for (const file of table.files) {
      const bytes = readFileSync(join(R().out, file.name))
      t.is(createHash("sha256").update(bytes).digest("hex"), file.sha256, `${file.name}: sha256`)
      t.is(bytes.byteLength, file.bytes, `${file.name}: bytes`)
    }
  }
  // Nothing in out/ but the manifest's files.
  const listed = [...R().manifest.tables.flatMap((table) => table.files), ...(R().manifest.files ?? [])].map((f) => f.name)
  t.deepEqual(readdirSync(R().out).sort(), [...listed, "manifest.json"].sort())
  t.deepEqual((R().manifest.files ?? []).map((f) => f.name), ["datapackage.json"])
})

test("Alsace round 1: Adrien Zeller 225,193 votes, 34.06 %, incumbent", async (t) => {
  const row = await one(
    `SELECT votes, percent, incumbent, list_label, source_file, source_line FROM results
     WHERE area = 'Alsace' AND round = 1 AND contestant = 'Adrien Zeller'`
  )
  t.is(num(row["votes"]!), 225_193)
  t.is(row["percent"], 34.06)
  t.is(row["incumbent"], true)
  t.is(row["list_label"], "UMP")
  t.is(row["source_file"], REGIONAL)
  t.is(num(row["source_line"]!), 50)
})

test("Alsace round 1: Antoine Waechter 48,949 votes read from '48.949', with a NUMBER_THOUSANDS_DOT finding on line 54", async (t) => {
  const row = await one(
    `SELECT votes, source_line FROM results WHERE area = 'Alsace' AND round = 1 AND contestant = 'Antoine Waechter'`
  )
  t.is(num(row["votes"]!), 48_949)
  t.is(num(row["source_line"]!), 54)
  t.is(seedLines(REGIONAL)[53]!.includes("48.949"), true)
  const findings = await rows(
    `SELECT raw, read_as FROM findings WHERE code = 'NUMBER_THOUSANDS_DOT' AND file = ${sqlString(REGIONAL)} AND line = 54`
  )
  t.deepEqual(findings, [{ raw: "48.949", read_as: "48949" }])
})

test("Brittany round 1: valid votes 1,356,453 and voters 1,421,306 (contests and turnout)", async (t) => {
  const contest = await one(
    `SELECT contest_id, valid, voters FROM contests WHERE area = 'Brittany' AND round = 1`
  )
  t.is(num(contest["valid"]!), 1_356_453)
  t.is(num(contest["voters"]!), 1_421_306)
  const turnout = await rows(
    `SELECT measure, value, source_line FROM turnout WHERE contest_id = ${sqlString(String(contest["contest_id"]))}
     AND measure IN ('valid', 'voters') ORDER BY measure`
  )
  t.deepEqual(turnout.map((r) => [r["measure"], num(r["value"]!), num(r["source_line"]!)]), [
    ["valid", 1_356_453, 150],
    ["voters", 1_421_306, 148]
  ])
})

test("Senate: UMP Group 162 seats (2001) → 155 (2004), change −7", async (t) => {
  const row = await one(
    `SELECT seats_before, seats, change, year_before, year FROM seats
     WHERE election_id LIKE '%senate%' AND party = 'UMP Group'`
  )
  t.deepEqual(
    Object.fromEntries(Object.entries(row).map(([k, v]) => [k, num(v)])),
    { seats_before: 162, seats: 155, change: -7, year_before: 2001, year: 2004 }
  )
})

test("cantonal: PS holds 44 general-council presidencies", async (t) => {
  const row = await one(
    `SELECT seats FROM seats WHERE election_id LIKE '%cantonal%' AND measure = 'presidencies' AND party = 'PS'`
  )
  t.is(num(row["seats"]!), 44)
})

test("regional national seats sum to 1,880 in SQL, as seat_totals states (1,880 seats, 26 regions)", async (t) => {
  const sum = await one(
    `SELECT sum(seats) AS total FROM seats WHERE area_level = 'national' AND election_id LIKE '%regional%'`
  )
  t.is(num(sum["total"]!), 1880)
  const total = await one(
    `SELECT seats, regions FROM seat_totals WHERE area_level = 'national' AND election_id LIKE '%regional%'`
  )
  t.is(num(total["seats"]!), 1880)
  t.is(num(total["regions"]!), 26)
})

test("elections: three rows, kinds and dates", async (t) => {
  const elections = await rows(`SELECT kind, round1_date, round2_date FROM elections ORDER BY kind`)
  t.deepEqual(elections, [
    { kind: "cantonal", round1_date: "2004-03-21", round2_date: "2004-03-28" },
    { kind: "regional", round1_date: "2004-03-21", round2_date: "2004-03-28" },
    { kind: "senate", round1_date: "2004-09-26", round2_date: null }
  ])
})

test("provenance: every row of every table with source columns has a source_file and a source_line ≥ 1", async (t) => {
  let checked = 0
  for (const table of R().manifest.tables) {
    const names = table.columns.map((c) => c.name)
    if (!names.includes("source_file") || !names.includes("source_line")) continue
    checked++
    const bad = await one(
      `SELECT count(*) AS n FROM "${table.name}" WHERE source_file IS NULL OR source_file = '' OR source_line IS NULL OR source_line < 1`
    )
    t.is(num(bad["n"]!), 0, `${table.name}: rows without provenance`)
    const files = await rows(`SELECT DISTINCT source_file FROM "${table.name}" ORDER BY 1`)
    for (const f of files) t.true(seedFiles().includes(String(f["source_file"])), `${table.name}: ${f["source_file"]}`)
    // source_line is within the file.
    const beyond = await rows(`SELECT source_file, max(source_line) AS m FROM "${table.name}" GROUP BY 1`)
    for (const b of beyond) {
      t.true(num(b["m"]!)! <= seedLines(String(b["source_file"])).length, `${table.name}: line beyond ${b["source_file"]}`)
    }
  }
  t.true(checked >= 10, "most tables carry provenance")
})

test("absent values are NULL, never the empty string", async (t) => {
  const offenders: Array<string> = []
  for (const table of R().manifest.tables) {
    for (const column of table.columns.filter((c) => c.type === "utf8")) {
      const empty = await one(`SELECT count(*) AS n FROM "${table.name}" WHERE "${column.name}" = ''`)
      if (num(empty["n"]!) !== 0) offenders.push(`${table.name}.${column.name} holds '' in ${empty["n"]} rows`)
      if (!column.nullable) {
        const nulls = await one(`SELECT count(*) AS n FROM "${table.name}" WHERE "${column.name}" IS NULL`)
        if (num(nulls["n"]!) !== 0) offenders.push(`${table.name}.${column.name} is not nullable but holds NULL`)
      }
    }
  }
  t.deepEqual(offenders, [])
  const cantonal = await one(
    `SELECT count(*) AS n, count(list_label) AS labelled FROM results WHERE election_id LIKE '%cantonal%'`
  )
  t.true(num(cantonal["n"]!)! > 0)
  t.is(num(cantonal["labelled"]!), 0, "results.list_label is NULL for cantonal rows")
})

test("traceability: every source_line holds the row's name or label", async (t) => {
  const checks: ReadonlyArray<readonly [string, string]> = [
    ["results", "contestant"],
    ["seats", "party"],
    ["turnout", "label"]
  ]
  for (const [table, column] of checks) {
    const records = await rows(`SELECT "${column}" AS name, source_file, source_line FROM "${table}"`)
    t.true(records.length > 0, `${table} has rows`)
    for (const record of records) {
      const line = seedLines(String(record["source_file"]))[num(record["source_line"]!)! - 1] ?? ""
      t.true(
        line.includes(String(record["name"])),
        `${table}: ${JSON.stringify(record["name"])} is not on ${record["source_file"]}:${record["source_line"]}: ${line}`
      )
    }
  }
  const totals = await rows(`SELECT source_file, source_line FROM seat_totals`)
  for (const total of totals) {
    const line = seedLines(String(total["source_file"]))[num(total["source_line"]!)! - 1] ?? ""
    t.regex(line, /\|\s*Total\b/i, `seat_totals: ${total["source_file"]}:${total["source_line"]}`)
  }
})

/** The Parquet value of a cell as its CSV field should read (a DOUBLE always with a decimal point; a list as JSON, compared parsed). */
const csvField = (value: Plain): string =>
  value === null ? "" : typeof value === "number" ? doubleText(value) : String(value)

test("every CSV file parses back to the same rows and values as its Parquet file", async (t) => {
  for (const table of R().manifest.tables) {
    const text = readFileSync(join(R().out, `${table.name}.csv`), "utf8")
    // The last record ends with a line break (RFC 4180); papaparse would read one more empty row after it.
    t.true(text.endsWith("\r\n"), `${table.name}.csv ends with a line break`)
    const parsed = Papa.parse<Record<string, string>>(text.slice(0, -2), { header: true, skipEmptyLines: false })
    t.deepEqual(parsed.errors, [], `${table.name}.csv parses`)
    t.deepEqual(parsed.meta.fields, table.columns.map((c) => c.name), `${table.name}.csv header`)
    const select = table.columns.map((c) => (c.type.endsWith("_list") ? `to_json("${c.name}")::VARCHAR AS "${c.name}"` : `"${c.name}"`)).join(", ")
    const parquet = await rows(`SELECT ${select} FROM "${table.name}"`)
    t.is(parsed.data.length, parquet.length, `${table.name}: row count`)
    let mismatches = 0
    parquet.forEach((row, i) => {
      const csvRow = parsed.data[i]
      for (const column of table.columns) {
        const want = csvField(row[column.name] ?? null)
        const got = csvRow?.[column.name]
        const same = column.type.endsWith("_list") && got !== undefined && want !== ""
          ? JSON.stringify(JSON.parse(got)) === JSON.stringify(JSON.parse(want))
          : got === want
        if (!same && mismatches++ < 5) {
          t.fail(`${table.name} row ${i + 1} ${column.name}: CSV ${JSON.stringify(got)} ≠ Parquet ${JSON.stringify(want)}`)
        }
      }
    })
    t.is(mismatches, 0, `${table.name}: cells that differ`)
  }
})

/** Pipe tables counted without the parser: a run of consecutive lines whose trimmed text starts with `|`. */
const pipeTables = (file: string): Array<{ start: number; end: number; lines: Array<string> }> => {
  const found: Array<{ start: number; end: number; lines: Array<string> }> = []
  seedLines(file).forEach((line, i) => {
    if (!line.trim().startsWith("|")) return
    const last = found.at(-1)
    if (last !== undefined && last.end === i) {
      last.end = i + 1
      last.lines.push(line)
    } else {
      found.push({ start: i + 1, end: i + 1, lines: [line] })
    }
  })
  return found
}

test("table inventory: every pipe table of every seed is in tables, decoded or reported", async (t) => {
  let total = 0
  for (const file of seedFiles()) {
    const runs = pipeTables(file)
    total += runs.length
    const inventory = await rows(
      `SELECT ordinal, source_line, rows, decoded FROM "tables" WHERE source_file = ${sqlString(file)} ORDER BY ordinal`
    )
    t.is(inventory.length, runs.length, `${file}: pipe tables vs rows of tables.parquet`)
    const unclassified = await rows(
      `SELECT line FROM findings WHERE code = 'TABLE_UNCLASSIFIED' AND file = ${sqlString(file)}`
    )
    const reportedAt = new Set(unclassified.map((f) => num(f["line"]!)))
    runs.forEach((run, i) => {
      const entry = inventory[i]
      t.is(num(entry?.["ordinal"] ?? null), i + 1, `${file}: table ${i + 1} ordinal`)
      t.is(num(entry?.["source_line"] ?? null), run.start, `${file}: table ${i + 1} starts on line ${run.start}`)
      t.is(num(entry?.["rows"] ?? null), run.end - run.start + 1, `${file}: table at line ${run.start}: rows`)
      t.true(
        entry?.["decoded"] === true || reportedAt.has(run.start),
        `${file}: table at line ${run.start} is neither decoded nor reported as TABLE_UNCLASSIFIED`
      )
    })
  }
  const count = await one(`SELECT count(*) AS n FROM "tables"`)
  t.is(num(count["n"]!), total)
})

/** A cell that is a figure: a count, a percentage or a signed change. */
const FIGURE = /^[+\-–−±]?\d[\d\s.,]*%?$/
const isHeaderRow = (line: string) =>
  !line.trim().replace(/^\|/, "").replace(/\|$/, "").split("|").some((cell) => FIGURE.test(cell.trim()))

test("every row of every decoded table is accounted for: header, record or finding", async (t) => {
  for (const file of seedFiles()) {
    const f = sqlString(file)
    const accounted = new Set(
      (await rows(
        `SELECT source_line AS line FROM results WHERE source_file = ${f}
         UNION SELECT source_line FROM seats WHERE source_file = ${f}
         UNION SELECT source_line FROM seat_totals WHERE source_file = ${f}
         UNION SELECT source_line FROM turnout WHERE source_file = ${f}
         UNION SELECT source_line FROM contests WHERE source_file = ${f}
         UNION SELECT line FROM findings WHERE file = ${f}`
      )).map((r) => num(r["line"]!))
    )
    const decoded = new Set(
      (await rows(`SELECT source_line FROM "tables" WHERE source_file = ${f} AND decoded`)).map((r) =>
        num(r["source_line"]!)
      )
    )
    for (const run of pipeTables(file).filter((r) => decoded.has(r.start))) {
      // Header rows: the leading rows of the table with no figure in any cell (at most two).
      let headers = 0
      while (headers < run.lines.length && isHeaderRow(run.lines[headers]!)) headers++
      t.true(headers >= 1 && headers <= 2, `${file}: table at line ${run.start} has ${headers} header rows`)
      const missing = run.lines
        .map((_, i) => run.start + i)
        .filter((line, i) => i >= headers && !accounted.has(line))
      t.deepEqual(missing, [], `${file}: table at line ${run.start}: data lines without a record or a finding`)
    }
  }
})

const listFiles = (dir: string) => readdirSync(dir).sort()

test("determinism: a second run gives byte-identical files in out/ and reports/", async (t) => {
  const second = await runPipeline(tempDir())
  t.is(second.exit, 0)
  for (const [first, again] of [[R().out, second.out], [R().reports, second.reports]] as const) {
    t.deepEqual(listFiles(again), listFiles(first))
    t.true(listFiles(first).length > 0)
    for (const name of listFiles(first)) {
      t.true(readFileSync(join(first, name)).equals(readFileSync(join(again, name))), `${name} differs between runs`)
    }
  }
  t.deepEqual(listFiles(R().reports), ["anomalies.json", "anomalies.md", "anomalies.sarif", "corrections.patch", "index.html", "manifest.json"])
})

/**
 * Delivering the faults (issue 10): reports/corrections.patch applies with git to a copy of the
 * seeds and removes the faults it corrects without adding any; reports/anomalies.sarif validates
 * against the vendored SARIF 2.1.0 schema; the corrected columns read back through DuckDB;
 * `recount fix` writes the same patch without publishing.
 */
import { spawnSync } from "node:child_process"
import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"
import test from "ava"
import * as ajvDraft04 from "ajv-draft-04"
import * as ajvFormats from "ajv-formats"
import type { Fault } from "../pipeline/diagnose/fault.ts"
import { type DuckDBValue } from "@duckdb/node-api"
import { plain, queryRows, sqlString } from "./helpers/duckdb.ts"
import { copySeeds, GOLDEN, REGIONAL, ROOT, runPipeline, SEEDS, tempDir } from "./helpers/mutate.ts"
import { recountArgs } from "./helpers/recount.ts"

/** A column of a DuckDB row as a plain value (a missing column reads as null). */
const col = (row: Record<string, DuckDBValue> | undefined, name: string) => plain(row?.[name] ?? null)

interface Report {
  readonly faults: ReadonlyArray<Fault>
}

const settledError = (f: Fault) => f.severity === "error" && f.alternatives.length === 0 && f.cells.every((c) => c.suggestion !== null)
const git = (cwd: string, ...args: Array<string>) => spawnSync("git", ["-C", cwd, ...args], { encoding: "utf8" })

let first: Promise<{ dir: string; cleanup: () => void; report: Report; patch: string; sarif: string }> | null = null
/** One run on a copy of the seeds, shared by the tests below (removed when the process exits). */
const seedRun = () =>
  (first ??= (async () => {
    const { dir, cleanup } = tempDir("recount-deliver-")
    process.on("exit", cleanup)
    const run = await runPipeline(copySeeds(dir), dir)
    return {
      dir,
      cleanup,
      report: run.report as unknown as Report,
      patch: readFileSync(join(dir, "reports", "corrections.patch"), "utf8"),
      sarif: readFileSync(join(dir, "reports", "anomalies.sarif"), "utf8")
    }
  })())

test("the committed corrections.patch and anomalies.sarif are what the pipeline writes on the seeds", async (t) => {
  const { patch, sarif } = await seedRun()
  t.is(readFileSync(join(GOLDEN, "corrections.patch"), "utf8"), patch, "reports/corrections.patch is stale: run `make all`")
  t.is(readFileSync(join(GOLDEN, "anomalies.sarif"), "utf8"), sarif, "reports/anomalies.sarif is stale: run `make all`")
  const manifest = JSON.parse(readFileSync(join(GOLDEN, "manifest.json"), "utf8")) as { files: ReadonlyArray<{ name: string }> }
  t.deepEqual(manifest.files.map((f) => f.name).filter((n) => n === "corrections.patch" || n === "anomalies.sarif").sort(), ["anomalies.sarif", "corrections.patch"])
})

test("git apply takes corrections.patch on a copy of seeds/; the corrected cells carry no error fault and no new error fault appears", async (t) => {
  const { report, patch } = await seedRun()
  const applied = report.faults.filter(settledError)
  t.true(applied.length >= 3, `expected several settled error faults on the seeds, found ${applied.length}`)
  // Everything before the first diff header is comment; every settled error fault is named in the applied list.
  const header = patch.slice(0, patch.indexOf("diff --git"))
  t.true(header.split("\n").every((l) => l === "" || l.startsWith("#")), "the header holds only comment lines")
  for (const f of applied) t.true(header.includes(`#   ${f.id} (`), `${f.id} is not listed as applied`)
  for (const f of report.faults.filter((x) => !settledError(x))) t.true(header.includes(`${f.id} (${f.severity},`), `${f.id} is not listed as not applied`)

  const { dir, cleanup } = tempDir("recount-patched-")
  t.teardown(cleanup)
  copySeeds(dir)
  const patchFile = join(dir, "corrections.patch")
  const { writeFileSync } = await import("node:fs")
  writeFileSync(patchFile, patch)
  const check = git(dir, "apply", "--check", patchFile)
  t.is(check.status, 0, `git apply --check failed: ${check.stderr}`)
  const apply = git(dir, "apply", patchFile)
  t.is(apply.status, 0, `git apply failed: ${apply.stderr}`)
  // The copy changed exactly on the corrected lines.
  for (const f of applied) {
    const lines = readFileSync(join(dir, "seeds", f.file), "utf8").split("\n")
    const original = readFileSync(join(SEEDS, f.file), "utf8").split("\n")
    for (const c of f.cells) t.not(lines[c.line - 1], original[c.line - 1], `${f.file}:${c.line} unchanged`)
  }

  const after = (await runPipeline(join(dir, "seeds"), join(dir, "run"))).report as unknown as Report
  const correctedCells = new Set(applied.flatMap((f) => f.cells.map((c) => `${c.file}:${c.row_id}:${c.field}`)))
  const onCorrected = after.faults.filter((f) => f.severity === "error" && [f.cells, ...f.alternatives].flat().some((c) => correctedCells.has(`${c.file}:${c.row_id}:${c.field}`)))
  t.deepEqual(onCorrected.map((f) => f.id), [], "error faults remain on corrected cells")
  const before = new Set(report.faults.map((f) => f.id))
  t.deepEqual(after.faults.filter((f) => f.severity === "error" && !before.has(f.id)).map((f) => f.id), [], "new error faults after the patch")
  t.is(after.faults.length, report.faults.length - applied.length, "each applied fault is gone, the others remain")
  // Nothing left to apply: the second patch has no hunk.
  t.false(readFileSync(join(dir, "run", "reports", "corrections.patch"), "utf8").includes("diff --git"))
})

test("the patch rewrites figures in the article's own format", async (t) => {
  const { patch } = await seedRun()
  // Languedoc-Roussillon round 2: only the second 258,287 (round two's votes) changes.
  t.true(patch.includes("-| | Jacques Blanc (incumbent) | UMP | 258,287 | 24.23% | 258,287 | 33.10% |\n+| | Jacques Blanc (incumbent) | UMP | 258,287 | 24.23% | 374,052 | 33.10% |\n"))
  // A percentage keeps its form; a signed change keeps its '+'; an unsigned infobox figure takes the article's minus sign (en dash).
  t.regex(patch, /\n\+\| \| Claude Gewerc \| PS-PRG-Verts \| 210,338 \| 27\.42% \|/)
  t.regex(patch, /\n\+\| \| Total: \| 321 \| 331 \| \+10 \|/)
  t.regex(patch, /\n\+- Seat Change1: \u20137\n/)
})

test("anomalies.sarif validates against the SARIF 2.1.0 schema and places each fault on its figure", async (t) => {
  const { sarif, report } = await seedRun()
  const schema = JSON.parse(readFileSync(join(ROOT, "test", "schemas", "sarif-schema-2.1.0.json"), "utf8")) as object
  // The schema is draft-04 (as published); ajv-draft-04 is Ajv for that draft. Both packages are
  // CommonJS whose module.exports is the class/plugin and also carries it as `.default`.
  const ajv = new ajvDraft04.default.default({ allErrors: true, strict: false })
  ajvFormats.default.default(ajv)
  const validate = ajv.compile(schema)
  const log = JSON.parse(sarif) as { runs: Array<{ tool: { driver: { rules: Array<{ id: string }> } }; results: Array<any> }> }
  t.true(validate(log), JSON.stringify(validate.errors, null, 2))
  // A deliberately broken log fails (the validation is not vacuous).
  t.false(validate({ ...log, version: "2.0.0" }))
  const [run] = log.runs
  t.is(run!.results.length, report.faults.length)
  const ruleIds = new Set(run!.tool.driver.rules.map((r) => r.id))
  const seedText = (file: string) => readFileSync(join(SEEDS, file), "utf8").split("\n")
  for (const r of run!.results) {
    t.true(ruleIds.has(r.ruleId), `unknown rule ${r.ruleId}`)
    const fault = report.faults.find((f) => f.id === r.properties.faultId)!
    t.is(r.level, fault.severity === "info" ? "note" : fault.severity)
    const loc = r.locations[0].physicalLocation
    t.is(loc.artifactLocation.uri, `seeds/${fault.file}`)
    t.is(loc.region.startLine, fault.cells[0]!.line)
    // The other cells, then every cell of each tied alternative, each on its own line.
    const others = [...fault.cells.slice(1), ...fault.alternatives.flat()]
    t.is(r.relatedLocations?.length ?? 0, others.length, `${fault.id}: a related location per other cell and per alternative's cell`)
    t.deepEqual((r.relatedLocations ?? []).map((l: any) => l.physicalLocation.region.startLine), others.map((c) => c.line))
    // The region's columns hold the stated figure (signs, group marks and % aside).
    if (loc.region.startColumn !== undefined) {
      const text = seedText(fault.file)[loc.region.startLine - 1]!.slice(loc.region.startColumn - 1, loc.region.endColumn - 1)
      t.is(Number(text.replace(/[^\d.]/g, "")), Math.abs(fault.cells[0]!.stated), `${fault.id}: '${text}'`)
    }
    t.is(r.fixes !== undefined, fault.alternatives.length === 0 && fault.cells.every((c) => c.suggestion !== null), `${fault.id}: fixes exactly when settled`)
  }
  const blanc = run!.results.find((r) => r.properties.faultId.endsWith("languedoc-roussillon/r2/jacques-blanc/votes"))
  t.is(blanc?.fixes?.[0]?.artifactChanges?.[0]?.replacements?.[0]?.insertedContent?.text, "374,052")
  // Auvergne's tie: Hubert Constancias's figures are related locations of the Auvray fault.
  const auvray = run!.results.find((r) => r.properties.faultId.endsWith("auvergne/r1/hugues-auvray/votes"))
  t.true((auvray?.relatedLocations ?? []).some((l: any) => /^or \(alternative 1 of 1\) Hubert Constancias: votes/.test(l.message.text)), JSON.stringify(auvray?.relatedLocations))
})

test("DuckDB reads the corrected columns: Languedoc-Roussillon round 2, Blanc: votes 258,287, votes_corrected 374,052 with a fault id in out/faults", async (t) => {
  const { dir } = await seedRun()
  const results = sqlString(join(dir, "out", "results.parquet"))
  const faults = sqlString(join(dir, "out", "faults.parquet"))
  const rows = await queryRows(
    `SELECT r.votes, r.votes_corrected, r.votes_fault_id, (SELECT count(*) FROM read_parquet(${faults}) f WHERE f.fault_id = r.votes_fault_id AND f.field = 'votes') AS in_faults
     FROM read_parquet(${results}) r WHERE r.area = 'Languedoc-Roussillon' AND r.round = 2 AND r.contestant = 'Jacques Blanc'`
  )
  t.is(rows.length, 1)
  const row = rows[0]!
  t.is(col(row, "votes"), 258287n)
  t.is(col(row, "votes_corrected"), 374052n)
  t.truthy(col(row, "votes_fault_id"))
  t.is(col(row, "in_faults"), 1n)
  // Elsewhere nothing is corrected unless a fault says so: every non-null corrected value has its fault id, and differs from the stated one.
  const counts = await queryRows(
    `SELECT count(*) FILTER (WHERE votes_corrected IS NOT NULL) AS corrected, count(*) FILTER (WHERE (votes_corrected IS NULL) <> (votes_fault_id IS NULL)) AS unpaired,
            count(*) FILTER (WHERE votes_corrected = votes) AS unchanged FROM read_parquet(${results})`
  )
  t.is(col(counts[0]!, "unpaired"), 0n)
  t.is(col(counts[0]!, "unchanged"), 0n)
  t.is(col(counts[0]!, "corrected"), 2n, "Burgundy's Sauvadet and Blanc")
  const totals = await queryRows(`SELECT change, change_corrected, change_fault_id FROM read_parquet(${sqlString(join(dir, "out", "seat_totals.parquet"))}) WHERE change_corrected IS NOT NULL`)
  t.deepEqual(totals.map((r) => [col(r, "change"), col(r, "change_corrected")]), [[5n, 10n]], "the Senate's Total change")
  const contests = await queryRows(`SELECT total_votes, total_votes_corrected FROM read_parquet(${sqlString(join(dir, "out", "contests.parquet"))}) WHERE total_votes_corrected IS NOT NULL`)
  t.deepEqual(contests.map((r) => [col(r, "total_votes"), col(r, "total_votes_corrected")]), [[669732n, 667732n]], "Burgundy's round-1 total")
})

test("`recount fix` writes the same patch to stdout and to --patch, publishing nothing; an existing --patch file needs --force", async (t) => {
  const { patch } = await seedRun()
  const { dir, cleanup } = tempDir("recount-fix-")
  t.teardown(cleanup)
  const seeds = copySeeds(dir)
  const reference = join(SEEDS, "reference")
  const stdout = spawnSync(process.execPath, [...recountArgs(), "fix", "--seeds", seeds, "--reference", reference], { cwd: dir, encoding: "utf8" })
  t.is(stdout.status, 0, stdout.stderr)
  t.is(stdout.stdout, patch)
  const file = join(dir, "fix.patch")
  const toFile = spawnSync(process.execPath, [...recountArgs(), "fix", "--seeds", seeds, "--reference", reference, "--patch", file], { cwd: dir, encoding: "utf8" })
  t.is(toFile.status, 0, toFile.stderr)
  t.is(readFileSync(file, "utf8"), patch)
  t.false(existsSync(join(dir, "out")) || existsSync(join(dir, "reports")), "fix published something")
  const again = spawnSync(process.execPath, [...recountArgs(), "fix", "--seeds", seeds, "--reference", reference, "--patch", file], { cwd: dir, encoding: "utf8" })
  t.is(again.status, 4, "an existing file is not replaced without --force")
  const forced = spawnSync(process.execPath, [...recountArgs(), "fix", "--seeds", seeds, "--reference", reference, "--patch", file, "--force"], { cwd: dir, encoding: "utf8" })
  t.is(forced.status, 0, forced.stderr)
})

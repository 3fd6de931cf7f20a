/**
 * Issue 11: pandas, pyarrow and Polars read the outputs right (test/python/consumers.py, run on a
 * fresh run of the seeds). The Python is `$RECOUNT_PYTHON`, else the repo's `.venv/bin/python`
 * (`.ci/run` creates it and installs pandas, pyarrow, polars and duckdb). Without it this test
 * FAILS with what to do — it never skips: a consumer check that silently did not run is no check.
 * `make test` makes the .venv in the background while the other tests run (scripts/test-deps.sh
 * python); this test runs that same step first, which waits for a make in progress (a lock) and
 * then finds the .venv complete, or makes it when nothing else did.
 */
import { spawnSync } from "node:child_process"
import { existsSync } from "node:fs"
import { join } from "node:path"
import test from "ava"
import { ROOT } from "./helpers/recount.ts"
import { sharedSeedsRun } from "./helpers/run-seeds.ts"

const python = process.env["RECOUNT_PYTHON"] ?? join(ROOT, ".venv", "bin", "python")

test("pandas and pyarrow read every Parquet with the data dictionary's types; Polars reads every CSV, typed by datapackage.json, to the Parquet's cells", (t) => {
  // The .venv, made or finished (it does nothing when RECOUNT_PYTHON is set or the .venv is whole).
  const deps = spawnSync(join(ROOT, "scripts", "test-deps.sh"), ["python"], { cwd: ROOT, encoding: "utf8" })
  if (deps.stderr.trim() !== "") t.log(deps.stderr.trim())
  if (!existsSync(python)) {
    t.fail(
      `no Python for the consumer test at ${python}: run .ci/run (it creates .venv with pandas, pyarrow, polars, duckdb), ` +
        `or set RECOUNT_PYTHON to a python that has them`
    )
    return
  }
  const run = sharedSeedsRun()
  const result = spawnSync(python, [join(ROOT, "test", "python", "consumers.py"), run.out, join(ROOT, "docs", "data-dictionary.md")], {
    encoding: "utf8",
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" }
  })
  t.is(result.status, 0, `consumers.py failed:\n${result.stderr}`)
  const summary = JSON.parse(result.stdout.trim().split("\n").at(-1) ?? "{}") as { tables: number; columns: number; cells: number; problems: number }
  t.is(summary.problems, 0)
  t.true(summary.tables >= 15, `tables checked: ${summary.tables}`)
  t.true(summary.columns >= 150, `columns checked: ${summary.columns}`)
  t.true(summary.cells >= 10_000, `cells compared: ${summary.cells}`)
})

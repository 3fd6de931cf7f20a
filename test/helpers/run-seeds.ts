/** Runs the `recount` bundle on a seeds folder into a fresh temporary folder; returns out/ and reports/. */
import { spawnSync } from "node:child_process"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { recountArgs, ROOT } from "./recount.ts"

export const runOnSeeds = (seeds: string = join(ROOT, "seeds"), reference: string = join(ROOT, "seeds", "reference")) => {
  const dir = mkdtempSync(join(tmpdir(), "recount-consumers-"))
  const out = join(dir, "out")
  const reports = join(dir, "reports")
  const run = spawnSync(process.execPath, [...recountArgs(), "--seeds", seeds, "--reference", reference, "--out", out, "--reports", reports, "--quiet"], {
    cwd: ROOT,
    encoding: "utf8"
  })
  if (run.status !== 0) throw new Error(`recount failed (${run.status}): ${run.stderr}`)
  return { dir, out, reports }
}

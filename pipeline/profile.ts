/**
 * Stage timings for `make bench`: laps of a stopwatch, summed per stage. When the environment
 * variable RECOUNT_PROFILE names a file, the command writes `{ stages: { read: ms, … }, background:
 * { parquet: ms }, maxRssBytes }` there at the end of a successful run (a benchmark hook; nothing
 * else reads or writes it). `background` is work off the main thread that overlaps the stages (the
 * Parquet conversion runs in DuckDB's thread while the reports are rendered).
 */
import { writeFileSync } from "node:fs"
import { performance } from "node:perf_hooks"

export const makeProfile = () => {
  const stages: Record<string, number> = {}
  const rssAfter: Record<string, number> = {}
  const background: Record<string, number> = {}
  let mark = performance.now()
  return {
    /** Records work done off this thread, overlapping the laps (the Parquet conversion). */
    background: (work: string, ms: number | undefined): void => {
      if (ms !== undefined) background[work] = Math.round(ms * 10) / 10
    },
    /** Adds the time since the previous lap to `stage`. */
    lap: (stage: string): void => {
      const now = performance.now()
      stages[stage] = (stages[stage] ?? 0) + (now - mark)
      if (process.env.RECOUNT_PROFILE) rssAfter[stage] = Math.max(rssAfter[stage] ?? 0, process.memoryUsage.rss())
      mark = now
    },
    /** Writes the timings where RECOUNT_PROFILE says, if it says. */
    save: (): void => {
      const file = process.env.RECOUNT_PROFILE
      if (file === undefined || file === "") return
      const rounded = Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, Math.round(v * 10) / 10]))
      const memory = process.memoryUsage()
      writeFileSync(file, `${JSON.stringify({ stages: rounded, background, maxRssBytes: process.resourceUsage().maxRSS * 1024, heapUsedBytes: memory.heapUsed, maxRssAfterStage: rssAfter, externalBytes: memory.external, rssBytes: memory.rss }, null, 2)}\n`)
    }
  }
}

/**
 * Stage timings for `make bench`: laps of a stopwatch, summed per stage. When the environment
 * variable RECOUNT_PROFILE names a file, the command writes `{ stages: { read: ms, … }, maxRssBytes }`
 * there at the end of a successful run (a benchmark hook; nothing else reads or writes it).
 */
import { writeFileSync } from "node:fs"
import { performance } from "node:perf_hooks"

export const makeProfile = () => {
  const stages: Record<string, number> = {}
  const rssAfter: Record<string, number> = {}
  let mark = performance.now()
  return {
    /** Adds the time since the previous lap to `stage`. */
    lap: (stage: string): void => {
      const now = performance.now()
      stages[stage] = (stages[stage] ?? 0) + (now - mark)
      if (process.env.RECOUNT_PROFILE) rssAfter[stage] = Math.max(rssAfter[stage] ?? 0, process.memoryUsage.rss())
      // The RSS sample (~0.3 ms, a read of /proc) is charged to no stage: taken after `now`, the next lap starts after it.
      mark = process.env.RECOUNT_PROFILE ? performance.now() : now
    },
    /** Writes the timings where RECOUNT_PROFILE says, if it says. */
    save: (): void => {
      const file = process.env.RECOUNT_PROFILE
      if (file === undefined || file === "") return
      const rounded = Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, Math.round(v * 10) / 10]))
      const memory = process.memoryUsage()
      writeFileSync(file, `${JSON.stringify({ stages: rounded, maxRssBytes: process.resourceUsage().maxRSS * 1024, heapUsedBytes: memory.heapUsed, maxRssAfterStage: rssAfter, externalBytes: memory.external, rssBytes: memory.rss }, null, 2)}\n`)
    }
  }
}

/**
 * Stage timings for `make bench`: laps of a stopwatch, summed per stage. When the environment
 * variable RECOUNT_PROFILE names a file, the command writes `{ stages: { read: ms, … }, cpuMs: { read: ms, … },
 * within: { parquet: ms }, maxRssBytes }` there at the end of a successful run (a benchmark hook; nothing
 * else reads or writes it). `within` is a piece of work done on the main thread inside the stages'
 * laps, counted in them too (`parquet`: the Parquet files' encoding and writing, parquet.ts, within
 * `encode` and the last tables' lap). (Until issue 8's twelfth pass `background` held DuckDB's
 * conversion, which ran beside the stages in its own thread.)
 *
 * With worker threads (--jobs, pipeline/parallel/): `stages` and `cpuMs` stay the main thread's
 * laps (its wall; CPU is the whole process's, all threads, over that lap — Node 20 has no per-thread
 * CPU clock; on Linux `mainCpuMs` is the main thread's own, from /proc, with `start` its CPU
 * before the first lap: node's start, the snapshot, the command line), where `wait` is the main
 * thread waiting for the next article's reply, `merge` taking it into the corpus and `encode` writing its bytes; `workerStages` sums each stage's wall time over
 * every worker thread (extract … deliver, and `encode` for the CSV formatting done there); `notes`
 * holds `workers` (worker threads: `--jobs N` starts N − 1), `reanalysed` (articles analysed again
 * on the main thread) and `analysisWallMs` (the article loop's wall, from starting the workers to
 * the last article written). With worker threads `notes` also holds the worker's boot —
 * `firstReplyMs` (the wall from opening the pool to article 0's reply), `firstReplyCpuMs` and
 * `firstReplyQueuedMs` (the worker thread's CPU until it sent that reply, and its wait for a core
 * meanwhile) —, `replyMessages` (the messages the workers sent: one per batch of articles,
 * pool.ts) and `workerQueuedMs` (the worker threads' wait for a core summed over the replies taken
 * as they were; kept out of `workerStages`, whose stages the bench sums as the work done).
 * A short run notes `turbofanOff: 1`.
 * With RECOUNT_BENCH_STOP=audit (below) `notes` also holds
 * `stoppedAfterAudit: 1`, and `analysisWallMs` is given on one thread too.
 *
 * CPU per thread (Linux, /proc/thread-self/schedstat, else /stat; absent elsewhere): `workerStages.threadCpu` is
 * the worker threads' own CPU summed (each reply carries its thread's CPU since the previous one),
 * and `threads` splits the process' CPU at the end into `main` (this thread), `workers` and
 * `others` (the rest: V8's helper threads — parallel scavenges and marking, concurrent compiling —,
 * libuv's): the figures that say where garbage collection runs; `mainQueued` is the
 * main thread's time ready to run but waiting for a core (on a shared machine, the others' load:
 * the run's wall less it estimates the same run on a quiet machine). `v8PoolSize` is the number of
 * V8's background threads the process was started with (node's `--v8-pool-size`; dist/recount
 * gives 1, scripts/launcher.sh says why).
 */
import { readFileSync, writeFileSync } from "node:fs"
import { performance } from "node:perf_hooks"

/**
 * The bench's direct measurement of extract + normalise + audit (bench/corpus.bench.ts): with
 * RECOUNT_BENCH_STOP=audit the command analyses every article through its audit only, on the same
 * threads as a real run (the same --jobs and `auto`), and stops there: no diagnosis, no report,
 * nothing emitted or published (out/ and reports/ are not read or written, not even to recover an
 * interrupted publish). The profile (RECOUNT_PROFILE) then holds the article loop's wall in
 * `notes.analysisWallMs`. "audit" is the only value; any other non-empty value is a usage error.
 */
export const benchStop = (): { readonly stop: "audit" | null } | { readonly invalid: string } => {
  const value = process.env.RECOUNT_BENCH_STOP
  if (value === undefined || value === "") return { stop: null }
  return value === "audit" ? { stop: "audit" } : { invalid: value }
}

/** Whether RECOUNT_PROFILE asks for a profile (a worker measures its thread's CPU only then). */
export const profiling = (): boolean => process.env.RECOUNT_PROFILE !== undefined && process.env.RECOUNT_PROFILE !== ""

/**
 * The calling thread's CPU (user + system) in ms, `runMs`: from /proc/thread-self/schedstat (the
 * scheduler's run time, in ns), else /proc/thread-self/stat (clock ticks of 10 ms: too coarse for a
 * 0.3 s run); and its wait for a core, `queuedMs` (schedstat only). One read of each file at most;
 * undefined off Linux.
 */
export const threadTimes = (): { readonly runMs: number | undefined; readonly queuedMs: number | undefined } => {
  const sched = schedstat()
  return { runMs: sched?.runMs ?? statCpuMs(), queuedMs: sched?.queuedMs }
}

/** The calling thread's time on a CPU and waiting for one (the run queue: another thread had the core), in ms. */
/**
 * The number of V8's background threads (node's `--v8-pool-size`: the launcher gives 1, node's
 * default is 4), as node read it: NODE_OPTIONS first, then the command line, the last one winning.
 */
export const v8PoolSize = (): number => {
  let size = 4
  for (const arg of [...(process.env.NODE_OPTIONS ?? "").split(/\s+/), ...process.execArgv]) {
    const given = /^--v8-pool-size=(\d+)$/.exec(arg)
    if (given !== null) size = Number(given[1])
  }
  return size
}

export const schedstat = (): { readonly runMs: number; readonly queuedMs: number } | undefined => {
  try {
    const [run, queued] = readFileSync("/proc/thread-self/schedstat", "latin1").split(" ")
    const runMs = Number(run) / 1e6
    const queuedMs = Number(queued) / 1e6
    return Number.isFinite(runMs) && Number.isFinite(queuedMs) ? { runMs, queuedMs } : undefined
  } catch {
    return undefined
  }
}

const statCpuMs = (): number | undefined => {
  try {
    const stat = readFileSync("/proc/thread-self/stat", "latin1")
    // Fields after the command (which may hold spaces) in parentheses: utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return undefined
  }
}

export const makeProfile = () => {
  const stages: Record<string, number> = {}
  const rssAfter: Record<string, number> = {}
  const within: Record<string, number> = {}
  const workerStages: Record<string, number> = {}
  const notes: Record<string, number> = {}
  // CPU time per stage (the process's, user + system): a steadier figure than wall time on a shared machine.
  const cpu: Record<string, number> = {}
  const profiled = profiling()
  let mark = performance.now()
  let cpuMark = profiled ? process.cpuUsage() : undefined
  // The main thread's own CPU per stage (schedstat; the process' `cpuMs` also counts libuv's and V8's threads).
  const mainCpu: Record<string, number> = {}
  let mainMark = profiled ? schedstat()?.runMs : undefined
  // (Before the first lap: node's start, the snapshot or the bundle, the command line.)
  if (mainMark !== undefined) mainCpu.start = mainMark
  return {
    /** Records the time of a piece of work done on this thread inside the laps (counted in them too). */
    within: (work: string, ms: number): void => {
      within[work] = Math.round(ms * 10) / 10
    },
    /** Adds a worker thread's time in `stage` (summed over workers; it overlaps the main thread's laps). */
    worker: (stage: string, ms: number): void => {
      workerStages[stage] = (workerStages[stage] ?? 0) + ms
    },
    /** Records a figure about the run (e.g. the number of workers). */
    note: (key: string, value: number): void => {
      notes[key] = value
    },
    /** Adds the time since the previous lap to `stage`. */
    lap: (stage: string): void => {
      const now = performance.now()
      stages[stage] = (stages[stage] ?? 0) + (now - mark)
      if (profiled) {
        rssAfter[stage] = Math.max(rssAfter[stage] ?? 0, process.memoryUsage.rss())
        const used = process.cpuUsage(cpuMark)
        cpu[stage] = (cpu[stage] ?? 0) + (used.user + used.system) / 1000
        cpuMark = process.cpuUsage()
        const mainNow = schedstat()?.runMs
        if (mainNow !== undefined && mainMark !== undefined) mainCpu[stage] = (mainCpu[stage] ?? 0) + mainNow - mainMark
        mainMark = mainNow
      }
      // The RSS and CPU samples (~0.3 ms, reads of /proc) are charged to no stage: taken after `now`, the next lap starts after them.
      mark = profiled ? performance.now() : now
    },
    /** Writes the timings where RECOUNT_PROFILE says, if it says. */
    save: (): void => {
      const file = process.env.RECOUNT_PROFILE
      if (file === undefined || file === "") return
      const rounded = Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, Math.round(v * 10) / 10]))
      const memory = process.memoryUsage()
      const used = process.cpuUsage()
      const { runMs: main, queuedMs: mainQueued } = threadTimes()
      const workers = workerStages.threadCpu ?? 0
      // (`mainQueued`: the main thread's time ready to run but without a core — the machine's load, not the run's work.)
      const threads = main === undefined ? {} : { threads: { main: Math.round(main), workers: Math.round(workers), others: Math.round((used.user + used.system) / 1000 - main - workers), ...(mainQueued === undefined ? {} : { mainQueued: Math.round(mainQueued) }) } }
      writeFileSync(file, `${JSON.stringify({ stages: rounded, v8PoolSize: v8PoolSize(), cpuMs: Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, Math.round(v)])), ...(Object.keys(mainCpu).length === 0 ? {} : { mainCpuMs: Object.fromEntries(Object.entries(mainCpu).map(([k, v]) => [k, Math.round(v * 10) / 10])) }), ...(Object.keys(within).length === 0 ? {} : { within }), ...(Object.keys(workerStages).length === 0 ? {} : { workerStages: Object.fromEntries(Object.entries(workerStages).map(([k, v]) => [k, Math.round(v * 10) / 10])) }), ...(Object.keys(notes).length === 0 ? {} : { notes }), ...threads, maxRssBytes: process.resourceUsage().maxRSS * 1024, heapUsedBytes: memory.heapUsed, maxRssAfterStage: rssAfter, externalBytes: memory.external, rssBytes: memory.rss }, null, 2)}\n`)
    }
  }
}

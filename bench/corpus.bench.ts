/**
 * `make bench`: Recount's speed, measured. Prints a table and writes bench/results.json.
 *
 * 1. Start-up: paired runs (interleaved, medians) of `node -e 0`, `recount --version` and
 *    `recount` on the seeds with the command `make all` and the package's `bin` run (dist/recount,
 *    from its start-up snapshot), and the plain start it falls back to (`node dist/recount.mjs`).
 * 2. Corpus: N generated regional-style articles (bench/generate.ts; deterministic, a few injected
 *    faults) for N = 10, 100, 1,000 (`BENCH_SIZES=10,100` to choose): the command (dist/recount) end to end
 *    (wall, peak RSS from /usr/bin/time or the process's own maxRSS), each stage's time and MB/s
 *    (the command writes them when RECOUNT_PROFILE names a file), output bytes, and the scaling
 *    exponent between sizes (1 = linear). Extract + normalise + audit is given two ways: the
 *    estimate from the full run's profile (the article loop's wall × those stages' share of the
 *    analysing threads' time, `enaMs` below), and measured directly by a second run of the same
 *    corpus with RECOUNT_BENCH_STOP=audit (profile.ts): the same threads analyse every article
 *    through its audit only, nothing is emitted or published, and the article loop's wall is the
 *    three stages' time on the run's path. That run is made three times (`BENCH_STOP_RUNS`) and the
 *    median is the figure; each run's loop is recorded (`extract_normalise_audit_direct_runs_ms`).
 * 3. Emit against DuckDB: the same rows' CSV files (out/*.csv) turned into Parquet by DuckDB's own
 *    `COPY (SELECT * FROM read_csv(…)) TO '….parquet'`, against Recount's emit: its CSV writing and
 *    its Parquet encoding (stage "encode" on the main thread, which includes the Parquet work —
 *    `within.parquet` in the profile —, and with workers the CSV formatting in the workers), both as
 *    it lies on the run's path (plus "parquet-wait", the files' syncs) and as work.
 * Stage CPU times (the process's) are printed beside the wall times: steadier on a shared machine.
 * Asserts nothing: tests never depend on timing.
 */
import { spawnSync } from "node:child_process"
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { cpus, loadavg, tmpdir } from "node:os"
import { join } from "node:path"
import { performance } from "node:perf_hooks"
import { generateCorpus } from "./generate.ts"

const ROOT = new URL("../", import.meta.url).pathname
const BUNDLE = join(ROOT, "dist/recount.mjs")
const SIZES = (process.env.BENCH_SIZES ?? "10,100,1000").split(",").map(Number).filter((n) => n > 0)
/** Runs of the direct extract + normalise + audit measurement per size (`BENCH_STOP_RUNS`); the median is the figure. */
const STOP_RUNS = Math.max(1, Number(process.env.BENCH_STOP_RUNS ?? 3) || 3)
const PAIRS = Number(process.env.BENCH_PAIRS ?? 11)

const median = (xs: ReadonlyArray<number>) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}
const mb = (bytes: number) => bytes / 1e6
const fmt = (n: number, d = 2) => n.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d })

/** The user's command (make all, package.json's bin): the launcher that starts from the start-up snapshot. */
const COMMAND = join(ROOT, "dist/recount")
/**
 * Runs `node args` (or, with `command`, that executable with args), timed, with its peak RSS; the
 * environment is this process's with `env` over it, less the variables named in `unset`.
 */
const run = (args: ReadonlyArray<string>, env: Record<string, string> = {}, command: string = process.execPath, unset: ReadonlyArray<string> = []) => {
  const useTime = existsSync("/usr/bin/time")
  const argv = useTime ? ["/usr/bin/time", "-f", "RSSKB=%M", command, ...args] : [command, ...args]
  const start = performance.now()
  const fullEnv: Record<string, string | undefined> = { ...process.env, ...env }
  for (const name of unset) delete fullEnv[name]
  const r = spawnSync(argv[0]!, argv.slice(1), { cwd: ROOT, encoding: "utf8", env: fullEnv, maxBuffer: 1 << 26 })
  const ms = performance.now() - start
  if (r.error) throw r.error
  const rss = /RSSKB=(\d+)/.exec(r.stderr ?? "")
  return { ms, status: r.status, stdout: r.stdout, stderr: r.stderr, rssBytes: rss ? Number(rss[1]) * 1024 : null }
}

const bytesIn = (dir: string): number =>
  readdirSync(dir, { withFileTypes: true }).reduce((sum, e) => sum + (e.isFile() ? statSync(join(dir, e.name)).size : e.isDirectory() ? bytesIn(join(dir, e.name)) : 0), 0)

if (!existsSync(BUNDLE) || !existsSync(COMMAND)) {
  console.error("bench: dist/recount or dist/recount.mjs is missing; run `make build` (make bench does)")
  process.exit(2)
}
const work = mkdtempSync(join(tmpdir(), "recount-bench-"))
const results: Record<string, unknown> = {
  // The load average (1, 5, 15 min) at the start and the end: on a shared machine, what the wall times mean.
  machine: { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? "unknown", load_average_start: loadavg().map((l) => Math.round(l * 100) / 100) }
}
console.log(`load average at the start: ${loadavg().map((l) => fmt(l)).join(", ")} (${cpus().length} cores)`)
try {
  /**
   * Extract + normalise + audit as time on the run's path (docs/decisions.md, "Parallel analysis"):
   * on one thread, the three stages' laps; with worker threads, the article loop's wall times the
   * share of the analysing threads' summed stage time (the workers', and the main thread's for the
   * articles it analysed ahead of their turn) that went to these three stages (time spent on the
   * other stages, or idle, is not counted). An estimate: the direct measurement stands beside it.
   */
  const enaMs = (p: { stages: Record<string, number>; workerStages?: Record<string, number>; notes?: Record<string, number> }): number => {
    const three = (r: Record<string, number>) => (r.extract ?? 0) + (r.normalise ?? 0) + (r.audit ?? 0)
    const w = p.workerStages
    const loop = p.notes?.analysisWallMs
    if (w === undefined || loop === undefined) return three(p.stages)
    // `threadCpu` (the workers' CPU, profile.ts) is not a stage.
    const all = Object.entries(w).reduce((x, [stage, v]) => (stage === "threadCpu" ? x : x + v), 0)
    // Articles re-analysed on the main thread are in the main thread's laps.
    return (all > 0 ? loop * (three(w) / all) : 0) + three(p.stages)
  }

  // 1. Start-up, paired.
  // The command as the user runs it (dist/recount: from the start-up snapshot), and the plain start
  // (node dist/recount.mjs: the bundle with its code cache) that it falls back to, interleaved.
  // The launcher starts node without NODE_EXTRA_CA_CERTS (scripts/launcher.sh), which `node -e 0`
  // parses at start when the environment sets it (~40 ms here): so `node -e 0` is also timed without
  // it, and the ratios against that stricter baseline are reported beside the user's.
  const certs = process.env.NODE_EXTRA_CA_CERTS !== undefined
  const t = { node: [] as Array<number>, nodeBare: [] as Array<number>, version: [] as Array<number>, seeds: [] as Array<number>, plainVersion: [] as Array<number>, plainSeeds: [] as Array<number> }
  const seedsOut = join(work, "seeds-run")
  const seedsArgs = ["--seeds", "seeds", "--out", join(seedsOut, "out"), "--reports", join(seedsOut, "reports"), "--quiet"]
  for (let i = 0; i < PAIRS; i++) {
    t.node.push(run(["-e", "0"]).ms)
    if (certs) t.nodeBare.push(run(["-e", "0"], {}, process.execPath, ["NODE_EXTRA_CA_CERTS"]).ms)
    t.version.push(run(["--version"], {}, COMMAND).ms)
    const r = run(seedsArgs, {}, COMMAND)
    if (r.status !== 0) throw new Error(`recount on the seeds exited ${r.status}: ${r.stderr}`)
    t.seeds.push(r.ms)
    t.plainVersion.push(run([BUNDLE, "--version"]).ms)
    const p = run([BUNDLE, ...seedsArgs])
    if (p.status !== 0) throw new Error(`node dist/recount.mjs on the seeds exited ${p.status}: ${p.stderr}`)
    t.plainSeeds.push(p.ms)
  }
  const startup = {
    pairs: PAIRS,
    command: "dist/recount",
    node_e0_ms: median(t.node),
    version_ms: median(t.version),
    seeds_ms: median(t.seeds),
    version_ratio: median(t.version) / median(t.node),
    seeds_ratio: median(t.seeds) / median(t.node),
    plain_version_ms: median(t.plainVersion),
    plain_seeds_ms: median(t.plainSeeds),
    plain_seeds_ratio: median(t.plainSeeds) / median(t.node),
    /** `node -e 0` as the launcher starts node (without NODE_EXTRA_CA_CERTS); null when the environment does not set it. */
    node_e0_without_extra_ca_certs_ms: certs ? median(t.nodeBare) : null,
    version_ratio_without_extra_ca_certs: certs ? median(t.version) / median(t.nodeBare) : null,
    seeds_ratio_without_extra_ca_certs: certs ? median(t.seeds) / median(t.nodeBare) : null
  }
  results.startup = startup
  console.log(`\nStart-up (medians of ${PAIRS} paired runs)`)
  console.log(`  node -e 0                      ${fmt(startup.node_e0_ms, 0).padStart(7)} ms`)
  if (startup.node_e0_without_extra_ca_certs_ms !== null) console.log(`  node -e 0 w/o NODE_EXTRA_CA_CERTS ${fmt(startup.node_e0_without_extra_ca_certs_ms, 0).padStart(4)} ms   (the launcher's environment)`)
  const bare = (ratio: number | null) => (ratio === null ? "" : `, ×${fmt(ratio, 1)} without NODE_EXTRA_CA_CERTS for both`)
  console.log(`  recount --version              ${fmt(startup.version_ms, 0).padStart(7)} ms   ×${fmt(startup.version_ratio, 1)} node -e 0${bare(startup.version_ratio_without_extra_ca_certs)}`)
  console.log(`  recount on the seeds (3 art.)  ${fmt(startup.seeds_ms, 0).padStart(7)} ms   ×${fmt(startup.seeds_ratio, 1)} node -e 0${bare(startup.seeds_ratio_without_extra_ca_certs)}`)
  console.log(`  node dist/recount.mjs (plain)  ${fmt(startup.plain_seeds_ms, 0).padStart(7)} ms   ×${fmt(startup.plain_seeds_ratio, 1)} node -e 0 (seeds; --version ${fmt(startup.plain_version_ms, 0)} ms)`)

  // 2. Corpus.
  const corpus: Array<Record<string, number | null | ReadonlyArray<number> | Record<string, number>>> = []
  for (const n of SIZES) {
    const dir = join(work, `corpus-${n}`)
    mkdirSync(dir, { recursive: true })
    let inputBytes = 0
    for (const article of generateCorpus(n, 2004)) {
      writeFileSync(join(dir, article.name), article.text)
      inputBytes += Buffer.byteLength(article.text)
    }
    const profile = join(work, `profile-${n}.json`)
    const outDir = join(work, `run-${n}`)
    const r = run(["--seeds", dir, "--out", join(outDir, "out"), "--reports", join(outDir, "reports"), "--quiet"], { RECOUNT_PROFILE: profile }, COMMAND)
    if (r.status !== 0) throw new Error(`recount on ${n} articles exited ${r.status}: ${r.stderr}`)
    const stages = existsSync(profile)
      ? (JSON.parse(readFileSync(profile, "utf8")) as {
        stages: Record<string, number>
        cpuMs?: Record<string, number>
        workerStages?: Record<string, number>
        notes?: Record<string, number>
        threads?: Record<string, number>
        within?: Record<string, number>
        maxRssBytes: number
      })
      : null
    const stageMs = stages?.stages ?? {}
    const withinMs: Record<string, number> = stages?.within ?? {}
    const ena = enaMs(stages ?? { stages: {} })
    // The direct measurement: the same corpus and threads, stopped after the audit (nothing written).
    // STOP_RUNS runs, one after another; the median run (by its article loop) is the figure and
    // every run's loop is recorded: one run on a shared machine moves ±10–20 % with the load.
    const stops = Array.from({ length: STOP_RUNS }, (_, i) => {
      const stopProfile = join(work, `profile-${n}-stop-${i}.json`)
      const stopped = run(["--seeds", dir, "--out", join(outDir, "stop-out"), "--reports", join(outDir, "stop-reports"), "--quiet"], { RECOUNT_PROFILE: stopProfile, RECOUNT_BENCH_STOP: "audit" }, COMMAND)
      if (stopped.status !== 0) throw new Error(`recount (RECOUNT_BENCH_STOP=audit) on ${n} articles exited ${stopped.status}: ${stopped.stderr}`)
      if (existsSync(join(outDir, "stop-out")) || existsSync(join(outDir, "stop-reports"))) throw new Error("RECOUNT_BENCH_STOP=audit wrote outputs")
      const stop = JSON.parse(readFileSync(stopProfile, "utf8")) as { notes: Record<string, number>; threads?: Record<string, number> }
      return { stopped, stop, loop: stop.notes.analysisWallMs ?? 0 }
    })
    const { stopped, stop } = [...stops].sort((a, b) => a.loop - b.loop)[(stops.length - 1) >> 1]!
    const enaDirect = stop.notes.analysisWallMs ?? 0
    const outBytes = bytesIn(join(outDir, "out"))
    const reportBytes = bytesIn(join(outDir, "reports"))
    const row = {
      articles: n,
      input_mb: mb(inputBytes),
      wall_ms: r.ms,
      peak_rss_mb: mb(r.rssBytes ?? stages?.maxRssBytes ?? 0),
      stage_ms: stageMs,
      stage_cpu_ms: stages?.cpuMs ?? {},
      within_ms: withinMs,
      worker_stage_ms: stages?.workerStages ?? {},
      notes: stages?.notes ?? {},
      thread_cpu_ms: stages?.threads ?? {},
      extract_normalise_audit_ms: ena,
      extract_normalise_audit_mb_s: ena > 0 ? mb(inputBytes) / (ena / 1000) : null,
      extract_normalise_audit_direct_ms: enaDirect,
      extract_normalise_audit_direct_mb_s: enaDirect > 0 ? mb(inputBytes) / (enaDirect / 1000) : null,
      extract_normalise_audit_direct_wall_ms: stopped.ms,
      extract_normalise_audit_direct_runs_ms: stops.map((s) => s.loop),
      extract_normalise_audit_direct_threads: (stop.notes.workers ?? 0) + 1,
      extract_normalise_audit_direct_thread_cpu_ms: stop.threads ?? {},
      out_mb: mb(outBytes),
      reports_mb: mb(reportBytes),
      reports_over_input: reportBytes / inputBytes
    }
    corpus.push(row)
    console.log(`\n${n.toLocaleString("en-US")} articles, ${fmt(row.input_mb)} MB in: ${fmt(r.ms / 1000)} s wall, peak RSS ${fmt(row.peak_rss_mb, 0)} MB, out ${fmt(row.out_mb)} MB, reports ${fmt(row.reports_mb)} MB (×${fmt(row.reports_over_input)} input)`)
    for (const [stage, ms] of Object.entries(stageMs)) {
      const cpu = stages?.cpuMs?.[stage]
      console.log(`  ${stage.padEnd(12)} ${fmt(ms, 0).padStart(8)} ms  ${fmt(mb(inputBytes) / (ms / 1000), 1).padStart(8)} MB/s${cpu === undefined ? "" : `  (CPU ${fmt(cpu, 0)} ms)`}`)
    }
    for (const [stage, ms] of Object.entries(stages?.workerStages ?? {})) if (stage !== "threadCpu") console.log(`  ${stage.padEnd(12)} ${fmt(ms, 0).padStart(8)} ms  summed over ${stages?.notes?.workers ?? "?"} worker threads`)
    if (stages?.threads !== undefined) console.log(`  CPU by thread: ${Object.entries(stages.threads).map(([t, ms]) => `${t} ${fmt(ms, 0)} ms`).join(", ")} (others: V8's helper threads, libuv)`)
    if (stages?.notes?.analysisWallMs !== undefined) console.log(`  article loop ${fmt(stages.notes.analysisWallMs, 0).padStart(8)} ms wall (workers: ${stages.notes.workers}, articles re-analysed on the main thread: ${stages.notes.reanalysed})`)
    for (const [work, ms] of Object.entries(withinMs)) console.log(`  ${work.padEnd(12)} ${fmt(ms, 0).padStart(8)} ms  on the main thread, within the stages above`)
    if (row.extract_normalise_audit_mb_s !== null) console.log(`  extract + normalise + audit: ${fmt(row.extract_normalise_audit_mb_s, 1)} MB/s (estimated from the full run's stage shares)`)
    if (row.extract_normalise_audit_direct_mb_s !== null) console.log(`  extract + normalise + audit: ${fmt(row.extract_normalise_audit_direct_mb_s, 1)} MB/s measured directly (RECOUNT_BENCH_STOP=audit: article loop ${fmt(enaDirect, 0)} ms on ${row.extract_normalise_audit_direct_threads} thread(s), the median of ${stops.length} runs: ${stops.map((s) => fmt(s.loop, 0)).join(", ")} ms; that run's whole command ${fmt(stopped.ms, 0)} ms)`)

    // 3. DuckDB's own COPY on the same rows (the largest size only: it is the one that matters).
    if (n === Math.max(...SIZES)) {
      const { DuckDBInstance } = await import("@duckdb/node-api")
      const instance = await DuckDBInstance.create(":memory:")
      const connection = await instance.connect()
      await connection.run("SET threads = 1")
      const csvs = readdirSync(join(outDir, "out")).filter((f) => f.endsWith(".csv"))
      const start = performance.now()
      for (const csv of csvs) {
        const from = join(outDir, "out", csv).replaceAll("'", "''")
        const to = join(work, csv.replace(/\.csv$/, ".duckdb.parquet")).replaceAll("'", "''")
        await connection.run(`COPY (SELECT * FROM read_csv('${from}')) TO '${to}' (FORMAT parquet, COMPRESSION zstd)`)
      }
      const copyMs = performance.now() - start
      connection.closeSync()
      // Recount's emit: the CSVs written and the Parquet files built as the articles arrive ("encode",
      // which holds the Parquet encoding: within.parquet), then the files synced while the reports are
      // rendered. On the run's path it costs "encode" + "parquet-wait"; as work "encode".
      // With worker threads, each worker encodes its articles' CSV rows ("encode" in workerStages)
      // and the main thread appends them ("encode" in stages): on the run's path the workers' part
      // counts as its share of the article loop's wall (as for extract + normalise + audit); as
      // work, the workers' summed time (inflated when the threads share the cores: an upper bound).
      const workerStages = stages?.workerStages
      const loopMs = stages?.notes?.analysisWallMs
      const workerSum = workerStages === undefined ? 0 : Object.entries(workerStages).reduce((x, [stage, v]) => (stage === "threadCpu" ? x : x + v), 0)
      const workerEncode = workerStages?.encode ?? 0
      const workerEncodeOnPath = loopMs !== undefined && workerSum > 0 ? loopMs * (workerEncode / workerSum) : 0
      const mainEncode = stageMs.encode ?? null
      const csvMs = mainEncode === null ? null : mainEncode + workerEncodeOnPath
      const pathMs = csvMs === null ? null : csvMs + (stageMs["parquet-wait"] ?? 0)
      // The Parquet encoding is done on the main thread, inside "encode" (within.parquet): counted once.
      const workMs = mainEncode === null ? null : mainEncode + workerEncode
      results.emit_vs_duckdb = {
        articles: n,
        duckdb_copy_ms: copyMs,
        recount_csv_ms: csvMs,
        recount_csv_main_ms: mainEncode,
        recount_csv_workers_summed_ms: workerEncode,
        recount_parquet_main_ms: withinMs.parquet ?? null,
        recount_emit_on_path_ms: pathMs,
        recount_emit_work_ms: workMs,
        ratio: pathMs === null ? null : pathMs / copyMs,
        work_ratio: workMs === null ? null : workMs / copyMs
      }
      console.log(`  DuckDB COPY of the same rows (CSV → Parquet, 1 thread): ${fmt(copyMs, 0)} ms`)
      if (pathMs !== null && workMs !== null) {
        console.log(`  Recount's emit on the run's path (CSV + wait for Parquet): ${fmt(pathMs, 0)} ms, ×${fmt(pathMs / copyMs)}; as work (CSV on every thread + Parquet, nothing overlapped): ${fmt(workMs, 0)} ms, ×${fmt(workMs / copyMs)}`)
      }
    }
  }
  results.corpus = corpus
  const scaling: Array<Record<string, number>> = []
  for (let i = 1; i < corpus.length; i++) {
    const a = corpus[i - 1]!
    const b = corpus[i]!
    const k = Math.log((b.articles as number) / (a.articles as number))
    const ena = (r: typeof a) => r.extract_normalise_audit_ms as number
    const entry = {
      from: a.articles as number,
      to: b.articles as number,
      time_ratio: (b.wall_ms as number) / (a.wall_ms as number),
      wall_exponent: Math.log((b.wall_ms as number) / (a.wall_ms as number)) / k,
      extract_normalise_audit_exponent: ena(a) > 0 ? Math.log(ena(b) / ena(a)) / k : NaN,
      extract_normalise_audit_direct_exponent: (a.extract_normalise_audit_direct_ms as number) > 0 ? Math.log((b.extract_normalise_audit_direct_ms as number) / (a.extract_normalise_audit_direct_ms as number)) / k : NaN
    }
    scaling.push(entry)
    console.log(`\nscaling ${entry.from} → ${entry.to} articles: time ×${fmt(entry.time_ratio)} (exponent ${fmt(entry.wall_exponent)} end to end, ${fmt(entry.extract_normalise_audit_exponent)} extract+normalise+audit estimated, ${fmt(entry.extract_normalise_audit_direct_exponent)} measured directly)`)
  }
  results.scaling = scaling
  ;(results.machine as Record<string, unknown>).load_average_end = loadavg().map((l) => Math.round(l * 100) / 100)
  console.log(`\nload average at the end: ${loadavg().map((l) => fmt(l)).join(", ")}`)
  writeFileSync(join(ROOT, "bench/results.json"), `${JSON.stringify(results, null, 2)}\n`)
  console.log("\nwritten: bench/results.json")
} finally {
  rmSync(work, { recursive: true, force: true })
}

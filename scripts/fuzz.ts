/**
 * `make fuzz`: runs N fuzz cases (default 10,000) of test/helpers/fuzz-cases.ts and prints the
 * counts: cases, crashes, hangs, exits 4 on readable input, other bad exits, invalid outputs,
 * unaccounted lines. The first failing inputs are saved to .tmp/fuzz/ for reproduction.
 *
 *   npx tsx scripts/fuzz.ts [--cases N] [--seed S] [--jobs J] [--timeout-ms T] [--full-every K]
 *   npx tsx scripts/fuzz.ts --replay '<case JSON>' | --replay-file .tmp/fuzz/case-…json
 *
 * Cases run in child processes (J at a time, a batch each) so that a hang is detected: a child
 * that reports no finished case within the per-case limit T is killed, the case counted as a hang,
 * and a new child takes the rest of the batch. Most cases run the stages in-process without writing
 * files (fuzz-run.ts `runFast`); every K-th case runs the whole pipeline with files (`runFull`).
 */
import { spawn } from "node:child_process"
import { mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { createInterface } from "node:readline"
import { fileURLToPath } from "node:url"
import { applyCase, type FuzzCase, sampleCases } from "../test/helpers/fuzz-cases.ts"
import { type CaseResult, loadAccounting, runFast, runFull } from "../test/helpers/fuzz-run.ts"

const ROOT = fileURLToPath(new URL("../", import.meta.url))
const SAVE_DIR = join(ROOT, ".tmp", "fuzz")
const SAVE_MAX = 10

interface Args {
  cases: number
  seed: number
  jobs: number
  timeoutMs: number
  fullEvery: number
  batch: number
  child: boolean
  replay: string | null
}

const parseArgs = (argv: ReadonlyArray<string>): Args => {
  const args: Args = { cases: 10_000, seed: 2004, jobs: 2, timeoutMs: 20_000, fullEvery: 200, batch: 1000, child: false, replay: null }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    const value = () => {
      const v = argv[++i]
      if (v === undefined) throw new Error(`${a} needs a value`)
      return v
    }
    const int = () => {
      const n = Number(value())
      if (!Number.isInteger(n) || n < 0) throw new Error(`${a} takes a whole number`)
      return n
    }
    if (a === "--cases") args.cases = int()
    else if (a === "--seed") args.seed = int()
    else if (a === "--jobs") args.jobs = Math.max(1, int())
    else if (a === "--timeout-ms") args.timeoutMs = Math.max(100, int())
    else if (a === "--full-every") args.fullEvery = int()
    else if (a === "--batch") args.batch = Math.max(1, int())
    else if (a === "--child") args.child = true
    else if (a === "--replay") args.replay = value()
    else if (a === "--replay-file") args.replay = JSON.stringify((JSON.parse(readFileSync(value(), "utf8")) as { case: FuzzCase }).case)
    else throw new Error(`unknown argument '${a}'`)
  }
  return args
}

// ---------------------------------------------------------------------------------------------
// Child: reads {index, case, full} lines on stdin, writes {start}/{done} lines on stdout.

const child = async () => {
  await loadAccounting()
  const rl = createInterface({ input: process.stdin })
  for await (const line of rl) {
    if (line.trim() === "") continue
    const { index, case: c, full } = JSON.parse(line) as { index: number; case: FuzzCase; full: boolean }
    process.stdout.write(`${JSON.stringify({ start: index })}\n`)
    let result: CaseResult
    try {
      const { name, text } = applyCase(c)
      result = full ? await runFull(name, text) : runFast(name, text)
    } catch (e) {
      result = { outcome: "crash", message: `harness: ${e instanceof Error ? e.stack : String(e)}`, unaccounted: null, unaccountedLines: [], ms: 0 }
    }
    process.stdout.write(`${JSON.stringify({ done: index, result })}\n`)
  }
}

// ---------------------------------------------------------------------------------------------
// Parent

interface Tally {
  cases: number
  ok: number
  crashes: number
  hangs: number
  exit4: number
  exit3: number
  exit2: number
  invalidOutput: number
  unaccountedCases: number
  unaccountedLines: number
  accounting: boolean
  full: number
  slowest: { index: number; ms: number }
}

const save = (saved: Array<string>, index: number, c: FuzzCase, kind: string, detail: unknown) => {
  if (saved.length >= SAVE_MAX) return
  mkdirSync(SAVE_DIR, { recursive: true })
  const { name, text } = applyCase(c)
  const base = join(SAVE_DIR, `case-${index}-${kind}`)
  writeFileSync(`${base}.json`, `${JSON.stringify({ index, kind, detail, case: c }, null, 2)}\n`)
  writeFileSync(`${base}.txt`, text)
  saved.push(`${base}.json (article: ${base}.txt, as ${name})`)
}

/** Runs cases [from, to) in children, one at a time per child, restarting after a hang. */
const runBatch = (
  args: Args,
  cases: ReadonlyArray<FuzzCase>,
  indices: ReadonlyArray<number>,
  onResult: (index: number, result: CaseResult | "hang") => void
): Promise<void> =>
  new Promise((resolve) => {
    let queue = [...indices]
    const startChild = () => {
      if (queue.length === 0) return resolve()
      const proc = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--child"], {
        cwd: ROOT,
        stdio: ["pipe", "pipe", "inherit"]
      })
      let current: number | null = null
      let timer: NodeJS.Timeout | null = null
      let finished = false
      let progress = false
      const arm = () => {
        if (timer) clearTimeout(timer)
        // The first case also pays the child's start-up (tsx, module loading).
        timer = setTimeout(() => {
          if (current !== null) {
            onResult(current, "hang")
            queue = queue.filter((i) => i !== current)
          }
          finished = true
          proc.kill("SIGKILL")
        }, args.timeoutMs + (current === null || first ? 15_000 : 0))
      }
      let first = true
      arm()
      const rl = createInterface({ input: proc.stdout! })
      rl.on("line", (line) => {
        let msg: { start?: number; done?: number; result?: CaseResult }
        try {
          msg = JSON.parse(line)
        } catch {
          return // stray output of the pipeline
        }
        if (msg.start !== undefined) {
          progress = true
          current = msg.start
          arm()
        } else if (msg.done !== undefined && msg.result) {
          onResult(msg.done, msg.result)
          queue = queue.filter((i) => i !== msg.done)
          current = null
          first = false
          arm()
        }
      })
      proc.on("exit", () => {
        if (timer) clearTimeout(timer)
        if (!finished && current !== null) {
          // The child died inside a case (out of memory, a native crash): a crash of that case.
          onResult(current, { outcome: "crash", message: "the child process died during the case", unaccounted: null, unaccountedLines: [], ms: 0 })
          queue = queue.filter((i) => i !== current)
        }
        if (!progress && !finished) {
          // The child could not even start a case (e.g. a module failed to load): do not loop.
          for (const i of queue) onResult(i, { outcome: "crash", message: "the child process exited before running a case", unaccounted: null, unaccountedLines: [], ms: 0 })
          queue = []
        }
        startChild()
      })
      for (const index of queue) {
        proc.stdin!.write(`${JSON.stringify({ index, case: cases[index], full: args.fullEvery > 0 && index % args.fullEvery === 0 })}\n`)
      }
      proc.stdin!.end()
    }
    startChild()
  })

const parent = async (args: Args) => {
  const started = performance.now()
  const cases = sampleCases(args.seed, args.cases)
  const accounting = (await loadAccounting()) !== null
  const tally: Tally = {
    cases: 0, ok: 0, crashes: 0, hangs: 0, exit4: 0, exit3: 0, exit2: 0, invalidOutput: 0,
    unaccountedCases: 0, unaccountedLines: 0, accounting, full: 0, slowest: { index: -1, ms: 0 }
  }
  const saved: Array<string> = []
  const failures: Array<string> = []
  const onResult = (index: number, r: CaseResult | "hang") => {
    tally.cases++
    const c = cases[index]!
    if (r === "hang") {
      tally.hangs++
      failures.push(`#${index} hang (no result within ${args.timeoutMs} ms)`)
      save(saved, index, c, "hang", `no result within ${args.timeoutMs} ms`)
      return
    }
    if (args.fullEvery > 0 && index % args.fullEvery === 0) tally.full++
    if (r.ms > tally.slowest.ms) tally.slowest = { index, ms: r.ms }
    const kinds: Record<string, keyof Tally> = { crash: "crashes", exit4: "exit4", exit3: "exit3", exit2: "exit2", "invalid-output": "invalidOutput" }
    if (r.outcome === "ok") tally.ok++
    else {
      ;(tally[kinds[r.outcome]!] as number)++
      failures.push(`#${index} ${r.outcome}: ${(r.message ?? "").split("\n")[0]}`)
      save(saved, index, c, r.outcome, r.message)
    }
    if (r.unaccounted !== null && r.unaccounted > 0) {
      tally.unaccountedCases++
      tally.unaccountedLines += r.unaccounted
      failures.push(`#${index} ${r.unaccounted} unaccounted line(s): ${JSON.stringify(r.unaccountedLines).slice(0, 300)}`)
      save(saved, index, c, "unaccounted", r.unaccountedLines)
    }
    if (tally.cases % 1000 === 0) process.stderr.write(`fuzz: ${tally.cases}/${args.cases} cases\n`)
  }
  const batches: Array<Array<number>> = []
  for (let j = 0; j < args.jobs; j++) {
    const mine = cases.map((_, i) => i).filter((i) => i % args.jobs === j)
    for (let k = 0; k < mine.length; k += args.batch) batches.push(mine.slice(k, k + args.batch))
  }
  // J workers, each taking the next batch when done.
  let next = 0
  await Promise.all(Array.from({ length: args.jobs }, async () => {
    while (next < batches.length) {
      const batch = batches[next++]!
      await runBatch(args, cases, batch, onResult)
    }
  }))
  const seconds = (performance.now() - started) / 1000
  const rows: Array<[string, string | number]> = [
    ["cases", tally.cases],
    ["  of which whole pipeline, files written", tally.full],
    ["ok", tally.ok],
    ["crashes (exception or defect)", tally.crashes],
    ["hangs (> per-case limit)", tally.hangs],
    ["exits 4 on readable input", tally.exit4],
    ["exits 3 / 2 (input / usage error)", `${tally.exit3} / ${tally.exit2}`],
    ["invalid outputs (JSON, manifest)", tally.invalidOutput],
    ["unaccounted lines (cases / lines)", tally.accounting ? `${tally.unaccountedCases} / ${tally.unaccountedLines}` : "not checked: pipeline/normalise/accounting.ts is missing"],
    ["slowest case", `#${tally.slowest.index}, ${tally.slowest.ms.toFixed(0)} ms`],
    ["seed / per-case limit / jobs", `${args.seed} / ${args.timeoutMs} ms / ${args.jobs}`],
    ["wall time", `${seconds.toFixed(1)} s`]
  ]
  console.log(rows.map(([k, v]) => `${k.padEnd(42)} ${v}`).join("\n"))
  if (failures.length > 0) {
    console.log(`\nfirst failures:\n${failures.slice(0, 20).map((f) => `  ${f}`).join("\n")}`)
    console.log(`\nsaved for reproduction (npx tsx scripts/fuzz.ts --replay-file <json>):\n${saved.map((s) => `  ${s}`).join("\n")}`)
  }
  const bad = tally.crashes + tally.hangs + tally.exit4 + tally.invalidOutput + tally.unaccountedCases
  process.exitCode = bad > 0 ? 1 : 0
}

const replay = async (json: string) => {
  await loadAccounting()
  const c = JSON.parse(json) as FuzzCase
  const { name, text } = applyCase(c)
  const fast = runFast(name, text)
  console.log("in-process:", JSON.stringify(fast, null, 2))
  const full = await runFull(name, text)
  console.log("whole pipeline:", JSON.stringify(full, null, 2))
  process.exitCode = fast.outcome === "ok" && full.outcome === "ok" ? 0 : 1
}

const args = (() => {
  try {
    return parseArgs(process.argv.slice(2))
  } catch (e) {
    console.error(`fuzz: ${e instanceof Error ? e.message : String(e)}\nusage: npx tsx scripts/fuzz.ts [--cases N] [--seed S] [--jobs J] [--timeout-ms T] [--full-every K] [--replay JSON | --replay-file FILE]`)
    process.exit(2)
  }
})()
if (args.child) await child()
else if (args.replay !== null) await replay(args.replay)
else await parent(args)

/**
 * A short run without V8's optimising compiler. On a few articles (the seeds: 37 KB) the run's
 * functions are hot for a few milliseconds each: TurboFan compiles ~45 of them in its background
 * threads (~100–120 ms of CPU on the seeds, almost half the main thread's own work) and
 * the run ends before most optimised code pays back. On two cores that CPU competed with DuckDB's
 * COPYs (since replaced by Recount's own Parquet writer) and competes with the collector. So when the command analyses everything on its main thread (no worker
 * threads) and the articles are at most SHORT_RUN_BYTES, TurboFan is switched off for the rest of
 * the process (`--no-turbofan`); the interpreter and Sparkplug's baseline code run the same
 * JavaScript, so every output is the same, byte for byte (tested: test/short-run.test.ts compares
 * the seeds' outputs with it and without it). Measured and why this threshold: docs/decisions.md,
 * "The seeds' cold run, seventh pass".
 *
 * Only the command does this (bin.ts calls `asCommand`): a test that imports the pipeline keeps
 * its process's compiler. Never with worker threads: a V8 flag changed at run time changes V8's
 * flag hash, and a worker's code cache (scripts/loader.mjs) made under the other flags would be
 * rejected; nor in the build's training run (RECOUNT_CODE_CACHE_OUT set, scripts/build.mjs), whose
 * code cache, written when it exits, must carry the flags every later start has, or V8 rejects it
 * (and the snapshot builder with it). RECOUNT_TURBOFAN=1 keeps TurboFan on (to measure the
 * difference).
 */
import { setFlagsFromString } from "node:v8"

/** The largest input (characters of article text) a run without TurboFan is chosen for. */
export const SHORT_RUN_BYTES = 64 * 1024

let command = false

/** Called by the command's entry (bin.ts) only: this process is the command's own. */
export const asCommand = (): void => {
  command = true
}

/** Whether a run of `bytes` of articles on `workers` worker threads goes without TurboFan (see above). */
export const isShortRun = (workers: number, bytes: number): boolean => workers === 0 && bytes <= SHORT_RUN_BYTES

let switchedOff = false

/** Switches TurboFan off when this process is the command's and the run is short; says whether it is off. */
export const forShortRun = (workers: number, bytes: number): boolean => {
  if (switchedOff) return true
  if (!command || !isShortRun(workers, bytes) || process.env.RECOUNT_TURBOFAN === "1" || process.env.RECOUNT_CODE_CACHE_OUT) return false
  setFlagsFromString("--no-turbofan")
  switchedOff = true
  return true
}

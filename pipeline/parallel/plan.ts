/**
 * How many worker threads a run uses (`--jobs`), and which script they run.
 *
 * `--jobs N` is the number of threads the article loop keeps busy: N − 1 worker threads analyse
 * the articles, and the main thread merges their replies in article order and writes their rows
 * (`--jobs 1`: the main thread alone does both). Each analysing thread is a V8 isolate that
 * compiles and optimises the analysis code again and collects its own garbage, and the main
 * thread's merge and writes were ~a third of a worker's load, so on two cores one worker beside
 * the main thread costs ~20 % less CPU than two workers beside an idle main thread, or the main
 * thread analysing half the articles itself (docs/decisions.md, "issue 8, fifth pass").
 *
 * A worker costs a start (node's thread, the bundle compiled from its code cache: ~60–120 ms of CPU
 * measured) and a copy of the reference data, so a small corpus is analysed on the main thread:
 * `auto` uses workers only from AUTO_MIN_ARTICLES articles and AUTO_MIN_BYTES of text, one thread
 * per available core (`os.availableParallelism()`), never more than there are articles. An explicit
 * `--jobs N` (N ≥ 2) is obeyed whatever the size (tests force the seeds through workers so).
 */
import { availableParallelism } from "node:os"

export const AUTO_MIN_ARTICLES = 64
export const AUTO_MIN_BYTES = 1536 * 1024

/** The number of worker threads beside the main thread (0: everything on the main thread): N − 1. */
export const workersFor = (jobs: number | "auto" | undefined, articles: number, bytes: number): number => {
  const wanted = jobs === undefined ? 1 : jobs === "auto" ? (articles >= AUTO_MIN_ARTICLES && bytes >= AUTO_MIN_BYTES ? availableParallelism() : 1) : jobs
  if (wanted <= 1 || workerScript() === null) return 0
  // N − 1 workers, never more than there are articles (each worker needs one to analyse).
  return Math.max(0, Math.min(wanted - 1, articles))
}

/**
 * The script a worker runs: the command's loader (scripts/loader.mjs names itself in
 * `globalThis.__recountLoader`), which runs the bundle with its code cache and bin.ts enters
 * worker mode; the bundle itself when it was run without the loader; under tsx, a few lines that
 * register tsx in the worker (its hooks are not inherited by a worker on Node 20) and import
 * worker-entry.ts. Null when none applies (the compiled tests run pipeline modules with plain
 * node): no workers.
 */
export const workerScript = (): { readonly script: string | URL; readonly eval: boolean } | null => {
  const loader = (globalThis as { __recountLoader?: unknown }).__recountLoader
  if (typeof loader === "string") return { script: loader, eval: false }
  const self = import.meta.url
  if (self.endsWith(".cjs")) return { script: new URL(self), eval: false }
  if (self.endsWith(".ts") && process.execArgv.some((a) => a.includes("tsx"))) {
    const entry = new URL("./worker-entry.ts", self).href
    return { script: `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}) })`, eval: true }
  }
  return null
}

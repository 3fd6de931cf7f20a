/**
 * A full garbage collection at the few points of a long run where most of the heap has just become
 * garbage (every ARTICLES_PER_COLLECTION articles, after the analysis, after the reports), so that
 * the peak RSS follows what the run keeps (~200 MB at 1,000 articles) rather than V8's growing
 * old-generation limit (~650 MB of mostly dead per-article objects before its own full GC).
 *
 * Why not a V8 flag (`--max-old-space-size`): any flag on the command line changes V8's flag hash
 * and the bundle's code cache (scripts/loader.mjs) is rejected; a heap-size flag set at run time
 * (`v8.setFlagsFromString`) has no effect (the heap is sized at start). `gc` is obtained by turning
 * `--expose-gc` on for the one `runInNewContext("gc")` and off again at once: the flag hash is
 * back to its value, so the code cache made by the build (and checked at the next start) matches.
 * Short runs (the seeds) never collect: below ARTICLES_PER_COLLECTION nothing is called.
 * With worker threads (pipeline/parallel/) only the main thread collects so (it holds the corpus;
 * counted in articles taken, not analysed): a worker keeps no article after replying, its garbage
 * is young, and flipping the process-wide flag while a worker compiles its bundle from the code
 * cache would make V8 reject that worker's cache.
 */
import { setFlagsFromString } from "node:v8"
import { runInNewContext } from "node:vm"

/** Articles between two collections in the article loop (a collection costs ~50–150 ms). */
export const ARTICLES_PER_COLLECTION = 200

let gc: (() => void) | undefined

const collector = (): (() => void) => {
  if (gc === undefined) {
    setFlagsFromString("--expose-gc")
    try {
      gc = runInNewContext("gc") as () => void
    } finally {
      setFlagsFromString("--no-expose-gc")
    }
  }
  return gc
}

/** Heap bytes in use right after the last collection made here. */
let heapAfterLast = 0

/** A full collection when the run has handled at least ARTICLES_PER_COLLECTION articles. */
export const releaseGarbage = (articles: number): void => {
  if (articles < ARTICLES_PER_COLLECTION) return
  collector()()
  heapAfterLast = process.memoryUsage().heapUsed
}

/**
 * `releaseGarbage` only when the heap in use grew by more than `slack` bytes since the last
 * collection made here, or external (ArrayBuffer) memory exceeds `slack`: between the reports
 * (main.ts), so that their garbage (and the Parquet files' read-back buffers: the run keeps almost
 * no external memory) never piles up by more than `slack`, without a ~50–200 ms collection after a
 * report that left little behind. (External memory is compared whole: right after a collection its
 * count may still include buffers being freed in the background.) Issue 8, ninth pass.
 */
export const releaseGarbageOver = (articles: number, slack: number): void => {
  if (articles < ARTICLES_PER_COLLECTION) return
  const { heapUsed, external } = process.memoryUsage()
  if (heapUsed - heapAfterLast > slack || external > slack) releaseGarbage(articles)
}

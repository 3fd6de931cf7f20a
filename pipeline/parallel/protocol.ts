/**
 * The messages between the main thread (pool.ts) and a worker thread (worker.ts). Articles travel
 * in batches (`Task` lists one way, `Reply` lists the other): each message wakes the thread it is
 * sent to, and a woken main thread took a core from the worker at every reply (see pool.ts).
 */
import type { ArticlePart, Env } from "./analyse.ts"
import type { IdScopes } from "./ids.ts"

/** workerData: marks a thread started as a Recount worker (bin.ts) and gives it its inputs. */
export interface WorkerData {
  /**
   * The inputs every article reads, as the main thread parsed them, copied by the structured clone
   * (plain objects, arrays, Maps and strings only: test/worker-env.test.ts), so that a worker does
   * not parse the reference files again on its way to its first article.
   */
  readonly recountWorker: Env
  /** The bench's RECOUNT_BENCH_STOP (profile.ts): each article stops after its audit. */
  readonly stopAfterAudit: boolean
  /**
   * One Int32 shared with the main thread: the index of the article the worker is analysing (−1
   * before its first), written as each starts, so that a worker that stops mid-batch is reported
   * with the very article it was on, without a message per article.
   */
  readonly analysing: SharedArrayBuffer
}

/** main → worker: analyse article `index` (sent in a `Task` list: a batch, analysed in order). */
export interface Task {
  readonly index: number
  readonly file: string
  readonly text: string
  /**
   * Whether the corpus still keeps flagged / other charts (report/contests.ts keeps the first
   * MAX_FLAGGED and MAX_OTHER): once a list is full, the worker sends none of that kind (the
   * contests are still counted) — the same charts are kept, and ~100 KB per article less is copied.
   */
  readonly charts: { readonly flagged: boolean; readonly other: boolean }
}

/** One table's rows of an article, formatted as CSV records (offset 0) and encoded as UTF-8. */
export interface EncodedTable {
  readonly name: string
  readonly rows: number
  readonly bytes: Uint8Array
}

/**
 * worker → main: the article's part, or the message of what threw (the main thread then analyses
 * it itself); sent as a list, one reply per task of a batch, in the batch's order.
 */
export type Reply =
  | {
    readonly index: number
    readonly ok: true
    /** Null when the run stops after the audit (RECOUNT_BENCH_STOP): then `tables` is empty too. */
    readonly part: ArticlePart | null
    readonly tables: ReadonlyArray<EncodedTable>
    readonly ids: IdScopes
    /** Wall ms per stage in the worker (extract … deliver, encode). */
    readonly stages: Readonly<Record<string, number>>
  }
  | { readonly index: number; readonly ok: false; readonly message: string }

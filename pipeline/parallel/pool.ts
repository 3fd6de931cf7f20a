/**
 * The main thread's side of the parallel run: worker threads (`--jobs N`: N − 1), each running the command's own
 * bundle entered in worker mode (bin.ts), fed articles in order, their replies handed back in
 * article order (a reorder buffer: `result(k)` waits for article k whatever order they finish in).
 *
 * Batched: articles are sent in batches (`batchSize`: 1, 2, 4, then 8 articles), and a worker
 * answers a batch with one message. A message per article woke the main thread ~1,000 times at
 * 1,000 articles, and on two busy cores the woken thread took the core from the worker at each
 * reply (the worker's `postMessage` was ~3–7 % of its profile); the first batches are small so
 * the first replies come as soon as before. The batches are a function of the article index
 * only, never of timing.
 * Bounded: at most `inFlight` articles are sent and not yet taken by the main thread
 * (sent, being analysed, or replied and waiting their turn), and each worker holds at most two
 * batches (one analysed, one queued), so the replies held stay a few dozen articles' worth; and no
 * batch is sent while the articles' text in flight has reached `inFlightChars` (a reply's size
 * follows its article's: a corpus of very large articles is held a few articles at a time, not
 * `inFlight` of them). Either bound only delays a send: which articles a batch holds never changes.
 * A worker that stops (an exit, an uncaught error, a message that cannot be read) fails every
 * pending and later `result` with its message; nothing waits for ever. `close` terminates them.
 */
import { Worker } from "node:worker_threads"
import type { Env } from "./analyse.ts"
import type { Reply, Task, WorkerData } from "./protocol.ts"

/** The largest batch: 8 articles (~1 MB of replies in a full run, a few KB when stopped after the audit). */
export const MAX_BATCH = 8

/** How many articles the batch starting at article k holds (before the corpus' end cuts it): 1, 2, 4, then MAX_BATCH. */
export const batchSize = (k: number): number => Math.min(MAX_BATCH, 2 ** Math.floor(Math.log2(k + 1)))

export interface Pool {
  /** Article k's reply (in any order of calls; each k once). Rejects when a worker failed. */
  readonly result: (k: number) => Promise<Reply>
  /** Article k's reply when it is already in (then taken as by `result`), else undefined: no promise to wait on. */
  readonly ready: (k: number) => Reply | undefined
  /** The messages the workers sent (one per batch). */
  readonly messages: () => number
  /** The main thread is done with article k: another article may be sent. */
  readonly taken: (k: number) => void
  /** The most article text (UTF-16 code units) that was in flight at once. */
  readonly mostChars: () => number
  readonly close: () => Promise<void>
}

export const openPool = (options: {
  readonly script: { readonly script: string | URL; readonly eval: boolean }
  readonly jobs: number
  /** The inputs every article reads: cloned into each worker's workerData. */
  readonly env: Env
  /** Article k's file and text (called once per article, in order, as it is sent). */
  readonly article: (k: number) => Omit<Task, "index">
  readonly total: number
  readonly inFlight: number
  /** Article text (UTF-16 code units) in flight at which no further batch is sent until some is taken (one batch always goes when none is in flight). */
  readonly inFlightChars: number
  /** The bench's RECOUNT_BENCH_STOP: the workers stop each article after its audit. */
  readonly stopAfterAudit: boolean
}): Pool => {
  const { jobs, total } = options
  const replies = new Map<number, Reply>()
  const waiting = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>()
  /** What each worker is analysing (article indices, in the order sent). */
  const busy: Array<Array<number>> = []
  /** How many batches each worker holds (sent, not replied). */
  const batches: Array<number> = []
  let next = 0
  let outstanding = 0
  /** The text of the articles in flight (UTF-16 code units), and each one's. */
  let outstandingChars = 0
  let mostChars = 0
  const charsOf = new Map<number, number>()
  let messages = 0
  let failure: Error | null = null
  let closing = false

  const fail = (error: Error) => {
    if (failure !== null || closing) return
    failure = error
    for (const w of waiting.values()) w.reject(error)
    waiting.clear()
  }
  const fileOf = new Map<number, string>()
  const send = () => {
    // Each worker holds at most two batches (one analysed, one queued), the whole pool `inFlight` articles.
    while (failure === null && next < total) {
      let chosen = -1
      for (let w = 0; w < workers.length; w++) if (batches[w]! < 2 && (chosen === -1 || batches[w]! < batches[chosen]!)) chosen = w
      if (chosen === -1) return
      const size = Math.min(batchSize(next), total - next)
      if (outstanding > 0 && (outstanding + size > options.inFlight || outstandingChars >= options.inFlightChars)) return
      const tasks: Array<Task> = []
      for (let i = 0; i < size; i++) {
        const k = next++
        const article = options.article(k)
        fileOf.set(k, article.file)
        charsOf.set(k, article.text.length)
        outstandingChars += article.text.length
        busy[chosen]!.push(k)
        tasks.push({ index: k, ...article })
      }
      outstanding += size
      mostChars = Math.max(mostChars, outstandingChars)
      batches[chosen]!++
      workers[chosen]!.postMessage(tasks)
    }
  }
  const workers: Array<Worker> = []
  for (let w = 0; w < jobs; w++) {
    const slot = new SharedArrayBuffer(4)
    const current = new Int32Array(slot)
    current[0] = -1
    const workerData: WorkerData = { recountWorker: options.env, stopAfterAudit: options.stopAfterAudit, analysing: slot }
    const worker = new Worker(options.script.script, { eval: options.script.eval, workerData, stdout: false, stderr: false })
    busy.push([])
    batches.push(0)
    const stopped = (why: string, unread = false) => {
      const at = busy[w]!
      // The article it was on (its shared slot), else the first it was sent and did not answer. For
      // a reply that could not be read the worker may still be running (its slot already on a later
      // batch): the unread message is its oldest batch's, whose first article is at[0].
      const on = Atomics.load(current, 0)
      const k = !unread && at.includes(on) ? on : at[0]
      const where = k !== undefined ? ` while analysing ${fileOf.get(k)}` : ""
      fail(new Error(`a worker thread stopped${where}: ${why}`))
    }
    worker.on("message", (batch: ReadonlyArray<Reply>) => {
      messages++
      batches[w]!--
      const at = busy[w]!
      for (const reply of batch) {
        const i = at.indexOf(reply.index)
        if (i >= 0) at.splice(i, 1)
        fileOf.delete(reply.index)
        const waiter = waiting.get(reply.index)
        if (waiter !== undefined) {
          waiting.delete(reply.index)
          waiter.resolve(reply)
        } else replies.set(reply.index, reply)
      }
      send()
    })
    worker.on("error", (e) => stopped(e instanceof Error ? e.message : String(e)))
    worker.on("messageerror", (e) => stopped(`a reply could not be read (${e.message})`, true))
    worker.on("exit", (code) => {
      if (!closing) stopped(`it exited with code ${code}`)
    })
    workers.push(worker)
  }
  send()

  return {
    result: (k) => {
      if (failure !== null) return Promise.reject(failure)
      const reply = replies.get(k)
      if (reply !== undefined) {
        replies.delete(k)
        return Promise.resolve(reply)
      }
      return new Promise<Reply>((resolve, reject) => waiting.set(k, { resolve, reject }))
    },
    ready: (k) => {
      if (failure !== null) return undefined
      const reply = replies.get(k)
      if (reply !== undefined) replies.delete(k)
      return reply
    },
    messages: () => messages,
    taken: (k) => {
      outstanding--
      outstandingChars -= charsOf.get(k) ?? 0
      charsOf.delete(k)
      send()
    },
    mostChars: () => mostChars,
    close: async () => {
      closing = true
      replies.clear()
      await Promise.all(workers.map((w) => w.terminate()))
    }
  }
}

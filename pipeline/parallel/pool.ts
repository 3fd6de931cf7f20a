/**
 * The main thread's side of the parallel run: worker threads (`--jobs N`: N − 1), each running the command's own
 * bundle entered in worker mode (bin.ts), fed articles in order, their replies handed back in
 * article order (a reorder buffer: `result(k)` waits for article k whatever order they finish in).
 *
 * Bounded: at most `inFlight` articles are sent and not yet taken by the main thread
 * (sent, being analysed, or replied and waiting their turn), so the replies held stay a few
 * articles' worth.
 * A worker that stops (an exit, an uncaught error, a message that cannot be read) fails every
 * pending and later `result` with its message; nothing waits for ever. `close` terminates them.
 */
import { Worker } from "node:worker_threads"
import type { EnvTexts } from "./analyse.ts"
import type { Reply, Task, WorkerData } from "./protocol.ts"

export interface Pool {
  /** Article k's reply (in any order of calls; each k once). Rejects when a worker failed. */
  readonly result: (k: number) => Promise<Reply>
  /** The main thread is done with article k: another article may be sent. */
  readonly taken: (k: number) => void
  readonly close: () => Promise<void>
}

export const openPool = (options: {
  readonly script: { readonly script: string | URL; readonly eval: boolean }
  readonly jobs: number
  readonly texts: EnvTexts
  /** Article k's file and text (called once per article, in order, as it is sent). */
  readonly article: (k: number) => Omit<Task, "index">
  readonly total: number
  readonly inFlight: number
  /** The bench's RECOUNT_BENCH_STOP: the workers stop each article after its audit. */
  readonly stopAfterAudit: boolean
}): Pool => {
  const { jobs, total } = options
  const workerData: WorkerData = { recountWorker: options.texts, stopAfterAudit: options.stopAfterAudit }
  const replies = new Map<number, Reply>()
  const waiting = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>()
  /** What each worker is analysing (article indices, in the order sent). */
  const busy: Array<Array<number>> = []
  let next = 0
  let outstanding = 0
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
    // Each worker holds at most two articles (one analysed, one queued), the whole pool `inFlight`.
    while (failure === null && next < total && outstanding < options.inFlight) {
      let chosen = -1
      for (let w = 0; w < workers.length; w++) if (busy[w]!.length < 2 && (chosen === -1 || busy[w]!.length < busy[chosen]!.length)) chosen = w
      if (chosen === -1) return
      const k = next++
      const article = options.article(k)
      fileOf.set(k, article.file)
      busy[chosen]!.push(k)
      outstanding++
      const task: Task = { index: k, ...article }
      workers[chosen]!.postMessage(task)
    }
  }
  const workers: Array<Worker> = []
  for (let w = 0; w < jobs; w++) {
    const worker = new Worker(options.script.script, { eval: options.script.eval, workerData, stdout: false, stderr: false })
    busy.push([])
    const stopped = (why: string) => {
      const at = busy[w]!
      const where = at.length > 0 ? ` while analysing ${fileOf.get(at[0]!)}` : ""
      fail(new Error(`a worker thread stopped${where}: ${why}`))
    }
    worker.on("message", (reply: Reply) => {
      const at = busy[w]!
      const i = at.indexOf(reply.index)
      if (i >= 0) at.splice(i, 1)
      fileOf.delete(reply.index)
      const waiter = waiting.get(reply.index)
      if (waiter !== undefined) {
        waiting.delete(reply.index)
        waiter.resolve(reply)
      } else replies.set(reply.index, reply)
      send()
    })
    worker.on("error", (e) => stopped(e instanceof Error ? e.message : String(e)))
    worker.on("messageerror", (e) => stopped(`a reply could not be read (${e.message})`))
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
    taken: () => {
      outstanding--
      send()
    },
    close: async () => {
      closing = true
      replies.clear()
      await Promise.all(workers.map((w) => w.terminate()))
    }
  }
}

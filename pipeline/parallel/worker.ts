/**
 * A worker thread's side of the parallel run: given the main thread's Env (workerData, cloned),
 * it answers each batch of articles it is sent with one message: the replies reply.ts makes
 * (each article analysed with empty id scopes, its rows encoded as CSV bytes, or the message of
 * what threw), their buffers transferred. Before each article it writes that article's index into
 * the shared `analysing` slot (protocol.ts). workerData's `stopAfterAudit` (the bench's
 * RECOUNT_BENCH_STOP) stops each article after its audit.
 */
import { parentPort, workerData } from "node:worker_threads"
import type { Env } from "./analyse.ts"
import type { Reply, Task, WorkerData } from "./protocol.ts"
import { createCpuMeter, createReplier } from "./reply.ts"

export const runWorker = (env: Env): void => {
  const port = parentPort
  if (port === null) throw new Error("runWorker: not in a worker thread")
  const data = workerData as Partial<WorkerData> | undefined
  const stopAfterAudit = data?.stopAfterAudit === true
  const analysing = data?.analysing === undefined ? new Int32Array(1) : new Int32Array(data.analysing)
  const reply = createReplier(env, { stopAfterAudit, throwOn: process.env.RECOUNT_TEST_WORKER_THROW })
  // This thread's CPU for the profile, once per message (reply.ts).
  const meter = createCpuMeter()
  port.on("message", (tasks: ReadonlyArray<Task>) => {
    const replies: Array<Reply> = []
    const transfer: Array<ArrayBuffer> = []
    for (const task of tasks) {
      Atomics.store(analysing, 0, task.index)
      // A test-only hook (test/parallel.test.ts): the worker thread stops while analysing this article.
      if (process.env.RECOUNT_TEST_WORKER_EXIT === task.file) process.exit(70)
      const made = reply(task)
      replies.push(made.reply)
      for (const buffer of made.transfer) transfer.push(buffer)
    }
    meter(replies)
    port.postMessage(replies, transfer)
  })
}

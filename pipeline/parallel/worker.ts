/**
 * A worker thread's side of the parallel run: it makes its own Env from the texts it is given,
 * then answers each article it is sent with the reply reply.ts makes (the article analysed with
 * empty id scopes, its rows encoded as CSV bytes, or the message of what threw). workerData's
 * `stopAfterAudit` (the bench's RECOUNT_BENCH_STOP) stops each article after its audit.
 */
import { parentPort, workerData } from "node:worker_threads"
import { envOf, type EnvTexts } from "./analyse.ts"
import type { Task, WorkerData } from "./protocol.ts"
import { createReplier } from "./reply.ts"

export const runWorker = (texts: EnvTexts): void => {
  const port = parentPort
  if (port === null) throw new Error("runWorker: not in a worker thread")
  const stopAfterAudit = (workerData as Partial<WorkerData> | undefined)?.stopAfterAudit === true
  const reply = createReplier(envOf(texts), { stopAfterAudit, threadCpu: true })
  port.on("message", (task: Task) => {
    // A test-only hook (test/parallel.test.ts): the worker thread stops while analysing this article.
    if (process.env.RECOUNT_TEST_WORKER_EXIT === task.file) process.exit(70)
    const { reply: message, transfer } = reply(task)
    port.postMessage(message, transfer as Array<ArrayBuffer>)
  })
}

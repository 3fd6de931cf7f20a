/**
 * A worker thread's side of the parallel run: it makes its own Env from the texts it is given,
 * then analyses each article it is sent with empty id scopes (ids.ts), formats the article's table
 * rows as CSV records and encodes them as UTF-8 (their buffers are transferred, not copied), and
 * replies with the article's part. Whatever throws is replied as a message: the main thread then
 * analyses that article itself, so a failure is the same as with --jobs 1.
 */
import { parentPort } from "node:worker_threads"
import { performance } from "node:perf_hooks"
import { articleTables } from "../emit/emit.ts"
import { csvParts } from "../emit/csv.ts"
import { createArticleAnalyser, envOf, type EnvTexts } from "./analyse.ts"
import { clearScopes, newScopes } from "./ids.ts"
import type { EncodedTable, Reply, Task } from "./protocol.ts"

export const runWorker = (texts: EnvTexts): void => {
  const port = parentPort
  if (port === null) throw new Error("runWorker: not in a worker thread")
  const scopes = newScopes()
  const analyse = createArticleAnalyser(envOf(texts), scopes)
  const encoder = new TextEncoder()
  port.on("message", (task: Task) => {
    // A test-only hook (test/parallel.test.ts): the worker thread stops while analysing this article.
    if (process.env.RECOUNT_TEST_WORKER_EXIT === task.file) process.exit(70)
    clearScopes(scopes)
    const stages: Record<string, number> = {}
    let mark = performance.now()
    const lap = (stage: string) => {
      const now = performance.now()
      stages[stage] = (stages[stage] ?? 0) + (now - mark)
      mark = now
    }
    let reply: Reply
    const transfer: Array<ArrayBuffer> = []
    try {
      const analysed = analyse(task, lap)
      const { dataset, corrections } = analysed
      const charts = analysed.part.charts
      const part = task.charts.flagged && task.charts.other
        ? analysed.part
        : { ...analysed.part, charts: { contests: charts.contests, charts: charts.charts.filter((c) => (c.flagged ? task.charts.flagged : task.charts.other)) } }
      const tables: Array<EncodedTable> = []
      for (const { def, rows } of articleTables(dataset, corrections)) {
        // The same text as the emitter's `csvParts.records(def, rows, offset)`: the offset only
        // numbers a row in the error of a value that does not fit (which throws here, and the main
        // thread then writes the article itself, with the right offset in its message).
        const bytes = rows.length === 0 ? new Uint8Array(0) : encoder.encode(csvParts.records(def, rows, 0))
        tables.push({ name: def.name, rows: rows.length, bytes })
        transfer.push(bytes.buffer as ArrayBuffer)
      }
      lap("encode")
      reply = { index: task.index, ok: true, part, tables, ids: scopes, stages }
    } catch (e) {
      reply = { index: task.index, ok: false, message: e instanceof Error ? e.message : String(e) }
      transfer.length = 0
    }
    port.postMessage(reply, transfer)
  })
}

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
import { byteSink, csvBytes } from "../emit/csv.ts"
import { profiling, threadCpuMs } from "../profile.ts"
import { createArticleAnalyser, envOf, type EnvTexts } from "./analyse.ts"
import { clearScopes, newScopes } from "./ids.ts"
import type { EncodedTable, Reply, Task } from "./protocol.ts"

export const runWorker = (texts: EnvTexts): void => {
  const port = parentPort
  if (port === null) throw new Error("runWorker: not in a worker thread")
  const scopes = newScopes()
  const analyse = createArticleAnalyser(envOf(texts), scopes)
  // With RECOUNT_PROFILE: this thread's CPU since its previous reply (profile.ts sums it as `threadCpu`).
  const measure = profiling()
  let cpuMark = 0
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
      // Every table's rows encoded by the emitter's own byte writer (`csvBytes.recordBytes`) into
      // one buffer, handed over (transferred, not copied) as one view per table. The offset only
      // numbers a row in the error of a value that does not fit (which throws here, and the main
      // thread then writes the article itself, with the right offset in its message).
      const sink = byteSink(1 << 16)
      const spans: Array<{ readonly name: string; readonly rows: number; readonly start: number; readonly end: number }> = []
      for (const { def, rows } of articleTables(dataset, corrections)) {
        const start = sink.pos
        if (rows.length > 0) csvBytes.recordBytes(def, rows, 0, sink)
        spans.push({ name: def.name, rows: rows.length, start, end: sink.pos })
      }
      // A buffer of its own (byteSink's are never from Node's shared pool), so it can be transferred.
      const own = sink.buf.byteOffset === 0 && sink.buf.buffer.byteLength === sink.buf.length ? sink.buf : Buffer.from(sink.buf)
      const tables: Array<EncodedTable> = spans.map((t) => ({ name: t.name, rows: t.rows, bytes: own.subarray(t.start, t.end) }))
      transfer.push(own.buffer as ArrayBuffer)
      lap("encode")
      if (measure) {
        const cpu = threadCpuMs()
        if (cpu !== undefined) {
          stages.threadCpu = cpu - cpuMark
          cpuMark = cpu
        }
      }
      reply = { index: task.index, ok: true, part, tables, ids: scopes, stages }
    } catch (e) {
      reply = { index: task.index, ok: false, message: e instanceof Error ? e.message : String(e) }
      transfer.length = 0
    }
    port.postMessage(reply, transfer)
  })
}

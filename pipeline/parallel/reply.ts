/**
 * One article analysed into the reply a worker thread sends (protocol.ts `Reply`), apart from the
 * thread's plumbing (worker.ts). The article is analysed with id scopes of the worker's own,
 * emptied before each article (ids.ts: the main thread checks that they are fresh; the reply holds a
 * copy, as a batch's replies are sent together), its table rows formatted as CSV records by the emitter's own byte writer and
 * encoded as UTF-8 in one buffer (transferred, not copied, when it crosses threads). Whatever
 * throws becomes a failed reply: the main thread then analyses that article in order itself, so a
 * failure reads as with --jobs 1.
 *
 * With `stopAfterAudit` (the bench's RECOUNT_BENCH_STOP, profile.ts) only extract → normalise →
 * audit run, and the reply carries no part and no tables.
 */
import { performance } from "node:perf_hooks"
import { articleTables } from "../emit/emit.ts"
import { byteSink, csvBytes } from "../emit/csv.ts"
import { profiling, threadTimes } from "../profile.ts"
import { createArticleAnalyser, createAuditOnlyAnalyser, type Env } from "./analyse.ts"
import { clearScopes, copyScopes, newScopes } from "./ids.ts"
import type { EncodedTable, Reply, Task } from "./protocol.ts"

export const createReplier = (env: Env, options: {
  readonly stopAfterAudit: boolean
  /**
   * A test-only hook (test/parallel.test.ts, RECOUNT_TEST_WORKER_THROW in worker.ts): the analysis
   * of this file throws here only, so that the main thread's analysis of it again is what the run keeps.
   */
  readonly throwOn?: string | undefined
}) => {
  const scopes = newScopes()
  const analyse = options.stopAfterAudit ? null : createArticleAnalyser(env, scopes)
  const auditOnly = options.stopAfterAudit ? createAuditOnlyAnalyser(env, scopes) : null
  return (task: Task): { readonly reply: Reply; readonly transfer: ReadonlyArray<ArrayBuffer> } => {
    clearScopes(scopes)
    const stages: Record<string, number> = {}
    let mark = performance.now()
    const lap = (stage: string) => {
      const now = performance.now()
      stages[stage] = (stages[stage] ?? 0) + (now - mark)
      mark = now
    }
    try {
      if (task.file === options.throwOn) throw new Error(`injected worker failure (RECOUNT_TEST_WORKER_THROW) in ${task.file}`)
      if (auditOnly !== null) {
        auditOnly(task, lap)
        return { reply: { index: task.index, ok: true, part: null, tables: [], ids: copyScopes(scopes), stages }, transfer: [] }
      }
      const analysed = analyse!(task, lap)
      const { dataset, corrections } = analysed
      const charts = analysed.part.charts
      const part = task.charts.flagged && task.charts.other
        ? analysed.part
        : { ...analysed.part, charts: { contests: charts.contests, charts: charts.charts.filter((c) => (c.flagged ? task.charts.flagged : task.charts.other)) } }
      // Every table's rows encoded by the emitter's own byte writer (`csvBytes.recordBytes`) into
      // one buffer, handed over as one view per table. The offset only numbers a row in the error
      // of a value that does not fit (which throws here, and the main thread then writes the
      // article itself, with the right offset in its message).
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
      lap("encode")
      return { reply: { index: task.index, ok: true, part, tables, ids: copyScopes(scopes), stages }, transfer: [own.buffer as ArrayBuffer] }
    } catch (e) {
      return { reply: { index: task.index, ok: false, message: e instanceof Error ? e.message : String(e) }, transfer: [] }
    }
  }
}

/**
 * A worker's CPU meter (with RECOUNT_PROFILE): `measure(replies)` gives the first successful reply
 * of a message this thread's CPU since the previous measurement (`stages.threadCpu`) and its wait
 * for a core (`stages.threadQueued`: the machine's load, or the process' other threads), read once
 * per message from /proc/thread-self/schedstat, which gives both. The main thread sums them, so a
 * message's figures on one of its replies sum as one per reply did; reading the file twice per
 * article (~20-70 µs a read) was ~2-7 % of the worker's CPU per article in a profiled run (issue
 * 8, eleventh pass). A message with no successful reply leaves its CPU to the next one. Without
 * RECOUNT_PROFILE nothing is read.
 */
export const createCpuMeter = (): ((replies: ReadonlyArray<Reply>) => void) => {
  if (!profiling()) return () => {}
  let cpuMark = 0
  let queuedMark = 0
  return (replies) => {
    const first = replies.find((r) => r.ok)
    if (first === undefined || !first.ok) return
    const { runMs, queuedMs } = threadTimes()
    if (runMs === undefined) return
    const stages = first.stages as Record<string, number>
    stages.threadCpu = runMs - cpuMark
    cpuMark = runMs
    if (queuedMs !== undefined) {
      stages.threadQueued = queuedMs - queuedMark
      queuedMark = queuedMs
    }
  }
}

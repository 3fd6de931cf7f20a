/**
 * A worker's CPU meter for the profile (pipeline/parallel/reply.ts `createCpuMeter`, issue 8,
 * eleventh pass): one reading of this thread's CPU per message, given to the message's first
 * successful reply, so that the figures the main thread sums are the thread's CPU, read once per
 * message instead of twice per article; nothing without RECOUNT_PROFILE.
 */
import test from "ava"
import { createCpuMeter } from "../pipeline/parallel/reply.ts"
import type { Reply } from "../pipeline/parallel/protocol.ts"
import { schedstat } from "../pipeline/profile.ts"

const ok = (index: number): Reply => ({ index, ok: true, part: null, tables: [], ids: { elections: [], findings: [], faults: [], anomalies: [] } as never, stages: {} })
const failed = (index: number): Reply => ({ index, ok: false, message: "x" })
const stagesOf = (r: Reply) => (r.ok ? r.stages : {}) as Record<string, number>
const spin = (ms: number) => {
  const until = Date.now() + ms
  let x = 0
  while (Date.now() < until) x++
  return x
}

test.serial("without RECOUNT_PROFILE nothing is read or set", (t) => {
  const before = process.env.RECOUNT_PROFILE
  delete process.env.RECOUNT_PROFILE
  try {
    const replies = [ok(0), ok(1)]
    createCpuMeter()(replies)
    t.deepEqual(replies.map(stagesOf), [{}, {}])
  } finally {
    if (before !== undefined) process.env.RECOUNT_PROFILE = before
  }
})

test.serial("one reading per message, on its first successful reply; the readings sum to the thread's CPU", (t) => {
  if (schedstat() === undefined) return t.pass("no /proc/thread-self/schedstat here")
  const before = process.env.RECOUNT_PROFILE
  process.env.RECOUNT_PROFILE = "unused.json"
  try {
    const meter = createCpuMeter()
    const messages = [[ok(0)], [ok(1), ok(2), failed(3)], [failed(4)], [failed(5), ok(6), ok(7)]]
    // This thread's CPU just before and just after each message's reading (the clock only goes forward).
    const around: Array<{ before: number; after: number }> = []
    for (const m of messages) {
      spin(2)
      const b = schedstat()!.runMs
      meter(m)
      around.push({ before: b, after: schedstat()!.runMs })
    }
    const given = messages.flat().map((r) => stagesOf(r))
    // Readings only on replies 0, 1 and 6 (the failing-only message leaves its CPU to the next one).
    t.deepEqual(given.map((s) => Object.keys(s).sort().join(",")), ["threadCpu,threadQueued", "threadCpu,threadQueued", "", "", "", "", "threadCpu,threadQueued", ""])
    for (const s of given) if (s.threadCpu !== undefined) t.true(s.threadCpu >= 0 && s.threadQueued! >= 0)
    // Each reading is the CPU since the previous one: they sum to the last reading, and the last one
    // spans the failing-only message too.
    const sum = given.reduce((n, s) => n + (s.threadCpu ?? 0), 0)
    t.true(sum >= around[3]!.before && sum <= around[3]!.after, `${sum} within [${around[3]!.before}, ${around[3]!.after}]`)
    t.true(given[6]!.threadCpu! >= around[3]!.before - around[1]!.after)
    t.true(given[6]!.threadCpu! <= around[3]!.after - around[1]!.before)
  } finally {
    if (before === undefined) delete process.env.RECOUNT_PROFILE
    else process.env.RECOUNT_PROFILE = before
  }
})

/**
 * ids.ts `memoString` keys a new entry by a copy of its text (`ownString`), so a cached cell or
 * label — a slice of its article's text in V8 — no longer keeps the whole article alive. Measured
 * here as the heap a cache holds after a full garbage collection: 64 distinct 1 MiB "articles",
 * one short slice of each memoised, the articles then dropped. The control does the same with a
 * plain Map keyed by the slices, and must hold the articles (≥ 48 MiB), so the measure can tell
 * the two apart; the memoised cache must hold less than 8 MiB. `slug`, the memo the pipeline calls
 * most, is held to the same.
 */
import { setFlagsFromString } from "node:v8"
import { runInNewContext } from "node:vm"
import test from "ava"
import { memoString, ownString, slug } from "../pipeline/normalise/ids.ts"

setFlagsFromString("--expose-gc")
const gc = runInNewContext("gc") as () => void

const MiB = 1 << 20
const ARTICLES = 64

/** A fresh, flat 1 MiB one-byte string whose first characters tell it from the others. */
const article = (i: number): string => {
  const text = `Article ${String(i).padStart(4, "0")} of the corpus ` + Buffer.alloc(MiB, 0x61).toString("latin1")
  text.charCodeAt(5) // flattened: a slice of it refers to this one string
  return text
}

/** Heap used after a full collection, in bytes. */
const heap = (): number => {
  gc()
  gc()
  return process.memoryUsage().heapUsed
}

/** Feeds one 40-character slice of each article to `keep`, drops the articles, and returns the heap it grew by. */
const retainedBy = (keep: (slice: string) => void): number => {
  const before = heap()
  for (let i = 0; i < ARTICLES; i++) keep(article(i).slice(0, 40))
  return heap() - before
}

test("the control: a Map keyed by slices of the articles keeps the articles alive", (t) => {
  const naive = new Map<string, string>()
  const grown = retainedBy((s) => naive.set(s, s.slice(0, 12)))
  t.true(grown >= 48 * MiB, `grew ${(grown / MiB).toFixed(1)} MiB`)
  t.is(naive.size, ARTICLES)
})

test("memoString keeps its entries, not the articles they were sliced from", (t) => {
  let calls = 0
  const memo = memoString((text: string) => {
    calls++
    return { head: text.slice(0, 12), length: text.length } // a value holding a slice of its key
  })
  const keys: Array<string> = []
  const grown = retainedBy((s) => {
    keys.push(ownString(s))
    memo(s)
  })
  t.true(grown < 8 * MiB, `grew ${(grown / MiB).toFixed(1)} MiB`)
  t.is(calls, ARTICLES)
  // Still a cache: the same texts, made afresh, are answered from it, with the same values.
  for (const k of keys) t.deepEqual(memo(` ${k}`.slice(1)), { head: k.slice(0, 12), length: 40 })
  t.is(calls, ARTICLES)
})

test("slug keeps its entries, not the articles they were sliced from", (t) => {
  const slugs: Array<string> = []
  const grown = retainedBy((s) => slugs.push(slug(s)))
  t.true(grown < 8 * MiB, `grew ${(grown / MiB).toFixed(1)} MiB`)
  t.is(slugs[3], "article-0003-of-the-corpus-aaaaaaaaaaaaa")
})

test("ownString has the same characters and shares no storage", (t) => {
  for (const s of ["", "a", "é–x", "twelve chars", "thirteen char", "a longer text – with a dash"]) t.is(ownString(s), s)
  const copies: Array<string> = []
  const grown = retainedBy((s) => copies.push(ownString(s)))
  t.true(grown < 8 * MiB, `grew ${(grown / MiB).toFixed(1)} MiB`)
  t.is(copies.length, ARTICLES)
})

/**
 * The parallel run's batches (pipeline/parallel/pool.ts `batchSize`): articles go to the workers
 * 1, 2, 4, then MAX_BATCH at a time, so that the first replies come early and the rest with one
 * message per MAX_BATCH articles. Walking the sizes from article 0 covers every article once, in
 * order, for any corpus size, and the number of messages grows as articles ÷ MAX_BATCH.
 */
import test from "ava"
import { batchSize, MAX_BATCH } from "../pipeline/parallel/pool.ts"

const batchesOf = (total: number): Array<Array<number>> => {
  const batches: Array<Array<number>> = []
  for (let k = 0; k < total;) {
    const size = Math.min(batchSize(k), total - k)
    batches.push(Array.from({ length: size }, (_, i) => k + i))
    k += size
  }
  return batches
}

test("the first batches hold 1, 2 and 4 articles, every later one MAX_BATCH", (t) => {
  t.deepEqual(batchesOf(20).map((b) => b.length), [1, 2, 4, 8, 5])
  for (let k = 7; k < 5000; k++) t.is(batchSize(k), MAX_BATCH)
})

test("the batches cover every article once, in order, for every corpus size up to 300", (t) => {
  for (let total = 0; total <= 300; total++) {
    const batches = batchesOf(total)
    t.deepEqual(batches.flat(), Array.from({ length: total }, (_, k) => k))
    t.true(batches.every((b) => b.length >= 1 && b.length <= MAX_BATCH))
    // Three small batches, then one message per MAX_BATCH articles.
    if (total > 7) t.is(batches.length, 3 + Math.ceil((total - 7) / MAX_BATCH))
  }
})

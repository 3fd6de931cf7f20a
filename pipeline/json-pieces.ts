/**
 * `JSON.stringify(value, null, gap)` as pieces: the same characters, never one whole string.
 *
 * Why: a corpus' SARIF log and index.html's data are tens of MB of JSON (~30 and ~21 MB at 3,000
 * articles); stringified whole, the text (and, for the page, its escaped copy) and every object
 * behind it were alive at once at the report stage's peak (issue 8, ninth pass). Here objects and
 * arrays are opened down to `depth` levels and each value below is stringified alone, so the writer
 * (emit.ts `writePieces`) takes a piece at a time. A `lazyArray` is written as the array of what its
 * iterable yields, made while it is written: the elements need never exist all at once (the SARIF
 * log's results). A lazy array must lie within the levels opened (a value below them is handed to
 * JSON.stringify whole, which does not know it).
 *
 * Same bytes as JSON.stringify (test/json-pieces.test.ts, fast-check): keys in `Object.keys` order,
 * undefined, functions and symbols left out of objects and written `null` in arrays (holes too),
 * a value with `toJSON` handed to JSON.stringify whole; with a gap, a value below the split is
 * stringified with the same gap and re-indented (a raw line break in JSON text is always
 * structural: strings escape theirs).
 */

/** An array written from an iterable as it is consumed (JSON.stringify itself does not know it: only `jsonPieces` writes it). */
export class LazyArray<A> {
  constructor(readonly items: Iterable<A>) {}
}

export const lazyArray = <A>(items: Iterable<A>): LazyArray<A> => new LazyArray(items)

/** The characters of `JSON.stringify(value, null, gap)`, in pieces; objects and arrays opened `depth` levels deep. */
export function* jsonPieces(value: unknown, gap: string, depth: number): Generator<string> {
  yield* valuePieces(value, gap, "", depth, "null")
}

/** True where JSON.stringify writes nothing for a property (and `null` in an array). */
const omitted = (v: unknown): boolean => v === undefined || typeof v === "function" || typeof v === "symbol"

function* valuePieces(value: unknown, gap: string, indent: string, depth: number, ifOmitted: string): Generator<string> {
  if (omitted(value)) {
    yield ifOmitted
    return
  }
  if (value instanceof LazyArray) {
    yield* elementPieces(value.items, gap, indent, depth)
    return
  }
  if (depth <= 0 || value === null || typeof value !== "object" || typeof (value as { toJSON?: unknown }).toJSON === "function") {
    const text = JSON.stringify(value, null, gap)
    yield gap === "" || indent === "" ? text : text.replaceAll("\n", `\n${indent}`)
    return
  }
  if (Array.isArray(value)) {
    yield* elementPieces(arrayItems(value), gap, indent, depth)
    return
  }
  const inner = indent + gap
  const record = value as Record<string, unknown>
  let first = true
  for (const key of Object.keys(record)) {
    const v = record[key]
    if (omitted(v)) continue
    yield `${first ? "{" : ","}${gap === "" ? "" : `\n${inner}`}${JSON.stringify(key)}${gap === "" ? ":" : ": "}`
    first = false
    yield* valuePieces(v, gap, inner, depth - 1, "null")
  }
  yield first ? "{}" : gap === "" ? "}" : `\n${indent}}`
}

/** An array's elements by index, holes included (as JSON.stringify reads them). */
function* arrayItems(array: ReadonlyArray<unknown>): Generator<unknown> {
  for (let i = 0; i < array.length; i++) yield array[i]
}

function* elementPieces(items: Iterable<unknown>, gap: string, indent: string, depth: number): Generator<string> {
  const inner = indent + gap
  let first = true
  for (const item of items) {
    yield `${first ? "[" : ","}${gap === "" ? "" : `\n${inner}`}`
    first = false
    yield* valuePieces(item, gap, inner, depth - 1, "null")
  }
  yield first ? "[]" : gap === "" ? "]" : `\n${indent}]`
}

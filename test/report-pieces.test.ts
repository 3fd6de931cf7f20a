/**
 * Reports written in pieces (issue 8, memory): the stage writer encodes, writes and hashes a
 * renderer's pieces a chunk at a time, and the renderers never build the whole report as one
 * string. Checked: the file holds exactly the joined pieces (any Unicode, chunk boundaries
 * included) with the size and sha256 it reports; on generated articles, the JSON, Markdown, HTML
 * and SARIF renderers' largest piece is a small fraction of the report, and the pieces make the
 * same text as the string renderers.
 */
import { createHash } from "node:crypto"
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import test from "ava"
import fc from "fast-check"
import { jsonPieces, markdownPieces, renderJson, renderMarkdown } from "../pipeline/audit/report.ts"
import { writePieces } from "../pipeline/emit/emit.ts"
import { buildView, streamedView } from "../pipeline/report/view.ts"
import { htmlPieces, renderHtml } from "../pipeline/report/html.ts"
import { renderSarif, sarifPieces } from "../pipeline/deliver/sarif.ts"
import { rules } from "../pipeline/audit/rules/index.ts"
import { analyseCorpus } from "./helpers/analyse-corpus.ts"
import { binaryUnit } from "./helpers/binary-unit.ts"

const written = (pieces: ReadonlyArray<string>) => {
  const dir = mkdtempSync(join(tmpdir(), "recount-pieces-"))
  try {
    const file = join(dir, "report")
    const fd = openSync(file, "wx")
    let result: { readonly bytes: number; readonly sha256: string }
    try {
      result = writePieces(fd, pieces)
    } finally {
      closeSync(fd)
    }
    return { ...result, content: readFileSync(file) }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const check = (pieces: ReadonlyArray<string>) => {
  const expected = Buffer.from(pieces.join(""), "utf8")
  const { bytes, sha256, content } = written(pieces)
  return content.equals(expected) && bytes === expected.length && sha256 === createHash("sha256").update(expected).digest("hex")
}

test("writePieces writes exactly the joined pieces and reports their size and sha256 (any Unicode)", (t) => {
  fc.assert(fc.property(fc.array(fc.string({ unit: binaryUnit }), { maxLength: 30 }), (pieces) => check(pieces)), { numRuns: 200 })
  t.pass()
})

test("writePieces across chunk boundaries: several MB of multi-byte pieces, odd sizes", (t) => {
  // ~3.3 M characters in pieces of 1 to 4,000 characters mixing 1-, 2-, 3- and 4-byte UTF-8.
  const alphabet = ["a", "é", "—", "𝄞", "\n", "\""]
  const pieces: Array<string> = []
  for (let i = 0, total = 0; total < 3_300_000; i++) {
    const size = 1 + ((i * 7919) % 4000)
    let piece = ""
    for (let j = 0; j < size; j++) piece += alphabet[(i + j * 31) % alphabet.length]
    pieces.push(piece)
    total += piece.length
  }
  t.true(check(pieces))
  t.true(check([]))
  t.true(check(["", "", "x", ""]))
})

test("writePieces: runs of tiny pieces, and pieces larger than its buffer, between them", (t) => {
  // Tiny pieces are gathered into short runs first; a piece of more than a third of the 1 MiB
  // buffer (in characters) is encoded on its own; both at every position against the buffer's end.
  const tiny = Array.from({ length: 300_000 }, (_, i) => ["\n", "é", ", ", "—", "𝄞", "ab"][i % 6]!)
  const huge = "é—x".repeat(150_000)
  t.true(check([...tiny, huge, ...tiny.slice(0, 1234), huge, "z"]))
  t.true(check([huge]))
  t.true(check(["a".repeat(255), "b".repeat(256), ...tiny.slice(0, 5000), "c".repeat(1 << 20)]))
})

test("the reports are pieces none of which is more than a small part of the report", (t) => {
  const { report, diagnosis, documents, deliveries } = analyseCorpus(40)
  const reports = [
    { name: "anomalies.json", pieces: [...jsonPieces(report, diagnosis)], whole: renderJson(report, diagnosis) },
    { name: "anomalies.md", pieces: [...markdownPieces(report, documents, diagnosis)], whole: renderMarkdown(report, documents, diagnosis) },
    (() => {
      // The run's view makes its faults and findings as they are written (streamedView): the same page as buildView's.
      const input = { report, documents, diagnosis, charts: [], contests: 0 }
      return { name: "index.html", pieces: [...htmlPieces(streamedView(input))], whole: renderHtml(buildView(input)) }
    })(),
    { name: "anomalies.sarif", pieces: [...sarifPieces(deliveries, "corpus", rules, report.anomalies, "0")], whole: renderSarif(deliveries, "corpus", rules, report.anomalies, "0") }
  ]
  for (const { name, pieces, whole } of reports) {
    t.is(pieces.join(""), whole, `${name}: the pieces make the report`)
    // index.html's data island (the view as JSON) and the SARIF log's results are written an element
    // at a time (issue 8, ninth pass); fixed texts are not counted: the page's own style and script,
    // the SARIF driver's catalogue of rules.
    const fixed = (p: string) => p.startsWith("<style>") || p.startsWith("<script>") || p.includes(`"rules": [`)
    const largest = Math.max(...pieces.filter((p) => !fixed(p)).map((p) => p.length))
    t.true(largest < whole.length / 20, `${name}: largest piece ${largest} of ${whole.length} characters`)
  }
  JSON.parse(reports[0]!.pieces.join(""))
  t.true(deliveries.some((d) => d.faults.length > 0))
  t.true((JSON.parse(reports[3]!.whole) as { runs: Array<{ results: Array<unknown> }> }).runs[0]!.results.length > 0)
})

test("writePieces: a piece larger than its buffer is encoded in slices — surrogate pairs and lone surrogates at every slice boundary", (t) => {
  // The slices are of 349,525 characters (a third of the 1 MiB buffer): pairs are placed across
  // the first boundaries, lone high and low surrogates right before and after them.
  const slice = Math.floor((1 << 20) / 3)
  for (const shift of [-2, -1, 0, 1]) {
    const chars: Array<string> = Array.from({ length: 3 * slice + 7 }, (_, i) => (i % 5 === 0 ? "é" : "a"))
    for (const k of [1, 2, 3]) {
      const at = k * slice + shift
      chars[at - 1] = "\ud83d"
      chars[at] = "\ude00"
    }
    chars[slice + 5] = "\ud800" // lone high
    chars[2 * slice - 3] = "\udc00" // lone low
    const huge = chars.join("")
    t.true(check([huge]), `shift ${shift}`)
    t.true(check(["x".repeat(100), huge, "𝄞"]), `shift ${shift}, after a small piece`)
  }
})

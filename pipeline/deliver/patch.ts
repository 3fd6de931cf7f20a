/**
 * reports/corrections.patch: the faults' settled corrections as a unified diff of the articles, so
 * an editor reviews them like any change and applies them with `git apply` or `patch -p1`.
 *
 *   faults of one article + its text → placed faults (each cell found on its line) → hunks
 *
 * A fault is applied when it is an error, has no tied alternative, and every cell has a single
 * suggestion and is found on its line; only the figure inside each cell is rewritten, in the
 * article's own format (./locate.ts). Every other fault — a warning, a range, tied alternatives, a
 * cell that cannot be pinned down — is listed with the reason in comment lines before the first
 * `diff --git` line, which git apply and patch skip. Several faults on one line become one hunk.
 * Paths are `a/<seeds folder name>/<file>`: run from the folder that holds the seeds folder.
 */
import type { Fault, FaultCell } from "../diagnose/fault.ts"
import { type Located, locate, numberStyle, readsBack, writeLike } from "./locate.ts"

/** One figure rewritten: its cell, its line and columns (0-based, end exclusive), the text before and after. */
export interface Edit {
  readonly cell: FaultCell
  readonly line: number
  readonly start: number
  readonly end: number
  readonly from: string
  readonly to: string
}

export interface PlacedFault {
  readonly fault: Fault
  /** Each of the fault's cells on its line, in the order of `fault.cells`. */
  readonly places: ReadonlyArray<Located>
  /** Each alternative's cells on their lines, in the order of `fault.alternatives` (SARIF's related locations). */
  readonly alternativePlaces: ReadonlyArray<ReadonlyArray<Located>>
  /** The rewrite of every cell when the suggestion is settled and each cell is found (any severity; SARIF offers it as a fix); else null. */
  readonly edits: ReadonlyArray<Edit> | null
  /** Why the patch (and the corrected columns) do not apply the fault; null when they do. */
  readonly notApplied: string | null
}

/** One article's share of the delivery: its placed faults and its part of the patch (empty when nothing applies). */
export interface ArticleDelivery {
  readonly file: string
  readonly faults: ReadonlyArray<PlacedFault>
  readonly diff: string
}

const CONTEXT = 3

/** A fault whose every cell has one suggested value and which no equally small alternative ties. */
export const isSettled = (f: Fault): boolean => f.alternatives.length === 0 && f.cells.every((c) => c.suggestion !== null)

const unsettledReason = (f: Fault): string | null => {
  if (f.alternatives.length > 0) return `${f.alternatives.length + 1} equally small explanations tie (see alternatives in anomalies.json); the article's figures cannot tell them apart`
  const open = f.cells.filter((c) => c.suggestion === null)
  if (open.length > 0) {
    return `only a range is settled: ${open.map((c) => `${c.label} ${c.field} between ${c.range?.low} and ${c.range?.high}`).join("; ")}`
  }
  return null
}

/**
 * Places one article's faults on its text: finds each cell, builds the rewrites of the settled
 * ones, decides which the patch applies, and renders the article's part of the patch.
 * `path` is the article's path in the patch (`seeds/<file>`); `shapes` maps a table id to its
 * column-role signature (out/tables.shape).
 */
export const deliverArticle = (
  file: string,
  path: string,
  text: string,
  faults: ReadonlyArray<Fault>,
  shapes: ReadonlyMap<string, string>
): ArticleDelivery => {
  if (faults.length === 0) return { file, faults: [], diff: "" }
  // Lines as the parser numbers them; a lone CR (which it also counts as a line break) would shift
  // the numbering of a \n split, so such an article is not rewritten.
  const loneCr = /\r(?!\n)/.test(text)
  const lines = text.split("\n")
  const endsWithNewline = lines.length > 0 && lines[lines.length - 1] === ""
  if (endsWithNewline) lines.pop()
  const content = (i: number) => (lines[i - 1] ?? "").replace(/\r$/, "")
  const style = numberStyle(text)
  const taken = new Map<number, Array<readonly [number, number]>>()
  const placed = faults.map((fault): PlacedFault => {
    const place = (c: FaultCell): Located => (loneCr ? { _tag: "NotFound" as const, reason: "the article has lone carriage returns as line breaks" } : locate(c, content(c.line), shapes.get(c.table_id)))
    const places = fault.cells.map(place)
    let edits: Array<Edit> | null = null
    let reason = unsettledReason(fault)
    if (reason === null) {
      const missing = places.findIndex((p) => p._tag === "NotFound")
      if (missing >= 0) {
        const p = places[missing]!
        reason = `${fault.cells[missing]!.label} ${fault.cells[missing]!.field} (line ${fault.cells[missing]!.line}) cannot be found on its line: ${p._tag === "NotFound" ? p.reason : ""}`
      } else {
        edits = fault.cells.map((c, i) => {
          const { place } = places[i] as Extract<Located, { _tag: "Found" }>
          return { cell: c, line: c.line, start: place.start, end: place.end, from: place.text, to: writeLike(place.text, c.suggestion!, c.decimals, style) }
        })
        const unreadable = edits.find((e) => !readsBack(e.cell, e.to, e.cell.suggestion!))
        if (unreadable) {
          reason = `the rewrite '${unreadable.to}' would not read back as ${unreadable.cell.suggestion}`
          edits = null
        }
      }
    }
    if (reason === null && fault.severity !== "error") reason = `a ${fault.severity}, not an error: listed for review, not applied`
    if (reason === null && edits !== null) {
      const clash = edits.find((e) => (taken.get(e.line) ?? []).some(([s, t]) => e.start < t && s < e.end))
      if (clash) reason = `another fault already rewrites ${clash.cell.label} ${clash.cell.field} on line ${clash.line}`
      else for (const e of edits) taken.set(e.line, [...(taken.get(e.line) ?? []), [e.start, e.end]])
    }
    return { fault, places, alternativePlaces: fault.alternatives.map((cells) => cells.map(place)), edits, notApplied: reason }
  })
  const applied = placed.filter((p) => p.notApplied === null).flatMap((p) => p.edits ?? [])
  return { file, faults: placed, diff: applied.length === 0 ? "" : renderDiff(path, lines, endsWithNewline, applied) }
}

/** A path as git writes it in a diff header: C-quoted when it holds anything beyond plain characters. */
export const diffPath = (path: string): string => {
  if (/^[A-Za-z0-9._+\-/]+$/.test(path)) return path
  let out = ""
  for (const byte of Buffer.from(path, "utf8")) {
    const c = String.fromCharCode(byte)
    out += c === "\"" ? "\\\"" : c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : byte < 0x20 || byte >= 0x7f ? `\\${byte.toString(8).padStart(3, "0")}` : c
  }
  return `"${out}"`
}

const prefixed = (side: "a" | "b", path: string) => diffPath(`${side}/${path}`)

const renderDiff = (path: string, lines: ReadonlyArray<string>, endsWithNewline: boolean, edits: ReadonlyArray<Edit>): string => {
  const changed = new Map<number, string>()
  const byLine = new Map<number, Array<Edit>>()
  for (const e of edits) byLine.set(e.line, [...(byLine.get(e.line) ?? []), e])
  for (const [line, list] of byLine) {
    let text = lines[line - 1]!
    for (const e of [...list].sort((a, b) => b.start - a.start)) text = text.slice(0, e.start) + e.to + text.slice(e.end)
    changed.set(line, text)
  }
  const order = [...changed.keys()].sort((a, b) => a - b)
  const hunks: Array<[number, number]> = []
  for (const l of order) {
    const from = Math.max(1, l - CONTEXT)
    const to = Math.min(lines.length, l + CONTEXT)
    const last = hunks[hunks.length - 1]
    if (last && from <= last[1] + 1) last[1] = to
    else hunks.push([from, to])
  }
  const noNewline = "\\ No newline at end of file"
  const out = [`diff --git ${prefixed("a", path)} ${prefixed("b", path)}`, `--- ${prefixed("a", path)}`, `+++ ${prefixed("b", path)}`]
  for (const [from, to] of hunks) {
    const count = to - from + 1
    out.push(`@@ -${from},${count} +${from},${count} @@`)
    for (let l = from; l <= to; l++) {
      const atEnd = l === lines.length && !endsWithNewline
      const now = changed.get(l)
      if (now === undefined) {
        out.push(` ${lines[l - 1]}`)
        if (atEnd) out.push(noNewline)
      } else {
        out.push(`-${lines[l - 1]}`)
        if (atEnd) out.push(noNewline)
        out.push(`+${now}`)
        if (atEnd) out.push(noNewline)
      }
    }
  }
  return `${out.join("\n")}\n`
}

/** One line of a comment: control characters and line breaks folded, so article text cannot end the comment or start a diff line. */
const commentText = (s: string) => s.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g, " ")

const describeEdit = (e: Edit) => `${e.cell.label} ${e.cell.field}${e.cell.round !== null ? ` (round ${e.cell.round})` : ""} ${e.from} → ${e.to}`

/**
 * The whole patch: a comment header (how to apply it; what it applies; what it lists and why),
 * then each article's diff in file order. Empty of hunks (header only) when nothing applies.
 * `seedsName` is the name of the seeds folder the paths start with.
 */
export const renderPatch = (articles: ReadonlyArray<ArticleDelivery>, seedsName: string): string => [...patchPieces(articles, seedsName)].join("")

/**
 * The patch as pieces (each comment line, each article's diff), for the run to write as they come:
 * its lines were one string (~6 MB at 3,000 articles) joined from the lines and the diffs, all
 * alive at once (issue 8, ninth pass). `renderPatch` joins the same pieces.
 */
export function* patchPieces(articles: ReadonlyArray<ArticleDelivery>, seedsName: string): Generator<string> {
  const sorted = [...articles].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
  const all = sorted.flatMap((a) => a.faults)
  const applied = all.filter((p) => p.notApplied === null)
  const listed = all.filter((p) => p.notApplied !== null)
  const comment = (l: string) => (l === "" ? "#\n" : `# ${commentText(l)}\n`)
  for (const l of [
    "Recount corrections: every error fault whose suggestion is settled, rewritten in the article's own number format.",
    "A suggestion is the value the article's other figures imply, not a claim about the official result: review before applying.",
    `Apply from the folder that holds ${commentText(seedsName)}/: git apply --check corrections.patch && git apply corrections.patch (or: patch -p1 < corrections.patch).`,
    "These comment lines come before the first diff header; git apply and patch skip them.",
    "",
    applied.length === 0 ? "Applied: none (the patch changes nothing)." : `Applied (${applied.length}):`
  ]) yield comment(l)
  // One comment line per fault, made as it is written (they are most of a corpus' patch).
  for (const p of applied) yield comment(`  ${p.fault.id} (${p.fault.file}:${p.fault.line}): ${(p.edits ?? []).map(describeEdit).join("; ")}`)
  yield comment("")
  yield comment(listed.length === 0 ? "Not applied: none." : `Not applied (${listed.length}):`)
  for (const p of listed) {
    yield comment(`  ${p.fault.id} (${p.fault.severity}, ${p.fault.file}:${p.fault.line}): ${p.notApplied}`)
    yield comment(`    ${p.fault.explanation}`)
  }
  for (const a of sorted) yield a.diff
}

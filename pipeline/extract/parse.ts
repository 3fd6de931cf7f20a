/**
 * Parser for the article format: `= Title =`, `==` headings, `Infobox` key/value lists,
 * `- ` bullet lists, paragraphs and `|`-delimited tables (with an optional `**caption**` line).
 * Pure: text in, document model out. It never throws; odd forms become `SourceIssue`s.
 */
import type { Block, Document, InfoboxField, ListItem, Row, Section, SourceIssue } from "./document.ts"

const TITLE = /^=([^=].*[^=]|[^=])=$/

// The line forms below are read by small scanners, not regular expressions: the patterns they
// replace (`^(={2,6})\s*(.*?)\s*(={2,6})\s*$` for headings, `^\s*(?:[-*]\s+)?\**\s*(.+?)\s*\*\*\s*$`
// for captions, and the bullet and infobox-field patterns) backtrack polynomially on runs of
// whitespace (`== ` + 2,000 spaces + `x` took 7 s). Each scanner returns exactly what the pattern's
// first match gave (test/redos.test.ts compares them on every short string), in linear time.

/** A JavaScript `\s` character (the same set `String.prototype.trim` removes). */
const isSpace = (ch: string | undefined): boolean => ch !== undefined && ch !== "" && ch.trim() === ""
/** Characters a regular expression's `.` does not match. */
const isLineTerminator = (ch: string): boolean => ch === "\n" || ch === "\r" || ch === "\u2028" || ch === "\u2029"
const hasLineTerminator = (text: string, from = 0, to = text.length): boolean => {
  for (let i = from; i < to; i++) if (isLineTerminator(text[i]!)) return true
  return false
}
const spaceRun = (text: string, from: number): number => {
  let i = from
  while (isSpace(text[i])) i++
  return i - from
}
const charRun = (text: string, from: number, ch: string): number => {
  let i = from
  while (text[i] === ch) i++
  return i - from
}

/** `== Title ==` (2–6 `=` each side, as written): the open and close counts and the title. `line` is trimmed. */
export const readHeading = (line: string): { open: number; title: string; close: number } | null => {
  const leading = charRun(line, 0, "=")
  for (let open = Math.min(6, leading); open >= 2; open--) {
    const rest = line.slice(open)
    let trailing = 0
    while (trailing < rest.length && rest[rest.length - 1 - trailing] === "=") trailing++
    if (trailing < 2) continue
    const close = Math.min(trailing, 6)
    const body = rest.slice(0, rest.length - close)
    const title = body.trim()
    const start = body.length - body.trimStart().length
    return hasLineTerminator(body, start, start + title.length) ? null : { open, title, close }
  }
  return null
}

/** A `- text` / `* text` bullet: the text after the marker and its spaces. */
export const readBullet = (line: string): string | null => {
  const marker = spaceRun(line, 0)
  if (line[marker] !== "-" && line[marker] !== "*") return null
  const spaces = spaceRun(line, marker + 1)
  if (spaces === 0) return null
  const start = marker + 1 + spaces
  return hasLineTerminator(line, start) ? null : line.slice(start)
}

/** A `- Key: value` infobox field: the key (trailing spaces dropped) and the value after the colon and its spaces. */
export const readInfoboxField = (line: string): { key: string; value: string } | null => {
  const marker = spaceRun(line, 0)
  if (line[marker] !== "-" && line[marker] !== "*") return null
  const spaces = spaceRun(line, marker + 1)
  if (spaces === 0) return null
  let keyStart = marker + 1 + spaces
  const colon = line.indexOf(":", keyStart)
  if (colon < 0) return null
  if (colon === keyStart) {
    // The key needs a character: the pattern gave it the last space before the colon, if the marker keeps one.
    if (spaces < 2) return null
    keyStart--
  }
  let keyEnd = colon
  while (keyEnd > keyStart + 1 && isSpace(line[keyEnd - 1])) keyEnd--
  const valueStart = colon + 1 + spaceRun(line, colon + 1)
  if (hasLineTerminator(line, valueStart)) return null
  return { key: line.slice(keyStart, keyEnd), value: line.slice(valueStart) }
}

/**
 * A caption line: `**Caption**`, or a bullet that ends in `**` (how the Brittany caption survived
 * conversion). Returns the pattern's capture (the caption with any leading stars), or null.
 * It follows the pattern's backtracking order; each candidate start of the caption is tried at
 * most a bounded number of times, so the scan is linear.
 */
export const readCaption = (line: string): string | null => {
  const end = line.trimEnd().length
  const closeStart = end - 2
  if (closeStart < 0 || line[closeStart] !== "*" || line[closeStart + 1] !== "*") return null
  // The caption (lazy, at least one character) ends at the last non-space before the closing `**`.
  let lastText = closeStart
  while (lastText > 0 && isSpace(line[lastText - 1])) lastText--
  const attempt = (start: number): string | null => {
    if (start >= closeStart) return null
    const stop = Math.max(start + 1, lastText)
    if (stop > closeStart || hasLineTerminator(line, start, stop)) return null
    return line.slice(start, stop)
  }
  // Candidates in the order the pattern's backtracking reaches them: stars and spaces greedy, then fewer.
  const fromStars = (at: number): string | null => {
    const stars = charRun(line, at, "*")
    for (let k = stars; k >= 0; k--) {
      const after = at + k
      const spaces = k === stars ? spaceRun(line, after) : 0
      for (let start = after + spaces; start >= after; start--) {
        const found = attempt(start)
        if (found !== null) return found
      }
    }
    return null
  }
  const lead = spaceRun(line, 0)
  const markerSpaces = (line[lead] === "-" || line[lead] === "*") ? spaceRun(line, lead + 1) : 0
  if (markerSpaces > 0) {
    const found = fromStars(lead + 1 + markerSpaces)
    if (found !== null) return found
    // Fewer spaces after the marker: the only new candidate is where the shorter run stops.
    for (let j = markerSpaces - 1; j >= 1; j--) {
      const again = attempt(lead + 1 + j)
      if (again !== null) return again
    }
  }
  const found = fromStars(lead)
  if (found !== null) return found
  // Fewer leading spaces: the only new candidate is where the shorter run stops.
  for (let a = lead - 1; a >= 0; a--) {
    const again = attempt(a)
    if (again !== null) return again
  }
  return null
}

/** Drops leading and trailing `*`. */
const stripStars = (text: string): string => {
  let from = 0
  let to = text.length
  while (from < to && text[from] === "*") from++
  while (to > from && text[to - 1] === "*") to--
  return text.slice(from, to)
}

/**
 * A table line: `|` after any leading white space (`trimStart().startsWith("|")`, asked of every
 * table line at least twice, without the trimmed copy; issue 8, seventh pass; test/parse.test.ts).
 */
export const isTableLine = (line: string): boolean => {
  let i = 0
  while (i < line.length && isTrimmedUnit(line.charCodeAt(i))) i++
  return line.charCodeAt(i) === 124
}
const isBlank = (line: string) => line.trim() === ""

/** A UTF-16 code unit that `String.prototype.trim` removes (ECMAScript WhiteSpace and LineTerminator; tested against trim for every unit). */
export const isTrimmedUnit = (c: number): boolean =>
  c === 32 || (c >= 9 && c <= 13) ||
  (c >= 0xa0 &&
    (c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f ||
      c === 0x3000 || c === 0xfeff))

/**
 * Splits a table line into cells. `| a | b |` gives ["a", "b"]: the line trimmed, its first
 * character (the leading pipe) and a closing pipe dropped, split at the pipes, each cell trimmed.
 * Every table line comes here, so it works with indices into the line: one slice per cell, no
 * trimmed copies of the line or of the cells.
 */
export const splitCells = (line: string): { cells: ReadonlyArray<string>; closed: boolean } => {
  let start = 0
  let end = line.length
  while (start < end && isTrimmedUnit(line.charCodeAt(start))) start++
  while (end > start && isTrimmedUnit(line.charCodeAt(end - 1))) end--
  const bodyStart = Math.min(start + 1, end) // past the leading pipe
  const closed = end > bodyStart && line.charCodeAt(end - 1) === 124
  const bodyEnd = closed ? end - 1 : end
  // The cells are counted first (one per pipe inside the body, plus one) and the array made at that
  // length: pushing grows a 17-slot store for a 5-cell row, and copies it again past 17 (~60 MB of
  // stores at 1,000 articles; issue 8, sixth pass). Every slot is filled below. The pipes found while
  // counting are kept (in a scratch array reused by every row), so the line is scanned once (seventh pass).
  let count = 1
  for (let p = line.indexOf("|", bodyStart); p >= 0 && p < bodyEnd; p = line.indexOf("|", p + 1)) {
    if (count > pipes.length) pipes = growPipes(pipes)
    pipes[count - 1] = p
    count++
  }
  const cells: Array<string> = new Array(count)
  let from = bodyStart
  for (let column = 0; column < count; column++) {
    let a = from
    let b = column + 1 < count ? pipes[column]! : bodyEnd
    from = b + 1
    while (a < b && isTrimmedUnit(line.charCodeAt(a))) a++
    while (b > a && isTrimmedUnit(line.charCodeAt(b - 1))) b--
    cells[column] = line.slice(a, b)
  }
  return { cells, closed }
}
/** A cell of a table line with its 0-based column (the cells of `splitRow`). */
export interface Cell {
  readonly text: string
  readonly column: number
}

/** `splitCells` with each cell's column, for a caller that locates cells in a line (deliver/locate.ts). */
export const splitRow = (line: string): { cells: ReadonlyArray<Cell>; closed: boolean } => {
  const { cells, closed } = splitCells(line)
  return { cells: cells.map((text, column) => ({ text, column })), closed }
}

/** The positions of a row's inner pipes (splitCells' scratch: rows are split one at a time). */
let pipes: Int32Array<ArrayBuffer> = new Int32Array(64)
const growPipes = (old: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
  const grown = new Int32Array(old.length * 2)
  grown.set(old)
  return grown
}

export const parseArticle = (file: string, text: string): Document => {
  // As splitting at \n after turning \r\n and \r into \n, without the copy; a text without a \r (the
  // usual case) is split at \n without the regular expression (the same lines; issue 8, seventh pass).
  const lines = text.includes("\r") ? text.split(/\r\n?|\n/) : text.split("\n")
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop()
  const issues: Array<SourceIssue> = []
  const sections: Array<Section> = []
  const blocks: Array<Block> = []
  let title: string | null = null
  let titleLine: number | null = null
  let path: Array<{ title: string; level: number }> = []
  let tableIndex = 0
  const sectionPath = () => path.map((p) => p.title)

  let i = 0
  while (i < lines.length) {
    const raw = lines[i]!
    const lineNo = i + 1
    const trimmed = raw.trim()
    if (isBlank(raw)) {
      i++
      continue
    }
    // Title
    if (title === null && TITLE.test(trimmed)) {
      title = trimmed.slice(1, -1).trim()
      titleLine = lineNo
      i++
      continue
    }
    // Heading
    const heading = readHeading(trimmed)
    if (heading) {
      const { open, close } = heading
      if (open !== close) {
        issues.push({
          code: "HEADING_UNBALANCED",
          line: lineNo,
          raw,
          message: `heading opens with ${open} '=' and closes with ${close}; read as level ${Math.min(open, close)}`
        })
      }
      const level = Math.min(open, close)
      path = path.filter((p) => p.level < level)
      path.push({ title: heading.title, level })
      sections.push({ title: heading.title, level, line: lineNo, path: sectionPath() })
      i++
      continue
    }
    // Infobox
    if (trimmed === "Infobox") {
      const fields: Array<InfoboxField> = []
      let j = i + 1
      for (let field = readInfoboxField(lines[j] ?? ""); j < lines.length && field !== null; field = readInfoboxField(lines[j] ?? "")) {
        fields.push({ key: field.key, value: field.value.trim(), line: j + 1 })
        j++
      }
      blocks.push({ _tag: "Infobox", file, line: lineNo, section: sectionPath(), fields })
      i = j
      continue
    }
    // Table, possibly preceded by a caption line
    const captionMatch = trimmed.includes("**") ? readCaption(raw) : null
    if (captionMatch !== null || isTableLine(raw)) {
      let start = i
      let caption: { text: string; line: number } | null = null
      if (captionMatch !== null) {
        let j = i + 1
        while (j < lines.length && isBlank(lines[j]!)) j++
        if (j < lines.length && isTableLine(lines[j]!)) {
          caption = { text: stripStars(captionMatch).trim(), line: lineNo }
          start = j
        } else {
          issues.push({
            code: "CAPTION_ORPHANED",
            line: lineNo,
            raw,
            message: "a caption-like line (ending in '**') is not followed by a table; read as text"
          })
        }
      }
      if (caption !== null || isTableLine(raw)) {
        const rows: Array<Row> = []
        let j = start
        while (j < lines.length && isTableLine(lines[j]!)) {
          const { cells, closed } = splitCells(lines[j]!)
          if (!closed) {
            issues.push({
              code: "ROW_NOT_CLOSED",
              line: j + 1,
              raw: lines[j]!,
              message: "table row does not end with '|'; the last cell runs to the end of the line"
            })
          }
          rows.push({ line: j + 1, cells, raw: lines[j]! })
          j++
        }
        tableIndex++
        blocks.push({
          _tag: "Table",
          file,
          line: start + 1,
          section: sectionPath(),
          index: tableIndex,
          caption,
          rows
        })
        i = j
        continue
      }
    }
    // Bullet list
    if (readBullet(raw) !== null) {
      const items: Array<ListItem> = []
      let j = i
      for (let item = readBullet(raw); j < lines.length && item !== null; item = readBullet(lines[j] ?? "")) {
        items.push({ text: item.trim(), line: j + 1 })
        j++
      }
      blocks.push({ _tag: "List", file, line: lineNo, section: sectionPath(), items })
      i = j
      continue
    }
    // Paragraph: consecutive lines of text
    const texts: Array<string> = []
    let j = i
    while (
      j < lines.length && !isBlank(lines[j]!) && !isTableLine(lines[j]!) && readHeading(lines[j]!.trim()) === null &&
      readBullet(lines[j]!) === null && lines[j]!.trim() !== "Infobox"
    ) {
      texts.push(lines[j]!.trim())
      j++
    }
    if (texts.length === 0) {
      // A line no rule above took (cannot happen with the rules as written, but never loop forever)
      texts.push(trimmed)
      j = i + 1
    }
    blocks.push({ _tag: "Paragraph", file, line: lineNo, section: sectionPath(), text: texts.join(" "), endLine: j })
    i = j
  }
  if (title === null) {
    issues.push({ code: "TITLE_MISSING", line: 1, raw: lines[0] ?? "", message: "no '= Title =' line found" })
  }
  return { file, title, titleLine, sections, blocks, issues, lines }
}

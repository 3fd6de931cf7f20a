/**
 * Parser for the article format: `= Title =`, `==` headings, `Infobox` key/value lists,
 * `- ` bullet lists, paragraphs and `|`-delimited tables (with an optional `**caption**` line).
 * Pure: text in, document model out. It never throws; odd forms become `SourceIssue`s.
 */
import type { Block, Cell, Document, InfoboxField, ListItem, Row, Section, SourceIssue } from "./document.ts"

const TITLE = /^=([^=].*[^=]|[^=])=$/
const HEADING = /^(={2,6})\s*(.*?)\s*(={2,6})\s*$/
const BULLET = /^\s*[-*]\s+(.*)$/
const INFOBOX_FIELD = /^\s*[-*]\s+([^:]+?)\s*:\s*(.*)$/
/** `**Caption**`, or a bullet that ends in `**` (how the Brittany caption survived conversion). */
const CAPTION = /^\s*(?:[-*]\s+)?\**\s*(.+?)\s*\*\*\s*$/

const isTableLine = (line: string) => line.trimStart().startsWith("|")
const isBlank = (line: string) => line.trim() === ""

/** Splits a table line into cells. `| a | b |` gives ["a", "b"]. */
export const splitRow = (line: string): { cells: ReadonlyArray<Cell>; closed: boolean } => {
  let body = line.trim()
  body = body.slice(1) // leading pipe
  const closed = body.endsWith("|")
  if (closed) body = body.slice(0, -1)
  const cells = body.split("|").map((text, column) => ({ text: text.trim(), column }))
  return { cells, closed }
}

export const parseArticle = (file: string, text: string): Document => {
  const lines = text.replace(/\r\n?/g, "\n").split("\n")
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
    const heading = HEADING.exec(trimmed)
    if (heading) {
      const open = heading[1]!.length
      const close = heading[3]!.length
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
      path.push({ title: heading[2]!, level })
      sections.push({ title: heading[2]!, level, line: lineNo, path: sectionPath() })
      i++
      continue
    }
    // Infobox
    if (trimmed === "Infobox") {
      const fields: Array<InfoboxField> = []
      let j = i + 1
      while (j < lines.length && INFOBOX_FIELD.test(lines[j]!)) {
        const m = INFOBOX_FIELD.exec(lines[j]!)!
        fields.push({ key: m[1]!, value: m[2]!.trim(), line: j + 1 })
        j++
      }
      blocks.push({ _tag: "Infobox", file, line: lineNo, section: sectionPath(), fields })
      i = j
      continue
    }
    // Table, possibly preceded by a caption line
    const captionMatch = trimmed.includes("**") ? CAPTION.exec(raw) : null
    if (captionMatch || isTableLine(raw)) {
      let start = i
      let caption: { text: string; line: number } | null = null
      if (captionMatch) {
        let j = i + 1
        while (j < lines.length && isBlank(lines[j]!)) j++
        if (j < lines.length && isTableLine(lines[j]!)) {
          caption = { text: captionMatch[1]!.replace(/^\*+|\*+$/g, "").trim(), line: lineNo }
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
          const { cells, closed } = splitRow(lines[j]!)
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
    if (BULLET.test(raw)) {
      const items: Array<ListItem> = []
      let j = i
      while (j < lines.length && BULLET.test(lines[j]!)) {
        items.push({ text: BULLET.exec(lines[j]!)![1]!.trim(), line: j + 1 })
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
      j < lines.length && !isBlank(lines[j]!) && !isTableLine(lines[j]!) && !HEADING.test(lines[j]!.trim()) &&
      !BULLET.test(lines[j]!) && lines[j]!.trim() !== "Infobox"
    ) {
      texts.push(lines[j]!.trim())
      j++
    }
    if (texts.length === 0) {
      // A line no rule above took (cannot happen with the rules as written, but never loop forever)
      texts.push(trimmed)
      j = i + 1
    }
    blocks.push({ _tag: "Paragraph", file, line: lineNo, section: sectionPath(), text: texts.join(" ") })
    i = j
  }
  if (title === null) {
    issues.push({ code: "TITLE_MISSING", line: 1, raw: lines[0] ?? "", message: "no '= Title =' line found" })
  }
  return { file, title, titleLine, sections, blocks, issues, lines }
}

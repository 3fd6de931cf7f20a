/** The blocks that are not tables: infobox fields, paragraphs and list items kept verbatim; and where a block stands. */
import type { Block, Document } from "../extract/document.ts"
import { sectionText } from "./ids.ts"
import type { AreaLevel, InfoboxRecord, TextRecord } from "./records.ts"

const NATIONAL = "national"

/** The area of a block: the level-3 heading (`=== Alsace ===`) enclosing it, else national. */
export const areaOf = (doc: Document, block: Block): { level: AreaLevel; area: string } => {
  const sectionTitles = block.section
  for (let depth = sectionTitles.length; depth > 0; depth--) {
    const path = sectionTitles.slice(0, depth)
    const section = doc.sections.find((s) => s.path.length === depth && s.path.every((t, i) => t === path[i]))
    if (section && section.level === 3) return { level: "area", area: section.title }
  }
  return { level: "national", area: NATIONAL }
}

/** Infobox fields, paragraphs and list items of a block (nothing for a table). */
export const pushProse = (
  out: { readonly infobox: Array<InfoboxRecord>; readonly texts: Array<TextRecord> },
  electionId: string,
  file: string,
  block: Block
) => {
  const section = sectionText(block.section)
  if (block._tag === "Infobox") {
    for (const field of block.fields) {
      out.infobox.push({ election_id: electionId, key: field.key, value: field.value, source_file: block.file, source_line: field.line })
    }
  } else if (block._tag === "Paragraph") {
    out.texts.push({ election_id: electionId, section, kind: "paragraph", text: block.text, source_file: file, source_line: block.line })
  } else if (block._tag === "List") {
    for (const item of block.items) {
      out.texts.push({ election_id: electionId, section, kind: "list_item", text: item.text, source_file: file, source_line: item.line })
    }
  }
}

/** The blocks that are not tables: infobox fields, paragraphs and list items kept verbatim; and where a block stands. */
import type { Block, Document } from "../extract/document.ts"
import { sectionText } from "./ids.ts"
import type { AreaLevel, InfoboxRecord, TextRecord } from "./records.ts"

const NATIONAL = "national"

/** The area of a block: the level-3 heading (`=== Alsace ===`) enclosing it, else national. */
export const areaOf = (doc: Document, block: Block): { level: AreaLevel; area: string } => {
  const sectionTitles = block.section
  const byPath = sectionsByPath(doc)
  for (let depth = sectionTitles.length; depth > 0; depth--) {
    const section = byPath.get(pathKey(sectionTitles, depth))
    if (section && section.level === 3) return { level: "area", area: section.title }
  }
  return { level: "national", area: NATIONAL }
}

type Section = Document["sections"][number]
/** An injective key of a path's first `depth` titles. */
const pathKey = (titles: ReadonlyArray<string>, depth: number) => JSON.stringify(titles.slice(0, depth))
const indexes = new WeakMap<Document, Map<string, Section>>()
/** A document's sections by path, built once per document (the first section of a path, as a search in order finds). */
const sectionsByPath = (doc: Document): Map<string, Section> => {
  let byPath = indexes.get(doc)
  if (byPath === undefined) {
    byPath = new Map()
    for (const s of doc.sections) {
      const key = pathKey(s.path, s.path.length)
      if (!byPath.has(key)) byPath.set(key, s)
    }
    indexes.set(doc, byPath)
  }
  return byPath
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

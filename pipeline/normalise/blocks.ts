/** The blocks that are not tables: infobox fields, paragraphs and list items kept verbatim; and where a block stands. */
import type { Block, Document } from "../extract/document.ts"
import { sectionText } from "./ids.ts"
import type { AreaLevel, InfoboxRecord, TextRecord } from "./records.ts"

const NATIONAL = "national"

/** The area of a block: the level-3 heading (`=== Alsace ===`) enclosing it, else national. */
export const areaOf = (doc: Document, block: Pick<Block, "section">): { level: AreaLevel; area: string } => {
  // Walk down the document's section tree along the block's path; the deepest level-3 section wins.
  let area: string | null = null
  let node = sectionTree(doc)
  for (const title of block.section) {
    const next = node.children.get(title)
    if (next === undefined) break
    node = next
    if (node.section !== null && node.section.level === 3) area = node.section.title
  }
  return area === null ? { level: "national", area: NATIONAL } : { level: "area", area }
}

/** A node of a document's section paths: the first section with this path (null if none), and the paths one title longer. */
interface PathNode {
  section: Document["sections"][number] | null
  readonly children: Map<string, PathNode>
}
/**
 * The last document's tree (documents are normalised one at a time): not a WeakMap, whose values
 * V8's scavenges keep alive, and promote, until a full collection (see views.ts `memo`).
 */
let treeOf: Document | undefined
let tree: PathNode | undefined
/** A document's sections as a tree of their paths, built once per document (the first section of each path, as a search in order finds). */
const sectionTree = (doc: Document): PathNode => {
  let root = treeOf === doc ? tree : undefined
  if (root === undefined) {
    root = { section: null, children: new Map() }
    for (const s of doc.sections) {
      let node = root
      for (const title of s.path) {
        let next = node.children.get(title)
        if (next === undefined) {
          next = { section: null, children: new Map() }
          node.children.set(title, next)
        }
        node = next
      }
      if (node.section === null) node.section = s
    }
    treeOf = doc
    tree = root
  }
  return root
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

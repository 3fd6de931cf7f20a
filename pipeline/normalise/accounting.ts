/**
 * Line accounting: every line of an article is blank, part of a node the extract stage decoded
 * (title, heading, infobox, list item, paragraph, table caption or header) or of a table row that
 * produced a record, or a finding names it. `accountLines` returns the lines that are none of
 * these — lines that would otherwise vanish silently. The seeds have none (test/accounting.test.ts).
 */
import type { Document } from "../extract/document.ts"
import type { Dataset } from "./normalise.ts"
import { recogniseTable } from "./shape.ts"

export interface UnaccountedLine {
  readonly line: number
  readonly text: string
}

export const accountLines = (document: Document, dataset: Dataset): ReadonlyArray<UnaccountedLine> => {
  const file = document.file
  const accounted = new Set<number>()
  const add = (line: number | null) => {
    if (line !== null) accounted.add(line)
  }
  // What a finding or a record names.
  for (const f of dataset.findings) if (f.file === file) add(f.line)
  const recorded = new Set<number>()
  for (const rows of [dataset.results, dataset.seats, dataset.seatTotals, dataset.turnout, dataset.contests]) {
    for (const r of rows) if (r.source_file === file) recorded.add(r.source_line)
  }
  const unclassifiedAt = new Set(
    dataset.findings.filter((f) => f.file === file && f.code === "TABLE_UNCLASSIFIED").map((f) => f.line)
  )
  // What the extract stage decoded.
  add(document.titleLine)
  for (const s of document.sections) add(s.line)
  for (const block of document.blocks) {
    switch (block._tag) {
      case "Infobox":
        add(block.line)
        for (const f of block.fields) add(f.line)
        break
      case "List":
        for (const item of block.items) add(item.line)
        break
      case "Paragraph":
        for (let line = block.line; line <= block.endLine; line++) add(line)
        break
      case "Table": {
        add(block.caption?.line ?? null)
        if (unclassifiedAt.has(block.line)) {
          // The TABLE_UNCLASSIFIED finding says why none of its rows is decoded.
          for (const row of block.rows) add(row.line)
          break
        }
        const shape = recogniseTable(block)
        for (const row of shape.headerRows) add(row.line)
        for (const row of shape.dataRows) if (recorded.has(row.line)) add(row.line)
        break
      }
    }
  }
  const unaccounted: Array<UnaccountedLine> = []
  document.lines.forEach((text, i) => {
    if (text.trim() !== "" && !accounted.has(i + 1)) unaccounted.push({ line: i + 1, text })
  })
  return unaccounted
}

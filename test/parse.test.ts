/**
 * Unit tests of the article parser (pipeline/extract/parse.ts) on small inline articles.
 */
import test from "ava"
import fc from "fast-check"
import { binaryUnit } from "./helpers/binary-unit.ts"
import type { Block, Document, Infobox, List, Paragraph, Table } from "../pipeline/extract/document.ts"
import { isTableLine, isTrimmedUnit, parseArticle, splitRow } from "../pipeline/extract/parse.ts"

const article = (...lines: ReadonlyArray<string>) => `${lines.join("\n")}\n`

const ofTag = <T extends Block["_tag"]>(doc: Document, tag: T): Array<Extract<Block, { _tag: T }>> =>
  doc.blocks.filter((b): b is Extract<Block, { _tag: T }> => b._tag === tag)

test("the title line", (t) => {
  const doc = parseArticle("a.txt", article("= 2004 French regional elections =", "", "Text."))
  t.is(doc.file, "a.txt")
  t.is(doc.title, "2004 French regional elections")
  t.is(doc.titleLine, 1)
  t.deepEqual(doc.issues, [])
})

test("a missing title is an issue, not an exception", (t) => {
  const doc = parseArticle("a.txt", article("Just text."))
  t.is(doc.title, null)
  t.is(doc.titleLine, null)
  t.deepEqual(doc.issues.map((i) => [i.code, i.line]), [["TITLE_MISSING", 1]])
})

test("== / === / ==== headings nest into section paths", (t) => {
  const doc = parseArticle(
    "a.txt",
    article(
      "= T =", //                    1
      "==National results==", //     2
      "Para one.", //                3
      "==Results by region==", //    4
      "===Alsace===", //             5
      "====Regional Council====", // 6
      "Para two.", //                7
      "===Aquitaine===", //          8
      "Para three.", //              9
      "== See also ==", //           10
      "Para four." //                11
    )
  )
  t.deepEqual(doc.sections.map((s) => [s.title, s.level, s.line, s.path]), [
    ["National results", 2, 2, ["National results"]],
    ["Results by region", 2, 4, ["Results by region"]],
    ["Alsace", 3, 5, ["Results by region", "Alsace"]],
    ["Regional Council", 4, 6, ["Results by region", "Alsace", "Regional Council"]],
    ["Aquitaine", 3, 8, ["Results by region", "Aquitaine"]],
    ["See also", 2, 10, ["See also"]]
  ])
  t.deepEqual(ofTag(doc, "Paragraph").map((p) => [p.text, p.line, p.section]), [
    ["Para one.", 3, ["National results"]],
    ["Para two.", 7, ["Results by region", "Alsace", "Regional Council"]],
    ["Para three.", 9, ["Results by region", "Aquitaine"]],
    ["Para four.", 11, ["See also"]]
  ])
  t.deepEqual(doc.issues, [])
})

test("an unbalanced heading is read at the lower level and reported as HEADING_UNBALANCED", (t) => {
  const doc = parseArticle("a.txt", article("= T =", "==Results==", "===Alsace==", "Text."))
  t.deepEqual(doc.issues.map((i) => [i.code, i.line, i.raw]), [["HEADING_UNBALANCED", 3, "===Alsace=="]])
  t.deepEqual(doc.sections.map((s) => [s.title, s.level, s.line]), [["Results", 2, 2], ["Alsace", 2, 3]])
  t.deepEqual(ofTag(doc, "Paragraph")[0]?.section, ["Alsace"])
})

test("an Infobox: its fields with their lines", (t) => {
  const doc = parseArticle(
    "a.txt",
    article(
      "= T =",
      "",
      "Infobox",
      "- Election Name: 2004 French Senate election",
      "- Election Date: September 26, 2004",
      "- Seats1: 155",
      "",
      "Following the end of the terms."
    )
  )
  const [infobox] = ofTag(doc, "Infobox") as Array<Infobox>
  t.truthy(infobox)
  t.is(infobox?.line, 3)
  t.deepEqual(infobox?.fields.map((f) => [f.key, f.value, f.line]), [
    ["Election Name", "2004 French Senate election", 4],
    ["Election Date", "September 26, 2004", 5],
    ["Seats1", "155", 6]
  ])
  t.deepEqual(ofTag(doc, "Paragraph").map((p) => [p.text, p.line]), [["Following the end of the terms.", 8]])
})

test("a bullet list: one item per line, with its line", (t) => {
  const doc = parseArticle(
    "a.txt",
    article("= T =", "===From right to left===", "", "- Hautes-Alpes (DVG)", "- Charente (PS)", "* Cher (PS)", "", "After.")
  )
  const lists = ofTag(doc, "List") as Array<List>
  t.is(lists.length, 1)
  t.is(lists[0]?.line, 4)
  t.deepEqual(lists[0]?.section, ["From right to left"])
  t.deepEqual(lists[0]?.items.map((i) => [i.text, i.line]), [
    ["Hautes-Alpes (DVG)", 4],
    ["Charente (PS)", 5],
    ["Cher (PS)", 6]
  ])
})

test("a paragraph joins consecutive lines of text and starts at its first line", (t) => {
  const doc = parseArticle("a.txt", article("= T =", "", "First line", "  second line  ", "", "Other paragraph."))
  t.deepEqual(ofTag(doc, "Paragraph").map((p: Paragraph) => [p.text, p.line]), [
    ["First line second line", 3],
    ["Other paragraph.", 6]
  ])
})

test("a table: rows, cells (trimmed, in column order) and lines", (t) => {
  const doc = parseArticle(
    "a.txt",
    article(
      "= T =",
      "==Results==",
      "| Group | Seats (2001) | Seats (2004) | Change | |",
      "| | UMP Group | 162 | 155 | –7 |",
      "|  | Total: | 321 |  331 | +5 |",
      "",
      "| x | 1 |"
    )
  )
  const tables = ofTag(doc, "Table") as Array<Table>
  t.is(tables.length, 2)
  const [table, second] = tables
  t.is(table?.line, 3)
  t.is(table?.index, 1)
  t.is(table?.caption, null)
  t.deepEqual(table?.section, ["Results"])
  t.deepEqual(table?.rows.map((r) => r.line), [3, 4, 5])
  t.deepEqual(table?.rows[0]?.cells, ["Group", "Seats (2001)", "Seats (2004)", "Change", ""])
  t.deepEqual(table?.rows[1]?.cells, ["", "UMP Group", "162", "155", "–7"])
  t.is(table?.rows[2]?.raw, "|  | Total: | 321 |  331 | +5 |")
  t.deepEqual(table?.rows[2]?.cells, ["", "Total:", "321", "331", "+5"])
  t.is(second?.index, 2)
  t.is(second?.line, 7)
  t.deepEqual(doc.issues, [])
})

test("a **caption** line is attached to the table below it", (t) => {
  const doc = parseArticle("a.txt", article("= T =", "**Results of the vote**", "| A | Votes |", "| x | 1 |"))
  const [table] = ofTag(doc, "Table") as Array<Table>
  t.deepEqual(table?.caption, { text: "Results of the vote", line: 2 })
  t.is(table?.line, 3)
  t.deepEqual(table?.rows.map((r) => r.line), [3, 4])
  t.is(ofTag(doc, "Paragraph").length, 0)
  t.is(ofTag(doc, "List").length, 0)
})

test("the Brittany-style caption (a bullet ending in **, then a blank line) is attached to the next table", (t) => {
  const doc = parseArticle(
    "a.txt",
    article(
      "= T =",
      "===Brittany===",
      "",
      "  - Results of the 2004 Brittany regional election**",
      "",
      "| Leader | First round | Second round | Seats |",
      "| Votes | % | Votes | % |",
      "| | Jean-Yves Le Drian | 521,823 | 38.47 |"
    )
  )
  const [table] = ofTag(doc, "Table") as Array<Table>
  t.deepEqual(table?.caption, { text: "Results of the 2004 Brittany regional election", line: 4 })
  t.is(table?.line, 6)
  t.deepEqual(table?.rows.map((r) => r.line), [6, 7, 8])
  t.deepEqual(table?.section, ["Brittany"])
  t.is(ofTag(doc, "List").length, 0, "the caption is not read as a list item")
  t.deepEqual(doc.issues, [])
})

test("a caption-like line with no table after it is an orphan, read as text", (t) => {
  const doc = parseArticle("a.txt", article("= T =", "**Not a caption**", "", "Text."))
  t.is(ofTag(doc, "Table").length, 0)
  t.deepEqual(doc.issues.map((i) => [i.code, i.line]), [["CAPTION_ORPHANED", 2]])
})

test("a row that does not end with | is reported as ROW_NOT_CLOSED and still read", (t) => {
  const doc = parseArticle("a.txt", article("= T =", "| A | Votes |", "| x | 12", "| y | 3 |"))
  t.deepEqual(doc.issues.map((i) => [i.code, i.line, i.raw]), [["ROW_NOT_CLOSED", 3, "| x | 12"]])
  const [table] = ofTag(doc, "Table") as Array<Table>
  t.deepEqual(table?.rows.map((r) => r.cells), [["A", "Votes"], ["x", "12"], ["y", "3"]])
})

test("CRLF (and lone CR) input gives the same document as LF input", (t) => {
  const lf = article(
    "= T =",
    "",
    "Infobox",
    "- Key: value",
    "",
    "==Results==",
    "**Caption**",
    "| | Candidate | Votes |",
    "| | A | 1 |",
    "- item",
    "Para."
  )
  const crlf = lf.replace(/\n/g, "\r\n")
  const cr = lf.replace(/\n/g, "\r")
  const expected = parseArticle("a.txt", lf)
  t.deepEqual(parseArticle("a.txt", crlf), expected)
  t.deepEqual(parseArticle("a.txt", cr), expected)
  t.false(expected.lines.some((l) => l.includes("\r")))
  t.is(expected.lines.length, 11)
})

/** Every line number a document carries (blocks and what they contain). */
const linesOf = (doc: Document): Array<number> =>
  doc.blocks.flatMap((b) => {
    const inner = b._tag === "Table"
      ? [...b.rows.map((r) => r.line), ...(b.caption ? [b.caption.line] : [])]
      : b._tag === "Infobox"
      ? b.fields.map((f) => f.line)
      : b._tag === "List"
      ? b.items.map((i) => i.line)
      : []
    return [b.line, ...inner]
  })

const pieces = [
  "\n", "\r\n", "\r", " ", "|", "||", "| a |", "=", "==", "== H ==", "= T =", "-", "- ", "* ", "**", "Infobox",
  "- k: v", ":", "1,234", "12.5%", "•", "–", "a", "Ω", "\t", "\u00a0", "\uffff", "\ud800"
]

test("property: parseArticle never throws, and every line it gives is within 1..lines.length", (t) => {
  const text = fc.oneof(
    fc.string({ unit: binaryUnit, maxLength: 200 }),
    fc.array(fc.constantFrom(...pieces), { maxLength: 60 }).map((parts) => parts.join(""))
  )
  fc.assert(
    fc.property(text, (input) => {
      const doc = parseArticle("p.txt", input)
      const n = doc.lines.length
      for (const line of linesOf(doc)) {
        if (!Number.isInteger(line) || line < 1 || line > n) return false
      }
      for (const section of doc.sections) if (section.line < 1 || section.line > n) return false
      for (const issue of doc.issues) if (issue.line < 1 || (n > 0 && issue.line > n)) return false
      return true
    }),
    { numRuns: 2000 }
  )
  t.pass()
})

// issue 8: splitRow works with indices into the line; it must give what trimming and slicing gave.
const splitRowBySlices = (line: string) => {
  let body = line.trim().slice(1)
  const closed = body.endsWith("|")
  if (closed) body = body.slice(0, -1)
  return { cells: body.split("|").map((text, column) => ({ text: text.trim(), column })), closed }
}

test("isTrimmedUnit is exactly the set of code units String.prototype.trim removes", (t) => {
  const wrong: Array<number> = []
  for (let c = 0; c <= 0xffff; c++) if (isTrimmedUnit(c) !== (String.fromCharCode(c).trim() === "")) wrong.push(c)
  t.deepEqual(wrong, [])
})

test("splitRow gives the cells of trimming and splitting the line, for any line", (t) => {
  const unit = fc.constantFrom("|", "|", " ", "\t", "\u00a0", "\u2009", "\u3000", "\ufeff", "\r", "a", "1", ",", "–", "é", "*")
  const line = fc.array(unit, { maxLength: 24 }).map((cs) => cs.join(""))
  fc.assert(fc.property(fc.oneof(line, fc.string({ unit: binaryUnit, maxLength: 16 })), (text) => {
    t.deepEqual(splitRow(text), splitRowBySlices(text), JSON.stringify(text))
  }), { numRuns: 5000, seed: 8 })
})

// issue 8, seventh pass: the inner pipes are kept in a scratch array while counting, which grows
// past 64; a long row must give the cells of trimming and splitting, as a short one does.
test("splitRow gives the same cells for rows of many cells (its scratch grows), and after them", (t) => {
  for (const n of [63, 64, 65, 200, 3]) {
    const line = `| ${Array.from({ length: n }, (_, i) => ` c${i} `).join("|")} |`
    t.deepEqual(splitRow(line), splitRowBySlices(line), `${n} cells`)
  }
})

// issue 8, seventh pass: a text without \r is split at \n without the regular expression.
test("parseArticle's lines are the text split at \\r\\n, \\r and \\n, with or without a \\r in it", (t) => {
  const unit = fc.constantFrom("\n", "\n", "\r", "\r\n", "a", "| x |", " ", "=", "\u2028")
  fc.assert(fc.property(fc.array(unit, { maxLength: 30 }).map((cs) => cs.join("")), (text) => {
    const expected = text.split(/\r\n?|\n/)
    if (expected.length > 0 && expected[expected.length - 1] === "") expected.pop()
    t.deepEqual(parseArticle("a.txt", text).lines, expected, JSON.stringify(text))
  }), { numRuns: 3000, seed: 8 })
})

test("isTableLine answers as trimStart().startsWith('|') for any line", (t) => {
  const unit = fc.constantFrom("|", "|", "|", " ", " ", "\t", "\u00a0", "\u3000", "\ufeff", "\u2028", "a", "-", "¦", "｜")
  let tables = 0
  fc.assert(fc.property(fc.oneof(fc.array(unit, { maxLength: 6 }).map((cs) => cs.join("")), fc.string({ unit: binaryUnit, maxLength: 6 })), (line) => {
    const expected = line.trimStart().startsWith("|")
    if (expected) tables++
    t.is(isTableLine(line), expected, JSON.stringify(line))
  }), { numRuns: 5000, seed: 8 })
  t.true(tables > 300) // both answers were met
})

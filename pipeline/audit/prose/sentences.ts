/**
 * The article's prose as sentences, each with its line: paragraphs split at sentence ends, every
 * list item and every infobox field. The line of a sentence is the source line it starts on, so a
 * claim found in a paragraph that wraps over several lines points at the right one.
 */
import type { Document, InfoboxField, List } from "../../extract/document.ts"
import { type Token, tokenise } from "./tokens.ts"

export interface Sentence {
  readonly file: string
  readonly line: number
  readonly section: ReadonlyArray<string>
  readonly source: "paragraph" | "list_item" | "infobox"
  readonly text: string
  readonly tokens: ReadonlyArray<Token>
  /** The list directly after the paragraph this sentence ends, when the sentence ends with `:`. */
  readonly introduces: List | null
  /** The infobox field, for infobox sentences. */
  readonly field: InfoboxField | null
}

/** Abbreviations after which a full stop does not end a sentence. */
const ABBREVIATIONS = new Set(["mr", "mrs", "ms", "dr", "st", "mt", "no", "vs", "jr", "sr", "gen", "lt", "col", "e.g", "i.e"])

/** Splits a paragraph at `.`, `!` or `?` followed by a space and a capital letter, digit or quote. */
export const splitSentences = (text: string): Array<{ text: string; offset: number }> => {
  const out: Array<{ text: string; offset: number }> = []
  let start = 0
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (c !== "." && c !== "!" && c !== "?") continue
    if (text[i + 1] !== " ") continue
    const after = text[i + 2] ?? ""
    const startsSentence = after !== "" && (after !== after.toLowerCase() || (after >= "0" && after <= "9") || after === "\"" || after === "“")
    if (!startsSentence) continue
    // The word before the stop: an abbreviation or a single initial ("J. Chirac") does not end a sentence.
    let w = i
    while (w > start && text[w - 1] !== " ") w--
    const word = text.slice(w, i).toLowerCase()
    if (c === "." && (ABBREVIATIONS.has(word) || (word.length === 1 && word >= "a" && word <= "z"))) continue
    out.push({ text: text.slice(start, i + 1), offset: start })
    start = i + 2
  }
  if (start < text.length && text.slice(start).trim() !== "") out.push({ text: text.slice(start), offset: start })
  return out
}

/** The line a sentence of a multi-line paragraph starts on: the first of the paragraph's lines holding its opening words. */
const lineOf = (doc: Document, first: number, last: number, sentence: string): number => {
  if (first === last) return first
  const opening = sentence.slice(0, 24)
  for (let line = first; line <= last; line++) if ((doc.lines[line - 1] ?? "").includes(opening)) return line
  return first
}

export const sentencesOf = (doc: Document): Array<Sentence> => {
  const out: Array<Sentence> = []
  const file = doc.file
  // Whole literals, not `{ ...base, … }`: a spread with further properties is V8's slow path (it
  // was most of this function's time at 1,000 articles).
  const blocks = doc.blocks
  for (let index = 0; index < blocks.length; index++) {
    const block = blocks[index]!
    const section = block.section
    if (block._tag === "Paragraph") {
      const parts = splitSentences(block.text)
      const next = blocks[index + 1]
      for (let k = 0; k < parts.length; k++) {
        const text = parts[k]!.text.trim()
        const last = k === parts.length - 1
        out.push({
          file,
          section,
          line: lineOf(doc, block.line, block.endLine, text),
          source: "paragraph",
          text,
          tokens: tokenise(text),
          introduces: last && text.endsWith(":") && next?._tag === "List" ? next : null,
          field: null
        })
      }
    } else if (block._tag === "List") {
      for (const item of block.items) {
        out.push({ file, section, line: item.line, source: "list_item", text: item.text, tokens: tokenise(item.text), introduces: null, field: null })
      }
    } else if (block._tag === "Infobox") {
      for (const field of block.fields) {
        out.push({ file, section, line: field.line, source: "infobox", text: field.value, tokens: tokenise(field.value), introduces: null, field })
      }
    }
  }
  return out
}

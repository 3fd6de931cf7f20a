/**
 * The document model: what the extract stage makes of one article.
 * Every node knows its file and 1-based line (unist's `position`, reduced to what a line-based
 * format needs), so any figure downstream can be traced to the line it came from.
 * The model knows nothing about elections; it is the article's structure only.
 */

/** A heading, and the path of headings above it (outermost first). */
export interface Section {
  readonly title: string
  readonly level: number
  readonly line: number
  /** Titles from the outermost `==` heading down to this one. */
  readonly path: ReadonlyArray<string>
}

export interface Row {
  readonly line: number
  /**
   * Each cell's text, trimmed, in the order written (a cell's 0-based column is its index). Plain
   * strings, not an object per cell: ~2.8 M cells per 1,000 generated articles, each read several
   * times by the normaliser (issue 8, ninth pass).
   */
  readonly cells: ReadonlyArray<string>
  /** The row's line as written, for quoting in reports. */
  readonly raw: string
}

interface BlockBase {
  readonly file: string
  readonly line: number
  /** Heading titles enclosing the block, outermost first; empty before the first heading. */
  readonly section: ReadonlyArray<string>
}

export interface Table extends BlockBase {
  readonly _tag: "Table"
  /** 1-based ordinal of the table within its file. */
  readonly index: number
  /** A `**caption**`-style line directly above the table, if any. */
  readonly caption: { readonly text: string; readonly line: number } | null
  readonly rows: ReadonlyArray<Row>
}

export interface InfoboxField {
  readonly key: string
  readonly value: string
  readonly line: number
}

export interface Infobox extends BlockBase {
  readonly _tag: "Infobox"
  readonly fields: ReadonlyArray<InfoboxField>
}

export interface ListItem {
  readonly text: string
  readonly line: number
}

export interface List extends BlockBase {
  readonly _tag: "List"
  readonly items: ReadonlyArray<ListItem>
}

export interface Paragraph extends BlockBase {
  readonly _tag: "Paragraph"
  readonly text: string
  /** The paragraph's last line (its lines are `line`…`endLine`, joined into `text`). */
  readonly endLine: number
}

export type Block = Table | Infobox | List | Paragraph

/** Something the parser noticed about the text's form (not its meaning). */
export interface SourceIssue {
  readonly code: "ROW_NOT_CLOSED" | "HEADING_UNBALANCED" | "TITLE_MISSING" | "CAPTION_ORPHANED"
  readonly line: number
  readonly raw: string
  readonly message: string
}

export interface Document {
  readonly file: string
  readonly title: string | null
  readonly titleLine: number | null
  readonly sections: ReadonlyArray<Section>
  readonly blocks: ReadonlyArray<Block>
  readonly issues: ReadonlyArray<SourceIssue>
  /** The article's lines as read (index 0 is line 1), for quoting source lines in reports. */
  readonly lines: ReadonlyArray<string>
}

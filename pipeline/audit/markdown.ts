/**
 * Markdown escaping for the anomaly report. Everything that comes from an article (titles, section
 * names, areas, names, cell texts, quoted lines, messages that embed them) or from the file system
 * (file names) goes through one of these functions where it lands, so a CommonMark/GFM renderer
 * shows it as text: no raw HTML element, no link, no emphasis, no broken table or code span.
 *
 * - `text`: inline text (paragraphs, list items, headings). Backslash-escapes the Markdown
 *   punctuation \ ` * _ [ ] # | ! ~, writes `<` as `&lt;` (so no tag or autolink can start, in any
 *   renderer, even one without backslash escapes for `<`) and `>` as `&gt;` where it could start a
 *   block quote (at the start of the text; elsewhere `>` is inert), neutralises `&` where it would
 *   start an entity (`&lt;` in an article stays visible as `&lt;`), escapes a leading list, heading
 *   or setext marker, breaks GFM's extended autolinks (`\://`, `www\.`, `\@`: an address in an
 *   article is shown, not linked), and folds line breaks into spaces (one text, one line).
 * - `cell`: the same for a GFM table cell (the `|` escape above is what keeps the row's columns).
 * - `code`: a code span whose backtick fence is longer than the longest backtick run inside, padded
 *   with spaces where the content starts or ends with a backtick (or with a space on both sides).
 * - `codeCell`: a code span inside a table cell (`|` written `\|`, which GFM unescapes inside the
 *   span); content with a backslash right before a `|` cannot be written that way and falls back
 *   to `cell`.
 * - `codeBlock`: a fenced block whose fence is longer than any backtick run inside.
 * - `link`: a link whose target is only ever http(s) or a relative path; anything else (javascript:,
 *   data:, …) is written as plain text.
 * - `table`: a GFM table from typed cells, so no caller builds rows by string concatenation.
 */

const BREAKS = /\r\n|[\r\n\u2028\u2029\u0085\v\f]/g
const PUNCTUATION = /[\\`*_[\]#|!~]/g
/**
 * `&` that would start a character reference (`&name;`, `&#123;`) becomes `&amp;`. A scanner, not
 * `/&(?=#?[A-Za-z0-9]+;)/g` (recheck: polynomial backtracking on long runs): each `&` looks only
 * at the alphanumeric run after it, which ends before the next `&`, so the work is linear.
 */
const defuseEntities = (s: string): string => {
  if (!s.includes("&")) return s
  let out = ""
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!
    if (c !== "&") {
      out += c
      continue
    }
    let j = i + 1
    if (s[j] === "#") j++
    const start = j
    while (j < s.length && /[A-Za-z0-9]/.test(s[j]!)) j++
    out += j > start && s[j] === ";" ? "&amp;" : "&"
  }
  return out
}
/** A list item (`-`, `+`, `*` is escaped anyway, `1.`, `1)`), heading, quote or setext line at the start. */
const LEADING = /^(\s*)(?:([-+=])|(\d+)([.)]))/

const oneLine = (s: string) => s.replace(BREAKS, " ")

/**
 * Text none of `escapeText`'s rules touches (no break, punctuation, `&`, `<`, `@`, `://`, `www.`,
 * and no leading marker or `>`) is already its own escape: returned as is (most report text is).
 */
const TOUCHED = /[\r\n\u2028\u2029\u0085\v\f\\`*_[\]#|!~&<@]|:\/\/|www\./i
const LEADING_OR_QUOTE = /^\s*(?:[-+=>]|\d+[.)])/

/** Inline text: shown as written, never interpreted as Markdown or HTML. */
export const text = (s: string): string => (TOUCHED.test(s) || LEADING_OR_QUOTE.test(s) ? escapeText(s) : s)

/** `text` without the shortcut (exported for the tests: both must agree on every string). */
export const escapeText = (s: string): string => {
  const escaped = defuseEntities(oneLine(s).replace(PUNCTUATION, (c) => `\\${c}`))
    .replace(/</g, "&lt;")
    // GFM's extended autolinks (`http://…`, `www.…`, `a@b.c`): text stays text.
    .replace(/:(?=\/\/)/g, "\\:")
    .replace(/(www)\./gi, "$1\\.")
    .replace(/@/g, "\\@")
  return escaped
    .replace(/^(\s*)>/, "$1&gt;")
    .replace(LEADING, (_, space: string, mark: string | undefined, digits: string | undefined, dot: string | undefined) =>
      mark !== undefined ? `${space}\\${mark}` : `${space}${digits}\\${dot}`
    )
}

/** Text in a GFM table cell; never empty (an empty cell reads as a missing one). */
export const cell = (s: string): string => {
  const t = text(s).trim()
  return t === "" ? " " : t
}

const longestRun = (s: string, char: string): number => {
  if (!s.includes(char)) return 0
  let longest = 0
  let run = 0
  for (const c of s) {
    run = c === char ? run + 1 : 0
    if (run > longest) longest = run
  }
  return longest
}

/** A code span's content that needs no work: no line break (to fold) and no backtick (to outrun). */
const PLAIN_CODE = /[`\r\n\u2028\u2029\u0085\v\f]/

/**
 * A code span showing `s` verbatim (line breaks become spaces, as CommonMark does anyway). Content
 * without a line break or a backtick (most file:line references, ids, figures) takes a one-backtick
 * fence at once; `codeSpan` is the long path, and both agree on every string (test/markdown.test.ts).
 */
export const code = (s: string): string => {
  if (s === "" || PLAIN_CODE.test(s)) return codeSpan(s)
  return s.charCodeAt(0) === 32 && s.charCodeAt(s.length - 1) === 32 && s.trim() !== "" ? `\` ${s} \`` : `\`${s}\``
}

/** `code` without the shortcut (exported for the tests). */
export const codeSpan = (s: string): string => {
  const content = oneLine(s)
  if (content === "") return "` `"
  const fence = "`".repeat(longestRun(content, "`") + 1)
  const pad = content.startsWith("`") || content.endsWith("`") || (content.startsWith(" ") && content.endsWith(" ") && content.trim() !== "")
  return pad ? `${fence} ${content} ${fence}` : `${fence}${content}${fence}`
}

/** A code span in a table cell. */
export const codeCell = (s: string): string => {
  const content = oneLine(s)
  if (/\\\|/.test(content)) return cell(content)
  return code(content).replace(/\|/g, "\\|")
}

/** A fenced code block showing every line verbatim (the fence outruns any backtick run inside). */
export const codeBlock = (lines: ReadonlyArray<string>, info = "text"): Array<string> => {
  const body = lines.map(oneLine)
  const fence = "`".repeat(Math.max(3, ...body.map((l) => longestRun(l, "`") + 1)))
  return [`${fence}${info}`, ...body, fence]
}

const SAFE_TARGET = /^(?:https?:\/\/|[./#]|[A-Za-z0-9_-]+(?:[./#]|$))/

/** A link; a target that is not http(s) or a plain relative path is written as text, not linked. */
export const link = (label: string, target: string): string => {
  const t = target.trim()
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(t)
  if ((scheme && !/^https?$/i.test(scheme[1]!)) || !SAFE_TARGET.test(t)) return `${text(label)} (${text(t)})`
  const encoded = encodeURI(t).replace(/[()<>[\]\\`*_|!~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`)
  return `[${text(label)}](${encoded})`
}

/** A cell: plain text (escaped here), a code span, or Markdown the report itself wrote (e.g. `**held**`). */
export type Cell = string | { readonly code: string } | { readonly md: string }

export type Align = "left" | "right"

const renderCell = (c: Cell): string => {
  if (typeof c === "string") return cell(c)
  if ("code" in c) return codeCell(c.code)
  // The report's own Markdown: one line, and a literal pipe never splits the row.
  return oneLine(c.md).replace(/(?<!\\)\|/g, "\\|") || " "
}

/** A GFM table: one header row, an alignment row, and every row with exactly the header's cells. */
export const table = (columns: ReadonlyArray<readonly [string, Align]>, rows: Iterable<ReadonlyArray<Cell>>): Array<string> => {
  const out = [`| ${columns.map(([label]) => cell(label)).join(" | ")} |`, `|${columns.map(([, a]) => (a === "right" ? "---:" : "---")).join("|")}|`]
  for (const row of rows) {
    if (row.length !== columns.length) throw new Error(`table row has ${row.length} cells, the header ${columns.length}`)
    out.push(`| ${row.map(renderCell).join(" | ")} |`)
  }
  return out
}

/**
 * Escaped reports (issue 7, item 5): HTML, link syntax, backtick runs, pipes and emphasis marks put
 * into an article's title, a heading, a table cell, a paragraph and a claims quote reach
 * reports/anomalies.md as text. The Markdown is rendered with a CommonMark + GFM renderer
 * (`marked`) and the HTML checked: no element the article asked for (no script, no img, no event
 * attribute, no javascript: link), every table row with its table's column count, and the injected
 * text still visible where it landed.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import test from "ava"
import { marked, type Token, type Tokens } from "marked"
import { type RunResult, runPipeline, SEEDS, SENATE, tempDir } from "./helpers/mutate.ts"

const SCRIPT = "<script>alert(1)</script>"
const IMG = "<img src=x onerror=alert(1)>"
const LINK = "[x](javascript:alert(1))"
const TICKS = "``` and ` lone"
const MARKS = "*star* _under_ a|b"
const INJECTION = `${SCRIPT} ${IMG} ${LINK} ${TICKS} ${MARKS}`

interface Rendered {
  readonly markdown: string
  readonly html: string
  readonly report: RunResult["report"]
}

let rendered: Promise<Rendered> | null = null
/** The pipeline on a copy of the seeds whose Senate article and claims carry the injection. */
const render = () =>
  (rendered ??= (async () => {
    const { dir, cleanup } = tempDir("recount-escape-")
    try {
      const seeds = join(dir, "seeds")
      mkdirSync(seeds)
      for (const name of readdirSync(SEEDS)) if (name.endsWith(".txt") || name.endsWith(".json")) copyFileSync(join(SEEDS, name), join(seeds, name))
      const lines = readFileSync(join(SEEDS, SENATE), "utf8").split("\n")
      const at = (pattern: RegExp) => {
        const i = lines.findIndex((l) => pattern.test(l))
        if (i < 0) throw new Error(`no line ${pattern} in ${SENATE}`)
        return i
      }
      // Title, a heading, a table cell (the group name the infobox error quotes), a paragraph.
      lines[at(/^= .* =$/)] = `= 2004 French Senate election ${INJECTION} =`
      lines[at(/^==Results==$/)] = `==Results ${INJECTION}==`
      const ump = at(/^\| \| UMP Group \|/)
      lines[ump] = lines[ump]!.replace("UMP Group", `UMP Group ${SCRIPT} ${IMG} ${LINK} ${TICKS} *star* _under_`)
      const prose = at(/^This was the last renewal/)
      lines[prose] = `${lines[prose]} Injected: ${INJECTION}.`
      writeFileSync(join(seeds, SENATE), lines.join("\n"))
      // A claims quote (and its reason) carrying the injection, on the edited paragraph.
      const claimsFile = join(seeds, SENATE.replace(/\.txt$/, ".claims.json"))
      const claims = JSON.parse(readFileSync(claimsFile, "utf8")) as { claims: Array<unknown> }
      claims.claims.push({ id: "injected", line: prose + 1, quote: `Injected: ${INJECTION}`, check: { kind: "not-checkable", reason: `reason ${INJECTION}` } })
      writeFileSync(claimsFile, JSON.stringify(claims, null, 2))
      const run = await runPipeline(seeds, dir)
      const markdown = run.markdown.toString("utf8")
      return { markdown, html: await marked.parse(markdown, { gfm: true }), report: run.report }
    } finally {
      cleanup()
    }
  })())

// -------------------------------------------------------------------------------------------------
// A small HTML reader: marked escapes every `<` of text as `&lt;`, so every `<` left is a tag.
// -------------------------------------------------------------------------------------------------

interface Tag {
  readonly name: string
  readonly attributes: ReadonlyArray<readonly [string, string]>
}

const TAG = /<(\/?)([A-Za-z][A-Za-z0-9-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*)\s*\/?>/y
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g

const tags = (html: string): { readonly tags: ReadonlyArray<Tag>; readonly unparsed: ReadonlyArray<string> } => {
  const found: Array<Tag> = []
  const unparsed: Array<string> = []
  for (let i = html.indexOf("<"); i >= 0; i = html.indexOf("<", i + 1)) {
    TAG.lastIndex = i
    const m = TAG.exec(html)
    if (!m) {
      unparsed.push(html.slice(i, i + 60))
      continue
    }
    if (m[1] === "/") continue
    const attributes = [...m[3]!.matchAll(ATTRIBUTE)].map((a) => [a[1]!.toLowerCase(), a[2] ?? a[3] ?? a[4] ?? ""] as const)
    found.push({ name: m[2]!.toLowerCase(), attributes })
  }
  return { tags: found, unparsed }
}

const decode = (s: string) =>
  s.replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ({ lt: "<", gt: ">", quot: '"', "#39": "'", amp: "&" })[e]!)

/** The text a reader sees: tags removed, entities decoded. */
const visible = (html: string) => decode(html.replace(/<[^>]*>/g, ""))

/** Everything marked may write for this report (CommonMark + GFM, no raw HTML passed through). */
const ALLOWED = new Set(["h1", "h2", "h3", "h4", "h5", "h6", "p", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td", "code", "pre", "strong", "em", "del", "blockquote", "hr", "br", "a"])

test("the rendered report has no element, attribute or link the article asked for", async (t) => {
  const { html } = await render()
  const { tags: found, unparsed } = tags(html)
  t.deepEqual(unparsed, [], "every '<' in the HTML starts a well-formed tag")
  t.false(/<script/i.test(html), "no <script")
  t.false(/<img/i.test(html), "no <img")
  t.false(/href\s*=\s*["']?\s*javascript:/i.test(html), "no javascript: link")
  t.deepEqual(found.filter((f) => !ALLOWED.has(f.name)).map((f) => f.name), [], "only elements Markdown itself makes")
  for (const tag of found) {
    for (const [name, value] of tag.attributes) {
      t.false(name.startsWith("on"), `<${tag.name} ${name}=…>`)
      t.true(["align", "href", "class", "start", "id"].includes(name), `<${tag.name} ${name}=…>`)
      if (name === "href") t.regex(value, /^(https?:|#|[./A-Za-z0-9])/, "a link target is http(s) or relative")
      if (name === "href") t.notRegex(value, /^\s*(javascript|data|vbscript):/i)
    }
  }
  // marked's own view agrees: no html token anywhere in the document.
  const html_tokens: Array<string> = []
  marked.walkTokens(marked.lexer((await render()).markdown), (token) => {
    if (token.type === "html") html_tokens.push(token.raw)
    if (token.type === "link") html_tokens.push(`link ${(token as Tokens.Link).href}`)
  })
  t.deepEqual(html_tokens, [], "no raw HTML and no link token")
})

/** A GFM table row's cells as GFM splits them: on every `|` not escaped by an odd run of backslashes. */
const splitRow = (line: string): Array<string> => {
  const inner = line.trim().replace(/^\|/, "").replace(/(?<!\\)((?:\\\\)*)\|$/, "$1")
  const cells: Array<string> = []
  let current = ""
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i]!
    if (c === "\\" && i + 1 < inner.length) {
      current += c + inner[i + 1]
      i++
    } else if (c === "|") {
      cells.push(current)
      current = ""
    } else current += c
  }
  cells.push(current)
  return cells
}

test("every table row has its table's column count, and every table in the Markdown is one table", async (t) => {
  const { markdown } = await render()
  const tables: Array<Tokens.Table> = []
  marked.walkTokens(marked.lexer(markdown), (token: Token) => {
    if (token.type === "table") tables.push(token as Tokens.Table)
  })
  // One table per header row the report wrote (a `|---` line below a `| … |` line).
  const delimiterRows = markdown.split("\n").filter((l) => /^\|(?:---:?\|)+$/.test(l)).length
  t.is(tables.length, delimiterRows, "every table the report wrote parses as a table")
  t.true(tables.length >= 6)
  for (const table of tables) {
    const lines = table.raw.trimEnd().split("\n")
    const columns = splitRow(lines[0]!).length
    t.is(table.header.length, columns)
    for (const line of lines.slice(2)) t.is(splitRow(line).length, columns, `row with ${splitRow(line).length} cells, header ${columns}: ${line.slice(0, 200)}`)
    for (const row of table.rows) t.is(row.length, columns)
  }
})

test("the injected text is still visible: in the title, a heading, a code block, a message, a claims cell", async (t) => {
  const { html } = await render()
  const text = visible(html)
  // Headings: the article title (in ### headings) and the section name (in a #### heading).
  const headings = [...html.matchAll(/<h([1-6])[^>]*>([\s\S]*?)<\/h\1>/g)].map((m) => visible(m[2]!))
  t.true(headings.some((h) => h.includes(`2004 French Senate election ${INJECTION}`)), "the title, escaped, in an article heading")
  t.true(headings.some((h) => h.includes(`Results ${INJECTION}`)), "the section name, escaped, in a section heading")
  // The quoted source line, verbatim inside a code block.
  const blocks = [...html.matchAll(/<pre><code[^>]*>([\s\S]*?)<\/code><\/pre>/g)].map((m) => decode(m[1]!))
  t.true(blocks.some((b) => b.includes(`UMP Group ${SCRIPT} ${IMG} ${LINK} ${TICKS} *star* _under_ | 162 | 155 |`)), "the table row quoted verbatim")
  // An info finding's message embeds the cell text (an unknown party: info since issue 13). The
  // Markdown counts info findings per section and rule (issue 10), so its table names the finding's
  // code and line, and anomalies.json keeps the message with the cell text verbatim.
  const { report } = await render()
  const unknown = report.anomalies.filter((a) => a.field === "PARTY_UNKNOWN" && a.message.startsWith(`'UMP Group ${SCRIPT} ${IMG} ${LINK} ${TICKS} *star* _under_' is not in the party dictionary`))
  t.is(unknown.length, 1, "the message embedding the cell text, verbatim in anomalies.json")
  const cells = [...html.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => visible(m[1]!))
  t.true(cells.some((c) => c.includes("PARTY_UNKNOWN")), "the info table names the finding")
  t.true(text.includes("UMP Group"), "the cell text is visible")
  // The claims table: the quote and its reason, each in its own cell.
  t.true(cells.includes(`“Injected: ${INJECTION}”`), "the claims quote in its cell")
  t.true(cells.includes(`reason ${INJECTION}`), "the claim's reason in its cell")
  // The section name with its pipe, in the info table's section column.
  t.true(cells.includes(`Results ${INJECTION}`), "the section name in a table cell")
  // Emphasis marks stay marks: nothing became emphasis.
  t.false(/<em>|<strong>star|<del>/.test(html.replace(/<strong>(ERROR|WARNING|Suggestion:[^<]*|contradicted)<\/strong>/g, "")), "no emphasis from the article")
})

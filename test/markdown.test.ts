/**
 * pipeline/audit/markdown.ts: each escaping function, checked by rendering with a CommonMark + GFM
 * renderer (`marked`) — by example and as a property over arbitrary strings: what goes in is what
 * a reader sees, and nothing else (no element, no link, no emphasis, no extra cell).
 */
import test from "ava"
import fc from "fast-check"
import { binaryUnit } from "./helpers/binary-unit.ts"
import { marked } from "marked"
import { cell, code, codeBlock, codeCell, codeSpan, escapeText, link, table, text } from "../pipeline/audit/markdown.ts"

const decode = (s: string) =>
  s.replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ({ lt: "<", gt: ">", quot: '"', "#39": "'", amp: "&" })[e]!)
const html = (md: string) => marked.parse(md, { async: false, gfm: true })
/** The visible text of rendered HTML that holds no element but paragraphs (else null: no link, no emphasis, no tag). */
const safeVisible = (out: string): string | null => {
  for (const tag of out.matchAll(/<([a-z0-9]+)([^>]*)>/g)) if (!(tag[1] === "p" && tag[2] === "")) return null
  return decode(out.replace(/<[^>]*>/g, ""))
}
const fold = (s: string) => s.replace(/\r\n|[\r\n\u2028\u2029\u0085\v\f]/g, " ")

// Strings rich in what Markdown and HTML treat specially.
const SPECIAL = ["<", ">", "&", "`", "*", "_", "[", "]", "(", ")", "|", "\\", "#", "!", "~", "-", "+", "=", ".", "1", " ", "\n", "a", ":", "/", "lt;", "#39;", "javascript:", "<script>", "www.x.com", "http://x"]
const hostile = fc.array(fc.oneof(fc.constantFrom(...SPECIAL), fc.string({ maxLength: 3 })), { maxLength: 24 }).map((parts) => parts.join(""))

test("text: the examples render as text", (t) => {
  for (const s of ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))", "*a* _b_ **c** ~~d~~", "# not a heading", "> not a quote", "- not a list", "1. not a list", "&lt;b&gt; stays", "a | b", "\\*", "![i](x.png)", "<http://x.y>", "see http://x.y/a_b", "www.example.org", "mail a@b.org"]) {
    t.is(safeVisible(html(text(s))), `${s}\n`, s)
  }
  t.is(text("a\nb\r\nc"), "a b c")
})

test("text: any string renders as itself in a paragraph, with no element and no link, not even a GFM autolink (property)", (t) => {
  fc.assert(
    fc.property(hostile, (s) => {
      const visible = fold(s)
      if (visible.trim() === "" || visible !== visible.trim()) return // CommonMark strips a paragraph's outer spaces
      return safeVisible(html(`x ${text(s)}`)) === `x ${visible}\n`
    }),
    { numRuns: 2000 }
  )
  t.pass()
})

test("code: the fence outruns any backtick run; padding where the content starts or ends with a backtick", (t) => {
  t.is(code("a"), "`a`")
  t.is(code("a`b"), "``a`b``")
  t.is(code("```"), "```` ``` ````")
  t.is(code("`"), "`` ` ``")
  t.is(code(" a "), "`  a  `")
  for (const s of ["```", "`", "a ``` b", "`x`", "<script>alert(1)</script>", " a ", "|", "\\"]) {
    t.is(html(code(s)), `<p><code>${s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")}</code></p>\n`, s)
  }
})

test("code: any string renders verbatim in one code span (property)", (t) => {
  fc.assert(
    fc.property(hostile, (s) => {
      const visible = fold(s)
      if (visible === "" || visible.trim() === "") return
      const out = html(`x ${code(s)}`)
      const m = /^<p>x <code>([\s\S]*)<\/code><\/p>\n$/.exec(out)
      return m !== null && decode(m[1]!) === visible
    }),
    { numRuns: 2000 }
  )
  t.pass()
})

test("table: every row keeps its columns and every cell shows its text (property)", (t) => {
  fc.assert(
    fc.property(fc.array(fc.tuple(hostile, hostile), { minLength: 1, maxLength: 4 }), (rows) => {
      const md = table([["a", "left"], ["b", "right"]], rows.map(([x, y]) => [x, { code: y }])).join("\n")
      const tokens = marked.lexer(md)
      if (tokens.length !== 1 || tokens[0]!.type !== "table") return false
      const out = html(md)
      if (safeVisible(out.replace(/<\/?(table|thead|tbody|tr|th|td|code)( align="(left|right)")?>/g, "")) === null) return false
      const cells = [...out.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1]!)
      if (cells.length !== rows.length * 2) return false
      return rows.every(([x, y], i) => {
        const a = decode(cells[2 * i]!.replace(/<[^>]*>/g, ""))
        const b = decode(cells[2 * i + 1]!.replace(/<[^>]*>/g, ""))
        const ok = (got: string, want: string) => want.trim() === "" || got.trim() === fold(want).trim() || got === fold(want)
        return ok(a, x) && (y.includes("\\|") ? ok(b, y) : ok(b, y) || b === fold(y))
      })
    }),
    { numRuns: 1000 }
  )
  t.throws(() => table([["a", "left"]], [["1", "2"]]), { message: /2 cells, the header 1/ })
  t.is(cell(""), " ")
  t.is(codeCell("a|b"), "`a\\|b`")
  t.is(codeCell("a\\|b"), "a\\\\\\|b")
})

test("codeBlock: a fence longer than any backtick run inside", (t) => {
  t.deepEqual(codeBlock(["a", "````b"]), ["`````text", "a", "````b", "`````"])
  const out = html(codeBlock(["```", "<script>alert(1)</script>", "``` x"]).join("\n"))
  t.is(out, '<pre><code class="language-text">```\n&lt;script&gt;alert(1)&lt;/script&gt;\n``` x\n</code></pre>\n')
})

test("link: only http(s) and relative targets become links", (t) => {
  t.is(link("rules", "docs/rules.md"), "[rules](docs/rules.md)")
  t.is(html(link("x", "https://example.org/a b")), '<p><a href="https://example.org/a%20b">x</a></p>\n')
  for (const target of ["javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "data:text/html,x", "vbscript:x", "java\tscript:alert(1)"]) {
    const out = html(link("x", target))
    t.false(/<a /.test(out), `${target}: ${out}`)
  }
  t.false(/<a /.test(html(link("[x](javascript:alert(1))", "docs/x.md").replace(/\(docs\/x\.md\)$/, ""))))
})

test("text's shortcut for untouched text agrees with the full escape on every string", (t) => {
  // Every character some rule looks at, plus letters, digits and spaces (so both paths are taken).
  const chars = [..."\\`*_[]#|!~&<>@:/.-+=)0123456789 \t\r\n\u2028\u0085\v\fwW;aé"]
  const piece = fc.oneof(fc.constantFrom(...chars), fc.constantFrom("www.", "WWW.", "://", "&amp;", "&#12;", "1.", "2)", " > ", "- "))
  fc.assert(fc.property(fc.array(piece, { maxLength: 12 }).map((p) => p.join("")), (s) => {
    t.is(text(s), escapeText(s))
  }), { numRuns: 3000, seed: 8 })
  t.is(text("Île-de-France 12,345 votes"), "Île-de-France 12,345 votes")
})

test("code's shortcut for content without a break or a backtick agrees with the full code span on every string", (t) => {
  // Backticks, every line break the fold knows, spaces and other white space at either end, pipes, non-BMP characters.
  const chars = [..."`` \t\u00a0\u3000\r\n\u2028\u2029\u0085\v\f|\\<>&*_aZ9é", "😀", "\ud800", "\udc00"]
  const piece = fc.oneof(fc.constantFrom(...chars), fc.string({ maxLength: 3, unit: binaryUnit }))
  fc.assert(fc.property(fc.array(piece, { maxLength: 10 }).map((p) => p.join("")), (s) => {
    t.is(code(s), codeSpan(s))
  }), { numRuns: 4000, seed: 19 })
  for (const s of ["", " ", "  ", " a ", " a", "a ", "`", " ` ", "a`b", "seeds/x.txt:12", "\u00a0x\u00a0", "😀"]) t.is(code(s), codeSpan(s), JSON.stringify(s))
  t.is(code("seeds/x.txt:12"), "`seeds/x.txt:12`")
  t.is(code(" a "), "`  a  `")
})

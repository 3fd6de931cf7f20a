/**
 * reports/index.html: the faults and findings as one self-contained page — inline CSS, inline
 * script, the view model (./view.ts) as JSON in a `<script type="application/json">`. It opens
 * from file:// and makes no request: a Content-Security-Policy allows no source but this page's
 * own script (by its hash) and inline styles.
 *
 * Escaping: the few strings written into the HTML itself go through escapeHtml; the JSON is
 * escaped for a script element (`<`, `>`, `&`, U+2028, U+2029 as \u escapes), so `</script>` in an
 * article cannot end it; the page's script builds every element with textContent and
 * setAttribute, never innerHTML. Charts are hand-written SVG built by the same script (see
 * docs/decisions.md, "HTML report"). Same view → same bytes.
 */
import { createHash } from "node:crypto"
import { count, counted } from "../audit/format.ts"
import { jsonPieces } from "../json-pieces.ts"
import type { PageView, ReportView } from "./view.ts"

const HTML_ESCAPES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }

/** Text for HTML content or a quoted attribute value. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!)

/** JSON safe inside `<script type="application/json">`: no `<`, `>`, `&`, U+2028 or U+2029 left raw. */
export const scriptJson = (value: unknown): string => scriptEscape(JSON.stringify(value))

const scriptEscape = (json: string): string => json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)

/**
 * `scriptJson(value)` as pieces (pipeline/json-pieces.ts, the view opened two levels: each fault,
 * finding, chart… alone). The escapes replace single characters, so escaping each piece gives the
 * whole text's escapes.
 */
export function* scriptJsonPieces(value: unknown): Generator<string> {
  for (const piece of jsonPieces(value, "", 2)) yield scriptEscape(piece)
}

export const renderHtml = (view: ReportView): string => [...htmlPieces(view)].join("")

/**
 * index.html as pieces (its lines, each followed by its newline; the data line in pieces of its
 * own), for the run to write as they come, never joined: the page's data is ~21 MB of JSON at
 * 3,000 articles, and was one string (and its escaped copy) at the report stage's peak.
 */
export function* htmlPieces(view: PageView): Generator<string> {
  const f = view.totals.faults
  const n = view.totals.findings
  const summary = `${counted(f.error + f.warning + f.info, "fault")} located in ${counted(view.articles.length, "article")}: ${counted(f.error, "error")}, ${counted(f.warning, "warning")}` +
    `${f.info > 0 ? `, ${count(f.info)} info` : ""}. ${count(n.error + n.warning + n.info)} rule findings: ${count(n.error)} errors, ${count(n.warning)} warnings, ${count(n.info)} info. ` +
    "A fault's suggestion is the value the article's other figures imply, not a claim about the official result."
  const b = view.baseline
  const baselineLine = b === undefined ? "" : `Against the baseline ${b.file}: faults ${count(b.counts.faults.new)} new, ${count(b.counts.faults.known)} known, ` +
    `${count(b.counts.faults.resolved)} resolved; errors and warnings no fault explains ${count(b.counts.findings.new)} new, ${count(b.counts.findings.known)} known, ` +
    `${count(b.counts.findings.resolved)} resolved. --fail-on counts only the new ones.`
  const hash = createHash("sha256").update(CLIENT).digest("base64")
  const lines = (list: ReadonlyArray<string>) => list.flatMap((line) => [line, "\n"])
  yield* lines([
    "<!DOCTYPE html>",
    "<html lang=\"en\">",
    "<head>",
    "<meta charset=\"utf-8\">",
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${hash}'; img-src data:">`,
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
    `<title>Recount report — ${escapeHtml(view.articles.length === 1 ? view.articles[0]!.title : `${count(view.articles.length)} articles`)}</title>`,
    `<style>${CSS}</style>`,
    "</head>",
    "<body>",
    "<header>",
    "<h1>Recount report</h1>",
    `<p id="summary">${escapeHtml(summary)}</p>`,
    ...(b === undefined ? [] : [`<p id="baseline-summary">${escapeHtml(baselineLine)}</p>`]),
    "<noscript><p>This page draws its lists and charts with JavaScript; anomalies.md holds the same report as text.</p></noscript>",
    "</header>",
    "<nav id=\"filters\" aria-label=\"Filters\">",
    "<fieldset><legend>Severity</legend>",
    ...(["error", "warning", "info"] as const).map((s) => `<label class="sev-${s}"><input type="checkbox" name="severity" value="${s}" checked> ${s}</label>`),
    "</fieldset>",
    "<label>Article <select id=\"f-article\"><option value=\"\">all</option></select></label>",
    "<label>Area <select id=\"f-area\"><option value=\"\">all</option></select></label>",
    "<label>Rule <select id=\"f-rule\"><option value=\"\">all</option></select></label>",
    "<label id=\"f-status-label\" hidden>Baseline <select id=\"f-status\"><option value=\"\">all</option><option value=\"new\">new</option><option value=\"known\">known</option><option value=\"resolved\">resolved</option></select></label>",
    "<label>Search <input id=\"f-search\" type=\"search\" placeholder=\"name, figure, section, id…\"></label>",
    "<p id=\"shown\" role=\"status\"></p>",
    "</nav>",
    "<main>",
    "<section id=\"faults\"><h2>Faults</h2>",
    "<p class=\"note\">Each fault is the fewest cells whose change makes every check of its table hold; errors first.</p>",
    "<table id=\"fault-table\" class=\"list\"></table>",
    "<div id=\"fault-list\"></div><button type=\"button\" id=\"more-faults\" hidden>Show all</button></section>",
    "<section id=\"resolved\" hidden><h2>Resolved since the baseline</h2>",
    "<p class=\"note\">In the baseline, no longer found by this run: faults as the baseline recorded them, findings by id.</p>",
    "<table id=\"resolved-table\" class=\"list\"></table></section>",
    "<section id=\"unexplained\"><h2>Errors and warnings no fault explains</h2>",
    "<div id=\"finding-list\"></div><button type=\"button\" id=\"more-findings\" hidden>Show all</button></section>",
    "<details id=\"info\"><summary>Info findings</summary>",
    "<p class=\"note\">Explainable differences and odd forms read unambiguously, counted per article, section and rule; each is in anomalies.json with its own message.</p>",
    "<div id=\"info-list\"></div></details>",
    "<section id=\"overview\"><h2>Overview</h2>",
    "<h3>Checks by area</h3><p class=\"note\" id=\"grid-note\"></p><div id=\"grid\" class=\"scroll\"></div>",
    "<h3>Stated percentage against votes ÷ total</h3>",
    "<p class=\"note\" id=\"chart-note\">Each list: the dot is the stated percentage, the tick is votes ÷ the round total; red rows hold a fault's cell, amber rows differ by more than rounding.</p>",
    "<div id=\"charts\"></div></section>",
    "</main>"
  ])
  yield `<script type="application/json" id="recount-data">`
  yield* scriptJsonPieces(view)
  yield "</script>\n"
  yield* lines([
    `<script>${CLIENT}</script>`,
    "</body>",
    "</html>"
  ])
}

/**
 * The page's characters beyond ASCII, written into the String.raw blocks below as substitutions
 * (`${MDASH}`): one character beyond Latin-1 anywhere in the bundle made V8 hold the whole bundle's
 * source (1.7 MB) as a two-byte string, in every process and in the start-up snapshot
 * (docs/decisions.md, "An ASCII bundle"). The page's bytes are the same.
 */
const MDASH = "\u2014" // —
const MIDDOT = "\u00b7" // ·
const DIVIDE = "\u00f7" // ÷
const DOTTED_BAR = "\u2506" // ┆
const BAR = "\u2502" // │
const ARROW = "\u2192" // →
const TIMES = "\u00d7" // ×
const ELLIPSIS = "\u2026" // …
const PLUS_MINUS = "\u00b1" // ±
const MINUS = "\u2212" // −

const CSS = String.raw`
:root{--err:#b3261e;--err-bg:#fbe3e1;--warn:#8a5a00;--warn-bg:#fdf0d2;--info:#1f5f99;--info-bg:#e3eefa;--ok-bg:#eef3ee;--line:#d0d4d9;--muted:#5b6470}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1b1f24;background:#fafbfc}
header,main,nav{max-width:1200px;margin:0 auto;padding:0 16px}
h1{font-size:22px;margin:16px 0 4px}h2{font-size:18px;margin:24px 0 8px;border-bottom:1px solid var(--line)}h3{font-size:15px;margin:16px 0 6px}
.note{color:var(--muted);margin:4px 0 8px}
nav#filters{position:sticky;top:0;background:#fafbfc;border-bottom:1px solid var(--line);padding:8px 16px;display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center;z-index:2}
fieldset{border:0;padding:0;margin:0;display:flex;gap:8px}legend{float:left;margin-right:6px;font-weight:600}
select,input[type=search]{font:inherit;max-width:260px}input[type=search]{width:260px}
#shown{margin:0;color:var(--muted);flex-basis:100%}
.card{scroll-margin-top:140px;background:#fff;border:1px solid var(--line);border-left:5px solid var(--line);border-radius:4px;padding:8px 12px;margin:8px 0}
.card.error{border-left-color:var(--err)}.card.warning{border-left-color:#d89614}.card.info{border-left-color:var(--info)}
.card h4{margin:0 0 4px;font-size:15px;display:flex;flex-wrap:wrap;gap:6px;align-items:baseline}
.badge{display:inline-block;font-size:11px;font-weight:700;text-transform:uppercase;padding:1px 6px;border-radius:3px}
.badge.error{background:var(--err-bg);color:var(--err)}.badge.warning{background:var(--warn-bg);color:var(--warn)}.badge.info{background:var(--info-bg);color:var(--info)}
.badge.new{background:#1b1f24;color:#fff}.badge.known{background:#e4e6e9;color:#333}.badge.resolved{background:#d9f0dd;color:#1d6b2c}
.where{color:var(--muted);font-size:13px}
table.cells{border-collapse:collapse;margin:6px 0;font-variant-numeric:tabular-nums}
table.cells th,table.cells td{border-bottom:1px solid #eceef1;padding:2px 8px;text-align:left;vertical-align:top}
table.cells td.num{text-align:right;white-space:nowrap}
.to{font-weight:700;color:#0b6b2f}.range,.tied{color:#3d4550;font-style:italic}.alt{color:var(--muted)}.or{display:block;font-size:11px;color:var(--muted);font-style:normal}
.why{margin:4px 0}.pattern{font-style:italic;color:var(--muted)}
pre.quote{background:#f3f4f6;border-radius:3px;padding:6px 8px;margin:6px 0 2px;overflow-x:auto;font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;white-space:pre}
pre.quote .ln{color:var(--muted);user-select:none}pre.quote .hit{background:#fff3b0;font-weight:700}
.id{font:11px ui-monospace,Menlo,Consolas,monospace;color:var(--muted);word-break:break-all}
details#info{max-width:1200px;margin:16px auto;padding:0 16px}details#info>summary{font-size:18px;font-weight:600;cursor:pointer;border-bottom:1px solid var(--line)}
table.list{border-collapse:collapse;width:100%;background:#fff;font-size:13px;font-variant-numeric:tabular-nums}table.list td.num{text-align:right;white-space:nowrap}#fault-table{margin-bottom:12px;width:auto}#fault-table td:nth-child(2),table.list td.file{white-space:nowrap}table.list th,table.list td{border:1px solid #e3e6ea;padding:3px 6px;text-align:left;vertical-align:top}
.scroll{overflow-x:auto}
table.grid{border-collapse:collapse;font-size:12px}table.grid th,table.grid td{border:1px solid #e3e6ea;padding:2px 4px;text-align:center}
table.grid th.rule{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap;font-weight:500;height:150px}
table.grid th.row{text-align:left;white-space:nowrap;font-weight:500}table.grid th.area{padding-left:14px}table.grid tr.article-row th{font-weight:700;background:#f0f2f5}
table.grid td.error{background:var(--err);color:#fff}table.grid td.warning{background:#f0b94a}table.grid td.info{background:var(--info-bg);color:var(--info)}table.grid td.none{background:var(--ok-bg)}
.legend span{display:inline-block;padding:0 6px;margin-right:6px;border-radius:3px}
#charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(360px,1fr));gap:10px}
.chart{background:#fff;border:1px solid var(--line);border-radius:4px;padding:6px 8px}.chart.flagged{border-color:#e0a3a0}
.chart h4{margin:0;font-size:13px}.chart .where{font-size:12px}
svg text{font:11px system-ui,sans-serif;fill:#1b1f24}svg .fault text{fill:var(--err);font-weight:700}svg .off text{fill:var(--warn)}
button{font:inherit;margin:4px 0}
[hidden]{display:none!important}
`

/**
 * The page's script: reads the view model, fills the filters, and draws the lists, the grid and
 * the charts with DOM calls only (textContent, setAttribute) ${MDASH} article text is never parsed as HTML.
 * Written without template literals so it can live in this String.raw.
 */
const CLIENT = String.raw`
"use strict";
(function () {
  var data = JSON.parse(document.getElementById("recount-data").textContent);
  var PAGE = 200;
  var SVG = "http://www.w3.org/2000/svg";
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function svg(tag, attrs) {
    var e = document.createElementNS(SVG, tag);
    for (var k in attrs) e.setAttribute(k, String(attrs[k]));
    return e;
  }
  function add(parent, children) { children.forEach(function (c) { if (c) parent.appendChild(c); }); return parent; }
  function fmt(n) { return n.toLocaleString("en-US").replace(/\u00a0/g, ","); }
  var faultIndex = new Map();
  data.faults.forEach(function (f, i) { faultIndex.set(f, i); });
  var titles = {};
  data.articles.forEach(function (a) { titles[a.file] = a.title; });
  var ruleTitles = {};
  data.rules.forEach(function (r) { ruleTitles[r.code] = r.title; });

  // Filters ---------------------------------------------------------------------------------------
  function options(select, values, label) {
    values.forEach(function (v) { var o = el("option", null, label ? label(v) : v); o.value = v; select.appendChild(o); });
  }
  function uniq(xs) { var seen = {}; var out = []; xs.forEach(function (x) { if (x !== null && x !== undefined && !seen[x]) { seen[x] = 1; out.push(x); } }); return out; }
  var fArticle = document.getElementById("f-article"), fArea = document.getElementById("f-area"), fRule = document.getElementById("f-rule");
  var fStatus = document.getElementById("f-status"), fSearch = document.getElementById("f-search");
  options(fArticle, data.articles.map(function (a) { return a.file; }), function (f) { return f + " ${MDASH} " + titles[f]; });
  var areas = uniq(data.faults.map(function (f) { return f.area; }).concat(data.findings.map(function (f) { return f.area; }), data.info.map(function (i) { return i.area; }), data.charts.map(function (c) { return c.area; })));
  areas.sort();
  options(fArea, areas);
  options(fRule, data.rules.map(function (r) { return r.code; }), function (c) { return c + " ${MDASH} " + ruleTitles[c]; });
  if (data.baseline || data.faults.some(function (f) { return f.status; })) document.getElementById("f-status-label").hidden = false;

  function state() {
    var sev = {};
    document.querySelectorAll("input[name=severity]").forEach(function (c) { sev[c.value] = c.checked; });
    return { sev: sev, article: fArticle.value, area: fArea.value, rule: fRule.value, status: fStatus.value, q: fSearch.value.trim().toLowerCase() };
  }
  // The item's text, and its figures once more without grouping characters ("123,456" is also
  // found as "123456"; a narrow or no-break space as the separator too).
  function searchText(item) {
    var text = JSON.stringify(item).toLowerCase();
    var bare = text.match(/\d{1,3}(?:[,\u00a0\u202f ]\d{3})+/g);
    return bare ? text + "\n" + bare.map(function (n) { return n.replace(/[,\u00a0\u202f ]/g, ""); }).join(" ") : text;
  }
  function haystack(item) {
    if (item.__text === undefined) item.__text = searchText(item);
    return item.__text;
  }
  function keep(s, item, rules) {
    if (item.severity && !s.sev[item.severity]) return false;
    if (s.article && item.file !== s.article) return false;
    if (s.area && item.area !== s.area) return false;
    if (s.rule && rules.indexOf(s.rule) < 0) return false;
    if (s.status && item.status !== s.status) return false;
    if (s.q && haystack(item).indexOf(s.q) < 0) return false;
    return true;
  }

  // Cards -----------------------------------------------------------------------------------------
  function where(item) {
    var parts = [item.file + ":" + item.line];
    if (item.section) parts.push(item.section);
    if (item.area && item.area !== "national" && (item.section || "").indexOf(item.area) < 0) parts.push(item.area);
    if (item.round !== null && item.round !== undefined) parts.push("round " + item.round);
    return el("span", "where", parts.join(" ${MIDDOT} "));
  }
  // Source lines with their numbers; the lines of the fault's own cells (hits) are marked.
  function quote(lines, hits) {
    if (!lines.length) return null;
    var pre = el("pre", "quote");
    var width = String(lines[lines.length - 1][0]).length;
    lines.forEach(function (l, i) {
      if (i > 0 && l[0] > lines[i - 1][0] + 1) pre.appendChild(document.createTextNode(" ".repeat(width) + " ${DOTTED_BAR}\n"));
      var row = el("span", hits && hits.indexOf(l[0]) >= 0 ? "hit" : null);
      row.appendChild(el("span", "ln", String(l[0]).padStart(width) + " ${BAR} "));
      row.appendChild(document.createTextNode(l[1] + "\n"));
      pre.appendChild(row);
    });
    return pre;
  }
  // A suggestion is settled (green) only when the fault has no alternative; a tied one or a range is neutral.
  function suggestion(c, ties) {
    if (c.suggested !== null && ties === 0) return el("td", "num to", c.suggested);
    var td = c.suggested !== null ? el("td", "num tied", c.suggested) : el("td", "num range", c.range !== null ? c.range : "${MDASH}");
    if (ties > 0) td.appendChild(el("span", "or", "or " + ties + " alternative" + (ties > 1 ? "s" : "")));
    return td;
  }
  function cellRows(tbody, cells, alt, ties) {
    cells.forEach(function (c, i) {
      var tr = el("tr", alt ? "alt" : null);
      add(tr, [
        el("td", null, (alt && i === 0 ? "or " : "") + "line " + c.line),
        el("td", null, c.cell + (c.round !== null ? " (round " + c.round + ")" : "")),
        el("td", "num", c.stated),
        el("td", null, "${ARROW}"),
        alt || ties > 0 || c.suggested === null ? (c.suggested !== null ? el("td", "num tied", c.suggested) : el("td", "num range", c.range !== null ? c.range : "${MDASH}")) : el("td", "num to", c.suggested)
      ]);
      tbody.appendChild(tr);
    });
  }
  function faultCard(f) {
    var card = el("article", "card fault " + f.severity);
    card.id = "fault-" + faultIndex.get(f);
    card.setAttribute("data-severity", f.severity);
    if (f.status) card.setAttribute("data-status", f.status);
    var h = el("h4");
    add(h, [el("span", "badge " + f.severity, f.severity), f.status ? el("span", "badge " + f.status, f.status) : null,
      el("span", null, (f.area || titles[f.file]) + " ${MDASH} " + f.cells[0].cell), where(f)]);
    var table = el("table", "cells");
    var head = el("tr");
    ["line", "cell", "stated", "", f.cells.some(function (c) { return c.suggested === null; }) ? "suggested or range" : "suggested"].forEach(function (t) { head.appendChild(el("th", null, t)); });
    table.appendChild(head);
    cellRows(table, f.cells, false, f.alternatives.length);
    f.alternatives.slice(0, 3).forEach(function (alt) { cellRows(table, alt, true, f.alternatives.length); });
    var tied = f.alternatives.length ? el("p", "alt", "Not settled: this and " + f.alternatives.length + " other equally small change" + (f.alternatives.length > 1 ? "s" : "") + " each make the checks hold.") : null;
    var more = f.alternatives.length > 3 ? el("p", "alt", "and " + (f.alternatives.length - 3) + " more equally small alternatives (anomalies.md lists them all)") : null;
    return add(card, [h, table, more, tied, el("p", "why", f.explanation), f.pattern ? el("p", "pattern", "Pattern: " + f.pattern) : null,
      el("p", "where", "Rules: " + f.rules.join(", ")), quote(f.quote, f.cells.map(function (c) { return c.line; })), el("div", "id", f.id)]);
  }
  // One line per fault, linking to its card (ids are indexes, never article text).
  function faultTable(faults) {
    var table = document.getElementById("fault-table");
    var head = el("tr");
    ["", "where", "area", "round", "cell", "stated", "suggested"].forEach(function (t) { head.appendChild(el("th", null, t)); });
    table.replaceChildren(head);
    faults.forEach(function (f) {
      var c = f.cells[0];
      var tr = el("tr");
      var link = el("a", null, f.file + ":" + f.line);
      link.setAttribute("href", "#fault-" + faultIndex.get(f));
      var first = el("td");
      first.appendChild(el("span", "badge " + f.severity, f.severity));
      if (f.status) first.appendChild(el("span", "badge " + f.status, f.status));
      var to = suggestion(c, f.alternatives.length);
      add(tr, [first, add(el("td"), [link]), el("td", null, f.area || "${MDASH}"), el("td", "num", f.round === null ? "${MDASH}" : f.round),
        el("td", null, c.cell + (f.cells.length > 1 ? " (+" + (f.cells.length - 1) + " cell" + (f.cells.length > 2 ? "s" : "") + ")" : "") + (f.alternatives.length ? " ${MIDDOT} " + f.alternatives.length + " alternative" + (f.alternatives.length > 1 ? "s" : "") : "")),
        el("td", "num", c.stated), to]);
      table.appendChild(tr);
    });
    table.hidden = faults.length === 0;
  }
  function findingCard(a) {
    var card = el("article", "card finding " + a.severity);
    card.setAttribute("data-severity", a.severity);
    var h = el("h4");
    if (a.status) card.setAttribute("data-status", a.status);
    add(h, [el("span", "badge " + a.severity, a.severity), a.status ? el("span", "badge " + a.status, a.status) : null, el("code", null, a.rule), a.field ? el("span", null, a.field) : null, where(a)]);
    return add(card, [h, el("p", "why", a.message), a.reason ? el("p", "where", "No fault: " + a.reason) : null, quote(a.quote, [a.line]), el("div", "id", a.id)]);
  }
  function infoTable(rows) {
    var table = el("table", "list");
    var head = el("tr");
    ["article", "section", "rule", "count", "concerns", "lines", "for example"].forEach(function (t) { head.appendChild(el("th", null, t)); });
    table.appendChild(head);
    rows.forEach(function (i) {
      var tr = el("tr", "info-row");
      tr.setAttribute("data-severity", "info");
      add(tr, [el("td", "file", i.file), el("td", null, i.section || "(top of article)"), el("td", null, i.rule), el("td", "num", fmt(i.count)), el("td", null, i.concerns), el("td", null, i.lines), el("td", null, i.example)]);
      table.appendChild(tr);
    });
    return table;
  }

  // Lists, drawn per filter state (at most PAGE cards until "Show all") -------------------------
  var showAll = { faults: false, findings: false };
  function draw() {
    var s = state();
    var faults = data.faults.filter(function (f) { return keep(s, f, f.rules); });
    var findings = data.findings.filter(function (a) { return keep(s, a, [a.rule]); });
    var info = data.info.filter(function (i) { return keep(s, { severity: "info", file: i.file, area: i.area, __text: searchText(i) }, [i.rule]); });
    faultTable(showAll.faults ? faults : faults.slice(0, PAGE));
    fill("fault-list", "more-faults", faults, faultCard, showAll.faults, "No fault matches the filters.");
    fill("finding-list", "more-findings", findings, findingCard, showAll.findings, "No finding matches the filters.");
    var infoList = document.getElementById("info-list");
    infoList.replaceChildren(info.length ? infoTable(info) : el("p", "note", "No info finding matches the filters."));
    var infoCount = info.reduce(function (n, i) { return n + i.count; }, 0);
    document.querySelector("#info > summary").textContent = "Info findings (" + fmt(infoCount) + " in " + fmt(info.length) + " groups)";
    var errors = faults.filter(function (f) { return f.severity === "error"; }).length;
    document.getElementById("shown").textContent = "Showing " + fmt(faults.length) + " of " + fmt(data.faults.length) + " faults (" + fmt(errors) + " errors, " +
      fmt(faults.length - errors) + " others), " + fmt(findings.length) + " of " + fmt(data.findings.length) + " unexplained errors and warnings, " + fmt(infoCount) + " info findings.";
    drawResolved(s);
    drawCharts(s);
  }
  // Resolved since the baseline: shown unless the Baseline filter asks for new or known ones.
  function drawResolved(s) {
    var section = document.getElementById("resolved");
    if (!data.baseline) return;
    var items = data.baseline.resolved.filter(function (r) {
      if (s.status && s.status !== "resolved") return false;
      if (r.severity && s.sev[r.severity] === false) return false;
      if (s.article && r.file !== s.article) return false;
      if (s.q && haystack(r).indexOf(s.q) < 0) return false;
      return !s.area && !s.rule;
    });
    section.hidden = data.baseline.resolved.length === 0;
    var table = document.getElementById("resolved-table");
    var head = el("tr");
    ["", "id", "where", "cell", "stated", "suggested", "reason"].forEach(function (t) { head.appendChild(el("th", null, t)); });
    table.replaceChildren(head);
    items.forEach(function (r) {
      var tr = el("tr", "resolved-row");
      tr.setAttribute("data-status", "resolved");
      var first = el("td");
      first.appendChild(el("span", "badge resolved", "resolved"));
      first.appendChild(document.createTextNode(" " + r.kind));
      add(tr, [first, el("td", "id", r.id), el("td", "file", r.file !== null ? r.file + (r.line !== null ? ":" + r.line : "") : "${MDASH}"),
        el("td", null, r.cell !== null ? r.cell : "${MDASH}"), el("td", "num", r.stated !== null ? r.stated : "${MDASH}"), el("td", "num", r.suggested !== null ? r.suggested : "${MDASH}"), el("td", null, r.reason)]);
      table.appendChild(tr);
    });
    if (!items.length) {
      var none = el("tr");
      var td = el("td", "note", "No resolved item matches the filters.");
      td.setAttribute("colspan", "7");
      table.appendChild(add(none, [td]));
    }
  }
  function fill(listId, buttonId, items, card, all, empty) {
    var list = document.getElementById(listId), button = document.getElementById(buttonId);
    var shown = all ? items : items.slice(0, PAGE);
    list.replaceChildren.apply(list, shown.length ? shown.map(card) : [el("p", "note", empty)]);
    button.hidden = shown.length === items.length;
    button.textContent = "Show all " + fmt(items.length) + " (" + fmt(items.length - shown.length) + " more)";
  }
  document.getElementById("more-faults").addEventListener("click", function () { showAll.faults = true; draw(); });
  document.getElementById("more-findings").addEventListener("click", function () { showAll.findings = true; draw(); });
  document.querySelectorAll("#filters input, #filters select").forEach(function (c) { c.addEventListener("input", draw); c.addEventListener("change", draw); });

  // Grid: area (or article) ${TIMES} rule, coloured by the worst finding ---------------------------------
  (function () {
    var g = data.grid;
    document.getElementById("grid-note").textContent = (g.by === "area" ? "One row per article and area" : "One row per article (too many areas for one row each)") +
      "; a cell is coloured by its worst finding and counts the findings. Rules with no finding anywhere stay pale.";
    var table = el("table", "grid");
    var head = el("tr");
    head.appendChild(el("th"));
    g.rules.forEach(function (r) { var th = el("th", "rule", r); th.title = ruleTitles[r] || r; head.appendChild(th); });
    table.appendChild(head);
    var file = null;
    g.rows.forEach(function (row, i) {
      if (g.by === "area" && row.file !== file) {
        file = row.file;
        var sep = el("tr", "article-row");
        var cell = el("th", "row", row.file + " ${MDASH} " + (titles[row.file] || ""));
        cell.setAttribute("colspan", String(g.rules.length + 1));
        table.appendChild(add(sep, [cell]));
      }
      var tr = el("tr");
      var th = el("th", "row" + (g.by === "area" ? " area" : ""), row.label);
      th.title = titles[row.file] || row.file;
      tr.appendChild(th);
      g.cells[i].forEach(function (c, j) {
        var td = el("td", c[0] || "none", c[1] ? fmt(c[1]) : "");
        td.title = g.rules[j] + ": " + (c[0] ? fmt(c[1]) + " finding(s), worst " + c[0] : "no finding");
        tr.appendChild(td);
      });
      table.appendChild(tr);
    });
    document.getElementById("grid").replaceChildren(table);
  })();

  // Charts: per contest, each list's stated % (dot) against votes ${DIVIDE} total (tick) ------------------
  function chart(c) {
    var box = el("div", "chart" + (c.flagged ? " flagged" : ""));
    add(box, [el("h4", null, c.area + " ${MIDDOT} round " + c.round), el("div", "where", c.file + ":" + c.line + " ${MIDDOT} total " + c.total)]);
    var rowH = 16, labelW = 130, barW = 150, deltaW = 70, w = labelW + barW + deltaW;
    var h = c.rows.length * rowH + 6;
    var max = 0;
    c.rows.forEach(function (r) { max = Math.max(max, r[2] === null ? 0 : r[2], r[3]); });
    var scale = function (v) { return labelW + (max > 0 ? (v / max) * (barW - 8) : 0) + 4; };
    var s = svg("svg", { width: w, height: h, viewBox: "0 0 " + w + " " + h, role: "img" });
    s.appendChild(svg("title", {})).textContent = c.area + " round " + c.round + ": stated percentage against votes ${DIVIDE} total";
    c.rows.forEach(function (r, i) {
      var y = i * rowH + 12;
      var delta = r[2] === null ? null : r[2] - r[3];
      // Beyond rounding: more than half a unit of the decimals the percentage is stated with.
      var off = delta !== null && Math.abs(delta) > 0.5 * Math.pow(10, -r[5]) + 1e-9;
      var g = svg("g", { "class": r[4] ? "fault" : off ? "off" : "" });
      var label = svg("text", { x: labelW - 6, y: y, "text-anchor": "end" });
      label.textContent = r[0].length > 20 ? r[0].slice(0, 19) + "${ELLIPSIS}" : r[0];
      var tip = svg("title", {});
      tip.textContent = r[0] + " (line " + r[1] + "): stated " + (r[2] === null ? "${MDASH}" : r[2] + " %") + ", votes ${DIVIDE} total " + r[3].toFixed(2) + " %";
      g.appendChild(tip);
      g.appendChild(label);
      var colour = r[4] ? "#b3261e" : off ? "#c07d00" : "#2f6fb0";
      g.appendChild(svg("line", { x1: labelW + 4, x2: labelW + barW - 4, y1: y - 4, y2: y - 4, stroke: "#eceef1" }));
      g.appendChild(svg("line", { x1: scale(r[3]), x2: scale(r[3]), y1: y - 10, y2: y + 2, stroke: "#1b1f24", "stroke-width": 2 }));
      if (r[2] !== null) {
        g.appendChild(svg("line", { x1: scale(r[3]), x2: scale(r[2]), y1: y - 4, y2: y - 4, stroke: colour, "stroke-width": 2 }));
        g.appendChild(svg("circle", { cx: scale(r[2]), cy: y - 4, r: 4, fill: colour }));
      }
      var d = svg("text", { x: w - 2, y: y, "text-anchor": "end" });
      d.textContent = delta === null ? "no %" : Math.abs(delta) < 0.005 ? "${PLUS_MINUS}0.00 pt" : (delta > 0 ? "+" : "${MINUS}") + Math.abs(delta).toFixed(2) + " pt";
      g.appendChild(d);
      s.appendChild(g);
    });
    box.appendChild(s);
    return box;
  }
  function drawCharts(s) {
    var charts = data.charts.filter(function (c) { return (!s.article || c.file === s.article) && (!s.area || c.area === s.area); });
    document.getElementById("charts").replaceChildren.apply(document.getElementById("charts"), charts.map(chart));
    var left = data.contests - data.charts.length;
    document.getElementById("chart-note").textContent = "Each list: the dot is the stated percentage, the tick is votes ${DIVIDE} the round total; red rows hold a fault's cell, amber rows differ by more than rounding; contests with an error or warning finding come first, outlined. " +
      fmt(data.charts.length) + " of " + fmt(data.contests) + " contests charted" + (left > 0 ? " (" + fmt(left) + " without an error or warning finding left out for size)." : ".");
  }
  draw();
})();
`

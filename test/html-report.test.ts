/**
 * reports/index.html in a real browser: Debian's chromium, driven by playwright-core, opens the
 * page a run wrote into a temporary folder (from file://) and checks that it loads cleanly and
 * offline, shows every error fault of anomalies.json, that its filters change what is shown, and
 * that markup injected into an article (title, heading, cell) stays text. Saves a screenshot to
 * .tmp/screenshots/index.png. Without chromium the test fails (it never skips).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import test from "ava"
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core"
import type { Fault } from "../pipeline/diagnose/fault.ts"
import { escapeHtml, renderHtml, scriptJson } from "../pipeline/report/html.ts"
import type { ReportView } from "../pipeline/report/view.ts"
import { copySeeds, GOLDEN, REGIONAL, ROOT, runPipeline, SEEDS, tempDir } from "./helpers/mutate.ts"

const CHROMIUM = "/usr/bin/chromium"
const SCREENSHOTS = join(ROOT, ".tmp", "screenshots")

let browser: Promise<Browser> | null = null
/**
 * A fresh browser context (its own pages, storage and cache) in the file's one Chromium: a launch
 * costs ~1 s of CPU, so the tests share it, and each closes its context at its end.
 */
const launch = async (): Promise<BrowserContext> => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium; .ci/run does it) — this test does not skip`)
  }
  browser ??= chromium.launch({ executablePath: CHROMIUM, args: ["--headless", "--no-sandbox", "--disable-background-networking"] })
  return (await browser).newContext({ viewport: { width: 1280, height: 900 } })
}
test.after.always(async () => {
  if (browser !== null) await (await browser).close()
})

interface Opened {
  readonly page: Page
  /** Console errors, page errors, dialogs (an alert() from injected markup) and requests other than the file itself. */
  readonly problems: Array<string>
  readonly requests: Array<string>
}

const open = async (context: BrowserContext, file: string): Promise<Opened> => {
  const page = await context.newPage()
  const url = pathToFileURL(file).href
  const problems: Array<string> = []
  const requests: Array<string> = []
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console error: ${m.text()}`)
  })
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`))
  page.on("dialog", (d) => {
    problems.push(`dialog opened: ${d.message()}`)
    void d.dismiss()
  })
  page.on("request", (r) => requests.push(r.url()))
  await page.goto(url, { waitUntil: "load" })
  await page.waitForSelector("#shown:not(:empty)")
  return { page, problems, requests }
}

const faultCount = (page: Page, selector = "#fault-list .fault") => page.locator(selector).count()

test("the HTML report opens offline in chromium, shows every error fault, and its filters and search change what is shown", async (t) => {
  const { dir, cleanup } = tempDir("recount-html-")
  const context = await launch()
  try {
    await runPipeline(SEEDS, dir)
    const file = join(dir, "reports", "index.html")
    const html = readFileSync(file, "utf8")
    t.false(html.includes(dir), "no absolute path of the run in the page")
    t.true(readFileSync(join(GOLDEN, "index.html"), "utf8") === html, "reports/index.html is what the pipeline writes on seeds/ (run `make all`)")

    const faults = (JSON.parse(readFileSync(join(dir, "reports", "anomalies.json"), "utf8")) as { faults: ReadonlyArray<Fault> }).faults
    const errors = faults.filter((f) => f.severity === "error").length
    const warnings = faults.filter((f) => f.severity === "warning").length
    t.true(errors > 0 && warnings > 0, "the seeds have error and warning faults")

    const { page, problems, requests } = await open(context, file)
    t.deepEqual(problems, [], "no console error, page error or dialog")
    t.deepEqual(requests, [pathToFileURL(file).href], "no request but the file itself")

    t.is(await faultCount(page, "#fault-list .fault[data-severity=error]"), errors, "every error fault of anomalies.json is shown")
    t.is(await faultCount(page), faults.length, "every fault is shown before filtering")
    // Errors lead: the first cards are the error faults.
    const order = await page.locator("#fault-list .fault").evaluateAll((cards) => cards.map((c) => c.getAttribute("data-severity")))
    t.deepEqual(order, [...Array(errors).fill("error"), ...Array(warnings).fill("warning")], "error faults first")
    t.false(await page.locator("details#info").evaluate((d) => (d as unknown as { readonly open: boolean }).open), "info findings are folded away")
    t.true(await page.locator("#grid td.error").count() > 0, "the area × rule grid colours error cells")
    t.true(await page.locator("#charts .chart").count() > 0 && await page.locator("#charts g.fault").count() > 0, "the charts mark the lists a fault names")

    // Severity filter: warnings off.
    await page.locator("input[name=severity][value=warning]").uncheck()
    t.is(await faultCount(page), errors, "without warnings, only the error faults remain")
    t.is(await faultCount(page, "#fault-list .fault[data-severity=warning]"), 0)
    await page.locator("input[name=severity][value=warning]").check()
    t.is(await faultCount(page), faults.length)

    // Search box: one contestant's name, then a string no fault holds.
    await page.locator("#f-search").fill("Blanc")
    const blanc = await page.locator("#fault-list .fault").allTextContents()
    t.true(blanc.length >= 1 && blanc.length < faults.length, `searching Blanc narrows the faults (${blanc.length})`)
    t.true(blanc.every((text) => /blanc/i.test(text)), "every fault shown names Blanc")
    await page.locator("#f-search").fill("no fault says zzqx")
    t.is(await faultCount(page), 0, "a search nothing matches shows no fault")
    t.regex(await page.locator("#fault-list").textContent() ?? "", /No fault matches/)
    await page.locator("#f-search").fill("")

    // Article filter: the Senate article's faults only.
    await page.locator("#f-article").selectOption("2004-french-senate-election.txt")
    t.is(await faultCount(page), faults.filter((f) => f.file === "2004-french-senate-election.txt").length, "the article filter keeps that article's faults")
    await page.locator("#f-article").selectOption("")

    mkdirSync(SCREENSHOTS, { recursive: true })
    await page.screenshot({ path: join(SCREENSHOTS, "index.png"), fullPage: false })
    await page.locator("#overview").screenshot({ path: join(SCREENSHOTS, "overview.png") })
    t.deepEqual(problems, [], "still no error after filtering")
  } finally {
    await context.close()
    cleanup()
  }
})

test("markup in an article's title, heading and cell shows as text and never runs", async (t) => {
  const { dir, cleanup } = tempDir("recount-html-inject-")
  const context = await launch()
  try {
    const seeds = copySeeds(dir)
    const path = join(seeds, REGIONAL)
    const title = "</script><script>alert('title')</script>"
    const heading = "<img src=x onerror=alert('heading')>"
    const cell = "<script>alert('cell')</script>"
    const text = readFileSync(path, "utf8")
      .replace("= 2004 French regional elections =", `= 2004 French regional elections ${title} =`)
      .replace("==National results==", `==National results ${heading}==`)
      .replace("| | Jacques Blanc (incumbent) |", `| | Jacques Blanc ${cell} (incumbent) |`)
    t.not(text, readFileSync(path, "utf8"))
    writeFileSync(path, text)
    await runPipeline(seeds, dir)
    const file = join(dir, "reports", "index.html")
    const html = readFileSync(file, "utf8")
    for (const s of [title, heading, cell]) t.false(html.includes(s), `the page's source never holds ${s} raw`)

    const { page, problems, requests } = await open(context, file)
    t.deepEqual(problems, [], "nothing injected ran (no alert) and nothing failed")
    t.deepEqual(requests, [pathToFileURL(file).href], "no request (an injected <img> would fetch x)")
    t.is(await page.locator("img").count(), 0, "no injected image element")
    t.is(await page.locator("script").count(), 2, "only the page's own two script elements")
    // Shown as text: the article filter (title), the info table (heading), a fault card (cell).
    // The page's text without its script elements (the tsconfig has no DOM types: a string to evaluate).
    const shown = await page.evaluate<string>(
      "(() => { const body = document.body.cloneNode(true); for (const s of body.querySelectorAll('script')) s.remove(); return body.textContent || '' })()"
    )
    t.true(shown.includes(title), "the title shows as text")
    t.true(shown.includes(heading), "the heading shows as text")
    t.true(shown.includes(cell), "the cell shows as text")
    await page.locator("#f-search").fill("alert('cell')")
    t.true(await faultCount(page) >= 1, "the fault on the injected row is found by its text")
  } finally {
    await context.close()
    cleanup()
  }
})

test("with --baseline: new/known badges on faults and findings, a summary naming the file, and the resolved fault listed and filtered", async (t) => {
  // The committed report as the baseline; Claude Gewerc's round-one percentage repaired, so its fault is resolved.
  const { dir, cleanup } = tempDir("recount-html-baseline-")
  const context = await launch()
  try {
    const golden = JSON.parse(readFileSync(join(GOLDEN, "anomalies.json"), "utf8")) as { faults: ReadonlyArray<Fault> }
    const gewerc = golden.faults.find((f) => f.cells.some((c) => c.label === "Claude Gewerc" && c.field === "percent"))
    if (gewerc === undefined) return t.fail("the seeds have a fault on Claude Gewerc's percentage")
    const seeds = copySeeds(dir, { file: REGIONAL, line: gewerc.cells[0]!.line, from: "27.24%", to: "27.42%" })
    await runPipeline(seeds, dir, join(GOLDEN, "anomalies.json"))
    const json = JSON.parse(readFileSync(join(dir, "reports", "anomalies.json"), "utf8")) as {
      faults: ReadonlyArray<Fault>
      baseline: { known: ReadonlyArray<unknown>; new: ReadonlyArray<string>; resolved: ReadonlyArray<{ id: string }>; known_findings: ReadonlyArray<string>; new_findings: ReadonlyArray<string>; resolved_findings: ReadonlyArray<unknown> }
    }
    t.deepEqual(json.baseline.resolved.map((r) => r.id), [gewerc.id])
    const file = join(dir, "reports", "index.html")
    const { page, problems } = await open(context, file)
    t.deepEqual(problems, [])
    const summary = await page.locator("#baseline-summary").textContent() ?? ""
    t.true(summary.includes("anomalies.json"), summary)
    t.true(summary.includes(`faults 0 new, ${json.baseline.known.length} known, 1 resolved`), summary)
    t.true(summary.includes(`${json.baseline.new_findings.length} new, ${json.baseline.known_findings.length} known, ${json.baseline.resolved_findings.length} resolved`), summary)
    t.is(await page.locator("#fault-list .fault .badge.known").count(), json.faults.length, "every current fault is known")
    // Unexplained errors and warnings carry their badge too (they count for --fail-on).
    const findings = await page.locator("#finding-list .finding").count()
    t.true(findings > 0)
    t.is(await page.locator("#finding-list .finding .badge.known").count() + await page.locator("#finding-list .finding .badge.new").count(), findings, "each finding has a new or known badge")
    // The resolved fault, as the baseline recorded it.
    t.true(await page.locator("#resolved").isVisible(), "the Resolved since the baseline list shows")
    const rows = await page.locator("#resolved-table tr.resolved-row").allTextContents()
    t.is(rows.length, 1)
    const stated = gewerc.cells[0]!
    for (const part of [gewerc.id, `${REGIONAL}:${gewerc.line}`, "Claude Gewerc · %", `${stated.stated.toFixed(2)} %`, `${stated.suggestion!.toFixed(2)} %`]) t.true(rows[0]!.includes(part), `${part} in ${rows[0]}`)
    // The Baseline filter: resolved shows only it (no current fault), known hides it.
    await page.locator("#f-status").selectOption("resolved")
    t.is(await faultCount(page), 0, "no current fault is resolved")
    t.is(await page.locator("#resolved-table tr.resolved-row").count(), 1, "the resolved filter shows the resolved fault")
    await page.locator("#f-status").selectOption("known")
    t.is(await page.locator("#resolved-table tr.resolved-row").count(), 0)
    t.is(await faultCount(page), json.faults.length)
    mkdirSync(SCREENSHOTS, { recursive: true })
    await page.locator("#f-status").selectOption("")
    await page.screenshot({ path: join(SCREENSHOTS, "baseline.png"), fullPage: false })
    t.deepEqual(problems, [])
  } finally {
    await context.close()
    cleanup()
  }
})

test("the committed page: ties and ranges look unsettled, the chart marks every alternative's row, bare numbers are found, the filter bar is opaque", async (t) => {
  const context = await launch()
  try {
    const file = join(GOLDEN, "index.html")
    const { page, problems } = await open(context, file)
    const golden = JSON.parse(readFileSync(join(GOLDEN, "anomalies.json"), "utf8")) as { faults: ReadonlyArray<Fault> }
    // Fault table: settled suggestions green (.to) only for faults with no alternative and no range.
    const rows = await page.locator("#fault-table tr").evaluateAll((trs) => trs.slice(1).map((tr) => [tr.querySelector("td.to") !== null, tr.textContent]))
    const order = await page.evaluate<ReadonlyArray<string>>("JSON.parse(document.getElementById('recount-data').textContent).faults.map((f) => f.id)")
    t.is(rows.length, golden.faults.length)
    order.forEach((id, i) => {
      const f = golden.faults.find((g) => g.id === id)!
      const settled = f.alternatives.length === 0 && f.cells[0]!.suggestion !== null
      t.is(rows[i]![0], settled, `${id}: green only when settled`)
      if (f.alternatives.length > 0) t.true(String(rows[i]![1]).includes(`or ${f.alternatives.length} alternative`), `${id}: ${rows[i]![1]}`)
    })
    // Cards: no green suggestion in a tied fault's card.
    const auvergne = page.locator("#fault-list .fault", { hasText: "Hugues Auvray" })
    t.is(await auvergne.locator(".to").count(), 0, "Auvergne's tied suggestion is not shown as settled")
    t.true(await auvergne.locator(".tied").count() >= 2)
    // Chart: Auvergne round 1 marks both Auvray and Constancias.
    const chart = page.locator("#charts .chart", { hasText: "Auvergne · round 1" })
    const marked = await chart.locator("g.fault > text").allTextContents()
    t.true(marked.some((l) => l.startsWith("Hugues Auvray")) && marked.some((l) => l.startsWith("Hubert Constancias")), marked.join(", "))
    // Search without separators: 374052 finds Blanc's fault (stated 258,287, suggested 374,052).
    await page.locator("#f-search").fill("374052")
    const found = await page.locator("#fault-list .fault").allTextContents()
    t.is(found.length, 1)
    t.true(found[0]!.includes("Jacques Blanc"))
    await page.locator("#f-search").fill("")
    // The sticky filter bar hides what scrolls beneath it.
    const background = await page.evaluate<string>("getComputedStyle(document.querySelector('nav#filters')).backgroundColor")
    t.regex(background, /^rgb\(/, `opaque background: ${background}`)
    t.deepEqual(problems, [])
  } finally {
    await context.close()
  }
})

test("escapeHtml and scriptJson leave no markup an article could use", (t) => {
  t.is(escapeHtml(`<a href="x" title='y'>&</a>`), "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;")
  const value = { s: "</script><!-- & \u2028\u2029 <script>" }
  const json = scriptJson(value)
  t.false(/[<>&\u2028\u2029]/.test(json), json)
  t.deepEqual(JSON.parse(json), value, "the escaped JSON reads back to the same value")
})

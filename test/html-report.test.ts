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

test("a fault's baseline status shows as a badge and can be filtered on", async (t) => {
  // The committed page's view model, with a status given to each fault, rendered again.
  const page0 = readFileSync(join(GOLDEN, "index.html"), "utf8")
  const json = /<script type="application\/json" id="recount-data">([^<]*)<\/script>/.exec(page0)?.[1]
  if (json === undefined) return t.fail("no view model in reports/index.html")
  const view = JSON.parse(json) as ReportView
  t.false(view.faults.some((f) => f.status !== undefined), "no status without a baseline")
  const statuses = ["new", "known", "resolved"] as const
  const withStatus: ReportView = { ...view, faults: view.faults.map((f, i) => ({ ...f, status: statuses[i % 3]! })) }
  const { dir, cleanup } = tempDir("recount-html-status-")
  const context = await launch()
  try {
    const file = join(dir, "index.html")
    writeFileSync(file, renderHtml(withStatus))
    const { page, problems } = await open(context, file)
    t.true(await page.locator("#f-status-label").isVisible(), "the baseline filter appears")
    t.is(await page.locator("#fault-list .fault .badge.known").count(), withStatus.faults.filter((f) => f.status === "known").length, "each known fault has its badge")
    await page.locator("#f-status").selectOption("known")
    t.is(await faultCount(page), withStatus.faults.filter((f) => f.status === "known").length, "the filter keeps the known faults")
    t.is(await faultCount(page, "#fault-list .fault:not([data-status=known])"), 0)
    t.deepEqual(problems, [])
  } finally {
    await context.close()
    cleanup()
  }
})

test("escapeHtml and scriptJson leave no markup an article could use", (t) => {
  t.is(escapeHtml(`<a href="x" title='y'>&</a>`), "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;")
  const value = { s: "</script><!-- & \u2028\u2029 <script>" }
  const json = scriptJson(value)
  t.false(/[<>&\u2028\u2029]/.test(json), json)
  t.deepEqual(JSON.parse(json), value, "the escaped JSON reads back to the same value")
})

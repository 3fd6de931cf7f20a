/**
 * reports/anomalies.sarif: the faults as SARIF 2.1.0, so code-scanning tools (GitHub code
 * scanning) and editors show each fault on its article line, with a machine-applicable fix where
 * the suggestion is settled (ESLint's fixes, for election articles).
 *
 * One result per fault: ruleId = the rule of the most severe finding it explains (first in the
 * catalogue on a tie; `diagnosis` for a fault no finding names), level error/warning/note, the
 * fault's explanation as message, the first cell as physical location (line and the figure's
 * columns), every other cell and every cell of each tied alternative as a related location, and `fixes` (a replacement of each figure)
 * when every cell has one suggested value. Paths are `<seeds folder name>/<file>` under the
 * `%SRCROOT%` base: the folder that holds the seeds folder (the repository root for `seeds/`).
 * No timestamps, no absolute paths: the same input gives the same bytes.
 *
 * The run writes the log as pieces (`sarifPieces`): each result is made and stringified as the
 * writer reaches it, so neither the log's text (~30 MB at 3,000 articles) nor its results' objects
 * are ever held whole; `renderSarif` joins the same pieces.
 */
import type { Anomaly, Rule } from "../audit/anomaly.ts"
import type { FaultCell } from "../diagnose/fault.ts"
import { jsonPieces, lazyArray } from "../json-pieces.ts"
import type { ArticleDelivery, PlacedFault } from "./patch.ts"

export const SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
const BASE = "%SRCROOT%"
const LEVEL = { error: "error", warning: "warning", info: "note" } as const
const RANK = { info: 0, warning: 1, error: 2 } as const

/** The rule a fault without any rule finding is reported under. */
export const DIAGNOSIS_RULE = {
  id: "diagnosis",
  shortDescription: { text: "A located fault" },
  fullDescription: { text: "The diagnosis stage located cells whose change makes every check of their table hold, though no rule finding names them." },
  defaultConfiguration: { level: "warning" }
} as const

/** A URI reference for a relative path: each segment percent-encoded. */
const uriOf = (path: string) => path.split("/").map(encodeURIComponent).join("/")

const regionOf = (p: PlacedFault, i: number, alternative?: number) => {
  const cell = alternative === undefined ? p.fault.cells[i]! : p.fault.alternatives[alternative]![i]!
  const place = alternative === undefined ? p.places[i] : p.alternativePlaces[alternative]?.[i]
  return place?._tag === "Found"
    ? { startLine: cell.line, startColumn: place.place.start + 1, endColumn: place.place.end + 1 }
    : { startLine: cell.line }
}

const cellWords = (c: FaultCell) => `${c.label}: ${c.field}${c.round !== null ? ` (round ${c.round})` : ""}, stated ${c.stated}${c.suggestion !== null ? `, suggested ${c.suggestion}` : c.range ? `, between ${c.range.low} and ${c.range.high}` : ""}`

/**
 * Renders the SARIF log. `seedsName` is the seeds folder's name (the paths' first segment);
 * `anomalies` are the run's findings (for each fault's rule); `version` is Recount's.
 */
export const renderSarif = (
  articles: ReadonlyArray<ArticleDelivery>,
  seedsName: string,
  rules: ReadonlyArray<Rule>,
  anomalies: ReadonlyArray<Anomaly>,
  version: string
): string => [...sarifPieces(articles, seedsName, rules, anomalies, version)].join("")

/** The SARIF log as pieces: `JSON.stringify(log, null, 2)` and a newline, each result made as it is written. */
export const sarifPieces = (
  articles: ReadonlyArray<ArticleDelivery>,
  seedsName: string,
  rules: ReadonlyArray<Rule>,
  anomalies: ReadonlyArray<Anomaly>,
  version: string
): Generator<string> => {
  const byId = new Map(anomalies.map((a) => [a.id, a]))
  const order = new Map(rules.map((r, i) => [r.meta.code, i]))
  const driverRules = [
    ...rules.map((r) => ({
      id: r.meta.code,
      name: r.meta.code,
      shortDescription: { text: r.meta.title },
      fullDescription: { text: r.meta.checks },
      help: { text: `${r.meta.checks} Needs: ${r.meta.needs}. Tolerance: ${r.meta.tolerance ?? "none"}. See docs/rules.md.` },
      defaultConfiguration: { level: LEVEL[r.meta.severity] },
      properties: { category: r.meta.category }
    })),
    DIAGNOSIS_RULE
  ]
  const ruleIndex = new Map(driverRules.map((r, i) => [r.id, i]))
  const ruleOf = (p: PlacedFault): string => {
    const found = p.fault.anomalies.flatMap((id) => byId.get(id) ?? [])
    const main = found.reduce<Anomaly | null>((best, a) =>
      best === null || RANK[a.severity] > RANK[best.severity] ||
        (RANK[a.severity] === RANK[best.severity] && (order.get(a.rule) ?? 1e9) < (order.get(best.rule) ?? 1e9))
        ? a
        : best, null)
    return main !== null && ruleIndex.has(main.rule) ? main.rule : DIAGNOSIS_RULE.id
  }
  const sorted = [...articles].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
  const resultsOf = (article: ArticleDelivery) => {
    const artifactLocation = { uri: uriOf(`${seedsName}/${article.file}`), uriBaseId: BASE }
    return article.faults.map((p) => {
      const f = p.fault
      const ruleId = ruleOf(p)
      const related = [
        ...f.cells.slice(1).map((c, k) => ({ physicalLocation: { artifactLocation, region: regionOf(p, k + 1) }, message: { text: cellWords(c) } })),
        // A tie: each alternative's cells, so a reader sees every cell the fault may be on.
        ...f.alternatives.flatMap((cells, a) =>
          cells.map((c, k) => ({ physicalLocation: { artifactLocation, region: regionOf(p, k, a) }, message: { text: `or (alternative ${a + 1} of ${f.alternatives.length}) ${cellWords(c)}` } }))
        )
      ].map((r, k) => ({ id: k + 1, ...r }))
      const fixes = p.edits === null ? [] : [{
        description: { text: `Write the value the article's other figures imply: ${p.edits.map((e) => `${e.from} → ${e.to}`).join(", ")}` },
        artifactChanges: [{
          artifactLocation,
          replacements: p.edits.map((e) => ({
            deletedRegion: { startLine: e.line, startColumn: e.start + 1, endColumn: e.end + 1 },
            insertedContent: { text: e.to }
          }))
        }]
      }]
      return {
        ruleId,
        ruleIndex: ruleIndex.get(ruleId)!,
        level: LEVEL[f.severity],
        message: { text: f.explanation },
        locations: [{ physicalLocation: { artifactLocation, region: regionOf(p, 0) } }],
        ...(related.length > 0 ? { relatedLocations: related } : {}),
        partialFingerprints: { "recountFaultId/v1": f.id },
        ...(fixes.length > 0 ? { fixes } : {}),
        properties: {
          faultId: f.id,
          section: f.section,
          area: f.area,
          anomalies: f.anomalies,
          alternatives: f.alternatives.length,
          applied: p.notApplied === null,
          ...(p.notApplied !== null ? { notApplied: p.notApplied } : {})
        }
      }
    })
  }
  function* results() {
    for (const article of sorted) yield* resultsOf(article)
  }
  const log = {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [{
      tool: { driver: { name: "Recount", version, semanticVersion: version, rules: driverRules } },
      originalUriBaseIds: { [BASE]: { description: { text: `The folder that holds the ${seedsName} folder (the repository root when the articles are in seeds/).` } } },
      columnKind: "utf16CodeUnits",
      results: lazyArray(results())
    }]
  }
  // Opened down to the results (log → runs → run → results): one piece per result.
  return logPieces(log)
}

function* logPieces(log: unknown): Generator<string> {
  yield* jsonPieces(log, "  ", 4)
  yield "\n"
}

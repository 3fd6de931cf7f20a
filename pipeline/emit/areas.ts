/**
 * The `areas` table: every area the output names (in contests, results, seats, seat totals,
 * anomalies and faults), once, with its official code where the reference data has one — the
 * INSEE region code of seeds/reference/regional-councils.csv (`insee_code`, `insee_source`),
 * matched by the region's name as the articles' headings give it. An area the reference does not
 * know keeps a null code (listed, never dropped); `national` has none.
 */
import type { Council } from "../audit/reference.ts"
import type { Dataset } from "../normalise/normalise.ts"
import type { Area, AreaLevel } from "../normalise/records.ts"

export const INSEE_SCHEME = "INSEE region (COG 1982–2015)"
const NATIONAL = "national"

/** Collects area names as the articles' rows arrive (a set: memory bounded by the number of areas). */
export const createAreaCollector = () => {
  const levels = new Map<string, AreaLevel>()
  const named = (area: string | null, level?: AreaLevel) => {
    if (area === null) return
    if (!levels.has(area) || level === "area") levels.set(area, level ?? (area === NATIONAL ? "national" : levels.get(area) ?? "area"))
  }
  return {
    add: (part: Dataset) => {
      for (const rows of [part.contests, part.results, part.seats, part.seatTotals]) for (const r of rows) named(r.area, r.area_level)
    },
    named: (area: string | null) => named(area),
    /** Adds another collector's `names()` (one article's, from a worker; pipeline/parallel/) as if its rows had been `add`ed here. */
    absorb: (names: ReadonlyMap<string, AreaLevel>) => {
      for (const [area, level] of names) named(area, level)
    },
    names: (): ReadonlyMap<string, AreaLevel> => levels
  }
}

/** One row per area, sorted by name (code-point order), with its code from the councils' reference. */
export const areaRows = (names: ReadonlyMap<string, AreaLevel>, councils: ReadonlyArray<Council>): Array<Area> => {
  const byRegion = new Map(councils.map((c) => [c.region, c]))
  return [...names.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([area, level]) => {
      const council = level === "area" ? byRegion.get(area) : undefined
      return {
        area,
        area_level: level,
        area_code: council?.insee_code ?? null,
        code_scheme: council === undefined ? null : INSEE_SCHEME,
        code_source: council === undefined ? null : council.insee_source
      }
    })
}

/**
 * The figures the HTML report charts, kept article by article while the pipeline streams: for each
 * round of each results table, every list's stated percentage beside its votes ÷ the round total
 * (the same total percent-recompute uses: the Total row, else the valid votes).
 *
 * The pipeline keeps no table whole in memory, so neither does this: contests with an error or
 * warning finding are kept first (up to MAX_FLAGGED), others only while few are kept (MAX_OTHER);
 * the rest are counted, and the report says how many were left out — never a silent drop.
 */
import type { Anomaly } from "../audit/anomaly.ts"
import { roundTotal, roundViews } from "../audit/views.ts"
import type { Dataset } from "../normalise/normalise.ts"

/** One list in one round: what the article states and what its votes give. */
export interface ChartRow {
  readonly result_id: string
  readonly label: string
  readonly line: number
  readonly votes: number
  /** The stated percentage, or null where the row states none. */
  readonly stated: number | null
  readonly decimals: number
  /** votes ÷ total × 100, unrounded. */
  readonly computed: number
}

export interface ContestChart {
  readonly file: string
  readonly contest_id: string
  readonly area: string
  readonly section: string
  readonly round: number
  readonly line: number
  readonly total: number
  readonly total_label: string
  /** An error or warning finding names this area and round. */
  readonly flagged: boolean
  readonly rows: ReadonlyArray<ChartRow>
}

export const MAX_FLAGGED = 200
export const MAX_OTHER = 60

export interface ChartCollector {
  readonly add: (part: Dataset, found: ReadonlyArray<Anomaly>) => void
  readonly finish: () => { readonly charts: ReadonlyArray<ContestChart>; readonly contests: number }
  /**
   * Adds another collector's `finish` (one article's, from a worker; pipeline/parallel/) as if its
   * articles had been `add`ed here: the same bounds apply, so the kept charts are the same.
   */
  readonly absorb: (part: ReturnType<ChartCollector["finish"]>) => void
}

export const createChartCollector = (): ChartCollector => {
  const flagged: Array<ContestChart> = []
  const other: Array<ContestChart> = []
  let contests = 0
  return {
    add: (part, found) => {
      const serious = new Set(found.filter((a) => a.severity !== "info" && a.round !== null).map((a) => `${a.file}\u0000${a.area ?? ""}\u0000${a.round}`))
      for (const view of roundViews(part)) {
        const rows = view.rows.filter((r) => r.votes !== null)
        const total = roundTotal(view)
        if (rows.length === 0 || total === null || total.value <= 0) continue
        contests += 1
        const c = view.contest
        const isFlagged = serious.has(`${c.source_file}\u0000${c.area}\u0000${c.round}`)
        const into = isFlagged ? flagged : other
        if (into.length >= (isFlagged ? MAX_FLAGGED : MAX_OTHER)) continue
        into.push({
          file: c.source_file,
          contest_id: c.contest_id,
          area: c.area,
          section: c.section,
          round: c.round,
          line: c.source_line,
          total: total.value,
          total_label: total.label,
          flagged: isFlagged,
          rows: rows.map((r) => {
            const votes = r.votes ?? 0
            return {
              result_id: r.result_id,
              label: r.contestant,
              line: r.source_line,
              votes,
              stated: r.percent,
              decimals: r.percent_decimals ?? 2,
              computed: (votes / total.value) * 100
            }
          })
        })
      }
    },
    finish: () => ({ charts: [...flagged, ...other], contests }),
    absorb: (part) => {
      contests += part.contests
      for (const chart of part.charts) {
        const into = chart.flagged ? flagged : other
        if (into.length < (chart.flagged ? MAX_FLAGGED : MAX_OTHER)) into.push(chart)
      }
    }
  }
}

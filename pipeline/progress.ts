/**
 * Progress on stderr for long runs: nothing during the first second (a run on a few articles
 * prints nothing), then one line rewritten in place at most every 100 ms, cleared at the end.
 * Off when stderr is not a terminal or with `--quiet`; never on stdout, which carries the summary.
 */
export interface Progress {
  /**
   * The current stage, e.g. "audit 120/1,000 articles". Cheap to call often. A function is called
   * only when the line is shown: a run that shows nothing (the first second, --quiet, no terminal)
   * never formats its counts (the first `toLocaleString` initialises ICU: ~15–25 ms of a cold run).
   */
  readonly update: (text: string | (() => string)) => void
  /** Clears the line (call before the summary or an error message). */
  readonly done: () => void
}

const SILENT: Progress = { update: () => undefined, done: () => undefined }

export const makeProgress = (enabled: boolean, stream: NodeJS.WriteStream = process.stderr): Progress => {
  if (!enabled) return SILENT
  const start = Date.now()
  let last = 0
  let shown = false
  return {
    update: (text) => {
      const now = Date.now()
      if (now - start < 1000 || now - last < 100) return
      last = now
      shown = true
      const width = Math.max(20, (stream.columns ?? 80) - 1)
      stream.write(`\r\x1b[2K${`recount: ${typeof text === "function" ? text() : text}`.slice(0, width)}`)
    },
    done: () => {
      if (shown) stream.write("\r\x1b[2K")
      shown = false
    }
  }
}

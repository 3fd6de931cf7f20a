/**
 * The corpus-wide id scopes (normalise/ids.ts `uniqueIds`): election ids and finding ids
 * (normaliser), anomaly ids (auditor), fault ids (diagnoser). They are the only state one article's
 * analysis passes to the next: the second article asking for id `x` gets `x-2`.
 *
 * A worker analyses each article with empty scopes and sends, with its part, how often it asked for
 * each id. If none of those ids was handed out by an earlier article, the worker's ids are exactly
 * the in-order run's (a scope's answer depends only on how often the id was asked for before), and
 * the counts are added to the corpus' scopes; otherwise the article is analysed again on the main
 * thread with the corpus' scopes (rare: two articles about one election, or two files whose names
 * slug alike).
 */
export interface IdScopes {
  readonly elections: Map<string, number>
  readonly findings: Map<string, number>
  readonly anomalies: Map<string, number>
  readonly faults: Map<string, number>
}

const NAMES = ["elections", "findings", "anomalies", "faults"] as const

export const newScopes = (): IdScopes => ({ elections: new Map(), findings: new Map(), anomalies: new Map(), faults: new Map() })

/** Empties every scope (a worker's, before each article). */
export const clearScopes = (scopes: IdScopes): void => {
  for (const name of NAMES) scopes[name].clear()
}

/**
 * A copy of a worker's scopes as one article left them: a batch's replies are sent together
 * (pool.ts), and the scopes are emptied and filled again by the next article before the batch goes.
 */
export const copyScopes = (scopes: IdScopes): IdScopes => ({
  elections: new Map(scopes.elections),
  findings: new Map(scopes.findings),
  anomalies: new Map(scopes.anomalies),
  faults: new Map(scopes.faults)
})

/** Whether an article's ids could stand as they are: none was handed out before it in the corpus. */
export const fresh = (corpus: IdScopes, article: IdScopes): boolean =>
  NAMES.every((name) => {
    const seen = corpus[name]
    for (const id of article[name].keys()) if (seen.has(id)) return false
    return true
  })

/** Adds an article's counts (from a fresh article) to the corpus' scopes. */
export const addScopes = (corpus: IdScopes, article: IdScopes): void => {
  for (const name of NAMES) {
    const seen = corpus[name]
    for (const [id, n] of article[name]) seen.set(id, n)
  }
}

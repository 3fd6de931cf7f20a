/**
 * The audit engine: runs every rule in the catalogue over the dataset and turns their drafts
 * into anomalies with stable ids, in a stable order, plus a checks-run summary per rule.
 */
import { slug, uniqueIds } from "../normalise/ids.ts"
import type { Anomaly, AuditContext, AuditReport, CheckItem, CheckSummary, Draft, Item, Rule } from "./anomaly.ts"
import { createLocator, type Location } from "./locate.ts"
import { insertLine } from "./views.ts"
import { rules as catalogue } from "./rules/index.ts"
import { compareText } from "../collate.ts"

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const

export const compareAnomalies = (a: Anomaly, b: Anomaly) =>
  compareText(a.file, b.file) ||
  SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
  a.line - b.line ||
  compareText(a.rule, b.rule) ||
  compareText(a.id, b.id)

/**
 * Audits a corpus one article at a time: `add(context)` runs every rule over one article's slice of
 * the dataset (every rule works within one article), `finish()` sorts and summarises. The work is
 * linear in the number of articles, and a caller can drop each article's documents after `add`.
 */
export const createAuditor = (
  rules: ReadonlyArray<Rule> = catalogue,
  options: {
    /**
     * Whether a rule's passed items are kept (default: all). The counts stay exact either way; a
     * corpus run keeps only what the report lists (a 1,000-article run has ~780k passed items).
     */
    readonly keepPassed?: (rule: string) => boolean
    /** The anomaly ids' scope counts (pipeline/parallel/ids.ts reads them); fresh by default. */
    readonly ids?: Map<string, number>
  } = {}
) => {
  const anomalies: Array<Anomaly> = []
  const itemsByRule = rules.map(() => [] as Array<CheckItem>)
  const passedDropped = rules.map(() => 0)
  const keepPassed = rules.map((rule) => options.keepPassed?.(rule.meta.code) ?? true)
  const ids = uniqueIds(options.ids)
  return {
    /** Runs every rule on one article's context; returns the anomalies this added. */
    add: (context: AuditContext): ReadonlyArray<Anomaly> => {
      const before = anomalies.length
      // Rules whose passed items are dropped are told so: they need not build them.
      // (A whole literal, not `{ ...context, passedCountedOnly }`: V8's slow path for spreads.)
      const { dataset, documents, reference, claims } = context
      const counting: AuditContext = claims === undefined
        ? { dataset, documents, reference, passedCountedOnly: true }
        : { dataset, documents, reference, claims, passedCountedOnly: true }
      const locate = createLocator(dataset, documents)
      // An indexed loop (no closure call per rule); a rule's items in a function of its own, the
      // passes it only counts counted in a local (issue 8, ninth pass).
      for (let r = 0; r < rules.length; r++) {
        const rule = rules[r]!
        const keep = keepPassed[r]!
        const outcome = rule.check(keep ? context : counting)
        for (const found of outcome.anomalies) {
          const draft = sameShape(found)
          anomalies.push(toAnomaly(rule, draft, ids, locate(draft)))
        }
        passedDropped[r]! += takeItems(rule.meta.code, outcome.items, keep, itemsByRule[r]!)
      }
      return anomalies.slice(before)
    },
    /**
     * What `add` accumulated since the last `take` (anomalies in order, each rule's kept items and
     * dropped passes), handed over and forgotten: a worker sends one article's part to the main
     * thread, whose auditor `absorb`s the parts in article order (pipeline/parallel/).
     */
    take: (): AuditorPart => {
      const part: AuditorPart = { anomalies: anomalies.splice(0), items: itemsByRule.map((items) => items.splice(0)), passedDropped: [...passedDropped] }
      passedDropped.fill(0)
      return part
    },
    /** Adds a part from `take` as if its article had been `add`ed here. */
    absorb: (part: AuditorPart): void => {
      for (const a of part.anomalies) anomalies.push(a)
      part.items.forEach((items, r) => {
        const into = itemsByRule[r]!
        for (const item of items) into.push(item)
        passedDropped[r]! += part.passedDropped[r]!
      })
    },
    finish: (): AuditReport => {
      const checks: Array<CheckSummary> = rules.map((rule, r) => {
        const items = itemsByRule[r]!
        const tally = { passed: passedDropped[r]!, flagged: 0, not_evaluated: 0 }
        const reasons = new Set<string>()
        for (const item of items) {
          tally[item.status]++
          if (item.status === "not_evaluated") reasons.add(item.detail)
        }
        return {
          rule: rule.meta.code,
          title: rule.meta.title,
          severity: rule.meta.severity,
          checked: items.length + passedDropped[r]!,
          ...tally,
          reasons: [...reasons].sort(),
          items
        }
      })
      anomalies.sort(compareAnomalies)
      checks.sort((a, b) => compareText(a.rule, b.rule))
      return { anomalies, checks }
    }
  }
}

/**
 * A rule's items into its list in the report's shape, each passed one only counted unless `keep`;
 * returns how many were only counted.
 */
const takeItems = (rule: string, items: ReadonlyArray<Item>, keep: boolean, into: Array<CheckItem>): number => {
  let dropped = 0
  for (const item of items) {
    if (item.status === "passed" && !keep) dropped++
    // A whole literal, not `{ rule, ...item }` (a spread with further properties is V8's slow path).
    else into.push({ rule, subject: item.subject, file: item.file, line: item.line, status: item.status, detail: item.detail })
  }
  return dropped
}

/** One or more articles' audit, as `take` hands it over (`items` and `passedDropped` by rule index). */
export interface AuditorPart {
  readonly anomalies: ReadonlyArray<Anomaly>
  readonly items: ReadonlyArray<ReadonlyArray<CheckItem>>
  readonly passedDropped: ReadonlyArray<number>
}

/** The parts of an audit context that belong to one article (election). */
export const splitContext = (context: AuditContext): Array<AuditContext> => {
  const { dataset } = context
  /** Rows grouped by a key (rows whose key is undefined belong to no article and are left out). */
  const groupBy = <A>(rows: ReadonlyArray<A>, key: (row: A) => string | undefined) => {
    const map = new Map<string, Array<A>>()
    for (const row of rows) {
      const k = key(row)
      if (k === undefined) continue
      const list = map.get(k)
      if (list) list.push(row)
      else map.set(k, [row])
    }
    return map
  }
  const byElection = <A extends { readonly election_id: string }>(rows: ReadonlyArray<A>) => groupBy(rows, (r) => r.election_id)
  const contests = byElection(dataset.contests)
  const contestElection = new Map(dataset.contests.map((c) => [c.contest_id, c.election_id]))
  const turnout = groupBy(dataset.turnout, (t) => contestElection.get(t.contest_id))
  const results = byElection(dataset.results)
  const seats = byElection(dataset.seats)
  const seatTotals = byElection(dataset.seatTotals)
  const tables = byElection(dataset.tables)
  const infobox = byElection(dataset.infobox)
  const texts = byElection(dataset.texts)
  const resultElection = new Map(dataset.results.map((r) => [r.result_id, r.election_id]))
  const resultParties = groupBy(dataset.resultParties, (p) => resultElection.get(p.result_id))
  const findingsByFile = groupBy(dataset.findings, (f) => f.file)
  const documents = new Map(context.documents.map((d) => [d.file, d]))
  const claims = groupBy(context.claims ?? [], (c) => c.article)
  const parts = dataset.elections.map((election) => {
    const id = election.election_id
    const file = election.source_file
    return {
      dataset: {
        ...dataset,
        elections: [election],
        contests: contests.get(id) ?? [],
        turnout: turnout.get(id) ?? [],
        results: results.get(id) ?? [],
        resultParties: resultParties.get(id) ?? [],
        seats: seats.get(id) ?? [],
        seatTotals: seatTotals.get(id) ?? [],
        tables: tables.get(id) ?? [],
        infobox: infobox.get(id) ?? [],
        texts: texts.get(id) ?? [],
        findings: findingsByFile.get(file) ?? []
      },
      documents: documents.has(file) ? [documents.get(file)!] : [],
      reference: context.reference,
      ...(context.claims === undefined ? {} : { claims: claims.get(file) ?? [] })
    }
  })
  // Claims about an article that is not in the run are not dropped: the claims rule reports them
  // (not evaluated, with the reason), in a part of their own with no data.
  const articles = new Set(dataset.elections.map((e) => e.source_file))
  const orphans = (context.claims ?? []).filter((c) => !articles.has(c.article))
  if (orphans.length > 0) {
    const empty = { elections: [], contests: [], turnout: [], results: [], resultParties: [], seats: [], seatTotals: [], tables: [], infobox: [], texts: [], findings: [] }
    parts.push({ dataset: { ...dataset, ...empty }, documents: [], reference: context.reference, claims: orphans })
  }
  return parts
}

/** Runs every rule over a whole dataset (article by article; see `createAuditor`). */
export const runAudit = (context: AuditContext, rules: ReadonlyArray<Rule> = catalogue): AuditReport => {
  const auditor = createAuditor(rules)
  for (const part of splitContext(context)) auditor.add(part)
  return auditor.finish()
}

/**
 * A rule's draft copied into one object shape (every field, in one order, `severity` undefined
 * when the rule left it out). Each rule builds its drafts with its own literal — fields in its own
 * order, some optional — so the locator and toAnomaly met ~17 object shapes at each property load
 * and V8 deoptimised them again at each new one ("wrong map"; issue 8, fifth pass). Only this copy
 * reads the rules' shapes.
 */
const sameShape = (d: Draft): Draft => ({
  key: d.key,
  severity: d.severity,
  file: d.file,
  line: d.line,
  lines: d.lines,
  section: d.section,
  area: d.area,
  round: d.round,
  field: d.field,
  stated: d.stated,
  expected: d.expected,
  delta: d.delta,
  tolerance: d.tolerance,
  message: d.message,
  suggestion: d.suggestion
})

const toAnomaly = (rule: Rule, draft: Draft, ids: (id: string) => string, at: Location): Anomaly => {
  // The draft's line and lines, each once, ascending (as a Set sorted: insertLine, views.ts).
  const lines = [draft.line]
  for (const n of draft.lines) insertLine(lines, n)
  // Every field of an anomaly written out (not `{ ...rest, id, … }`: V8's slow path for spreads).
  return {
    id: ids(`${rule.meta.code}/${slug(draft.file.replace(/\.[^.]+$/, ""))}/${slug(draft.section) || "top"}/${draft.key}`),
    rule: rule.meta.code,
    severity: draft.severity ?? rule.meta.severity,
    category: rule.meta.category,
    file: draft.file,
    line: draft.line,
    lines,
    section: draft.section,
    area: at.area,
    round: at.round,
    table_id: at.table_id,
    contest_id: at.contest_id,
    result_id: at.result_id,
    seat_id: at.seat_id,
    field: draft.field,
    stated: draft.stated,
    expected: draft.expected,
    delta: draft.delta,
    tolerance: draft.tolerance,
    message: draft.message,
    suggestion: draft.suggestion
  }
}

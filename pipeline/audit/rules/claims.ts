/**
 * claims: every statement declared in an article's claims file is evaluated against the data and
 * reported as held, contradicted (an error, with the evidence) or not checkable (with why).
 */
import type { AuditContext, Draft, Item, Rule, RuleOutcome } from "../anomaly.ts"
import { type Check, type OperandType, statesFigure } from "../claims.ts"
import { count } from "../format.ts"
import { lawParameter } from "../reference.ts"
import { slug } from "../../normalise/ids.ts"
import { lookupParty } from "../../normalise/parties.ts"
import type { Election } from "../../normalise/records.ts"
import { areaContests, blocOf, councilsByArea, leader, partyCodesOf, roundTotal, seatTableViews, sum } from "../views.ts"
import type { PartyFigureType, TurnoutFigureType } from "../claims.ts"

interface Figure {
  readonly value: number
  readonly text: string
  readonly lines: ReadonlyArray<number>
}
interface Missing {
  readonly missing: string
}
type Evaluation = Figure | Missing

const isMissing = (e: Evaluation): e is Missing => "missing" in e

export const rule: Rule = {
  meta: {
    code: "claims",
    title: "The articles' own statements hold",
    severity: "error",
    category: "claims",
    checks: "Each claim of seeds/<article>.claims.json — a sentence quoted with its line and a check (equals, majority, winners, incumbent, no-majority, not-checkable) — is evaluated against the tables, the infobox and the reference: held, contradicted (error) or not checkable (with the reason). A quote no longer found on its line is a warning.",
    needs: "claims files, the dataset, the documents (to verify quotes) and the reference",
    tolerance: "none: the claims state counts"
  },
  check: (context): RuleOutcome => {
    const anomalies: Array<Draft> = []
    const items: Array<Item> = []
    for (const file of context.claims ?? []) {
      const doc = context.documents.find((d) => d.file === file.article)
      const election = context.dataset.elections.find((e) => e.source_file === file.article)
      for (const claim of file.claims) {
        const subject = `${file.article}:${claim.line} “${claim.quote}”`
        const base = { file: file.article, line: claim.line, section: sectionAt(context, file.article, claim.line), area: null, round: null, tolerance: 0, suggestion: null }
        const lineText = doc?.lines[claim.line - 1] ?? ""
        if (!doc || !election || !normalised(lineText).includes(normalised(claim.quote))) {
          items.push({ subject, file: file.article, line: claim.line, status: "not_evaluated", detail: !doc ? `article ${file.article} not in the run` : `quote not found on line ${claim.line} (${file.file} is out of date)` })
          if (doc) {
            anomalies.push({ ...base, key: `${claim.id}/quote`, severity: "warning", lines: [claim.line], field: "claim", stated: claim.quote, expected: null, delta: null, message: `Claim '${claim.id}' of ${file.file} quotes words not found on line ${claim.line}; the claims file needs updating.` })
          }
          continue
        }
        // Every figure the claim quotes must still stand on its line: an edited article is caught here.
        const absent = quotedFigures(claim.check).filter((f) => !statesFigure(doc.lines[(f.line ?? claim.line) - 1] ?? "", f.value))
        if (absent.length > 0) {
          const where = absent.map((f) => `${f.value} on line ${f.line ?? claim.line}`).join(", ")
          items.push({ subject, file: file.article, line: claim.line, status: "not_evaluated", detail: `figure(s) no longer in the text: ${where}` })
          anomalies.push({ ...base, key: `${claim.id}/figures`, severity: "warning", lines: [claim.line, ...absent.map((f) => f.line ?? claim.line)], field: "claim", stated: null, expected: absent[0]!.value, delta: null, message: `Claim '${claim.id}' of ${file.file} quotes ${where}, which the article no longer states; the article changed or the claims file is wrong.` })
          continue
        }
        const verdict = evaluate(context, election, claim.check)
        if (verdict._tag === "not_checkable") {
          items.push({ subject, file: file.article, line: claim.line, status: "not_evaluated", detail: verdict.reason })
          continue
        }
        const evidence = `${verdict.evidence}${claim.note ? ` (${claim.note})` : ""}`
        if (verdict._tag === "held") {
          items.push({ subject, file: file.article, line: claim.line, status: "passed", detail: evidence })
          continue
        }
        items.push({ subject, file: file.article, line: claim.line, status: "flagged", detail: evidence })
        anomalies.push({
          ...base,
          key: claim.id,
          lines: [claim.line, ...verdict.lines],
          field: "claim",
          stated: verdict.stated,
          expected: verdict.expected,
          delta: typeof verdict.stated === "number" && typeof verdict.expected === "number" ? verdict.stated - verdict.expected : null,
          message: `The article says “${claim.quote}”, but ${verdict.evidence}.${claim.note ? ` ${claim.note}` : ""}`
        })
      }
    }
    return { anomalies, items }
  }
}

/** The figures a check quotes from the text (value operands), wherever they sit in it. */
const quotedFigures = (check: Check): Array<{ value: number; line?: number }> => {
  const of = (op: OperandType | undefined): Array<{ value: number; line?: number }> =>
    op === undefined ? [] : [
      ...(op.value !== undefined ? [{ value: op.value, ...(op.line !== undefined ? { line: op.line } : {}) }] : []),
      ...(op.sum ?? []).flatMap(of),
      ...(op.difference ?? []).flatMap(of)
    ]
  switch (check.kind) {
    case "equals": return [...of(check.left), ...of(check.right)]
    case "majority": return [...of(check.holder), ...of(check.of)]
    case "winners": return [...of(check.count), ...of(check.of)]
    default: return []
  }
}

const normalised = (text: string) => text.replace(/\s+/g, " ").trim().toLowerCase()

export const sectionAt = (context: AuditContext, file: string, line: number): string => {
  const doc = context.documents.find((d) => d.file === file)
  const section = doc?.sections.filter((s) => s.line <= line).pop()
  return section ? section.path.join(" > ") : "(lead)"
}

export type Verdict =
  | { readonly _tag: "held"; readonly evidence: string }
  | { readonly _tag: "contradicted"; readonly evidence: string; readonly stated: number | string; readonly expected: number | string; readonly lines: ReadonlyArray<number> }
  | { readonly _tag: "not_checkable"; readonly reason: string }

const operand = (context: AuditContext, election: Election, op: OperandType): Evaluation => {
  const { dataset, reference } = context
  if (op.value !== undefined) return { value: op.value, text: Number.isInteger(op.value) ? count(op.value) : String(op.value), lines: op.line !== undefined ? [op.line] : [] }
  if (op.infobox !== undefined) {
    const field = dataset.infobox.find((f) => f.election_id === election.election_id && f.key.toLowerCase() === op.infobox!.toLowerCase())
    if (!field) return { missing: `no infobox field '${op.infobox}'` }
    const numbers = field.value.match(/\d[\d,]*/g) ?? []
    if (numbers.length !== 1) return { missing: `infobox '${field.key}: ${field.value}' does not hold exactly one number` }
    const value = Number(numbers[0]!.replace(/,/g, ""))
    return { value, text: `the infobox's ${field.key} ${count(value)} (line ${field.source_line})`, lines: [field.source_line] }
  }
  if (op.seatTotal !== undefined) {
    const total = seatTableViews(dataset).map((v) => v.total).find((t) => t !== null && t.election_id === election.election_id && t.area_level === "national" && t[op.seatTotal!] !== null)
    if (!total) return { missing: `no national seat total with ${op.seatTotal}` }
    const value = total[op.seatTotal]!
    return { value, text: `the table's total ${op.seatTotal.replace("_", " ")} ${count(value)} (line ${total.source_line})`, lines: [total.source_line] }
  }
  if (op.presidencies !== undefined) {
    const bloc = blocOf(dataset)
    const code = op.presidencies.party ? lookupParty(op.presidencies.party, dataset.dictionary)?.code ?? op.presidencies.party : null
    const rows = dataset.seats.filter((s) =>
      s.election_id === election.election_id && s.measure === "presidencies" && s.seats !== null &&
      (code === null || s.party_code === code) && (op.presidencies!.bloc === undefined || bloc(s.party_code) === op.presidencies!.bloc)
    )
    if (rows.length === 0) return { missing: "no presidencies rows match" }
    const value = sum(rows.map((r) => r.seats!))
    const who = code ?? op.presidencies.bloc ?? "all parties"
    return { value, text: `${who} holds ${count(value)} presidencies (${rows.filter((r) => r.seats! > 0).map((r) => `${r.party} ${r.seats}`).join(", ")})`, lines: rows.map((r) => r.source_line) }
  }
  if (op.law !== undefined) {
    const key = op.law.country === undefined ? undefined : { country: op.law.country, election: op.law.election ?? election.kind }
    const law = lawParameter(reference, op.law.parameter, op.law.scope, key)
    if (!law || (law.scope !== op.law.scope && op.law.scope !== "regions")) return { missing: `no law parameter ${op.law.parameter} for ${op.law.scope}` }
    return { value: law.value, text: `the law's ${op.law.parameter} (${op.law.scope}) ${law.value} ${law.unit.split(",")[0]} (${law.source.split(";")[0]})`, lines: [] }
  }
  if (op.party !== undefined) return partyFigure(context, election, op.party)
  if (op.turnout !== undefined) return turnoutFigure(context, election, op.turnout)
  if (op.sum !== undefined) {
    const parts = op.sum.map((o) => operand(context, election, o))
    const missing = parts.find(isMissing)
    if (missing) return missing
    const figures = parts as Array<Figure>
    const value = sum(figures.map((f) => f.value))
    return { value, text: `${figures.map((f) => f.text).join(" + ")} = ${count(value)}`, lines: figures.flatMap((f) => f.lines) }
  }
  if (op.difference !== undefined) {
    const [ea, eb] = op.difference.map((o) => operand(context, election, o)) as [Evaluation, Evaluation]
    if (isMissing(ea)) return ea
    if (isMissing(eb)) return eb
    const a: Figure = ea
    const b: Figure = eb
    return { value: a.value - b.value, text: `(${a.text}) − (${b.text}) = ${count(a.value - b.value)}`, lines: [...a.lines, ...b.lines] }
  }
  return { missing: "empty operand" }
}

/** A party's figure in the election's national table: exactly one row of that name, else missing. */
const partyFigure = (context: AuditContext, election: Election, op: PartyFigureType): Evaluation => {
  const { dataset } = context
  const name = slug(op.name)
  if (op.measure === "seats" || op.measure === "change" || op.measure === "regions") {
    const measure = op.measure
    const rows = dataset.seats.filter((s) => s.election_id === election.election_id && s.area_level === "national" && s.measure === "seats" && slug(s.party) === name && s[measure] !== null)
    if (rows.length !== 1) return { missing: rows.length === 0 ? `no national seat row for ${op.name} with ${op.measure}` : `${rows.length} national seat rows for ${op.name}` }
    const row = rows[0]!
    const value = row[measure]!
    const what = op.measure === "change" ? `change of ${value > 0 ? "+" : ""}${count(value)}` : op.measure === "seats" ? `${count(value)} seats` : `${count(value)} areas won`
    return { value, text: `${row.party}'s ${what} in the table (line ${row.source_line})`, lines: [row.source_line] }
  }
  const measure = op.measure
  const matching = dataset.results.filter((r) => r.election_id === election.election_id && r.area_level === "national" && slug(r.contestant) === name && r[measure] !== null)
  const rounds = [...new Set(matching.map((r) => r.round))].sort()
  const round = op.round ?? (rounds.length === 1 ? rounds[0]! : null)
  if (round === null) return { missing: matching.length === 0 ? `no national result row for ${op.name}` : `the sentence names no round and the table has rounds ${rounds.join(" and ")}` }
  const rows = matching.filter((r) => r.round === round)
  if (rows.length !== 1) return { missing: rows.length === 0 ? `no round-${round} national result for ${op.name}` : `${rows.length} round-${round} national results for ${op.name}` }
  const row = rows[0]!
  if (op.measure === "votes") return { value: row.votes!, text: `${row.contestant}'s ${count(row.votes!)} round-${round} votes in the table (line ${row.source_line})`, lines: [row.source_line] }
  const stated = row.percent!
  const decimals = op.decimals ?? row.percent_decimals ?? 2
  const rounded = decimals < (row.percent_decimals ?? 2) ? Number((stated + (stated >= 0 ? 1e-9 : -1e-9)).toFixed(decimals)) : stated
  const shown = `${stated.toFixed(row.percent_decimals ?? 2)} %`
  return {
    value: rounded,
    text: `${row.contestant}'s ${shown} in round ${round} in the table (line ${row.source_line})${rounded !== stated ? `, ${rounded.toFixed(decimals)} % to ${decimals} decimal${decimals === 1 ? "" : "s"}` : ""}`,
    lines: [row.source_line]
  }
}

/** A percentage rounded to `decimals` when the table states more (half away from zero, as a writer rounds). */
const roundedTo = (value: number, decimals: number): number => Number((value + (value >= 0 ? 1e-9 : -1e-9)).toFixed(decimals))

/**
 * The national contest's turnout: the percentage its `Voters` row (or a `Registered voters/turnout`
 * row) states, else voters ÷ registered; one national contest of the round, else missing.
 */
const turnoutFigure = (context: AuditContext, election: Election, op: TurnoutFigureType): Evaluation => {
  const { dataset } = context
  const national = dataset.contests.filter((c) => c.election_id === election.election_id && c.area_level === "national")
  const rounds = [...new Set(national.map((c) => c.round))].sort()
  const round = op.round ?? (rounds.length === 1 ? rounds[0]! : null)
  if (round === null) return { missing: national.length === 0 ? "no national contest" : `the sentence names no round and the national table has rounds ${rounds.join(" and ")}` }
  const contests = national.filter((c) => c.round === round)
  if (contests.length !== 1) return { missing: contests.length === 0 ? `no round-${round} national contest` : `${contests.length} round-${round} national contests` }
  const contest = contests[0]!
  const rows = dataset.turnout.filter((r) => r.contest_id === contest.contest_id && r.percent !== null &&
    (r.measure === "voters" || (r.measure === "registered" && /turnout/i.test(r.label))))
  if (rows.length === 1) {
    const row = rows[0]!
    const stated = row.percent!
    const decimals = op.decimals ?? row.percent_decimals ?? 2
    const value = decimals < (row.percent_decimals ?? 2) ? roundedTo(stated, decimals) : stated
    return { value, text: `the table states a turnout of ${stated.toFixed(row.percent_decimals ?? 2)} % (line ${row.source_line})${value !== stated ? `, ${value.toFixed(decimals)} % to ${decimals} decimal${decimals === 1 ? "" : "s"}` : ""}`, lines: [row.source_line] }
  }
  if (rows.length > 1) return { missing: "the national table states several turnout percentages" }
  if (contest.voters === null || contest.registered === null || contest.registered === 0) return { missing: "the national table states no turnout, and not both voters and registered" }
  const decimals = op.decimals ?? 2
  const value = roundedTo((contest.voters / contest.registered) * 100, decimals)
  return { value, text: `the table's voters ÷ registered ${count(contest.voters)} ÷ ${count(contest.registered)} = ${value.toFixed(decimals)} % (line ${contest.source_line})`, lines: [contest.source_line] }
}

/** The bloc of an area's winner: the deciding round's leading list's lead party, else the council's majority (•) rows. */
const winnersOf = (context: AuditContext, election: Election) => {
  const { dataset } = context
  const codesOf = partyCodesOf(dataset)
  const bloc = blocOf(dataset)
  const councils = councilsByArea(dataset)
  return areaContests(dataset)
    .filter((c) => c.election.election_id === election.election_id)
    .map((c) => {
      const lastRound = Math.max(...c.rounds.keys())
      const top = c.deciding && c.deciding.contest.round === lastRound ? leader(c.deciding) : null
      if (top) return { area: c.area, bloc: bloc(codesOf(top)[0] ?? null), how: `${top.contestant} led round ${lastRound}`, line: top.source_line }
      const marked = councils.get(`${election.election_id}/${c.area}`)?.rows.filter((r) => r.majority === true) ?? []
      const largest = marked.reduce<typeof marked[number] | null>((best, r) => (best === null || (r.seats ?? 0) > (best.seats ?? 0) ? r : best), null)
      return largest
        ? { area: c.area, bloc: bloc(largest.party_code), how: `its council majority (•) is led by ${largest.party}`, line: largest.source_line }
        : { area: c.area, bloc: null, how: "no deciding-round figures and no majority marker", line: null }
    })
}

export const evaluate = (context: AuditContext, election: Election, check: Check): Verdict => {
  const { dataset } = context
  switch (check.kind) {
    case "not-checkable":
      return { _tag: "not_checkable", reason: check.reason }
    case "equals":
    case "majority": {
      const [ea, eb] = check.kind === "equals" ? [operand(context, election, check.left), operand(context, election, check.right)] : [operand(context, election, check.holder), operand(context, election, check.of)]
      if (isMissing(ea)) return { _tag: "not_checkable", reason: ea.missing }
      if (isMissing(eb)) return { _tag: "not_checkable", reason: eb.missing }
      const a: Figure = ea
      const b: Figure = eb
      const holds = check.kind === "equals" ? a.value === b.value : a.value * 2 > b.value
      const evidence = check.kind === "equals"
        ? `${a.text}${holds ? " equals " : " differs from "}${b.text}`
        : `${a.text}: ${holds ? "more" : "not more"} than half of ${b.text}`
      return holds
        ? { _tag: "held", evidence }
        : { _tag: "contradicted", evidence, stated: a.value, expected: check.kind === "equals" ? b.value : Math.floor(b.value / 2) + 1, lines: [...a.lines, ...b.lines] }
    }
    case "winners": {
      const all = winnersOf(context, election)
      const areas = check.areas ? all.filter((w) => check.areas!.includes(w.area)) : all
      const unknown = areas.filter((w) => w.bloc === null)
      if (check.areas && areas.length !== check.areas.length) return { _tag: "not_checkable", reason: `areas not found: ${check.areas.filter((a) => !all.some((w) => w.area === a)).join(", ")}` }
      if (unknown.length > 0) return { _tag: "not_checkable", reason: `winner unknown in ${unknown.map((w) => w.area).join(", ")}` }
      const won = areas.filter((w) => w.bloc === check.bloc)
      const wantEval = check.count ? operand(context, election, check.count) : { value: areas.length, text: `all ${areas.length}`, lines: [] }
      const ofEval = check.of ? operand(context, election, check.of) : null
      if (isMissing(wantEval)) return { _tag: "not_checkable", reason: wantEval.missing }
      if (ofEval && isMissing(ofEval)) return { _tag: "not_checkable", reason: ofEval.missing }
      const want: Figure = wantEval
      const of = ofEval as Figure | null
      const others = areas.filter((w) => w.bloc !== check.bloc)
      const evidence = `the ${check.bloc} won ${won.length} of ${areas.length} areas${others.length > 0 && others.length <= 6 ? ` (elsewhere: ${others.map((w) => `${w.area} ${w.bloc}`).join(", ")})` : ""}`
      const holds = won.length === want.value && (of === null || (of as Figure).value === areas.length)
      return holds
        ? { _tag: "held", evidence }
        : { _tag: "contradicted", evidence, stated: want.value, expected: won.length, lines: areas.flatMap((w) => (w.line === null ? [] : [w.line])) }
    }
    case "incumbent": {
      const rows = dataset.results.filter((r) => r.election_id === election.election_id && r.area === check.area && r.round === 1)
      if (rows.length === 0) return { _tag: "not_checkable", reason: `no results for ${check.area}` }
      const marked = rows.filter((r) => r.incumbent)
      if (check.contestant === null) {
        return marked.length === 0
          ? { _tag: "held", evidence: `no ${check.area} candidate is marked (incumbent)` }
          : { _tag: "contradicted", evidence: `${marked.map((r) => `${r.contestant} (line ${r.source_line})`).join(", ")} is marked (incumbent)`, stated: "no incumbent standing", expected: `${marked[0]!.contestant} marked incumbent`, lines: marked.map((r) => r.source_line) }
      }
      const row = rows.find((r) => slug(r.contestant) === slug(check.contestant!))
      if (!row) return { _tag: "not_checkable", reason: `${check.contestant} is not a candidate in ${check.area}` }
      const evidence = `${row.contestant} is ${row.incumbent ? "" : "not "}marked (incumbent) in the ${check.area} table (line ${row.source_line})`
      return row.incumbent === check.incumbent
        ? { _tag: "held", evidence }
        : { _tag: "contradicted", evidence, stated: check.incumbent ? "incumbent" : "not the incumbent", expected: row.incumbent ? "marked incumbent" : "not marked incumbent", lines: [row.source_line] }
    }
    case "no-majority": {
      const contests = areaContests(dataset).filter((c) => c.election.election_id === election.election_id)
      const unknown = contests.filter((c) => {
        const view = c.rounds.get(check.round)
        return !view || leader(view) === null || roundTotal(view) === null
      })
      if (unknown.length > 0) return { _tag: "not_checkable", reason: `round ${check.round} has no list figures or no total in ${unknown.map((c) => c.area).join(", ")}` }
      const winners = contests.flatMap((c) => {
        const view = c.rounds.get(check.round)!
        const top = leader(view)!
        const total = roundTotal(view)!.value
        return top.votes! * 2 > total ? [{ top, total }] : []
      })
      const evidence = winners.length === 0
        ? `no area's leading list won more than half the round-${check.round} votes (${contests.length} areas)`
        : `${winners.map((w) => `${w.top.contestant} (${w.top.area}) won ${count(w.top.votes)} of ${count(w.total)}`).join("; ")}`
      return winners.length === 0
        ? { _tag: "held", evidence }
        : { _tag: "contradicted", evidence, stated: "no majority", expected: `${winners.length} majority`, lines: winners.map((w) => w.top.source_line) }
    }
  }
}



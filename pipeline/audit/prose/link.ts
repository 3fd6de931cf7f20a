/**
 * Claims found in the prose: every sentence, list item and infobox field that states a figure (or
 * names an incumbent or an area's winning bloc) becomes a candidate claim with its line, linked
 * through what it names to a check of the claims vocabulary (audit/claims.ts), or to a
 * `not-checkable` check with the reason. Readings are few and strict — a figure is linked only when
 * the sentence names exactly what it counts (a party's seats, the chamber's total, the areas a bloc
 * won, a breakdown's parts); everything else is "not checkable", never a guess, because a false
 * contradiction is worse than a missed one. Linear token scans only, no backtracking patterns.
 */
import type { Document } from "../../extract/document.ts"
import { slug } from "../../normalise/ids.ts"
import type { Dataset } from "../../normalise/normalise.ts"
import type { Election } from "../../normalise/records.ts"
import type { Check, OperandType } from "../claims.ts"
import { hasLaw, lawParameter, noLawKnown, type Reference } from "../reference.ts"
import { lawKeyOf } from "../seats-law.ts"
import {
  areaNamed,
  areasOf,
  blocAt,
  capitalisedSpanBefore,
  definitionsOf,
  type Names,
  nationalResultRows,
  nationalSeatRow,
  partySpansBefore
} from "./names.ts"
import { BY_VERBS, incumbentClaims, winnerClaim } from "./areas.ts"
import { type Sentence, sentencesOf } from "./sentences.ts"
import { type Figure, figuresOf, isAmount, type Token } from "./tokens.ts"

export interface ProseClaim {
  readonly line: number
  /** Words of the line the claim rests on, verbatim. */
  readonly quote: string
  /** Which reading linked it (`party-seats`, `breakdown`, …) or `unlinked`. */
  readonly reading: string
  readonly check: Check
}

/**
 * A claim's key, stable within the article: reading + the quote's slug (never a line). Made only
 * for the claims that become findings (a slug costs ~10 µs and most claims hold).
 */
export const claimKey = (claim: ProseClaim): string => `${claim.reading}/${slug(claim.quote).slice(0, 60)}`

const SEAT_NOUNS = new Set(["seat", "seats", "senators", "councillors", "councilors", "members", "deputies", "mps", "representatives", "mandates", "councillor", "senator"])
const AREA_NOUNS = new Set(["regions", "departments", "cantons", "constituencies", "provinces", "states", "districts", "counties", "municipalities", "communes", "ridings", "region", "department"])
/** Words before a figure that make it a bound or an estimate, not a statement of the figure. */
const QUALIFIERS = new Set(["than", "over", "about", "around", "nearly", "almost", "some", "approximately", "roughly", "least", "most", "under", "below", "above", "exceeding", "up", "circa", "c."])
/** Verbs that state a result of this election ("had 162 seats", "held", "kept" may speak of before it: not read). */
const WON_SEATS = new Set(["won", "wins", "win", "took", "takes", "obtained", "secured", "received", "gained", "lost"])
const WON_SHARE = new Set(["won", "wins", "took", "takes", "obtained", "secured", "received", "polled", "scored", "got", "gets", "garnered"])
/** Words that move a national figure to another time or place: a sentence with one is not read as the national result. */
const ELSEWHEN = new Set(["previous", "previously", "last", "outgoing", "earlier", "former", "before", "prior", "ago", "compared"])
const WON_AREAS = new Set(["won", "wins", "win", "took", "takes", "captured", "captures", "carried", "control", "held", "holds", "retained", "retains", "kept", "keeps"])
const NEGATIONS = new Set(["not", "never", "no", "n't", "failed", "fails", "lost", "loses", "lose", "without", "nor"])

const ORDINAL_ROUNDS: ReadonlyMap<string, number> = new Map([["first", 1], ["1st", 1], ["second", 2], ["2nd", 2], ["one", 1], ["two", 2]])

/** Token indices [from, to) of the clause holding token `i`: bounded by , ; : ( ) or the sentence's ends. */
const clauseOf = (t: ReadonlyArray<Token>, i: number): [number, number] => {
  const bound = (k: number) => [",", ";", ":", "(", ")"].includes(t[k]!.text)
  let from = i
  while (from > 0 && !bound(from - 1)) from--
  let to = i + 1
  while (to < t.length && !bound(to)) to++
  return [from, to]
}

const quoteOf = (s: Sentence, from: number, to: number): string => s.text.slice(s.tokens[from]!.start, s.tokens[Math.max(from, to - 1)]!.end)

const qualified = (t: ReadonlyArray<Token>, f: Figure): boolean => QUALIFIERS.has(t[f.from - 1]?.lower ?? "")

/** The round a clause names ("in the first round", "round two", "2nd round"), or undefined. */
const roundNamed = (t: ReadonlyArray<Token>, from: number, to: number): number | undefined => {
  for (let k = from; k < to; k++) {
    if (t[k]!.lower !== "round") continue
    const before = ORDINAL_ROUNDS.get(t[k - 1]?.lower ?? "")
    if (before !== undefined) return before
    const after = ORDINAL_ROUNDS.get(t[k + 1]?.lower ?? "") ?? (t[k + 1]?.kind === "number" ? Number(t[k + 1]!.text) : undefined)
    if (after !== undefined) return after
  }
  return undefined
}

/**
 * Whether a clause speaks of the national result of this election: no word of another time
 * ("previous", "before"), no year other than the election's, and no "in <Place>" after the figure.
 */
const national = (t: ReadonlyArray<Token>, from: number, to: number, year: number | null): boolean => {
  for (let k = from; k < to; k++) {
    const x = t[k]!
    if (ELSEWHEN.has(x.lower) && !(x.lower === "before" && t[k - 1]?.lower === "never")) return false
    if (x.kind === "number" && x.text.length === 4 && year !== null && Number(x.text) !== year && Number(x.text) >= 1800 && Number(x.text) <= 2100) return false
    if (x.lower === "in" && t[k + 1] !== undefined && t[k + 1]!.kind === "word" && t[k + 1]!.text !== t[k + 1]!.lower && t[k + 1]!.lower !== "round") return false
  }
  return true
}

interface Found {
  readonly claims: Array<ProseClaim>
  /** Figures (by token index of their start) that a reading used. */
  readonly used: Set<number>
}

const value = (f: Figure, line?: number): OperandType => (line === undefined ? { value: f.value } : { value: f.value, line })

export interface LinkInput {
  readonly document: Document
  readonly dataset: Dataset
  readonly election: Election
  /** For the electoral law's thresholds; without it, no law reading. */
  readonly reference?: Reference
}

/**
 * The law parameter a sentence about thresholds states: round-two qualification or the seat
 * threshold; null if neither. Every paragraph sentence is asked, and most are neither: one scan of
 * the tokens with no Set of the sentence's words and no arrays (issue 8, eighth pass, second round);
 * `thresholdParameterLong` is the long path, the oracle of test/threshold-parameter.test.ts.
 */
export const thresholdParameter = (t: ReadonlyArray<Token>): string | null => {
  let secondRound = false
  let qualifies = false
  let seat = false
  let shares = false
  for (let k = 0; k < t.length; k++) {
    const w = t[k]!.lower
    if (!secondRound && ((w === "second" && t[k + 1]?.lower === "round") || (w === "round" && t[k + 1]?.lower === "two"))) secondRound = true
    if (QUALIFY_WORDS.has(w)) qualifies = true
    if (w === "seats" || w === "seat") seat = true
    if (SHARE_WORDS.has(w)) shares = true
  }
  if (secondRound && qualifies) return "round_two_qualification"
  if (seat && shares) return "seat_threshold"
  return null
}
const QUALIFY_WORDS: ReadonlySet<string> = new Set(["eligible", "qualify", "qualified", "qualifies", "entitled", "stand", "run", "threshold"])
const SHARE_WORDS: ReadonlySet<string> = new Set(["shared", "allocated", "distributed", "allocation", "threshold"])

/** `thresholdParameter` the long way (a Set of the sentence's words, then the word lists). */
export const thresholdParameterLong = (t: ReadonlyArray<Token>): string | null => {
  const words = new Set(t.map((x) => x.lower))
  const secondRound = t.some((x, k) => (x.lower === "second" && t[k + 1]?.lower === "round") || (x.lower === "round" && t[k + 1]?.lower === "two"))
  if (secondRound && ["eligible", "qualify", "qualified", "qualifies", "entitled", "stand", "run", "threshold"].some((w) => words.has(w))) return "round_two_qualification"
  if ((words.has("seats") || words.has("seat")) && ["shared", "allocated", "distributed", "allocation", "threshold"].some((w) => words.has(w))) return "seat_threshold"
  return null
}

/** Every candidate claim of an article, in line order. */
export const proseClaims = ({ document, dataset, election, reference }: LinkInput): Array<ProseClaim> => {
  const sentences = sentencesOf(document)
  const names: Names = { dataset, election, definitions: definitionsOf(sentences) }
  const areas = areasOf(names)
  const usedBy = new Map<Sentence, Found>()
  const found = (s: Sentence): Found => {
    let f = usedBy.get(s)
    if (f === undefined) {
      f = { claims: [], used: new Set() }
      usedBy.set(s, f)
    }
    return f
  }
  const claim = (s: Sentence, reading: string, from: number, to: number, check: Check, uses: ReadonlyArray<Figure>) => {
    const quote = quoteOf(s, from, to)
    found(s).claims.push({ line: s.line, quote, reading, check })
    for (const f of uses) found(s).used.add(f.from)
  }
  const year = Number((election.round1_date ?? "").slice(0, 4)) || null
  const nationalTotal = dataset.seatTotals.find((t) => t.election_id === election.election_id && t.area_level === "national" && t.measure === "seats")
  const hasPresidencies = dataset.seats.some((s) => s.election_id === election.election_id && s.measure === "presidencies")
  /** How many areas the election has, by the data: the national table's regions total, else one presidency per area. */
  const areaCount: OperandType | null = nationalTotal?.regions !== null && nationalTotal?.regions !== undefined
    ? { seatTotal: "regions" }
    : hasPresidencies ? { presidencies: {} } : null

  // Breakdowns: "The 117 incumbents were divided in the following way:" + a list of "65 from …".
  const breakdownOf = new Map<number, number>()
  for (const s of sentences) {
    if (s.introduces === null) continue
    const counts = figuresOf(s.tokens).filter((f) => f.kind === "count" && !qualified(s.tokens, f))
    const parts = s.introduces.items.map((item) => ({ item, figure: figuresOf(itemTokens(sentences, item.line)).find((f) => f.from === 0 && f.kind === "count") }))
    // Only a sentence that says the list is the whole: "divided in the following way", "as follows", "distributed".
    const whole = s.tokens.some((x) => ["divided", "distributed", "split", "following", "follows", "breakdown"].includes(x.lower)) &&
      !s.tokens.some((x) => ["main", "largest", "including", "among", "some", "notable"].includes(x.lower))
    if (!whole || counts.length !== 1 || parts.length < 2 || parts.some((p) => p.figure === undefined)) continue
    claim(s, "breakdown", 0, s.tokens.length, { kind: "equals", left: value(counts[0]!), right: { sum: parts.map((p) => value(p.figure!, p.item.line)) } }, counts)
    for (const p of parts) breakdownOf.set(p.item.line, s.line)
  }

  // The infobox's seats up for election against the one seat count the lead states for the election.
  for (const s of sentences) {
    const key = s.field?.key.toLowerCase() ?? ""
    if (s.source !== "infobox" || !key.includes("seats") || !key.includes("election")) continue
    const stated = figuresOf(s.tokens).filter((f) => f.kind === "count")
    if (stated.length !== 1) continue
    const lead = sentences.filter((x) => x.source === "paragraph" && x.section.length === 0)
    const candidates = lead.flatMap((x) => {
      const seatFigures = figuresOf(x.tokens).filter((f) => f.kind === "count" && seatNounAfter(x.tokens, f) !== null)
      const f = seatFigures[0]
      // "to elect the 150 members", "of 127 senators", "all 80 seats": the whole of what is elected, not "saw 12 members elected".
      const whole = f !== undefined && ["the", "all", "of", "elect", "for"].includes(x.tokens[f.from - 1]?.lower ?? "") &&
        !x.tokens.some((y) => ["new", "first", "re-elected", "incumbent", "incumbents", "women", "lost", "gained", "retiring", "defeated", "vacant"].includes(y.lower))
      return seatFigures.length === 1 && whole && x.tokens.some((y) => y.lower.startsWith("elect")) && !qualified(x.tokens, f!) && !insideBrackets(x.tokens, f!)
        ? [{ sentence: x, figure: seatFigures[0]! }]
        : []
    })
    const values = new Set(candidates.map((c) => c.figure.value))
    if (candidates.length === 0 || values.size !== 1) {
      claim(s, "seats-for-election", 0, s.tokens.length, { kind: "not-checkable", reason: candidates.length === 0 ? "no sentence of the lead states how many seats were up for election" : "the lead states several seat counts for the election" }, stated)
      continue
    }
    const c = candidates[0]!
    const noun = seatNounAfter(c.sentence.tokens, c.figure)!
    const [from] = clauseOf(c.sentence.tokens, c.figure.from)
    claim(c.sentence, "seats-for-election", from, noun + 1, { kind: "equals", left: value(c.figure), right: { infobox: s.field!.key } }, [c.figure])
    // The field's own figures ("A third of seats (117)") are this claim's other side.
    for (const f of figuresOf(s.tokens)) found(s).used.add(f.from)
  }

  for (const s of sentences) {
    const t = s.tokens
    const figures = figuresOf(t)
    // "had never before won": a first time, not a negation.
    const negatedBesides = (own: number) => t.some((x, k) => k !== own && NEGATIONS.has(x.lower) && !(x.lower === "never" && t[k + 1]?.lower === "before"))
    const negated = negatedBesides(-1)
    /** Where the last party-seats reading's verb is ("The SDP won 34 of the 80 seats"), for a share that follows it "with 40.11% of the vote". */
    let seatsVerb = -1
    let seatsEnd = -1
    /**
     * "GP won 11 seats, up three" / "…, down two seats": right after a party's seats, a comma and
     * "up"/"down" with a count is the party's seat change. Read only when the count ends the clause
     * (or is followed by its seat noun which does): "up from 9" (the earlier seats) or "up three
     * points" stay not checkable.
     */
    const changeAfter = (s: Sentence, party: string, at: number) => {
      if (t[at]?.text !== "," || !["up", "down"].includes(t[at + 1]?.lower ?? "") || negated) return
      const g = figures.find((x) => x.from === at + 2 && x.kind === "count")
      if (g === undefined) return
      const end = SEAT_NOUNS.has(t[g.to]?.lower ?? "") ? g.to + 1 : g.to
      if (end < t.length && ![",", ";", ".", ")"].includes(t[end]!.text)) return
      claim(s, "party-change", at + 1, end, { kind: "equals", left: t[at + 1]!.lower === "down" ? { value: -g.value } : value(g), right: { party: { name: party, measure: "change" } } }, [g])
    }

    // "only candidates who polled more than 10% in the first round were eligible to run (except in
    // Corsica, where the threshold is 5%)", "among lists with at least 4% of the votes cast": the
    // law's threshold, for the area named since the last bracket or semicolon (else the general one).
    const parameter = s.source === "paragraph" && reference !== undefined ? thresholdParameter(t) : null
    if (parameter !== null) {
      const key = lawKeyOf(dataset, election, reference!)
      for (const f of figures) {
        if (f.kind !== "percent" || found(s).used.has(f.from)) continue
        const area = areaNamed(areas, sameGroupText(s, f.from))
        const row = lawParameter(reference!, parameter, area, key)
        const [from, to] = clauseOf(t, f.from)
        claim(s, "law-threshold", from, to, row === null || (area !== null && row.scope !== slug(area))
          ? {
            kind: "not-checkable",
            reason: !hasLaw(reference!, key) ? noLawKnown(key) : `the law of ${key.election} elections in ${key.country} has no ${parameter}${area === null ? "" : ` for ${area}`}`
          }
          : { kind: "equals", left: value(f), right: { law: { parameter, scope: row.scope, country: key.country!, election: key.election } } }, [f])
      }
    }

    for (const f of figures) {
      if (found(s).used.has(f.from) || !isAmount(f) || qualified(t, f)) continue
      const next = t[f.to]

      // "115 seats including 107 incumbents and 8 new seats" → 115 = 107 + 8
      if (f.kind === "count" && t[f.to + 1]?.lower === "including" && next?.kind === "word") {
        const [, end] = clauseOf(t, f.from)
        const parts = figures.filter((g) => g.from > f.to && g.from < end && g.kind === "count")
        const and = t.findIndex((x, k) => k > f.to && k < end && x.lower === "and")
        if (parts.length === 2 && and > parts[0]!.from && and < parts[1]!.from) {
          claim(s, "including", f.from, end, { kind: "equals", left: value(f), right: { sum: parts.map((p) => value(p)) } }, [f, ...parts])
          continue
        }
      }

      // "10 seats had been added to Senate" → the national total's seats − its earlier seats
      if (f.kind === "count" && SEAT_NOUNS.has(next?.lower ?? "")) {
        const added = t.findIndex((x, k) => k > f.to && k <= f.to + 4 && x.lower === "added")
        if (added > 0 && !negated && figures.every((g) => g === f || g.from > added || g.to <= f.from)) {
          const [from, to] = clauseOf(t, f.from)
          claim(s, "seats-added", from, to, { kind: "equals", left: value(f), right: { difference: [{ seatTotal: "seats" }, { seatTotal: "seats_before" }] } }, [f])
          continue
        }
      }

      // "twenty of the twenty-two regions", "62 of the 150 seats"
      if (f.kind === "count" && next?.lower === "of" && t[f.to + 1]?.lower === "the") {
        const whole = figures.find((g) => g.from === f.to + 2 && g.kind === "count")
        const noun = whole ? t[whole.to] : undefined
        if (whole && noun && !negated) {
          const [from, to] = clauseOf(t, f.from)
          const end = Math.min(to, whole.to + 1)
          if (AREA_NOUNS.has(noun.lower)) {
            const bloc = blocSubject(t, from, f.from)
            // "of the twenty-two regions of metropolitan France": a qualified whole is read only when it is all the tables' areas.
            const qualifiedWhole = ["of", "in", "on", "outside", "within"].includes(t[whole.to + 1]?.lower ?? "")
            if (bloc !== null && qualifiedWhole && whole.value !== areas.length) {
              claim(s, "bloc-areas", from, to, { kind: "not-checkable", reason: `the areas counted are qualified ('${quoteOf(s, whole.to + 1, to)}') and the tables hold ${areas.length}` }, [f, whole])
              continue
            }
            if (bloc !== null) {
              claim(s, "bloc-areas", from, end, { kind: "winners", bloc, count: value(f), of: value(whole) }, [f, whole])
              continue
            }
            // "Westland First won three of the five provinces": the party's areas-won column and its total.
            if (bloc === null && WON_SEATS.has(t[f.from - 1]?.lower ?? "") && nationalTotal?.regions !== null && nationalTotal?.regions !== undefined && national(t, from, to, year)) {
              const row = partyRowOf(s, f.from - 1, (text) => {
                const r = nationalSeatRow(names, text)
                return r !== null && r.regions !== null ? r : null
              })
              if (row !== null) {
                claim(s, "party-areas", row.start, end, { kind: "equals", left: value(f), right: { party: { name: row.row.party, measure: "regions" } } }, [f])
                claim(s, "total-areas", f.from, end, { kind: "equals", left: value(whole), right: { seatTotal: "regions" } }, [whole])
                continue
              }
            }
          } else if (SEAT_NOUNS.has(noun.lower) && WON_SEATS.has(t[f.from - 1]?.lower ?? "") && !["gained", "lost"].includes(t[f.from - 1]!.lower) && national(t, ...clauseOf(t, f.from), year)) {
            const row = partyRowOf(s, f.from - 1, (text) => nationalSeatRow(names, text))
            if (row !== null) {
              claim(s, "party-seats", row.start, end, { kind: "equals", left: value(f), right: { party: { name: row.row.party, measure: "seats" } } }, [f])
              claim(s, "total-seats", f.from, end, { kind: "equals", left: value(whole), right: { seatTotal: "seats" } }, [whole])
              seatsVerb = f.from - 1
              seatsEnd = whole.to + 1
              changeAfter(s, row.row.party, whole.to + 1)
              continue
            }
          }
        }
      }

      // "The Labour Party won 62 seats", "the UMP lost 7 seats"
      // ("lost" is the verb of the change here, not a negation of it; any other negation still stops the reading.)
      if (f.kind === "count" && SEAT_NOUNS.has(next?.lower ?? "") && WON_SEATS.has(t[f.from - 1]?.lower ?? "") && !negatedBesides(f.from - 1) && national(t, ...clauseOf(t, f.from), year)) {
        const verb = t[f.from - 1]!.lower
        const row = partyRowOf(s, f.from - 1, (text) => nationalSeatRow(names, text))
        if (row !== null) {
          const change = verb === "gained" || verb === "lost"
          const stated: OperandType = verb === "lost" ? { value: -f.value } : value(f)
          claim(s, change ? "party-change" : "party-seats", row.start, f.to + 1, { kind: "equals", left: stated, right: { party: { name: row.row.party, measure: change ? "change" : "seats" } } }, [f])
          if (!change) {
            seatsVerb = f.from - 1
            seatsEnd = f.to + 1
            changeAfter(s, row.row.party, f.to + 1)
          }
          continue
        }
      }

      // "The SDP won 34 of the 80 seats with 40.11% of the vote": the share of the party whose seats were just read.
      if (f.kind === "percent" && seatsVerb > 0 && f.from === seatsEnd + 1 && t[seatsEnd]?.lower === "with" && t[f.to]?.lower === "of" && t[f.to + 1]?.lower === "the" && ["vote", "votes"].includes(t[f.to + 2]?.lower ?? "") && !negated && national(t, ...clauseOf(t, f.from), year)) {
        const rows = partyRowOf(s, seatsVerb, (text) => {
          const r = nationalResultRows(names, text)
          return r.length > 0 ? r : null
        })
        if (rows !== null) {
          const [, to] = clauseOf(t, f.from)
          const round = roundNamed(t, f.to, to)
          claim(s, "party-share", rows.start, f.to + 3, {
            kind: "equals",
            left: value(f),
            right: { party: { name: rows.row[0]!.contestant, measure: "percent", ...(round === undefined ? {} : { round }), decimals: f.decimals } }
          }, [f])
          continue
        }
      }

      // "The Labour Party won 41.2% of the vote (in the first round)", "… won 30 seats and 33.4% of the vote"
      const shareVerb = WON_SHARE.has(t[f.from - 1]?.lower ?? "") ? f.from - 1
        : t[f.from - 1]?.lower === "and" && SEAT_NOUNS.has(t[f.from - 2]?.lower ?? "") && t[f.from - 3]?.kind !== "punct" && WON_SEATS.has(t[f.from - 4]?.lower ?? "") ? f.from - 4
        : t[f.from - 1]?.lower === "and" && SEAT_NOUNS.has(t[f.from - 2]?.lower ?? "") && WON_SEATS.has(t[f.from - 7]?.lower ?? "") && t[f.from - 4]?.lower === "the" && t[f.from - 5]?.lower === "of" ? f.from - 7
        : -1
      if (f.kind === "percent" && shareVerb > 0 && !negated && national(t, ...clauseOf(t, f.from), year)) {
        const rows = partyRowOf(s, shareVerb, (text) => {
          const r = nationalResultRows(names, text)
          return r.length > 0 ? r : null
        })
        if (rows !== null) {
          const [, to] = clauseOf(t, f.from)
          const round = roundNamed(t, f.to, to)
          claim(s, "party-share", rows.start, f.to, {
            kind: "equals",
            left: value(f),
            right: { party: { name: rows.row[0]!.contestant, measure: "percent", ...(round === undefined ? {} : { round }), decimals: f.decimals } }
          }, [f])
          continue
        }
      }

      // "The Labour Party received 1,412,380 votes (in the first round)"
      if (f.kind === "count" && next?.lower === "votes" && WON_SHARE.has(t[f.from - 1]?.lower ?? "") && !negated && national(t, ...clauseOf(t, f.from), year)) {
        const rows = partyRowOf(s, f.from - 1, (text) => {
          const r = nationalResultRows(names, text)
          return r.length > 0 ? r : null
        })
        if (rows !== null) {
          const [, to] = clauseOf(t, f.from)
          const round = roundNamed(t, f.to, to)
          claim(s, "party-votes", rows.start, f.to + 1, {
            kind: "equals",
            left: value(f),
            right: { party: { name: rows.row[0]!.contestant, measure: "votes", ...(round === undefined ? {} : { round }) } }
          }, [f])
          continue
        }
      }

      // "Turnout was 81.2%", "Turnout stood at 79%", "with a turnout of 79.01%" in the lead: the national contest's turnout.
      const turnoutWord = t[f.from - 1]?.lower === "was" || t[f.from - 1]?.lower === "of" ? f.from - 2 : t[f.from - 1]?.lower === "at" && t[f.from - 2]?.lower === "stood" ? f.from - 3 : -1
      if (f.kind === "percent" && turnoutWord >= 0 && t[turnoutWord]?.lower === "turnout" && s.source === "paragraph" && s.section.length === 0 && !negated && national(t, ...clauseOf(t, f.from), year)) {
        const [from, to] = clauseOf(t, f.from)
        const round = roundNamed(t, from, to)
        claim(s, "turnout", turnoutWord, f.to, { kind: "equals", left: value(f), right: { turnout: { ...(round === undefined ? {} : { round }), decimals: f.decimals } } }, [f])
        continue
      }

      // "The PS won 44 presidencies": general-council presidencies held
      if (f.kind === "count" && next?.lower === "presidencies" && WON_SEATS.has(t[f.from - 1]?.lower ?? "") && hasPresidencies && !negated && national(t, ...clauseOf(t, f.from), year)) {
        const row = partyRowOf(s, f.from - 1, (text) => nationalSeatRow(names, text, "presidencies"))
        if (row !== null && row.row.party_code !== null) {
          claim(s, "party-presidencies", row.start, f.to + 1, { kind: "equals", left: value(f), right: { presidencies: { party: row.row.party_code } } }, [f])
          continue
        }
      }

      // "the National Union (NU) fell to 53 seats"
      if (f.kind === "count" && SEAT_NOUNS.has(next?.lower ?? "") && t[f.from - 1]?.lower === "to" && ["fell", "rose", "dropped", "climbed", "grew", "slipped"].includes(t[f.from - 2]?.lower ?? "") && national(t, ...clauseOf(t, f.from), year)) {
        const row = partyRowOf(s, f.from - 2, (text) => nationalSeatRow(names, text))
        if (row !== null) {
          claim(s, "party-seats", row.start, f.to + 1, { kind: "equals", left: value(f), right: { party: { name: row.row.party, measure: "seats" } } }, [f])
          continue
        }
      }

      // "The Civic Platform won 44 seats, the Rural Union (RU) 32 and the Left Bloc (LB) 15": the verb and noun are shared.
      if (f.kind === "count" && (next === undefined || [",", ".", ";", "and"].includes(next.lower)) && found(s).claims.some((c) => c.reading === "party-seats") && national(t, ...clauseOf(t, f.from), year)) {
        const row = partyRowOf(s, f.from, (text) => nationalSeatRow(names, text))
        if (row !== null && row.start < f.from) {
          claim(s, "party-seats", row.start, f.to, { kind: "equals", left: value(f), right: { party: { name: row.row.party, measure: "seats" } } }, [f])
          continue
        }
      }

      // "won 25 seats, two more than the Citizens' Movement (CM)": the difference of two parties' seats.
      if (f.kind === "count" && (next?.lower === "more" || next?.lower === "fewer") && t[f.to + 1]?.lower === "than") {
        const previous = found(s).claims.filter((c) => c.reading === "party-seats").pop()
        const other = partyAfter(s, f.to + 2, (text) => nationalSeatRow(names, text))
        if (previous !== undefined && other !== null && previous.check.kind === "equals" && previous.check.right.party !== undefined) {
          const first: OperandType = { party: previous.check.right.party }
          const second: OperandType = { party: { name: other.row.party, measure: "seats" } }
          claim(s, "party-seats-difference", f.from, other.end, {
            kind: "equals",
            left: value(f),
            right: { difference: next.lower === "more" ? [first, second] : [second, first] }
          }, [f])
          continue
        }
      }

      // "France's 26 regions", "the general councils of France's 100 departments"
      if (f.kind === "count" && AREA_NOUNS.has(next?.lower ?? "") && (t[f.from - 1]?.lower.endsWith("'s") ?? false) && areaCount !== null) {
        claim(s, "area-count", f.from - 1, f.to + 1, { kind: "equals", left: value(f), right: areaCount }, [f])
        continue
      }

      // "N regions retained by the right"
      if (f.kind === "count" && AREA_NOUNS.has(next?.lower ?? "") && BY_VERBS.has(t[f.to + 1]?.lower ?? "") && t[f.to + 2]?.lower === "by" && !negated) {
        const bloc = blocAt(t, f.to + 3)
        if (bloc !== null) {
          claim(s, "bloc-areas", f.from, bloc.end, { kind: "winners", bloc: bloc.bloc, count: value(f) }, [f])
          continue
        }
      }

      // "leaving the Socialists in control of a majority of departments", "won a majority of the seats"
      if (f.kind === "majority" && next?.lower === "of") {
        const nounAt = t[f.to + 1]?.lower === "the" ? f.to + 2 : f.to + 1
        const noun = t[nounAt]?.lower ?? ""
        const verbEnd = t[f.from - 1]?.lower === "of" && t[f.from - 2]?.lower === "control" && t[f.from - 3]?.lower === "in" ? f.from - 3
          : WON_SEATS.has(t[f.from - 1]?.lower ?? "") ? f.from - 1 : -1
        if (verbEnd > 0 && !negated) {
          if (AREA_NOUNS.has(noun) && hasPresidencies) {
            const row = partyRowOf(s, verbEnd, (text) => nationalSeatRow(names, text, "presidencies"))
            const stated = figures.find((g) => g.kind === "count" && t[g.to]?.lower === noun)
            if (row !== null && row.row.party_code !== null) {
              claim(s, "party-majority", row.start, nounAt + 1, { kind: "majority", holder: { presidencies: { party: row.row.party_code } }, of: stated ? value(stated) : areaCount! }, [f])
              continue
            }
          } else if (SEAT_NOUNS.has(noun) && nationalTotal !== undefined) {
            const row = partyRowOf(s, verbEnd, (text) => nationalSeatRow(names, text))
            if (row !== null) {
              claim(s, "party-majority", row.start, nounAt + 1, { kind: "majority", holder: { party: { name: row.row.party, measure: "seats" } }, of: { seatTotal: "seats" } }, [f])
              continue
            }
          }
        }
      }
    }

    // "Since no candidate gained a majority in any region, a second round was held": round one had no majority.
    const noMajority = t.findIndex((x, k) => x.lower === "no" && ["candidate", "list", "party"].includes(t[k + 1]?.lower ?? "") && ["gained", "won", "obtained", "had", "got", "secured"].includes(t[k + 2]?.lower ?? "") && t[k + 3]?.lower === "a" && t[k + 4]?.lower === "majority")
    if (noMajority >= 0 && t[noMajority + 5]?.lower === "in" && t[noMajority + 6]?.lower === "any" && AREA_NOUNS.has(t[noMajority + 7]?.lower ?? "")) {
      // "… in the first round", or "…, a second round was held": the round without a majority; else unknown.
      const named = roundNamed(t, 0, t.length)
      const ledTo = named === 2 && t.some((x) => x.lower === "held")
      const round = ledTo ? 1 : named
      if (round !== undefined) {
        claim(s, "no-majority", noMajority, noMajority + 8, { kind: "no-majority", round }, figures.filter((f) => f.from === noMajority + 3))
      }
    }

    // Figure-free readings: incumbents and the winning bloc of an area (section or named area).
    if (s.source === "paragraph" && !negated) {
      incumbentClaims(s, names, areas, claim)
      winnerClaim(s, areas, claim)
    }

    // What no reading linked: "not checkable", with why.
    for (const f of figures) {
      if (found(s).used.has(f.from) || !isAmount(f)) continue
      const [from, to] = clauseOf(t, f.from)
      claim(s, "unlinked", from, to, { kind: "not-checkable", reason: unlinkedReason(s, f, breakdownOf) }, [f])
    }
  }
  // The claims in sentence order (a loop, not `flatMap` with an empty array per sentence without
  // claims: most have none), then stably by line, as before.
  const out: Array<ProseClaim> = []
  for (const s of sentences) {
    const f = usedBy.get(s)
    if (f !== undefined) for (const c of f.claims) out.push(c)
  }
  return out.sort((a, b) => a.line - b.line)
}

/**
 * The text of the bracket group (or, outside brackets, the semicolon-bounded part) that holds token
 * `i`, without the groups nested in it: "only lists that polled at least 10% … (5% in Corsica)" gives
 * the 10% the words outside the bracket and the 5% the words inside it.
 */
const sameGroupText = (s: Sentence, i: number): string => {
  const t = s.tokens
  const depth: Array<number> = []
  let d = 0
  for (const x of t) {
    if (x.text === ")") d = Math.max(0, d - 1)
    depth.push(d)
    if (x.text === "(") d++
  }
  const at = depth[i]!
  let from = i
  while (from > 0 && depth[from - 1]! >= at && !(depth[from - 1] === at && (t[from - 1]!.text === ";" || t[from - 1]!.text === "("))) from--
  let to = i + 1
  while (to < t.length && depth[to]! >= at && !(depth[to] === at && (t[to]!.text === ";" || t[to]!.text === ")"))) to++
  const words: Array<string> = []
  for (let k = from; k < to; k++) if (depth[k] === at) words.push(t[k]!.text)
  return words.join(" ")
}

const itemTokens = (sentences: ReadonlyArray<Sentence>, line: number): ReadonlyArray<Token> =>
  sentences.find((s) => s.source === "list_item" && s.line === line)?.tokens ?? []

/** The seat noun's index after a figure: directly, or past a quoted label ('127 "series C" senators'). */
const seatNounAfter = (t: ReadonlyArray<Token>, f: Figure): number | null => {
  const QUOTES = new Set(["\"", "“", "”"])
  let quoted = false
  for (let k = f.to; k < Math.min(t.length, f.to + 6); k++) {
    const x = t[k]!
    if (!quoted && SEAT_NOUNS.has(x.lower)) return k
    if (QUOTES.has(x.text)) quoted = !quoted
    else if (!quoted) return null
  }
  return null
}

const insideBrackets = (t: ReadonlyArray<Token>, f: Figure): boolean => {
  let depth = 0
  for (let k = 0; k < f.from; k++) {
    if (t[k]!.text === "(") depth++
    else if (t[k]!.text === ")") depth = Math.max(0, depth - 1)
  }
  return depth > 0
}

/** "The left won control of …": the bloc that is the subject of a winning verb before `end`. */
const blocSubject = (t: ReadonlyArray<Token>, from: number, end: number): string | null => {
  for (let k = from; k < end; k++) {
    const bloc = blocAt(t, k)
    if (bloc !== null && t.slice(bloc.end, end).some((x) => WON_AREAS.has(x.lower))) return bloc.bloc
  }
  return null
}

/** The party whose name ends just before `end` and resolves to exactly one row; with the span's start token. */
const partyRowOf = <R>(s: Sentence, end: number, resolve: (text: string) => R | null): { row: R; start: number } | null => {
  let stop = end
  if (s.tokens[stop - 1]?.text === ")" && s.tokens[stop - 3]?.text === "(") stop -= 3
  const start = capitalisedSpanBefore(s.tokens, stop)
  for (const text of partySpansBefore(s, end)) {
    const row = resolve(text)
    if (row !== null) return { row, start: start ?? end - 1 }
  }
  return null
}

/** The party whose name starts at token `from` ("the Citizens' Movement (CM)"), resolving to one row; with the end token. */
const partyAfter = <R>(s: Sentence, from: number, resolve: (text: string) => R | null): { row: R; end: number } | null => {
  const t = s.tokens
  let k = t[from]?.lower === "the" ? from + 1 : from
  let end = k
  while (end < t.length && (t[end]!.kind === "word" || t[end]!.text === "'" || t[end]!.text === "’") && !(t[end]!.kind === "word" && t[end]!.text === t[end]!.lower && !["for", "of", "and", "de", "la"].includes(t[end]!.lower))) end++
  if (t[end]?.text === "(" && t[end + 2]?.text === ")") end += 3
  for (let stop = end; stop > k; stop--) {
    const row = resolve(s.text.slice(t[k]!.start, t[stop - 1]!.end))
    if (row !== null) return { row, end: stop }
  }
  return null
}

const unlinkedReason = (s: Sentence, f: Figure, breakdownOf: ReadonlyMap<number, number>): string => {
  const t = s.tokens
  if (s.source === "infobox") return "an infobox figure (the infobox rule compares the infobox with the tables)"
  if (breakdownOf.has(s.line) && f.from === 0) return `one part of the breakdown introduced on line ${breakdownOf.get(s.line)} (checked through its sum)`
  if (qualified(t, f)) return "a bound or an estimate (\"more than\", \"about\"), not a figure to compare"
  if (f.kind === "percent") return "a percentage the extractor could not link to one party's share in a national table"
  if (f.kind === "majority") return "a majority the extractor could not link to one party and one count"
  if (f.kind === "fraction") return "a fraction the extractor could not link to a count of the tables"
  const noun = t[f.to]?.lower ?? ""
  if (SEAT_NOUNS.has(noun)) return "a seat count the extractor could not link to one party or the chamber's total"
  if (AREA_NOUNS.has(noun)) return "a count of areas the extractor could not link to a bloc or the election's areas"
  return "a figure that names nothing the tables hold"
}

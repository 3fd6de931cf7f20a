/**
 * The figure-free statements of the prose that the tables can still test, read within an area (the
 * sentence's section, or the one area it names): who is the incumbent ("the incumbent X", "Y
 * replaces the retiring incumbent X", "in succession to the retiring X", "X was seeking a fourth
 * term") and which bloc won ("the left captures Lorraine", "Brittany is captured by the left",
 * "falls to the left"). Each resolves one candidate or one area, or reads nothing.
 */
import type { Check } from "../claims.ts"
import { areaNamed, blocAt, candidateIn, capitalisedSpanBefore, type Names, sectionArea } from "./names.ts"
import type { Sentence } from "./sentences.ts"
import type { Figure } from "./tokens.ts"

const BLOC_VERBS = new Set(["captures", "captured", "retains", "retained", "retakes", "retook", "wins", "won", "keeps", "kept", "re-establishes", "re-established", "takes", "took", "holds", "held", "gains", "gained"])
export const BY_VERBS = new Set(["captured", "retained", "won", "held", "taken", "kept", "gained", "retaken"])
/** "a second/third/fourth … term": a further term, so the holder is in office. */
const FURTHER = new Set(["second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "new", "further", "another"])
const SUCCESSION = new Set(["replaces", "replaced", "replacing", "succeeding", "succeeds", "succeeded", "succeed"])

export type Emit = (s: Sentence, reading: string, from: number, to: number, check: Check, uses: ReadonlyArray<Figure>) => void

/** The full name that ends at token `end` (exclusive), from the capitalised run before it. */
const nameBefore = (s: Sentence, end: number): { text: string; start: number } | null => {
  const start = capitalisedSpanBefore(s.tokens, end)
  return start === null ? null : { text: s.text.slice(s.tokens[start]!.start, s.tokens[end - 1]!.end), start }
}

/** The capitalised name that starts at token `from` (a comma may come first: "the incumbent, Charles Baur"). */
const nameAfter = (s: Sentence, from: number): { text: string; end: number } | null => {
  const t = s.tokens
  let k = t[from]?.text === "," ? from + 1 : from
  const start = k
  while (k < t.length && t[k]!.kind === "word" && (t[k]!.text !== t[k]!.lower || (["de", "d'", "du", "le", "la"].includes(t[k]!.lower) && k > start))) k++
  return k === start ? null : { text: s.text.slice(t[start]!.start, t[k - 1]!.end), end: k }
}

/**
 * "X replaces the retiring incumbent Y" → X is not marked incumbent;
 * "the incumbent Jean-Pierre Soisson was punished" → Soisson is; "following the retirement of the
 * incumbent, Charles Baur" (not a candidate) → nobody is. In the area of the sentence's section.
 */
export const incumbentClaims = (s: Sentence, names: Names, areas: ReadonlyArray<string>, emit: Emit) => {
  const t = s.tokens
  const area = sectionArea(areas, s.section)
  if (area === null) return
  // "Fillon was the candidate of the right in succession to the retiring Jean-Luc Harousseau": the sentence's subject succeeds.
  const r = t.findIndex((x, i) => x.lower === "retiring" && t[i - 1]?.lower === "the" && t[i - 2]?.lower === "to" && t[i - 3]?.lower === "succession" && t[i - 4]?.lower === "in")
  if (r > 0 && t[r + 1]?.lower !== "incumbent") {
    const subject = nameAfter(s, 0)
    const retiredName = nameAfter(s, r + 1)
    if (subject !== null && retiredName !== null) {
      const row = candidateIn(names, area, subject.text)
      if (row !== null) emit(s, "incumbent", 0, retiredName.end, { kind: "incumbent", area, contestant: row.contestant, incumbent: false }, [])
    }
    return
  }
  // "Valéry Giscard d'Estaing … was seeking a fourth term as President of Auvergne": a candidate
  // the sentence names in full, seeking a further term (or re-election), is the incumbent.
  const seeking = t.findIndex((x, i) => ["seeking", "sought", "seeks", "sought"].includes(x.lower) &&
    ((["a", "his", "her", "their"].includes(t[i + 1]?.lower ?? "") && FURTHER.has(t[i + 2]?.lower ?? "") && t[i + 3]?.lower === "term") || t[i + 1]?.lower === "re-election"))
  if (seeking >= 0) {
    const rows = names.dataset.results.filter((r) => r.election_id === names.election.election_id && r.area === area && r.round === 1 && s.text.includes(r.contestant))
    if (rows.length === 1) {
      const at = t.findIndex((x) => x.start >= s.text.indexOf(rows[0]!.contestant))
      const end = t[seeking + 1]?.lower === "re-election" ? seeking + 2 : seeking + 4
      emit(s, "incumbent", Math.min(at, seeking), end, { kind: "incumbent", area, contestant: rows[0]!.contestant, incumbent: true }, [])
    }
    return
  }
  const k = t.findIndex((x) => x.lower === "incumbent")
  if (k < 0) return
  const retiring = t[k - 1]?.lower === "retiring" || (t[k - 1]?.lower === "the" && t[k - 2]?.lower === "of" && t[k - 3]?.lower === "retirement")
  const retired = nameAfter(s, k + 1)
  if (retiring) {
    const verb = t[k - 1]?.lower === "retiring" && t[k - 2]?.lower === "the" && SUCCESSION.has(t[k - 3]?.lower ?? "") ? k - 3 : -1
    const successor = verb > 0 ? nameBefore(s, verb) : null
    const end = retired?.end ?? k + 1
    if (successor !== null) {
      const row = candidateIn(names, area, successor.text)
      emit(s, "incumbent", successor.start, end, row === null
        ? { kind: "not-checkable", reason: `${successor.text} is not a candidate of ${area}'s table` }
        : { kind: "incumbent", area, contestant: row.contestant, incumbent: false }, [])
      return
    }
    if (retired !== null && candidateIn(names, area, retired.text) === null) {
      const from = t[k - 1]?.lower === "retiring" ? k - 1 : k - 3
      emit(s, "incumbent", from, end, { kind: "incumbent", area, contestant: null, incumbent: false }, [])
    }
    return
  }
  if (t[k - 1]?.lower !== "the" || t.some((x) => x.lower === "former" || x.lower === "retired")) return
  if (retired === null) return
  const row = candidateIn(names, area, retired.text)
  emit(s, "incumbent", k - 1, retired.end, row === null
    ? { kind: "not-checkable", reason: `${retired.text} is not a candidate of ${area}'s table` }
    : { kind: "incumbent", area, contestant: row.contestant, incumbent: true }, [])
}

/** "The left captures Lorraine", "Brittany is captured by the left", "falls to the left": the area's winning bloc. */
export const winnerClaim = (s: Sentence, areas: ReadonlyArray<string>, emit: Emit) => {
  const t = s.tokens
  for (let k = 0; k < t.length; k++) {
    const bloc = blocAt(t, k)
    if (bloc === null) continue
    // "the left had never before won control of Lower Normandy": a first time is a win.
    const firstTime = t[bloc.end]?.lower === "had" && t[bloc.end + 1]?.lower === "never" && t[bloc.end + 2]?.lower === "before" ? 3 : 0
    const active = BLOC_VERBS.has(t[bloc.end + firstTime]?.lower ?? "")
    const passive = t[k - 1]?.lower === "by" && BY_VERBS.has(t[k - 2]?.lower ?? "")
    const falls = t[k - 1]?.lower === "to" && (t[k - 2]?.lower === "falls" || t[k - 2]?.lower === "fell")
    if (!active && !passive && !falls) continue
    const named = areaNamed(areas, s.text)
    const here = s.text.includes("this region") || s.text.includes("this department") ? sectionArea(areas, s.section) : null
    const area = named ?? here
    if (area === null || (named !== null && here !== null && named !== here)) return
    emit(s, "area-winner", 0, t.length, { kind: "winners", bloc: bloc.bloc, areas: [area] }, [])
    return
  }
}


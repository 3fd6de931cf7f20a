/** The election an article reports: id, kind and round dates, from its title, infobox and lead. */
import type { Document } from "../extract/document.ts"
import { slug } from "./ids.ts"
import type { Election, ElectionKind } from "./records.ts"

const MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december"
]

const iso = (year: string, month: string, day: string) =>
  `${year}-${String(MONTHS.indexOf(month.toLowerCase()) + 1).padStart(2, "0")}-${day.padStart(2, "0")}`

/** Whether an ISO `YYYY-MM-DD` names a day of the calendar (not 31 February, not day 0). */
export const isCalendarDate = (date: string): boolean => {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number]
  const t = new Date(Date.UTC(y, m - 1, d))
  return d >= 1 && t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d
}

// Literal patterns (the month names spelled out) so that test/redos.test.ts checks them as written.
const DATE_PATTERNS: ReadonlyArray<[RegExp, (m: RegExpExecArray) => Array<string>]> = [
  [
    /\b(\d{1,2})(?:\s+(january|february|march|april|may|june|july|august|september|october|november|december))?\s+and\s+(\d{1,2})\s+(january|february|march|april|may|june|july|august|september|october|november|december)\s+(\d{4})/i,
    (m) => [iso(m[5]!, m[2] ?? m[4]!, m[1]!), iso(m[5]!, m[4]!, m[3]!)]
  ],
  [/\b(january|february|march|april|may|june|july|august|september|october|november|december)\s+(\d{1,2}),\s+(\d{4})/i, (m) => [iso(m[3]!, m[1]!, m[2]!)]],
  [/\b(\d{1,2})\s+(january|february|march|april|may|june|july|august|september|october|november|december)\s+(\d{4})/i, (m) => [iso(m[3]!, m[2]!, m[1]!)]]
]

/**
 * Dates in a sentence: "21 and 28 March 2004", "21 March and 28 March 2004",
 * "September 26, 2004", "26 September 2004". Returns them in order of appearance, at most two,
 * as written: a date that is not in the calendar ("31 February 2004") is returned too, and
 * `isCalendarDate` tells it apart.
 */
export const datesIn = (text: string): Array<string> => {
  for (const [re, toDates] of DATE_PATTERNS) {
    const m = re.exec(text)
    if (m) return toDates(m)
  }
  return []
}

const kindOf = (title: string): ElectionKind => {
  const t = title.toLowerCase()
  if (/regional/.test(t)) return "regional"
  if (/cantonal|departmental/.test(t)) return "cantonal"
  if (/senat/.test(t)) return "senate"
  if (/legislative|parliamentary|general election/.test(t)) return "legislative"
  if (/municipal/.test(t)) return "municipal"
  if (/european/.test(t)) return "european"
  return "other"
}

/** A date the article states that is not in the calendar: reported, and read as no date. */
export interface ImpossibleDate {
  readonly line: number
  readonly raw: string
  readonly date: string
}

/** The first infobox field whose key says `date`, in document order (a loop: no list of every field). */
const firstDateField = (doc: Document) => {
  for (const b of doc.blocks) {
    if (b._tag !== "Infobox") continue
    for (const f of b.fields) if (/date/i.test(f.key)) return f
  }
  return undefined
}

export const electionOf = (
  doc: Document,
  ids: (id: string) => string,
  onImpossibleDate: (problem: ImpossibleDate) => void = () => {}
): Election => {
  const title = doc.title ?? doc.file.replace(/\.[^.]+$/, "")
  const infoboxDate = firstDateField(doc)
  const infoboxDates = infoboxDate ? datesIn(infoboxDate.value) : []
  // The lead's dates are searched for only when the infobox gives none (the paragraphs' date
  // patterns were run on every article; issue 8, seventh pass): the same source either way.
  const lead = infoboxDates.length > 0 ? undefined : doc.blocks.find((b) => b._tag === "Paragraph" && datesIn(b.text).length > 0)
  const source = infoboxDate && infoboxDates.length > 0
    ? { dates: infoboxDates, line: infoboxDate.line, raw: infoboxDate.value }
    : lead && lead._tag === "Paragraph"
    ? { dates: datesIn(lead.text), line: lead.line, raw: lead.text }
    : { dates: [], line: 0, raw: "" }
  const dates = source.dates.map((date) => {
    if (isCalendarDate(date)) return date
    onImpossibleDate({ line: source.line, raw: source.raw, date })
    return null
  })
  return {
    election_id: ids(slug(title)),
    title,
    kind: kindOf(title),
    round1_date: dates[0] ?? null,
    round2_date: dates[1] ?? null,
    source_file: doc.file,
    source_line: doc.titleLine ?? 1
  }
}

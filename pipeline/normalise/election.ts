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
const MONTH = `(${MONTHS.join("|")})`

const iso = (year: string, month: string, day: string) =>
  `${year}-${String(MONTHS.indexOf(month.toLowerCase()) + 1).padStart(2, "0")}-${day.padStart(2, "0")}`

/**
 * Dates in a sentence: "21 and 28 March 2004", "21 March and 28 March 2004",
 * "September 26, 2004", "26 September 2004". Returns them in order of appearance, at most two.
 */
export const datesIn = (text: string): Array<string> => {
  const patterns: Array<[RegExp, (m: RegExpExecArray) => Array<string>]> = [
    [
      new RegExp(`\\b(\\d{1,2})(?:\\s+${MONTH})?\\s+and\\s+(\\d{1,2})\\s+${MONTH}\\s+(\\d{4})`, "i"),
      (m) => [iso(m[5]!, m[2] ?? m[4]!, m[1]!), iso(m[5]!, m[4]!, m[3]!)]
    ],
    [new RegExp(`\\b${MONTH}\\s+(\\d{1,2}),\\s+(\\d{4})`, "i"), (m) => [iso(m[3]!, m[1]!, m[2]!)]],
    [new RegExp(`\\b(\\d{1,2})\\s+${MONTH}\\s+(\\d{4})`, "i"), (m) => [iso(m[3]!, m[2]!, m[1]!)]]
  ]
  for (const [re, toDates] of patterns) {
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

export const electionOf = (doc: Document, ids: (id: string) => string): Election => {
  const title = doc.title ?? doc.file.replace(/\.[^.]+$/, "")
  const infoboxDate = doc.blocks
    .flatMap((b) => (b._tag === "Infobox" ? b.fields : []))
    .find((f) => /date/i.test(f.key))
  const lead = doc.blocks.find((b) => b._tag === "Paragraph" && datesIn(b.text).length > 0)
  const dates = infoboxDate && datesIn(infoboxDate.value).length > 0
    ? datesIn(infoboxDate.value)
    : lead && lead._tag === "Paragraph"
    ? datesIn(lead.text)
    : []
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

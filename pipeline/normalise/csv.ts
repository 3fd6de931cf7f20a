/**
 * The one reader for reference CSV files (party dictionary, council sizes, law parameters): a
 * header row, then records decoded one by one with a Schema. Each record keeps the line it starts
 * on (quoted fields may span lines); a record that does not decode is a problem with its line,
 * never a crash.
 */
import Papa from "papaparse"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"

export interface CsvProblem {
  readonly line: number
  readonly message: string
}

/** The 1-based line of the first non-blank character at or after `offset` (the long path: counts from the start). */
export const lineAt = (text: string, offset: number): number => {
  let i = offset
  while (i < text.length && /\s/.test(text[i]!)) i++
  let line = 1
  for (let j = 0; j < i && j < text.length; j++) if (text[j] === "\n") line++
  return line
}

/**
 * `lineAt` for one text asked at offsets that only grow (each record starts where the previous one
 * ended): the newlines are counted from where the previous call stopped, so a file costs one pass
 * instead of one pass per record (the party dictionary's 71 records: ~12 ms of a cold run), and
 * from newline to newline with `indexOf`, a native scan (issue 8, eleventh pass). An
 * offset before the previous one is counted from the start, as `lineAt` does (tested equal:
 * test/csv-lines.test.ts).
 */
export const lineCounter = (text: string): (offset: number) => number => {
  let counted = 0
  let line = 1
  return (offset) => {
    let i = offset
    while (i < text.length && /\s/.test(text[i]!)) i++
    const end = Math.min(i, text.length)
    if (end < counted) {
      counted = 0
      line = 1
    }
    // From newline to newline (a native scan), not character by character.
    for (let j = text.indexOf("\n", counted); j !== -1 && j < end; j = text.indexOf("\n", j + 1)) line++
    counted = end
    return line
  }
}

/**
 * `plain`, when given, reads a record in the common, valid shape without Schema and must give
 * exactly what decoding `schema` gives, or undefined (then `schema` decodes it, and its message
 * names any problem): a shortcut for a cold run, tested against the schema where it is defined.
 */
export const readCsvRecords = <A>(
  schema: Schema.Codec<A, unknown>,
  csvText: string,
  file: string,
  columns: ReadonlyArray<string>,
  plain?: (record: Record<string, unknown>) => A | undefined
): { records: Array<{ readonly value: A; readonly line: number }>; problems: Array<CsvProblem> } => {
  const text = csvText.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n")
  const decode = Schema.decodeUnknownResult(schema)
  const problems: Array<CsvProblem> = []
  const records: Array<{ value: A; line: number }> = []
  // Each record starts where the previous one ended; the first, after the header line.
  let previous = text.indexOf("\n") === -1 ? text.length : text.indexOf("\n") + 1
  let fields: ReadonlyArray<string> = []
  const lineOf = lineCounter(text)
  Papa.parse<Record<string, unknown>>(text, {
    header: true,
    skipEmptyLines: "greedy",
    transformHeader: (h) => h.trim(),
    step: (result) => {
      const line = lineOf(previous)
      previous = result.meta.cursor
      if (fields.length === 0) {
        fields = result.meta.fields ?? []
        const missing = columns.filter((c) => !fields.includes(c))
        if (missing.length > 0) problems.push({ line: 1, message: `${file}: header lacks column(s) ${missing.join(", ")}` })
      }
      for (const error of result.errors) problems.push({ line, message: `${file}: ${error.message}` })
      if (result.errors.length > 0) return
      const quick = plain?.(result.data)
      if (quick !== undefined) {
        records.push({ value: quick, line })
        return
      }
      const decoded = decode(result.data)
      if (Result.isFailure(decoded)) {
        problems.push({ line, message: `${file}: ${decoded.failure.message.replace(/\s+/g, " ")}` })
        return
      }
      records.push({ value: decoded.success, line })
    }
  })
  if (fields.length === 0 && text.trim() !== "") problems.push({ line: 1, message: `${file}: no rows` })
  return { records, problems }
}

/**
 * Helpers for the table-kind tests (test/kinds/<kind>.test.ts): which kind of the catalogue takes a
 * table, what one kind says about it, and the dataset an article around the table normalises to
 * (real extract stage, real party dictionary).
 */
import type { Table } from "../../pipeline/extract/document.ts"
import { parseArticle } from "../../pipeline/extract/parse.ts"
import { chooseKind, kinds } from "../../pipeline/normalise/kinds/index.ts"
import type { Dataset } from "../../pipeline/normalise/normalise.ts"
import { recogniseTable } from "../../pipeline/normalise/shape.ts"
import { audit } from "../helpers/fixture.ts"

/** The first table of an article made of `lines`. */
export const tableOf = (lines: ReadonlyArray<string>): Table => {
  const table = parseArticle("t.txt", `${lines.join("\n")}\n`).blocks.find((b): b is Table => b._tag === "Table")
  if (table === undefined) throw new Error("no table in the lines")
  return table
}

/** The name of the kind the catalogue gives a table, or null when none takes it. */
export const takerOf = (lines: ReadonlyArray<string>): string | null => chooseKind(recogniseTable(tableOf(lines))).kind?.meta.name ?? null

/** What one kind says about a table: "mine", or its reason for not taking it. */
export const verdictOf = (kindName: string, lines: ReadonlyArray<string>): string => {
  const kind = kinds.find((k) => k.meta.name === kindName)
  if (kind === undefined) throw new Error(`no kind ${kindName}`)
  const taken = kind.take(recogniseTable(tableOf(lines)))
  return "notMine" in taken ? taken.notMine : "mine"
}

/** An article holding the table in an area section (`=== Alsace ===`), or at national level. */
export const articleWith = (lines: ReadonlyArray<string>, area: string | null = "Alsace"): string =>
  ["= 2004 French regional elections =", "", "Lead.", "", "==Results==", ...(area ? [`===${area}===`] : []), "", ...lines, ""].join("\n")

/** The dataset of that article. */
export const decode = (lines: ReadonlyArray<string>, area: string | null = "Alsace"): Dataset => audit(articleWith(lines, area)).dataset

/** Finding codes of a dataset, in order. */
export const codes = (dataset: Dataset): Array<string> => dataset.findings.map((f) => f.code)

/** Tables that each kind takes, by kind name: every kind test checks that it leaves the others' alone. */
export const SAMPLES: Record<string, ReadonlyArray<string>> = Object.fromEntries(kinds.map((k) => [k.meta.name, k.meta.example]))

/**
 * docs/table-kinds.md, generated from the table kinds' own metadata (what each recognises, which
 * records it produces, an example), so the documentation cannot drift from the catalogue.
 *   npx tsx scripts/table-kinds-doc.ts > docs/table-kinds.md
 */
import type { KindMeta } from "./kinds/kind.ts"
import { HEADER_VOCABULARY } from "./shape.ts"

/** A table cell: pipes escaped, line breaks folded, so any text stays one cell. */
const cell = (text: string): string => text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|")

export const renderTableKindsDoc = (kinds: ReadonlyArray<{ readonly meta: KindMeta }>): string => {
  const out: Array<string> = [
    "# Table kinds",
    "",
    "<!-- Generated from the table-kind catalogue (pipeline/normalise/kinds/index.ts) by scripts/table-kinds-doc.ts;",
    "     do not edit by hand: npx tsx scripts/table-kinds-doc.ts > docs/table-kinds.md -->",
    "",
    `Normalisation reads each table's header (header rows, the role of each column: pipeline/normalise/shape.ts), then asks the ${kinds.length} kinds below in this order; the first that recognises the table decodes it. A table no kind takes is reported (\`TABLE_UNCLASSIFIED\`) and listed in \`out/tables\` as \`unclassified\`. Rows that several kinds meet — the Total row, turnout rows, marker cells, footnote markers after a label — are recognised in one place (pipeline/normalise/row-roles.ts); cells are read by the one cell reader (cells.ts).`,
    "",
    "| order | kind | title | `tables.kind` | produces |",
    "|---:|---|---|---|---|",
    ...kinds.map(({ meta }, i) =>
      `| ${i + 1} | [\`${meta.name}\`](#${meta.name}) | ${cell(meta.title)} | ${meta.tableKind} | ${meta.produces.map((p) => `\`${p}\``).join(", ")} |`
    ),
        "",
    "## Column headers",
    "",
    "A column's role comes from its header label (case ignored; a round from `1st`/`first`/`round one`/`round 1`, likewise for round two). Spellings recognised:",
    "",
    "| role | header labels |",
    "|---|---|",
    ...HEADER_VOCABULARY.map((v) => `| ${v.role} | ${v.labels.map((l) => `\`${cell(l)}\``).join(", ")} |`),
    "",
    "Rows: `Total` (also bold `\'\'\'Total\'\'\'` or italic `\'\'Total\'\'`, with a footnote marker) states the table's totals; `Registered voters/turnout`, `Abstentions`, `Voters`, `Total votes`, `Invalid/blank votes`, `Valid votes` are turnout rows. Cells: `12,34 %` in a % column reads 12.34 (a table that writes every percentage so gets one finding, a lone comma among points one per cell), `123,456` in a count column 123,456; a % without `%` in a % column is canonical; footnote markers (`[1]`, `*`, `†`, `a` after a figure) are dropped with an info finding on figures, silently on names.",
    ""
  ]
  for (const { meta } of kinds) {
    out.push(
      `## ${meta.name}`,
      "",
      `**${meta.title}**`,
      "",
      `- Recognises: ${meta.recognises}`,
      `- Produces: ${meta.produces.map((p) => `\`${p}\``).join(", ")}`,
      `- In \`out/tables\`: kind \`${meta.tableKind}\``,
      `- Source: pipeline/normalise/kinds/${meta.name}.ts; test: test/kinds/${meta.name}.test.ts`,
      "",
      "Example (header, then data rows):",
      "",
      "```",
      ...meta.example,
      "```",
      ""
    )
  }
  let text = out.join("\n")
  while (text.endsWith("\n\n")) text = text.slice(0, -1)
  return text
}

/**
 * The tidy records the normalise stage produces, and from which every output table is emitted.
 * Units: counts are whole numbers (INT64), percentages are DOUBLE in percent units as the article
 * states them (34.06 means 34.06 %), absent values are null — never 0 or "".
 */
import { bool, correctable, type Corrections, date, defineTable, double, int64, nullable, provenance, references, text, textList } from "./columns.ts"

export type AreaLevel = "national" | "area"
export type ElectionKind = "regional" | "cantonal" | "senate" | "legislative" | "municipal" | "european" | "other"
export type Severity = "error" | "warning" | "info"

export interface Provenance {
  readonly source_file: string
  readonly source_line: number
}

export interface Election extends Provenance {
  readonly election_id: string
  readonly title: string
  readonly kind: ElectionKind
  readonly round1_date: string | null
  readonly round2_date: string | null
}
export const Elections = defineTable<Election>("elections", "One row per article: the election it reports.", {
  election_id: text("Stable id derived from the article title (slug)."),
  title: text("The article's `= Title =`."),
  kind: text("regional, cantonal, senate, legislative, municipal, european or other — from the title."),
  round1_date: nullable(date("Date of the first (or only) round, from the infobox or the lead paragraph.")),
  round2_date: nullable(date("Date of the second round, when the article gives one.")),
  ...provenance
}, { primaryKey: ["election_id"] })

export interface Contest extends Provenance, Corrections<"total_votes" | "registered" | "abstentions" | "voters" | "blank_invalid" | "valid"> {
  readonly contest_id: string
  readonly election_id: string
  readonly table_id: string
  readonly area_level: AreaLevel
  readonly area: string
  readonly section: string
  readonly round: number
  readonly total_votes: number | null
  readonly total_percent: number | null
  readonly registered: number | null
  readonly abstentions: number | null
  readonly voters: number | null
  readonly blank_invalid: number | null
  readonly valid: number | null
}
export const Contests = defineTable<Contest>(
  "contests",
  "One row per election × area × round × results table: the stated totals and turnout of that round.",
  {
    contest_id: text("Stable id: election, section and round (`…/r1`); `-2` for a second results table of one section."),
    election_id: text("The election (see `elections`)."),
    table_id: text("The results table the contest was read from (see `tables`)."),
    area_level: text("`national` for a table outside any area section, `area` for one inside (a region, …)."),
    area: text("The area's name as its section heading gives it; `national` at national level."),
    section: text("Section path of the table, headings joined by ' > '."),
    round: int64("Round number, 1 or 2.", "round"),
    total_votes: nullable(int64("Votes on the table's Total row for this round, as stated.", "votes")),
    ...correctable("total_votes", int64, "votes"),
    total_percent: nullable(double("Percentage on the Total row for this round, as stated.", "percent")),
    registered: nullable(int64("Registered voters, as stated.", "persons")),
    ...correctable("registered", int64, "persons"),
    abstentions: nullable(int64("Abstentions, as stated.", "persons")),
    ...correctable("abstentions", int64, "persons"),
    voters: nullable(int64("Voters (ballots cast), as stated.", "persons")),
    ...correctable("voters", int64, "persons"),
    blank_invalid: nullable(int64("White (blank) and rejected ballots, as stated.", "ballots")),
    ...correctable("blank_invalid", int64, "ballots"),
    valid: nullable(int64("Valid votes, as stated.", "votes")),
    ...correctable("valid", int64, "votes"),
    ...provenance
  },
  { primaryKey: ["contest_id"], foreignKeys: [references("elections", "election_id"), references("tables", "table_id"), references("areas", "area")] }
)

export type TurnoutMeasure = "registered" | "abstentions" | "voters" | "blank_invalid" | "valid" | "ballots_cast"
export interface Turnout extends Provenance {
  readonly contest_id: string
  readonly measure: TurnoutMeasure
  readonly label: string
  readonly value: number | null
  readonly percent: number | null
  readonly percent_decimals: number | null
}
export const Turnouts = defineTable<Turnout>(
  "turnout",
  "One row per contest × turnout measure (Registered voters, Abstentions, Voters, blank/invalid, Valid votes).",
  {
    contest_id: text("The contest (see `contests`)."),
    measure: text("registered, abstentions, voters, blank_invalid or valid."),
    label: text("The row label as written."),
    value: nullable(int64("The count, as stated.", "persons or ballots")),
    percent: nullable(double("The percentage stated beside it (of registered or of voters, as the article gives it).", "percent")),
    percent_decimals: nullable(int64("Decimals the percentage was stated with.", "digits")),
    ...provenance
  },
  { primaryKey: ["contest_id", "measure"], foreignKeys: [references("contests", "contest_id")] }
)

export interface Result extends Provenance, Corrections<"votes" | "percent"> {
  readonly result_id: string
  readonly contest_id: string
  readonly election_id: string
  readonly area_level: AreaLevel
  readonly area: string
  readonly round: number
  readonly position: number
  readonly contestant: string
  readonly list_label: string | null
  readonly incumbent: boolean
  readonly votes: number | null
  readonly percent: number | null
  readonly percent_decimals: number | null
  readonly note: string | null
}
export const Results = defineTable<Result>(
  "results",
  "One row per list, candidate, party or grouping × round: votes and stated percentage.",
  {
    result_id: text("Stable id: contest and row position."),
    contest_id: text("The contest (see `contests`)."),
    election_id: text("The election (see `elections`)."),
    area_level: text("`national` or `area` (see `contests`)."),
    area: text("The area's name, or `national`."),
    round: int64("Round number, 1 or 2.", "round"),
    position: int64("1-based order of the row in its table.", "rank"),
    contestant: text("Candidate (list leader), party or grouping as written, without an `(incumbent)` suffix."),
    list_label: nullable(text("The list's party label as written (e.g. `PS-PCF-PRG-Verts`); null where the table has none.")),
    incumbent: bool("True when the contestant is marked `(incumbent)`."),
    votes: nullable(int64("Votes, as stated.", "votes")),
    ...correctable("votes", int64, "votes"),
    percent: nullable(double("Percentage of the round's votes, as stated.", "percent")),
    ...correctable("percent", double, "percent"),
    percent_decimals: nullable(int64("Decimals the percentage was stated with (its precision: 2 for 34.06 %, 1 for 7.8 %).", "digits")),
    note: nullable(text("Why a figure is null: e.g. `see DVD` (counted under another row), or an empty cell.")),
    ...provenance
  },
  { primaryKey: ["result_id"], foreignKeys: [references("contests", "contest_id"), references("elections", "election_id"), references("areas", "area")] }
)

export interface ResultParty extends Provenance {
  readonly result_id: string
  readonly ordinal: number
  readonly party_code: string
  readonly known: boolean
}
export const ResultParties = defineTable<ResultParty>(
  "result_parties",
  "Bridge: the party codes a result's list label (or contestant name) stands for, in label order.",
  {
    result_id: text("The result (see `results`)."),
    ordinal: int64("1-based position of the party in the label.", "rank"),
    party_code: text("Party code; see `parties`. Verbatim label text when the dictionary does not know it."),
    known: bool("True when `party_code` is in the party dictionary; false for a code the article defines (`Labour Party (LAB)`) or a label kept verbatim."),
    ...provenance
  },
  { primaryKey: ["result_id", "ordinal"], foreignKeys: [references("results", "result_id")] }
)

export type SeatMeasure = "seats" | "presidencies"
export interface Seat extends Provenance, Corrections<"seats" | "seats_before" | "change" | "regions"> {
  readonly seat_id: string
  readonly table_id: string
  readonly election_id: string
  readonly area_level: AreaLevel
  readonly area: string
  readonly section: string
  readonly measure: SeatMeasure
  readonly position: number
  readonly party: string
  readonly party_code: string | null
  readonly seats: number | null
  readonly seats_before: number | null
  readonly year: number | null
  readonly year_before: number | null
  readonly change: number | null
  readonly majority: boolean | null
  readonly regions: number | null
}
export const Seats = defineTable<Seat>(
  "seats",
  "One row per party or group in a seat table: council seats, national seats by grouping, Senate groups, general-council presidencies.",
  {
    seat_id: text("Stable id: table and row position."),
    table_id: text("The table (see `tables`)."),
    election_id: text("The election (see `elections`)."),
    area_level: text("`national` or `area`."),
    area: text("The area's name, or `national`."),
    section: text("Section path, headings joined by ' > '."),
    measure: text("`seats`, or `presidencies` (general-council presidencies held)."),
    position: int64("1-based order of the row in its table.", "rank"),
    party: text("Party, grouping or group as written."),
    party_code: nullable(text("Party code from the dictionary (see `parties`), or defined by the article (`Labour Party (LAB)`, not in `parties`), when the name is known.")),
    seats: nullable(int64("Seats (or presidencies) after the election, as stated.", "seats")),
    ...correctable("seats", int64, "seats"),
    seats_before: nullable(int64("Seats before, where the table has a second seat column (e.g. Seats (2001)).", "seats")),
    ...correctable("seats_before", int64, "seats"),
    year: nullable(int64("Year the `seats` column refers to, when its header names one.", "year")),
    year_before: nullable(int64("Year the `seats_before` column refers to.", "year")),
    change: nullable(int64("Stated change in seats (signed); `–` in a change column reads as 0.", "seats")),
    ...correctable("change", int64, "seats"),
    majority: nullable(bool("True when the row carries the `•` majority marker; null where the table has no marker column.")),
    regions: nullable(int64("Regions (areas) won, where the table has such a column.", "areas")),
    ...correctable("regions", int64, "areas"),
    ...provenance
  },
  { primaryKey: ["seat_id"], foreignKeys: [references("tables", "table_id"), references("elections", "election_id"), references("areas", "area")] }
)

export interface SeatTotal extends Provenance, Corrections<"seats" | "seats_before" | "change" | "regions"> {
  readonly table_id: string
  readonly election_id: string
  readonly area_level: AreaLevel
  readonly area: string
  readonly measure: SeatMeasure
  readonly seats: number | null
  readonly seats_before: number | null
  readonly change: number | null
  readonly regions: number | null
}
export const SeatTotals = defineTable<SeatTotal>(
  "seat_totals",
  "The Total row of a seat table, as stated.",
  {
    table_id: text("The table (see `tables`)."),
    election_id: text("The election."),
    area_level: text("`national` or `area`."),
    area: text("The area's name, or `national`."),
    measure: text("`seats` or `presidencies`."),
    seats: nullable(int64("Stated total seats.", "seats")),
    ...correctable("seats", int64, "seats"),
    seats_before: nullable(int64("Stated total of the earlier seat column.", "seats")),
    ...correctable("seats_before", int64, "seats"),
    change: nullable(int64("Stated total change.", "seats")),
    ...correctable("change", int64, "seats"),
    regions: nullable(int64("Stated total of the regions column.", "areas")),
    ...correctable("regions", int64, "areas"),
    ...provenance
  },
  { primaryKey: ["table_id"], foreignKeys: [references("tables", "table_id"), references("elections", "election_id"), references("areas", "area")] }
)

export type TableKind = "results" | "seats" | "unclassified"
export interface TableRecord extends Provenance {
  readonly table_id: string
  readonly election_id: string
  readonly ordinal: number
  readonly section: string
  readonly section_path: ReadonlyArray<string>
  readonly caption: string | null
  readonly kind: TableKind
  /** The table kind of the catalogue (pipeline/normalise/kinds/) that took the table, or null. */
  readonly table_kind: string | null
  readonly shape: ReadonlyArray<string>
  readonly rows: number
  readonly data_rows_decoded: number
  readonly decoded: boolean
}
export const Tables = defineTable<TableRecord>(
  "tables",
  "Inventory: one row per pipe table in the articles, whether it was decoded, and how.",
  {
    table_id: text("Stable id: election, section path and the table's caption (else its kind: `results`, `seats`, `table`), `-2`, `-3`, … for a second, third such table in one article; never its position, so inserting a table elsewhere changes no other id."),
    election_id: text("The election."),
    ordinal: int64("1-based position of the table in its file.", "rank"),
    section: text("Section path, headings joined by ' > ' (`(lead)` before the first heading)."),
    section_path: textList("The section path as a list of headings, outermost first (empty in the lead). The other tables' `section` text joins on `table_id` to it."),
    caption: nullable(text("Caption line above the table, if any.")),
    kind: text("`results`, `seats` or `unclassified`."),
    table_kind: nullable(text("The table kind that recognised and decoded it (pipeline/normalise/kinds/, docs/table-kinds.md), e.g. `round-results`, `council-seats`; null when no kind took it.")),
    shape: textList("The column roles recognised from the header, in column order, e.g. `[\"name\",\"label\",\"votes:1\",\"percent:1\"]`."),
    rows: int64("Lines in the table, header included.", "rows"),
    data_rows_decoded: int64("Rows turned into records (results, seats, totals, turnout).", "rows"),
    decoded: bool("True when the table's shape was recognised and its rows decoded."),
    ...provenance
  },
  { primaryKey: ["table_id"], foreignKeys: [references("elections", "election_id")] }
)

export interface Party {
  readonly party_code: string
  readonly name: string
  readonly bloc: string
  readonly source: string
}
export const Parties = defineTable<Party>("parties", "The party dictionary (seeds/reference/parties.csv).", {
  party_code: text("Short code as the articles use it (PS, UMP, Verts, …)."),
  name: text("Full name in English."),
  bloc: text("far-left, left, ecologist, centre, right, far-right, regionalist or other."),
  source: text("Where the code and name come from (article and line, or a named reference).")
}, { primaryKey: ["party_code"] })

export interface InfoboxRecord extends Provenance {
  readonly election_id: string
  readonly key: string
  readonly value: string
}
export const Infoboxes = defineTable<InfoboxRecord>("infobox", "Every infobox field, verbatim.", {
  election_id: text("The election."),
  key: text("Field name as written."),
  value: text("Field value as written."),
  ...provenance
}, { foreignKeys: [references("elections", "election_id")] })

export interface TextRecord extends Provenance {
  readonly election_id: string
  readonly section: string
  readonly kind: "paragraph" | "list_item"
  readonly text: string
}
export const Texts = defineTable<TextRecord>("texts", "Every paragraph and list item, verbatim, for prose checks.", {
  election_id: text("The election."),
  section: text("Section path, headings joined by ' > '."),
  kind: text("`paragraph` or `list_item`."),
  text: text("The text as written."),
  ...provenance
}, { foreignKeys: [references("elections", "election_id")] })

export interface Finding {
  readonly finding_id: string
  readonly code: string
  readonly severity: Severity
  readonly file: string
  readonly line: number
  readonly section: string
  readonly raw: string
  readonly read_as: string | null
  readonly message: string
}
export const Findings = defineTable<Finding>(
  "findings",
  "What normalisation recorded: cells read from a non-canonical form, cells and tables that could not be read.",
  {
    finding_id: text("Stable id: code, file, section and the cell's row/column keys."),
    code: text("Stable finding code (see docs/findings.md)."),
    severity: text("error, warning or info."),
    file: text("Seed file name."),
    line: int64("1-based line.", "line"),
    section: text("Section path, headings joined by ' > '."),
    raw: text("The text as written (cell, row or line)."),
    read_as: nullable(text("How it was read (the value), or null when it could not be read.")),
    message: text("One plain sentence.")
  },
  { primaryKey: ["finding_id"] }
)

export interface Area {
  readonly area: string
  readonly area_level: AreaLevel
  readonly area_code: string | null
  readonly code_scheme: string | null
  readonly code_source: string | null
}
export const Areas = defineTable<Area>(
  "areas",
  "One row per area the tables name (`area` in contests, results, seats, seat_totals), with its official code where the reference data has one.",
  {
    area: text("The area's name as the articles' section headings give it; `national` for national-level tables."),
    area_level: text("`national` or `area`."),
    area_code: nullable(text("Official code: the INSEE region code (2 digits, e.g. `53` for Brittany, `94` for Corsica) for the 2004 regions; null where the reference data has none (national, or an area that is no region).")),
    code_scheme: nullable(text("Which code `area_code` is, e.g. `INSEE region (COG 1982–2015)`.")),
    code_source: nullable(text("Where the code comes from (seeds/reference/regional-councils.csv, `insee_source`)."))
  },
  { primaryKey: ["area"] }
)

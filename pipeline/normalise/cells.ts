/**
 * The one cell reader. Every number in every table goes through here.
 * It never throws: a cell is read to a value, recognised as absent (with what the absence means),
 * or reported unreadable. A value read from a non-canonical form carries a `note`, which the
 * normaliser turns into a finding with the cell's file and line.
 *
 * INTERFACE ONLY — implementation in progress (see test/cells.test.ts for the contract).
 */

/** What a lone dash means in a given column; decided per column by the normaliser. */
export type DashMeaning = "not_stood" | "no_change" | "none"

export type Absence =
  | "empty" //         the cell is empty
  | "not_stood" //     `–` in a votes/% column of a later round: the list did not stand
  | "none" //          `–` in a seats/regions column: none (reads as 0 where the column is a count of things won)
  | "cross_reference" // e.g. `see DVD`: the figure is counted under another row

export interface Note {
  /** Stable finding code, e.g. NUMBER_THOUSANDS_DOT. */
  readonly code: string
  /** One plain sentence: what was odd and how it was read. */
  readonly message: string
}

export type CellRead =
  | { readonly _tag: "Value"; readonly value: number; readonly decimals: number; readonly note: Note | null }
  | { readonly _tag: "Absent"; readonly absence: Absence; readonly reference: string | null; readonly note: Note | null }
  | { readonly _tag: "Unreadable"; readonly note: Note }

export declare const readCount: (raw: string, dash: DashMeaning) => CellRead
export declare const readPercent: (raw: string, dash: DashMeaning) => CellRead
export declare const readChange: (raw: string) => CellRead
export declare const readName: (raw: string) => { readonly name: string; readonly incumbent: boolean }

/**
 * The small part of parquetjs-lite 0.8.7 (which ships no type declarations) that
 * `pipeline/emit/parquet.ts` uses. Keep every other use of the library out of the code base.
 */
declare module "parquetjs-lite" {
  export type ParquetFieldType = "UTF8" | "INT64" | "DOUBLE" | "BOOLEAN" | "DATE"

  export interface ParquetFieldDefinition {
    readonly type: ParquetFieldType
    readonly optional?: boolean
    readonly encoding?: "PLAIN"
    readonly compression?: "UNCOMPRESSED" | "GZIP" | "SNAPPY"
    /** `false` leaves min/max/null-count statistics out of the page and column-chunk headers. */
    readonly statistics?: boolean
  }

  export class ParquetSchema {
    constructor(fields: Record<string, ParquetFieldDefinition>)
  }

  export interface ParquetWriterOptions {
    /** Default true; false writes version-1 data pages. */
    readonly useDataPageV2?: boolean
    /** Default (undefined) writes a ColumnIndex/OffsetIndex; false leaves the page index out. */
    readonly pageIndex?: boolean
    readonly rowGroupSize?: number
    readonly pageSize?: number
  }

  export class ParquetEnvelopeWriter {
    constructor(
      schema: ParquetSchema,
      writeFn: (chunk: Buffer) => unknown,
      closeFn: () => unknown,
      fileOffset: number,
      opts: ParquetWriterOptions
    )
  }

  export class ParquetWriter {
    constructor(schema: ParquetSchema, envelopeWriter: ParquetEnvelopeWriter, opts: ParquetWriterOptions)
    /** Rejects with a string (not an Error) on a missing required field. */
    appendRow(row: Record<string, unknown>): Promise<void>
    close(): Promise<void>
  }

  const parquet: {
    readonly ParquetSchema: typeof ParquetSchema
    readonly ParquetWriter: typeof ParquetWriter
    readonly ParquetEnvelopeWriter: typeof ParquetEnvelopeWriter
  }
  export default parquet
}

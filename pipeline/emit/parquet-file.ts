/**
 * A Parquet file writer for Recount's tables, written here (issue 8, twelfth pass; the reasons and
 * figures are in docs/decisions.md "Parquet writer"). Only what the tables need, and all of it
 * pinned so that the bytes depend on the values alone:
 *
 * - one top-level column per table column, in definition order, every one OPTIONAL (as DuckDB
 *   wrote them: readers have always seen every column nullable); utf8 → BYTE_ARRAY STRING,
 *   int64 → INT64, double → DOUBLE, boolean → BOOLEAN, date → INT32 DATE (days since 1970-01-01),
 *   int64_list / utf8_list → the three-level LIST (`optional group <name> (LIST) { repeated group
 *   list { optional <type> element } }`);
 * - row groups of ROW_GROUP_ROWS rows, one version-1 data page per column chunk, values PLAIN,
 *   repetition and definition levels RLE, every page compressed with Snappy (`compress`, given);
 * - statistics per column chunk: null count, and for numbers, dates and booleans min/max in the
 *   type's order (column orders TYPE_DEFINED_ORDER; also in the deprecated signed-order fields,
 *   the same order for these types, for readers older than the column orders; a zero double min is
 *   written −0.0 and a zero max +0.0, as the spec asks); no string min/max (see docs/decisions.md);
 *   none for lists;
 * - the footer's key/value metadata as given, `created_by` = CREATED_BY, in the spec's form
 *   `<application> version <version> (build <build>)`, which parquet-java parses (it drops a
 *   file's statistics when it cannot); no time, no path;
 * - ColumnChunk.file_offset 0 (the spec: no column metadata is written outside the footer).
 *
 * Values arrive through `ColumnBuilder`s, one per column, a row group at a time; −0 is written as 0
 * (as the CSV writes it), so the file is the same whether the values came from rows or from the
 * table's CSV.
 */
import type { Column, ColumnType } from "../normalise/columns.ts"
import { VERSION } from "../version.ts"
import { utf8Write } from "./csv.ts"
import { epochDays } from "./values.ts"

/** Rows per row group (a group is buffered whole before it is written; DuckDB's setting was the same). */
export const ROW_GROUP_ROWS = 20_480
/** The footer's `created_by`: the application, its version and (as its "build") this writer's own. */
export const CREATED_BY = `recount version ${VERSION} (build parquet-writer-1)`
/** A page's largest size (its header's sizes are i32): a row group's column chunk beyond it is an error. */
const PAGE_LIMIT = 2 ** 31 - 1

// Thrift compact protocol types.
const T_TRUE = 1
const T_FALSE = 2
const T_BYTE = 3
const T_I16 = 4
const T_I32 = 5
const T_I64 = 6
const T_BINARY = 8
const T_LIST = 9
const T_STRUCT = 12

/** Thrift's zigzag form of a signed integer (as a non-negative number; exact to 2^52). */
const zigzag = (v: number): number => (v >= 0 ? v * 2 : -v * 2 - 1)

/** A growable byte buffer. */
class Bytes {
  buf: Buffer
  pos = 0
  constructor(size: number) {
    this.buf = Buffer.allocUnsafe(size)
  }
  room(n: number): void {
    if (this.pos + n <= this.buf.length) return
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n))
    this.buf.copy(next, 0, 0, this.pos)
    this.buf = next
  }
  /** An unsigned LEB128 varint (a level run's header). */
  varint(n: number): void {
    this.room(10)
    while (n >= 128) {
      this.buf[this.pos++] = (n % 128) | 128
      n = Math.floor(n / 128)
    }
    this.buf[this.pos++] = n
  }
  /** A run of `n` levels `v` (RLE; a level fits one byte here). */
  run(v: number, n: number): void {
    this.varint(n * 2)
    this.room(1)
    this.buf[this.pos++] = v
  }
}

/** Thrift's compact protocol, just what the Parquet footer and page headers need. */
class Thrift extends Bytes {
  private lastId = 0
  private readonly stack: Array<number> = []

  constructor() {
    super(256)
  }

  byte(b: number): void {
    this.room(1)
    this.buf[this.pos++] = b
  }

  private field(id: number, type: number): void {
    const delta = id - this.lastId
    if (delta > 0 && delta <= 15) this.byte((delta << 4) | type)
    else {
      this.byte(type)
      this.varint(id * 2)
    }
    this.lastId = id
  }

  i32(id: number, v: number): void {
    this.field(id, T_I32)
    this.varint(zigzag(v))
  }

  i64(id: number, v: number): void {
    this.field(id, T_I64)
    this.varint(zigzag(v))
  }

  /** An i8 field (one byte, not zigzagged). */
  i8(id: number, v: number): void {
    this.field(id, T_BYTE)
    this.byte(v & 0xff)
  }

  bool(id: number, v: boolean): void {
    this.field(id, v ? T_TRUE : T_FALSE)
  }

  i16(id: number, v: number): void {
    this.field(id, T_I16)
    this.varint(zigzag(v))
  }

  bytes(id: number, b: Uint8Array): void {
    this.field(id, T_BINARY)
    this.rawBytes(b)
  }

  string(id: number, s: string): void {
    this.bytes(id, Buffer.from(s, "utf8"))
  }

  rawBytes(b: Uint8Array): void {
    this.varint(b.length)
    this.room(b.length)
    this.buf.set(b, this.pos)
    this.pos += b.length
  }

  begin(id: number): void {
    this.field(id, T_STRUCT)
    this.stack.push(this.lastId)
    this.lastId = 0
  }

  /** A struct as a list element. */
  element(): void {
    this.stack.push(this.lastId)
    this.lastId = 0
  }

  end(): void {
    this.byte(0)
    this.lastId = this.stack.pop()!
  }

  list(id: number, elementType: number, n: number): void {
    this.field(id, T_LIST)
    if (n < 15) this.byte((n << 4) | elementType)
    else {
      this.byte(0xf0 | elementType)
      this.varint(n)
    }
  }

  listOf(id: number, type: "i32" | "string", items: ReadonlyArray<number | string>): void {
    this.list(id, type === "i32" ? T_I32 : T_BINARY, items.length)
    for (const item of items) {
      if (typeof item === "number") this.varint(zigzag(item))
      else this.rawBytes(Buffer.from(item, "utf8"))
    }
  }

  /** Bytes written elsewhere by this protocol, after which the last field id is `lastId`. */
  raw(b: Uint8Array, lastId: number): void {
    this.room(b.length)
    this.buf.set(b, this.pos)
    this.pos += b.length
    this.lastId = lastId
  }

  take(): Buffer {
    return this.buf.subarray(0, this.pos)
  }
}

// Parquet's enums.
const TYPE_BOOLEAN = 0
const TYPE_INT32 = 1
const TYPE_INT64 = 2
const TYPE_DOUBLE = 5
const TYPE_BYTE_ARRAY = 6
const OPTIONAL = 1
const REPEATED = 2
const CONVERTED_UTF8 = 0
const CONVERTED_LIST = 3
const CONVERTED_DATE = 6
const CONVERTED_INT_64 = 18
const ENCODING_PLAIN = 0
const ENCODING_RLE = 3
const CODEC_SNAPPY = 1

const physicalOf = (type: ColumnType): number =>
  type === "utf8" || type === "utf8_list"
    ? TYPE_BYTE_ARRAY
    : type === "int64" || type === "int64_list"
    ? TYPE_INT64
    : type === "double"
    ? TYPE_DOUBLE
    : type === "boolean"
    ? TYPE_BOOLEAN
    : TYPE_INT32

/** A list column's value: the list, or null. */
type ListValue = ReadonlyArray<string | number> | null

/**
 * One column's values for the row group being built. The rows' generated appender (`rowAppender`)
 * pushes JavaScript values to `values` (utf8: strings; int64 and double: numbers, −0 already 0;
 * boolean: booleans; date: `YYYY-MM-DD` strings; lists: arrays, and null) and the group-relative
 * row numbers of nulls to `nulls` (lists keep their nulls in `values`). The CSV reader (parquet.ts)
 * writes the PLAIN bytes of strings, numbers and dates straight to `plain` instead (no string or
 * number object per field; min and max kept as it goes), and pushes booleans and lists as values.
 * `settle` appends pending values to `plain` (in row order: the CSV reader settles a column before
 * it writes to `plain`), so both sources give the same bytes.
 */
export class ColumnBuilder {
  readonly physical: number
  readonly list: boolean
  /** Whether this column's values become `plain` bytes (not booleans or lists: those stay values until the page). */
  readonly plainable: boolean
  values: Array<any> = []
  nulls: Array<number> = []
  readonly plain: Bytes = new Bytes(256)
  /** The view of `plain.buf` (replaced when it grows). */
  view: DataView
  min = 0
  max = 0
  hasMinMax = false

  constructor(readonly type: ColumnType) {
    this.physical = physicalOf(type)
    this.list = type === "int64_list" || type === "utf8_list"
    this.plainable = type === "utf8" || type === "int64" || type === "double" || type === "date"
    this.view = new DataView(this.plain.buf.buffer, this.plain.buf.byteOffset, this.plain.buf.byteLength)
  }

  /** Room for `n` more bytes in `plain` (its view follows the buffer). */
  room(n: number): void {
    const before = this.plain.buf
    this.plain.room(n)
    if (this.plain.buf !== before) this.view = new DataView(this.plain.buf.buffer, this.plain.buf.byteOffset, this.plain.buf.byteLength)
  }

  /** A number's statistics (int64, double, date). */
  stat(v: number): void {
    if (!this.hasMinMax) {
      this.min = this.max = v
      this.hasMinMax = true
    } else if (v < this.min) this.min = v
    else if (v > this.max) this.max = v
  }

  /** Pending values (the rows' appender's) appended to `plain`, in bulk. */
  settle(): void {
    const values = this.values
    if (!this.plainable || values.length === 0) return
    switch (this.type) {
      case "utf8":
        plainStrings(values, this)
        break
      case "int64": {
        const min = Math.min.apply(null, values)
        const max = Math.max.apply(null, values)
        this.stat(min)
        this.stat(max)
        let words: ArrayBufferView
        if (min >= -2147483648 && max <= 2147483647) {
          // Every value fits 32 bits: its low word, and the high word is its sign (cheaper than a BigInt each).
          const w = new Int32Array(values.length * 2)
          for (let i = 0; i < values.length; i++) {
            const v: number = values[i]
            w[2 * i] = v
            w[2 * i + 1] = v >> 31
          }
          words = w
        } else words = BigInt64Array.from(values, BigInt)
        this.append(words)
        break
      }
      case "double":
        this.stat(Math.min.apply(null, values))
        this.stat(Math.max.apply(null, values))
        this.append(Float64Array.from(values))
        break
      default: {
        // (Checked dates: the CSV writer refused any other.)
        const days = Int32Array.from(values, (iso: string) => epochDays(iso)!)
        this.stat(Math.min.apply(null, days as unknown as Array<number>))
        this.stat(Math.max.apply(null, days as unknown as Array<number>))
        this.append(days)
      }
    }
    this.values = []
  }

  private append(a: ArrayBufferView): void {
    this.room(a.byteLength)
    this.plain.buf.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), this.plain.pos)
    this.plain.pos += a.byteLength
  }

  reset(): void {
    this.values = []
    this.nulls = []
    this.plain.pos = 0
    this.hasMinMax = false
  }
}

/** Node's own UTF-8 writer of a Buffer, where it has one (csv.ts `utf8Write` without the extra call per string). */
const direct = (Buffer.prototype as unknown as { utf8Write?: (this: Buffer, s: string, at: number) => number }).utf8Write

/** PLAIN bytes of strings, appended to `col.plain`: each one's UTF-8 length (4 bytes, little-endian) and bytes. */
const plainStrings = (values: ReadonlyArray<string>, col: ColumnBuilder): void => {
  let room = 0
  for (const s of values) room += s.length
  col.room(room * 3 + values.length * 4)
  const out = col.plain.buf
  const view = col.view
  let p = col.plain.pos
  if (direct !== undefined) {
    for (const s of values) {
      const n = direct.call(out, s, p + 4)
      view.setUint32(p, n, true)
      p += 4 + n
    }
  } else {
    for (const s of values) {
      const n = utf8Write(out, s, p + 4)
      view.setUint32(p, n, true)
      p += 4 + n
    }
  }
  col.plain.pos = p
}

/** PLAIN bytes of list elements (int64 or utf8). */
const plainElements = (type: ColumnType, elements: ReadonlyArray<string | number>): Buffer => {
  if (type === "int64_list") return bytesOf(BigInt64Array.from(elements as Array<number>, BigInt))
  const col = new ColumnBuilder("utf8")
  plainStrings(elements as Array<string>, col)
  return col.plain.buf.subarray(0, col.plain.pos)
}

const bytesOf = (a: ArrayBufferView): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength)

/** A column chunk's page: its levels and PLAIN values, uncompressed, with its level count and statistics. */
interface PageBody {
  readonly body: Buffer
  readonly entries: number
  readonly nulls: number
  readonly minMax: readonly [Buffer, Buffer] | undefined
}

const int64Bytes = (v: number): Buffer => {
  const b = Buffer.allocUnsafe(8)
  b.writeBigInt64LE(BigInt(v))
  return b
}

/** The page of a non-list column of `rows` rows. */
const flatPage = (col: ColumnBuilder, rows: number, page: Bytes): PageBody => {
  page.pos = 0
  const lengthAt = page.pos
  page.room(4)
  page.pos += 4
  let next = 0
  if (col.nulls.length === rows) {
    // Every row null (a corrected column without corrections): one run.
    page.run(0, rows)
    next = rows
  } else for (let i = 0; i < col.nulls.length;) {
    const at = col.nulls[i]!
    let j = i + 1
    while (j < col.nulls.length && col.nulls[j] === at + (j - i)) j++
    if (at > next) page.run(1, at - next)
    page.run(0, j - i)
    next = at + (j - i)
    i = j
  }
  if (rows > next) page.run(1, rows - next)
  page.buf.writeUInt32LE(page.pos - lengthAt - 4, lengthAt)
  let plain: Buffer
  let minMax: readonly [Buffer, Buffer] | undefined
  if (col.type === "boolean") {
    const values = col.values
    const packed = Buffer.alloc((values.length + 7) >> 3)
    for (let i = 0; i < values.length; i++) if (values[i] === true) packed[i >> 3] = packed[i >> 3]! | (1 << (i & 7))
    plain = packed
    if (values.length > 0) minMax = [Buffer.of(values.includes(false) ? 0 : 1), Buffer.of(values.includes(true) ? 1 : 0)]
  } else {
    col.settle()
    plain = col.plain.buf.subarray(0, col.plain.pos)
    if (col.hasMinMax) {
      minMax = col.type === "int64"
        ? [int64Bytes(col.min), int64Bytes(col.max)]
        : col.type === "double"
        ? [bytesOf(Float64Array.of(col.min === 0 ? -0 : col.min)), bytesOf(Float64Array.of(col.max === 0 ? 0 : col.max))]
        : col.type === "date"
        ? [bytesOf(Int32Array.of(col.min)), bytesOf(Int32Array.of(col.max))]
        : undefined
    }
  }
  page.room(plain.length)
  page.buf.set(plain, page.pos)
  page.pos += plain.length
  return { body: page.buf.subarray(0, page.pos), entries: rows, nulls: col.nulls.length, minMax }
}

/** Levels written as RLE runs into `out` as they come, equal neighbours merged; `end` writes the last run. */
class LevelRuns {
  private value = -1
  private count = 0
  constructor(private readonly out: Bytes) {}
  add(v: number): void {
    if (v === this.value) this.count++
    else {
      this.end()
      this.value = v
      this.count = 1
    }
  }
  end(): void {
    if (this.count > 0) this.out.run(this.value, this.count)
    this.count = 0
  }
}

/**
 * The page of a list column (three levels: the column, `list`, `element`; max repetition 1, max
 * definition 3): a null list is one entry (rep 0, def 0), an empty list one (0, 1), a list of n
 * elements n entries (the first rep 0, the others 1; def 3).
 */
const listPage = (col: ColumnBuilder, page: Bytes): PageBody => {
  const reps = new Bytes(256)
  const defs = new Bytes(256)
  const elements: Array<string | number> = []
  let entries = 0
  let nulls = 0
  // Runs are gathered as they come: (level, count) pairs merged while equal.
  const repRuns = new LevelRuns(reps)
  const defRuns = new LevelRuns(defs)
  const rep = (v: number) => repRuns.add(v)
  const def = (v: number) => defRuns.add(v)
  for (const list of col.values as Array<ListValue>) {
    if (list === null) {
      rep(0)
      def(0)
      entries++
      nulls++
    } else if (list.length === 0) {
      rep(0)
      def(1)
      entries++
    } else {
      for (let i = 0; i < list.length; i++) {
        rep(i === 0 ? 0 : 1)
        def(3)
        elements.push(list[i]!)
      }
      entries += list.length
    }
  }
  repRuns.end()
  defRuns.end()
  const plain = plainElements(col.type, elements)
  page.pos = 0
  page.room(8 + reps.pos + defs.pos + plain.length)
  page.buf.writeUInt32LE(reps.pos, page.pos)
  page.buf.set(reps.buf.subarray(0, reps.pos), page.pos + 4)
  page.pos += 4 + reps.pos
  page.buf.writeUInt32LE(defs.pos, page.pos)
  page.buf.set(defs.buf.subarray(0, defs.pos), page.pos + 4)
  page.pos += 4 + defs.pos
  page.buf.set(plain, page.pos)
  page.pos += plain.length
  return { body: page.buf.subarray(0, page.pos), entries, nulls, minMax: undefined }
}

/**
 * A table's rows appended to the column builders: a function generated per table (constant
 * property names, as csv.ts's record writers) that reads each row's values and pushes them, or the
 * row's number for a null (lists push null too). `append(rows, from, to, base, columns)` takes rows
 * `from`…`to` − 1, the first being the group's row `base`. Values are not checked here: the CSV
 * writer has checked the same rows first (cellOf), and a row it refused never reaches this.
 */
export type RowAppender = (rows: ReadonlyArray<unknown>, from: number, to: number, base: number, columns: ReadonlyArray<ColumnBuilder>) => void

export const rowAppender = (defs: ReadonlyArray<readonly [string, Column]>): RowAppender => {
  const lines: Array<string> = []
  for (const [c, [name, column]] of defs.entries()) {
    const key = JSON.stringify(name)
    const list = column.type === "int64_list" || column.type === "utf8_list"
    // −0 + 0 is +0: a double's −0 is written as 0, as the CSV writes it.
    const value = column.type === "double" ? "v + 0" : "v"
    lines.push(list ? `v${c}.push(row[${key}])` : `v = row[${key}]; if (v === null) n${c}.push(base + i - from); else v${c}.push(${value})`)
  }
  const setup = defs.map((_, c) => `const v${c} = columns[${c}].values, n${c} = columns[${c}].nulls`).join("\n")
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function("rows", "from", "to", "base", "columns", `${setup}\nlet v\nfor (let i = from; i < to; i++) {\nconst row = rows[i]\n${lines.join("\n")}\n}`) as RowAppender
}

interface ChunkMeta {
  readonly physical: number
  readonly path: ReadonlyArray<string>
  readonly numValues: number
  readonly uncompressed: number
  readonly compressed: number
  readonly offset: number
  readonly nulls: number
  readonly minMax: readonly [Buffer, Buffer] | undefined
  readonly list: boolean
}

interface RowGroupMeta {
  readonly chunks: ReadonlyArray<ChunkMeta>
  readonly rows: number
  readonly bytes: number
  readonly compressed: number
  readonly offset: number
}

/**
 * A data page's header (PageHeader: type DATA_PAGE, both sizes, and its DataPageHeader: values,
 * PLAIN, RLE levels), written out directly: the Thrift writer's field calls, per page, were a
 * noticeable part of a short run's interpreted encoding.
 */
const pageHeader = (uncompressed: number, compressed: number, entries: number): Buffer => {
  const out = new Bytes(40)
  const field = (header: number, v: number) => {
    out.buf[out.pos++] = header
    out.varint(zigzag(v))
  }
  field(0x15, 0) // field 1, i32: type DATA_PAGE
  field(0x15, uncompressed) // field 2, i32
  field(0x15, compressed) // field 3, i32
  out.buf[out.pos++] = 0x2c // field 5 (delta 2), struct
  field(0x15, entries) // field 1, i32: values
  field(0x15, ENCODING_PLAIN) // field 2: encoding
  field(0x15, ENCODING_RLE) // field 3: definition levels
  field(0x15, ENCODING_RLE) // field 4: repetition levels
  out.buf[out.pos++] = 0 // end of DataPageHeader
  out.buf[out.pos++] = 0 // end of PageHeader
  return out.buf.subarray(0, out.pos)
}

/**
 * Writes one table's Parquet file as a sequence of byte pieces: `rowGroup()` after every
 * ROW_GROUP_ROWS rows appended to `columns` (and after the last), then `footer()`.
 * `compress` is Snappy's raw block compression.
 */
export class ParquetWriter {
  readonly columns: ReadonlyArray<ColumnBuilder>
  private readonly groups: Array<RowGroupMeta> = []
  private offset = 4
  private rows = 0
  private readonly page = new Bytes(1 << 16)

  private readonly defs: ReadonlyArray<readonly [string, Column]>

  constructor(
    private readonly layout: Layout,
    private readonly compress: (data: Buffer) => Buffer,
    /** Rows per row group. */
    readonly groupSize: number = ROW_GROUP_ROWS
  ) {
    this.defs = layout.defs
    this.columns = layout.defs.map(([, c]) => new ColumnBuilder(c.type))
  }

  /** The file's first bytes. */
  static readonly MAGIC = Buffer.from("PAR1", "latin1")

  /** Rows in the group being built. */
  groupRows = 0

  /** The pieces of the row group built so far (from the builders, which are then reset); none when it is empty. */
  rowGroup(): Array<Buffer> {
    const rows = this.groupRows
    if (rows === 0) return []
    const pieces: Array<Buffer> = []
    const chunks: Array<ChunkMeta> = []
    const start = this.offset
    let bytes = 0
    for (const [c, col] of this.columns.entries()) {
      const { body, entries, nulls, minMax } = col.list ? listPage(col, this.page) : flatPage(col, rows, this.page)
      if (body.length > PAGE_LIMIT) throw new Error(`column ${this.defs[c]![0]}: a row group's page of ${body.length} bytes exceeds Parquet's ${PAGE_LIMIT}`)
      // (A copy when the compressor hands its input back: every column's page is built in one buffer.)
      const compressed = this.compress(body)
      const packed = compressed.buffer === body.buffer ? Buffer.from(compressed) : compressed
      const head = pageHeader(body.length, packed.length, entries)
      pieces.push(head, packed)
      const name = this.defs[c]![0]
      chunks.push({
        physical: col.physical,
        path: col.list ? [name, "list", "element"] : [name],
        numValues: entries,
        uncompressed: head.length + body.length,
        compressed: head.length + packed.length,
        offset: this.offset,
        nulls,
        minMax,
        list: col.list
      })
      this.offset += head.length + packed.length
      bytes += head.length + body.length
      col.reset()
    }
    this.groups.push({ chunks, rows, bytes, compressed: this.offset - start, offset: start })
    this.rows += rows
    this.groupRows = 0
    return pieces
  }

  /**
   * The footer: file metadata, its length and the closing magic. `kv` are the key/value entries'
   * encoded structs (`kvEntries`), in order.
   */
  footer(kv: ReadonlyArray<KvEntries>): Buffer {
    const layout = this.layout
    const t = new Thrift()
    t.raw(layout.head, 2)
    t.i64(3, this.rows)
    t.list(4, T_STRUCT, this.groups.length)
    for (const [ordinal, g] of this.groups.entries()) {
      t.element()
      t.list(1, T_STRUCT, g.chunks.length)
      for (const [c, chunk] of g.chunks.entries()) {
        t.element()
        t.i64(2, 0)
        t.begin(3)
        t.raw(layout.chunkHeads[c]!, 4)
        t.i64(5, chunk.numValues)
        t.i64(6, chunk.uncompressed)
        t.i64(7, chunk.compressed)
        t.i64(9, chunk.offset)
        if (!chunk.list) {
          t.begin(12)
          if (chunk.minMax !== undefined) {
            // The deprecated max and min (signed order: the same as the type's order for these types).
            t.bytes(1, chunk.minMax[1])
            t.bytes(2, chunk.minMax[0])
          }
          t.i64(3, chunk.nulls)
          if (chunk.minMax !== undefined) {
            t.bytes(5, chunk.minMax[1])
            t.bytes(6, chunk.minMax[0])
          }
          t.end()
        }
        t.end()
        t.end()
      }
      t.i64(2, g.bytes)
      t.i64(3, g.rows)
      t.i64(5, g.offset)
      t.i64(6, g.compressed)
      if (ordinal <= 32767) t.i16(7, ordinal) // (optional; an i16)
      t.end()
    }
    t.list(5, T_STRUCT, kv.reduce((n, part) => n + part.count, 0))
    for (const part of kv) t.raw(part.bytes, 5)
    t.raw(layout.tail, 0)
    const meta = t.take()
    const out = Buffer.allocUnsafe(meta.length + 8)
    out.set(meta, 0)
    out.writeUInt32LE(meta.length, meta.length)
    out.write("PAR1", meta.length + 4, "latin1")
    return out
  }
}

/** Key/value entries of the footer, encoded (KeyValue structs, as list elements). */
export interface KvEntries {
  readonly count: number
  readonly bytes: Buffer
}

export const kvEntries = (kv: ReadonlyArray<readonly [string, string]>): KvEntries => {
  const t = new Thrift()
  for (const [key, value] of kv) {
    t.element()
    t.string(1, key)
    t.string(2, value)
    t.end()
  }
  return { count: kv.length, bytes: Buffer.from(t.take()) }
}

/**
 * The parts of a table's footer that depend on its columns alone, encoded once per table: the
 * metadata's head (version and schema), each column chunk's first fields (type, encodings, path,
 * codec) and the metadata's tail (created_by, column orders, the end).
 */
export interface Layout {
  readonly defs: ReadonlyArray<readonly [string, Column]>
  readonly head: Buffer
  readonly chunkHeads: ReadonlyArray<Buffer>
  readonly tail: Buffer
}

export const layoutOf = (defs: ReadonlyArray<readonly [string, Column]>): Layout => {
  const t = new Thrift()
  t.i32(1, 1) // version
  const schema = 1 + defs.reduce((n, [, c]) => n + (c.type === "int64_list" || c.type === "utf8_list" ? 3 : 1), 0)
  t.list(2, T_STRUCT, schema)
  t.element()
  t.string(4, "schema")
  t.i32(5, defs.length)
  t.end()
  for (const [name, c] of defs) {
    const list = c.type === "int64_list" || c.type === "utf8_list"
    if (list) {
      t.element()
      t.i32(3, OPTIONAL)
      t.string(4, name)
      t.i32(5, 1)
      t.i32(6, CONVERTED_LIST)
      t.begin(10)
      t.begin(3)
      t.end()
      t.end()
      t.end()
      t.element()
      t.i32(3, REPEATED)
      t.string(4, "list")
      t.i32(5, 1)
      t.end()
    }
    t.element()
    t.i32(1, physicalOf(c.type))
    t.i32(3, OPTIONAL)
    t.string(4, list ? "element" : name)
    if (c.type === "utf8" || c.type === "utf8_list") {
      t.i32(6, CONVERTED_UTF8)
      t.begin(10)
      t.begin(1)
      t.end()
      t.end()
    } else if (c.type === "date") {
      t.i32(6, CONVERTED_DATE)
      t.begin(10)
      t.begin(6)
      t.end()
      t.end()
    } else if (c.type === "int64" || c.type === "int64_list") {
      // INT_64, and the logical type INTEGER(64, signed): what DuckDB wrote (converted type) and newer readers look for.
      t.i32(6, CONVERTED_INT_64)
      t.begin(10)
      t.begin(10)
      t.i8(1, 64)
      t.bool(2, true)
      t.end()
      t.end()
    }
    t.end()
  }
  const head = Buffer.from(t.take())
  const chunkHeads = defs.map(([name, c]) => {
    const h = new Thrift()
    h.i32(1, physicalOf(c.type))
    h.listOf(2, "i32", [ENCODING_PLAIN, ENCODING_RLE])
    h.listOf(3, "string", c.type === "int64_list" || c.type === "utf8_list" ? [name, "list", "element"] : [name])
    h.i32(4, CODEC_SNAPPY)
    return Buffer.from(h.take())
  })
  // From field 5 (the key/value list) on.
  const tail = new Thrift()
  tail.raw(Buffer.alloc(0), 5)
  tail.string(6, CREATED_BY)
  // Column orders: TYPE_DEFINED_ORDER for every leaf column (min/max above are in the type's order).
  tail.list(7, T_STRUCT, defs.length)
  for (let i = 0; i < defs.length; i++) {
    tail.element()
    tail.begin(1)
    tail.end()
    tail.end()
  }
  tail.byte(0)
  return { defs, head, chunkHeads, tail: Buffer.from(tail.take()) }
}

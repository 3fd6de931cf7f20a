/**
 * Reading the input: the articles (`*.txt`) of a folder, or a single file, strictly as UTF-8.
 * A missing path, an unreadable file or bytes that are not UTF-8 stop the run with one message
 * naming the file (and, for bad bytes, the line).
 */
import { createHash } from "node:crypto"
import { existsSync, readdirSync, readFileSync, statSync, type Stats } from "node:fs"
import { basename, join } from "node:path"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"

export class InputError extends Schema.TaggedError<InputError>()("InputError", {
  path: Schema.String,
  line: Schema.NullOr(Schema.Number),
  message: Schema.String
}) {}

export interface SourceText {
  /** File name (no folder), as it appears in every record's `source_file`. */
  readonly file: string
  readonly path: string
  readonly text: string
  /** The file's size and sha256, of its bytes as read (a byte-order mark included). */
  readonly bytes?: number
  readonly sha256?: string
}

/** One strict decoder for every file (a non-streaming decode starts afresh each call, after an error too). */
const STRICT = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false })

/** Decodes bytes as UTF-8 or says on which line the first invalid byte sits. */
export const decodeUtf8 = (bytes: Uint8Array): { text: string } | { badLine: number; offset: number } => {
  try {
    return { text: STRICT.decode(bytes) }
  } catch {
    // Find the first offset where decoding fails: validate incrementally.
    let offset = 0
    while (offset < bytes.length) {
      const b = bytes[offset]!
      const len = b < 0x80 ? 1 : (b & 0xe0) === 0xc0 ? 2 : (b & 0xf0) === 0xe0 ? 3 : (b & 0xf8) === 0xf0 ? 4 : 0
      const chunk = len === 0 ? null : bytes.subarray(offset, offset + len)
      const ok = chunk !== null && chunk.length === len && (() => {
        try {
          new TextDecoder("utf-8", { fatal: true }).decode(chunk)
          return true
        } catch {
          return false
        }
      })()
      if (!ok) break
      offset += len
    }
    let line = 1
    for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++
    return { badLine: line, offset }
  }
}

const KIND: Record<string, string> = {
  Directory: "a folder",
  FIFO: "a named pipe (FIFO)",
  Socket: "a socket",
  CharacterDevice: "a character device",
  BlockDevice: "a block device",
  SymbolicLink: "a symbolic link",
  Unknown: "of unknown type"
}

/** A file system error's kind, named as effect's NodeFileSystem names it (the messages predate this module's direct calls). */
const reasonOf = (e: unknown): string => {
  switch ((e as { code?: string } | null)?.code) {
    case "ENOENT":
      return "NotFound"
    case "EACCES":
    case "EPERM":
      return "PermissionDenied"
    case "EEXIST":
      return "AlreadyExists"
    case "EISDIR":
    case "ENOTDIR":
    case "ELOOP":
      return "BadResource"
    case "EBUSY":
      return "Busy"
    default:
      return "Unknown"
  }
}

const typeOf = (s: Stats): string =>
  s.isFile()
    ? "File"
    : s.isDirectory()
    ? "Directory"
    : s.isSymbolicLink()
    ? "SymbolicLink"
    : s.isBlockDevice()
    ? "BlockDevice"
    : s.isCharacterDevice()
    ? "CharacterDevice"
    : s.isFIFO()
    ? "FIFO"
    : s.isSocket()
    ? "Socket"
    : "Unknown"

/**
 * Reads one file. Node's synchronous calls, not effect's FileSystem: nothing else can run on this
 * thread before every input is read (no worker starts before), and the per-call cost of the
 * asynchronous service (a libuv round trip and an Effect per stat, exists and read) was ~0.5 ms a
 * file — ~0.6 s of CPU for 1,000 articles (docs/decisions.md "The main thread's critical path").
 */
const readOne = (file: string): SourceText => {
  // Only regular files are read, and that is checked before opening: opening a FIFO blocks until
  // a writer comes, and a device can be endless.
  let info: Stats
  try {
    info = statSync(file)
  } catch (e) {
    throw new InputError({ path: file, line: null, message: `cannot read ${file}: ${reasonOf(e)}` })
  }
  if (!info.isFile()) {
    const type = typeOf(info)
    throw new InputError({
      path: file,
      line: null,
      message: `${file}: not a regular file (it is ${KIND[type] ?? type}); only regular files are read`
    })
  }
  let bytes: Buffer
  try {
    bytes = readFileSync(file)
  } catch (e) {
    throw new InputError({ path: file, line: null, message: `cannot read ${file}: ${reasonOf(e)}` })
  }
  const decoded = decodeUtf8(bytes)
  if ("badLine" in decoded) {
    throw new InputError({
      path: file,
      line: decoded.badLine,
      message: `${file}:${decoded.badLine}: not valid UTF-8 (byte offset ${decoded.offset}); convert the file to UTF-8`
    })
  }
  const sha256 = createHash("sha256").update(bytes).digest("hex")
  return { file: basename(file), path: file, text: decoded.text, bytes: bytes.byteLength, sha256 }
}

/** Runs a reading function as an Effect whose failure is its InputError. */
const reading = <A>(f: () => A): Effect.Effect<A, InputError> =>
  Effect.try({
    try: f,
    catch: (e) => e instanceof InputError ? e : new InputError({ path: "", line: null, message: String(e) })
  })

/** Reads the articles at `input`: every `*.txt` file directly in a folder (sorted by name), or one file. */
export const readArticles = (input: string): Effect.Effect<Array<SourceText>, InputError> =>
  reading(() => {
    let info: Stats
    try {
      info = statSync(input)
    } catch {
      throw new InputError({ path: input, line: null, message: `${input}: no such file or folder` })
    }
    if (!info.isDirectory()) return [readOne(input)]
    let names: Array<string>
    try {
      names = readdirSync(input)
    } catch {
      throw new InputError({ path: input, line: null, message: `${input}: cannot list folder` })
    }
    const articles = names.filter((n) => n.endsWith(".txt")).sort()
    if (articles.length === 0) {
      throw new InputError({ path: input, line: null, message: `${input}: no article files (*.txt) in folder` })
    }
    const texts: Array<SourceText> = []
    for (const name of articles) {
      const file = join(input, name)
      if (!existsSync(file)) {
        throw new InputError({ path: file, line: null, message: `${file}: listed but missing (a dangling link?)` })
      }
      texts.push(readOne(file))
    }
    return texts
  })

/** Reads one reference file (UTF-8 text). */
export const readReference = (file: string): Effect.Effect<SourceText, InputError> =>
  reading(() => {
    if (!existsSync(file)) {
      throw new InputError({ path: file, line: null, message: `${file}: reference file missing` })
    }
    return readOne(file)
  })

/**
 * The claims file beside each article (`<article>.claims.json`), where there is one. Claims are
 * optional: an article without them is simply not checked against its prose.
 */
export const readClaimsFiles = (articles: ReadonlyArray<SourceText>): Effect.Effect<Array<SourceText>, InputError> =>
  reading(() => {
    const found: Array<SourceText> = []
    for (const article of articles) {
      const file = article.path.replace(/\.txt$/, ".claims.json")
      if (existsSync(file)) found.push(readOne(file))
    }
    return found
  })

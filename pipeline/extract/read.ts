/**
 * Reading the input: the articles (`*.txt`) of a folder, or a single file, strictly as UTF-8.
 * A missing path, an unreadable file or bytes that are not UTF-8 stop the run with one message
 * naming the file (and, for bad bytes, the line).
 */
import { createHash } from "node:crypto"
import * as Effect from "effect/Effect"
import * as FileSystem from "effect/FileSystem"
import * as Path from "effect/Path"
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

/** Decodes bytes as UTF-8 or says on which line the first invalid byte sits. */
export const decodeUtf8 = (bytes: Uint8Array): { text: string } | { badLine: number; offset: number } => {
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes)
    return { text }
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

const readOne = Effect.fnUntraced(function*(fs: FileSystem.FileSystem, path: Path.Path, file: string) {
  // Only regular files are read, and that is checked before opening: opening a FIFO blocks until
  // a writer comes, and a device can be endless.
  const info = yield* fs.stat(file).pipe(
    Effect.mapError((e) => new InputError({ path: file, line: null, message: `cannot read ${file}: ${e.reason._tag}` }))
  )
  if (info.type !== "File") {
    return yield* new InputError({
      path: file,
      line: null,
      message: `${file}: not a regular file (it is ${KIND[info.type] ?? info.type}); only regular files are read`
    })
  }
  const bytes = yield* fs.readFile(file).pipe(
    Effect.mapError((e) =>
      new InputError({ path: file, line: null, message: `cannot read ${file}: ${e.reason._tag}` })
    )
  )
  const decoded = decodeUtf8(bytes)
  if ("badLine" in decoded) {
    return yield* new InputError({
      path: file,
      line: decoded.badLine,
      message: `${file}:${decoded.badLine}: not valid UTF-8 (byte offset ${decoded.offset}); convert the file to UTF-8`
    })
  }
  const sha256 = createHash("sha256").update(bytes).digest("hex")
  return { file: path.basename(file), path: file, text: decoded.text, bytes: bytes.byteLength, sha256 } satisfies SourceText
})

/** Reads the articles at `input`: every `*.txt` file directly in a folder (sorted by name), or one file. */
export const readArticles = Effect.fn("readArticles")(function*(input: string) {
  const fs = yield* FileSystem.FileSystem
  const path = yield* Path.Path
  const info = yield* fs.stat(input).pipe(
    Effect.mapError(() => new InputError({ path: input, line: null, message: `${input}: no such file or folder` }))
  )
  if (info.type !== "Directory") return [yield* readOne(fs, path, input)]
  const names = yield* fs.readDirectory(input).pipe(
    Effect.mapError(() => new InputError({ path: input, line: null, message: `${input}: cannot list folder` }))
  )
  const articles = names.filter((n) => n.endsWith(".txt")).sort()
  if (articles.length === 0) {
    return yield* new InputError({ path: input, line: null, message: `${input}: no article files (*.txt) in folder` })
  }
  const texts: Array<SourceText> = []
  for (const name of articles) {
    const file = path.join(input, name)
    const exists = yield* fs.exists(file).pipe(Effect.orElseSucceed(() => false))
    if (!exists) {
      return yield* new InputError({ path: file, line: null, message: `${file}: listed but missing (a dangling link?)` })
    }
    texts.push(yield* readOne(fs, path, file))
  }
  return texts
})

/** Reads one reference file (UTF-8 text). */
export const readReference = Effect.fn("readReference")(function*(file: string) {
  const fs = yield* FileSystem.FileSystem
  const path = yield* Path.Path
  const exists = yield* fs.exists(file).pipe(Effect.orElseSucceed(() => false))
  if (!exists) {
    return yield* new InputError({ path: file, line: null, message: `${file}: reference file missing` })
  }
  return yield* readOne(fs, path, file)
})

/**
 * The claims file beside each article (`<article>.claims.json`), where there is one. Claims are
 * optional: an article without them is simply not checked against its prose.
 */
export const readClaimsFiles = Effect.fn("readClaimsFiles")(function*(articles: ReadonlyArray<SourceText>) {
  const fs = yield* FileSystem.FileSystem
  const path = yield* Path.Path
  const found: Array<SourceText> = []
  for (const article of articles) {
    const file = article.path.replace(/\.txt$/, ".claims.json")
    const exists = yield* fs.exists(file).pipe(Effect.orElseSucceed(() => false))
    if (exists) found.push(yield* readOne(fs, path, file))
  }
  return found
})

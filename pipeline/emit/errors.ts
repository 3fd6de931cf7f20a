import * as Schema from "effect/Schema"

/** Any failure of the emit stage (encoding a table, or writing, moving or removing a file). */
export class EmitError extends Schema.TaggedError<EmitError>()("EmitError", {
  /** The file or directory concerned (for an encoding failure: the file that was being encoded). */
  path: Schema.String,
  message: Schema.String
}) {}

/** What an errno code means, in the words of `strerror` (lower case); `null` for an unknown code. */
const CAUSES: Readonly<Record<string, string>> = {
  ENOSPC: "no space left on device",
  EDQUOT: "disk quota exceeded",
  EROFS: "read-only file system",
  EACCES: "permission denied",
  EPERM: "permission denied (operation not permitted)",
  ENOTDIR: "not a directory",
  EISDIR: "is a directory",
  ENOENT: "no such file or directory",
  EEXIST: "file exists",
  ENOTEMPTY: "directory not empty",
  EXDEV: "on another file system (cross-device link)",
  ENAMETOOLONG: "file name too long",
  ELOOP: "too many levels of symbolic links",
  EMFILE: "too many open files",
  ENFILE: "too many open files in system",
  EBUSY: "device or resource busy",
  EIO: "input/output error",
  EFBIG: "file too large",
  EINVAL: "invalid argument"
}

/**
 * The cause of a file-system error in words ("no space left on device", "read-only file
 * system", "permission denied", …), followed by the errno code; for anything that is not a
 * Node system error, its message.
 */
export const describeFsCause = (error: unknown): string => {
  const code = typeof error === "object" && error !== null && "code" in error ? (error as { code: unknown }).code : undefined
  if (typeof code === "string") {
    const words = CAUSES[code]
    if (words !== undefined) return `${words} (${code})`
  }
  return error instanceof Error ? error.message : String(error)
}

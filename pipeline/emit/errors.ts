import { Schema } from "effect"

/** Any failure of the emit stage (encoding a table, or writing, moving or removing a file). */
export class EmitError extends Schema.TaggedError<EmitError>()("EmitError", {
  /** The file or directory concerned (for an encoding failure: the file that was being encoded). */
  path: Schema.String,
  message: Schema.String
}) {}

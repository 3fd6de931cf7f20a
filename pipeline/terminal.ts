/**
 * The Terminal service the command runs with: `effect/cli` requires one (for prompts, which Recount
 * never shows), and @effect/platform-node's NodeServices layer makes NodeTerminal's at start — which
 * opens `process.stdin` (node then loads and builds its stream classes: ~2–3 ms of a cold run's
 * main thread, issue 8, tenth pass) and listens on it for the run's whole length. Here `columns`
 * and `rows` read stdout as NodeTerminal does, and what needs the keyboard (`readLine`,
 * `readInput`, `size`, `display`) makes a NodeTerminal on that first use, in the caller's scope or
 * its own: the same answers, and stdin untouched by a run that never reads it.
 */
import * as NodeChildProcessSpawner from "@effect/platform-node/NodeChildProcessSpawner"
import * as NodeFileSystem from "@effect/platform-node/NodeFileSystem"
import * as NodePath from "@effect/platform-node/NodePath"
import * as NodeStdio from "@effect/platform-node/NodeStdio"
import * as NodeTerminal from "@effect/platform-node/NodeTerminal"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Terminal from "effect/Terminal"

/** NodeTerminal's service, made when first needed. */
export const lazyTerminal: Terminal.Terminal = Terminal.make({
  columns: Effect.sync(() => process.stdout.columns ?? 0),
  rows: Effect.sync(() => process.stdout.rows ?? 0),
  size: Effect.flatMap(NodeTerminal.make(), (t) => t.size),
  readInput: Effect.flatMap(NodeTerminal.make(), (t) => t.readInput),
  readLine: Effect.scoped(Effect.flatMap(NodeTerminal.make(), (t) => t.readLine)),
  display: (text) => Effect.scoped(Effect.flatMap(NodeTerminal.make(), (t) => t.display(text)))
})

/** NodeServices.layer's services (child processes, file system, path, stdio) with `lazyTerminal`. */
export const commandServices = Layer.provideMerge(
  NodeChildProcessSpawner.layer,
  Layer.mergeAll(NodeFileSystem.layer, NodePath.layer, NodeStdio.layer, Layer.succeed(Terminal.Terminal, lazyTerminal))
)

/**
 * The command line, defined with `effect/cli`: `--help`/`-h` and `--version` are generated from
 * this definition, usage errors exit 2 with the message and the help on stderr.
 *
 *   recount [run] [--seeds PATH] [--out DIR] [--reports DIR] [--reference DIR]
 *                 [--fail-on error|warning] [--baseline FILE] [--force] [--quiet] [--jobs N]
 *   recount fix [--seeds PATH] [--reference DIR] [--patch FILE] [--force]
 *
 * `run` is the default: `recount --seeds x` and `recount run --seeds x` do the same. `fix` writes
 * the corrections patch alone (stdout or --patch), publishing nothing.
 */
import { existsSync } from "node:fs"
import { fileURLToPath } from "node:url"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import { CliError, CliOutput, Command, Flag } from "effect/cli"
import type { Severity } from "./normalise/records.ts"

import { VERSION } from "./version.ts"

export { VERSION }

export class UsageError extends Schema.TaggedError<UsageError>()("UsageError", {
  message: Schema.String
}) {}

export interface Options {
  readonly seeds: string
  readonly out: string
  readonly reports: string
  readonly reference: string
  readonly failOn: Severity | null
  /** Write into a non-empty --out/--reports folder that holds no Recount manifest (its other files are still never touched). */
  readonly force: boolean
  /** No progress on stderr (progress is shown only on a terminal, and only for runs longer than about a second). */
  readonly quiet?: boolean
  /** An earlier anomalies.json, or a file of accepted fault ids with reasons (pipeline/deliver/baseline.ts); --fail-on then counts only new faults. */
  readonly baseline?: string | null
  /**
   * Threads analysing the articles (pipeline/parallel/): a number ≥ 1 (1: all on the main thread),
   * or "auto" (the command's default: one worker per available core on a corpus large enough to
   * repay their start-up, else 1). Absent (a library call): 1. The output bytes never depend on it.
   */
  readonly jobs?: number | "auto"
}

/** `recount fix`: the articles to correct, and where the patch goes (null: stdout). */
export interface FixOptions {
  readonly seeds: string
  readonly reference: string
  readonly patch: string | null
  /** Replace an existing --patch file. */
  readonly force: boolean
}

export const EXIT_CODES = "exit codes: 0 ran; 1 findings at or above --fail-on (with --baseline: new faults and findings only); 2 usage error; 3 unreadable input; 4 cannot write output; 5 the analysis failed (a stage threw, or a worker thread stopped)"

/** The most worker threads --jobs accepts. */
export const MAX_JOBS = 64

const flags = {
  seeds: Flag.Path("seeds", { mustExist: true }).pipe(
    Flag.withDescription("folder of articles (*.txt), or one article; must exist (default: seeds)"),
    Flag.withDefault("seeds")
  ),
  out: Flag.String("out").pipe(
    Flag.withDescription("folder for the Parquet and CSV tables and manifest.json (default: out)"),
    Flag.withDefault("out")
  ),
  reports: Flag.String("reports").pipe(
    Flag.withDescription("folder for the anomaly reports (default: reports)"),
    Flag.withDefault("reports")
  ),
  reference: Flag.String("reference").pipe(
    Flag.withDescription("folder with parties.csv, regional-councils.csv, electoral-law.csv (default: seeds/reference in the working folder when it exists, else the reference data Recount ships with)"),
    Flag.optional
  ),
  failOn: Flag.Literals("fail-on", ["error", "warning"]).pipe(
    Flag.withDescription("exit 1 when findings at or above this severity exist (default: never)"),
    Flag.optional
  ),
  force: Flag.Boolean("force").pipe(
    Flag.withDescription("write into a non-empty folder that holds no Recount manifest; files Recount did not write are never touched (default: off)"),
    Flag.withDefault(false)
  ),
  quiet: Flag.Boolean("quiet").pipe(
    Flag.withAlias("q"),
    Flag.withDescription("no progress on stderr (default: progress on a terminal for runs over a second)"),
    Flag.withDefault(false)
  ),
  jobs: Flag.Int("jobs").pipe(
    Flag.filter((n) => n >= 1 && n <= MAX_JOBS, (n) => `--jobs must be a whole number from 1 to ${MAX_JOBS} (got ${n})`),
    Flag.withDescription("threads for the articles: N − 1 worker threads analyse them while the main thread merges and writes; 1 = all on the main thread; the output is the same for every N (default: one per core when the corpus is large enough to repay starting workers, else 1)"),
    Flag.optional
  ),
  baseline: Flag.Path("baseline", { mustExist: true }).pipe(
    Flag.withDescription("an earlier anomalies.json, or a JSON/CSV file of accepted fault ids with reasons: faults are reported as new, known or resolved, and --fail-on counts only new ones (default: none)"),
    Flag.optional
  )
}

const fixFlags = {
  seeds: flags.seeds,
  reference: flags.reference,
  patch: Flag.String("patch").pipe(
    Flag.withDescription("write the patch to this file instead of stdout; an existing file is replaced only with --force"),
    Flag.optional
  ),
  force: Flag.Boolean("force").pipe(Flag.withDescription("replace an existing --patch file (default: off)"), Flag.withDefault(false))
}

/**
 * The reference folder when --reference is not given: the working folder's `seeds/reference` (the
 * repository's layout, where `make all` runs) when it exists, else the one Recount ships with,
 * beside its own code (`seeds/reference` of the package: an installed `recount` run in any other
 * folder). Which folder is used never shows in the outputs: they hold the reference's data, not
 * its path; a missing file is reported with the path tried (exit 3).
 */
export const defaultReference = (): string => {
  const local = "seeds/reference"
  if (existsSync(local)) return local
  const shipped = fileURLToPath(new URL("../seeds/reference", import.meta.url))
  return existsSync(shipped) ? shipped : local
}

type Parsed = {
  readonly seeds: string
  readonly out: string
  readonly reports: string
  readonly reference: Option.Option<string>
  readonly failOn: Option.Option<Severity>
  readonly force: boolean
  readonly quiet: boolean
  readonly baseline: Option.Option<string>
  readonly jobs: Option.Option<number>
}

const toOptions = (parsed: Parsed): Options => ({
  seeds: parsed.seeds,
  out: parsed.out,
  reports: parsed.reports,
  reference: Option.getOrElse(parsed.reference, defaultReference),
  failOn: Option.getOrNull(parsed.failOn),
  force: parsed.force,
  quiet: parsed.quiet,
  baseline: Option.getOrNull(parsed.baseline),
  jobs: Option.getOrElse(parsed.jobs, () => "auto" as const)
})

/**
 * Help and version on stdout; an invalid invocation on stderr — `recount: <what is wrong>`, then the
 * help — so that a script's stdout never holds usage text.
 */
const presenter: CliOutput.Presenter = {
  present: (event) =>
    Effect.gen(function*() {
      const formatter = yield* CliOutput.Formatter
      switch (event._tag) {
        case "Help":
          return yield* Console.log(`${formatter.formatHelpDoc(event.helpDoc)}\n\n${EXIT_CODES}`)
        case "Version":
          return yield* Console.log(formatter.formatVersion(event.name, event.version))
        case "InvalidInvocation": {
          const what = event.errors.map((e) => `recount: ${e.message}`).join("\n")
          return yield* Console.error(`${what}\n\n${formatter.formatHelpDoc(event.helpDoc)}\n\n${EXIT_CODES}`)
        }
      }
    })
}

/**
 * The CLI: argv → exit code. `run` does the work and returns its exit code (0, 1, 3, 4; its
 * failures are its own to map); a usage error is 2.
 */
export const cli = <E, R, E2 = never, R2 = never>(
  run: (options: Options) => Effect.Effect<number, E, R>,
  fix?: (options: FixOptions) => Effect.Effect<number, E2, R2>
) => {
  let code = 0
  const handler = (parsed: Parsed) => Effect.map(run(toOptions(parsed)), (c) => void (code = c))
  const runCommand = Command.make("run", flags, handler).pipe(
    Command.withDescription("Read the articles, audit them, write out/ and reports/ (the default command).")
  )
  const fixCommand = Command.make("fix", fixFlags, (parsed) =>
    fix === undefined
      ? Effect.sync(() => void (code = 2))
      : Effect.map(fix({ seeds: parsed.seeds, reference: Option.getOrElse(parsed.reference, defaultReference), patch: Option.getOrNull(parsed.patch), force: parsed.force }), (c) => void (code = c)))
    .pipe(
      Command.withDescription("Write reports/corrections.patch's content — every settled error correction as a unified diff of the articles — to stdout or --patch FILE, without writing out/ or reports/.")
    )
  const root = Command.make("recount", flags, handler).pipe(
    Command.withDescription(
      "Recount turns Wikipedia-style election articles into audited, analysis-ready tables: Parquet and CSV in --out, the anomaly report in --reports."
    ),
    Command.withSubcommands([runCommand, fixCommand])
  )
  return (argv: ReadonlyArray<string>) =>
    Command.runWith(root, { version: VERSION })(argv).pipe(
      Effect.map(() => code),
      // Help was shown: asked for (0) or because the invocation was invalid (2); any other CLI error is a usage error.
      Effect.catchIf(CliError.isCliError, (e) => Effect.succeed(e._tag === "ShowHelp" && e.errors.length === 0 ? 0 : 2)),
      Effect.provide(CliOutput.layerPresenter(presenter))
    )
}

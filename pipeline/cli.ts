/** Command-line options of `pipeline/main.ts`. Pure: argv in, options or a usage error out. */
import { Schema } from "effect"
import type { Severity } from "./normalise/records.ts"

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
}

export const USAGE = `usage: tsx pipeline/main.ts [--seeds DIR|FILE] [--out DIR] [--reports DIR] [--reference DIR] [--fail-on error|warning]
  --seeds      folder of articles (*.txt) or one article            (default: seeds)
  --out        folder for Parquet, CSV and manifest.json             (default: out)
  --reports    folder for anomalies.md and anomalies.json            (default: reports)
  --reference  folder with parties.csv, regional-councils.csv, …     (default: seeds/reference)
  --fail-on    exit 1 when findings at or above this severity exist  (default: never)
  --force      write into a non-empty folder that holds no Recount manifest
exit codes: 0 ran; 1 findings at or above --fail-on; 2 usage error; 3 unreadable input; 4 cannot write output`

export const parseOptions = (argv: ReadonlyArray<string>): Options | UsageError => {
  const values: Record<string, string> = {
    seeds: "seeds",
    out: "out",
    reports: "reports",
    reference: "seeds/reference"
  }
  let failOn: Severity | null = null
  let force = false
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === "--force") {
      force = true
      continue
    }
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined]
    const name = flag.replace(/^--/, "")
    if (!flag.startsWith("--") || !(name in values || name === "fail-on")) {
      return new UsageError({ message: `unknown argument '${arg}'\n${USAGE}` })
    }
    const value = inline ?? argv[++i]
    if (value === undefined || value === "") return new UsageError({ message: `${flag} needs a value\n${USAGE}` })
    if (name === "fail-on") {
      if (value !== "error" && value !== "warning") {
        return new UsageError({ message: `--fail-on takes 'error' or 'warning', not '${value}'\n${USAGE}` })
      }
      failOn = value
    } else {
      values[name] = value
    }
  }
  return { seeds: values.seeds!, out: values.out!, reports: values.reports!, reference: values.reference!, failOn, force }
}

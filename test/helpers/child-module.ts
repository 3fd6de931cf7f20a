/**
 * The module a test's child process imports (a file of test/helpers/ such as parquet-child.ts or
 * memory-child.ts): under `make test` its compiled copy (scripts/build-tests.mjs compiles it into
 * the folder RECOUNT_TEST_BUILD names), run with plain node; otherwise (`npx ava test/x.test.ts`)
 * the TypeScript file itself, which the child loads through tsx (`compiled` false).
 */
import { existsSync } from "node:fs"
import { join } from "node:path"
import { pathToFileURL } from "node:url"

export const childModule = (name: string): { readonly href: string; readonly compiled: boolean } => {
  const build = process.env["RECOUNT_TEST_BUILD"]
  const compiled = build === undefined ? null : join(build, "helpers", `${name}.mjs`)
  return compiled !== null && existsSync(compiled)
    ? { href: pathToFileURL(compiled).href, compiled: true }
    : { href: new URL(`./${name}.ts`, import.meta.url).href, compiled: false }
}

/**
 * `make test`'s plan (scripts/test-plan.mjs, built by scripts/build-tests.mjs): every test file runs,
 * exactly once, alone, in a group or through tsx; a grouped file's tests keep the titles they have
 * alone (scripts/test-group-ava.mjs); the order that starts the slowest files first names files
 * that exist.
 */
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import test from "ava"
// @ts-expect-error: plain JavaScript modules of the build, without type declarations.
import { rank, SLOWEST } from "../ava.build.config.mjs"
// @ts-expect-error: as above.
import { enterMember, prefixed } from "../scripts/test-group-ava.mjs"
// @ts-expect-error: as above.
import { GROUPS, OPTIMISED, testPlan, TSX_ONLY } from "../scripts/test-plan.mjs"

const ROOT = fileURLToPath(new URL("../", import.meta.url))

interface Plan {
  readonly files: ReadonlyArray<string>
  readonly alone: ReadonlyArray<{ readonly entry: string; readonly file: string }>
  readonly groups: ReadonlyArray<{ readonly name: string; readonly entry: string; readonly members: ReadonlyArray<{ readonly file: string; readonly title: string }> }>
  readonly tsx: ReadonlyArray<string>
}
const plan = testPlan(ROOT) as Plan

test("every test file runs exactly once: alone, in one group, or through tsx", (t) => {
  const placed = [...plan.alone.map((a) => a.file), ...plan.groups.flatMap((g) => g.members.map((m) => m.file)), ...plan.tsx]
  t.deepEqual([...placed].sort(), [...plan.files], "each test file placed once")
  t.true(plan.files.includes("test/rules/vote-sum.test.ts") && plan.files.includes("test/golden.test.ts"), "the plan sees the test folder")
  t.deepEqual(plan.tsx, TSX_ONLY)
  // `make test` runs the tsx-only files (none today) by the plan's list.
  const makefile = readFileSync(join(ROOT, "Makefile"), "utf8")
  t.true(makefile.includes("m.TSX_ONLY") && makefile.includes("$(BIN)/ava $$tsx_tests"), "the Makefile runs TSX_ONLY through tsx")
})

test("a group member's tests are titled as when the file ran alone; compiled names never collide", (t) => {
  const rules = plan.groups.find((g) => g.name === "rules")
  t.truthy(rules?.members.find((m) => m.file === "test/rules/vote-sum.test.ts" && m.title === "vote-sum"), "rules › vote-sum › …")
  const units = plan.groups.find((g) => g.name === "units")
  t.truthy(units?.members.find((m) => m.file === "test/diagnose/solve.test.ts" && m.title === "diagnose › solve"), "units › diagnose › solve › …")
  const entries = [...plan.alone.map((a) => a.entry), ...plan.groups.map((g) => g.entry)]
  t.is(new Set(entries).size, entries.length)
  t.is(plan.groups.length, (GROUPS as ReadonlyArray<unknown>).length)
  for (const g of plan.groups) t.true(g.members.length > 1, `group ${g.name} has members`)
})

test("the grouped `ava` prefixes every title with the member being loaded, on every modifier, and nothing outside a member", (t) => {
  const calls: Array<{ readonly via: string; readonly args: ReadonlyArray<unknown> }> = []
  const fake = Object.assign((...args: Array<unknown>) => calls.push({ via: "test", args }), {
    serial: (...args: Array<unknown>) => calls.push({ via: "serial", args }),
    after: { always: (...args: Array<unknown>) => calls.push({ via: "after.always", args }) },
    before: (...args: Array<unknown>) => calls.push({ via: "before", args })
  })
  const wrapped = prefixed(fake)
  const body = () => {}
  const member = Symbol.for("recount.test-group.member")
  const previous = (globalThis as Record<symbol, unknown>)[member]
  try {
    delete (globalThis as Record<symbol, unknown>)[member]
    wrapped("alone", body)
    enterMember("vote-sum")
    wrapped("a title", body)
    wrapped.serial("a serial title", body, 1)
    wrapped.after.always("cleanup", body)
    wrapped.before(body)
    enterMember("diagnose › solve")
    wrapped("another", body)
  } finally {
    ;(globalThis as Record<symbol, unknown>)[member] = previous
  }
  t.deepEqual(calls, [
    { via: "test", args: ["alone", body] },
    { via: "test", args: ["vote-sum › a title", body] },
    { via: "serial", args: ["vote-sum › a serial title", body, 1] },
    { via: "after.always", args: ["vote-sum › cleanup", body] },
    { via: "before", args: [body] },
    { via: "test", args: ["diagnose › solve › another", body] }
  ])
})

test("the slowest-first order names compiled test files, and puts them before the rest", (t) => {
  const entries = new Set([...plan.alone.map((a) => a.entry.replace(/\.test$/, "")), ...plan.groups.map((g) => g.name)])
  for (const name of SLOWEST as ReadonlyArray<string>) t.true(entries.has(name), `${name} is a compiled test file`)
  const path = (name: string) => join(ROOT, ".tmp", "test-build", `${name}.test.mjs`)
  const first = (SLOWEST as ReadonlyArray<string>)[0]!
  t.true(rank(path(first)) < rank(path("rules")), "a listed file starts before an unlisted one")
  t.is(rank(path("rules")), rank(path("kinds")), "unlisted files share the last rank (then name order)")
})

test("the files run with TurboFan are compiled test files; the build turns it on in exactly those", (t) => {
  const entries = new Set([...plan.alone.map((a) => a.entry.replace(/\.test$/, "")), ...plan.groups.map((g) => g.name)])
  t.true((OPTIMISED as ReadonlyArray<string>).length > 0)
  for (const name of OPTIMISED as ReadonlyArray<string>) t.true(entries.has(name), `${name} is a compiled test file`)
  const build = readFileSync(join(ROOT, "scripts", "build-tests.mjs"), "utf8")
  t.regex(build, /for \(const name of OPTIMISED\)/)
  t.regex(build, /setFlagsFromString[^\n]*\n?[^\n]*--opt/)
})

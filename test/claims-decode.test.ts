/**
 * claims.ts `plainClaimsFile` reads a claims file in the plain shape without Schema (issue 8,
 * eleventh pass). Checked here against the long path, `Schema.decodeUnknownResult(ClaimsFile)`: on
 * the seeds' claims files (which must take the shortcut), and on random files built from the
 * whole vocabulary (every check kind, nested sums and differences, every optional key), valid and
 * then broken one way each (a key added, removed or mistyped, a kind unknown, an array of the wrong
 * length): where the shortcut gives a value, Schema succeeds with the same value, keys in the same
 * order; where Schema fails, the shortcut gave nothing.
 */
import { readdirSync, readFileSync } from "node:fs"
import test from "ava"
import fc from "fast-check"
import * as Schema from "effect/Schema"
import { ClaimsFile, decodeClaims, plainClaimsFile } from "../pipeline/audit/claims.ts"

const long = (json: unknown) => Schema.decodeUnknownResult(ClaimsFile)(json, { errors: "all" })

const seeds = new URL("../seeds/", import.meta.url)

test("the seeds' claims files take the shortcut, with Schema's value", (t) => {
  const files = readdirSync(seeds).filter((f) => f.endsWith(".claims.json"))
  t.is(files.length, 3)
  for (const f of files) {
    const json = JSON.parse(readFileSync(new URL(f, seeds), "utf8"))
    const plain = plainClaimsFile(json)
    const result = long(json)
    t.true(plain !== undefined, f)
    t.is(result._tag, "Success", f)
    if (result._tag !== "Success") continue
    t.deepEqual(plain, result.success, f)
    t.is(JSON.stringify(plain), JSON.stringify(result.success), f)
    t.deepEqual(decodeClaims(JSON.stringify(json), `seeds/${f}`), { ...result.success, file: `seeds/${f}` })
  }
})

/** An object with only the defined entries of `entries` (an optional key left out when undefined), keys shuffled by `order`. */
const withOptional = (entries: Record<string, unknown>, order: ReadonlyArray<number>): Record<string, unknown> => {
  const keys = Object.keys(entries).filter((k) => entries[k] !== undefined)
  const shuffled = keys.map((k, i) => [order[i % order.length]! + i / 100, k] as const).sort((a, b) => a[0] - b[0]).map(([, k]) => k)
  return Object.fromEntries(shuffled.map((k) => [k, entries[k]]))
}

const text = fc.string({ maxLength: 6 })
const int = fc.oneof(fc.integer({ min: -5, max: 500 }), fc.constantFrom(2 ** 53, 1.5, -0))
const order = fc.array(fc.nat(9), { minLength: 1, maxLength: 4 })
const opt = <A>(a: fc.Arbitrary<A>) => fc.option(a, { nil: undefined })
/** An optional key holding operands: at most three levels of them. */
const nested = <A>(a: fc.Arbitrary<A>) => fc.option(a, { nil: undefined, maxDepth: 3, depthIdentifier: "operand" })

const { operand } = fc.letrec<{ operand: Record<string, unknown> }>((tie) => ({
  operand: fc.record({
    value: opt(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer())),
    line: opt(int),
    infobox: opt(text),
    seatTotal: opt(fc.constantFrom("seats", "seats_before", "change", "regions", "votes")),
    presidencies: opt(fc.record({ party: opt(text), bloc: opt(text), order }).map(({ order: o, ...e }) => withOptional(e, o))),
    law: opt(fc.record({ parameter: text, scope: text, country: opt(text), election: opt(text), order }).map(({ order: o, ...e }) => withOptional(e, o))),
    party: opt(fc.record({ name: text, measure: fc.constantFrom("seats", "change", "regions", "percent", "votes", "share"), round: opt(int), decimals: opt(int), order }).map(({ order: o, ...e }) => withOptional(e, o))),
    turnout: opt(fc.record({ round: opt(int), decimals: opt(int), order }).map(({ order: o, ...e }) => withOptional(e, o))),
    sum: nested(fc.array(tie("operand"), { maxLength: 2 })),
    difference: nested(fc.tuple(tie("operand"), tie("operand"))),
    order
  }).map(({ order: o, ...e }) => withOptional(e as Record<string, unknown>, o))
})) as unknown as { operand: fc.Arbitrary<Record<string, unknown>> }

const check = fc.oneof(
  fc.record({ left: operand, right: operand, order }).map(({ order: o, ...e }) => withOptional({ kind: "equals", ...e }, o)),
  fc.record({ holder: operand, of: operand, order }).map(({ order: o, ...e }) => withOptional({ kind: "majority", ...e }, o)),
  fc.record({ bloc: text, count: opt(operand), of: opt(operand), areas: opt(fc.array(text, { maxLength: 3 })), order }).map(({ order: o, ...e }) => withOptional({ kind: "winners", ...e }, o)),
  fc.record({ area: text, contestant: fc.option(text, { nil: null }), incumbent: fc.boolean(), order }).map(({ order: o, ...e }) => withOptional({ kind: "incumbent", ...e }, o)),
  fc.record({ round: int, order }).map(({ order: o, ...e }) => withOptional({ kind: "no-majority", ...e }, o)),
  fc.record({ reason: text, order }).map(({ order: o, ...e }) => withOptional({ kind: "not-checkable", ...e }, o))
)
const claim = fc.record({ id: text, line: int, quote: text, check, note: opt(text), order }).map(({ order: o, ...e }) => withOptional(e, o))
const file = fc.record({ article: text, claims: fc.array(claim, { maxLength: 4 }) })

/** Every object and array inside `v` (itself included), depth first. */
const containers = (v: unknown): Array<Record<string, unknown> | Array<unknown>> =>
  typeof v !== "object" || v === null ? [] : [v as Record<string, unknown>, ...Object.values(v).flatMap(containers)]

/** `json` with one container changed by `how` (its `pick`-th container, counted depth first). */
const broken = (json: unknown, pick: number, how: number): unknown => {
  const copy = structuredClone(json)
  const all = containers(copy)
  const target = all[pick % all.length]!
  const keys = Object.keys(target)
  const key = keys[pick % Math.max(1, keys.length)]
  const record = target as Record<string, unknown>
  switch (how) {
    case 0: record["extra"] = 1; break
    case 1: if (key !== undefined) delete record[key]; break
    case 2: if (key !== undefined) record[key] = 3.5; break
    case 3: if (key !== undefined) record[key] = "x"; break
    case 4: if (key !== undefined) record[key] = null; break
    case 5: if (key !== undefined) record[key] = [record[key]]; break
    case 6: if (Array.isArray(target)) target.push(target[0] ?? {}); else record["kind"] = "other"; break
  }
  return copy
}

/** The shortcut agrees with Schema on `json`; says whether it took it. */
const agrees = (json: unknown): { readonly ok: boolean; readonly took: boolean } => {
  const plain = plainClaimsFile(json)
  const result = long(json)
  if (plain === undefined) return { ok: true, took: false }
  return {
    ok: result._tag === "Success" && JSON.stringify(plain) === JSON.stringify(result.success) && fc.stringify(plain) === fc.stringify(result.success),
    took: true
  }
}

test("on random files the shortcut's value is Schema's (same keys, order and values), and it takes every valid file", (t) => {
  let took = 0
  let valid = 0
  fc.assert(
    fc.property(file, (json) => {
      const { ok, took: shortcut } = agrees(json)
      const decodes = long(json)._tag === "Success"
      if (decodes) valid++
      if (shortcut) took++
      // A file Schema accepts whose keys are all declared is in the plain shape.
      return ok && (shortcut || !decodes)
    }),
    { numRuns: 300 }
  )
  t.true(valid > 50, `${valid} valid files`)
  t.true(took > 50, `${took} taken`)
})

test("on files broken one way each the shortcut gives nothing where Schema fails, and Schema's value where it gives one", (t) => {
  let refused = 0
  fc.assert(
    fc.property(file, fc.nat(), fc.integer({ min: 0, max: 6 }), (json, pick, how) => {
      const bad = broken(json, pick, how)
      const { ok, took } = agrees(bad)
      if (!took) refused++
      return ok
    }),
    { numRuns: 750 }
  )
  t.true(refused > 400, `${refused} refused`)
})

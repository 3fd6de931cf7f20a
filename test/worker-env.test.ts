/**
 * A worker thread is given the main thread's parsed inputs (the party dictionary, the reference,
 * the claims files: `Env`, pipeline/parallel/protocol.ts) through the structured clone instead of
 * the reference texts to parse again. The clone keeps plain objects, arrays, Maps, Sets and
 * primitives, and silently drops a class' prototype or a function. So: every value reachable from
 * the Env of the seeds (with their three claims files) is of those kinds, the clone equals it, and
 * the whole analysis of the seeds with the clone gives the same parts as with the original.
 */
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import test from "ava"
import { createArticleAnalyser, envOf } from "../pipeline/parallel/analyse.ts"
import { newScopes } from "../pipeline/parallel/ids.ts"
import { REFERENCE, SEEDS } from "./helpers/mutate.ts"

const text = (dir: string, file: string) => ({ file, text: readFileSync(join(dir, file), "utf8") })
const env = envOf({
  parties: text(REFERENCE, "parties.csv"),
  councils: text(REFERENCE, "regional-councils.csv"),
  law: text(REFERENCE, "electoral-law.csv"),
  claims: readdirSync(SEEDS).filter((f) => f.endsWith(".claims.json")).sort().map((f) => text(SEEDS, f)),
  seedsName: "seeds"
})
const PLAIN = new Set<unknown>([Object.prototype, Array.prototype, Map.prototype, Set.prototype, null])

/** Every value reachable from `root` that the structured clone would not copy as it is, with its path. */
const unclonable = (root: unknown): Array<string> => {
  const found: Array<string> = []
  const seen = new Set<object>()
  const visit = (value: unknown, path: string) => {
    if (typeof value === "function" || typeof value === "symbol") return void found.push(`${path}: ${typeof value}`)
    if (typeof value !== "object" || value === null || seen.has(value)) return
    seen.add(value)
    if (!PLAIN.has(Object.getPrototypeOf(value))) return void found.push(`${path}: ${value.constructor?.name ?? "no prototype"}`)
    if (Object.getOwnPropertySymbols(value).length > 0) found.push(`${path}: symbol keys`)
    for (const [key, d] of Object.entries(Object.getOwnPropertyDescriptors(value))) {
      if (Array.isArray(value) && key === "length") continue
      if (!d.enumerable || d.get !== undefined || d.set !== undefined) found.push(`${path}.${key}: not a plain property`)
      else visit(d.value, `${path}.${key}`)
    }
    if (value instanceof Map) for (const [k, v] of value) { visit(k, `${path}<key>`); visit(v, `${path}[${String(k)}]`) }
    if (value instanceof Set) for (const v of value) visit(v, `${path}<item>`)
  }
  visit(root, "env")
  return found
}

test("the Env of the seeds holds only what the structured clone copies as it is", (t) => {
  t.true(env.claimsOf.size === 3 && env.dictionary.parties.length > 10 && env.reference.councils.length > 10)
  t.deepEqual(unclonable(env), [])
  t.deepEqual(structuredClone(env), env)
})

test("the check would see a class instance, a function or a getter in the Env", (t) => {
  class Party { constructor(readonly code: string) {} }
  t.deepEqual(unclonable({ ...env, extra: new Party("X") }), ["env.extra: Party"])
  t.deepEqual(unclonable({ ...env, extra: [() => 1] }), ["env.extra.0: function"])
  t.deepEqual(unclonable({ ...env, extra: { get x() { return 1 } } }), ["env.extra.x: not a plain property"])
})

test("the seeds analysed with the cloned Env give the same parts as with the original", (t) => {
  const cloned = structuredClone(env)
  const withOriginal = createArticleAnalyser(env, newScopes())
  const withClone = createArticleAnalyser(cloned, newScopes())
  for (const file of readdirSync(SEEDS).filter((f) => f.endsWith(".txt")).sort()) {
    const source = text(SEEDS, file)
    const a = withOriginal(source, () => {})
    const b = withClone(source, () => {})
    t.deepEqual(b.part, a.part, file)
    t.true(a.part.audit.anomalies.length > 0, file)
  }
})

test("the clone keeps the Env's shared objects shared (a party in `parties`, `byCode` and `byKey` is one object in the worker too)", (t) => {
  // Structured clone keeps identities inside one cloned value; were the Env ever sent in pieces
  // (one message per part), an `===` between them would silently turn false in the worker.
  const cloned = structuredClone(env)
  const image = new Map<object, object>()
  let shared = 0
  const walk = (a: unknown, b: unknown, path: string) => {
    if (typeof a !== "object" || a === null) return
    const seen = image.get(a)
    if (seen !== undefined) {
      shared++
      return void t.is(seen, b as object, `${path}: one object in the original, two in the clone`)
    }
    image.set(a, b as object)
    if (a instanceof Map) {
      const bm = b as Map<unknown, unknown>
      for (const [k, v] of a) walk(v, bm.get(k), `${path}[${String(k)}]`)
    } else for (const key of Object.keys(a)) walk((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`)
  }
  walk(env, cloned, "env")
  const party = env.dictionary.parties[0]!
  t.is(env.dictionary.byCode.get(party.code), party)
  t.is(cloned.dictionary.byCode.get(party.code), cloned.dictionary.parties[0])
  t.true(shared > env.dictionary.parties.length, `${shared} shared references`)
})

/**
 * The order of text in sorted outputs (pipeline/collate.ts): its table of printable ASCII is the
 * en-US collator's, and `compareText` agrees in sign with `Intl.Collator("en-US")` (the long path)
 * on every pair of printable ASCII strings of up to two characters, on random strings (with
 * characters that take the collator: accents, a combining mark, a no-break space, a tab) and on
 * strings one case flip apart (the tertiary level); and a run's bytes no longer depend on the user's locale: two articles named `aa-…` and
 * `b-…` under LC_ALL=da_DK.UTF-8 (where "aa" sorts after "z") give the bytes of LC_ALL=en_US.UTF-8.
 */
import { spawnSync } from "node:child_process"
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import test from "ava"
import fc from "fast-check"
import { ASCII_ORDER, compareText } from "../pipeline/collate.ts"
import { ROOT, recountArgs } from "./helpers/recount.ts"
import { sameTree } from "./helpers/tree.ts"

const collator = new Intl.Collator("en-US")
const PRINTABLE = Array.from({ length: 95 }, (_, k) => String.fromCharCode(32 + k))

test("the primary order of printable ASCII is the en-US collator's", (t) => {
  const base = new Intl.Collator("en-US", { sensitivity: "base" })
  const sorted = [...PRINTABLE].sort((a, b) => collator.compare(a, b))
  const groups: Array<string> = []
  for (const c of sorted) {
    if (groups.length > 0 && base.compare(groups[groups.length - 1]![0]!, c) === 0) groups[groups.length - 1] += c
    else groups.push(c)
  }
  t.deepEqual(ASCII_ORDER, groups)
})

test("compareText has the en-US collator's sign: every pair of printable ASCII strings up to two characters, and random strings", (t) => {
  const short = ["", ...PRINTABLE, ...["aa", "aA", "Aa", "AA", "a_", "_a", "a-", "-a", "a ", " a", "a1", "1a", "ab", "aB", "Ab", "B", "b_"]]
  for (const a of short) for (const b of short) t.is(Math.sign(compareText(a, b)), Math.sign(collator.compare(a, b)), JSON.stringify([a, b]))
  const char = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(..."abcdeABCDE") },
    { weight: 3, arbitrary: fc.constantFrom(...PRINTABLE) },
    { weight: 1, arbitrary: fc.constantFrom("é", "É", "\u00a0", "\u0301", "ß", "\t") }
  )
  const text = fc.array(char, { maxLength: 10 }).map((cs) => cs.join(""))
  let ascii = 0
  fc.assert(
    fc.property(text, text, (a, b) => {
      if (/^[\x20-\x7e]*$/.test(a + b)) ascii++
      return Math.sign(compareText(a, b)) === Math.sign(collator.compare(a, b))
    }),
    { numRuns: 50_000, seed: 11 }
  )
  // Near-equal strings too (one character changed, or a case flipped), where the tertiary level decides.
  fc.assert(
    fc.property(fc.array(fc.constantFrom(..."abAB_-1 "), { minLength: 1, maxLength: 8 }), fc.nat(), (cs, k) => {
      const a = cs.join("")
      const i = k % cs.length
      const flipped = cs[i] === cs[i]!.toUpperCase() ? cs[i]!.toLowerCase() : cs[i]!.toUpperCase()
      const b = [...cs.slice(0, i), flipped, ...cs.slice(i + 1)].join("")
      return Math.sign(compareText(a, b)) === Math.sign(collator.compare(a, b)) && Math.sign(compareText(b, a)) === Math.sign(collator.compare(b, a))
    }),
    { numRuns: 20_000, seed: 12 }
  )
  t.true(ascii > 10_000, `${ascii} all-ASCII pairs`)
})

test("a run's outputs do not depend on the user's locale (aa- and b- articles, da_DK against en_US)", (t) => {
  // The control: under da_DK this Node's own default collation does put "aa" after "z" (so the
  // runs below could differ; a Node without the locale's data would pass them for nothing).
  const control = spawnSync(process.execPath, ["-p", `["aa", "b", "z"].sort((a, b) => a.localeCompare(b)).join(" ")`], {
    encoding: "utf8",
    env: { ...process.env, LANG: "da_DK.UTF-8", LC_ALL: "da_DK.UTF-8" }
  })
  t.is(control.stdout.trim(), "b z aa", control.stderr)
  recountArgs() // builds the bundle when stale
  const work = mkdtempSync(join(tmpdir(), "recount-collate-"))
  t.teardown(() => rmSync(work, { recursive: true, force: true }))
  const seeds = join(work, "seeds")
  mkdirSync(seeds)
  cpSync(join(ROOT, "seeds", "reference"), join(seeds, "reference"), { recursive: true })
  copyFileSync(join(ROOT, "seeds", "2004-french-cantonal-elections.txt"), join(seeds, "aa-cantonal.txt"))
  copyFileSync(join(ROOT, "seeds", "2004-french-senate-election.txt"), join(seeds, "b-senate.txt"))
  for (const locale of ["en_US.UTF-8", "da_DK.UTF-8"]) {
    const run = spawnSync(join(ROOT, "dist", "recount"), ["--seeds", seeds, "--reference", join(seeds, "reference"), "--out", join(work, `out-${locale}`), "--reports", join(work, `reports-${locale}`), "-q"], {
      cwd: work,
      encoding: "utf8",
      env: { ...process.env, NODE_OPTIONS: "", RECOUNT_PROFILE: "", LANG: locale, LC_ALL: locale }
    })
    t.is(run.status, 0, run.stderr)
  }
  sameTree(t, join(work, "out-en_US.UTF-8"), join(work, "out-da_DK.UTF-8"))
  sameTree(t, join(work, "reports-en_US.UTF-8"), join(work, "reports-da_DK.UTF-8"))
})

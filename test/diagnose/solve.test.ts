/** The diagnosis's building blocks: the typo model, the exact integer solver, localisation of small fixtures. */
import test from "ava"
import { localise } from "../../pipeline/diagnose/localise.ts"
import { solve } from "../../pipeline/diagnose/solve.ts"
import type { Block, Cell } from "../../pipeline/diagnose/system.ts"
import { typoCandidates, typoPattern } from "../../pipeline/diagnose/typo.ts"

test("typo patterns: changed digit, transposed digits, sign, thousands separator; nothing else", (t) => {
  t.is(typoPattern(88674, 86674), "changed digit")
  t.is(typoPattern(2724, 2742), "transposed digits")
  t.is(typoPattern(7, -7), "lost sign")
  t.is(typoPattern(-7, 7), "flipped sign")
  t.is(typoPattern(48949, 48949000), "thousands separator")
  t.is(typoPattern(5, 10), null)
  t.is(typoPattern(1234, 4231), null)
  t.is(typoPattern(258287, 374052), null)
})

test("typo candidates are exactly the values one typo away", (t) => {
  const c = typoCandidates(27, false)
  t.true(c.includes(72) && c.includes(17) && c.includes(28) && c.includes(27000))
  t.false(c.includes(27) || c.includes(7) || c.includes(-27))
  t.true(typoCandidates(-7, true).includes(7))
  for (const v of typoCandidates(88674, false)) t.not(typoPattern(88674, v), null, String(v))
})

test("solve: an equality fixes an unknown; inequalities bound it; no solution is 'none'", (t) => {
  // u0 + u1 = 10, u0 ≥ 3, u1 ≥ 4 → u0 ∈ {3..6}
  const s = solve(2, [{ a: [1n, 1n], b: 10n }], [{ a: [-1n, 0n], b: -3n }, { a: [0n, -1n], b: -4n }])
  t.is(s.kind, "points")
  if (s.kind === "points") t.deepEqual(s.points.map((p) => p.map(Number)).sort((a, b) => a[0]! - b[0]!), [[3, 7], [4, 6], [5, 5], [6, 4]])
  t.is(solve(1, [{ a: [2n], b: 3n }], []).kind, "none")
  t.is(solve(1, [], [{ a: [1n], b: 1n }, { a: [-1n], b: -2n }]).kind, "none")
  // Wide: summarised by its exact bounds.
  const wide = solve(1, [], [{ a: [1n], b: 100000n }, { a: [-1n], b: 0n }], 100, 1_000_000)
  t.is(wide.kind, "many")
  if (wide.kind === "many") t.deepEqual([wide.low[0], wide.high[0]], [0n, 100000n])
  t.is(solve(1, [], [{ a: [1n], b: 10n }]).kind, "undecided")
})

const cell = (field: string, line: number, stated: number | null, kind: Cell["kind"] = "count", decimals = 0): Cell => ({
  file: "f.txt", line, table_id: "t", row_table: "results", contest_id: "c", row_id: `r${line}`, field, round: 1, label: `row ${line}`, key: `r1/row-${line}/${field}`, stated, decimals, kind, copy: null
})

test("localise: one wrong vote figure in a round with a Total row is found and restored", (t) => {
  // votes 600, 300, 100 (60 %, 30 %, 10 %), total 1,000; the 300 mistyped as 500.
  const cells = [cell("votes", 1, 600), cell("votes", 2, 500), cell("votes", 3, 100), cell("percent", 1, 6000, "percent", 2), cell("percent", 2, 3000, "percent", 2), cell("percent", 3, 1000, "percent", 2), cell("total_votes", 4, 1000)]
  const block: Block = {
    file: "f.txt", section: "s", area: "a", election_id: "e", cells,
    constraints: [
      { kind: "eq", terms: [[0, 1], [1, 1], [2, 1], [6, -1]], rhs: 0, tags: [{ rule: "vote-sum", line: 4, what: "sum" }] },
      ...[0, 1, 2].map((i) => ({ kind: "pct" as const, votes: i, total: 6, pct: i + 3, truncation: true, tags: [{ rule: "percent-recompute", line: i + 1, what: "pct" }] }))
    ],
    units: [...[0, 1, 2].map((i) => ({ primary: i, linked: [], recomputed: [] })), ...[3, 4, 5].map((i) => ({ primary: i, linked: [], recomputed: [i] })), { primary: 6, linked: [], recomputed: [] }]
  }
  const r = localise(block)
  t.is(r.status, "located")
  if (r.status !== "located") return
  t.is(r.explanations.length, 1)
  t.deepEqual(r.explanations[0]!.changes.map((c) => [c.cell, c.value]), [[1, 300]])
  t.is(r.explanations[0]!.pattern, "changed digit")
})

import test from "ava"
import { existsSync, readdirSync, readFileSync } from "node:fs"
import path from "node:path"
import type { Rule } from "../pipeline/audit/anomaly.ts"
import { renderRulesDoc } from "../pipeline/audit/rules-doc.ts"
import { rules } from "../pipeline/audit/rules/index.ts"

const ROOT = path.join(import.meta.dirname, "..")
const RULES_DIR = path.join(ROOT, "pipeline", "audit", "rules")
const committed = readFileSync(path.join(ROOT, "docs", "rules.md"), "utf8")
const modules = readdirSync(RULES_DIR).filter((f) => f.endsWith(".ts") && f !== "index.ts").sort()

test("docs/rules.md is what scripts/rules-doc.ts generates from the rule catalogue", (t) => {
  t.is(committed, renderRulesDoc(rules), "regenerate it: npx tsx scripts/rules-doc.ts > docs/rules.md")
})

test("every rule module in pipeline/audit/rules/ is in the catalogue, under its file's name", async (t) => {
  t.true(modules.length > 0)
  for (const file of modules) {
    // A template literal relative to this file: compiled (scripts/build-tests.mjs), esbuild bundles every
    // module of the folder and imports the one named; through tsx, the file itself is imported.
    const mod = (await import(`../pipeline/audit/rules/${file}`)) as { rule?: Rule }
    t.truthy(mod.rule, `${file} exports no \`rule\``)
    if (!mod.rule) continue
    t.true(rules.includes(mod.rule), `${file}: add its rule to pipeline/audit/rules/index.ts`)
    t.is(mod.rule.meta.code, file.replace(/\.ts$/, ""), `${file}: the rule's code is its file name`)
  }
  t.is(rules.length, modules.length, "the catalogue lists a rule that has no module of its own, or one twice")
})

test("every rule in the catalogue has its test file test/rules/<code>.test.ts", (t) => {
  const missing = rules.map((r) => `test/rules/${r.meta.code}.test.ts`).filter((f) => !existsSync(path.join(ROOT, f)))
  t.deepEqual(missing, [], "write these rule tests")
})

test("rule codes are unique kebab-case, and every rule documents what it checks and needs", (t) => {
  const codes = rules.map((r) => r.meta.code)
  t.deepEqual([...new Set(codes)], codes, "a code is used twice")
  for (const { meta } of rules) {
    t.regex(meta.code, /^[a-z]+(?:-[a-z]+)*$/, meta.code)
    for (const key of ["title", "checks", "needs"] as const) t.true(meta[key].trim().length > 0, `${meta.code}: empty ${key}`)
    t.true(meta.tolerance === null || meta.tolerance.trim().length > 0, `${meta.code}: empty tolerance (use null)`)
  }
})

test("the rules document gives each rule its section, with severity, category, checks, needs and tolerance", (t) => {
  for (const { meta } of rules) {
    const start = committed.indexOf(`\n## ${meta.code}\n`)
    t.true(start >= 0, `no section for ${meta.code}`)
    const section = committed.slice(start, committed.indexOf("\n## ", start + 1) === -1 ? undefined : committed.indexOf("\n## ", start + 1))
    t.true(section.includes(`**${meta.title}**`), `${meta.code}: title`)
    t.true(section.includes(`- Severity: ${meta.severity}\n`), `${meta.code}: severity`)
    t.true(section.includes(`- Category: ${meta.category}\n`), `${meta.code}: category`)
    t.true(section.includes(`- Checks: ${meta.checks}\n`), `${meta.code}: checks`)
    t.true(section.includes(`- Needs: ${meta.needs}\n`), `${meta.code}: needs`)
    t.true(section.includes(`- Tolerance: ${meta.tolerance ?? "none: the rule compares no figures"}\n`), `${meta.code}: tolerance`)
    t.true(committed.includes(`| [\`${meta.code}\`](#${meta.code}) |`), `${meta.code}: summary table row`)
  }
})

test("renderRulesDoc escapes table cells and ends with one newline", (t) => {
  const rule: Rule = {
    meta: { code: "x-y", title: "A | B", severity: "info", category: "form", checks: "c", needs: "n", tolerance: null },
    check: () => ({ anomalies: [], items: [] })
  }
  const doc = renderRulesDoc([rule])
  t.true(doc.includes("| [`x-y`](#x-y) | A \\| B | info | form |"))
  t.true(doc.includes("The audit runs 1 rule over"))
  t.true(doc.endsWith("- Source: pipeline/audit/rules/x-y.ts\n"))
  t.false(doc.endsWith("\n\n"))
})

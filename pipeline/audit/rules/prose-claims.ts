/**
 * prose-claims: the claims the articles make in their own prose, found without a claims file
 * (audit/prose/link.ts) and evaluated with the claims rule's evaluator: held, contradicted (a
 * warning with the evidence: the extractor's reading is not a person's, so it is never an error)
 * or not checkable with why. A line a hand-written claims file covers is left to that file.
 */
import type { Draft, Item, Rule, RuleOutcome } from "../anomaly.ts"
import { claimKey, proseClaims } from "../prose/link.ts"
import { evaluate, sectionAt } from "./claims.ts"

/** The detail of a claim found on a line the article's claims file covers (the report counts these apart). */
export const DEFERRED = "left to the claims file, which has a hand-written claim on this line"

export const rule: Rule = {
  meta: {
    code: "prose-claims",
    title: "Claims found in the prose hold",
    severity: "warning",
    category: "claims",
    checks: "Every paragraph sentence, list item and infobox field that states a figure (digits, number words, percentages, fractions, \"a majority of\") or names an incumbent or an area's winning bloc is read as a claim and linked through what it names — a party's national seats or share, the chamber's total or its change, the areas a bloc won, a breakdown's parts, the infobox's seats up for election — to the claims vocabulary, then evaluated like a hand-written claim: held, contradicted (a warning) or not checkable (with the reason). Lines a claims file covers are left to it.",
    needs: "the documents, the dataset and the claims files (to defer to them)",
    tolerance: "none for counts; a stated share is compared at its own decimals"
  },
  check: (context): RuleOutcome => {
    const anomalies: Array<Draft> = []
    const items: Array<Item> = []
    for (const document of context.documents) {
      const election = context.dataset.elections.find((e) => e.source_file === document.file)
      if (!election) continue
      const handWritten = new Set((context.claims ?? []).filter((f) => f.article === document.file).flatMap((f) => f.claims.map((c) => c.line)))
      for (const claim of proseClaims({ document, dataset: context.dataset, election, reference: context.reference })) {
        const subject = `${document.file}:${claim.line} “${claim.quote}”`
        const item = (status: Item["status"], detail: string): Item => ({ subject, file: document.file, line: claim.line, status, detail })
        if (handWritten.has(claim.line)) {
          items.push(item("not_evaluated", DEFERRED))
          continue
        }
        const verdict = evaluate(context, election, claim.check)
        if (verdict._tag === "not_checkable") {
          items.push(item("not_evaluated", verdict.reason))
          continue
        }
        if (verdict._tag === "held") {
          items.push(item("passed", verdict.evidence))
          continue
        }
        items.push(item("flagged", verdict.evidence))
        anomalies.push({
          file: document.file,
          line: claim.line,
          section: sectionAt(context, document.file, claim.line),
          area: claim.check.kind === "incumbent" ? claim.check.area : null,
          round: null,
          tolerance: 0,
          suggestion: null,
          key: claimKey(claim),
          severity: "warning",
          lines: [claim.line, ...verdict.lines],
          field: "claim",
          stated: verdict.stated,
          expected: verdict.expected,
          delta: typeof verdict.stated === "number" && typeof verdict.expected === "number" ? verdict.stated - verdict.expected : null,
          message: `The article says “${claim.quote}”, but ${verdict.evidence} (a claim found in the prose; a claims file entry on line ${claim.line} would replace this reading).`
        })
      }
    }
    return { anomalies, items }
  }
}

/**
 * Prints docs/rules.md, generated from the rule catalogue's metadata:
 *   npx tsx scripts/rules-doc.ts > docs/rules.md
 */
import { renderRulesDoc } from "../pipeline/audit/rules-doc.ts"
import { rules } from "../pipeline/audit/rules/index.ts"

process.stdout.write(renderRulesDoc(rules))

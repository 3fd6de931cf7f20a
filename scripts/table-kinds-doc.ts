/**
 * Prints docs/table-kinds.md, generated from the table-kind catalogue's metadata:
 *   npx tsx scripts/table-kinds-doc.ts > docs/table-kinds.md
 */
import { kinds } from "../pipeline/normalise/kinds/index.ts"
import { renderTableKindsDoc } from "../pipeline/normalise/kinds-doc.ts"

process.stdout.write(renderTableKindsDoc(kinds))

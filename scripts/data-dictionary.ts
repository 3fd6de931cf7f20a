/**
 * Prints docs/data-dictionary.md, generated from the table definitions:
 *   npx tsx scripts/data-dictionary.ts > docs/data-dictionary.md
 */
import { dictionaryTables, renderDataDictionary } from "../pipeline/emit/data-dictionary.ts"

process.stdout.write(renderDataDictionary(dictionaryTables))

/**
 * The diagnosis' property tests' corpus (test/diagnose/stated-clean, latent-stop): the three seeds
 * and one generated regional-style article (bench/generate.ts, seed 20261129), each parsed and
 * normalised with the real party dictionary, and the real reference data (seeds/reference/).
 */
import { readFileSync } from "node:fs"
import { generateCorpus } from "../../bench/generate.ts"
import { parseReference } from "../../pipeline/audit/reference.ts"
import { parseArticle } from "../../pipeline/extract/parse.ts"
import { createNormaliser } from "../../pipeline/normalise/normalise.ts"
import { parsePartyDictionary } from "../../pipeline/normalise/parties.ts"

const read = (name: string) => readFileSync(new URL(`../../seeds/${name}`, import.meta.url), "utf8")
const { dictionary } = parsePartyDictionary(read("reference/parties.csv"), "parties.csv")
export const reference = parseReference(
  { file: "regional-councils.csv", text: read("reference/regional-councils.csv") },
  { file: "electoral-law.csv", text: read("reference/electoral-law.csv") }
)
const SEEDS = ["2004-french-cantonal-elections", "2004-french-regional-elections", "2004-french-senate-election"]
const articles = [...SEEDS.map((name) => ({ name: `${name}.txt`, text: read(`${name}.txt`) })), ...generateCorpus(1, 20261129)]
const normaliser = createNormaliser(dictionary)
export const datasets = articles.map((a) => normaliser.add(parseArticle(a.name, a.text)))

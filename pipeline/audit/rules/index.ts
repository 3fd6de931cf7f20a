/** The rule catalogue. Adding a rule: add its module here and its test under test/rules/. */
import type { Rule } from "../anomaly.ts"
import { rule as change } from "./change.ts"
import { rule as claims } from "./claims.ts"
import { rule as councilSize } from "./council-size.ts"
import { rule as impliedTotal } from "./implied-total.ts"
import { rule as infobox } from "./infobox.ts"
import { rule as normalisation } from "./normalisation.ts"
import { rule as percentRecompute } from "./percent-recompute.ts"
import { rule as percentSum } from "./percent-sum.ts"
import { rule as presidencies } from "./presidencies.ts"
import { rule as proseClaims } from "./prose-claims.ts"
import { rule as reconciliation } from "./reconciliation.ts"
import { rule as repeatedFigure } from "./repeated-figure.ts"
import { rule as roundTwoQualification } from "./round-two-qualification.ts"
import { rule as seatReconstruction } from "./seat-reconstruction.ts"
import { rule as seatSum } from "./seat-sum.ts"
import { rule as turnoutIdentity } from "./turnout-identity.ts"
import { rule as voteSum } from "./vote-sum.ts"

export const rules: ReadonlyArray<Rule> = [
  voteSum,
  percentRecompute,
  percentSum,
  impliedTotal,
  seatSum,
  councilSize,
  change,
  repeatedFigure,
  turnoutIdentity,
  normalisation,
  roundTwoQualification,
  seatReconstruction,
  reconciliation,
  infobox,
  presidencies,
  claims,
  proseClaims
]

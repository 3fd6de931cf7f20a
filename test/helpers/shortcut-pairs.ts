/**
 * The diagnosis' shortcuts (diagnose/localise.ts `shortcuts`, solve.ts `solverShortcuts`) switched
 * all on or all off, and a block localised both ways: the long path is the oracle of
 * test/diagnose/shortcuts.test.ts and test/diagnose/shortcuts-negative.test.ts. The short way also
 * audits `impliedByRows`' claim at each point: every check it lets judging skip must hold there
 * (counted in `impliedAudit`).
 */
import { impliedAudit, localise, shortcuts } from "../../pipeline/diagnose/localise.ts"
import { solverShortcuts } from "../../pipeline/diagnose/solve.ts"
import type { Block } from "../../pipeline/diagnose/system.ts"

type Flag = { [K in keyof typeof shortcuts]: (typeof shortcuts)[K] extends boolean ? K : never }[keyof typeof shortcuts]
export const FLAGS = (Object.keys(shortcuts) as Array<keyof typeof shortcuts>).filter((k): k is Flag => typeof shortcuts[k] === "boolean")

/** Every shortcut on, or every one off (the long path). */
export const setAll = (on: boolean): void => {
  for (const k of FLAGS) (shortcuts as Record<Flag, boolean>)[k] = on
  solverShortcuts.deferPoints = on
  solverShortcuts.dominated = on
}

/** The block localised the long way and the short way (shortcuts left on afterwards). */
export const compare = (block: Block): { fast: ReturnType<typeof localise>; long: ReturnType<typeof localise> } => {
  setAll(false)
  const long = localise(block)
  setAll(true)
  impliedAudit.on = true
  try {
    return { fast: localise(block), long }
  } finally {
    impliedAudit.on = false
  }
}

/**
 * reconciliation: a national table's figures against the sum of the areas' figures, per party
 * family — seats against the council tables, votes against the area list results, and the round
 * totals. An article that leaves some areas out (the four overseas regions here) leaves a gap that
 * those areas can explain: info. A gap they cannot explain — the areas exceed the nation — is a warning.
 */
import type { Draft, Item, Rule, RuleOutcome } from "../anomaly.ts"
import { count } from "../format.ts"
import { slug } from "../../normalise/ids.ts"
import type { Result, Seat } from "../../normalise/records.ts"
import { attributeRound } from "../council-lists.ts"
import { areaContests, blocOf, councilOf, partyCodesOf, roundViews, seatTableViews, sum } from "../views.ts"

export const rule: Rule = {
  meta: {
    code: "reconciliation",
    title: "National figures reconcile with the areas' figures",
    severity: "warning",
    category: "reconciliation",
    checks: "For each party family of a national table (its own party code, or the codes of its Parties label): national seats against the sum of that family's council seats; national votes per round against the sum of the area lists wholly in that family; national round totals against the sum of area totals. Equal: passed. National above the areas' sum by no more than the areas the article omits could hold (overseas councils' seats from the reference; for votes, any positive gap): info. Areas above the nation, or a seat gap larger than the omitted councils: warning.",
    needs: "the national results/seat table with list labels, the area council tables and results, the reference council list (kind metropolitan/overseas)",
    tolerance: "none on counts; the explainable gap is bounded by the omitted areas' seats"
  },
  check: ({ dataset, reference }): RuleOutcome => {
    const anomalies: Array<Draft> = []
    const items: Array<Item> = []
    const codesOf = partyCodesOf(dataset)
    const bloc = blocOf(dataset)
    const rounds = roundViews(dataset)
    let omittedSeats = 0
    for (const c of reference.councils) if (c.kind === "overseas") omittedSeats += c.seats
    const omittedNames = reference.councils.filter((c) => c.kind === "overseas").map((c) => c.region)
    for (const national of seatTableViews(dataset).filter((v) => v.total?.area_level === "national" && v.election.kind === "regional")) {
      const election = national.election
      const nationalRounds = rounds.filter((v) => v.contest.table_id === national.table.table_id)
      const resultAt = (seat: Seat, round: number): Result | undefined =>
        nationalRounds.find((v) => v.contest.round === round)?.rows.find((r) => r.position === seat.position)
      // Families: a row naming one party keeps that code to itself; a grouping takes its label's other codes.
      const single = new Map<Seat, Set<string>>()
      for (const row of national.rows) {
        const r1 = resultAt(row, 1)
        const labelCodes = r1 ? codesOf(r1) : []
        const own = row.party_code
        if (own !== null && (labelCodes.length === 0 || (labelCodes.length === 1 && labelCodes[0] === own))) single.set(row, new Set([own]))
      }
      const claimed = new Set([...single.values()].flatMap((s) => [...s]))
      const families = new Map<Seat, Set<string>>(national.rows.map((row) => {
        if (single.has(row)) return [row, single.get(row)!]
        const r1 = resultAt(row, 1)
        const codes = new Set([...(row.party_code ? [row.party_code] : []), ...(r1 ? codesOf(r1) : [])].filter((c) => !claimed.has(c)))
        return [row, codes]
      }))
      // code → the first family holding it (in national-table order), built once.
      const familyByCode = new Map<string, Seat>()
      for (const [row, codes] of families) for (const code of codes) if (!familyByCode.has(code)) familyByCode.set(code, row)
      const familyOf = (code: string | null) => (code === null ? null : familyByCode.get(code) ?? null)

      // Seats: each council row's seats go to the family of the list they were won on (see
      // council-lists.ts); where an area's lists are unknown (no deciding-round figures), to the
      // family of the row's own party code.
      const seatsOfFamily = new Map<Seat, Array<Seat>>()
      const unassigned: Array<Seat> = []
      const credit = (family: Seat | null, row: Seat) => {
        if (family === null) unassigned.push(row)
        else {
          const list = seatsOfFamily.get(family)
          if (list) list.push(row)
          else seatsOfFamily.set(family, [row])
        }
      }
      const councils = councilOf(dataset)
      const attributed = new Set<Seat>()
      for (const contest of areaContests(dataset).filter((c) => c.election.election_id === election.election_id)) {
        const council = councils(election.election_id, contest.area)
        const lastRound = contest.lastRound
        if (!council || !contest.deciding || contest.deciding.contest.round < lastRound) continue
        const { groups } = attributeRound(contest.deciding, council.rows, codesOf, bloc)
        for (const group of groups) {
          // The group's one family (its lists' first codes' families), or none when they differ or have none.
          let family: Seat | null = null
          let several = false
          for (const l of group.lists) {
            const f = familyOf(codesOf(l)[0] ?? null)
            if (f === null || f === family) continue
            if (family === null) family = f
            else several = true
          }
          if (family === null || several) continue
          for (const row of group.rows) {
            credit(family, row)
            attributed.add(row)
          }
        }
      }
      const councilRows = dataset.seats.filter((s) => s.election_id === election.election_id && s.area_level === "area" && s.measure === "seats" && (s.seats ?? 0) > 0)
      // Areas whose lists are unknown: the rows marked • formed the winning list, so they share the
      // family of the largest marked row; unmarked rows go by their own party code.
      const byArea = new Map<string, Array<Seat>>()
      for (const row of councilRows) {
        if (attributed.has(row)) continue
        const list = byArea.get(row.area)
        if (list) list.push(row)
        else byArea.set(row.area, [row])
      }
      for (const rows of byArea.values()) {
        const marked = rows.filter((r) => r.majority === true)
        const lead = marked.reduce<Seat | null>((best, r) => (best === null || r.seats! > best.seats! ? r : best), null)
        for (const row of rows) credit(row.majority === true && lead ? familyOf(lead.party_code) : familyOf(row.party_code), row)
      }
      const families_ = national.rows.filter((r) => r.seats !== null)
      for (const row of families_) {
        const members = seatsOfFamily.get(row) ?? []
        const areaSum = sum(members.map((s) => s.seats!))
        compare({
          key: `${slug(row.party)}/seats`, what: `${row.party} seats`, field: "seats", national: row.seats!, areas: areaSum, line: row.source_line,
          lines: members.map((s) => s.source_line), file: row.source_file, section: national.table.section, round: null,
          explainable: (gap) => gap <= omittedSeats,
          basis: `${members.length} council rows won on the family's lists, in ${new Set(members.map((s) => s.area)).size} areas`,
          omitted: `the ${omittedNames.length} councils the article omits (${omittedNames.join(", ")}: ${count(omittedSeats)} seats)`,
          unassigned: ""
        })
      }
      if (unassigned.length > 0) {
        items.push({ subject: "council rows without a national family", file: national.table.source_file, line: national.table.source_line, status: "not_evaluated", detail: unassigned.map((s) => `${s.party} (${s.area}, line ${s.source_line})`).join(", ") })
      }
      // All families together: the national total against every council seat in the article.
      if (national.total?.seats != null) {
        const allCouncils = sum(councilRows.map((s) => s.seats!))
        compare({
          key: "all/seats", what: "total seats", field: "seats", national: national.total.seats, areas: allCouncils, line: national.total.source_line,
          lines: [], file: national.table.source_file, section: national.table.section, round: null, explainable: (gap) => gap <= omittedSeats,
          basis: `every council seat in the article's ${new Set(councilRows.map((s) => s.area)).size} area tables`,
          omitted: `the ${omittedNames.length} councils the article omits (${count(omittedSeats)} seats)`, unassigned: ""
        })
      }
      // Votes: national row per round against the area lists wholly inside its family; round totals.
      for (const view of nationalRounds) {
        const areaRound = rounds.filter((v) => v.election.election_id === election.election_id && v.contest.area_level === "area" && v.contest.round === view.contest.round)
        const areaLists: Array<Result> = []
        for (const v of areaRound) for (const r of v.rows) areaLists.push(r)
        const listFamily = new Map<Result, Seat | null>()
        const familyOfList = (r: Result) => {
          let family = listFamily.get(r)
          if (family === undefined) {
            // The one family of all the list's codes (a code of no family counts as one: null), else
            // null — as a Set of their families of size 1 would say, without the Set.
            let one: Seat | null | undefined
            for (const c of codesOf(r)) {
              const f = familyOf(c)
              if (one === undefined) one = f
              else if (f !== one) {
                one = null
                break
              }
            }
            family = one ?? null
            listFamily.set(r, family)
          }
          return family
        }
        // Each family's member lists (wholly in it, with votes) and straddling lists (some code in
        // it, the list as a whole not), in area-list order: one pass over the area lists instead of
        // two filters per national row, for speed.
        const membersOf = new Map<Seat, Array<Result>>()
        const straddlingOf = new Map<Seat, Array<Result>>()
        const append = (map: Map<Seat, Array<Result>>, family: Seat, r: Result) => {
          const list = map.get(family)
          if (list) list.push(r)
          else map.set(family, [r])
        }
        for (const r of areaLists) {
          const own = familyOfList(r)
          if (own !== null && r.votes !== null) append(membersOf, own, r)
          // Each other family the list's codes touch, once, in code order: a family already met at an
          // earlier code is skipped (a list has a few codes; no Set per list).
          const codes = codesOf(r)
          for (let j = 0; j < codes.length; j++) {
            const f = familyOf(codes[j]!)
            if (f === null || f === own) continue
            let seen = false
            for (let k = 0; k < j && !seen; k++) seen = familyOf(codes[k]!) === f
            if (!seen) append(straddlingOf, f, r)
          }
        }
        for (const row of national.rows) {
          const result = view.rows.find((r) => r.position === row.position)
          if (!result || result.votes === null) continue
          const members = membersOf.get(row) ?? []
          const straddling = straddlingOf.get(row) ?? []
          if (straddling.length > 0 || members.length === 0) {
            items.push({
              subject: `${row.party} round-${view.contest.round} votes`, file: result.source_file, line: result.source_line, status: "not_evaluated",
              detail: members.length === 0 ? "no area list belongs wholly to the family" : `${straddling.length} area list(s) mix this family with others (e.g. ${straddling[0]!.list_label ?? straddling[0]!.contestant}, line ${straddling[0]!.source_line})`
            })
            continue
          }
          compare({
            key: `${slug(row.party)}/r${view.contest.round}/votes`, what: `${row.party} round-${view.contest.round} votes`, field: "votes", national: result.votes,
            areas: sum(members.map((r) => r.votes!)), line: result.source_line, lines: members.map((r) => r.source_line), file: result.source_file,
            section: national.table.section, round: view.contest.round, explainable: () => true,
            basis: `${members.length} area lists wholly in the family`,
            omitted: `the areas the article omits and the area lists that span several families`,
            unassigned: ""
          })
        }
        // Summed in one loop over the records (no array of number-or-null to walk twice): the
        // mixed elements kind of such an array deoptimised this function over and over.
        let areaTotal: number | null = areaRound.length > 0 ? 0 : null
        for (const v of areaRound) areaTotal = areaTotal === null || v.contest.total_votes === null ? null : areaTotal + v.contest.total_votes
        if (view.contest.total_votes !== null && areaTotal !== null) {
          compare({
            key: `r${view.contest.round}/total`, what: `round-${view.contest.round} total votes`, field: "total_votes", national: view.contest.total_votes,
            areas: areaTotal, line: view.contest.source_line, lines: areaRound.map((v) => v.contest.source_line), file: view.contest.source_file,
            section: national.table.section, round: view.contest.round, explainable: () => true,
            basis: `${areaRound.length} area totals`, omitted: `the areas the article omits`, unassigned: ""
          })
        } else if (view.contest.total_votes !== null) {
          items.push({ subject: `round-${view.contest.round} total votes`, file: view.contest.source_file, line: view.contest.source_line, status: "not_evaluated", detail: "an area round has no stated total" })
        }
      }
    }
    return { anomalies, items }

    function compare(c: {
      key: string; what: string; field: string; national: number; areas: number; line: number; lines: ReadonlyArray<number>; file: string
      section: string; round: number | null; explainable: (gap: number) => boolean; basis: string; omitted: string; unassigned: string
    }) {
      const gap = c.national - c.areas
      const detail = `national ${count(c.national)}; areas ${count(c.areas)} (${c.basis})${c.unassigned}`
      if (gap === 0) {
        items.push({ subject: c.what, file: c.file, line: c.line, status: "passed", detail })
        return
      }
      items.push({ subject: c.what, file: c.file, line: c.line, status: "flagged", detail })
      const explained = gap > 0 && c.explainable(gap)
      anomalies.push({
        key: c.key,
        severity: explained ? "info" : "warning",
        file: c.file,
        line: c.line,
        lines: [c.line, ...c.lines],
        section: c.section,
        area: "national",
        round: c.round,
        field: c.field,
        stated: c.national,
        expected: c.areas,
        delta: gap,
        tolerance: 0,
        message: explained
          ? `${c.what}: the national table states ${count(c.national)}, the areas in the article sum to ${count(c.areas)}; the gap of ${count(gap)} can come from ${c.omitted}.`
          : `${c.what}: the national table states ${count(c.national)}, but the areas in the article sum to ${count(c.areas)} (${c.basis}); ${gap < 0 ? "the areas exceed the national figure, which omitted areas cannot explain" : `a gap of ${count(gap)} is more than ${c.omitted} can hold`}${c.unassigned}.`,
        suggestion: null
      })
    }
  }
}

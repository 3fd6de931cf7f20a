/**
 * infobox: infobox fields that repeat table values agree with the tables — a party block's Seats,
 * Last Election and Seat Change (sign included) against its row of the national seat table, and a
 * Seats For Election that counts regional presidencies against the national table's regions.
 */
import type { Draft, Item, Rule, RuleOutcome } from "../anomaly.ts"
import { count, signed } from "../format.ts"
import { readChange, readCount } from "../../normalise/cells.ts"
import { lookupParty } from "../../normalise/parties.ts"
import type { InfoboxRecord } from "../../normalise/records.ts"
import { blocOf, lineList, seatTableViews } from "../views.ts"

const BLOCK = /^(Party|Seats|Last Election|Seat Change)\s*(\d+)$/i

export const rule: Rule = {
  meta: {
    code: "infobox",
    title: "Infobox figures agree with the tables",
    severity: "error",
    category: "claims",
    checks: "For each infobox party block N (PartyN, SeatsN, Last ElectionN, Seat ChangeN): the national seat-table row of the same bloc whose figures it shares must match — seats, earlier seats, and the change with its sign (an unsigned change reads as a gain). A Seats For Election that counts presidencies or regions is compared with the national table's total regions.",
    needs: "infobox fields, national seat tables with seats_before, the party dictionary (to tell the party's bloc)",
    tolerance: "none: seats are counts"
  },
  check: ({ dataset }): RuleOutcome => {
    const anomalies: Array<Draft> = []
    const items: Array<Item> = []
    const bloc = blocOf(dataset)
    for (const election of dataset.elections) {
      const fields = dataset.infobox.filter((f) => f.election_id === election.election_id)
      if (fields.length === 0) continue
      const national = seatTableViews(dataset).filter((v) => v.election.election_id === election.election_id && v.rows[0]?.area_level === "national")
      const rows = national.flatMap((v) => v.rows)
      // Party blocks
      const blocks = new Map<string, Map<string, InfoboxRecord>>()
      for (const f of fields) {
        const m = BLOCK.exec(f.key)
        if (!m) continue
        const n = m[2]!
        blocks.set(n, (blocks.get(n) ?? new Map()).set(m[1]!.toLowerCase(), f))
      }
      for (const [n, block] of [...blocks.entries()].sort((a, b) => Number(a[0]) - Number(b[0]))) {
        const partyField = block.get("party")
        const figures = ["seats", "last election", "seat change"].filter((k) => block.has(k))
        if (!partyField || figures.length === 0) continue
        const subject = `infobox party ${n} (${partyField.value})`
        const party = lookupParty(partyField.value, dataset.dictionary)
        const seats = block.get("seats") ? readCount(block.get("seats")!.value, "none") : null
        const before = block.get("last election") ? readCount(block.get("last election")!.value, "none") : null
        const value = (r: typeof seats) => (r && r._tag === "Value" ? r.value : null)
        const sameBloc = rows.filter((r) => party !== null && (r.party_code === party.code || bloc(r.party_code) === party.bloc))
        const match = sameBloc.find((r) => r.seats === value(seats) || r.seats_before === value(before)) ?? (sameBloc.length === 1 ? sameBloc[0] : undefined)
        if (!match) {
          items.push({ subject, file: partyField.source_file, line: partyField.source_line, status: "not_evaluated", detail: party ? `no national seat row of the ${party.bloc} bloc shares its figures` : `'${partyField.value}' is not in the party dictionary` })
          continue
        }
        const checks: Array<{ field: string; record: InfoboxRecord; stated: number | null; expected: number | null; show: (n: number) => string }> = []
        if (block.get("seats")) checks.push({ field: "seats", record: block.get("seats")!, stated: value(seats), expected: match.seats, show: count })
        if (block.get("last election")) checks.push({ field: "seats_before", record: block.get("last election")!, stated: value(before), expected: match.seats_before, show: count })
        if (block.get("seat change")) {
          const change = readChange(block.get("seat change")!.value)
          const expected = match.seats !== null && match.seats_before !== null ? match.seats - match.seats_before : match.change
          checks.push({ field: "change", record: block.get("seat change")!, stated: change._tag === "Value" ? change.value : null, expected, show: signed })
        }
        for (const c of checks) {
          const itemSubject = `${subject}: ${c.record.key}`
          if (c.stated === null || c.expected === null) {
            items.push({ subject: itemSubject, file: c.record.source_file, line: c.record.source_line, status: "not_evaluated", detail: `'${c.record.value}' or the table figure cannot be read` })
            continue
          }
          const detail = `infobox '${c.record.value}' (${c.show(c.stated)}); table ${match.party} ${c.show(c.expected)} (line ${match.source_line})`
          if (c.stated === c.expected) {
            items.push({ subject: itemSubject, file: c.record.source_file, line: c.record.source_line, status: "passed", detail })
            continue
          }
          items.push({ subject: itemSubject, file: c.record.source_file, line: c.record.source_line, status: "flagged", detail })
          const signLost = c.field === "change" && c.stated === -c.expected
          anomalies.push({
            key: `party-${n}/${c.field}`,
            file: c.record.source_file,
            line: c.record.source_line,
            lines: lineList(c.record.source_line, partyField.source_line, match.source_line),
            section: "(infobox)",
            area: "national",
            round: null,
            field: c.field,
            stated: c.stated,
            expected: c.expected,
            delta: c.stated - c.expected,
            tolerance: 0,
            message: signLost
              ? `Infobox ${c.record.key} '${c.record.value}' has lost its sign: ${match.party} went from ${count(match.seats_before)} to ${count(match.seats)} seats (line ${match.source_line}), a change of ${signed(c.expected)}.`
              : `Infobox ${c.record.key} states ${c.show(c.stated)} for ${partyField.value}, but the table gives ${match.party} ${c.show(c.expected)} (line ${match.source_line}).`,
            suggestion: null
          })
        }
      }
      // Seats For Election counting regions (presidencies)
      const forElection = fields.find((f) => /seats\s+for\s+election/i.test(f.key))
      if (forElection) {
        const total = national.map((v) => v.total).find((t) => t !== null && t.regions !== null)
        const numbers = forElection.value.match(/\d[\d,]*/g) ?? []
        const subject = `infobox ${forElection.key}`
        if (!/region|presiden/i.test(forElection.value) || !total || numbers.length !== 1) {
          items.push({ subject, file: forElection.source_file, line: forElection.source_line, status: "not_evaluated", detail: "no table states this figure (see the claims files for prose checks)" })
        } else {
          const stated = Number(numbers[0]!.replace(/,/g, ""))
          const detail = `infobox ${count(stated)}; national table total regions ${count(total.regions)} (line ${total.source_line})`
          if (stated === total.regions) items.push({ subject, file: forElection.source_file, line: forElection.source_line, status: "passed", detail })
          else {
            items.push({ subject, file: forElection.source_file, line: forElection.source_line, status: "flagged", detail })
            anomalies.push({
              key: "seats-for-election", file: forElection.source_file, line: forElection.source_line, lines: [forElection.source_line, total.source_line],
              section: "(infobox)", area: "national", round: null, field: "regions", stated, expected: total.regions, delta: stated - total.regions!, tolerance: 0,
              message: `Infobox ${forElection.key} '${forElection.value}' counts ${count(stated)}, but the national table's total regions is ${count(total.regions)}.`,
              suggestion: null
            })
          }
        }
      }
    }
    return { anomalies, items }
  }
}


// Client-side guesses of what the signed-in user may change, only to hide
// buttons that would certainly be refused; the server decides (API.md Roles).
import { session } from '../session.js'

function grants() {
  return session.me?.grants || []
}

function countyCodes(unit) {
  const out = new Set()
  for (const d of unit?.divisions || []) {
    const code = typeof d === 'object' ? d.code : d
    if (code && String(code).length >= 6) out.add(String(code).slice(0, 6))
  }
  for (const o of unit?.members || []) {
    const code = o.division?.code
    if (code && code.length >= 6) out.add(code.slice(0, 6))
  }
  return out
}

export function canManageUnit(unit) {
  if (!unit) return false
  const counties = countyCodes(unit)
  return grants().some((g) => {
    if (g.role === 'admin') return true
    if (g.role === 'alliance_admin') return String(g.scope_id) === String(unit.alliance_id)
    if (g.role === 'unit_leader') return String(g.scope_id) === String(unit.id)
    if (g.role === 'county_admin') return counties.has(String(g.scope_id))
    return false
  })
}

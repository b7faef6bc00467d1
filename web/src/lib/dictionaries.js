// The server's closed vocabularies (GET /api/v1/dictionaries), loaded once at
// start-up into the maps and orders that lib/labels.js and lib/matters.js
// export, so the pages keep no copy of their own. The maps are filled in
// place: every importer sees the same objects.
import { request } from '../api.js'
import { TIERS, TIER_ORDER, ORG_KINDS, ROLES, SCOPE_TYPES, ROLE_SCOPES, TERMS } from './labels.js'
import { applyEconomyDictionaries } from './economy.js'
import { STATUSES, STATUS_ORDER, OPEN_STATUSES, CATEGORIES, CATEGORY_ORDER, PRIORITIES, DECISION_ACTIONS } from './matters.js'

function fill(map, list, order) {
  for (const t of list || []) map[t.key] = t.label
  if (order) order.splice(0, order.length, ...(list || []).map((t) => t.key))
}

export function applyDictionaries(d) {
  fill(STATUSES, d.statuses)
  const statuses = d.statuses || []
  OPEN_STATUSES.splice(0, OPEN_STATUSES.length, ...statuses.filter((t) => t.open).map((t) => t.key))
  STATUS_ORDER.splice(0, STATUS_ORDER.length, ...OPEN_STATUSES, ...statuses.filter((t) => !t.open).map((t) => t.key))
  fill(CATEGORIES, d.categories, CATEGORY_ORDER)
  // Forms list priorities from the highest.
  fill(PRIORITIES, [...(d.priorities || [])].reverse())
  fill(DECISION_ACTIONS, d.decision_actions)
  fill(TIERS, d.tiers, TIER_ORDER)
  fill(ORG_KINDS, d.org_kinds)
  fill(TERMS, d.terms)
  fill(ROLES, d.roles)
  fill(SCOPE_TYPES, d.scope_types)
  for (const r of d.roles || []) ROLE_SCOPES[r.key] = [...(r.scopes || [])]
  applyEconomyDictionaries(d)
}

let loading = null

// Loads the dictionaries once; later calls share the first answer. A failed
// load leaves the maps empty (codes show as themselves) and may be retried.
export function loadDictionaries() {
  if (!loading) {
    loading = request('GET', '/dictionaries', { silent: true, noRedirect: true })
      .then(applyDictionaries)
      .catch((e) => {
        loading = null
        throw e
      })
  }
  return loading
}

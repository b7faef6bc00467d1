// Small loaders shared by the matter, meeting and dashboard pages: the
// alliances, an alliance's units, and the organisations the signed-in
// account acts for (its member grants and its linked person's organisation).
import { ref } from 'vue'
import { api, getAll } from '../api.js'
import { session } from '../session.js'

export function loadAlliances(opts) {
  return getAll('/alliances', {}, opts)
}

export function loadUnits(allianceId, opts) {
  return getAll('/units', allianceId != null ? { alliance_id: allianceId } : {}, opts)
}

// What a form needs to work in an alliance (the given one, else the first):
// its id, its counties as the roots of a division cascader, and its units.
export async function loadAllianceForm(allianceId) {
  const alliances = await loadAlliances()
  const id = allianceId ?? alliances[0]?.id ?? null
  const alliance = alliances.find((a) => a.id === id)
  const roots = (alliance?.counties || []).filter((c) => c.name).map((c) => ({ code: c.code, name: c.name, level: 'county' }))
  const units = id != null ? await loadUnits(id) : []
  return { allianceId: id, roots, units }
}

/**
 * The alliance and unit filters of a list page: the alliances, the chosen
 * alliance's units, and scope() for the query (the unit if one is chosen,
 * else the alliance). init() loads them, keeping a preset alliance when it
 * exists (else the first) and following a preset unit to its alliance;
 * changeAlliance() drops the unit and loads the new alliance's units. Both
 * then call onChange (the list's load), also after a failure. A failure is
 * not toasted but kept in `error`, for the page to show with its list's.
 */
export function useAllianceScope({ allianceId = null, unitId = null, onChange = () => {} } = {}) {
  const alliances = ref([])
  const alliance = ref(allianceId)
  const units = ref([])
  const unit = ref(unitId)
  const error = ref(null)
  const quiet = { silent: true }

  async function pick() {
    alliances.value = await loadAlliances(quiet)
    if (alliance.value == null || !alliances.value.some((a) => a.id === alliance.value)) {
      alliance.value = alliances.value[0]?.id ?? null
    }
    if (alliance.value != null) units.value = await loadUnits(alliance.value, quiet)
    // A unit from another alliance (a link): follow it.
    if (unit.value != null && !units.value.some((u) => u.id === unit.value)) {
      for (const a of alliances.value) {
        if (a.id === alliance.value) continue
        const list = await loadUnits(a.id, quiet)
        if (list.some((u) => u.id === unit.value)) {
          alliance.value = a.id
          units.value = list
          break
        }
      }
    }
  }

  async function init() {
    error.value = null
    try {
      await pick()
    } catch (e) {
      error.value = e
    }
    onChange()
  }

  async function changeAlliance() {
    unit.value = null
    units.value = []
    error.value = null
    try {
      units.value = await loadUnits(alliance.value, quiet)
    } catch (e) {
      error.value = e
    }
    onChange()
  }

  const scope = () => ({
    alliance_id: unit.value ? undefined : alliance.value ?? undefined,
    unit_id: unit.value ?? undefined,
  })

  return { alliances, allianceId: alliance, units, unitId: unit, init, changeAlliance, scope, error }
}

/** A positive integer id from the route's query (?unit_id=3), else null. */
export function queryId(route, key) {
  const n = Number(route.query[key])
  return Number.isInteger(n) && n > 0 ? n : null
}

let personOrg = { personId: null, orgId: null }

/** Ids of the organisations the account belongs to (numbers). */
export async function myOrgIds() {
  const ids = new Set()
  for (const g of session.me?.grants || []) {
    if (g.role === 'member' && g.scope_type === 'org' && g.scope_id != null) ids.add(Number(g.scope_id))
  }
  const pid = session.me?.person_id
  if (pid) {
    if (personOrg.personId !== pid) {
      try {
        const p = await api.get(`/people/${pid}`, undefined, { silent: true })
        personOrg = { personId: pid, orgId: p?.org_id ?? null }
      } catch {
        personOrg = { personId: pid, orgId: null }
      }
    }
    if (personOrg.orgId != null) ids.add(Number(personOrg.orgId))
  }
  return ids
}

/** True when the account only looks (viewer grants only, no linked person). */
export function isReadOnly() {
  const grants = session.me?.grants || []
  if (session.me?.person_id) return false
  return grants.length > 0 && grants.every((g) => g.role === 'viewer')
}

export function isAllianceAdmin(allianceId) {
  return (session.me?.grants || []).some(
    (g) => g.role === 'admin' || (g.role === 'alliance_admin' && String(g.scope_id) === String(allianceId)),
  )
}

// A unit's label with its tier, for selects.
export function unitLabel(u) {
  return u?.name || (u?.id != null ? `#${u.id}` : '—')
}

// Names for the ids that grants and links carry (县 450922 → 陆川县), looked up
// through the ordinary GET endpoints and cached for the page that made the
// cache. name(type, id) answers at once: the name when known, else null
// while the lookup runs (the template re-renders when it arrives).
import { reactive } from 'vue'
import { api } from '../api.js'

const PATHS = {
  county: (id) => `/divisions/${encodeURIComponent(id)}`,
  alliance: (id) => `/alliances/${id}`,
  unit: (id) => `/units/${id}`,
  org: (id) => `/orgs/${id}`,
  person: (id) => `/people/${id}`,
}

export function createNameCache() {
  const known = reactive({})
  const pending = new Set()

  function key(type, id) {
    return `${type}:${id}`
  }

  /** Remember names already at hand (a list answer) without asking. */
  function put(type, id, name) {
    if (id != null && name) known[key(type, id)] = name
  }

  function name(type, id) {
    if (id == null || id === '' || !PATHS[type]) return null
    const k = key(type, id)
    if (k in known) return known[k]
    if (!pending.has(k)) {
      pending.add(k)
      api
        .get(PATHS[type](id), undefined, { silent: true })
        .then((x) => (known[k] = x?.name || x?.display_name || ''))
        .catch(() => (known[k] = ''))
        .finally(() => pending.delete(k))
    }
    return null
  }

  return { name, put }
}

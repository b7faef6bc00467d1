// Tolerant readers for nested objects whose exact shape the contract leaves
// open (a person may come as an object or only as an id and a name field).

export function personName(p, fallback = '—') {
  if (!p) return fallback
  if (typeof p === 'string') return p
  return p.name || p.person_name || p.display_name || (p.id != null ? `#${p.id}` : fallback)
}

export function orgName(o, fallback = '—') {
  if (!o) return fallback
  if (typeof o === 'string') return o
  return o.name || o.org_name || (o.id != null ? `#${o.id}` : fallback)
}

// A division given as a code, as {code,name} or as a full division object.
export function divisionName(d) {
  if (!d) return '—'
  if (typeof d === 'string' || typeof d === 'number') return String(d)
  return d.name || d.code || '—'
}

export function userName(u) {
  if (!u) return '—'
  if (typeof u === 'string') return u
  return u.display_name || u.username || (u.id != null ? `#${u.id}` : '—')
}

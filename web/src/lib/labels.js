// Chinese labels for the API's stable English codes, and small formatters
// shared by the pages. Times are stored in UTC and shown in Asia/Shanghai.

export const LEVELS = {
  province: '省',
  city: '市',
  county: '县',
  town: '镇',
  village: '村',
}

// The server's vocabularies (GET /api/v1/dictionaries), filled in place by
// lib/dictionaries.js before the app mounts: key → Chinese label, and the
// keys in display order.
export const TIERS = {}
export const TIER_ORDER = []
export const ORG_KINDS = {}
export const ROLES = {}
export const SCOPE_TYPES = {}
// Which scope types each role may be granted on.
export const ROLE_SCOPES = {}
export const TERMS = {}

export function label(map, key) {
  return (key && map[key]) || key || '—'
}

const TZ = 'Asia/Shanghai'

function parts(date, opts) {
  const out = {}
  for (const p of new Intl.DateTimeFormat('en-GB', { timeZone: TZ, hourCycle: 'h23', ...opts }).formatToParts(date)) {
    out[p.type] = p.value
  }
  return out
}

// YYYY-MM-DD of a Date as seen in China.
export function ymd(date = new Date()) {
  const p = parts(date, { year: 'numeric', month: '2-digit', day: '2-digit' })
  return `${p.year}-${p.month}-${p.day}`
}

// A local calendar date (from el-calendar, no time zone meaning) as YYYY-MM-DD.
export function localYmd(d) {
  const m = String(d.getMonth() + 1).padStart(2, '0')
  const day = String(d.getDate()).padStart(2, '0')
  return `${d.getFullYear()}-${m}-${day}`
}

// For el-date-picker's disabled-date: the calendar days before `day` (YYYY-MM-DD).
export function daysBefore(day) {
  return (d) => localYmd(d) < day
}

export function formatTime(iso) {
  if (!iso) return '—'
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return String(iso)
  const p = parts(d, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`
}

// Province and county names out of a division path (plus the division itself).
export function provinceCounty(division) {
  const out = { province: '—', county: '—' }
  if (!division) return out
  const chain = [...(division.path || []), division]
  for (const d of chain) {
    if (d.level === 'province') out.province = d.name
    if (d.level === 'county') out.county = d.name
  }
  // Paths without levels: province is first, county the third.
  if (out.province === '—' && chain.length) out.province = chain[0].name
  if (out.county === '—' && chain.length >= 3 && !chain[2].level) out.county = chain[2].name
  return out
}

export function pathText(division, withSelf = false) {
  if (!division) return ''
  const names = (division.path || []).map((p) => p.name)
  if (withSelf) names.push(division.name)
  return names.join(' / ')
}

export const PHONE_RE = /^1[3-9]\d{9}$/

// Labels, colours and formatters for matters (重大事项), meetings and the
// inbox. The server also sends *_label fields; these maps cover filters,
// columns and the places where only the code is known.

// Statuses, categories, priorities and decision actions are the server's
// (GET /api/v1/dictionaries), filled in place by lib/dictionaries.js before
// the app mounts; colours and button texts are the web's own.
export const STATUSES = {}
// Kanban order: the open statuses in lifecycle order, then the final ones.
export const STATUS_ORDER = []
export const OPEN_STATUSES = []

// el-tag types ('primary' is party red in this theme).
export const STATUS_TAG = {
  proposed: 'info',
  studying: 'warning',
  in_progress: 'primary',
  escalated: 'danger',
  resolved: 'success',
  closed: 'info',
}
export const STATUS_COLOR = {
  proposed: '#909399',
  studying: '#e6a23c',
  in_progress: '#c8161d',
  escalated: '#8e44ad',
  resolved: '#67c23a',
  closed: '#b1b3b8',
}

// "五共" (DESIGN.md §1.1).
export const CATEGORIES = {}
export const CATEGORY_ORDER = []

// Highest first, as the forms show them.
export const PRIORITIES = {}
export const PRIORITY_TAG = { high: 'danger', normal: 'warning', low: 'info' }

// What a button that moves a matter to a status says.
export const TRANSITION_ACTIONS = {
  proposed: '退回提出',
  studying: '研判',
  in_progress: '推进',
  resolved: '办结',
  escalated: '上报',
  closed: '关闭',
}
export const TRANSITION_TYPES = {
  studying: 'warning',
  in_progress: 'primary',
  resolved: 'success',
  escalated: 'danger',
  closed: 'info',
  proposed: 'info',
}

export const TIMELINE_KINDS = {
  raised: '提出事项',
  transition: '状态变更',
  progress: '登记进展',
  update: '修改',
  assign: '指派',
  decision: '会议决定',
}

export const DECISION_ACTIONS = {}

export const NOTIFICATION_KINDS = {
  matter_new: '新事项',
  matter_assigned: '事项指派',
  matter_escalated: '事项上报',
  matter_overdue: '事项逾期',
  meeting_invite: '会议邀请',
  duty_soon: '轮值提醒',
}

// Plain numbers without float noise: 5.2, 500, 0.35.
function num(x, digits = 2) {
  const s = Number(x).toFixed(digits)
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s
}

// Money is integer fen: 1 万元 = 1,000,000 fen; 1 亿元 = 10,000,000,000 fen.
export function formatFunds(fen) {
  if (fen == null) return '—'
  const n = Number(fen)
  if (n >= 1e10) return `${num(n / 1e10, 4)} 亿元`
  if (n >= 1e6) return `${num(n / 1e6, 4)} 万元`
  return `${num(n / 100)} 元`
}

export function formatLength(m) {
  if (m == null) return '—'
  const n = Number(m)
  if (n >= 1000) return `${num(n / 1000, 3)} 公里`
  return `${n} 米`
}

export function formatCount(n, unit) {
  if (n == null) return '—'
  return `${n} ${unit}`
}

// The figures of a matter that are set, as [{key,label,text}].
export function figureList(f) {
  if (!f) return []
  const out = []
  if (f.funds_fen != null) out.push({ key: 'funds', label: '资金', text: formatFunds(f.funds_fen) })
  if (f.people_count != null) out.push({ key: 'people', label: '人数', text: formatCount(f.people_count, '人') })
  if (f.length_m != null) out.push({ key: 'length', label: '里程', text: formatLength(f.length_m) })
  if (f.jobs != null) out.push({ key: 'jobs', label: '就业岗位', text: formatCount(f.jobs, '个') })
  return out
}

// Form units ↔ API units.
export const fenFromWan = (wan) => (wan == null || wan === '' ? null : Math.round(Number(wan) * 1e6))
export const wanFromFen = (fen) => (fen == null ? null : Number(num(Number(fen) / 1e6, 6)))
export const metersFromKm = (km) => (km == null || km === '' ? null : Math.round(Number(km) * 1000))
export const kmFromMeters = (m) => (m == null ? null : Number(num(Number(m) / 1000, 3)))

// The figure inputs of the matter forms (资金 in 万元, 里程 in km) from API figures.
export function figureForm(f = {}) {
  return {
    funds_wan: wanFromFen(f.funds_fen),
    people_count: f.people_count ?? null,
    length_km: kmFromMeters(f.length_m),
    jobs: f.jobs ?? null,
  }
}

// The API figures whose inputs differ from base (by default a blank form,
// so: every figure that was entered).
export function figureChanges(form, base = figureForm()) {
  const v = (k) => form[k] ?? null
  const out = {}
  if (v('funds_wan') !== base.funds_wan) out.funds_fen = fenFromWan(v('funds_wan'))
  if (v('people_count') !== base.people_count) out.people_count = v('people_count')
  if (v('length_km') !== base.length_km) out.length_m = metersFromKm(v('length_km'))
  if (v('jobs') !== base.jobs) out.jobs = v('jobs')
  return out
}

export function isOpen(status) {
  return OPEN_STATUSES.includes(status)
}

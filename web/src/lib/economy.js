// Labels, loaders and small helpers of the economy pages (共兴实体经济):
// 项目台账 and a project's page, 企业, 政金企对接, 文旅 (tourism routes and
// 客源互送) and the sales of a fair. The label maps start with the contract's
// words (API.md "Projects, funds, teams, financing") and are replaced in
// place by the server's vocabularies when GET /dictionaries carries them
// (lib/dictionaries.js), so the pages keep one source of truth.
import { getAll } from '../api.js'

export const PROJECT_KINDS = {
  infrastructure: '基础设施',
  industry: '产业项目',
  chain: '产业链',
  other: '其他',
}
export const PROJECT_KIND_TAG = { infrastructure: 'primary', industry: 'success', chain: 'warning', other: 'info' }

// Lifecycle order: a change to an earlier stage is "backwards" and needs a reason.
export const STAGES = {
  planned: '谋划',
  signed: '签约',
  building: '在建',
  operating: '投产/投用',
  completed: '完工',
}
export const STAGE_ORDER = ['planned', 'signed', 'building', 'operating', 'completed']
export const STAGE_TAG = { planned: 'info', signed: 'warning', building: 'primary', operating: 'success', completed: 'success' }

export const FUND_SOURCES = {
  government: '财政资金',
  social: '社会资金',
  enterprise: '企业投入',
  donation: '捐赠',
  bank: '银行贷款',
}
export const FUND_SOURCE_ORDER = ['government', 'social', 'enterprise', 'donation', 'bank']
// Pie colours per source (party red first), stable across pages.
export const FUND_COLORS = {
  government: '#c8161d',
  social: '#e6a23c',
  enterprise: '#409eff',
  donation: '#67c23a',
  bank: '#8e44ad',
}

export const INDUSTRIES = {
  agriculture: '种养殖业',
  processing: '农产品加工',
  manufacturing: '制造业',
  tourism: '文旅',
  commerce: '商贸电商',
  logistics: '物流',
  services: '服务业',
  other: '其他',
}
export const INDUSTRY_ORDER = Object.keys(INDUSTRIES)

export const FINANCING_STATUSES = {
  applied: '已申请',
  granted: '已获批',
  declined: '未获批',
}
export const FINANCING_STATUS_ORDER = ['applied', 'granted', 'declined']
export const FINANCING_STATUS_TAG = { applied: 'warning', granted: 'success', declined: 'info' }

/** Fill a label map (and order) from a dictionary list [{key,label}], in place. */
export function fillVocab(map, list, order) {
  if (!Array.isArray(list) || !list.length) return
  for (const k of Object.keys(map)) delete map[k]
  for (const t of list) map[t.key] = t.label
  if (order) order.splice(0, order.length, ...list.map((t) => t.key))
}

/** The server's economy vocabularies, when the dictionaries answer has them. */
export function applyEconomyDictionaries(d) {
  fillVocab(INDUSTRIES, d.industries, INDUSTRY_ORDER)
  fillVocab(PROJECT_KINDS, d.project_kinds)
  fillVocab(STAGES, d.project_stages, STAGE_ORDER)
  fillVocab(FUND_SOURCES, d.fund_sources, FUND_SOURCE_ORDER)
  fillVocab(FINANCING_STATUSES, d.financing_statuses, FINANCING_STATUS_ORDER)
}

/** A stage change that goes back in the lifecycle (needs a reason). */
export function isBackwards(from, to) {
  const a = STAGE_ORDER.indexOf(from)
  const b = STAGE_ORDER.indexOf(to)
  return a >= 0 && b >= 0 && b < a
}

/** A county given as a code or {code,name}: its name, from the answer or the alliance's counties. */
export function countyText(c, counties = []) {
  if (!c) return '—'
  if (typeof c === 'object') return c.name || counties.find((x) => x.code === c.code)?.name || c.code || '—'
  return counties.find((x) => x.code === c)?.name || String(c)
}

/** A division given as a code or object: the name. */
export function divisionText(d) {
  if (!d) return '—'
  if (typeof d === 'object') return d.name || d.code || '—'
  return String(d)
}

/** "YYYY-MM" of a date text. */
export const monthOf = (on) => String(on || '').slice(0, 7)

export function loadEnterprises(allianceId, query = {}) {
  return getAll('/enterprises', { alliance_id: allianceId ?? undefined, ...query }, { max: 2000 })
}

/** Mobile-card field lists stay short: a name and a few figures. */
export const lengthText = (m) => {
  if (m == null) return '—'
  const n = Number(m)
  return n >= 1000 ? `${(Math.round(n / 10) / 100).toString()} 公里` : `${n} 米`
}

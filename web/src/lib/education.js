// Labels, loaders and small helpers of the 五共 pages: 联育平台 (activities,
// sittings, check-in), 阵地与线路 (sites, routes) and 人才 (secondments, talents).
//
// API ASSUMPTIONS — where API.md ("The five lines of joint work") is silent,
// these pages expect the following; the backend should answer this way:
//  - Every list: {items:[…], next_cursor} with limit/cursor, as elsewhere.
//  - A division in an answer: {code,name,level,path:[{code,name,level}…]}.
//  - Site: {id,alliance_id,kind,name,division:{…},description}.
//  - Route: {id,alliance_id,kind,name,stops:[{site_id,name,kind,division:{…},
//    county_code}] (in order),counties:[{code,name}] (order of first visit)}.
//  - Activity (list items and GET /activities/{id}): {id,alliance_id,unit_id,
//    kind,title,starts_on,ends_on,place_division:{…},site_id,route_id,
//    host_org:{id,name},line,persons,person_times,by_county:[{code,name,
//    persons,person_times}],can_manage:bool}; the single activity also has
//    participants:[{id,name,org_name,county_code,phone (masked)}],
//    headcount:[{county_code,persons}] and sessions:[{id,on,title,hours,
//    attendance:[person ids],present}] (present = number checked in/marked).
//    Optional, shown when present: site:{id,name}, route:{id,name},
//    unit:{id,name}.
//  - GET /activities also filters by county= (6-digit code: an activity
//    counts for a county when it has persons from it, or is placed in it)
//    and line= (五共 key), besides alliance_id, kind, from, to.
//  - GET /activities/summary?alliance_id=&kind=&county=&line=&from=&to= →
//    {activities,by_kind:[{kind,label,activities}],persons,named_persons,
//    counted_persons,person_times,by_county:[{code,name,persons,
//    person_times}]} over every matching activity (people on record counted
//    once each, counted headcount added, person-times summed).
//  - Participants' phone is null with phone_hidden: true unless the account
//    may see it; attendance and check-in codes of a sitting after today are
//    refused (422, code sitting_not_held).
//  - POST /activities/{id}/sessions/{sid}/checkin-codes → {token,expires_at
//    (ISO 8601),svg}; svg is an <svg> string shown inline. The QR encodes the
//    URL of the phone page: <origin of the request>/#/checkin?token=TOKEN
//    (the page also shows that link and accepts the bare token typed in).
//  - POST /checkin {token} → {activity_id,session_id,person:{id,name},
//    already:bool}; optional activity_title, session_title, session_on.
//    Errors: 410 (or code checkin_expired) for an expired code, 404/400
//    (code checkin_invalid) for an unknown one, 403/422 when the account has
//    no linked person or is not a participant — each with a Chinese message.
//  - Secondment: {id,alliance_id,person:{id,name},kind,from_org:{id,name},
//    to_org:{id,name},starts_on,ends_on}; GET /secondments?alliance_id=.
//  - Talent: {id,name,kind,from_county:{code,name},division:{…},
//    enterprise_id,enterprise:{id,name}?,introduced_on,note}; talent kinds
//    below (TALENT_KINDS). GET /talents?alliance_id= lists the talents whose
//    from_county or division lies in one of the alliance's counties (POST
//    /talents has no alliance_id, so none is sent).
//  - GET /enterprises?q= searches enterprises by name (for the talent form).
//  - GET /sites?alliance_id=&kind=, GET /routes?alliance_id=&kind= as listed.
//  - GET /routes/{id} of a tourism route also carries referrals:[{month,
//    from_county,to_county,visitors}] (客源互送 entered with POST …/referrals).
//  - POST /activities/{id}/sessions: hours is a number and may be a half
//    (1.5); the sitting's date should lie within the activity's dates.
//  - PUT /activities/{id}/participants replaces both lists; the page always
//    sends both (headcount only with persons > 0).
//  - Activities, secondments and talents without a county-admin's reach
//    answer 403 with a Chinese message; can_manage hides the edit buttons.
import { getAll } from '../api.js'
import { CATEGORIES, CATEGORY_ORDER } from './matters.js'

export const ACTIVITY_KINDS = {
  party_lesson: '联党课',
  training_class: '专题培训班',
  study_tour: '红色研学',
  border_classroom: '边界课堂',
  fair: '特色产品展销会',
  other: '其他',
}
export const ACTIVITY_KIND_TAG = {
  party_lesson: 'primary',
  training_class: 'warning',
  study_tour: 'danger',
  border_classroom: 'success',
  fair: 'info',
  other: 'info',
}

export const SITE_KINDS = {
  education_base: '教育基地',
  demo_village: '乡村振兴示范点',
  red_site: '红色资源点',
  scenic: '景点',
  other: '其他',
}

export const ROUTE_KINDS = {
  red_education: '红色教育路线',
  tourism: '文旅线路',
}

export const SECONDMENT_KINDS = {
  xiagua: '下挂',
  dundian: '蹲点',
}

export const TALENT_KINDS = {
  entrepreneur: '经济能人',
  technician: '技术人才',
  returnee: '返乡人才',
  expert: '专家学者',
  other: '其他',
}

// 五共 (the same keys as the matters' categories).
export const LINES = CATEGORIES
export const LINE_ORDER = CATEGORY_ORDER

/** The line an activity of this kind serves unless chosen (API.md). */
export function defaultLine(kind) {
  return kind === 'fair' ? 'economy' : 'education'
}

// Dates an alliance may enter: 2000-01-01 to a year ahead.
export const FIRST_DAY = '2000-01-01'
export function lastDay(today) {
  const [y, m, d] = today.split('-')
  return `${Number(y) + 1}-${m}-${d}`
}

/** "陆川县 乌石镇 坡子村委会": the division below the city, with its county. */
export function placeText(d) {
  if (!d) return '—'
  if (typeof d === 'string') return d
  const parts = (d.path || []).filter((x) => x.level !== 'province' && x.level !== 'city').map((x) => x.name)
  return [...parts, d.name].filter(Boolean).join(' ') || d.code || '—'
}

/** The 6-digit county code of a division (object or code). */
export function countyCode(d) {
  const code = typeof d === 'object' && d ? d.code : d
  return code && String(code).length >= 6 ? String(code).slice(0, 6) : ''
}

export function dateSpan(a) {
  if (!a?.starts_on) return '—'
  return a.ends_on && a.ends_on !== a.starts_on ? `${a.starts_on} 至 ${a.ends_on}` : a.starts_on
}

export const persons = (n) => (n == null ? '—' : `${n} 人`)
export const personTimes = (n) => (n == null ? '—' : `${n} 人次`)

/** An alliance's counties as [{code,name}] (from the alliances list). */
export function allianceCounties(alliances, id) {
  const a = (alliances || []).find((x) => x.id === id)
  return (a?.counties || []).map((c) => (typeof c === 'object' ? c : { code: c, name: c })).filter((c) => c.code)
}

/** The same, as roots of a DivisionCascader. */
export function countyRoots(counties) {
  return counties.filter((c) => c.name).map((c) => ({ code: c.code, name: c.name, level: 'county' }))
}

export function loadSites(allianceId, query = {}) {
  return allianceId == null ? Promise.resolve([]) : getAll('/sites', { alliance_id: allianceId, ...query }, { max: 2000 })
}

export function loadRoutes(allianceId, query = {}) {
  return allianceId == null ? Promise.resolve([]) : getAll('/routes', { alliance_id: allianceId, ...query }, { max: 1000 })
}

/** el-form rule: a whole number ≥ 0 (for headcounts). */
export function wholeNumber(message = '请输入不小于 0 的整数') {
  return {
    validator: (_r, v, cb) => (v == null || v === '' || (Number.isInteger(Number(v)) && Number(v) >= 0) ? cb() : cb(new Error(message))),
    trigger: 'change',
  }
}

/** The link a check-in QR stands for (also shown under the code). */
export function checkinUrl(token) {
  const base = `${location.origin}${location.pathname}`
  return `${base}#/checkin?token=${encodeURIComponent(token)}`
}

/** A token out of what was typed: the bare token or a pasted check-in link. */
export function tokenFromInput(text) {
  const s = String(text || '').trim()
  const m = s.match(/[?&]token=([^&#\s]+)/)
  return m ? decodeURIComponent(m[1]) : s
}

// The one way the pages talk to the server (API.md). It owns the CSRF token
// (sessionStorage, sent as X-CSRF-Token on every non-GET), turns error bodies
// {"error":{code,message,field}} into ApiError, shows the Chinese message with
// ElMessage, marks the offending form field, and sends the user to the login
// page on 401.
import { ElMessage } from 'element-plus'

const CSRF_KEY = 'lj_csrf_token'
const BASE = 'api/v1'

let onUnauthorized = () => {}

// One toast per message: the same failure from several requests at once
// (a page loading three lists from a struggling server) shows once, with
// Element Plus's repeat badge, instead of a stack of identical toasts.
export function showError(message) {
  ElMessage({ type: 'error', message, grouping: true })
}

export function setUnauthorizedHandler(fn) {
  onUnauthorized = fn
}

export function setCsrfToken(token) {
  if (token) sessionStorage.setItem(CSRF_KEY, token)
  else sessionStorage.removeItem(CSRF_KEY)
}

export function getCsrfToken() {
  return sessionStorage.getItem(CSRF_KEY) || ''
}

export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message)
    this.status = status
    this.code = code
    this.field = field || null
  }
}

const FALLBACK = {
  400: '请求内容有误',
  401: '请先登录',
  403: '没有权限执行此操作',
  404: '未找到相应内容',
  409: '数据冲突，请刷新后重试',
  413: '提交的内容过大',
  422: '提交的内容有误',
  429: '操作过于频繁，请稍后再试',
}

function buildUrl(path, query) {
  // Relative to the page so the app also works under a path prefix.
  let url = BASE + path
  if (query) {
    const qs = new URLSearchParams()
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined || v === null) continue
      qs.append(k, String(v))
    }
    const s = qs.toString()
    // parent= must be sent even when empty: it means "the provinces".
    if (s) url += (url.includes('?') ? '&' : '?') + s
  }
  return url
}

async function send(method, path, { query, body } = {}) {
  const headers = { Accept: 'application/json' }
  if (body !== undefined) headers['Content-Type'] = 'application/json; charset=utf-8'
  if (method !== 'GET' && method !== 'HEAD') {
    const t = getCsrfToken()
    if (t) headers['X-CSRF-Token'] = t
  }
  return fetch(buildUrl(path, query), {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  })
}

async function readJson(res) {
  const text = await res.text()
  if (!text) return null
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

/** Forget the server's field errors (e.g. when a form opens again). */
export function clearErrors(fieldErrors) {
  for (const k of Object.keys(fieldErrors)) delete fieldErrors[k]
}

/**
 * request(method, path, options)
 *   query        object of query parameters (null/undefined are skipped)
 *   body         JSON body
 *   silent       true: show no message; or an array of statuses to keep quiet about
 *   fieldErrors  reactive object: cleared before, and on error[field] set to the message
 *   noRedirect   true: a 401 does not leave the page (login, start-up check)
 */
export async function request(method, path, opts = {}) {
  const { fieldErrors, silent, noRedirect } = opts
  if (fieldErrors) clearErrors(fieldErrors)

  let res
  try {
    res = await send(method, path, opts)
    // A token from another tab or an old session: fetch the current one once.
    if (res.status === 403 && method !== 'GET' && path !== '/session') {
      const peek = await readJson(res.clone())
      if (peek?.error?.code && /csrf/i.test(peek.error.code)) {
        const me = await send('GET', '/me')
        if (me.ok) {
          const data = await readJson(me)
          if (data?.csrf_token) setCsrfToken(data.csrf_token)
          res = await send(method, path, opts)
        }
      }
    }
  } catch (e) {
    const err = new ApiError(0, 'network', '网络错误，无法连接服务器')
    if (!silent) showError(err.message)
    throw err
  }

  const data = await readJson(res)
  if (res.ok) return data

  const e = data?.error || {}
  let message = e.message || FALLBACK[res.status] || `请求失败（${res.status}）`
  if (res.status === 429 && !e.message) {
    const after = res.headers.get('Retry-After')
    if (after) message += `（约 ${after} 秒后）`
  }
  const err = new ApiError(res.status, e.code || String(res.status), message, e.field)

  if (res.status === 401 && !noRedirect) {
    setCsrfToken(null)
    onUnauthorized()
    throw err
  }
  if (fieldErrors && err.field) fieldErrors[err.field] = message
  const quiet = silent === true || (Array.isArray(silent) && silent.includes(res.status))
  if (!quiet) showError(message)
  throw err
}

export const api = {
  get: (path, query, opts = {}) => request('GET', path, { ...opts, query }),
  post: (path, body, opts = {}) => request('POST', path, { ...opts, body }),
  put: (path, body, opts = {}) => request('PUT', path, { ...opts, body }),
  patch: (path, body, opts = {}) => request('PATCH', path, { ...opts, body }),
  del: (path, opts = {}) => request('DELETE', path, opts),
}

// Every page of a cursor list, up to a bound (for small lists such as tiers
// of one alliance or the children of one division).
export async function getAll(path, query = {}, { max = 5000, ...opts } = {}) {
  const items = []
  let cursor
  for (;;) {
    const page = await api.get(path, { ...query, limit: 500, cursor }, opts)
    items.push(...(page?.items || []))
    cursor = page?.next_cursor
    if (!cursor || items.length >= max) break
  }
  return items
}

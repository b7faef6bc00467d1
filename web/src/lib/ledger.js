// Ledgers (台账) in the pages: downloading an export or an import template
// as a file, and uploading a file to an import (the raw file as the body,
// with the CSRF token). Errors come back as ApiError with the server's
// Chinese message, like everything else of api.js.
import { ApiError, getCsrfToken, showError } from '../api.js'

const BASE = 'api/v1'

function url(path, query) {
  const qs = new URLSearchParams()
  for (const [k, v] of Object.entries(query || {})) {
    if (v !== undefined && v !== null && v !== '') qs.append(k, String(v))
  }
  const s = qs.toString()
  return BASE + path + (s ? '?' + s : '')
}

async function failure(res) {
  let body = null
  try {
    body = await res.json()
  } catch {
    /* not JSON */
  }
  const e = body?.error || {}
  return new ApiError(res.status, e.code || String(res.status), e.message || `请求失败（${res.status}）`, e.field)
}

/** GET path as a file named filename (the browser saves it). */
export async function downloadFile(path, query, filename) {
  let res
  try {
    res = await fetch(url(path, query), { credentials: 'same-origin' })
  } catch {
    showError('网络错误，无法连接服务器')
    throw new ApiError(0, 'network', '网络错误，无法连接服务器')
  }
  if (!res.ok) {
    const err = await failure(res)
    showError(err.message)
    throw err
  }
  const blob = await res.blob()
  const cd = res.headers.get('Content-Disposition') || ''
  const m = cd.match(/filename="([^"]+)"/)
  const a = document.createElement('a')
  a.href = URL.createObjectURL(blob)
  a.download = filename || (m ? m[1] : 'lianjian.xlsx')
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(a.href), 10000)
}

/**
 * POST file to an import path: {created, dry_run, committed, errors}.
 * extraQuery: e.g. {alliance_id} for the enterprises and financing imports.
 * A file the server cannot read at all throws ApiError; rows with errors
 * come back in the answer (status 200 for a dry run, 422 for a real one).
 */
export async function uploadImport(path, file, dryRun, extraQuery = {}) {
  const headers = { 'Content-Type': 'application/octet-stream' }
  const t = getCsrfToken()
  if (t) headers['X-CSRF-Token'] = t
  let res
  try {
    res = await fetch(url(path, { ...extraQuery, dry_run: dryRun ? 'true' : 'false' }), {
      method: 'POST', headers, credentials: 'same-origin', body: file,
    })
  } catch {
    throw new ApiError(0, 'network', '网络错误，无法连接服务器')
  }
  let body = null
  try {
    body = await res.clone().json()
  } catch {
    /* not JSON */
  }
  if (body && Array.isArray(body.errors)) return body
  throw await failure(res)
}

export const LEDGER_LABELS = {
  matters: '重大事项', meetings: '联席会议', activities: '联建活动',
  projects: '联建项目', financing: '政金企对接', people: '人员',
}

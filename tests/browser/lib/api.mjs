// A tiny API client for setting up test data over HTTP (login cookie + CSRF
// token), so browser tests do not depend on demo data.

export async function apiLogin(baseUrl, username, password) {
  const res = await fetch(`${baseUrl}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })
  if (!res.ok) throw new Error(`login ${username}: HTTP ${res.status} ${await res.text()}`)
  const body = await res.json()
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
  return new ApiClient(baseUrl, cookie, body.csrf_token)
}

export class ApiError extends Error {
  constructor(method, path, status, body) {
    super(`${method} ${path}: HTTP ${status} ${body}`)
    this.status = status
  }
}

class ApiClient {
  constructor(baseUrl, cookie, csrf) {
    this.baseUrl = baseUrl
    this.cookie = cookie
    this.csrf = csrf
  }

  async call(method, path, body) {
    const headers = { Cookie: this.cookie, Accept: 'application/json' }
    if (body !== undefined) headers['Content-Type'] = 'application/json'
    if (method !== 'GET') headers['X-CSRF-Token'] = this.csrf
    const res = await fetch(`${this.baseUrl}/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await res.text()
    if (!res.ok) throw new ApiError(method, path, res.status, text)
    return text ? JSON.parse(text) : null
  }

  get(path) {
    return this.call('GET', path)
  }
  post(path, body) {
    return this.call('POST', path, body)
  }
  put(path, body) {
    return this.call('PUT', path, body)
  }
  patch(path, body) {
    return this.call('PATCH', path, body)
  }
}

/** Today's date in China as YYYY-MM-DD (the server's idea of "today"). */
export function todayInChina() {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })
      .formatToParts(new Date())
      .map((x) => [x.type, x.value]),
  )
  return `${p.year}-${p.month}-${p.day}`
}

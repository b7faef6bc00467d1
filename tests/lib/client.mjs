// A small HTTP client for API tests: keeps the session cookie and the CSRF
// token like the browser does.
export class Client {
  constructor(base) {
    this.base = base;
    this.cookie = null;
    this.csrf = null;
  }

  async raw(method, path, { body, headers = {}, rawBody } = {}) {
    const h = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrf && method !== 'GET' && !('X-CSRF-Token' in h)) h['X-CSRF-Token'] = this.csrf;
    let payload;
    if (rawBody !== undefined) payload = rawBody;
    else if (body !== undefined) {
      payload = JSON.stringify(body);
      if (!('Content-Type' in h)) h['Content-Type'] = 'application/json';
    }
    const res = await fetch(this.base + path, { method, headers: h, body: payload });
    const text = await res.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
    const sc = res.headers.get('set-cookie');
    if (sc) {
      const m = sc.match(/lj_session=([^;]*)/);
      if (m) this.cookie = m[1] ? `lj_session=${m[1]}` : null;
    }
    return { status: res.status, json, text, headers: res.headers };
  }

  get(path, opts) { return this.raw('GET', path, opts); }
  post(path, body, opts = {}) { return this.raw('POST', path, { ...opts, body }); }
  put(path, body, opts = {}) { return this.raw('PUT', path, { ...opts, body }); }
  patch(path, body, opts = {}) { return this.raw('PATCH', path, { ...opts, body }); }
  del(path, opts) { return this.raw('DELETE', path, opts); }

  async login(username, password) {
    const r = await this.post('/api/v1/session', { username, password });
    if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${r.text}`);
    this.csrf = r.json.csrf_token;
    return r;
  }
}

export async function loggedIn(srv, user = srv.adminUser, pw = srv.adminPassword) {
  const c = new Client(srv.url);
  await c.login(user, pw);
  return c;
}

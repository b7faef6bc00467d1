// Sessions in the browser: an administrator on a phone opens 在线用户 under
// 系统管理, forces another account's session out (强制下线, confirmed), and
// that session's cookie is refused at once; 登录日志 shows the failed attempt;
// on a desktop, 我的会话 from the account menu ends one of the admin's own
// other sessions.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startTarget, launch, login, navigate, screenshot } from './lib/browser.mjs'
import { apiLogin } from './lib/api.mjs'

const PHONE_UA = 'Mozilla/5.0 (Linux; Android 14; PGT-AN10) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36'
let server
let api

// Signs username in with a browser string of our choosing; returns a fetch for /api/v1/me with its cookie.
async function signInElsewhere(username, password, ua) {
  const res = await fetch(`${server.url}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'User-Agent': ua },
    body: JSON.stringify({ username, password }),
  })
  assert.equal(res.status, 200)
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
  return async () => (await fetch(`${server.url}/api/v1/me`, { headers: { Cookie: cookie } })).status
}

before(async () => {
  server = await startTarget()
  api = await apiLogin(server.url, server.adminUser, server.adminPassword)
  await api.post('/users', {
    username: 'field_user', password: 'field-pass-2026', display_name: '外勤账号',
    grants: [{ role: 'viewer', scope_type: 'deployment', scope_id: null }],
  })
})
after(async () => { await server?.stop() })

test('强制下线 on a phone ends the other session at once', async () => {
  const fieldMe = await signInElsewhere('field_user', 'field-pass-2026', PHONE_UA)
  assert.equal(await fieldMe(), 200)
  const bad = await fetch(`${server.url}/api/v1/session`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'field_user', password: 'wrong-password-9' }),
  })
  assert.equal(bad.status, 401)

  const browser = await launch({ viewport: { width: 390, height: 700 } })
  try {
    const { page } = browser
    await login(page, server.url, server.adminUser, server.adminPassword)
    await navigate(page, '在线用户')
    const card = page.locator('.m-card', { hasText: '外勤账号' })
    await card.waitFor()
    assert.match(await card.innerText(), /Chrome 120 · Android/)
    await screenshot(page, 'sessions-online-phone.png')
    await card.getByRole('button', { name: '强制下线' }).click()
    const box = page.locator('.el-message-box')
    await box.waitFor()
    assert.match(await box.innerText(), /外勤账号/)
    await box.getByRole('button', { name: '强制下线' }).click()
    await page.locator('.el-message--success', { hasText: '已强制下线' }).waitFor()
    await card.waitFor({ state: 'detached' })
    assert.equal(await fieldMe(), 401, 'the forced-out cookie is refused')

    await navigate(page, '登录日志')
    const failed = page.locator('.m-card', { hasText: 'field_user' }).filter({ hasText: '密码错误' })
    await failed.first().waitFor()
    await screenshot(page, 'signins-phone.png')
    assert.deepEqual(browser.seriousErrors(), [])
  } finally {
    await browser.close()
  }
})

test('我的会话 from the account menu ends one of my other sessions', async () => {
  const otherMe = await signInElsewhere(server.adminUser, server.adminPassword, 'Mozilla/5.0 (Windows NT 10.0) Firefox/128.0')
  const browser = await launch()
  try {
    const { page } = browser
    await login(page, server.url, server.adminUser, server.adminPassword)
    await page.getByTestId('current-user').click()
    await page.getByTestId('menu-my-sessions').click()
    const table = page.getByTestId('sessions-table')
    await table.waitFor()
    const mine = table.locator('.el-table__row', { hasText: '本会话' })
    await mine.waitFor()
    const other = table.locator('.el-table__row', { hasText: 'Firefox 128 · Windows' })
    await other.waitFor()
    await other.getByRole('button', { name: '结束' }).click()
    await page.locator('.el-message-box').getByRole('button', { name: '结束' }).click()
    await other.waitFor({ state: 'detached' })
    assert.equal(await otherMe(), 401)
    // This session lives on.
    await mine.waitFor()
    assert.equal((await page.evaluate(async () => (await fetch('/api/v1/me')).status)), 200)
    await screenshot(page, 'my-sessions-desktop.png')
    assert.deepEqual(browser.seriousErrors(), [])
  } finally {
    await browser.close()
  }
})

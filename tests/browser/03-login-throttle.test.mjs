// Login throttling as the user sees it: after repeated failures the server
// answers 429 and the login page shows its Chinese message.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startTarget, launch, gotoLogin, submitLogin, screenshot } from './lib/browser.mjs'

let server
let browser

before(async () => {
  server = await startTarget()
  browser = await launch({ viewport: { width: 390, height: 700 } })
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

async function badLogin() {
  const res = await fetch(`${server.url}/api/v1/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: server.adminUser, password: 'definitely-wrong' }),
  })
  return { status: res.status, body: await res.json().catch(() => null) }
}

test('the throttle message shows on the login page', async () => {
  let last
  for (let i = 0; i < 20; i++) {
    last = await badLogin()
    if (last.status === 429) break
    assert.equal(last.status, 401)
  }
  assert.equal(last.status, 429, 'the server throttles repeated failures')
  const message = last.body?.error?.message
  assert.ok(message, 'a 429 carries a message')

  const { page } = browser
  await gotoLogin(page, server.url)
  await submitLogin(page, server.adminUser, server.adminPassword)
  const alert = page.getByTestId('login-error')
  await alert.waitFor()
  assert.equal((await alert.innerText()).trim(), message)
  assert.match(page.url(), /#\/login/)
  await screenshot(page, 'login-throttled-phone.png')
})

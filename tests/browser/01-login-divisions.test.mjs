// Login (wrong and right password) and the division browser: pick
// 广西壮族自治区 → 玉林市 → 陆川县 → 乌石镇 → 坡子村委会 in the lazy cascader,
// check the detail card, search by name, and take desktop and phone shots.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startTarget, launch, gotoLogin, submitLogin, login, navigate, pickDivision, screenshot } from './lib/browser.mjs'

const PATH = ['广西壮族自治区', '玉林市', '陆川县', '乌石镇', '坡子村委会']
const CODE = '450922108216'

let server
let browser

before(async () => {
  server = await startTarget()
  browser = await launch({ viewport: { width: 1280, height: 800 } })
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

test('a wrong password shows an error and stays on the login page', async () => {
  const { page } = browser
  await gotoLogin(page, server.url)
  // Chinese validation before anything is sent.
  await page.getByTestId('login-submit').click()
  await page.getByText('请输入用户名').waitFor()

  await submitLogin(page, server.adminUser, `${server.adminPassword}-wrong`)
  const alert = page.getByTestId('login-error')
  await alert.waitFor()
  const text = (await alert.innerText()).trim()
  assert.ok(text.length > 0, 'the error alert has a message')
  assert.match(text, /[\u4e00-\u9fff]/, `the message is in Chinese: ${text}`)
  assert.match(page.url(), /#\/login/)
  assert.equal(await page.getByTestId('logout').count(), 0, 'not signed in')
})

test('admin logs in and picks 坡子村委会 level by level', async () => {
  const { page } = browser
  await login(page, server.url, server.adminUser, server.adminPassword)
  assert.doesNotMatch(page.url(), /#\/login/)
  await page.getByText('联建 · 跨省党建联建平台').first().waitFor()
  // Admin menus are visible to the admin.
  await page.getByTestId('nav-menu').getByText('账号管理').waitFor()
  await page.getByTestId('nav-menu').getByText('审计日志').waitFor()

  await navigate(page, '区划浏览')
  await page.waitForURL(/#\/divisions/)
  const cascader = page.getByTestId('division-cascader')
  await pickDivision(page, cascader, PATH)

  const detail = page.getByTestId('division-detail')
  await detail.getByTestId('division-code').filter({ hasText: CODE }).waitFor()
  assert.equal((await detail.getByTestId('division-code').innerText()).trim(), CODE)
  assert.equal((await detail.getByTestId('division-name').innerText()).trim(), '坡子村委会')
  assert.equal((await detail.getByTestId('division-path').textContent()).trim(), '广西壮族自治区 / 玉林市 / 陆川县 / 乌石镇')
  const crumbs = await detail.locator('.el-breadcrumb__item').allInnerTexts()
  assert.deepEqual(crumbs.map((c) => c.replace('/', '').trim()), PATH.slice(0, 4))
  assert.match(await detail.innerText(), /村/)

  // The cascader shows the whole picked path.
  await page.keyboard.press('Escape')
  await page.locator('.division-cascader-popper').waitFor({ state: 'hidden' })
  const shown = await cascader.locator('input').inputValue()
  assert.equal(shown, PATH.join(' / '))

  await screenshot(page, 'divisions-desktop.png')
})

test('searching 坡子 lists the village with its path and opens its card', async () => {
  const { page } = browser
  // Start from another division so the click visibly changes the card.
  const detail = page.getByTestId('division-detail')
  await detail.locator('.el-breadcrumb__item a', { hasText: '陆川县' }).click()
  await detail.getByTestId('division-code').filter({ hasText: /^450922$/ }).waitFor()

  await page.getByTestId('division-search').fill('坡子')
  const result = page.getByTestId('division-result').filter({ hasText: '坡子村委会' }).first()
  await result.waitFor()
  assert.match(await result.innerText(), /乌石镇/)
  await result.click()
  await detail.getByTestId('division-code').filter({ hasText: CODE }).waitFor()
  assert.equal((await detail.getByTestId('division-path').textContent()).trim(), '广西壮族自治区 / 玉林市 / 陆川县 / 乌石镇')
})

test('on a phone the menu becomes a drawer and the page still works', async () => {
  const { page } = browser
  await page.setViewportSize({ width: 390, height: 700 })
  await page.getByTestId('menu-toggle').waitFor()
  assert.equal(await page.locator('.el-aside').count(), 0, 'no side menu on a phone')
  const detail = page.getByTestId('division-detail')
  await detail.getByTestId('division-code').filter({ hasText: CODE }).waitFor()
  // No horizontal scrolling of the whole page.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  assert.ok(overflow <= 1, `page does not scroll sideways (overflow ${overflow}px)`)
  await screenshot(page, 'divisions-phone.png')

  // The drawer opens and navigates.
  await page.getByTestId('menu-toggle').click()
  await page.locator('.nav-drawer').getByText('区划浏览').waitFor()
  await page.waitForTimeout(400) // drawer slide-in animation
  await screenshot(page, 'divisions-phone-menu.png')
  await page.keyboard.press('Escape')
  await page.locator('.nav-drawer').waitFor({ state: 'hidden' })
  await navigate(page, '区划浏览')
  await page.waitForURL(/#\/divisions/)
  await page.getByTestId('division-cascader').waitFor()
})

test('the app ran without script errors or CSP violations', () => {
  assert.deepEqual(browser.seriousErrors(), [])
})

test('logging out returns to the login page', async () => {
  const { page } = browser
  await page.setViewportSize({ width: 1280, height: 800 })
  await page.getByTestId('logout').click()
  await page.waitForURL(/#\/login/)
  // The session is gone: a protected page sends us back to the login page.
  await page.goto(`${server.url}/#/divisions`)
  await page.waitForURL(/#\/login/)
})

test('a session that dies mid-use sends the user back to the login page', async () => {
  const { page, context } = browser
  await login(page, server.url, server.adminUser, server.adminPassword)
  await navigate(page, '区划浏览')
  await page.getByTestId('division-search').waitFor()
  await context.clearCookies()
  // The account list certainly needs a session.
  await navigate(page, '账号管理')
  await page.waitForURL(/#\/login\?redirect=/)
  await page.getByText('登录已失效，请重新登录').waitFor()
  // Signing in again returns to where the user was.
  await page.getByTestId('login-username').fill(server.adminUser)
  await page.getByTestId('login-password').fill(server.adminPassword)
  await page.getByTestId('login-submit').click()
  await page.waitForURL(/#\/users/)
  await page.getByTestId('users-table').getByText(server.adminUser).first().waitFor()
})

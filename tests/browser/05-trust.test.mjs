// What a county official trips over, on the demo alliance as alliance_admin:
// loading that looks like "no data" and errors that stack (item 6), grants
// shown as raw ids (7), pages wider than a phone (8), stale validation (10),
// blank pages for missing records (11), month labels without the year and
// cut names without a tooltip (12). Layout items run at 1366 and 390 px.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startTarget, launch, login, screenshot } from './lib/browser.mjs'
import { loggedIn } from '../lib/client.mjs'

const USER = 'alliance_admin'
const PASSWORD = 'demo-2026'
const DESKTOP = { width: 1366, height: 900 }
const PHONE = { width: 390, height: 844 }

let server
let browser
const ids = {}

async function ok(resPromise, what) {
  const r = await resPromise
  assert.ok(r.status >= 200 && r.status < 300, `${what}: HTTP ${r.status} ${r.text}`)
  return r.json
}

async function until(fn, what, ms = 10000) {
  const end = Date.now() + ms
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

// Open a page by its address and wait for its first answer.
async function open(page, path) {
  await page.goto(`${server.url}/#${path}`)
  await page.waitForTimeout(200)
  await page.getByTestId('loading').first().waitFor({ state: 'detached', timeout: 15000 }).catch(() => {})
  await page.waitForTimeout(500)
}

// Visible text on the page matching re (toasts and dialogs included).
async function visibleText(page, re) {
  return page.getByText(re).filter({ visible: true }).count()
}

before(async () => {
  server = await startTarget({ demo: true })
  const c = await loggedIn(server, USER, PASSWORD)
  const units = (await ok(c.get('/api/v1/units?limit=500'), 'units')).items
  ids.unit = units.find((u) => u.name.startsWith('坡子')).id
  ids.matter = (await ok(c.get('/api/v1/matters?limit=1'), 'matters')).items[0].id
  ids.openMatter = (await ok(c.get('/api/v1/matters?status=in_progress&limit=1'), 'open matters')).items[0]?.id ?? ids.matter
  ids.meeting = (await ok(c.get('/api/v1/meetings?limit=1'), 'meetings')).items[0].id
  const users = (await ok(c.get('/api/v1/users?limit=500'), 'users')).items
  const pozi = users.find((u) => u.username === 'pozi_secretary')
  ids.poziPerson = pozi.person_id
  ids.poziPersonName = (await ok(c.get(`/api/v1/people/${pozi.person_id}`), 'person')).name
  ids.poziOrgName = (await ok(c.get(`/api/v1/orgs/${pozi.grants[0].scope_id}`), 'org')).name
  ids.me = await ok(c.get('/api/v1/me'), 'me')

  browser = await launch({ viewport: DESKTOP })
  await login(browser.page, server.url, USER, PASSWORD)
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

test('item 6: a slow server shows loading, never "共 0 项" or "暂无", until the data arrives', async () => {
  const { page } = browser
  await page.setViewportSize(DESKTOP)
  await open(page, '/units')
  const slow = async (route) => {
    await sleep(3000)
    await route.continue().catch(() => {})
  }
  await page.route((url) => url.pathname.includes('/api/v1/') && !url.pathname.endsWith('/inbox'), slow)
  try {
    for (const [path, done] of [
      ['/matters', () => page.getByTestId('matters-summary').filter({ hasText: /共 [1-9]\d* 项/ })],
      ['/meetings', () => page.getByTestId('meetings-table').locator('tbody tr').first()],
      ['/', () => page.getByTestId('stat-raised').filter({ hasText: /^\s*\d+\s*$/ })],
    ]) {
      await page.goto(`${server.url}/#${path}`)
      await page.getByTestId('loading').first().waitFor({ state: 'visible', timeout: 2500 })
      // Sample while the first answers are still on their way.
      for (let i = 0; i < 4; i++) {
        assert.equal(await visibleText(page, /共 0 项|暂无|^无$/), 0, `${path}: no "no data" text while loading`)
        await page.waitForTimeout(500)
      }
      if (path === '/matters') await screenshot(page, 'trust-loading-matters.png')
      await done().waitFor({ timeout: 20000 })
      assert.equal(await page.getByTestId('loading').count(), 0, `${path}: loading gone once the data is in`)
    }
  } finally {
    await page.unroute((url) => url.pathname.includes('/api/v1/') && !url.pathname.endsWith('/inbox'), slow).catch(() => {})
    await page.unrouteAll({ behavior: 'ignoreErrors' })
  }
})

test('item 6: a failing list shows one error with 重试, which recovers', async () => {
  const { page } = browser
  await page.setViewportSize(DESKTOP)
  await open(page, '/units')
  let failing = true
  let failures = 0
  await page.route(
    (url) => url.pathname.endsWith('/api/v1/matters'),
    async (route) => {
      if (!failing) return route.continue()
      failures++
      return route.fulfill({
        status: 500,
        contentType: 'application/json; charset=utf-8',
        body: JSON.stringify({ error: { code: 'internal', message: '内部错误' } }),
      })
    },
  )
  try {
    await page.goto(`${server.url}/#/matters`)
    const panel = page.getByTestId('load-error')
    await panel.waitFor({ timeout: 15000 })
    await page.waitForTimeout(800)
    assert.ok(failures >= 1, 'the list request failed')
    assert.equal(await visibleText(page, '内部错误'), 1, 'the failure is said once')
    assert.equal(await page.locator('.el-message').filter({ visible: true }).count(), 0, 'no stacked toasts')
    assert.equal(await visibleText(page, /共 0 项/), 0, 'no "共 0 项" under the error')
    await screenshot(page, 'trust-load-error.png')
    failing = false
    await panel.getByTestId('retry').click()
    await page.getByTestId('matters-summary').filter({ hasText: /共 [1-9]\d* 项/ }).waitFor()
    assert.equal(await panel.count(), 0, 'the error is gone after 重试')
  } finally {
    await page.unrouteAll({ behavior: 'ignoreErrors' })
  }
})

test('item 7: 账号管理 shows grants and linked people by name, not by id', async () => {
  const { page } = browser
  for (const viewport of [DESKTOP, PHONE]) {
    await page.setViewportSize(viewport)
    await open(page, '/users')
    const list = viewport === DESKTOP ? page.getByTestId('users-table') : page.getByTestId('mobile-cards')
    for (const name of ['陆川县', '廉江市', '化州市', ids.poziOrgName, '陆廉化党建联建']) await list.getByText(name).first().waitFor()
    await list.getByText(/乌石.*工作站/).first().waitFor()
    const text = await list.innerText()
    assert.doesNotMatch(text, /县 \d{6}|单位 \d+|党组织 \d+|联建 \d+/, `no raw ids in:\n${text}`)
    await screenshot(page, `trust-users-${viewport.width}.png`)
  }

  // The edit dialog: the linked person and the scope by name, picked from a list.
  await page.setViewportSize(DESKTOP)
  const row = page.getByTestId('users-table').locator('tr', { hasText: 'pozi_secretary' })
  await row.getByRole('button', { name: '编辑' }).click()
  const dialog = page.getByTestId('user-dialog')
  await dialog.getByText(ids.poziPersonName).first().waitFor()
  const scope = dialog.getByTestId('grant-scope').first()
  await scope.getByText(ids.poziOrgName).waitFor()
  assert.doesNotMatch(await dialog.innerText(), /^\s*\d+\s*$/m, 'no bare ids in the dialog')
  // An alliance admin is offered the alliance's counties by name.
  await dialog.getByRole('button', { name: '添加授权' }).click()
  const last = dialog.getByTestId('grant-row').last()
  await last.locator('.el-select').nth(1).click()
  await page.locator('.el-select-dropdown__item').filter({ hasText: /^县$/, visible: true }).first().click()
  // the scope-type menu fades out: wait until it is gone before reading the county menu
  await page.locator('.el-select-dropdown__item').filter({ hasText: /^党组织$/, visible: true }).first().waitFor({ state: 'detached' })
  await last.getByTestId('grant-scope').click()
  const options = page.locator('.el-select-dropdown__item').filter({ visible: true })
  await options.filter({ hasText: '陆川县' }).first().waitFor()
  assert.ok((await options.allInnerTexts()).every((t) => /陆川县|廉江市|化州市/.test(t)), 'only the alliance counties')
  await screenshot(page, 'trust-user-dialog.png')
  await page.keyboard.press('Escape')
  await dialog.getByRole('button', { name: '取消' }).click()
  await dialog.waitFor({ state: 'hidden' })
})

test('item 8: at 390 px no main page is wider than the screen', async () => {
  const { page } = browser
  await page.setViewportSize(PHONE)
  const pages = [
    '/',
    '/matters',
    `/matters/${ids.matter}`,
    '/meetings',
    `/meetings/${ids.meeting}`,
    '/units',
    `/units/${ids.unit}`,
    '/orgs',
    '/people',
    '/users',
    '/divisions',
    '/inbox',
  ]
  const wide = []
  for (const path of pages) {
    await open(page, path)
    const [sw, iw] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth])
    if (sw > iw) wide.push(`${path}: ${sw} > ${iw}`)
  }
  assert.deepEqual(wide, [], 'pages that scroll sideways')
})

test('item 8: the place picker fits a phone and the unit page uses cards and whole names', async () => {
  const { page } = browser
  for (const viewport of [PHONE, DESKTOP]) {
    await page.setViewportSize(viewport)
    await open(page, '/meetings')
    await page.getByTestId('convene-meeting').click()
    const dialog = page.getByTestId('convene-dialog')
    const cascader = dialog.getByTestId('meeting-place')
    await cascader.waitFor()
    await cascader.locator('input').first().click()
    const popper = page.locator('.division-cascader-popper').filter({ visible: true })
    const menus = popper.locator('.el-cascader-menu')
    for (const name of ['陆川县', '乌石镇']) {
      const level = await menus.count()
      await menus.nth(level - 1).locator('.el-cascader-node__label', { hasText: new RegExp(`^${name}$`) }).first().click()
      await until(async () => (await menus.count()) > level, `the column after ${name}`)
    }
    const village = menus.nth(2).locator('.el-cascader-node__label', { hasText: /^坡子村委会$/ })
    await village.waitFor()
    await page.waitForTimeout(300)
    const box = await village.boundingBox()
    assert.ok(box && box.x >= 0 && box.x + box.width <= viewport.width, `the village column is on screen at ${viewport.width}px`)
    const [sw, iw] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth])
    assert.ok(sw <= iw, `the picker does not widen the page at ${viewport.width}px (${sw} > ${iw})`)
    await screenshot(page, `trust-place-picker-${viewport.width}.png`)
    await page.keyboard.press('Escape')
    await dialog.getByRole('button', { name: '取消' }).click()
    await dialog.waitFor({ state: 'hidden' })
  }

  await page.setViewportSize(PHONE)
  await open(page, `/units/${ids.unit}`)
  await page.getByTestId('members-cards').waitFor()
  assert.equal(await page.getByTestId('members-table').count(), 0, 'members as cards on a phone')
  await page.getByTestId('handovers-cards').waitFor()
  const names = page.getByTestId('duty-calendar').locator('.who')
  await names.first().waitFor()
  const cut = await names.evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1 || getComputedStyle(e).textOverflow === 'ellipsis').length)
  assert.equal(cut, 0, 'calendar names are not cut')
  await screenshot(page, 'trust-unit-390.png')
  await page.setViewportSize(DESKTOP)
  await page.getByTestId('members-table').waitFor()
})

test('item 10: the convene dialog opens clean and drops an error when the field is filled', async () => {
  const { page } = browser
  await page.setViewportSize(DESKTOP)
  await open(page, '/meetings')
  const dialog = page.getByTestId('convene-dialog')
  const errors = dialog.locator('.el-form-item__error').filter({ visible: true })
  await page.getByTestId('convene-meeting').click()
  await dialog.waitFor()
  await page.getByTestId('meeting-submit').click()
  await until(async () => (await errors.count()) > 0, 'the refused submit shows errors')
  assert.ok(await dialog.getByText('请选择会议地点').isVisible())

  // Filling the unit fills the place: its error goes.
  await page.getByTestId('meeting-unit').click()
  await page.locator('.el-select-dropdown__item').filter({ hasText: '坡子', visible: true }).first().click()
  await until(async () => !(await dialog.getByText('请选择会议地点').isVisible()), '请选择会议地点 goes once the place is filled')
  await until(async () => !(await dialog.getByText('请选择联建单位').isVisible()), 'the unit error goes')

  // 取消 and open again: a fresh form without red errors.
  await dialog.getByRole('button', { name: '取消' }).click()
  await dialog.waitFor({ state: 'hidden' })
  await page.getByTestId('convene-meeting').click()
  await dialog.waitFor()
  await page.waitForTimeout(1000)
  assert.equal(await errors.count(), 0, `no errors on a reopened dialog: ${await errors.allInnerTexts()}`)
  await screenshot(page, 'trust-convene-reopened.png')
  await dialog.getByRole('button', { name: '取消' }).click()
  await dialog.waitFor({ state: 'hidden' })

  // 修改事项: "追加责任党组织" stays on one line.
  await open(page, `/matters/${ids.openMatter}`)
  await page.getByTestId('edit-matter').click()
  const edit = page.getByTestId('edit-dialog')
  const label = edit.locator('.el-form-item__label', { hasText: '追加责任党组织' })
  await label.waitFor()
  const lineHeight = await label.evaluate((e) => parseFloat(getComputedStyle(e).lineHeight) || 32)
  const box = await label.boundingBox()
  assert.ok(box.height <= lineHeight + 2, `the label is one line (height ${box.height}, line ${lineHeight})`)
  await edit.getByRole('button', { name: '取消' }).click()
  await edit.waitFor({ state: 'hidden' })
})

test('item 11: unknown pages and missing records show a 404 view with 返回', async () => {
  const { page } = browser
  for (const viewport of [DESKTOP, PHONE]) {
    await page.setViewportSize(viewport)
    for (const [path, title] of [
      ['/matters/99999', '记录不存在'],
      ['/units/abc', '记录不存在'],
      ['/meetings/0', '记录不存在'],
      ['/no-such-page', '页面不存在'],
    ]) {
      await page.goto(`${server.url}/#${path}`)
      const nf = page.getByTestId('not-found')
      await nf.getByText(title).waitFor()
      assert.match(await nf.getByTestId('not-found-back').innerText(), /^返回/)
      assert.equal(await page.locator('.el-message').filter({ visible: true }).count(), 0, `${path}: no toast`)
    }
  }
  await page.setViewportSize(DESKTOP)
  await page.goto(`${server.url}/#/matters/99999`)
  await screenshot(page, 'trust-404.png')
  await page.getByTestId('not-found-back').click()
  await page.waitForURL(/#\/matters$/)
})

test('item 12: month labels carry the year; the header name has a tooltip', async () => {
  const { page } = browser
  await page.setViewportSize(DESKTOP)
  await open(page, '/')
  const chart = page.getByTestId('chart-month')
  await chart.locator('canvas').waitFor()
  await page.waitForTimeout(600)
  const box = await chart.boundingBox()
  await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2)
  const tip = page.locator('div').filter({ hasText: /^\s*\d{4}年\d{1,2}月/, visible: true }).last()
  await tip.waitFor({ timeout: 5000 })
  assert.match(await tip.innerText(), /\d{4}年\d{1,2}月/)
  const user = page.getByTestId('current-user')
  assert.equal(await user.getAttribute('title'), ids.me.display_name)
})

test('no script errors or CSP violations', () => {
  assert.deepEqual(browser.seriousErrors(), [])
})

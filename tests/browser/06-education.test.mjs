// 联育平台 in a real browser against a real server with the demo alliance:
// an organiser (alliance_admin, desktop) records a training class and a
// sitting, shows the sitting's check-in QR code, and a participant
// (pozi_secretary) on a 390 px phone opens the code's link, checks in and
// then shows as present on the organiser's page. The education pages at
// 390 px are no wider than the viewport.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startTarget, launch, login, navigate, screenshot } from './lib/browser.mjs'
import { loggedIn } from '../lib/client.mjs'

const PASSWORD = 'demo-2026'
const DESKTOP = { width: 1366, height: 900 }
const PHONE = { width: 390, height: 844 }
const TITLE = `浏览器测试专题培训班${Date.now() % 100000}`

let server
const ids = {}

before(async () => {
  server = await startTarget({ demo: true })
  const c = await loggedIn(server, 'alliance_admin', PASSWORD)
  ids.route = (await c.get('/api/v1/routes?limit=1')).json.items[0].id
  ids.demoActivity = (await c.get('/api/v1/activities?kind=training_class&limit=1')).json.items[0].id
  const users = (await c.get('/api/v1/users?limit=500')).json.items
  ids.poziPerson = users.find((u) => u.username === 'pozi_secretary')?.person_id
})
after(async () => { await server?.stop() })

async function choose(page, select, text) {
  await select.click()
  await page.locator('.el-select-dropdown__item').filter({ hasText: text, visible: true }).first().click()
}

test('an organiser records a class with a sitting and shows its QR; a phone checks in and shows as present', async () => {
  const org = await launch({ viewport: DESKTOP })
  const phone = await launch({ viewport: PHONE })
  try {
    const page = org.page
    await login(page, server.url, 'alliance_admin', PASSWORD)
    await navigate(page, '联育平台')
    await page.getByTestId('activities-summary').waitFor()

    // 新建活动: a training class at the 廉江 base (the site fills the place), hosted by 陆川.
    await page.getByRole('button', { name: '新建活动' }).click()
    const dialog = page.getByTestId('activity-dialog')
    await dialog.getByTestId('activity-title').waitFor()
    await choose(page, dialog.getByTestId('activity-kind'), '专题培训班')
    await dialog.getByTestId('activity-title').fill(TITLE)
    await choose(page, dialog.getByTestId('activity-site'), '廉江市干部人才教育基地')
    await dialog.locator('.org-select').click()
    await page.keyboard.type('中共陆川县委')
    await page.locator('.el-select-dropdown__item').filter({ hasText: '中共陆川县委', visible: true }).first().click()
    await page.getByTestId('activity-submit').click()

    // The activity page: add a sitting (today by default).
    await page.getByTestId('activity-title-text').filter({ hasText: TITLE }).waitFor()
    const activityUrl = page.url()
    const activityId = Number(activityUrl.match(/activities\/(\d+)/)[1])
    await page.getByTestId('add-session').click()
    const sd = page.getByTestId('session-dialog')
    await sd.getByTestId('session-title').fill('第一课 边界党建')
    await page.getByTestId('session-submit').click()
    const sitting = page.getByTestId('sitting').first()
    await sitting.waitFor()
    await sitting.getByText('第一课 边界党建').waitFor()

    // The QR code for a projector.
    await sitting.getByTestId('show-checkin-code').click()
    const qr = page.getByTestId('checkin-code-dialog').getByTestId('checkin-qr').locator('.qr > svg')
    await qr.waitFor()
    const box = await qr.boundingBox()
    assert.ok(box && box.width >= 200, `the QR code is shown large (${box?.width} px)`)
    const link = (await page.getByTestId('checkin-code-dialog').locator('.mono').innerText()).trim()
    assert.match(link, /#\/checkin\?token=[A-Za-z0-9_-]{32}$/)
    await screenshot(page, '06-education-qr.png')

    // The participant on a phone: signs in, opens the link, is checked in.
    await login(phone.page, server.url, 'pozi_secretary', PASSWORD)
    await phone.page.goto(link.replace(/^https?:\/\/[^/]+/, server.url))
    const result = phone.page.getByTestId('checkin-result')
    await result.waitFor()
    assert.equal(await result.getAttribute('data-state'), 'ok', await result.innerText())
    assert.match(await result.innerText(), /签到成功/)
    assert.match(await result.innerText(), new RegExp(TITLE))
    const width = await phone.page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(width <= PHONE.width, `check-in page ${width} px wide`)
    await screenshot(phone.page, '06-education-checkin-phone.png')

    // The organiser sees them present: in the dialog, then on the page.
    await page.getByTestId('checkin-present').filter({ hasText: '1' }).waitFor({ timeout: 15000 }).catch(() => {})
    await page.goto(activityUrl)
    await page.reload()
    await page.getByTestId('activity-title-text').filter({ hasText: TITLE }).waitFor()
    await page.getByTestId('sitting').first().locator('.present').filter({ hasText: '1' }).waitFor()
    await page.getByTestId('activity-participants').getByText('王坡生（演示）').waitFor()
    assert.equal((await page.getByTestId('activity-person-times').innerText()).trim(), '1')

    // And the server agrees.
    const c = await loggedIn(server, 'alliance_admin', PASSWORD)
    const a = (await c.get(`/api/v1/activities/${activityId}`)).json
    assert.equal(a.kind, 'training_class')
    assert.deepEqual(a.sessions[0].attendance, [ids.poziPerson])
    assert.deepEqual(org.seriousErrors(), [])
    assert.deepEqual(phone.seriousErrors(), [])
  } finally {
    await org.close()
    await phone.close()
  }
})

test('the education pages at 390 px are no wider than the viewport', async () => {
  const b = await launch({ viewport: PHONE })
  try {
    await login(b.page, server.url, 'alliance_admin', PASSWORD)
    for (const path of ['/activities', `/activities/${ids.demoActivity}`, '/sites', `/routes/${ids.route}`, '/talent', '/checkin']) {
      await b.page.goto(`${server.url}/#${path}`)
      await b.page.waitForLoadState('networkidle')
      await b.page.waitForTimeout(300)
      const w = await b.page.evaluate(() => document.documentElement.scrollWidth)
      assert.ok(w <= PHONE.width, `${path}: ${w} px wide`)
    }
    // the tabs of 阵地与线路 and 人才
    await b.page.goto(`${server.url}/#/sites`)
    await b.page.getByRole('tab', { name: '线路' }).click()
    await b.page.waitForTimeout(300)
    assert.ok(await b.page.evaluate(() => document.documentElement.scrollWidth) <= PHONE.width, 'routes tab')
    await b.page.goto(`${server.url}/#/talent`)
    await b.page.getByRole('tab', { name: '引进人才' }).click()
    await b.page.waitForTimeout(300)
    assert.ok(await b.page.evaluate(() => document.documentElement.scrollWidth) <= PHONE.width, 'talents tab')
    assert.deepEqual(b.seriousErrors(), [])
  } finally {
    await b.close()
  }
})

// Item 9 of issue 15: pages offer only what the account may do, from the
// rights the server reports (GET /me rights, can_* flags on the answers):
// hz_admin is offered 设置书记 only on 化州's organisations; pozi_secretary's
// 提出事项 offers only the units and organisations he may raise for; the
// convene form is disabled, with the reason, when someone else is on duty.
// At 1366 and 390 px.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startTarget, launch, login, screenshot } from './lib/browser.mjs'
import { loggedIn } from '../lib/client.mjs'

const PASSWORD = 'demo-2026'
const SIZES = [{ width: 1366, height: 900 }, { width: 390, height: 844 }]

let server
let pozi

async function until(fn, what, ms = 10000) {
  const end = Date.now() + ms
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

async function open(page, path) {
  await page.goto(`${server.url}/#${path}`)
  await page.waitForTimeout(200)
  await page.getByTestId('loading').first().waitFor({ state: 'detached', timeout: 15000 }).catch(() => {})
  await page.waitForTimeout(500)
}

async function as(user, size, fn) {
  const b = await launch({ viewport: size })
  try {
    await login(b.page, server.url, user, PASSWORD)
    await fn(b.page)
    assert.deepEqual(b.seriousErrors(), [])
  } finally {
    await b.close()
  }
}

before(async () => {
  server = await startTarget({ demo: true })
  pozi = await loggedIn(server, 'pozi_secretary', PASSWORD)
})
after(async () => { await server?.stop() })

test('hz_admin is offered 设置书记, 修改 and 删除 only on 化州 organisations', async () => {
  const hz = await loggedIn(server, 'hz_admin', PASSWORD)
  const me = (await hz.get('/api/v1/me')).json
  assert.deepEqual(me.rights.org_counties, ['440982'])
  for (const size of SIZES) {
    await as('hz_admin', size, async (page) => {
      await open(page, '/orgs')
      const phone = size.width < 500
      const rowOf = (name) => phone
        ? page.locator('.m-card').filter({ hasText: name })
        : page.locator('.el-table__body-wrapper tr').filter({ hasText: name })
      await rowOf('中共化州市委').first().waitFor()
      for (const name of ['中共化州市委', '双坡村党支部']) {
        assert.equal(await rowOf(name).first().getByText('设置书记').count(), 1, `${name}: 设置书记 offered`)
        assert.equal(await rowOf(name).first().getByText('修改').count(), 1, `${name}: 修改 offered`)
      }
      for (const name of ['中共陆川县委', '坡子村党总支部', '中共廉江市委']) {
        await rowOf(name).first().waitFor()
        assert.equal(await rowOf(name).first().getByText('设置书记').count(), 0, `${name}: no 设置书记 at ${size.width}`)
        assert.equal(await rowOf(name).first().getByText('删除').count(), 0, `${name}: no 删除`)
      }
      const sw = await page.evaluate(() => document.documentElement.scrollWidth)
      assert.ok(sw <= size.width, `no wider than the viewport (${sw})`)
      await screenshot(page, `rights-orgs-${size.width}.png`)
    })
  }
})

test('pozi_secretary’s 提出事项 offers only the units and organisations he may raise for', async () => {
  const units = (await pozi.get('/api/v1/units?limit=500')).json.items
  const allowed = units.filter((u) => u.can_raise).map((u) => u.name)
  assert.ok(allowed.length >= 1 && allowed.length < units.length, `raises in ${allowed} of ${units.length}`)
  const unit = units.find((u) => u.name.startsWith('坡子'))
  const detail = (await pozi.get(`/api/v1/units/${unit.id}`)).json
  const orgNames = detail.members.filter((o) => detail.raise_org_ids.includes(o.id)).map((o) => o.name)
  for (const size of SIZES) {
    await as('pozi_secretary', size, async (page) => {
      await open(page, '/matters')
      await page.getByTestId('raise-matter').click()
      const dialog = page.getByTestId('raise-dialog')
      await dialog.getByTestId('raise-unit').click()
      const options = page.locator('.el-select-dropdown__item').filter({ visible: true })
      await until(async () => (await options.count()) > 0, 'unit options')
      const shown = (await options.allInnerTexts()).map((t) => t.split('\n')[0].trim())
      assert.deepEqual(shown.sort(), [...allowed].sort(), `units offered at ${size.width}`)
      await options.filter({ hasText: unit.name }).first().click()
      // the unit menu fades out: wait until its options are gone, so the
      // organisation menu's options are not read together with them
      await until(async () => (await options.filter({ hasText: unit.name }).count()) === 0, 'unit menu closed')
      await dialog.getByTestId('raise-org').click()
      await until(async () => (await options.count()) > 0, 'org options')
      const orgsShown = (await options.allInnerTexts()).map((t) => t.split('\n')[0].trim())
      assert.deepEqual(orgsShown.sort(), [...orgNames].sort(), 'organisations offered')
      await page.keyboard.press('Escape')
      await screenshot(page, `rights-raise-${size.width}.png`)
    })
  }
})

test('the convene form is disabled, with the reason on hover, when someone else is on duty', async () => {
  const unit = (await pozi.get('/api/v1/units?limit=500')).json.items.find((u) => u.name.startsWith('坡子'))
  const me = (await pozi.get('/api/v1/me')).json
  // a day within the year ahead on which someone else serves
  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10)
  const to = new Date(Date.now() + 8 * 3600e3 + 200 * 86400e3).toISOString().slice(0, 10)
  const terms = (await pozi.get(`/api/v1/units/${unit.id}/rotation?from=${today}&to=${to}`)).json.terms
  const other = terms.find((t) => t.person_id !== me.person_id)
  assert.ok(other, 'someone else serves a term')
  const day = other.starts_on > today ? other.starts_on : today
  const duty = (await pozi.get(`/api/v1/units/${unit.id}/duty?on=${day}`)).json
  assert.equal(duty.convene, 'none')
  for (const size of SIZES) {
    await as('pozi_secretary', size, async (page) => {
      await open(page, '/meetings')
      await page.getByTestId('convene-meeting').click()
      const dialog = page.getByTestId('convene-dialog')
      await dialog.getByTestId('meeting-unit').click()
      await page.locator('.el-select-dropdown__item').filter({ hasText: unit.name, visible: true }).first().click()
      const date = dialog.locator('.el-date-editor input').first()
      await date.fill(day)
      await date.press('Enter')
      await dialog.getByTestId('meeting-duty').getByText(other.person_name).waitFor()
      const blocked = dialog.getByTestId('meeting-blocked')
      await blocked.waitFor()
      assert.ok((await blocked.innerText()).includes(other.person_name), await blocked.innerText())
      const submit = page.getByTestId('meeting-submit')
      assert.ok(await submit.isDisabled(), 'submit is disabled')
      const wrap = submit.locator('xpath=..')
      assert.match(await wrap.getAttribute('title'), /只有轮值书记或联建管理员可以召集/)
      await wrap.hover()
      await page.locator('.el-popper').filter({ hasText: '只有轮值书记或联建管理员可以召集', visible: true }).first().waitFor()
      const sw = await page.evaluate(() => document.documentElement.scrollWidth)
      assert.ok(sw <= size.width, `no wider than the viewport (${sw})`)
      await screenshot(page, `rights-convene-${size.width}.png`)
    })
  }
})

// The organisation system in the browser: data set up over the API (an
// alliance, three town committees on both sides of the border, a town
// workstation with a weekly roster starting today), then the pages:
// 组织体系 tree, the unit page with today's duty secretary and a 登记调换,
// and the 党组织 / 人员 create forms with their Chinese validation.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startTarget, launch, login, navigate, pickDivision, screenshot } from './lib/browser.mjs'
import { apiLogin, todayInChina } from './lib/api.mjs'

const run = Date.now().toString(36).slice(-4)
const UNIT_NAME = `乌石—文楼—平定党建联建工作站${run}`
let server
let browser
let api
const ids = {}
const names = { wushi: `李乌石${run}`, wenlou: `陈文楼${run}`, pingding: `黄平定${run}` }

before(async () => {
  server = await startTarget()
  api = await apiLogin(server.url, server.adminUser, server.adminPassword)

  const alliance = await api.post('/alliances', {
    name: `玉湛茂区域党建联建${run}`,
    counties: ['450922', '440881', '440982'],
    description: '陆川、廉江、化州跨省党建联建',
  })
  ids.alliance = alliance.id

  const orgs = [
    ['wushi', '中共陆川县乌石镇委员会', '450922108'],
    ['wenlou', '中共化州市文楼镇委员会', '440982117'],
    ['pingding', '中共化州市平定镇委员会', '440982116'],
  ]
  ids.people = {}
  ids.orgs = {}
  for (const [key, name, division] of orgs) {
    const org = await api.post('/orgs', { name: `${name}${run}`, division, kind: 'town_committee' })
    const person = await api.post('/people', { name: names[key], org_id: org.id, position: '镇党委书记' })
    await api.put(`/orgs/${org.id}/secretary`, { person_id: person.id })
    ids.orgs[key] = org.id
    ids.people[key] = person.id
  }

  const unit = await api.post('/units', {
    alliance_id: ids.alliance,
    tier: 'town',
    name: UNIT_NAME,
    divisions: ['450922108', '440982117', '440982116'],
  })
  ids.unit = unit.id
  for (const key of ['wushi', 'wenlou', 'pingding']) {
    await api.post(`/units/${unit.id}/members`, { org_id: ids.orgs[key] })
  }
  await api.put(`/units/${unit.id}/leader`, { person_id: ids.people.wushi })
  await api.put(`/units/${unit.id}/roster`, {
    person_ids: [ids.people.wushi, ids.people.wenlou, ids.people.pingding],
    term: 'week',
    starts_on: todayInChina(),
  })

  // The server plans the order itself (fair turns, alternating counties),
  // so ask it who is on duty today and pick someone else for the swap.
  const duty = await api.get(`/units/${unit.id}/duty?on=${todayInChina()}`)
  ids.dutyName = duty.person_name
  ids.swapName = Object.values(names).find((n) => n !== duty.person_name)
  assert.ok(Object.values(names).includes(ids.dutyName), `today's duty secretary is on the roster: ${ids.dutyName}`)

  browser = await launch({ viewport: { width: 1280, height: 900 } })
  await login(browser.page, server.url, server.adminUser, server.adminPassword)
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

test('组织体系 shows alliance → tier → unit → member organisations with province and county', async () => {
  const { page } = browser
  await navigate(page, '组织体系')
  const tree = page.getByTestId('structure-tree')
  await tree.getByText(`玉湛茂区域党建联建${run}`).waitFor()
  await tree.getByText('镇级工作站').first().waitFor()
  await tree.getByText(UNIT_NAME).click()
  const wushi = tree.locator('.node-org', { hasText: `中共陆川县乌石镇委员会${run}` })
  await wushi.waitFor()
  assert.match(await wushi.innerText(), /广西壮族自治区[\s\S]*陆川县/)
  const wenlou = tree.locator('.node-org', { hasText: `中共化州市文楼镇委员会${run}` })
  assert.match(await wenlou.innerText(), /广东省[\s\S]*化州市/)
})

test('the unit page highlights today’s duty secretary', async () => {
  const { page } = browser
  await page.goto(`${server.url}/#/units/${ids.unit}`)
  await page.getByTestId('unit-name').filter({ hasText: UNIT_NAME }).waitFor()
  const duty = page.getByTestId('duty-today')
  await duty.getByText(ids.dutyName).waitFor()
  // Today's calendar cell names the same person.
  const todayCell = page.locator(`.cell[data-day="${todayInChina()}"]`)
  await todayCell.getByText(ids.dutyName).waitFor()
  // Members from both provinces are listed.
  const members = page.getByTestId('members-table')
  await members.getByText('广西壮族自治区').waitFor()
  await members.getByText('广东省').first().waitFor()
  await screenshot(page, 'unit-desktop.png')
})

test('登记调换 needs a reason, then swaps today’s term and marks it', async () => {
  const { page } = browser
  await page.getByTestId('swap-button').click()
  const dialog = page.locator('.el-dialog', { hasText: '登记调换' })
  await dialog.waitFor()
  await dialog.getByTestId('swap-person').click()
  await page.locator('.el-select-dropdown__item').filter({ hasText: ids.swapName, visible: true }).first().click()
  // No reason: Chinese validation, nothing sent.
  await dialog.getByTestId('swap-submit').click()
  await dialog.getByText('请填写调换原因').waitFor()
  await dialog.getByTestId('swap-reason').fill('乌石镇书记赴省党校学习')
  await dialog.getByTestId('swap-submit').click()
  await dialog.waitFor({ state: 'hidden' })

  const duty = page.getByTestId('duty-today')
  await duty.getByText(ids.swapName).waitFor()
  await duty.locator('.el-tag', { hasText: '调换' }).waitFor()
  const todayCell = page.locator(`.cell[data-day="${todayInChina()}"]`)
  await todayCell.getByText(ids.swapName).waitFor()
  await todayCell.getByText('调换').waitFor()
})

test('党组织: the create form validates in Chinese and picks the division level by level', async () => {
  const { page } = browser
  await navigate(page, '党组织')
  await page.getByTestId('org-create').click()
  const dialog = page.locator('.el-dialog', { hasText: '新建党组织' })
  await dialog.waitFor()
  await dialog.getByRole('button', { name: '创建' }).click()
  await dialog.getByText('请输入党组织名称').waitFor()
  await dialog.getByText('请选择所在区划').waitFor()

  const name = `中共陆川县乌石镇坡子村委员会${run}`
  await dialog.getByPlaceholder('如：中共陆川县乌石镇坡子村委员会').fill(name)
  await dialog.getByText('村党组织').click()
  await pickDivision(page, dialog.locator('.division-picker'), ['广西壮族自治区', '玉林市', '陆川县', '乌石镇', '坡子村委会'])
  await page.keyboard.press('Escape')
  await dialog.getByRole('button', { name: '创建' }).click()
  await dialog.waitFor({ state: 'hidden' })

  await page.getByTestId('orgs-search').fill(name)
  const row = page.getByTestId('orgs-table').locator('tr', { hasText: name })
  await row.waitFor()
  assert.match(await row.innerText(), /村党组织[\s\S]*广西壮族自治区[\s\S]*陆川县/)
})

test('人员: a bad mobile number is refused in Chinese; a good one is saved', async () => {
  const { page } = browser
  await navigate(page, '人员')
  await page.getByTestId('person-create').click()
  const dialog = page.locator('.el-dialog', { hasText: '新增人员' })
  await dialog.waitFor()
  const person = `王坡子${run}`
  await dialog.getByPlaceholder('请输入姓名').fill(person)
  await dialog.locator('.org-select').click()
  await page.keyboard.type(`中共陆川县乌石镇委员会${run}`)
  await page.locator('.el-select-dropdown__item').filter({ hasText: `中共陆川县乌石镇委员会${run}`, visible: true }).first().click()
  await dialog.getByPlaceholder('如：村党委书记').fill('村党委副书记')
  await dialog.getByPlaceholder('（可选）11 位手机号').fill('12345')
  await dialog.getByRole('button', { name: '保存' }).click()
  await dialog.getByText('请输入正确的 11 位手机号').waitFor()
  await dialog.getByPlaceholder('（可选）11 位手机号').fill('13800138000')
  await dialog.getByRole('button', { name: '保存' }).click()
  await dialog.waitFor({ state: 'hidden' })
  await page.getByTestId('people-search').fill(person)
  await page.getByTestId('people-table').getByText(person).waitFor()
})

test('the unit page on a phone', async () => {
  const { page } = browser
  await page.setViewportSize({ width: 390, height: 700 })
  await page.goto(`${server.url}/#/units/${ids.unit}`)
  await page.getByTestId('duty-today').getByText(ids.swapName).waitFor()
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  assert.ok(overflow <= 1, `page does not scroll sideways (overflow ${overflow}px)`)
  await screenshot(page, 'unit-phone.png')
})

test('no script errors or CSP violations', () => {
  assert.deepEqual(browser.seriousErrors(), [])
})

// The economy pages (共兴实体经济) on the demo alliance as alliance_admin, in
// a real Chromium against a real server: a contribution recorded on a
// project's page changes its total and its pie (and is stored as exact fen);
// the economy pages at 390 px are no wider than the screen; an enterprise with
// a wrong 统一社会信用代码 shows the server's message under the field and
// creates nothing.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startTarget, launch, login, screenshot, pickDivision } from './lib/browser.mjs'
import { loggedIn } from '../lib/client.mjs'
import { formatMoney, parseYuan, sumFen, shareText } from '../../web/src/lib/money.js'

const USER = 'alliance_admin'
const PASSWORD = 'demo-2026'
const DESKTOP = { width: 1366, height: 900 }
const PHONE = { width: 390, height: 844 }
const POZI = '450922108216' // 坡子村委会, 陆川县乌石镇

let server
let browser
let api
const ids = {}

async function ok(resPromise, what) {
  const r = await resPromise
  assert.ok(r.status >= 200 && r.status < 300, `${what}: HTTP ${r.status} ${r.text}`)
  return r.json
}

async function until(fn, what, ms = 15000) {
  const end = Date.now() + ms
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

// Open a page by its address and wait for its first answer.
async function open(page, path) {
  await page.goto(`${server.url}/#${path}`)
  await page.waitForTimeout(200)
  await page.getByTestId('loading').first().waitFor({ state: 'detached', timeout: 15000 }).catch(() => {})
  await page.waitForTimeout(400)
}

// A 统一社会信用代码 with valid check characters (GB 11714 for the embedded
// organisation code, GB 32100 for the last), from 8 characters of our own.
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'
function validUscc(body8) {
  const org8 = body8
  const ow = [3, 7, 9, 10, 5, 8, 4, 2]
  let s = 0
  for (let i = 0; i < 8; i++) s += '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'.indexOf(org8[i]) * ow[i]
  const c9 = 11 - (s % 11)
  const org9 = org8 + (c9 === 10 ? 'X' : c9 === 11 ? '0' : String(c9))
  const first17 = `91450922${org9}`
  let t = 0
  for (let i = 0; i < 17; i++) t += USCC_CHARS.indexOf(first17[i]) * (3 ** i % 31)
  const c = (31 - (t % 31)) % 31
  return first17 + USCC_CHARS[c]
}

// The pixels of the pie's canvas, to see that the drawing changed.
async function pieShot(page) {
  const canvas = page.getByTestId('funds-pie').locator('canvas').first()
  await canvas.waitFor()
  await page.waitForTimeout(1200) // the pie's animation settles
  return canvas.screenshot()
}

before(async () => {
  server = await startTarget({ demo: true })
  api = await loggedIn(server, USER, PASSWORD)
  const alliances = (await ok(api.get('/api/v1/alliances?limit=50'), 'alliances')).items
  ids.alliance = alliances[0].id
  const project = await ok(
    api.post('/api/v1/projects', {
      alliance_id: ids.alliance,
      kind: 'infrastructure',
      name: '浏览器测试：坡子村产业路',
      divisions: [POZI],
      stage: 'building',
      investment_fen: 300000000,
      jobs: 12,
      length_m: 2400,
    }),
    'create project',
  )
  ids.project = project.id
  const users = (await ok(api.get('/api/v1/users?limit=500'), 'users')).items
  ids.poziOrg = users.find((u) => u.username === 'pozi_secretary').grants[0].scope_id
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())
  const fair = await ok(
    api.post('/api/v1/activities', { alliance_id: ids.alliance, kind: 'fair', title: '浏览器测试：乌石—文楼特色产品展销会', starts_on: today, place_division: POZI, host_org_id: ids.poziOrg }),
    'create fair',
  )
  ids.fair = fair.id
  await ok(api.put(`/api/v1/activities/${ids.fair}/sales`, { hours: 4, items: [{ label: '坡子村农户', amount_fen: 5200000 }] }), 'fair sales')

  browser = await launch({ viewport: DESKTOP })
  await login(browser.page, server.url, USER, PASSWORD)
})

after(async () => {
  await browser?.close()
  await server?.stop()
})

test('the pages count money in whole fen: 元 typed in, 万元 / 亿元 shown', () => {
  assert.equal(formatMoney(17000000000), '1.7 亿元')
  assert.equal(formatMoney(500000000), '500 万元')
  assert.equal(formatMoney(5200000), '5.2 万元')
  assert.equal(formatMoney(300000), '3,000 元')
  assert.equal(formatMoney(1999), '19.99 元')
  assert.equal(formatMoney(null), '—')
  assert.deepEqual(parseYuan('19.99'), { fen: 1999 })
  assert.deepEqual(parseYuan('0.1'), { fen: 10 })
  assert.deepEqual(parseYuan('1,234.5'), { fen: 123450 })
  assert.deepEqual(parseYuan('90071992547409.91'), { fen: Number.MAX_SAFE_INTEGER })
  for (const bad of ['12.345', '-1', 'abc', '', '0', '90071992547409.92']) assert.ok(parseYuan(bad).error, `refused: ${bad}`)
  // A column of 0.10 元 adds up exactly (floats would give 0.30000000000000004).
  assert.equal(sumFen([10, 20]), 30)
  assert.equal(sumFen(Array(1000).fill(parseYuan('0.1').fen)), 10000)
  assert.equal(shareText(1, 3), '33.3%')
})

test('a contribution recorded on the project page changes its total and its pie', async () => {
  const { page } = browser
  await page.setViewportSize(DESKTOP)
  await open(page, `/projects/${ids.project}`)
  const total = page.getByTestId('project-funds-total')
  const pie = page.getByTestId('funds-pie-wrap')
  await total.waitFor()
  assert.equal((await total.innerText()).trim(), '0 元', 'no funds yet')
  assert.equal(await pie.getAttribute('data-pie'), '', 'an empty pie')
  const before = await pieShot(page)

  // 250 万元 of government money, typed in 元 with two decimals.
  await page.getByTestId('add-fund').click()
  const dialog = page.getByTestId('fund-dialog')
  await dialog.waitFor()
  await dialog.getByTestId('fund-amount').fill('2500000.00')
  await page.getByTestId('fund-submit').click()
  await dialog.waitFor({ state: 'hidden' })
  await until(async () => (await total.innerText()).trim() === '250 万元', 'the total shows 250 万元')
  assert.equal(await pie.getAttribute('data-pie'), 'government:250000000', 'one slice: government')
  const afterOne = await pieShot(page)
  assert.ok(!before.equals(afterOne), 'the pie is drawn differently after the first contribution')

  // A second source, with fen: 1234.56 元 from a bank loan.
  await page.getByTestId('add-fund').click()
  await dialog.waitFor()
  assert.equal(await dialog.getByTestId('fund-amount').inputValue(), '', 'the form opens empty again')
  await dialog.getByTestId('fund-source').click()
  await page.locator('.el-select-dropdown__item', { hasText: /^银行贷款$/ }).filter({ visible: true }).click()
  await dialog.getByTestId('fund-amount').fill('1234.56')
  await page.getByTestId('fund-submit').click()
  await dialog.waitFor({ state: 'hidden' })
  await until(async () => (await total.innerText()).trim() === '250.12 万元', 'the total shows 250.12 万元')
  await until(async () => (await pie.getAttribute('data-pie')) === 'government:250000000,bank:123456', 'two slices')
  const afterTwo = await pieShot(page)
  assert.ok(!afterOne.equals(afterTwo), 'the pie is drawn differently after the second contribution')
  assert.match(await page.getByTestId('source-bank').innerText(), /1,234\.56 元/)
  await screenshot(page, 'economy-project-funds.png')

  // Stored exactly, in fen.
  const p = await ok(api.get(`/api/v1/projects/${ids.project}`), 'project')
  assert.equal(p.funds_total_fen, 250123456)
  assert.equal(p.funds.length, 2)
})

test('a wrong amount is refused in the form and records nothing', async () => {
  const { page } = browser
  await page.setViewportSize(DESKTOP)
  await open(page, `/projects/${ids.project}`)
  await page.getByTestId('add-fund').click()
  const dialog = page.getByTestId('fund-dialog')
  await dialog.waitFor()
  await dialog.getByTestId('fund-amount').fill('12.345')
  await page.getByTestId('fund-submit').click()
  await dialog.locator('.el-form-item__error', { hasText: '两位小数' }).waitFor()
  await dialog.getByRole('button', { name: '取消' }).click()
  await dialog.waitFor({ state: 'hidden' })
  const p = await ok(api.get(`/api/v1/projects/${ids.project}`), 'project')
  assert.equal(p.funds.length, 2, 'no third contribution')
})

test('a stage going backwards needs a reason; the change shows on the timeline', async () => {
  const { page } = browser
  await page.setViewportSize(DESKTOP)
  await open(page, `/projects/${ids.project}`)
  await page.getByTestId('change-stage').click()
  const dialog = page.getByTestId('stage-dialog')
  await dialog.waitFor()
  await dialog.getByTestId('stage-to').getByText('签约', { exact: true }).click()
  await page.getByTestId('stage-submit').click()
  await dialog.locator('.el-form-item__error', { hasText: '须说明原因' }).waitFor()
  let p = await ok(api.get(`/api/v1/projects/${ids.project}`), 'project')
  assert.equal(p.stage, 'building', 'still 在建 without a reason')
  await dialog.getByTestId('stage-note').fill('征地协议需重新签订')
  await page.getByTestId('stage-submit').click()
  await dialog.waitFor({ state: 'hidden' })
  await until(async () => (await page.getByTestId('project-stage').innerText()).trim() === '签约', 'the stage shows 签约')
  const timeline = page.getByTestId('stage-timeline')
  await timeline.getByText('在建 → 签约').waitFor()
  await timeline.getByText('征地协议需重新签订').waitFor()
  await timeline.getByText('回退').waitFor()
  p = await ok(api.get(`/api/v1/projects/${ids.project}`), 'project')
  assert.equal(p.stage, 'signed')
  assert.equal(p.stages.at(-1).note, '征地协议需重新签订')
})

test('政金企对接: a granted loan counts in the totals, an application does not', async () => {
  const { page } = browser
  await page.setViewportSize(DESKTOP)
  const ent = await ok(
    api.post('/api/v1/enterprises', { alliance_id: ids.alliance, name: '浏览器测试：乌石镇生猪养殖场', uscc: validUscc('MA5P2R8T'), division: POZI, industry: 'agriculture' }),
    'enterprise',
  )
  const start = await ok(api.get(`/api/v1/financing/summary?alliance_id=${ids.alliance}`), 'summary')
  await ok(api.post('/api/v1/financing', { alliance_id: ids.alliance, enterprise_id: ent.id, lender: '测试农商银行', amount_fen: 300000000, on: '2026-05-01', status: 'applied' }), 'application')
  const before = await ok(api.get(`/api/v1/financing/summary?alliance_id=${ids.alliance}`), 'summary')
  assert.equal(before.granted_fen, start.granted_fen, 'an application is not financing')
  await open(page, '/financing')
  const granted = page.getByTestId('financing-granted')
  const beforeText = (await granted.innerText()).trim()
  const row = page.getByTestId('financing-table').locator('tr', { hasText: '浏览器测试：乌石镇生猪养殖场' })
  await row.getByTestId('financing-grant').click()
  await until(async () => (await granted.innerText()).trim() !== beforeText, 'the granted total changes')
  const after = await ok(api.get(`/api/v1/financing/summary?alliance_id=${ids.alliance}`), 'summary')
  assert.equal(after.granted_fen, before.granted_fen + 300000000)
  assert.equal((await granted.innerText()).trim(), formatMoney(after.granted_fen), 'the page shows the server total')
  assert.equal((await page.getByTestId('financing-enterprises').innerText()).trim(), String(after.enterprises_financed))
  await page.getByTestId('financing-by-lender').getByText('测试农商银行').waitFor()
  await row.getByText('已获批').waitFor()
})

test('文旅: a referral recorded on the page shows in the month chart and the route total', async () => {
  const { page } = browser
  await page.setViewportSize(DESKTOP)
  const a = await ok(api.post('/api/v1/sites', { alliance_id: ids.alliance, kind: 'scenic', name: '浏览器测试：谢鲁山庄', division: POZI }), 'site a')
  const b = await ok(api.post('/api/v1/sites', { alliance_id: ids.alliance, kind: 'scenic', name: '浏览器测试：橘州公园', division: '440982116' }), 'site b')
  const route = await ok(api.post('/api/v1/routes', { alliance_id: ids.alliance, kind: 'tourism', name: '浏览器测试：温泉橘红游', stops: [a.id, b.id] }), 'route')
  await open(page, '/tourism')
  const card = page.getByTestId('tourism-route').filter({ hasText: '浏览器测试：温泉橘红游' })
  await card.waitFor()
  const total = page.getByTestId('referrals-total')
  const before = Number((await total.innerText()).match(/\d+/)[0])
  await card.getByTestId('route-add-referral').click()
  const dialog = page.getByTestId('referral-dialog')
  await dialog.waitFor()
  const month = dialog.getByPlaceholder('选择月份')
  await month.fill('2026-05')
  await month.press('Enter')
  await dialog.locator('.el-dialog__title').click() // outside the month panel: it closes
  await page.locator('.el-picker__popper').filter({ visible: true }).waitFor({ state: 'hidden' })
  const select = (label) => dialog.locator('.el-form-item', { hasText: label }).locator('.el-select__wrapper')
  await select('客源县').click()
  await page.locator('.el-select-dropdown__item', { hasText: /^陆川县$/ }).filter({ visible: true }).click()
  await page.locator('.el-select-dropdown').filter({ visible: true }).waitFor({ state: 'hidden' })
  await select('接待县').click()
  await page.locator('.el-select-dropdown__item', { hasText: /^化州市$/ }).filter({ visible: true }).click()
  await dialog.getByTestId('referral-visitors').locator('input').fill('1200')
  await page.getByTestId('referral-submit').click()
  await dialog.waitFor({ state: 'hidden' })
  await until(async () => (await total.innerText()).includes(`${before + 1200}`), 'the total grows by 1200')
  await card.getByText('1200').waitFor()
  const r = await ok(api.get(`/api/v1/routes/${route.id}/referrals`), 'referrals')
  assert.equal(r.total_visitors, 1200)
  assert.equal(r.items[0].month, '2026-05')
  assert.ok(await page.getByTestId('referrals-chart').locator('canvas').count(), 'the month chart is drawn')
})

test('a fair\'s sales edited on its page show their total in 万元', async () => {
  const { page } = browser
  await page.setViewportSize(DESKTOP)
  await open(page, `/activities/${ids.fair}`)
  const total = page.getByTestId('sales-total')
  assert.equal((await total.innerText()).trim(), '5.2 万元')
  await page.getByTestId('edit-sales').click()
  const dialog = page.getByTestId('sales-dialog')
  await dialog.waitFor()
  await page.getByTestId('sales-add-row').click()
  await dialog.getByTestId('sales-label-1').fill('文楼镇电商服务站')
  await dialog.getByTestId('sales-amount-1').fill('8000.50')
  await page.getByTestId('sales-submit').click()
  await dialog.waitFor({ state: 'hidden' })
  await until(async () => (await total.innerText()).trim() === '6 万元', 'the total shows 6 万元')
  const act = await ok(api.get(`/api/v1/activities/${ids.fair}`), 'fair')
  assert.equal(act.sales.total_fen, 6000050)
  assert.equal(act.sales.items.length, 2)
})

test('an account that may not manage the project sees its buttons disabled, with the reason on hover', async () => {
  // 廉江市's county admin reads the alliance but the project lies in 陆川县.
  const lj = await loggedIn(server, 'lj_admin', PASSWORD)
  const p = await ok(lj.get(`/api/v1/projects/${ids.project}`), 'project as lj_admin')
  assert.equal(p.can_manage, false, 'the server says lj_admin may not manage it')
  const other = await launch({ viewport: DESKTOP })
  try {
    await login(other.page, server.url, 'lj_admin', PASSWORD)
    await other.page.goto(`${server.url}/#/projects/${ids.project}`)
    const button = other.page.getByTestId('add-fund')
    await button.waitFor()
    assert.ok(await button.isDisabled(), '记录资金 is disabled')
    assert.ok(await other.page.getByTestId('change-stage').isDisabled(), '变更阶段 is disabled')
    await other.page.getByTestId('add-fund-denied').hover()
    await other.page.locator('.el-popper', { hasText: '没有管理该项目的权限' }).filter({ visible: true }).waitFor()
  } finally {
    await other.close()
  }
})

test('登记项目: a project created in the dialog opens on its page with its figures', async () => {
  const { page } = browser
  await page.setViewportSize(DESKTOP)
  await open(page, '/projects')
  await page.getByTestId('new-project').click()
  const dialog = page.getByTestId('project-dialog')
  await dialog.waitFor()
  await dialog.getByTestId('project-name').fill('浏览器测试：石垌村橘红烘干房')
  await dialog.getByTestId('project-kind').getByText('产业项目', { exact: true }).click()
  await pickDivision(page, dialog.getByTestId('project-divisions'), ['陆川县', '乌石镇', '坡子村委会'])
  await page.keyboard.press('Escape')
  await page.locator('.division-cascader-popper').filter({ visible: true }).waitFor({ state: 'hidden' })
  await dialog.getByTestId('project-divisions').getByRole('button', { name: '添加' }).click()
  await dialog.getByTestId('project-divisions').getByText('坡子村委会').waitFor()
  await dialog.getByTestId('project-investment-input').fill('2000000.5')
  await page.getByTestId('project-submit').click()
  await dialog.waitFor({ state: 'hidden' })
  await page.getByTestId('project-title').filter({ hasText: '浏览器测试：石垌村橘红烘干房' }).waitFor()
  assert.equal((await page.getByTestId('project-investment').innerText()).trim(), '200 万元')
  const id = Number(page.url().match(/projects\/(\d+)/)[1])
  const p = await ok(api.get(`/api/v1/projects/${id}`), 'project')
  assert.equal(p.investment_fen, 200000050, 'the investment stored to the fen')
  assert.equal(p.kind, 'industry')
  assert.deepEqual(p.divisions.map((d) => d.code), [POZI])
})

test('the economy pages at 390 px are no wider than the screen', async () => {
  const { page } = browser
  await page.setViewportSize(PHONE)
  const pages = ['/projects', `/projects/${ids.project}`, '/enterprises', '/financing', '/tourism', `/activities/${ids.fair}`]
  const wide = []
  for (const path of pages) {
    await open(page, path)
    assert.equal(await page.getByTestId('load-error').count(), 0, `${path} loads`)
    const [sw, iw] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth])
    if (sw > iw) wide.push(`${path}: ${sw} > ${iw}`)
    await screenshot(page, `economy-390${path.replace(/\//g, '-')}.png`)
  }
  assert.deepEqual(wide, [], 'pages that scroll sideways')
  // The fair's sales show on its page, in 万元.
  await open(page, `/activities/${ids.fair}`)
  assert.match((await page.getByTestId('sales-total').innerText()).trim(), /^\d+(\.\d+)? 万元$/)
  // Lists are cards on a phone.
  await open(page, '/projects')
  await page.getByTestId('mobile-cards').getByText('浏览器测试：坡子村产业路').waitFor()
  assert.equal(await page.getByTestId('projects-table').count(), 0, 'no table on a phone')
})

test('an enterprise with a wrong 统一社会信用代码 shows the field error and creates nothing', async () => {
  const { page } = browser
  await page.setViewportSize(DESKTOP)
  const good = validUscc('MA5L3K7Q')
  const bad = good.slice(0, 17) + USCC_CHARS[(USCC_CHARS.indexOf(good[17]) + 1) % 31]
  const name = '浏览器测试：坡子村橘红合作社'
  const count = async () => (await ok(api.get(`/api/v1/enterprises?alliance_id=${ids.alliance}&limit=500`), 'enterprises')).items.length
  const before = await count()

  await open(page, '/enterprises')
  await page.getByTestId('new-enterprise').click()
  const dialog = page.getByTestId('enterprise-dialog')
  await dialog.waitFor()
  await dialog.getByTestId('enterprise-name').fill(name)
  await dialog.getByTestId('enterprise-uscc').fill(bad)
  await dialog.getByTestId('enterprise-industry').click()
  await page.locator('.el-select-dropdown__item', { hasText: /^农产品加工$/ }).filter({ visible: true }).click()
  await pickDivision(page, dialog.getByTestId('enterprise-division'), ['陆川县', '乌石镇', '坡子村委会'])
  await page.keyboard.press('Escape')
  await page.locator('.division-cascader-popper').filter({ visible: true }).waitFor({ state: 'hidden' })
  assert.ok(await dialog.isVisible(), 'the dialog is still open')
  await page.getByTestId('enterprise-submit').click()

  const usccItem = dialog.locator('.el-form-item').filter({ has: page.getByTestId('enterprise-uscc') })
  const err = usccItem.locator('.el-form-item__error')
  await err.waitFor()
  const message = (await err.innerText()).trim()
  assert.match(message, /校验|代码/, `the server's message under the field: ${message}`)
  assert.ok(await dialog.isVisible(), 'the dialog stays open')
  await screenshot(page, 'economy-enterprise-uscc.png')
  assert.equal(await count(), before, 'nothing was created')
  const found = (await ok(api.get(`/api/v1/enterprises?alliance_id=${ids.alliance}&q=${encodeURIComponent(name)}`), 'search')).items
  assert.equal(found.length, 0, 'no enterprise by that name')

  // Corrected, it is created and listed; the message is gone.
  await dialog.getByTestId('enterprise-uscc').fill(good)
  await until(async () => (await err.count()) === 0, 'the field error goes when the field changes')
  await page.getByTestId('enterprise-submit').click()
  await dialog.waitFor({ state: 'hidden' })
  await page.getByTestId('enterprises-table').getByText(name).waitFor()
  assert.equal(await count(), before + 1)
})

// Matters and joint meetings in the browser, on the demo alliance. An account
// is linked over the API to today's duty secretary of the 坡子 village group;
// as that user: read 已解决事项 on the dashboard, raise a matter through the
// dialog, move it to 研判 and 推进, convene today's meeting with it on the
// agenda, record attendance and a 办结 decision, and see the dashboard count
// one more. Then pozi_secretary (a member secretary of the group) sees the
// unread badge for the new matter and opens it from the inbox. A meeting
// dated next month shows 待召开 with its actions disabled, and clearing the
// minutes asks for confirmation.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { startTarget, launch, login, navigate, screenshot } from './lib/browser.mjs'
import { loggedIn } from '../lib/client.mjs'
import { todaySh, addDays } from '../lib/dates.mjs'

const run = Date.now().toString(36).slice(-4)
const MATTER = `边界村道路照明共建${run}`
const MEETING = `坡子—那楼联席会议${run}`
const DUTY_PASSWORD = 'duty-sec-2026'

let server
let browser
const ctx = {}

async function ok(resPromise, what) {
  const r = await resPromise
  assert.ok(r.status >= 200 && r.status < 300, `${what}: HTTP ${r.status} ${r.text}`)
  return r.json
}

// el-select: open it and click the visible option containing text.
async function choose(page, select, text) {
  await select.click()
  await page.locator('.el-select-dropdown__item').filter({ hasText: text, visible: true }).first().click()
}

async function until(fn, what, ms = 10000) {
  const end = Date.now() + ms
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

async function unreadOf(username, password) {
  const c = await loggedIn(server, username, password)
  return (await ok(c.get('/api/v1/inbox'), 'inbox')).unread
}

async function statResolved(page) {
  const stat = page.getByTestId('stat-resolved')
  await stat.filter({ hasText: /^\s*\d+\s*$/ }).waitFor()
  return Number((await stat.innerText()).trim())
}

before(async () => {
  server = await startTarget({ demo: true })
  const admin = await loggedIn(server)
  const units = (await ok(admin.get('/api/v1/units?limit=500'), 'units')).items
  const unit = units.find((u) => u.name.startsWith('坡子'))
  assert.ok(unit, 'the demo has the 坡子 village group')
  ctx.unit = unit
  const duty = await ok(admin.get(`/api/v1/units/${unit.id}/duty`), 'duty today')
  ctx.duty = duty
  const body = {
    username: 'duty_sec',
    password: DUTY_PASSWORD,
    display_name: duty.person_name,
    person_id: duty.person_id,
    grants: [{ role: 'member', scope_type: 'org', scope_id: duty.org_id }],
  }
  let r = await admin.post('/api/v1/users', body)
  // Against a long-running server (LIANJIAN_URL) the name may be taken.
  if (r.status === 409) r = await admin.post('/api/v1/users', { ...body, username: `duty_sec_${run}` })
  assert.equal(r.status, 201, `create duty_sec: ${r.text}`)
  ctx.username = r.json.username
  ctx.pozi = 'pozi_secretary'
  ctx.poziUnreadBefore = await unreadOf(ctx.pozi, 'demo-2026')

  browser = await launch({ viewport: { width: 1280, height: 900 } })
  await login(browser.page, server.url, ctx.username, DUTY_PASSWORD)
})

after(async () => {
  await browser?.close()
  await ctx.poziBrowser?.close()
  await server?.stop()
})

test('the dashboard shows key figures, charts and today’s duty secretaries', async () => {
  const { page } = browser
  await page.goto(`${server.url}/#/`)
  ctx.resolvedBefore = await statResolved(page)
  assert.ok(ctx.resolvedBefore >= 0)
  for (const key of ['raised', 'overdue', 'meetings']) {
    await page.getByTestId(`stat-${key}`).filter({ hasText: /^\s*\d+\s*$/ }).waitFor()
  }
  // ECharts arrives lazily and draws on canvases.
  for (const id of ['chart-status', 'chart-category', 'chart-month', 'chart-units', 'chart-counties']) {
    await page.getByTestId(id).locator('canvas').waitFor()
  }
  const duty = page.getByTestId('duty-table')
  await duty.locator('tr', { hasText: ctx.unit.name }).getByText(ctx.duty.person_name).waitFor()
  await page.waitForTimeout(600) // chart animations
  await screenshot(page, 'dashboard-desktop.png')
})

test('提出事项: Chinese validation, then the matter is raised with its figures', async () => {
  const { page } = browser
  await navigate(page, '事项')
  await page.waitForURL(/#\/matters$/)
  await page.getByTestId('matters-kanban').waitFor()
  await page.getByTestId('raise-matter').click()
  const dialog = page.getByTestId('raise-dialog')
  await dialog.getByTestId('raise-unit').waitFor()
  await dialog.getByTestId('raise-submit').click()
  await dialog.getByText('请选择联建单位').waitFor()
  await dialog.getByText('请输入事项标题').waitFor()

  await choose(page, dialog.getByTestId('raise-unit'), ctx.unit.name)
  // The duty secretary's own organisation is picked as the raising one.
  await dialog.getByTestId('raise-org').filter({ hasText: ctx.duty.org_name }).waitFor()
  await dialog.getByTestId('raise-title').fill(MATTER)
  await dialog.getByTestId('raise-description').fill('两省边界村之间约 3 公里村道没有路灯，群众夜间出行不便，需共同筹资安装。')
  await choose(page, dialog.getByTestId('raise-category'), '共推乡村振兴')
  await choose(page, dialog.getByTestId('raise-type'), '交通')
  // The raising organisation's village is already among the divisions.
  await dialog.getByTestId('raise-divisions').locator('.el-tag').first().waitFor()
  await dialog.getByText('高', { exact: true }).click()
  await dialog.getByTestId('raise-funds').locator('input').fill('500')
  await dialog.getByTestId('raise-people').locator('input').fill('11')
  await dialog.getByTestId('raise-length').locator('input').fill('10')
  await dialog.getByTestId('raise-submit').click()

  await page.waitForURL(/#\/matters\/\d+$/)
  ctx.matterId = Number(page.url().match(/matters\/(\d+)$/)[1])
  await page.getByTestId('matter-title').filter({ hasText: MATTER }).waitFor()
  const figures = page.getByTestId('matter-figures')
  await figures.getByText('500 万元').waitFor()
  await figures.getByText('11 人').waitFor()
  await figures.getByText('10 公里').waitFor()
  await page.getByTestId('matter-status-text').filter({ hasText: '提出' }).waitFor()
})

test('研判 and 推进 on the matter page', async () => {
  const { page } = browser
  for (const [to, label] of [['studying', '研判'], ['in_progress', '推进']]) {
    await page.getByTestId(`transition-${to}`).click()
    const dialog = page.getByTestId('transition-dialog')
    await dialog.getByTestId('transition-note').fill(`${label}：由轮值书记牵头`)
    await dialog.getByTestId('transition-submit').click()
    await dialog.waitFor({ state: 'hidden' })
    await page.getByTestId('matter-status-text').filter({ hasText: label }).waitFor()
  }
  const timeline = page.getByTestId('matter-timeline')
  await timeline.getByText('状态变更：研判 → 推进').waitFor()
  await timeline.getByText(ctx.duty.person_name).first().waitFor()

  // 登记进展 needs a note.
  await page.getByTestId('add-progress').click()
  const progress = page.getByTestId('progress-dialog')
  await progress.getByTestId('progress-submit').click()
  await progress.getByText('请填写进展情况').waitFor()
  await progress.getByTestId('progress-note').fill('已完成线路勘测，两村各出资一半')
  await progress.getByTestId('progress-submit').click()
  await progress.waitFor({ state: 'hidden' })
  await timeline.getByText('已完成线路勘测，两村各出资一半').waitFor()

  // 修改: one more figure (就业岗位), sent as a PATCH.
  await page.getByTestId('edit-matter').click()
  const edit = page.getByTestId('edit-dialog')
  await edit.getByTestId('edit-jobs').locator('input').fill('20')
  await edit.getByTestId('edit-submit').click()
  await edit.waitFor({ state: 'hidden' })
  await page.getByTestId('matter-figures').getByText('20 个').waitFor()
  await page.getByTestId('matter-figures').getByText('500 万元').waitFor()
  await screenshot(page, 'matter-desktop.png')
})

test('召集会议 for today with the matter on the agenda', async () => {
  const { page } = browser
  await navigate(page, '会议')
  await page.waitForURL(/#\/meetings$/)
  await page.getByTestId('convene-meeting').click()
  const dialog = page.getByTestId('convene-dialog')
  await dialog.getByTestId('meeting-unit').waitFor()
  await dialog.getByTestId('meeting-submit').click()
  await dialog.getByText('请选择联建单位').waitFor()
  await dialog.getByText('请输入会议名称').waitFor()

  await choose(page, dialog.getByTestId('meeting-unit'), ctx.unit.name)
  await dialog.getByTestId('meeting-duty').getByText(ctx.duty.person_name).waitFor()
  await dialog.getByTestId('meeting-title').fill(MEETING)
  await dialog.getByTestId(`agenda-${ctx.matterId}`).click()
  // The place defaults to one of the unit's divisions; every member is invited.
  const place = dialog.getByTestId('meeting-place').locator('input').first()
  await until(async () => (await place.inputValue()) !== '', 'the place is filled in')
  assert.ok((await dialog.getByTestId('meeting-invited').locator('.el-tag').count()) > 0, 'members are invited')
  await dialog.getByTestId('meeting-submit').click()

  await page.waitForURL(/#\/meetings\/\d+$/)
  ctx.meetingId = Number(page.url().match(/meetings\/(\d+)$/)[1])
  await page.getByTestId('meeting-title-text').filter({ hasText: MEETING }).waitFor()
})

test('the meeting records attendance and a 办结 decision', async () => {
  const { page } = browser
  // Attendance: the invited secretaries, with the county breakdown.
  await page.getByTestId('edit-attendance').click()
  const att = page.getByTestId('attendance-dialog')
  await att.getByTestId('attendance-all-secretaries').click()
  await att.getByTestId('attendance-save').click()
  await att.waitFor({ state: 'hidden' })
  const byCounty = page.getByTestId('attendance-by-county')
  await byCounty.getByText('陆川县').waitFor()
  await byCounty.getByText('化州市').waitFor()

  const card = page.getByTestId('meeting-agenda-list').locator(`[data-testid="matter-card"][data-id="${ctx.matterId}"]`)
  await card.getByTestId('decide').click()
  const dialog = page.getByTestId('decide-dialog')
  await dialog.getByTestId('decide-action-resolve').click()
  await dialog.getByTestId('decide-submit').click()
  await dialog.getByText('请填写解决情况').waitFor()
  await dialog.getByTestId('decide-resolution').fill('筹集资金 500 万元，安装路灯 120 盏，全线亮灯。')
  await dialog.getByTestId('decide-note').fill('路灯已全线安装，办结')
  await dialog.getByTestId('decide-submit').click()
  await dialog.waitFor({ state: 'hidden' })

  await page.getByTestId('meeting-decisions').getByTestId('decision').filter({ hasText: MATTER }).waitFor()

  // Minutes.
  await page.getByTestId('minutes-edit').click()
  await page.getByTestId('minutes-text').fill('轮值书记主持。会议研究边界村道路照明事项，决定办结。')
  await page.getByTestId('minutes-save').click()
  await page.getByTestId('minutes-view').getByText('决定办结').waitFor()
  await card.getByTestId('matter-status').filter({ hasText: '已解决' }).waitFor()
  assert.equal(await card.getByTestId('decide').count(), 0, 'no more decisions on a resolved matter')
  await page.evaluate(() => document.querySelector('.el-main')?.scrollTo(0, 0))
  await screenshot(page, 'meeting-desktop.png')

  // The matter's timeline links back to the meeting.
  await card.locator('a', { hasText: MATTER }).click()
  await page.waitForURL(new RegExp(`#/matters/${ctx.matterId}$`))
  await page.getByTestId('matter-status-text').filter({ hasText: '已解决' }).waitFor()
  await page.getByTestId('matter-resolution').getByText('安装路灯 120 盏').waitFor()
  await page.getByTestId('timeline-meeting').first().waitFor()
})

test('the dashboard counts one more resolved matter; on a phone too', async () => {
  const { page } = browser
  await navigate(page, '首页')
  await page.getByTestId('stat-resolved').filter({ hasText: new RegExp(`^\\s*${ctx.resolvedBefore + 1}\\s*$`) }).waitFor()
  assert.equal(await statResolved(page), ctx.resolvedBefore + 1)

  await page.setViewportSize({ width: 390, height: 700 })
  await page.getByTestId('menu-toggle').waitFor()
  await page.getByTestId('chart-status').locator('canvas').waitFor()
  await page.waitForTimeout(600)
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  assert.ok(overflow <= 1, `dashboard does not scroll sideways (overflow ${overflow}px)`)
  await screenshot(page, 'dashboard-phone.png')

  // The matter list on a phone is a card list with the filters above it.
  await navigate(page, '事项')
  await page.locator('.nav-drawer').waitFor({ state: 'hidden' })
  await page.getByTestId('matters-list').waitFor()
  await page.getByTestId('matters-search').fill(MATTER)
  const cards = page.getByTestId('matters-list').getByTestId('matter-card')
  await until(async () => (await cards.count()) === 1 && (await cards.first().innerText()).includes(MATTER), 'the search finds just the new matter')
  await cards.first().getByTestId('matter-status').filter({ hasText: '已解决' }).waitFor()
  const overflow2 = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  assert.ok(overflow2 <= 1, `matter list does not scroll sideways (overflow ${overflow2}px)`)
  await screenshot(page, 'matters-phone.png')
  await page.setViewportSize({ width: 1280, height: 900 })
})

test('pozi_secretary sees the unread badge and opens the new matter from 消息', async () => {
  const after = await unreadOf(ctx.pozi, 'demo-2026')
  assert.ok(after > ctx.poziUnreadBefore, `new notifications for pozi_secretary (${ctx.poziUnreadBefore} → ${after})`)

  ctx.poziBrowser = await launch({ viewport: { width: 1280, height: 900 } })
  const { page } = ctx.poziBrowser
  await login(page, server.url, ctx.pozi, 'demo-2026')
  const badge = page.getByTestId('inbox-badge')
  await page.waitForFunction(() => Number(document.querySelector('[data-testid="inbox-badge"]')?.dataset.unread) > 0)
  const shown = Number(await badge.getAttribute('data-unread'))
  assert.ok(shown > 0, `the badge shows unread messages (${shown})`)
  assert.equal(shown, after)
  assert.equal((await badge.locator('.el-badge__content').innerText()).trim(), String(shown > 99 ? '99+' : shown))

  await navigate(page, '消息')
  const note = page.getByTestId('notification').filter({ hasText: MATTER }).first()
  await note.waitFor()
  assert.equal(await note.getAttribute('data-read'), 'false')
  await note.click()
  await page.waitForURL(new RegExp(`#/matters/${ctx.matterId}$`))
  await page.getByTestId('matter-title').filter({ hasText: MATTER }).waitFor()
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="inbox-badge"]')?.dataset.unread) === n, shown - 1)
  assert.deepEqual(ctx.poziBrowser.seriousErrors(), [])
})

test('a planned meeting keeps its actions disabled; clearing minutes asks first', async () => {
  const { page } = browser
  const admin = await loggedIn(server)
  const planned = await ok(admin.post('/api/v1/meetings', {
    unit_id: ctx.unit.id, title: `下月联席会议${run}`, held_on: addDays(todaySh(), 30),
    place_division: '450922108216', agenda: [], invited_org_ids: [], override_reason: '测试：提前安排下月会议',
  }), 'convene a planned meeting')
  await page.goto(`${server.url}/#/meetings`)
  const row = page.getByTestId('meetings-table').locator('tr', { hasText: planned.title })
  await row.getByTestId('meeting-status').filter({ hasText: '待召开' }).waitFor()
  await page.getByTestId('meetings-table').locator('tr', { hasText: MEETING }).getByTestId('meeting-status').filter({ hasText: '已召开' }).waitFor()

  await row.locator('a', { hasText: planned.title }).click()
  await page.waitForURL(new RegExp(`#/meetings/${planned.id}$`))
  await page.getByTestId('meeting-info').getByTestId('meeting-status').filter({ hasText: '待召开' }).waitFor()
  assert.ok(await page.getByTestId('edit-attendance').isDisabled(), 'no attendance before the day')
  assert.ok(await page.getByTestId('minutes-edit').isDisabled(), 'no minutes before the day')
  await page.getByTestId('edit-attendance').locator('..').hover()
  await page.locator('.el-popper', { hasText: '会议尚未召开' }).first().waitFor()

  // The held meeting's minutes: clearing them is confirmed, and can be cancelled.
  await page.goto(`${server.url}/#/meetings/${ctx.meetingId}`)
  await page.getByTestId('minutes-view').getByText('决定办结').waitFor()
  await page.getByTestId('minutes-edit').click()
  await page.getByTestId('minutes-text').fill('')
  await page.getByTestId('minutes-save').click()
  const box = page.locator('.el-message-box', { hasText: '清空纪要' })
  await box.waitFor()
  await box.getByRole('button', { name: '取消' }).click()
  await box.waitFor({ state: 'hidden' })
  assert.equal((await ok(admin.get(`/api/v1/meetings/${ctx.meetingId}`), 'meeting')).minutes.includes('决定办结'), true)
  await page.getByTestId('minutes-save').click()
  await box.waitFor()
  await box.getByRole('button', { name: '清空' }).click()
  await page.getByTestId('meeting-minutes').getByText('尚未记录纪要').waitFor()
  assert.equal((await ok(admin.get(`/api/v1/meetings/${ctx.meetingId}`), 'meeting')).minutes, '')
  // Nothing to clear now: an empty save is refused in place.
  await page.getByTestId('minutes-edit').click()
  await page.getByTestId('minutes-save').click()
  await page.getByTestId('meeting-minutes').getByText('纪要不能为空').waitFor()
})

test('a planned meeting is changed, then cancelled with a reason', async () => {
  const { page } = browser
  const admin = await loggedIn(server)
  const m = await ok(admin.post('/api/v1/meetings', {
    unit_id: ctx.unit.id, title: `待改联席会议${run}`, held_on: addDays(todaySh(), 20),
    place_division: '450922108216', agenda: [], invited_org_ids: [], override_reason: '测试：提前安排',
  }), 'convene a planned meeting')
  await page.goto(`${server.url}/#/meetings/${m.id}`)
  await page.getByTestId('meeting-info').getByTestId('meeting-status').filter({ hasText: '待召开' }).waitFor()
  await page.getByTestId('meeting-change').click()
  const dlg = page.getByTestId('meeting-change-dialog')
  await dlg.getByTestId('meeting-change-title').fill(`改后联席会议${run}`)
  await page.getByTestId('meeting-change-submit').click()
  await page.getByTestId('meeting-title-text').filter({ hasText: `改后联席会议${run}` }).waitFor()
  assert.equal((await ok(admin.get(`/api/v1/meetings/${m.id}`), 'meeting')).title, `改后联席会议${run}`)

  await page.getByTestId('meeting-cancel').click()
  await page.getByTestId('meeting-cancel-submit').click()
  await page.getByTestId('meeting-cancel-dialog').getByText('请填写取消理由').waitFor()
  assert.equal((await ok(admin.get(`/api/v1/meetings/${m.id}`), 'meeting')).status, 'planned')
  await page.getByTestId('meeting-cancel-reason').fill('村里临时有防汛任务')
  await page.getByTestId('meeting-cancel-submit').click()
  await page.getByTestId('meeting-cancelled').filter({ hasText: '村里临时有防汛任务' }).waitFor()
  await page.getByTestId('meeting-info').getByTestId('meeting-status').filter({ hasText: '已取消' }).waitFor()
  assert.ok(await page.getByTestId('meeting-change').isDisabled(), 'a cancelled meeting is not changed')
  assert.ok(await page.getByTestId('edit-attendance').isDisabled(), 'a cancelled meeting takes no attendance')
  await page.getByTestId('meeting-change').locator('..').hover()
  await page.locator('.el-popper', { hasText: '会议已取消' }).first().waitFor()
  assert.equal((await ok(admin.get(`/api/v1/meetings/${m.id}`), 'meeting')).status, 'cancelled')
})

test('no script errors or CSP violations', () => {
  assert.deepEqual(browser.seriousErrors(), [])
})

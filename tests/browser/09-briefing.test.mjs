// 工作简报 in the browser, on the demo alliance: the page shows the five
// lines with the demo's 8 resolved matters, a figure drills to its records,
// the alliance admin freezes an issue, edits its text, downloads it as Word
// (a real .docx: a zip whose document.xml holds the title and the edited
// text), publishes it, and the 门户 shows it without sign-in on a phone.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { inflateRawSync } from 'node:zlib'
import { startTarget, launch, login, navigate, screenshot } from './lib/browser.mjs'

let server
let browser
const TITLE = `年度工作简报${Date.now().toString(36).slice(-4)}`

before(async () => {
  server = await startTarget({ demo: true })
  browser = await launch({ viewport: { width: 1280, height: 900 } })
  await login(browser.page, server.url, 'alliance_admin', 'demo-2026')
})
after(async () => {
  await browser?.close()
  await server?.stop()
})

// One file out of a zip, read from its central directory.
function unzipEntry(buf, name) {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]))
  assert.ok(eocd >= 0, 'a zip archive')
  const count = buf.readUInt16LE(eocd + 10)
  let p = buf.readUInt32LE(eocd + 16)
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(p + 10)
    const csize = buf.readUInt32LE(p + 20)
    const nlen = buf.readUInt16LE(p + 28)
    const xlen = buf.readUInt16LE(p + 30)
    const clen = buf.readUInt16LE(p + 32)
    const local = buf.readUInt32LE(p + 42)
    const entry = buf.subarray(p + 46, p + 46 + nlen).toString()
    if (entry === name) {
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28)
      const data = buf.subarray(start, start + csize)
      return (method === 8 ? inflateRawSync(data) : data).toString('utf8')
    }
    p += 46 + nlen + xlen + clen
  }
  return null
}

test('the page shows the five lines and drills from a figure to its records', async () => {
  const { page } = browser
  await navigate(page, '工作简报')
  const org = page.getByTestId('briefing-line-org')
  await org.getByText('解决边界重大问题8个').waitFor()
  for (const line of ['education', 'talent', 'revival', 'economy']) await page.getByTestId(`briefing-line-${line}`).waitFor()
  await page.getByTestId('figure-matters_resolved').click()
  const drawer = page.getByTestId('records-drawer')
  await drawer.getByText('共 8 条记录').waitFor()
  assert.equal(await drawer.locator('.el-table__body tr').count(), 8)
  await screenshot(page, '09-briefing.png')
  await drawer.locator('.el-drawer__close-btn').click()
})

test('freeze an issue, edit its text, download the .docx, publish it', async () => {
  const { page } = browser
  await page.getByTestId('briefing-freeze').click()
  const box = page.locator('.el-message-box')
  await box.locator('input').fill(TITLE)
  await box.getByRole('button', { name: '生成' }).click()
  const issues = page.getByTestId('briefing-issues')
  await issues.getByText(TITLE).waitFor()
  const no = (await issues.locator('.el-table__body tr', { hasText: TITLE }).innerText()).match(/第(\d+)期/)[1]

  await page.getByTestId(`issue-edit-${no}`).click()
  const dialog = page.getByTestId('issue-dialog')
  // Element Plus puts the test id on the textarea itself
  const talent = page.getByTestId('issue-text-talent')
  await talent.waitFor()
  const area = (await talent.evaluate((e) => e.tagName)) === 'TEXTAREA' ? talent : talent.locator('textarea')
  await area.fill('共架人才桥梁：浏览器里改过的一段话。')
  await page.getByTestId('issue-save').click()
  await dialog.waitFor({ state: 'hidden' })

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId(`issue-docx-${no}`).click(),
  ])
  const file = await download.path()
  const buf = readFileSync(file)
  assert.equal(buf.subarray(0, 2).toString(), 'PK')
  const doc = unzipEntry(buf, 'word/document.xml')
  assert.ok(doc, 'word/document.xml in the package')
  assert.ok(unzipEntry(buf, '[Content_Types].xml').includes('wordprocessingml.document.main+xml'))
  assert.ok(doc.includes(TITLE), 'the title')
  assert.ok(doc.includes(`第${no}期`), 'the issue number')
  assert.ok(doc.includes('浏览器里改过的一段话'), 'the edited text')
  assert.ok(doc.includes('解决边界重大问题8个'), 'the figures')

  await page.getByTestId(`issue-publish-${no}`).click()
  await page.locator('.el-message-box').getByRole('button', { name: '发布' }).click()
  await issues.locator('.el-table__body tr', { hasText: TITLE }).getByText('已发布').waitFor()
})

test('the 门户 shows the published issue without sign-in, on a phone', async () => {
  const phone = await launch({ viewport: { width: 390, height: 760 } })
  try {
    const { page } = phone
    await page.goto(`${server.url}/#/portal`)
    await page.getByTestId('portal').waitFor()
    const item = page.locator('.el-collapse-item', { hasText: TITLE })
    await item.waitFor()
    await item.locator('.el-collapse-item__header').click()
    await item.getByText('浏览器里改过的一段话').waitFor()
    await screenshot(page, '09-portal-phone.png')
    assert.deepEqual(phone.seriousErrors(), [])
  } finally {
    await phone.close()
  }
})

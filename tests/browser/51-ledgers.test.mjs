// Ledgers in the browser: on 人员, 导入 opens the import dialog; a file with
// bad rows is checked (dry run) and its errors are listed by row, column and
// message with nothing imported; then a good file is checked and imported,
// and its people appear in the list. 导出 on 人员 downloads a real .xlsx.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { startTarget, launch, login, navigate, screenshot } from './lib/browser.mjs'
import { apiLogin } from './lib/api.mjs'

const run = Date.now().toString(36).slice(-4)
let server
let browser
let api
let org
const dir = mkdtempSync(path.join(tmpdir(), 'lj-ledgers-browser-'))

before(async () => {
  server = await startTarget({ demo: true })
  api = await apiLogin(server.url, server.adminUser, server.adminPassword)
  org = await api.post('/orgs', { name: `导入测试党支部${run}`, division: '450922108216', kind: 'village_branch' })
  browser = await launch({ viewport: { width: 1280, height: 900 } })
  await login(browser.page, server.url, server.adminUser, server.adminPassword)
})

after(async () => {
  await browser?.close()
  await server?.stop()
  rmSync(dir, { recursive: true, force: true })
})

async function peopleNames() {
  const r = await api.get(`/people?org_id=${org.id}&limit=500`)
  return r.items.map((p) => p.name).sort()
}

test('导入: a dry run lists the bad rows and imports nothing; a good file is then imported', async () => {
  const { page } = browser
  await navigate(page, '人员')
  await page.getByTestId('people-import').click()
  const dialog = page.getByTestId('import-dialog')
  await dialog.getByText('下载模板').waitFor()

  const bad = path.join(dir, 'bad.csv')
  writeFileSync(bad, `\uFEFF姓名,党组织,职务,手机\n甲${run},${org.name},党员,123\n,${org.name},党员,\n`)
  await dialog.getByTestId('import-file').setInputFiles(bad)
  await dialog.getByTestId('import-check').click()
  const table = dialog.getByTestId('import-error-table')
  await table.waitFor()
  const text = await table.innerText()
  assert.match(text, /2\s+手机\s+手机号应为 11 位数字/)
  assert.match(text, /3\s+姓名\s+必填/)
  await dialog.getByTestId('import-errors-summary').getByText('未导入任何记录').waitFor()
  assert.equal(await dialog.getByTestId('import-confirm').isDisabled(), true, 'no confirm with errors')
  await screenshot(page, 'import-errors.png')
  assert.deepEqual(await peopleNames(), [])

  const good = path.join(dir, 'good.csv')
  writeFileSync(good, `姓名,党组织,职务,手机\n甲${run},${org.name},党员,13800001234\n乙${run},${org.id},组织委员,\n`)
  await dialog.getByTestId('import-file').setInputFiles(good)
  await dialog.getByTestId('import-check').click()
  await dialog.getByTestId('import-ok').getByText('检查通过：可导入 2 条').waitFor()
  assert.deepEqual(await peopleNames(), [], 'checking writes nothing')
  await dialog.getByTestId('import-confirm').click()
  await dialog.getByTestId('import-done').getByText('已导入 2 条').waitFor()
  assert.deepEqual(await peopleNames(), [`乙${run}`, `甲${run}`].sort())
  await page.keyboard.press('Escape')
  await page.getByTestId('people-search').fill(`甲${run}`)
  await page.getByTestId('people-table').getByText(`甲${run}`).waitFor()
})

test('导出 downloads the people ledger as an .xlsx workbook', async () => {
  const { page } = browser
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-people').click()])
  assert.match(download.suggestedFilename(), /^lianjian-people-\d+-\d{4}-\d\d-\d\d\.xlsx$/)
  const file = path.join(dir, 'people.xlsx')
  await download.saveAs(file)
  const bytes = readFileSync(file)
  assert.equal(bytes.subarray(0, 4).toString('latin1'), 'PK\x03\x04', 'a zip (OOXML) file')
  assert.ok(bytes.length > 2000)
})

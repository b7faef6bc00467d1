// Browser-test helpers: Debian's chromium driven by playwright-core (no
// downloaded browsers), a fresh profile per run, a server to test against,
// and the login steps shared by the tests.
import { chromium } from 'playwright-core'
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
export const artifactsDir = path.resolve(here, '../../artifacts')

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/**
 * The server under test. Normally a fresh one from tests/lib/server.mjs;
 * with LIANJIAN_URL set, an already-running server (credentials from
 * LIANJIAN_ADMIN_USER / LIANJIAN_ADMIN_PASSWORD) — handy while developing.
 */
export async function startTarget(opts = {}) {
  if (process.env.LIANJIAN_URL) {
    return {
      url: process.env.LIANJIAN_URL.replace(/\/$/, ''),
      adminUser: process.env.LIANJIAN_ADMIN_USER || 'admin',
      adminPassword: process.env.LIANJIAN_ADMIN_PASSWORD || '',
      stop: async () => {},
    }
  }
  const { startServer } = await import('../../lib/server.mjs')
  return startServer(opts)
}

/**
 * Launch chromium with a throw-away profile. Returns { context, page, errors, close }.
 * `errors` collects page errors, console errors and CSP violations so a test
 * can assert that the app ran cleanly under the server's CSP.
 */
export async function launch({ viewport = { width: 1280, height: 800 } } = {}) {
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'lj-chromium-'))
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  })
  context.setDefaultTimeout(15000)
  const page = context.pages()[0] || (await context.newPage())
  const errors = []
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`))
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`)
  })
  return {
    context,
    page,
    errors,
    // Failed API calls (401 on wrong password etc.) log console errors too;
    // CSP violations and script errors are the ones that matter.
    seriousErrors: () => errors.filter((e) => e.startsWith('pageerror') || /Content Security Policy|Refused to/i.test(e)),
    close: async () => {
      await context.close().catch(() => {})
      rmSync(userDataDir, { recursive: true, force: true })
    },
  }
}

export async function screenshot(page, name) {
  mkdirSync(artifactsDir, { recursive: true })
  const file = path.join(artifactsDir, name)
  await page.screenshot({ path: file, fullPage: false })
  return file
}

export async function gotoLogin(page, baseUrl) {
  await page.goto(`${baseUrl}/#/login`)
  await page.getByTestId('login-username').waitFor()
}

/** Fill and submit the login form; does not wait for the outcome. */
export async function submitLogin(page, username, password) {
  await page.getByTestId('login-username').fill(username)
  await page.getByTestId('login-password').fill(password)
  await page.getByTestId('login-submit').click()
}

/** Log in and wait until the signed-in layout shows. */
export async function login(page, baseUrl, username, password) {
  await gotoLogin(page, baseUrl)
  await submitLogin(page, username, password)
  await page.getByTestId('logout').waitFor()
}

/** Open a page from the navigation (desktop side menu or the phone drawer). */
export async function navigate(page, text) {
  const toggle = page.getByTestId('menu-toggle')
  if (await toggle.isVisible()) await toggle.click()
  await page.getByTestId('nav-menu').locator('.el-menu-item', { hasText: text }).filter({ visible: true }).first().click()
}

/**
 * Click through the lazy division cascader: opens it and clicks each name
 * in the next panel (each panel loads on demand from the API). A click that
 * did not open the next panel (the popper still settling, a list scrolling)
 * is retried.
 */
export async function pickDivision(page, cascader, names) {
  await cascader.locator('input').first().click()
  const popper = page.locator('.division-cascader-popper').filter({ visible: true })
  await popper.waitFor()
  const nodeIn = (level, name) =>
    popper
      .locator('.el-cascader-menu')
      .nth(level)
      .locator('.el-cascader-node')
      .filter({ has: page.locator('.el-cascader-node__label', { hasText: new RegExp(`^${name}$`) }) })
      .first()
  for (let i = 0; i < names.length; i++) {
    const node = nodeIn(i, names[i])
    const last = i === names.length - 1
    for (let attempt = 1; ; attempt++) {
      await node.scrollIntoViewIfNeeded()
      await node.locator('.el-cascader-node__label').click()
      try {
        if (last) await popper.locator('.el-cascader-node.is-active', { hasText: names[i] }).waitFor({ timeout: 4000 })
        else await nodeIn(i + 1, names[i + 1]).waitFor({ timeout: 4000 })
        break
      } catch (e) {
        if (attempt >= 3) throw e
      }
    }
  }
}

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

// The admin page in a real browser (Debian's chromium through playwright-core) against a real
// Nextcloud: add a target (a tmpfs), see it online, have a user upload over WebDAV, process the
// queue, see the user's counts change without a reload, unmount the tmpfs, see the target offline.
// Then the health check: its job run by cron.php finds the drive offline once the grace period is
// over, the page says so at the top and the dashboard widget's API too, and the thresholds form
// saves, refuses beside the field, and picks the notified group from the server's groups.
// Started by run-browser-test.php, which builds the throwaway instance and passes it in the environment.

import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, readSync, realpathSync, writeSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { assertAccessible, assertFitsEveryWidth } from './a11y.mjs'
import { logIn } from './login.mjs'
import { dataSchema, loadOpenApi, ocsDataSchema, validate } from './openapi-check.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const env = (name) => process.env[name] ?? (() => { throw new Error(`${name} is not set`) })()
const url = env('MIRROR_URL')
const admin = { username: env('MIRROR_ADMIN'), password: env('MIRROR_ADMIN_PASSWORD') }
const user = { username: env('MIRROR_USER'), password: env('MIRROR_USER_PASSWORD') }
const drive = env('MIRROR_DRIVE')
const occ = JSON.parse(env('MIRROR_OCC'))
const shots = process.env.MIRROR_SCREENSHOTS ?? join(here, 'screenshots')
const openapi = loadOpenApi(join(here, '..', '..', 'openapi-full.json'))
const dashboardOpenapi = loadOpenApi(join(env('NEXTCLOUD_ROOT'), 'apps', 'dashboard', 'openapi.json'))
const api = url + '/ocs/v2.php/apps/mirror/api/v1/'
const WAIT = 30_000

mkdirSync(shots, { recursive: true })
const log = (...args) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...args)

function basic({ username, password }) {
	return 'Basic ' + Buffer.from(`${username}:${password}`).toString('base64')
}

async function ocs(path, { as = admin, method = 'GET', body } = {}) {
	const headers = { 'OCS-APIRequest': 'true', Accept: 'application/json' }
	if (as) {
		headers.Authorization = basic(as)
	}
	if (body) {
		headers['Content-Type'] = 'application/json'
	}
	const response = await fetch(api + path, { method, headers, body: body ? JSON.stringify(body) : undefined })
	const text = await response.text()
	let json = null
	try {
		json = JSON.parse(text)
	} catch {
		// not JSON
	}
	return { status: response.status, json, text }
}

/** Asks run-browser-test.php, over fd 3 and 4, for what only the harness does. */
function harness(request) {
	writeSync(3, JSON.stringify(request) + '\n')
	const chunks = []
	const buffer = Buffer.alloc(64 * 1024)
	while (!chunks.length || chunks.at(-1).at(-1) !== 0x0a) {
		const read = readSync(4, buffer)
		if (read === 0) {
			throw new Error('the harness closed its pipe')
		}
		chunks.push(Buffer.from(buffer.subarray(0, read)))
	}
	return JSON.parse(Buffer.concat(chunks).toString('utf8'))
}

/** The harness makes these jobs due (last run reset) and runs cron.php for them: the real cron path. */
function runCron(...jobs) {
	const answer = harness({ call: 'runCron', jobs })
	assert.ok(answer.ok, answer.output)
	log('cron.php', jobs.join(' '), 'ran')
}

function runOcc(...args) {
	const out = execFileSync(occ[0], [...occ.slice(1), ...args], { env: process.env, encoding: 'utf8' })
	log('occ', args.join(' '), '→', out.trim().split('\n').slice(-2).join(' | '))
	return out
}

async function shoot(page, name) {
	const file = join(shots, name)
	await page.screenshot({ path: file, fullPage: true })
	log('screenshot', file)
}

/** Admin only: anonymous callers get 401, users 403 with nothing in it; and the answers fit openapi.json. */
async function checkApi() {
	for (const [path, method] of [['targets', 'GET'], ['status', 'GET'], ['failures', 'GET'], ['targets', 'POST'], ['failures/retry', 'POST'], ['health', 'GET'], ['health/settings', 'PUT'], ['restores', 'GET'], ['exclusions', 'GET'], ['exclusions', 'PUT'], ['coverage', 'GET']]) {
		const anonymous = await ocs(path, { as: null, method })
		assert.equal(anonymous.status, 401, `anonymous ${method} ${path}`)
		const nonAdmin = await ocs(path, { as: user, method, body: method === 'POST' ? { path: drive } : undefined })
		assert.equal(nonAdmin.status, 403, `${user.username} ${method} ${path}`)
		assert.deepEqual(nonAdmin.json?.ocs?.data, [], 'a refused user learns nothing')
		log(`${method} ${path}: anonymous 401, ${user.username} 403 (${nonAdmin.json?.ocs?.meta?.message})`)
	}
	for (const path of ['targets', 'status?limit=10&sort=files&direction=desc', 'failures', 'health', 'restores', 'exclusions', 'coverage']) {
		const answer = await ocs(path)
		assert.equal(answer.status, 200, `admin GET ${path}`)
		const problems = validate(answer.json.ocs.data, dataSchema(openapi, path.split('?')[0], 'get', 200), openapi)
		assert.deepEqual(problems, [], `GET ${path} fits openapi.json`)
	}
	const refused = await ocs('targets', { method: 'POST', body: { path: 'relative/path' } })
	assert.equal(refused.status, 400)
	assert.equal(refused.json.ocs.data.field, 'path')
	assert.deepEqual(validate(refused.json.ocs.data, dataSchema(openapi, 'targets', 'post', 400), openapi), [])
	const badSort = await ocs('status?sort=password')
	assert.equal(badSort.status, 400)
	assert.equal(badSort.json.ocs.data.field, 'sort')
	assert.equal((await ocs('targets/999', { method: 'DELETE' })).status, 404)
	const badGrace = await ocs('health/settings', { method: 'PUT', body: { offlineGraceMinutes: 20000, failingHours: 48 } })
	assert.equal(badGrace.status, 400)
	assert.equal(badGrace.json.ocs.data.field, 'offlineGraceMinutes')
	assert.deepEqual(validate(badGrace.json.ocs.data, dataSchema(openapi, 'health/settings', 'put', 400), openapi), [])
	assert.equal((await ocs('health')).json.ocs.data.settings.failingHours, 24, 'a refused change saves nothing')
	log('admin: 200s fit openapi.json; 400 (path, sort, offlineGraceMinutes) and 404 as documented')
}

function userRow(page, uid) {
	return page.locator('tbody tr', { has: page.locator('th', { hasText: uid }) })
}

const HEALTH_JOB = 'OCA\\Mirror\\BackgroundJob\\HealthCheck'

/** The answer to the next PUT of the health settings: what the form sent, and the server's answer (checked against openapi.json). */
async function nextHealthSave(page, status) {
	const response = await page.waitForResponse((r) => r.url().endsWith('/api/v1/health/settings') && r.request().method() === 'PUT', { timeout: WAIT })
	assert.equal(response.status(), status)
	const data = (await response.json()).ocs.data
	assert.deepEqual(validate(data, dataSchema(openapi, 'health/settings', 'put', status), openapi), [], `PUT health/settings ${status} fits openapi.json`)
	return { sent: response.request().postDataJSON(), data }
}

/**
 * The drive is unmounted. The health check finds it offline only after the grace period: not at the
 * first cron run (30 minutes by default), at once with a grace period of 0. The page says so at the
 * top without a reload, the initial state of a new page too, and so does the dashboard widget's API.
 */
async function checkHealth(context, page) {
	const banner = page.locator('.health-banner')
	const offline = banner.locator('.health-banner__card[data-condition="offline"]')

	runCron(HEALTH_JOB)
	let health = (await ocs('health')).json.ocs.data
	assert.deepEqual(health.conditions, [], 'within the grace period a missing drive is not reported')
	await page.waitForResponse((r) => r.url().endsWith('/api/v1/health') && r.status() === 200, { timeout: WAIT })
	assert.equal(await banner.count(), 0, 'nothing shown while all is well')
	log('first health check: the drive is missing, but for less than the 30 minutes of grace: nothing shown')

	runOcc('config:app:set', 'mirror', 'health_offline_grace_minutes', '--value=0')
	runCron(HEALTH_JOB)
	health = (await ocs('health')).json.ocs.data
	assert.deepEqual(validate(health, dataSchema(openapi, 'health', 'get', 200), openapi), [], 'GET health fits openapi.json')
	assert.deepEqual(health.conditions.map((c) => [c.type, c.severity, c.targetName, c.reason]), [['offline', 'error', 'USB backup', 'marker_missing']])

	await offline.waitFor({ timeout: WAIT })
	assert.match(await offline.getAttribute('class'), /notecard--error/)
	assert.equal(await offline.locator('.notecard__heading').innerText(), 'Backup drive "USB backup" is offline')
	assert.match(await offline.locator('.health-banner__since').innerText(), /^It went offline .+ ago\. Nothing is backed up to it until it is back/)
	assert.equal(await offline.locator('.health-banner__advice').innerText(),
		`Plug the drive in and mount it at ${drive} again. Copying resumes by itself, and nothing is lost meanwhile.`)
	assert.equal(await page.evaluate(() => window.mirrorBrowserTest), 'same page', 'no reload happened')
	// the banner is the first thing on the page
	assert.ok(await page.locator('.mirror-admin > :first-child').evaluate((el) => el.classList.contains('health-banner')))
	await page.evaluate(() => window.scrollTo(0, 0))
	await shoot(page, '09-health-banner-offline.png')
	log('with a grace period of 0 the next cron run reports the drive offline; the page shows it at the top without a reload')

	// a new page gets it as initial state: shown at once, in the API's shape
	const fresh = await context.newPage()
	await fresh.goto(url + '/index.php/settings/admin/mirror')
	await fresh.locator('.health-banner__card[data-condition="offline"]').waitFor({ timeout: WAIT })
	const state = JSON.parse(Buffer.from(await fresh.locator('#initial-state-mirror-health').inputValue(), 'base64').toString('utf8'))
	assert.deepEqual(validate(state, { $ref: '#/components/schemas/Health' }, openapi), [], 'initial state "health" fits openapi.json')
	assert.deepEqual(state.conditions.map((c) => [c.type, c.targetName]), [['offline', 'USB backup']])
	// the script served is this checkout's build
	const script = await fresh.locator('script[src*="mirror-admin-settings.js"]').getAttribute('src')
	const bundle = await (await fetch(new URL(script, url), { headers: { Authorization: basic(admin) } })).text()
	assert.ok(bundle.includes('Backup drive \\"{name}\\" is offline') || bundle.includes('Backup drive "{name}" is offline'), `${script} holds the banner's words`)
	log('a new page has the condition in its initial state (fits openapi.json); served', script.split('?')[0])
	await fresh.close()

	// the dashboard widget, in its API form (the dashboard page needs the server's dist/core-common.js)
	const widget = async (who) => {
		const response = await fetch(`${url}/ocs/v2.php/apps/dashboard/api/v2/widget-items?widgets[]=mirror`, {
			headers: { 'OCS-APIRequest': 'true', Accept: 'application/json', Authorization: basic(who) },
		})
		assert.equal(response.status, 200, `widget items for ${who.username}`)
		const data = (await response.json()).ocs.data
		assert.deepEqual(validate(data, ocsDataSchema(dashboardOpenapi, '/ocs/v2.php/apps/dashboard/api/v2/widget-items', 'get', 200), dashboardOpenapi), [],
			'widget-items fits the dashboard app\'s openapi.json')
		return data.mirror.items
	}
	const adminItems = await widget(admin)
	assert.equal(adminItems.length, 1)
	assert.equal(adminItems[0].title, 'USB backup')
	assert.match(adminItems[0].subtitle, /^Mirror drive "USB backup" is offline · /)
	assert.match(adminItems[0].link, /\/settings\/admin\/mirror$/)
	const userItems = await widget(user)
	assert.equal(userItems[0].title, 'USB backup')
	assert.match(userItems[0].subtitle, /file(s)? backed up/)
	assert.doesNotMatch(userItems[0].subtitle, /offline/i, 'a user sees their own files, not the admin\'s conditions')
	log('dashboard widget API: admin sees', JSON.stringify(adminItems[0].subtitle), '; user sees', JSON.stringify(userItems[0].subtitle))

	// the thresholds form: a refusal beside its field
	const section = page.locator('.settings-section', { has: page.getByRole('heading', { name: 'Health check' }) })
	await section.scrollIntoViewIfNeeded()
	const grace = section.getByLabel('Report a missing drive after (minutes)')
	const reserve = section.getByLabel('A drive is full under this share free (%)')
	await grace.waitFor({ timeout: WAIT })
	assert.equal(await grace.inputValue(), '0', 'the form shows what occ set')
	assert.deepEqual([await reserve.getAttribute('min'), await reserve.getAttribute('max')], ['0', '50'])
	const save = section.getByRole('button', { name: 'Save' })
	assert.ok(await save.isDisabled(), 'nothing to save yet')
	await reserve.fill('99')
	let saved = nextHealthSave(page, 400)
	await save.click()
	assert.deepEqual((await saved).sent, { reservePercent: 99 }, 'only the changed value is sent')
	const refusal = 'The parameter "reservePercent" must be a whole number from 0 to 50.'
	await section.locator('.health-settings__reservePercent').getByText(refusal).waitFor({ timeout: WAIT })
	assert.equal(await reserve.getAttribute('aria-invalid'), 'true')
	assert.equal(await section.locator('.health-settings__reserveGigabytes').getByText(refusal).count(), 0)
	await shoot(page, '10-health-settings-refused.png')
	log('the form shows the server\'s refusal beside the field it names')

	// a longer grace period: the answer, checked with it, has no condition left; the banner goes
	await reserve.fill('5')
	await grace.fill('60')
	saved = nextHealthSave(page, 200)
	await save.click()
	let answer = await saved
	assert.deepEqual(answer.sent, { offlineGraceMinutes: 60 }, 'the value typed back to what was saved is not sent')
	assert.deepEqual(answer.data.conditions, [])
	await offline.waitFor({ state: 'detached', timeout: WAIT })
	log('grace period 60 minutes saved through the form: checked at once, the drive is not reported yet, the banner goes')

	// the notified group, picked from the server's groups, and the grace period back to 0: the banner is back
	runOcc('group:add', '--display-name=Family', 'family')
	await grace.fill('0')
	// the picker is a chunk of its own, loaded by the button that shows the group: then it opens in its place
	const picker = section.locator('.health-settings__group')
	assert.equal(await picker.locator('.vs__selected-options').count(), 0, 'no picker before it is asked for')
	await section.getByRole('button', { name: 'Change group' }).click()
	await picker.locator('.vs__selected-options').waitFor({ timeout: WAIT })
	await picker.locator('input').fill('fam')
	await page.getByRole('option', { name: 'Family' }).click()
	saved = nextHealthSave(page, 200)
	await save.click()
	answer = await saved
	assert.deepEqual(answer.sent, { offlineGraceMinutes: 0, notifyGroup: 'family' })
	assert.equal(answer.data.settings.notifyGroup, 'family')
	await offline.waitFor({ timeout: WAIT })
	assert.equal((await ocs('health')).json.ocs.data.settings.notifyGroup, 'family', 'saved')
	assert.equal(await page.evaluate(() => window.mirrorBrowserTest), 'same page', 'no reload happened')
	await shoot(page, '11-health-settings-saved.png')
	log('the group picker lists the server\'s groups; family and a grace period of 0 saved: the banner is back at once')
}

/**
 * With the health banner shown, a target, a user and a failure listed: axe-core finds nothing serious
 * on the page or in its dialogs, the restore dialog opens and closes by keyboard alone (focus going back
 * to its button), and at 1280 and 390 px nothing is wider than the window.
 */
async function checkAccessibility(page) {
	await page.evaluate(() => window.scrollTo(0, 0))
	const passed = await assertAccessible(page, '.mirror-admin', 'the admin page')
	log(`axe-core: the admin page has no serious or critical violation (${passed} rules passed)`)

	const button = userRow(page, user.username).locator('.user-status__restore')
	await button.focus()
	await page.keyboard.press('Enter')
	const dialog = page.getByRole('dialog')
	await dialog.getByRole('button', { name: 'Preview' }).waitFor({ timeout: WAIT })
	// NcDialog moves the focus once its opening transition is over: waited for (the dialog's chunk and a busy
	// machine can make that later than the Preview button showing), and it fails if the focus never comes
	const focused = await page.waitForFunction(() => !!document.activeElement?.closest('[role="dialog"]'), null, { timeout: WAIT })
		.then(() => true, () => false)
	assert.ok(focused, 'the focus moves into the dialog')
	await assertAccessible(page, '[role="dialog"]', 'the restore dialog')
	// Tab goes through the dialog's fields and buttons and stays in it; Escape (from a button: in a
	// text field it belongs to the field) closes it
	const visited = []
	for (let i = 0; i < 20; i++) {
		await page.keyboard.press('Tab')
		const at = await page.evaluate(() => ({ tag: document.activeElement.tagName, name: document.activeElement.getAttribute('aria-label') || document.activeElement.textContent.trim().slice(0, 30), inDialog: !!document.activeElement.closest('[role="dialog"]') }))
		assert.ok(at.inDialog, `Tab stays in the dialog (left it at ${JSON.stringify(at)})`)
		visited.push(at.name)
		if (at.tag === 'BUTTON' && /Preview/.test(at.name)) {
			break
		}
	}
	assert.ok(visited.some((name) => /Preview/.test(name)), `Tab reaches Preview: ${JSON.stringify(visited)}`)
	await page.keyboard.press('Escape')
	await dialog.waitFor({ state: 'detached', timeout: WAIT })
	assert.ok(await button.evaluate((el) => el === document.activeElement), 'the focus is back on "Restore from mirror…"')
	log('axe-core: the restore dialog neither; it opens with Enter, Tab reaches', JSON.stringify(visited), ', Escape closes it, the focus goes back')

	const card = page.locator('article.target-card').first()
	await card.getByRole('button', { name: /^Remove / }).focus()
	await page.keyboard.press('Enter')
	await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).waitFor({ timeout: WAIT })
	await assertAccessible(page, '[role="dialog"]', 'the remove dialog')
	await page.keyboard.press('Escape')
	await page.getByRole('dialog').waitFor({ state: 'detached', timeout: WAIT })

	// at a desktop's width the user table fits the content area: its last column ("Restore from mirror…")
	// is not hidden behind its own scrolling (on a phone it scrolls in its box, not the page)
	const table = await page.locator('.user-status__scroll').evaluate((el) => [el.scrollWidth, el.clientWidth])
	assert.ok(table[0] <= table[1], `the user table fits at 1280 px: ${table[0]} px in ${table[1]} px`)
	await assertFitsEveryWidth(page, shots, '12-admin-page', { height: 1000 })
	log('the admin page fits 1280 and 390 px without scrolling sideways (screenshots 12-admin-page-*.png)')
}

async function main() {
	// the instance serves this checkout (its code and its build), not another worktree; or, with
	// MIRROR_APP_ARCHIVE, the release archive extracted into its custom_apps (a folder, no link to a checkout)
	const app = realpathSync(env('MIRROR_APP_DIR'))
	if (process.env.MIRROR_APP_ARCHIVE) {
		assert.equal(app, env('MIRROR_APP_DIR'), 'the app under test is the extracted archive')
		assert.ok(!existsSync(join(app, 'src')) && !existsSync(join(app, 'node_modules')), 'no sources in the extracted archive')
	} else {
		assert.equal(app, realpathSync(join(here, '..', '..')), 'the app under test is this checkout')
	}
	log('app under test:', env('MIRROR_APP_DIR'), '→', app)
	await checkApi()

	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
	})
	try {
		const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } })
		await logIn(context, url, admin)
		const page = await context.newPage()
		const errors = []
		// The server's own scripts fail here (dist/core-common.js is missing from the server tree): only
		// errors raised in the app's bundle count.
		page.on('pageerror', (error) => {
			if (String(error.stack).includes('/mirror/js/')) {
				errors.push(error.stack)
			}
		})
		page.on('response', (response) => {
			if (response.url().includes('/apps/mirror/') && response.status() >= 500) {
				errors.push(`${response.status()} ${response.url()}`)
			}
		})

		await page.goto(url + '/index.php/settings/admin/mirror')
		await page.getByText('No target yet: add the mount point of your backup drive').waitFor({ timeout: WAIT })
		// the page must never reload from here on: counts change by polling
		await page.evaluate(() => { window.mirrorBrowserTest = 'same page' })
		await shoot(page, '01-empty.png')
		log('empty state shown')

		const pathField = page.getByLabel('Folder on the server (mount point of the drive)')
		await pathField.fill(drive + '/does-not-exist')
		await page.getByRole('button', { name: 'Add target' }).click()
		await page.getByText(`The folder ${drive}/does-not-exist does not exist.`).waitFor({ timeout: WAIT })
		assert.equal(await pathField.getAttribute('aria-invalid'), 'true')
		await shoot(page, '02-inline-validation.png')
		log('inline validation error beside the path field')

		await pathField.fill(drive)
		await page.getByLabel('Name (optional)').fill('USB backup')
		await page.getByRole('button', { name: 'Add target' }).click()
		const card = page.locator('article.target-card', { has: page.getByRole('heading', { name: 'USB backup' }) })
		await card.waitFor({ timeout: WAIT })
		await card.getByRole('status').filter({ hasText: 'Online' }).waitFor({ timeout: WAIT })
		assert.ok(existsSync(join(drive, '.nextcloud-mirror')), 'the marker is on the drive')
		await shoot(page, '03-target-online.png')
		log('target added and online')

		runOcc('mirror:process', '--time-limit=60') // the comparison queued for every user on add

		const put = await fetch(`${url}/remote.php/dav/files/${user.username}/holiday.jpg`, {
			method: 'PUT',
			headers: { Authorization: basic(user), 'Content-Type': 'image/jpeg' },
			body: Buffer.alloc(150 * 1024, 7),
		})
		assert.ok(put.status === 201 || put.status === 204, `WebDAV PUT answered ${put.status}`)
		log(`${user.username} uploaded holiday.jpg over WebDAV (${put.status})`)

		const row = userRow(page, user.username)
		await row.locator('.user-status__files').filter({ hasText: /^\s*1\s*$/ }).waitFor({ timeout: WAIT })
		await row.locator('.user-status__pending').filter({ hasText: /^\s*1\s*$/ }).waitFor({ timeout: WAIT })
		assert.equal((await row.locator('.user-status__replicated').innerText()).trim(), '0')
		await shoot(page, '04-upload-pending.png')
		log('the page shows 1 file, 1 pending for', user.username)

		runOcc('mirror:process', '--time-limit=60')
		await row.locator('.user-status__replicated').filter({ hasText: /^\s*1\s*$/ }).waitFor({ timeout: WAIT })
		assert.equal((await row.locator('.user-status__pending').innerText()).trim(), '0')
		assert.equal(await page.evaluate(() => window.mirrorBrowserTest), 'same page', 'no reload happened')
		assert.deepEqual(readFileSync(join(drive, user.username, 'holiday.jpg')), Buffer.alloc(150 * 1024, 7))
		// the size as the Files app writes it (formatFileSize); the time is NcDateTime's, the moment as its title
		assert.equal((await row.locator('.user-status__bytes').innerText()).trim(), '150 KB')
		const lastCopy = row.locator('.user-status__last-copy .nc-datetime')
		assert.match(await lastCopy.innerText(), /\bago$/)
		assert.match(await lastCopy.getAttribute('title') ?? '', /\d/)
		await shoot(page, '05-replicated.png')
		log('the page shows 1 replicated without a reload; the copy is on the drive')

		// Restore from mirror…: holiday.jpg was overwritten in Nextcloud; the mirror's copy comes back beside it
		const changed = await fetch(`${url}/remote.php/dav/files/${user.username}/holiday.jpg`, {
			method: 'PUT',
			headers: { Authorization: basic(user), 'Content-Type': 'image/jpeg' },
			body: Buffer.alloc(150 * 1024, 9),
		})
		assert.ok(changed.status === 204, `WebDAV PUT answered ${changed.status}`)
		await row.locator('.user-status__restore').click()
		const restoreDialog = page.getByRole('dialog')
		await restoreDialog.getByRole('button', { name: 'Preview' }).waitFor({ timeout: WAIT })
		assert.equal(await restoreDialog.getByRole('button', { name: 'Restore', exact: true }).isDisabled(), true, 'restore only after a preview')
		await restoreDialog.getByRole('button', { name: 'Preview' }).click()
		await restoreDialog.getByText('The file was checked: 1 to restore (150 KB), 0 to skip (already there), 0 damaged on the drive, 0 failing.').waitFor({ timeout: WAIT })
		await restoreDialog.getByText('holiday (restored).jpg: to restore').waitFor({ timeout: WAIT })
		await shoot(page, '05a-restore-preview.png')
		await restoreDialog.getByRole('button', { name: 'Restore', exact: true }).click()
		await restoreDialog.getByText('Waiting for the background job to start').waitFor({ timeout: WAIT })
		runCron('OCA\\Mirror\\BackgroundJob\\RunRestore')
		await restoreDialog.getByText('Restore finished: 1 restored (150 KB), 0 skipped (already there), 0 damaged on the drive, 0 failed.').waitFor({ timeout: WAIT })
		assert.equal(await restoreDialog.locator('progress').getAttribute('value'), '100')
		await shoot(page, '05b-restore-done.png')
		const restored = await fetch(`${url}/remote.php/dav/files/${user.username}/holiday%20(restored).jpg`, { headers: { Authorization: basic(user) } })
		assert.equal(restored.status, 200)
		assert.deepEqual(Buffer.from(await restored.arrayBuffer()), Buffer.alloc(150 * 1024, 7), 'the mirror\'s bytes, beside the changed file')
		await restoreDialog.locator('.restore-dialog__close').click()
		await restoreDialog.waitFor({ state: 'detached', timeout: WAIT })
		log('Restore from mirror…: preview, background job, progress to the summary; the file is back beside the changed one')

		// Recovery key: only after the password, typed into Nextcloud's password dialog and sent with the request
		const keySection = page.locator('.recovery-key')
		await keySection.scrollIntoViewIfNeeded()
		await keySection.getByRole('button', { name: 'Show the recovery key' }).click()
		const passwordDialog = page.getByRole('dialog')
		await passwordDialog.getByRole('textbox', { name: 'Password' }).fill(admin.password)
		await passwordDialog.getByRole('button', { name: 'Confirm' }).click()
		const shownKey = keySection.locator('.recovery-key__key')
		await shownKey.waitFor({ timeout: WAIT })
		// (not through runOcc, which logs what occ answered)
		const keyFromOcc = JSON.parse(execFileSync(occ[0], [...occ.slice(1), 'mirror:recovery-key', '--output=json'], { env: process.env, encoding: 'utf8' })).recoveryKey
		assert.equal((await shownKey.innerText()).trim(), keyFromOcc, 'the key occ shows')
		await keySection.getByText('Keep it in a password manager').waitFor({ timeout: WAIT })
		await passwordDialog.waitFor({ state: 'detached', timeout: WAIT })
		log('Recovery key: shown after the password dialog, the same key as occ mirror:recovery-key')

		// Exclusions and coverage: a folder left out by its .nomirror, counted as left out, not copied
		for (const [path, body] of [['Cache', null], ['Cache/.nomirror', Buffer.alloc(0)], ['Cache/thumb.jpg', Buffer.alloc(2048, 3)]]) {
			const made = await fetch(`${url}/remote.php/dav/files/${user.username}/${path}`, {
				method: body === null ? 'MKCOL' : 'PUT',
				headers: { Authorization: basic(user) },
				body: body ?? undefined,
			})
			assert.ok([201, 204].includes(made.status), `${path}: ${made.status}`)
		}
		runOcc('mirror:process', '--time-limit=60')
		assert.equal(existsSync(join(drive, user.username, 'Cache')), false, 'a folder with a .nomirror is not copied')
		const coverageApi = (await ocs('coverage')).json.ocs.data
		const covered = coverageApi.rows.find((r) => r.kind === 'user' && r.id === user.username)
		assert.deepEqual(covered.leftOut.nomirror, { files: 2, bytes: 2048 })
		const coverage = page.locator('.mirror-coverage')
		await coverage.scrollIntoViewIfNeeded()
		await coverage.getByRole('button', { name: 'Count again' }).click()
		const coverageRow = coverage.locator('tbody tr', { hasText: user.username })
		await coverageRow.filter({ hasText: '.nomirror 2' }).waitFor({ timeout: WAIT })
		assert.match(await coverageRow.innerText(), new RegExp(`${covered.targets[0].mirrored.files} files?,`))
		await coverage.getByText('federated shares', { exact: false }).waitFor({ timeout: WAIT })
		await shoot(page, '05c-coverage.png')
		log('coverage: the user\'s row shows 2 files left out by .nomirror, as GET coverage says:', (await coverageRow.innerText()).replace(/\s+/g, ' '))

		// a pattern saved on the page: refused beside the field when it holds a slash, saved otherwise
		const patterns = coverage.locator('textarea')
		await patterns.fill('*.part\nCache/sub')
		await coverage.getByRole('button', { name: 'Save' }).click()
		await coverage.getByText('holds a slash', { exact: false }).waitFor({ timeout: WAIT })
		assert.equal(await patterns.getAttribute('aria-invalid'), 'true')
		await patterns.fill('*.part\n*.jpg')
		await coverage.getByRole('button', { name: 'Save' }).click()
		await coverage.getByText(/USB backup: \d+ cop(y|ies) \(.+\) (is|are) left out now and moves? to the mirror trash at the next check\./).waitFor({ timeout: WAIT })
		assert.ok(existsSync(join(drive, user.username, 'holiday.jpg')), 'nothing leaves the drive before the next check')
		await shoot(page, '05d-exclusions-saved.png')
		log('exclusions: a bad pattern refused beside the field; *.jpg saved, the page says what moves at the next check, the drive is untouched')
		await ocs('exclusions', { method: 'PUT', body: { patterns: ['*.part'], users: [], groups: [], maxSize: null } })

		// a file larger than the drive: a clear per-file failure, listed with a retry button
		const big = await fetch(`${url}/remote.php/dav/files/${user.username}/film.mkv`, {
			method: 'PUT',
			headers: { Authorization: basic(user), 'Content-Type': 'video/x-matroska' },
			body: Buffer.alloc(40 * 1024 * 1024, 1),
		})
		assert.ok(big.status === 201 || big.status === 204, `WebDAV PUT answered ${big.status}`)
		runOcc('mirror:process', '--time-limit=60')
		const failures = page.locator('.failures')
		const failed = failures.locator('li', { hasText: 'film.mkv' })
		await failed.waitFor({ timeout: WAIT })
		await row.locator('.user-status__failures').filter({ hasText: /^\s*1\s*$/ }).waitFor({ timeout: WAIT })
		log('failure listed:', (await failed.innerText()).replace(/\s+/g, ' '))
		await failures.scrollIntoViewIfNeeded()
		await shoot(page, '06-failure-listed.png')
		await failures.getByRole('button', { name: 'Retry all' }).click()
		await page.getByText('1 failed item is retried with the next run').waitFor({ timeout: WAIT })
		log('retry all accepted')

		execFileSync('umount', [drive])
		log('unmounted', drive)
		await card.scrollIntoViewIfNeeded()
		await card.getByRole('status').filter({ hasText: 'Offline: drive not mounted (marker file missing)' }).waitFor({ timeout: WAIT })
		assert.match(await card.getByRole('status').innerText(), /is missing in .*the drive is not mounted/s)
		assert.equal(await page.evaluate(() => window.mirrorBrowserTest), 'same page', 'no reload happened')
		await shoot(page, '07-target-offline.png')
		log('the target is reported offline with its reason')

		await card.getByRole('button', { name: 'Remove USB backup' }).click()
		const dialog = page.getByRole('dialog')
		await dialog.getByText('The data on the drive stays: nothing on it is deleted.').waitFor({ timeout: WAIT })
		await shoot(page, '08-remove-confirmation.png')
		await dialog.getByRole('button', { name: 'Cancel' }).click()
		await dialog.waitFor({ state: 'detached', timeout: WAIT })
		assert.equal(await card.count(), 1, 'cancel keeps the target')
		log('removal asks first and says the data stays; cancel keeps the target')

		await checkHealth(context, page)
		await checkAccessibility(page)

		assert.deepEqual(errors, [], 'no script errors of the app, no 5xx from its API')
	} finally {
		await browser.close()
	}
	log('PASS')
}

main().catch((error) => {
	console.error(error)
	process.exit(1)
})

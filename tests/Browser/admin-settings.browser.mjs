/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

// The admin page in a real browser (Debian's chromium through playwright-core) against a real
// Nextcloud: add a target (a tmpfs), see it online, have a user upload over WebDAV, process the
// queue, see the user's counts change without a reload, unmount the tmpfs, see the target offline.
// Started by run-browser-test.php, which builds the throwaway instance and passes it in the environment.

import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { dataSchema, loadOpenApi, validate } from './openapi-check.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const env = (name) => process.env[name] ?? (() => { throw new Error(`${name} is not set`) })()
const url = env('MIRROR_URL')
const admin = { username: env('MIRROR_ADMIN'), password: env('MIRROR_ADMIN_PASSWORD') }
const user = { username: env('MIRROR_USER'), password: env('MIRROR_USER_PASSWORD') }
const drive = env('MIRROR_DRIVE')
const occ = JSON.parse(env('MIRROR_OCC'))
const shots = process.env.MIRROR_SCREENSHOTS ?? join(here, 'screenshots')
const openapi = loadOpenApi(join(here, '..', '..', 'openapi.json'))
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
	for (const [path, method] of [['targets', 'GET'], ['status', 'GET'], ['failures', 'GET'], ['targets', 'POST'], ['failures/retry', 'POST']]) {
		const anonymous = await ocs(path, { as: null, method })
		assert.equal(anonymous.status, 401, `anonymous ${method} ${path}`)
		const nonAdmin = await ocs(path, { as: user, method, body: method === 'POST' ? { path: drive } : undefined })
		assert.equal(nonAdmin.status, 403, `${user.username} ${method} ${path}`)
		assert.deepEqual(nonAdmin.json?.ocs?.data, [], 'a refused user learns nothing')
		log(`${method} ${path}: anonymous 401, ${user.username} 403 (${nonAdmin.json?.ocs?.meta?.message})`)
	}
	for (const path of ['targets', 'status?limit=10&sort=files&direction=desc', 'failures']) {
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
	log('admin: 200s fit openapi.json; 400 (path, sort) and 404 as documented')
}

function userRow(page, uid) {
	return page.locator('tbody tr', { has: page.locator('th', { hasText: uid }) })
}

async function main() {
	await checkApi()

	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
	})
	try {
		const context = await browser.newContext({
			viewport: { width: 1280, height: 1000 },
			httpCredentials: admin,
			// Nextcloud answers a page request without credentials with a redirect to its login form,
			// not with a 401 challenge, so the browser would never offer httpCredentials: send them always.
			extraHTTPHeaders: { Authorization: basic(admin) },
		})
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

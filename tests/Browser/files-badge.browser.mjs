/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

// The Files integration in a real browser (Debian's chromium through playwright-core) against a
// real Nextcloud 32. The server copy here cannot run Nextcloud's own Files UI (dist/core-common.js
// is missing), so this checks what can be checked:
// 1. the real Files page loads the built mirror-init.js, which runs without errors, loads the
//    registrations for the server's version (32: @nextcloud/files 3's) and registers the badge action
//    and the WebDAV property where Nextcloud 32 reads them;
// 2. on a page of the same server that stands in for the Files app (the globals it provides, and a
//    script that reads the registrations through @nextcloud/files' own getters and hears of new files
//    through @nextcloud/event-bus, as Files does: stand-in/), the registered action turns the real
//    PROPFIND answer (the library's own request, with the registered property) into badges, a click opens the Mirror tab, and
//    the tab (its lazy chunk, Vue) shows the real per-file answer (for a file under a folder with a
//    .nomirror: "Left out by .nomirror in Cache"; the badges of an external storage mirrored once); switched to a file overwritten
//    since it was copied, it lists the earlier version the mirror drive keeps (its date, size, why,
//    the drive), and its "Restore this version" button brings it back next to the file (checked over
//    WebDAV, the tab names it, and the file list shows it at once: files:node:created); to a folder, the
//    file deleted from it (in the last round restored through the "Restore deleted files …" dialog, and
//    in the list at once); the same with 33+'s registrations (@nextcloud/files 4);
// 3. the personal settings section paints the user's totals.
// Started by run-files-badge.php, which builds the throwaway instance and passes it in the environment.

import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { assertAccessible, assertFitsEveryWidth } from './a11y.mjs'
import { logIn } from './login.mjs'
import { dataSchema, loadOpenApi, validate } from './openapi-check.mjs'
import { buildStandIns } from './stand-in/build.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const env = (name) => process.env[name] ?? (() => { throw new Error(`${name} is not set`) })()
const url = env('MIRROR_URL')
const user = { username: env('MIRROR_USER'), password: env('MIRROR_USER_PASSWORD') }
const appsUrl = env('MIRROR_APPS_URL')
const shots = process.env.MIRROR_SCREENSHOTS ?? join(here, 'screenshots')
const WAIT = 30_000
const openapi = loadOpenApi(join(here, '..', '..', 'openapi-full.json'))

mkdirSync(shots, { recursive: true })
const log = (...args) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...args)

// A page of the same origin standing in for the Files app: the globals and the initial state the
// server's page template and the Files app provide, the scripts deferred as the server does (mirror-init.js,
// then the stand-in's own script in place of the Files app's), a file list, a sidebar element.
// filesTexts: the initial state the real Files page carries for the script (lib/Status/FilesPageTexts.php).
function standInPage(version, requestToken, filesTexts) {
	const major = Number.parseInt(version, 10)
	return `<!DOCTYPE html>
<html lang="en" data-locale="en"><head data-requesttoken="${requestToken}" data-user="${user.username}" data-user-displayname="${user.username}"><meta charset="utf-8"><title>Files stand-in</title>
<style>
:root { --color-success-text: #2d7b41; --color-error-text: #c9302c; --color-text-maxcontrast: #6b6b6b;
	--color-background-hover: #f0f0f0; --color-border: #ddd; --default-clickable-area: 34px; --default-grid-baseline: 4px;
	/* the theme's backgrounds, which dialogs are painted with (without them a dialog is see-through) */
	--color-main-background: #ffffff; --color-main-text: #222222; }
body { font-family: sans-serif; display: flex; gap: 24px; }
table { border-collapse: collapse; } td { padding: 2px 12px; border-bottom: 1px solid #eee; }
#sidebar { width: 380px; border-left: 1px solid #ddd; padding: 8px; }
/* a phone: the Files sidebar covers the list, the whole width */
@media (max-width: 512px) { body { display: block; margin: 0; } #files { display: none; } #sidebar { width: auto; border: none; } }
</style>
<script>
	window._oc_webroot = ''
	window._oc_appswebroots = { mirror: '${appsUrl}/mirror' }
	window.OC = { config: { version: '${version}', modRewriteWorking: false }, webroot: '', coreApps: ['', 'admin', 'api', 'core', 'files', 'settings'], appswebroots: { mirror: '${appsUrl}/mirror' } }
	window.OCA = { Files: {} }
	window.opened = []
	if (${version.startsWith('32')}) {
		// Nextcloud 32's OCA.Files.Sidebar: registerTab + Tab (the checks of apps/files/src/models/Tab.js)
		window.OCA.Files.Sidebar = {
			tabs: [],
			registerTab(tab) { this.tabs.push(tab); return true },
			Tab: class {
				constructor(o) {
					for (const key of ['mount', 'update', 'destroy']) { if (typeof o[key] !== 'function') throw new Error(key) }
					if (typeof o.id !== 'string' || typeof o.name !== 'string' || typeof o.iconSvg !== 'string') throw new Error('id/name/icon')
					Object.assign(this, o)
				}
			},
			setActiveTab(id) { window.opened.push(['tab', id]) },
			async open(path) { window.opened.push(['open', path]) },
		}
	} else {
		window.OCA.Files._sidebar = () => ({ open: (node, tab) => window.opened.push(['open', node.path, tab]) })
	}
</script>
<script defer src="${appsUrl}/mirror/js/mirror-init.js"></script>
<script defer src="/mirror-files-stand-in-${major}.js"></script>
</head><body><input type="hidden" id="initial-state-mirror-server-major" value="${Buffer.from(JSON.stringify(major)).toString('base64')}">
<input type="hidden" id="initial-state-mirror-files-texts" value="${filesTexts}">
<table id="files"><tbody></tbody></table><div id="sidebar"></div></body></html>`
}

/** A file's id, from a PROPFIND of it (PATH URL-encoded, in the user's files). */
async function fileIdOf(page, path) {
	return page.evaluate(async ({ uid, path }) => {
		const body = '<?xml version="1.0"?><d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns"><d:prop><oc:fileid/></d:prop></d:propfind>'
		const response = await fetch(`/remote.php/dav/files/${uid}/${path}`, { method: 'PROPFIND', headers: { Depth: '0', requesttoken: document.head.dataset.requesttoken }, body })
		const xml = new DOMParser().parseFromString(await response.text(), 'application/xml')
		return Number(xml.getElementsByTagNameNS('http://owncloud.org/ns', 'fileid')[0]?.textContent)
	}, { uid: user.username, path })
}

const browser = await chromium.launch({
	executablePath: '/usr/bin/chromium',
	args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
})
let failed = false
let filesTexts = ''
try {
	const context = await browser.newContext({ viewport: { width: 1100, height: 700 } })
	await logIn(context, url, user)

	// 1. the real Files page
	{
		const page = await context.newPage()
		const errors = []
		page.on('pageerror', (error) => errors.push(error.message))
		const initLoaded = page.waitForResponse((r) => r.url().includes('/mirror/js/mirror-init.js'), { timeout: WAIT })
		await page.goto(url + '/index.php/apps/files/', { waitUntil: 'load' })
		const response = await initLoaded
		assert.equal(response.status(), 200)
		const size = (await response.body()).length
		// the registrations load right after (the server told the page its version: 32)
		await page.waitForFunction(() => (window._nc_fileactions ?? []).some((a) => a.id === 'mirror-status'), null, { timeout: WAIT })
		const scripts = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.includes('/mirror/js/')).map((n) => n.split('/').pop().split('?')[0]))
		log('Files page: mirror scripts', JSON.stringify(scripts))
		assert.ok(scripts.some((name) => name.startsWith('mirror-files-api-3')), 'the registrations for 32')
		assert.ok(!scripts.some((name) => name.startsWith('mirror-files-api-4')), 'not those for 33+')
		const registered = await page.evaluate(() => ({
			action: (window._nc_fileactions ?? []).some((a) => a.id === 'mirror-status'),
			// in the list of properties Files asks for (the library created it, with its defaults)
			dav: Array.isArray(window._nc_dav_properties) && window._nc_dav_properties.includes('nc:mirror-status'),
			davList: Array.isArray(window._nc_dav_properties) ? window._nc_dav_properties.length : null,
			v4: window._nc_files_scope?.v4_0?.fileActions?.has?.('mirror-status') ?? false,
		}))
		log('Files page: mirror-init.js', size, 'bytes; registered', JSON.stringify(registered))
		// the script's words, translated by the server and sent with the page
		filesTexts = await page.locator('#initial-state-mirror-files-texts').getAttribute('value')
		const words = JSON.parse(Buffer.from(filesTexts, 'base64').toString())
		log('Files page: the script\'s words', JSON.stringify(words))
		assert.equal(words.replicated, 'Mirrored: a verified copy is on every mirror drive')
		assert.equal(registered.action, true)
		assert.equal(registered.dav, true)
		assert.equal(registered.v4, false)
		assert.deepEqual(errors.filter((e) => /mirror/i.test(e)), [], 'no error from the mirror script')
		log('page errors (the server\'s own, core-common.js missing):', errors.length)
		await page.close()
	}

	// the personal settings section: the app's own bundle on the server's settings page
	{
		const page = await context.newPage()
		const errors = []
		page.on('pageerror', (error) => errors.push(error.message))
		await page.goto(url + '/index.php/settings/user/mirror')
		const row = page.locator('#mirror-personal-settings tbody tr').first()
		await row.waitFor({ timeout: WAIT })
		const cells = await row.locator('th, td').allInnerTexts()
		log('personal settings row', JSON.stringify(cells))
		await page.locator('#mirror-personal-settings').screenshot({ path: join(shots, 'personal-settings.png') })
		// 6 files in Nextcloud: Cache/.nomirror and Cache/thumb.jpg, left out, count among them
		assert.deepEqual(cells.slice(0, 5), ['USB drive', '6', '2', '1', '1'])
		assert.match(cells[6], /Photos\/new\.jpg/)
		assert.deepEqual(errors.filter((e) => /mirror/i.test(e)), [])
		await page.close()
	}

	// the session's request token, as a real page of the server carries it in its <head>
	const token = (await (await context.request.get(url + '/index.php/csrftoken')).json()).token
	assert.ok(token, 'a request token for the session')
	const standIns = await buildStandIns()
	for (const version of ['32.0.1.2', '33.0.0.0']) {
		const page = await context.newPage()
		const errors = []
		page.on('pageerror', (error) => errors.push(error.message))
		await page.route(url + '/mirror-files-stand-in', (route) => route.fulfill({ contentType: 'text/html', body: standInPage(version, token, filesTexts) }))
		await page.route(url + '/mirror-files-stand-in-*.js', (route) => route.fulfill({ contentType: 'text/javascript', body: standIns[route.request().url().match(/stand-in-(\d+)\.js/)[1]] }))
		await page.goto(url + '/mirror-files-stand-in')
		// the page is never reloaded: what it learns comes through events
		await page.evaluate(() => { window.sameDocument = true })
		const legacy = version.startsWith('32')
		// the registrations load after mirror-init.js; Files reads them through its @nextcloud/files
		await page.waitForFunction((old) => window.standIn?.action('mirror-status') && (old ? window.OCA.Files.Sidebar.tabs.length > 0 : window.standIn.tab('mirror')), legacy, { timeout: WAIT })
		const loaded = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.includes('/mirror/js/')).map((n) => n.split('/').pop().split('?')[0]))
		assert.ok(loaded.some((name) => name.startsWith(`mirror-files-api-${legacy ? 3 : 4}`)) && !loaded.some((name) => name.startsWith(`mirror-files-api-${legacy ? 4 : 3}`)), JSON.stringify(loaded))

		// what Files does with the registrations: PROPFIND the folder with the registered properties,
		// then for each file ask the action whether it is enabled and let it render its inline element
		const rows = await page.evaluate(async ({ uid, legacy }) => {
			const body = window.standIn.propfind()
			const response = await fetch(`/remote.php/dav/files/${uid}/Photos`, { method: 'PROPFIND', headers: { Depth: '1', requesttoken: document.head.dataset.requesttoken }, body })
			const xml = new DOMParser().parseFromString(await response.text(), 'application/xml')
			const action = window.standIn.action('mirror-status')
			const out = []
			for (const r of [...xml.getElementsByTagNameNS('DAV:', 'response')].slice(1)) {
				const href = decodeURIComponent(r.getElementsByTagNameNS('DAV:', 'href')[0].textContent)
				const status = r.getElementsByTagNameNS('http://nextcloud.org/ns', 'mirror-status')[0]?.textContent ?? ''
				const node = {
					fileid: Number(r.getElementsByTagNameNS('http://owncloud.org/ns', 'fileid')[0].textContent),
					path: href.replace(`/remote.php/dav/files/${uid}`, ''),
					basename: href.split('/').pop(),
					type: 'file',
					attributes: { 'mirror-status': status },
				}
				const call = legacy ? [node] : { nodes: [node] }
				const tr = document.createElement('tr')
				tr.innerHTML = `<td>${node.basename}</td><td class="actions"></td>`
				tr.addEventListener('click', () => window.opened.push(['row', node.path]))
				if (action.enabled(call)) {
					const badge = await action.renderInline(legacy ? node : { nodes: [node] })
					if (badge) tr.querySelector('.actions').appendChild(badge)
				}
				document.querySelector('#files tbody').appendChild(tr)
				out.push({ name: node.basename, fileid: node.fileid, status, label: tr.querySelector('.mirror-badge')?.getAttribute('aria-label') ?? null })
			}
			window.nodes = out
			return out
		}, { uid: user.username, legacy })
		log(`${version}: rows`, JSON.stringify(rows.map((r) => [r.name, r.status, r.label])))
		const byName = Object.fromEntries(rows.map((r) => [r.name, r]))
		assert.match(byName['beach.jpg'].label, /^Mirrored/)
		assert.match(byName['new.jpg'].label, /^Mirror pending/)
		assert.match(byName['big.jpg'].label, /^Mirror failed/)
		// the files of an external storage mirrored once: the badges of the storage's copies, pending for one not copied yet
		const external = await page.evaluate(async ({ uid, legacy }) => {
			const response = await fetch(`/remote.php/dav/files/${uid}/Disk`, { method: 'PROPFIND', headers: { Depth: '1', requesttoken: document.head.dataset.requesttoken }, body: window.standIn.propfind() })
			const xml = new DOMParser().parseFromString(await response.text(), 'application/xml')
			const out = {}
			for (const r of [...xml.getElementsByTagNameNS('DAV:', 'response')].slice(1)) {
				const basename = decodeURIComponent(r.getElementsByTagNameNS('DAV:', 'href')[0].textContent).split('/').pop()
				const status = r.getElementsByTagNameNS('http://nextcloud.org/ns', 'mirror-status')[0]?.textContent ?? ''
				const node = { fileid: Number(r.getElementsByTagNameNS('http://owncloud.org/ns', 'fileid')[0].textContent), path: '/Disk/' + basename, basename, type: 'file', attributes: { 'mirror-status': status } }
				const badge = await window.standIn.action('mirror-status').renderInline(legacy ? node : { nodes: [node] })
				out[basename] = [status, badge?.getAttribute('aria-label') ?? badge?.querySelector('.mirror-badge')?.getAttribute('aria-label') ?? null]
			}
			return out
		}, { uid: user.username, legacy })
		log(`${version}: Disk, on the external storage`, JSON.stringify(external))
		assert.deepEqual(Object.keys(external).sort(), ['ext.jpg', 'later.jpg'])
		assert.equal(external['ext.jpg'][0], 'replicated')
		assert.match(external['ext.jpg'][1], /^Mirrored/)
		assert.equal(external['later.jpg'][0], 'pending')
		assert.match(external['later.jpg'][1], /^Mirror pending/)

		await assertAccessible(page, '#files', `the badges (${version})`)
		// a click on the badge (or Enter on it) opens the Mirror tab, not the file
		await page.getByRole('button', { name: /^Mirror failed/ }).focus()
		await page.keyboard.press('Enter')
		const opened = await page.evaluate(() => window.opened)
		assert.deepEqual(opened, version.startsWith('32')
			? [['tab', 'mirror'], ['open', '/Photos/big.jpg']]
			: [['open', '/Photos/big.jpg', 'mirror']])

		// the tab: what the Files sidebar does with the registration
		const target = byName['big.jpg']
		await page.evaluate(async ({ fileid, legacy }) => {
			const el = document.createElement('div')
			document.getElementById('sidebar').appendChild(el)
			if (legacy) {
				const tab = window.OCA.Files.Sidebar.tabs.find((t) => t.id === 'mirror')
				tab.setIsActive(true)
				await tab.mount(el, { id: fileid, name: 'big.jpg', isDirectory: () => false, node: null }, {})
				// how the sidebar moves to another file: update() with its FileInfo
				window.showInSidebar = (id, name, folder) => tab.update({ id, name, isDirectory: () => folder, node: null })
			} else {
				const tab = window.standIn.tab('mirror')
				await tab.onInit()
				await customElements.whenDefined(tab.tagName)
				const element = document.createElement(tab.tagName)
				element.node = { fileid, basename: 'big.jpg', type: 'file', attributes: {} }
				element.active = true
				el.appendChild(element)
				// how the sidebar moves to another file: a new node on the element
				window.showInSidebar = (id, name, folder) => { element.node = { fileid: id, basename: name, type: folder ? 'folder' : 'file', attributes: {} } }
			}
		}, { fileid: target.fileid, legacy })
		await page.getByText('USB drive').first().waitFor({ timeout: WAIT })
		await page.getByRole('button', { name: 'Retry now' }).waitFor({ timeout: WAIT })
		const tabText = await page.locator('#sidebar').innerText()
		assert.match(tabText, /Failed/)
		// the server's catalogue, in readable units, never a path on the server
		assert.match(tabText, /The mirror drive is full: [\d.]+ [KM]B needed, [\d.]+ [KM]B free\. It is tried again as soon as there is room\./)
		// nothing kept of it yet: a line says so
		assert.match(tabText, /Earlier versions on the mirror drive\s+No earlier version of this file is kept on the mirror drive\./)
		assert.doesNotMatch(tabText, new RegExp(env('MIRROR_TARGET_PATH').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')))
		const chunks = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.includes('/mirror/js/')).map((n) => n.split('/').pop().split('?')[0]))
		log(`${version}: scripts loaded`, JSON.stringify(chunks))
		assert.ok(chunks.some((c) => c.startsWith('mirror-sidebar-tab')), 'the tab content loads lazily')
		await page.screenshot({ path: join(shots, `files-badge-${version.slice(0, 2)}.png`) })
		const passed = await assertAccessible(page, '#sidebar', `the Mirror tab (${version})`)
		await assertFitsEveryWidth(page, shots, `mirror-tab-${version.slice(0, 2)}`, { height: 700 })
		log(`${version}: axe-core finds no serious or critical violation in the badges and the tab (${passed} rules passed); the tab fits 1280 and 390 px`)

		// a file under a folder with a .nomirror: the tab says why it is not on the drive
		await page.evaluate(({ id }) => window.showInSidebar(id, 'thumb.jpg', false), { id: await fileIdOf(page, 'Cache/thumb.jpg') })
		await page.locator('#sidebar').getByText('Left out by .nomirror in Cache').waitFor({ timeout: WAIT })
		log(`${version}: Cache/thumb.jpg tab`, JSON.stringify(await page.locator('#sidebar').innerText()))

		// what the mirror trash keeps: plan.txt's first version (3000 bytes, modified two days ago),
		// overwritten after it was copied; old.txt, deleted from Notes after it was copied
		const notes = await page.evaluate(async (uid) => {
			const body = '<?xml version="1.0"?><d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns"><d:prop><oc:fileid/></d:prop></d:propfind>'
			const response = await fetch(`/remote.php/dav/files/${uid}/Notes`, { method: 'PROPFIND', headers: { Depth: '1', requesttoken: document.head.dataset.requesttoken }, body })
			const xml = new DOMParser().parseFromString(await response.text(), 'application/xml')
			return Object.fromEntries([...xml.getElementsByTagNameNS('DAV:', 'response')].map((r) => [
				decodeURIComponent(r.getElementsByTagNameNS('DAV:', 'href')[0].textContent).replace(/\/$/, '').split('/').pop(),
				Number(r.getElementsByTagNameNS('http://owncloud.org/ns', 'fileid')[0].textContent),
			]))
		}, user.username)
		assert.ok(notes['plan.txt'] > 0 && notes.Notes > 0 && !('old.txt' in notes), JSON.stringify(notes))

		await page.evaluate((id) => window.showInSidebar(id, 'plan.txt', false), notes['plan.txt'])
		const versions = page.locator('#sidebar .mirror-history')
		await versions.getByText('Earlier versions on the mirror drive').waitFor({ timeout: WAIT })
		await page.locator('#sidebar .mirror-history__item').first().waitFor({ timeout: WAIT })
		const versionItems = await page.locator('#sidebar .mirror-history__item').allInnerTexts()
		const planText = await page.locator('#sidebar').innerText()
		log(`${version}: plan.txt tab`, JSON.stringify(planText))
		assert.equal(versionItems.length, 1, 'one earlier version')
		assert.match(versionItems[0], /Modified 2 days ago/)
		assert.match(versionItems[0], /\b3 KB\b/, 'the earlier version\'s size, not the current one')
		assert.match(versionItems[0], /Overwritten by a newer version (a few seconds|\d+ seconds?|\d+ minutes?) ago/)
		assert.match(versionItems[0], /On USB drive/)
		// the current copy, for comparison: the new content's size
		assert.match(planText, /Size\s*14 B/)
		assert.doesNotMatch(planText, new RegExp(env('MIRROR_TARGET_PATH').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')))
		assert.doesNotMatch(planText, /trash/i)
		await page.locator('#sidebar').screenshot({ path: join(shots, `earlier-versions-${version.slice(0, 2)}.png`) })

		// restore it: it comes back next to plan.txt (which stays as it is), and the tab says its name;
		// the second round (33+) finds the same bytes already there and says so
		const first = version.startsWith('32')
		const restoreAnswer = page.waitForResponse((r) => r.url().includes(`/api/v1/files/${notes['plan.txt']}/restore`), { timeout: WAIT })
		await versions.getByRole('button', { name: 'Restore this version' }).click()
		const answer = await restoreAnswer
		assert.equal(answer.status(), 200)
		const answered = (await answer.json()).ocs.data
		assert.deepEqual(validate(answered, dataSchema(openapi, 'files/{fileId}/restore', 'post', 200), openapi), [], 'the answer fits openapi.json')
		assert.deepEqual([answered.files[0].to, answered.files[0].result], ['Notes/plan (restored).txt', first ? 'restored' : 'skipped'])
		await page.getByText(first ? 'Restored as "plan (restored).txt"' : 'The same file is already there: "plan (restored).txt"').waitFor({ timeout: WAIT })
		const files = await page.evaluate(async (uid) => {
			const get = async (path) => (await fetch(`/remote.php/dav/files/${uid}/${path}`, { headers: { requesttoken: document.head.dataset.requesttoken } })).text()
			return { restored: await get('Notes/plan%20(restored).txt'), current: await get('Notes/plan.txt') }
		}, user.username)
		assert.equal(files.restored, '1'.repeat(3000), 'the earlier version\'s bytes')
		assert.equal(files.current, 'second version', 'the current file is untouched')
		// the tab was refreshed, and is ready for another restore
		assert.equal(await versions.getByRole('button', { name: 'Restore this version' }).isEnabled(), true)
		log(`${version}: restored plan.txt's earlier version as Notes/plan (restored).txt (${answered.files[0].result})`)
		if (first) {
			// the Files list shows it at once: a node of the Files app's @nextcloud/files through files:node:created
			const row = page.locator('#files tr.created', { hasText: '/Notes/plan (restored).txt' })
			await row.waitFor({ timeout: WAIT })
			const restoredId = await fileIdOf(page, 'Notes/plan%20(restored).txt')
			assert.equal(await row.getAttribute('data-fileid'), String(restoredId))
			const heard = await page.evaluate(() => window.standIn.created)
			log(`${version}: the list heard`, JSON.stringify(heard))
			assert.equal(heard.length, 1)
			assert.deepEqual([heard[0].isNode, heard[0].basename, heard[0].dirname, heard[0].size, heard[0].owner, heard[0].type], [true, 'plan (restored).txt', '/Notes', 3000, user.username, 'file'])
			assert.match(heard[0].source, new RegExp(`/remote\\.php/dav/files/${user.username}/Notes/plan \\(restored\\)\\.txt$`))
		} else {
			// the same bytes were already there: nothing new for the list
			assert.deepEqual(await page.evaluate(() => window.standIn.created), [])
		}
		await page.screenshot({ path: join(shots, `restored-version-${version.slice(0, 2)}.png`) })

		await page.evaluate((id) => window.showInSidebar(id, 'Notes', true), notes.Notes)
		await page.getByText('Deleted files kept on the mirror drive').waitFor({ timeout: WAIT })
		await page.locator('#sidebar .mirror-history__item').first().waitFor({ timeout: WAIT })
		const deletedItems = await page.locator('#sidebar .mirror-history__item').allInnerTexts()
		log(`${version}: Notes tab`, JSON.stringify(await page.locator('#sidebar').innerText()))
		assert.equal(deletedItems.length, 1, 'one deleted file')
		assert.match(deletedItems[0], /^old\.txt\s+5 KB/)
		assert.match(deletedItems[0], /Deleted (a few seconds|\d+ seconds?|\d+ minutes?) ago/)
		assert.match(deletedItems[0], /On USB drive/)
		await page.locator('#sidebar').screenshot({ path: join(shots, `deleted-files-${version.slice(0, 2)}.png`) })
		if (!first) {
			// the last round restores it: the dialog shows what would come back, then it is back, byte for byte
			await page.getByRole('button', { name: 'Restore deleted files …' }).click()
			const dialog = page.getByRole('dialog')
			await dialog.getByText('old.txt').waitFor({ timeout: WAIT })
			await page.screenshot({ path: join(shots, 'restore-deleted-dialog.png') })
			await assertAccessible(page, '[role="dialog"]', 'the restore-deleted dialog')
			assert.ok(await dialog.evaluate((el) => el.contains(document.activeElement)), 'the focus is in the dialog')
			const restoredAnswer = page.waitForResponse((r) => r.url().includes(`/api/v1/files/${notes.Notes}/restore-deleted`), { timeout: WAIT })
			await dialog.getByRole('button', { name: 'Restore 1 file' }).click()
			const folderAnswer = await restoredAnswer
			assert.equal(folderAnswer.status(), 200)
			const folderData = (await folderAnswer.json()).ocs.data
			assert.deepEqual(validate(folderData, dataSchema(openapi, 'files/{fileId}/restore-deleted', 'post', 200), openapi), [], 'the answer fits openapi.json')
			await page.getByText('Restored as "old.txt"').waitFor({ timeout: WAIT })
			await page.getByText('No deleted file of this folder is kept on the mirror drive.').waitFor({ timeout: WAIT })
			const old = await page.evaluate(async (uid) => (await fetch(`/remote.php/dav/files/${uid}/Notes/old.txt`, { headers: { requesttoken: document.head.dataset.requesttoken } })).text(), user.username)
			assert.equal(old, 'o'.repeat(5000))
			// and the Files list shows it, without a reload
			const row = page.locator('#files tr.created', { hasText: '/Notes/old.txt' })
			await row.waitFor({ timeout: WAIT })
			assert.equal(await row.getAttribute('data-fileid'), String(await fileIdOf(page, 'Notes/old.txt')))
			const heard = await page.evaluate(() => window.standIn.created)
			assert.deepEqual(heard.map((n) => [n.isNode, n.path, n.size, n.mime]), [[true, '/Notes/old.txt', 5000, 'text/plain']])
			assert.equal(await page.evaluate(() => window.sameDocument), true, 'no reload')
			await page.screenshot({ path: join(shots, 'restored-in-list.png') })
			log(`${version}: restored Notes/old.txt from the deleted files, and the list shows it`)
		}
		assert.deepEqual(errors, [])
		await page.close()
	}
	log('OK')
} catch (error) {
	failed = true
	console.error(error)
} finally {
	await browser.close()
}
process.exit(failed ? 1 : 0)

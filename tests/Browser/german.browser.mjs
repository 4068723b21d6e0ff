/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

// Mirror in German, in a real browser against a real Nextcloud 32 whose admin and user chose German: the admin
// page, and the Files badge and Mirror tab (on the same stand-in for the Files app as files-badge.browser.mjs,
// with the words the real Files page sends). Every text node shown is compared with the English catalogue
// (translationfiles/templates/mirror.pot): none may be an English string that German translates differently.
// The server copy here lacks core's dist/core-common.js, so core's OC.L10N.register (which l10n/de.js calls)
// is stood in for, as core does it: the translations into @nextcloud/l10n's registry.
// Started by run-german.php, which builds the throwaway instance and passes it in the environment.

import assert from 'node:assert/strict'
import { mkdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { logIn } from './login.mjs'

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '..', '..')
const env = (name) => process.env[name] ?? (() => { throw new Error(`${name} is not set`) })()
const url = env('MIRROR_URL')
const appsUrl = env('MIRROR_APPS_URL')
const admin = { username: env('MIRROR_ADMIN'), password: env('MIRROR_ADMIN_PASSWORD') }
const user = { username: env('MIRROR_USER'), password: env('MIRROR_USER_PASSWORD') }
const shots = process.env.MIRROR_SCREENSHOTS ?? join(here, 'screenshots')
const WAIT = 30_000
mkdirSync(shots, { recursive: true })
const log = (...args) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...args)

// The English catalogue: every msgid and msgid_plural of the template
function englishCatalogue() {
	const pot = readFileSync(join(root, 'translationfiles', 'templates', 'mirror.pot'), 'utf8')
	const strings = []
	for (const match of pot.matchAll(/^msgid(?:_plural)? ((?:"(?:[^"\\]|\\.)*"\n?)+)/gm)) {
		const text = [...match[1].matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`)).join('')
		if (text !== '') {
			strings.push(text)
		}
	}
	return strings
}

const german = JSON.parse(readFileSync(join(root, 'l10n', 'de.json'), 'utf8')).translations
const germanValues = new Set(Object.values(german).flat())
const PLACEHOLDER = /\{[A-Za-z0-9_]+\}|%(?:\d+\$)?[sd]|%n/g
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * English strings a page must not show: a regular expression for each msgid whose German differs (a string
 * German says the same way, "Online", "SHA-256", "{name}: {state}", may show) and that has words of its own.
 */
const forbidden = englishCatalogue()
	.filter((msgid) => !germanValues.has(msgid))
	.filter((msgid) => /[A-Za-z]{3,}/.test(msgid.replace(PLACEHOLDER, '')))
	.map((msgid) => ({ msgid, pattern: new RegExp('^' + msgid.split(PLACEHOLDER).map(escape).join('.+?') + '$', 's') }))

async function textNodes(page, selector) {
	return page.locator(selector).evaluate((rootElement) => {
		const texts = []
		const walker = document.createTreeWalker(rootElement, NodeFilter.SHOW_TEXT)
		for (let node = walker.nextNode(); node; node = walker.nextNode()) {
			const element = node.parentElement
			const text = node.textContent.replace(/\s+/g, ' ').trim()
			if (text !== '' && element && element.offsetParent !== null && getComputedStyle(element).visibility !== 'hidden') {
				texts.push(text)
			}
		}
		// what a screen reader reads and a tooltip shows, too
		for (const element of rootElement.querySelectorAll('[aria-label], [title], [placeholder]')) {
			for (const attribute of ['aria-label', 'title', 'placeholder']) {
				const value = element.getAttribute(attribute)?.trim()
				if (value) {
					texts.push(value)
				}
			}
		}
		return texts
	})
}

function assertGerman(where, texts) {
	const english = texts.filter((text) => forbidden.some((f) => f.pattern.test(text)))
	log(`${where}: ${texts.length} texts, ${english.length} English`, JSON.stringify(texts.slice(0, 60)))
	assert.deepEqual(english, [], `${where} shows English: ${JSON.stringify(english)}`)
}

// core's OC.L10N.register, as core-main.js does it (the server copy here lacks its dist/core-common.js)
const registerTranslations = () => {
	window.OC ??= {}
	window.OC.L10N ??= {
		register(app, bundle) {
			globalThis._oc_l10n_registry_translations ??= {}
			globalThis._oc_l10n_registry_plural_functions ??= {}
			globalThis._oc_l10n_registry_translations[app] = { ...(globalThis._oc_l10n_registry_translations[app] ?? {}), ...bundle }
			globalThis._oc_l10n_registry_plural_functions[app] = (n) => (n !== 1 ? 1 : 0)
		},
	}
}

const browser = await chromium.launch({
	executablePath: '/usr/bin/chromium',
	args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
})
let failed = false
try {
	log(`${forbidden.length} English strings German says otherwise`)

	// the admin page
	{
		const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
		await context.addInitScript(registerTranslations)
		await logIn(context, url, admin)
		const page = await context.newPage()
		const translations = page.waitForResponse((r) => /\/mirror\/l10n\/de\.js/.test(r.url()), { timeout: WAIT })
		await page.goto(url + '/index.php/settings/admin/mirror')
		assert.equal((await translations).status(), 200, 'the page loads l10n/de.js')
		assert.equal(await page.evaluate(() => document.documentElement.lang), 'de')
		await page.getByText('Spiegelziele').first().waitFor({ timeout: WAIT })
		await page.getByText('Sicherung').first().waitFor({ timeout: WAIT })
		await page.getByText('Spiegelung je Benutzer').waitFor({ timeout: WAIT })
		await page.getByText('Fehlgeschlagene Dateien').first().waitFor({ timeout: WAIT })
		await page.screenshot({ path: join(shots, 'german-admin.png'), fullPage: true })
		assertGerman('admin page', await textNodes(page, '#mirror-admin-settings'))
		await context.close()
	}

	// the Files badge and the Mirror tab
	{
		const context = await browser.newContext({ viewport: { width: 1100, height: 700 } })
		await logIn(context, url, user)
		const files = await context.newPage()
		await files.goto(url + '/index.php/apps/files/', { waitUntil: 'load' })
		const filesTexts = await files.locator('#initial-state-mirror-files-texts').getAttribute('value')
		const words = JSON.parse(Buffer.from(filesTexts, 'base64').toString())
		log('Files page: the script\'s words', JSON.stringify(words))
		assert.equal(words.failed, 'Mirror fehlgeschlagen: Das Kopieren auf ein Spiegellaufwerk ist fehlgeschlagen')
		await files.close()

		const token = (await (await context.request.get(url + '/index.php/csrftoken')).json()).token
		const standIn = `<!DOCTYPE html>
<html lang="de" data-locale="de_DE"><head data-requesttoken="${token}"><meta charset="utf-8"><title>Files stand-in</title>
<script>
	window._oc_webroot = ''
	window._oc_appswebroots = { mirror: '${appsUrl}/mirror' }
	window.OC = { config: { version: '32.0.1.2', modRewriteWorking: false }, webroot: '', coreApps: ['', 'admin', 'api', 'core', 'files', 'settings'], appswebroots: { mirror: '${appsUrl}/mirror' } }
	window.OCA = { Files: { Sidebar: {
		tabs: [],
		registerTab(tab) { this.tabs.push(tab); return true },
		Tab: class { constructor(o) { Object.assign(this, o) } },
		setActiveTab() {},
		async open() {},
	} } }
	;(${registerTranslations.toString()})()
</script>
<script src="${appsUrl}/mirror/l10n/de.js"></script>
<input type="hidden" id="initial-state-mirror-files-texts" value="${filesTexts}">
<script src="${appsUrl}/mirror/js/mirror-init.js"></script>
</head><body><table id="files"><tbody></tbody></table><div id="sidebar"></div></body></html>`
		const page = await context.newPage()
		const errors = []
		page.on('pageerror', (error) => errors.push(error.message))
		await page.route(url + '/mirror-files-stand-in', (route) => route.fulfill({ contentType: 'text/html', body: standIn }))
		await page.goto(url + '/mirror-files-stand-in')
		const fileid = await page.evaluate(async (uid) => {
			const body = '<?xml version="1.0"?><d:propfind xmlns:d="DAV:" xmlns:oc="http://owncloud.org/ns" xmlns:nc="http://nextcloud.org/ns"><d:prop><oc:fileid/><nc:mirror-status/></d:prop></d:propfind>'
			const response = await fetch(`/remote.php/dav/files/${uid}/Fotos/gross.jpg`, { method: 'PROPFIND', headers: { Depth: '0', requesttoken: document.head.dataset.requesttoken }, body })
			const xml = new DOMParser().parseFromString(await response.text(), 'application/xml')
			const id = Number(xml.getElementsByTagNameNS('http://owncloud.org/ns', 'fileid')[0].textContent)
			const status = xml.getElementsByTagNameNS('http://nextcloud.org/ns', 'mirror-status')[0]?.textContent ?? ''
			// the badge, as Files renders the registered action
			const action = window._nc_fileactions.find((a) => a.id === 'mirror-status')
			const node = { fileid: id, path: '/Fotos/gross.jpg', basename: 'gross.jpg', type: 'file', attributes: { 'mirror-status': status } }
			const tr = document.createElement('tr')
			tr.innerHTML = '<td>gross.jpg</td><td class="actions"></td>'
			tr.querySelector('.actions').appendChild(await action.renderInline(node))
			document.querySelector('#files tbody').appendChild(tr)
			// the tab, as the Files sidebar mounts it
			const el = document.createElement('div')
			document.getElementById('sidebar').appendChild(el)
			const tab = window.OCA.Files.Sidebar.tabs.find((t) => t.id === 'mirror')
			tab.setIsActive(true)
			await tab.mount(el, { id, name: 'gross.jpg', isDirectory: () => false, node: null }, {})
			return id
		}, user.username)
		assert.ok(fileid > 0)
		await page.getByRole('button', { name: 'Jetzt erneut versuchen' }).waitFor({ timeout: WAIT })
		await page.getByText('Frühere Versionen auf dem Spiegellaufwerk').waitFor({ timeout: WAIT })
		const tabText = await page.locator('#sidebar').innerText()
		log('the Mirror tab', JSON.stringify(tabText))
		// the server's failure catalogue, in German too
		assert.match(tabText, /Das Spiegellaufwerk ist voll/)
		assert.equal(await page.locator('.mirror-badge').getAttribute('aria-label'), words.failed)
		await page.screenshot({ path: join(shots, 'german-sidebar.png') })
		assertGerman('Files badge', await textNodes(page, '#files'))
		assertGerman('Mirror tab', await textNodes(page, '#sidebar'))
		assert.deepEqual(errors, [])
		await context.close()
	}
	log('OK')
} catch (error) {
	failed = true
	console.error(error)
} finally {
	await browser.close()
}
process.exit(failed ? 1 : 0)

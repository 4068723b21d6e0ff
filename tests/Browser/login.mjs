// SPDX-FileCopyrightText: 2026 Mirror contributors
// SPDX-License-Identifier: AGPL-3.0-or-later
//
// Logs a browser context in through Nextcloud's own login form, as a person does, without its scripts
// (the server tree lacks core's built bundles): the form's POST with the page's request token. The
// context then holds a session cookie. Basic auth on every request instead made each of the page's
// parallel requests a fresh login, each writing the session tokens table, and SQLite answered some of
// them "database is locked" (HTTP 500) on a loaded machine.
import assert from 'node:assert/strict'

/**
 * @param {import('playwright-core').BrowserContext} context
 * @param {string} url the instance's base URL
 * @param {{username: string, password: string}} who
 */
export async function logIn(context, url, who) {
	const form = await context.request.get(url + '/index.php/login')
	assert.equal(form.status(), 200, 'the login page')
	const token = /data-requesttoken="([^"]+)"/.exec(await form.text())?.[1]
	assert.ok(token, 'the login page carries a request token')
	const answer = await context.request.post(url + '/index.php/login', {
		form: { user: who.username, password: who.password, requesttoken: token, timezone: 'UTC', timezone_offset: '0' },
		// as a browser sends it with a form's POST: Nextcloud refuses a login from another origin
		headers: { Origin: new URL(url).origin },
		maxRedirects: 0,
	})
	assert.equal(answer.status(), 303, `the login form answers with a redirect (got ${answer.status()})`)
	assert.ok(!(answer.headers().location ?? '').includes('/login'), `logged in, not sent back to the form: ${answer.headers().location}`)
}

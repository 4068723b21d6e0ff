/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

// node --test tools/test/ (npm run test:budgets): what the browser makes of each stylesheet is the same before and
// after tools/css-minify-loader.js. Chromium (Debian's, through playwright-core, as the browser test) parses every
// stylesheet @nextcloud/vue ships and every <style> block of the app, as written and minified, and the rules it
// keeps (CSSOM cssText, nested rules included) must be identical. Skipped without /usr/bin/chromium.

import assert from 'node:assert/strict'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { test } from 'node:test'
import { fileURLToPath } from 'node:url'

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const require = createRequire(path.join(root, 'package.json'))
const chromiumPath = '/usr/bin/chromium'

function stylesheets() {
	const sass = require('sass')
	const assets = path.join(root, 'node_modules', '@nextcloud', 'vue', 'dist', 'assets')
	const sheets = fs.readdirSync(assets).filter((f) => f.endsWith('.css'))
		.map((f) => ({ name: f, css: fs.readFileSync(path.join(assets, f), 'utf8') }))
	for (const file of fs.readdirSync(path.join(root, 'src'), { recursive: true }).filter((f) => String(f).endsWith('.vue'))) {
		const text = fs.readFileSync(path.join(root, 'src', String(file)), 'utf8')
		let i = 0
		for (const m of text.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)) {
			const css = /lang="scss"/.test(m[0]) ? sass.compileString(m[1], { style: 'expanded' }).css : m[1]
			sheets.push({ name: `${file}#${i++}`, css })
		}
	}
	return sheets
}

test('Chromium reads the same rules from every stylesheet as written and minified', { skip: !fs.existsSync(chromiumPath) && 'no /usr/bin/chromium', timeout: 120_000 }, async () => {
	const { chromium } = require('playwright-core')
	const { minifyCss } = require(path.join(root, 'tools', 'css-minify-loader.js'))
	const sheets = stylesheets()
	assert.ok(sheets.length > 100, `only ${sheets.length} stylesheets found`)
	const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] })
	try {
		const page = await browser.newPage()
		let rules = 0
		for (const { name, css } of sheets) {
			const [written, minified] = await page.evaluate((texts) => texts.map((text) => {
				const sheet = new CSSStyleSheet()
				sheet.replaceSync(text)
				return [...sheet.cssRules].map((rule) => rule.cssText)
			}), [css, minifyCss(css)])
			assert.ok(written.length > 0 || css.trim() === '', `${name}: Chromium kept no rule of it`)
			assert.deepEqual(minified, written, name)
			rules += written.length
		}
		assert.ok(rules > 1000, `only ${rules} rules`)
	} finally {
		await browser.close()
	}
})

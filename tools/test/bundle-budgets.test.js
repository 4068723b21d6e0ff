/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

// node --test tools/test/ (npm run test:budgets): the budget check fails a real webpack build that passes a
// budget, and lets one within its budgets through.

const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { test } = require('node:test')
const webpack = require('webpack')
const BundleBudgets = require('../bundle-budgets.js')

function build(budgets, maxTotal) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mirror-budgets-'))
	fs.writeFileSync(path.join(dir, 'page.js'), "import('./lazy.js').then((m) => console.log(m.words))\n")
	fs.writeFileSync(path.join(dir, 'lazy.js'), `export const words = ${JSON.stringify('x'.repeat(5000))}\n`)
	const compiler = webpack({
		mode: 'production',
		context: dir,
		entry: { page: './page.js' },
		output: { path: path.join(dir, 'out'), filename: '[name].js?v=[contenthash]', chunkFilename: '[name].js?v=[contenthash]' },
		plugins: [new BundleBudgets(budgets, { maxTotal })],
	})
	return new Promise((resolve, reject) => compiler.run((error, stats) => {
		fs.rmSync(dir, { recursive: true, force: true })
		return error ? reject(error) : resolve(stats)
	}))
}

test('a page over its budget is a build error that names it', async () => {
	const stats = await build([{ page: 'the page', groups: ['page'], max: 100 }], 1_000_000)
	assert.ok(stats.hasErrors())
	const messages = stats.compilation.errors.map((e) => e.message)
	assert.equal(messages.length, 1)
	assert.match(messages[0], /budget "the page": \d+ bytes, over its 100 \(page\.js\)/)
})

test('all shipped JavaScript over its budget is a build error', async () => {
	const stats = await build([{ page: 'the page', groups: ['page'], max: 1_000_000 }], 1000)
	assert.deepEqual(stats.compilation.errors.map((e) => e.message.replace(/\d+ bytes/, 'N bytes')),
		['bundle budget: every shipped .js together: N bytes, over the budget of 1000'])
})

test('a budget naming no chunk group is an error, not a pass', async () => {
	const stats = await build([{ page: 'renamed', groups: ['no-such-entry'], max: 1_000_000 }], 1_000_000)
	assert.match(stats.compilation.errors[0].message, /no chunk group "no-such-entry"/)
})

test('within its budgets the build passes, and the lazy chunk counts as loaded', async () => {
	const stats = await build([{ page: 'the page', groups: ['page'], max: 1_000_000 }], 1_000_000)
	assert.deepEqual(stats.compilation.errors, [])
})

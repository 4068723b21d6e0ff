/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

// Bundle budgets, checked by every production build (webpack.config.js): what each page's first load costs
// the browser, in minified bytes of JavaScript, and that every shipped chunk is one some page can load.
// A budget passed, or a chunk no entry and no dynamic import reaches, is a build error (webpack exits 1).
// Prints a table of every page (raw and gzipped) and every chunk. Measurements: bench/README.md.

const zlib = require('node:zlib')
const { Compilation, WebpackError } = require('webpack')

class BundleBudgets {
	/**
	 * @param {Array<{page: string, groups: string[], max: number}>} budgets a page's first load is the union of
	 *        the JavaScript files of these chunk groups (entry points, and the import()s the page makes at once)
	 * @param {{maxTotal: number}} options maxTotal: every shipped .js file together
	 */
	constructor(budgets, options) {
		this.budgets = budgets
		this.maxTotal = options.maxTotal
	}

	apply(compiler) {
		compiler.hooks.thisCompilation.tap('BundleBudgets', (compilation) => {
			compilation.hooks.processAssets.tap(
				{ name: 'BundleBudgets', stage: Compilation.PROCESS_ASSETS_STAGE_REPORT },
				() => this.check(compilation),
			)
		})
	}

	check(compilation) {
		if (compilation.compiler.options.mode !== 'production') {
			return
		}
		const sizes = new Map()
		const size = (file) => {
			if (!sizes.has(file)) {
				const buffer = compilation.getAsset(file).source.buffer()
				sizes.set(file, { raw: buffer.length, gzip: zlib.gzipSync(buffer, { level: 9 }).length })
			}
			return sizes.get(file)
		}
		// Asset names carry the cache buster: mirror-init.js?v=0123abcd
		const isJs = (file) => file.split('?')[0].endsWith('.js')
		const jsOf = (group) => group.chunks.flatMap((chunk) => [...chunk.files].filter(isJs))
		const errors = []
		const lines = ['bundle budgets (minified bytes; gzip -9 in brackets):']

		for (const budget of this.budgets) {
			const files = new Set()
			for (const name of budget.groups) {
				const group = compilation.namedChunkGroups.get(name)
				if (!group) {
					errors.push(`budget "${budget.page}": no chunk group "${name}" (renamed entry or webpackChunkName?)`)
					continue
				}
				jsOf(group).forEach((f) => files.add(f))
			}
			const raw = [...files].reduce((sum, f) => sum + size(f).raw, 0)
			const gzip = [...files].reduce((sum, f) => sum + size(f).gzip, 0)
			const verdict = raw > budget.max ? 'OVER BUDGET' : 'ok'
			lines.push(`  ${budget.page}: ${raw} (${gzip}) of ${budget.max}, ${files.size} files: ${verdict}`)
			if (raw > budget.max) {
				errors.push(`budget "${budget.page}": ${raw} bytes, over its ${budget.max} (${[...files].map((f) => f.split('?')[0]).join(', ')})`)
			}
		}

		// Every chunk some entry point reaches, directly or through import()s, at any depth.
		const reached = new Set()
		const visit = (group) => {
			if (reached.has(group)) {
				return
			}
			reached.add(group)
			for (const child of group.childrenIterable) {
				visit(child)
			}
		}
		compilation.entrypoints.forEach((entry) => visit(entry))
		const reachedFiles = new Set([...reached].flatMap(jsOf))
		let total = 0
		let totalGzip = 0
		const shipped = compilation.getAssets().map((a) => a.name).filter(isJs).sort()
		for (const file of shipped) {
			const s = size(file)
			total += s.raw
			totalGzip += s.gzip
			lines.push(`    ${file.split('?')[0]}: ${s.raw} (${s.gzip})`)
			if (!reachedFiles.has(file)) {
				errors.push(`${file.split('?')[0]} is shipped but no entry point or import() loads it`)
			}
		}
		const totalVerdict = total > this.maxTotal ? 'OVER BUDGET' : 'ok'
		lines.push(`  every shipped .js: ${total} (${totalGzip}) of ${this.maxTotal}, ${shipped.length} files: ${totalVerdict}`)
		if (total > this.maxTotal) {
			errors.push(`every shipped .js together: ${total} bytes, over the budget of ${this.maxTotal}`)
		}

		const logger = compilation.getLogger('BundleBudgets')
		console.log(lines.join('\n'))
		for (const message of errors) {
			const error = new WebpackError(`bundle budget: ${message}`)
			error.hideStack = true
			compilation.errors.push(error)
			logger.error(message)
		}
	}
}

module.exports = BundleBudgets

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

// A webpack loader for production builds: CSS (the app's <style> blocks and the stylesheets @nextcloud/vue's
// components import) reaches the browser as strings in the JavaScript, which the JavaScript minifier leaves as
// they are: with their comments, indentation and line breaks. This loader, placed before css-loader, drops the
// comments (except /*! ones) and the whitespace that carries no meaning. It parses with PostCSS (css-loader's
// own parser) and only changes the raws between nodes, never a selector's, a value's or a rule's meaning.
// Measured: bench/README.md ("Bundle budgets").

const postcss = require('postcss')

/** Whitespace runs to one space; text with quotes (strings may hold anything) is left as it is. */
function squeeze(text) {
	return /["']/.test(text) ? text.trim() : text.replace(/\s+/g, ' ').trim()
}

/**
 * PostCSS keeps the source text of a selector, value or parameters in raws when it holds a comment or trailing
 * space; without a comment the parsed text means the same, so that copy is dropped. With one, false: leave it.
 */
function plain(node, name) {
	const raw = node.raws[name]
	if (raw === undefined) {
		return true
	}
	if (raw.raw.includes('/*')) {
		return false
	}
	delete node.raws[name]
	return true
}

/**
 * @param {string} css
 * @return {string}
 */
function minifyCss(css) {
	const root = postcss.parse(css)
	root.walkComments((comment) => {
		if (!comment.text.startsWith('!')) {
			comment.remove()
		}
	})
	root.raws.after = ''
	root.walk((node) => {
		node.raws.before = ''
		switch (node.type) {
		case 'decl':
			node.raws.between = ':'
			if (node.important) {
				node.raws.important = '!important'
			}
			// a custom property's value is kept as written, whitespace inside included: scripts read it as text
			if (!node.prop.startsWith('--') && plain(node, 'value')) {
				node.value = squeeze(node.value)
			}
			break
		case 'rule':
			node.raws.between = ''
			node.raws.after = ''
			node.raws.semicolon = false
			if (plain(node, 'selector') && !/["']/.test(node.selector)) {
				node.selector = squeeze(node.selector).replace(/ ?, ?/g, ',')
			}
			break
		case 'atrule':
			node.raws.afterName = node.params === '' ? '' : ' '
			node.raws.between = ''
			node.raws.after = ''
			node.raws.semicolon = false
			if (plain(node, 'params')) {
				node.params = squeeze(node.params)
			}
			break
		default:
			break
		}
	})
	return root.toString()
}

/** @this {import('webpack').LoaderContext<{}>} */
function cssMinifyLoader(source) {
	return minifyCss(String(source))
}

module.exports = cssMinifyLoader
module.exports.minifyCss = minifyCss

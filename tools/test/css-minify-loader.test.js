/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

// node --test tools/test/ (npm run test:budgets): the production CSS minifier drops comments and whitespace,
// and nothing else: every stylesheet @nextcloud/vue ships, and the app's own, mean the same rules after it.

const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { test } = require('node:test')
const postcss = require('postcss')
const sass = require('sass')
const { minifyCss } = require('../css-minify-loader.js')

const root = path.join(__dirname, '..', '..')

/** What a stylesheet says, whitespace and comments aside: one line per declaration, with its at-rules and selector. */
function meaning(css) {
	const lines = []
	const norm = (text) => (/["']/.test(text) ? text : text.replace(/\s+/g, ' ').replace(/ ?, ?/g, ',')).trim()
	postcss.parse(css).walk((node) => {
		if (node.type === 'decl' || (node.type === 'atrule' && !node.nodes)) {
			const where = []
			for (let up = node.parent; up && up.type !== 'root'; up = up.parent) {
				where.unshift(up.type === 'rule' ? norm(up.selector) : `@${up.name} ${norm(up.params)}`)
			}
			const what = node.type === 'decl'
				? `${node.prop}:${node.prop.startsWith('--') ? node.value : norm(node.value)}${node.important ? '!important' : ''}`
				: `@${node.name} ${norm(node.params)}`
			lines.push(`${where.join(' > ')} { ${what} }`)
		}
	})
	return lines
}

test('comments and meaningless whitespace go, a licence comment (/*!) stays', () => {
	const css = `/* SPDX-License-Identifier: AGPL-3.0-or-later */
/*! kept */
.a[data-v-1],
.b > .c {
  color: red;
  margin:  0   auto ;
  width: calc(100% - 4px) !important;
}
@media (max-width: 512px) {
  .a { display: none; }
}
`
	assert.equal(minifyCss(css),
		'/*! kept */.a[data-v-1],.b > .c{color:red;margin:0 auto;width:calc(100% - 4px)!important}'
		+ '@media (max-width: 512px){.a{display:none}}')
})

test('text in quotes, and a custom property\'s value, keep their spaces and line breaks', () => {
	const css = `.a::before {\n  content: "two  spaces,  one comma";\n  grid-template-areas: "x  y"\n    "z  w";\n}\n`
		+ `.b[title="a  , b"] { font-family: "Open  Sans", sans-serif; }\n`
		+ `.c { --shadow: 0 1px red,\n\t0 0 1px blue; }\n`
	const out = minifyCss(css)
	assert.match(out, /\.c\{--shadow:0 1px red,\n\t0 0 1px blue\}/)
	assert.match(out, /content:"two {2}spaces, {2}one comma"/)
	assert.match(out, /grid-template-areas:"x {2}y"\n {4}"z {2}w"/)
	assert.match(out, /\.b\[title="a {2}, b"\]\{/)
	assert.match(out, /font-family:"Open {2}Sans", sans-serif/)
})

test('every shipped @nextcloud/vue stylesheet and every app style block mean the same after it, and are smaller', () => {
	const assets = path.join(root, 'node_modules', '@nextcloud', 'vue', 'dist', 'assets')
	const sheets = fs.readdirSync(assets).filter((f) => f.endsWith('.css')).map((f) => path.join(assets, f))
	const styleBlock = /<style[^>]*>([\s\S]*?)<\/style>/g
	const vueFiles = fs.readdirSync(path.join(root, 'src'), { recursive: true })
		.filter((f) => String(f).endsWith('.vue')).map((f) => path.join(root, 'src', String(f)))
	const blocks = vueFiles.flatMap((file) => [...fs.readFileSync(file, 'utf8').matchAll(styleBlock)]
		.map((m, i) => ({
			name: `${file}#${i}`,
			css: /lang="scss"/.test(m[0]) ? sass.compileString(m[1], { style: 'expanded' }).css : m[1],
		})))
	assert.ok(sheets.length > 50, `only ${sheets.length} stylesheets found`)
	assert.ok(blocks.length > 10, `only ${blocks.length} style blocks found`)
	let before = 0
	let after = 0
	for (const { name, css } of [...sheets.map((f) => ({ name: f, css: fs.readFileSync(f, 'utf8') })), ...blocks]) {
		const out = minifyCss(css)
		assert.deepEqual(meaning(out), meaning(css), name)
		assert.ok(out.length <= css.length, name)
		before += css.length
		after += out.length
	}
	assert.ok(after < before * 0.9, `${before} -> ${after}`)
})

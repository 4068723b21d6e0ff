#!/usr/bin/env node
/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

// Mirror's translations (make l10n, make l10n-check).
//
//   node tools/l10n.js update   extracts every t()/n() string (PHP through tools/l10n-php.php, TS and Vue through
//                               the TypeScript parser and Vue's template compiler, appinfo/info.xml's name, summary
//                               and description) into translationfiles/templates/mirror.pot, writes l10n/<lang>.js
//                               from l10n/<lang>.json (the .json files are the source), and reports what each
//                               language lacks or keeps that is no longer used
//   node tools/l10n.js check    fails on: a mirror.pot that is not what the code says, a string de, fr or es does
//                               not translate, a stale translation, a placeholder ({name}, %s, %1$s, %d, %n) lost or
//                               added, a plural with the wrong number of forms, an l10n/<lang>.js that is not its
//                               .json, a t()/n() call whose text is not a literal (the extractor cannot see it), and
//                               words written straight into a Vue template (text, title, aria-label, placeholder)
//
// The layout is the one Nextcloud's translation tool uses: translationfiles/templates/<app>.pot, and
// l10n/<lang>.json ({ "translations": {…}, "pluralForm": "…" }) beside l10n/<lang>.js (OC.L10N.register(…)).
// A plural's key is "_<singular>_::_<plural>_" and its value one string per plural form.
// To add a language: l10n/<lang>.json with an empty "translations" and its "pluralForm", then make l10n.

'use strict'

const fs = require('node:fs')
const path = require('node:path')
const { execFileSync } = require('node:child_process')
const ts = require('typescript')
const sfc = require('@vue/compiler-sfc')

const ROOT = path.resolve(__dirname, '..')
const APP = 'mirror'
const POT = path.join(ROOT, 'translationfiles', 'templates', APP + '.pot')
const L10N = path.join(ROOT, 'l10n')
/** The languages Mirror ships complete: the check fails when one of them misses a string. */
const REQUIRED = ['de', 'fr', 'es']

// Extraction

function walk(dir, keep) {
	if (!fs.existsSync(dir)) {
		return []
	}
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name)
		return entry.isDirectory() ? walk(full, keep) : (keep(full) ? [full] : [])
	}).sort()
}

let base = ROOT
const rel = (file) => path.relative(base, file).split(path.sep).join('/')

/** The value of a string literal, a template literal without substitutions, or literals joined by +; else null. */
function literalOf(node) {
	if (node === undefined) {
		return null
	}
	if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
		return node.text
	}
	if (ts.isParenthesizedExpression(node)) {
		return literalOf(node.expression)
	}
	if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
		const left = literalOf(node.left)
		const right = literalOf(node.right)
		return left === null || right === null ? null : left + right
	}
	return null
}

/** The name a call is made by: t(…), n(…), and in compiled templates _ctx.t(…) or $setup.t(…). */
function calleeName(call) {
	const callee = call.expression
	if (ts.isIdentifier(callee)) {
		return callee.text
	}
	if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && /^(_ctx|\$setup|\$props|_cache)$/.test(callee.expression.text)) {
		return callee.name.text
	}
	return null
}

const L10N_CALLS = new Set(['t', 'n', 'translate', 'translatePlural'])

/** Every l10n call in a piece of TS/JS source; line numbers from `lineOffset` on. */
function scanScript(code, file, lineOffset, result, template = false) {
	const source = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS)
	const visit = (node) => {
		if (ts.isCallExpression(node)) {
			const name = calleeName(node)
			if (name !== null && L10N_CALLS.has(name) && node.arguments.length >= 2) {
				const line = template ? lineOffset : lineOffset + source.getLineAndCharacterOfPosition(node.getStart()).line
				const app = literalOf(node.arguments[0])
				const plural = name === 'n' || name === 'translatePlural'
				const msgid = literalOf(node.arguments[1])
				const msgidPlural = plural ? literalOf(node.arguments[2]) : ''
				if (app === APP && msgid !== null && msgidPlural !== null) {
					result.strings.push({ file: rel(file), line, msgid, ...(plural ? { plural: msgidPlural } : {}) })
				} else if (app === null || app === APP) {
					result.dynamic.push({ file: rel(file), line, call: node.getText(source).slice(0, 100) })
				}
			}
		}
		ts.forEachChild(node, visit)
	}
	visit(source)
}

function scanVue(file, result) {
	const { descriptor, errors } = sfc.parse(fs.readFileSync(file, 'utf8'), { filename: file })
	if (errors.length > 0) {
		throw new Error(`${rel(file)}: ${errors[0].message ?? errors[0]}`)
	}
	for (const block of [descriptor.script, descriptor.scriptSetup]) {
		if (block) {
			scanScript(block.content, file, block.loc.start.line, result)
		}
	}
	if (descriptor.template) {
		// Words written straight into the template, not through t(): text, and the attributes people read
		const literal = (node) => {
			if (node.type === 2 && /[A-Za-z]{2,}/.test(node.content)) {
				result.untranslated.push({ file: rel(file), line: node.loc.start.line, text: node.content.trim() })
			}
			for (const prop of node.props ?? []) {
				if (prop.type === 6 && ['title', 'aria-label', 'placeholder', 'label', 'alt'].includes(prop.name) && prop.value
					&& /[A-Za-z]{3,}/.test(prop.value.content) && !/^(\/|[A-Za-z_$][\w$]*$)/.test(prop.value.content)) {
					// (not a path, and not one identifier: label="displayName" names NcSelect's option key)
					result.untranslated.push({ file: rel(file), line: prop.loc.start.line, text: `${prop.name}="${prop.value.content}"` })
				}
			}
			(node.children ?? []).forEach(literal)
		}
		literal(descriptor.template.ast)
		// The template compiled to its render function: every expression of it, bindings and {{ }} alike
		const compiled = sfc.compileTemplate({ source: descriptor.template.content, filename: file, id: 'l10n' })
		if (compiled.errors.length > 0) {
			throw new Error(`${rel(file)}: ${compiled.errors[0].message ?? compiled.errors[0]}`)
		}
		scanScript(compiled.code, file, descriptor.template.loc.start.line, result, true)
	}
}

function scanInfoXml(file, result) {
	const xml = fs.readFileSync(file, 'utf8')
	for (const tag of ['name', 'summary', 'description']) {
		const match = new RegExp(`<${tag}(?: [^>]*)?>([\\s\\S]*?)</${tag}>`).exec(xml)
		if (match) {
			const text = match[1].replace(/^<!\[CDATA\[([\s\S]*)\]\]>$/, '$1').trim()
			const line = xml.slice(0, match.index).split('\n').length
			result.strings.push({ file: rel(file), line, msgid: text })
		}
	}
}

/** Every string of the app in ROOT (lib/, templates/, src/, appinfo/info.xml), and the calls it cannot read. */
function extract(root = ROOT) {
	base = root
	const result = { strings: [], dynamic: [], untranslated: [] }
	const php = walk(path.join(root, 'lib'), (f) => f.endsWith('.php'))
		.concat(walk(path.join(root, 'templates'), (f) => f.endsWith('.php')))
	const fromPhp = php.length === 0 ? { strings: [], dynamic: [] } : JSON.parse(execFileSync('php', [path.join(__dirname, 'l10n-php.php'), ...php], { maxBuffer: 64 << 20 }).toString())
	result.strings.push(...fromPhp.strings.map((s) => ({ ...s, file: rel(s.file) })))
	result.dynamic.push(...fromPhp.dynamic.map((s) => ({ ...s, file: rel(s.file) })))
	if (fs.existsSync(path.join(root, 'appinfo', 'info.xml'))) {
		scanInfoXml(path.join(root, 'appinfo', 'info.xml'), result)
	}
	const front = walk(path.join(root, 'src'), (f) => /\.(ts|vue)$/.test(f) && !/\.(spec|d)\.ts$/.test(f)
		&& !rel(f).startsWith('src/types/openapi/') && !rel(f).endsWith('src/test-setup.ts'))
	for (const file of front) {
		if (file.endsWith('.vue')) {
			scanVue(file, result)
		} else {
			scanScript(fs.readFileSync(file, 'utf8'), file, 1, result)
		}
	}
	// One entry per string (its key in l10n/<lang>.json), with every place it is used
	const entries = new Map()
	for (const s of result.strings) {
		const key = s.plural === undefined ? s.msgid : `_${s.msgid}_::_${s.plural}_`
		if (!entries.has(key)) {
			entries.set(key, { key, msgid: s.msgid, plural: s.plural, refs: [] })
		}
		// files only: a line number would change the template with every edit above a string
		const ref = s.file
		if (!entries.get(key).refs.includes(ref)) {
			entries.get(key).refs.push(ref)
		}
	}
	return { entries, dynamic: result.dynamic, untranslated: result.untranslated }
}

// The template

function poString(text) {
	const escaped = text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\t/g, '\\t')
	const lines = escaped.split('\n')
	if (lines.length === 1) {
		return `"${escaped}"`
	}
	return '""\n' + lines.map((line, i) => `"${line}${i < lines.length - 1 ? '\\n' : ''}"`).filter((l) => l !== '""').join('\n')
}

function pot(entries) {
	const header = [
		'# SPDX-FileCopyrightText: 2026 Mirror contributors',
		'# SPDX-License-Identifier: AGPL-3.0-or-later',
		'#',
		'# Generated by `make l10n` (tools/l10n.js) from lib/, templates/, src/ and appinfo/info.xml: do not edit.',
		'msgid ""',
		'msgstr ""',
		'"Project-Id-Version: Nextcloud Mirror\\n"',
		'"MIME-Version: 1.0\\n"',
		'"Content-Type: text/plain; charset=UTF-8\\n"',
		'"Content-Transfer-Encoding: 8bit\\n"',
		'"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"',
		'',
	]
	const body = [...entries.values()].map((e) => {
		const lines = [`#: ${e.refs.join(' ')}`]
		if (/%(\d+\$)?[sd]/.test(e.msgid + (e.plural ?? ''))) {
			lines.push('#, php-format')
		}
		lines.push(`msgid ${poString(e.msgid)}`)
		if (e.plural !== undefined) {
			lines.push(`msgid_plural ${poString(e.plural)}`, 'msgstr[0] ""', 'msgstr[1] ""')
		} else {
			lines.push('msgstr ""')
		}
		return lines.join('\n') + '\n'
	})
	return header.join('\n') + '\n' + body.join('\n')
}

// The languages

function languages() {
	return fs.readdirSync(L10N).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort()
}

function readLanguage(lang, dir = L10N) {
	const data = JSON.parse(fs.readFileSync(path.join(dir, lang + '.json'), 'utf8'))
	if (typeof data.translations !== 'object' || typeof data.pluralForm !== 'string') {
		throw new Error(`l10n/${lang}.json: needs "translations" and "pluralForm"`)
	}
	return data
}

const entryLine = ([key, value]) => `    ${JSON.stringify(key)} : ${JSON.stringify(value)}`

/** l10n/<lang>.json as Nextcloud's translation tool writes it. */
function jsonFile(translations, pluralForm) {
	return '{ "translations": {\n' + Object.entries(translations).map(entryLine).join(',\n')
		+ `\n},"pluralForm" :${JSON.stringify(pluralForm)}\n}\n`
}

/** l10n/<lang>.js, what the browser loads, from the same translations. */
function jsFile(translations, pluralForm) {
	return `OC.L10N.register(\n    ${JSON.stringify(APP)},\n    {\n` + Object.entries(translations).map(entryLine).join(',\n')
		+ `\n},\n${JSON.stringify(pluralForm)});\n`
}

/** How many forms a plural has in the language, and which form the count 1 alone gets (if any). */
function pluralRules(pluralForm) {
	const match = /nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?);?\s*$/.exec(pluralForm)
	if (!match || !/^[\sn0-9!=<>&|?:%()]+$/.test(match[2])) {
		throw new Error(`not a plural form: ${pluralForm}`)
	}
	const pick = new Function('n', `return Number(${match[2]})`) // eslint-disable-line no-new-func
	const onlyOne = new Set()
	const forms = new Map()
	for (let count = 0; count <= 1000; count++) {
		const form = pick(count)
		forms.set(form, [...(forms.get(form) ?? []), count])
	}
	for (const [form, counts] of forms) {
		if (counts.length === 1 && counts[0] === 1) {
			onlyOne.add(form)
		}
	}
	return { nplurals: Number(match[1]), pick, onlyOne }
}

/** The placeholders of a text, sorted: {name}, %s, %d, %1$s, %n. */
function placeholders(text) {
	return (text.match(/\{[A-Za-z0-9_]+\}|%(?:\d+\$)?[sd]|%n/g) ?? []).sort()
}

const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i])

/** What is wrong with one language against the template: missing, stale, broken placeholders, wrong forms. */
function review(lang, entries, dir = L10N) {
	const { translations, pluralForm } = readLanguage(lang, dir)
	const rules = pluralRules(pluralForm)
	const missing = []
	const broken = []
	for (const e of entries.values()) {
		const value = translations[e.key]
		if (e.plural === undefined) {
			if (typeof value !== 'string' || value === '') {
				missing.push(e.key)
			} else if (!same(placeholders(value), placeholders(e.msgid))) {
				broken.push(`${JSON.stringify(e.key)}: placeholders ${placeholders(e.msgid).join(' ') || '(none)'} became ${placeholders(value).join(' ') || '(none)'}`)
			}
			continue
		}
		if (!Array.isArray(value) || value.some((form) => typeof form !== 'string' || form === '')) {
			missing.push(e.key)
			continue
		}
		if (value.length !== rules.nplurals) {
			broken.push(`${JSON.stringify(e.key)}: ${value.length} forms, ${lang} has ${rules.nplurals}`)
			continue
		}
		const wanted = placeholders(e.plural)
		const singular = placeholders(e.msgid).filter((p) => p !== '%n')
		value.forEach((form, i) => {
			// A form said of exactly one thing ("Eine Datei") may leave out %n and what the English singular
			// leaves out; every other form keeps every placeholder of the plural
			const have = placeholders(form)
			const ok = same(have, wanted) || (rules.onlyOne.has(i) && have.every((p) => wanted.includes(p)) && singular.every((p) => have.includes(p)))
			if (!ok) {
				broken.push(`${JSON.stringify(e.key)}: form ${i} has ${have.join(' ') || '(none)'}, needs ${wanted.join(' ') || '(none)'}`)
			}
		})
	}
	const stale = Object.keys(translations).filter((key) => !entries.has(key))
	return { translations, pluralForm, missing, stale, broken }
}

function list(title, items) {
	if (items.length > 0) {
		console.log(`  ${title} (${items.length}):`)
		items.forEach((item) => console.log(`    ${item}`))
	}
}

function main(command) {
	const { entries, dynamic, untranslated } = extract()
	const template = pot(entries)
	let failed = false
	const fail = (message) => {
		failed = true
		console.log(message)
	}
	console.log(`l10n: ${entries.size} strings (${[...entries.values()].filter((e) => e.plural !== undefined).length} plurals) in the code`)
	if (dynamic.length > 0) {
		fail(`l10n: ${dynamic.length} t()/n() calls whose text is not a literal: the extractor cannot see their strings. Write each string as a literal t('mirror', '…') (a switch, a map of literal calls):`)
		dynamic.forEach((d) => console.log(`    ${d.file}:${d.line}  ${d.call}`))
	}
	if (untranslated.length > 0) {
		fail(`l10n: ${untranslated.length} words written straight into a Vue template, not through t('mirror', …):`)
		untranslated.forEach((u) => console.log(`    ${u.file}:${u.line}  ${u.text}`))
	}
	if (command === 'update') {
		fs.mkdirSync(path.dirname(POT), { recursive: true })
		fs.writeFileSync(POT, template)
		console.log(`l10n: wrote ${rel(POT)}`)
	} else if (!fs.existsSync(POT) || fs.readFileSync(POT, 'utf8') !== template) {
		fail(`l10n: ${rel(POT)} is not what the code says: run make l10n and commit it`)
	}
	for (const lang of [...new Set([...REQUIRED, ...languages()])]) {
		if (!fs.existsSync(path.join(L10N, lang + '.json'))) {
			fail(`l10n: l10n/${lang}.json is missing`)
			continue
		}
		const r = review(lang, entries)
		const js = jsFile(r.translations, r.pluralForm)
		const jsPath = path.join(L10N, lang + '.js')
		if (command === 'update') {
			// Translations sorted as the template lists them, stale ones kept at the end until removed by hand
			const order = [...entries.keys()].filter((k) => k in r.translations).concat(r.stale)
			const sorted = Object.fromEntries(order.map((k) => [k, r.translations[k]]))
			fs.writeFileSync(path.join(L10N, lang + '.json'), jsonFile(sorted, r.pluralForm))
			fs.writeFileSync(jsPath, jsFile(sorted, r.pluralForm))
		} else if (!fs.existsSync(jsPath) || fs.readFileSync(jsPath, 'utf8') !== js) {
			fail(`l10n: l10n/${lang}.js is not what l10n/${lang}.json says: run make l10n and commit it`)
		}
		const done = entries.size - r.missing.length
		console.log(`l10n: ${lang}: ${done} of ${entries.size} translated, ${r.missing.length} missing, ${r.stale.length} stale, ${r.broken.length} broken`)
		list('missing', r.missing.map((k) => JSON.stringify(k)))
		list('stale (no longer in the code)', r.stale.map((k) => JSON.stringify(k)))
		list('broken', r.broken)
		if ((REQUIRED.includes(lang) && r.missing.length > 0) || r.stale.length > 0 || r.broken.length > 0) {
			failed = true
		}
	}
	if (command === 'check') {
		console.log(failed ? 'l10n-check: FAILED' : 'l10n-check: ok')
		process.exit(failed ? 1 : 0)
	}
}

if (require.main === module) {
	const command = process.argv[2]
	if (command !== 'update' && command !== 'check') {
		console.error('usage: node tools/l10n.js update|check')
		process.exit(2)
	}
	main(command)
}

module.exports = { extract, placeholders, pluralRules, review, jsFile, jsonFile, pot }

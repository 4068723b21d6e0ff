/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

// node --test tools/test/ (npm run test:budgets): tools/l10n.js finds every string of a small app tree (PHP, TS,
// a Vue template), flags the calls it cannot read, and its check catches what a translator can get wrong.

const assert = require('node:assert/strict')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')
const { test } = require('node:test')
const { extract, placeholders, pluralRules, review } = require('../l10n.js')

function tree(files) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mirror-l10n-'))
	for (const [name, content] of Object.entries(files)) {
		fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true })
		fs.writeFileSync(path.join(dir, name), content)
	}
	return dir
}

const app = tree({
	'lib/Thing.php': `<?php
$a = $l->t('Plain %s', [$x]);
$b = $this->l->n('%n file', '%n files', $count);
$c = $l->t('Joined ' . "literals");
$d = $l->t($message);
$e = $l->t("Interpolated $name");
$f = $other->format('not l10n');
`,
	'src/thing.ts': `import { n, t } from '@nextcloud/l10n'
export const a = t('mirror', 'From TS {name}', { name })
export const b = n('mirror', 'One drive', '%n drives', 2)
export const c = t('mirror', text)
export const d = t('other-app', 'Not ours')
export const e = t('mirror', \`Built \${x}\`)
`,
	'src/Thing.vue': `<template>
	<p :title="t('mirror', 'In a binding')">{{ t('mirror', 'In braces') }} {{ n('mirror', '%n copy', '%n copies', k) }}</p>
	<span>{{ t('mirror', label) }}</span>
	<b title="Untranslated tooltip">Plain English</b> <i placeholder="/mnt/backup" label="displayName">{{ count }}</i>
</template>
<script setup lang="ts">
import { n, t } from '@nextcloud/l10n'
const s = t('mirror', 'In the script')
</script>
`,
	'src/thing.spec.ts': "t('mirror', 'Only in a test')\n",
	'appinfo/info.xml': '<info><name>Thing</name><summary>Does things</summary><description><![CDATA[Long words]]></description></info>',
})

test('extracts every literal string of PHP, TS, Vue templates and info.xml, and no test\'s', () => {
	const { entries } = extract(app)
	assert.deepEqual([...entries.keys()].sort(), [
		'Does things', 'From TS {name}', 'In a binding', 'In braces', 'In the script', 'Joined literals', 'Long words',
		'Plain %s', 'Thing', '_%n copy_::_%n copies_', '_%n file_::_%n files_', '_One drive_::_%n drives_',
	].sort())
	assert.deepEqual(entries.get('_One drive_::_%n drives_').refs, ['src/thing.ts'])
})

test('flags every call whose text it cannot see, in PHP, TS and templates', () => {
	const { dynamic } = extract(app)
	const where = dynamic.map((d) => d.file).sort()
	assert.deepEqual(where, ['lib/Thing.php', 'lib/Thing.php', 'src/Thing.vue', 'src/thing.ts', 'src/thing.ts'])
	assert.ok(dynamic.some((d) => d.file === 'lib/Thing.php' && d.line === 5))
})

test('flags words written straight into a Vue template, but not a path or an expression', () => {
	const { untranslated } = extract(app)
	assert.deepEqual(untranslated.map((u) => [u.file, u.text]), [
		['src/Thing.vue', 'title="Untranslated tooltip"'],
		['src/Thing.vue', 'Plain English'],
	])
})

test('knows which plural form a count takes: French says "0 fichier", German "0 Dateien"', () => {
	const fr = pluralRules('nplurals=2; plural=(n > 1);')
	assert.deepEqual([0, 1, 2].map(fr.pick), [0, 0, 1])
	assert.equal(fr.onlyOne.size, 0)
	const de = pluralRules('nplurals=2; plural=(n != 1);')
	assert.deepEqual([0, 1, 2].map(de.pick), [1, 0, 1])
	assert.deepEqual([...de.onlyOne], [0])
	assert.throws(() => pluralRules('nplurals=2; plural=alert(1);'))
})

test('the check reports missing, stale, broken placeholders and plurals', () => {
	const dir = tree({
		'lib/Thing.php': "<?php\n$l->t('Copy %1$s to %2$s', [$a, $b]); $l->t('Hello {name}'); $l->t('Untranslated');\n$l->n('%n file', '%n files', $c); $l->n('One drive', '%n drives', $c);\n",
		'l10n/xx.json': JSON.stringify({
			translations: {
				'Copy %1$s to %2$s': '%2$s nach %1$s kopieren',
				'Hello {name}': 'Hallo {nom}',
				'_%n file_::_%n files_': ['Datei', '%n Dateien'],
				'_One drive_::_%n drives_': ['Ein Laufwerk', '%n Laufwerke'],
				'Gone from the code': 'Weg',
			},
			pluralForm: 'nplurals=2; plural=(n != 1);',
		}),
		'l10n/yy.json': JSON.stringify({
			translations: { '_One drive_::_%n drives_': ['Un disque', '%n disques'] },
			pluralForm: 'nplurals=2; plural=(n > 1);',
		}),
	})
	const { entries } = extract(dir)
	const l10n = path.join(dir, 'l10n')
	const xx = review('xx', entries, l10n)
	assert.deepEqual(xx.missing, ['Untranslated'])
	assert.deepEqual(xx.stale, ['Gone from the code'])
	assert.equal(xx.broken.length, 1)
	assert.match(xx.broken[0], /Hello \{name\}.*\{nom\}/)
	// the German singular is said of exactly one file: it may leave %n out ("Datei" is the translator's choice);
	// the French singular is said of 0 and 1 too, so it must keep it
	const yy = review('yy', entries, l10n)
	assert.equal(yy.broken.length, 1)
	assert.match(yy.broken[0], /One drive.*form 0/)
})

test('finds the placeholders PHP and @nextcloud/l10n replace', () => {
	assert.deepEqual(placeholders('%1$s of %n, %s and %d for {user_name}; 100% sure'), ['%1$s', '%d', '%n', '%s', '{user_name}'])
})

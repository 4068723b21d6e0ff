/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import { n as nextcloudN } from '@nextcloud/l10n'
import { n, t } from './l10n'

interface Registry {
	_oc_l10n_registry_translations?: Record<string, Record<string, string | string[]>>
	_oc_l10n_registry_plural_functions?: Record<string, (count: number) => number>
}

const registry = window as unknown as Registry
const singular = 'Catching up: %n file to copy'
const plural = 'Catching up: %n files to copy'

describe('n', () => {
	// @nextcloud/l10n creates these registries when imported and expects them to stay
	afterEach(() => {
		registry._oc_l10n_registry_translations = {}
		registry._oc_l10n_registry_plural_functions = {}
	})

	it.each([0, 1, 2, 17])('without translations says the English form for %i, as @nextcloud/l10n does', (count) => {
		expect(n('mirror', singular, plural, count)).toBe(nextcloudN('mirror', singular, plural, count))
		expect(n('mirror', singular, plural, count)).toBe(count === 1 ? 'Catching up: 1 file to copy' : `Catching up: ${count} files to copy`)
	})

	it('takes the form the language\'s plural function picks, as @nextcloud/l10n does', () => {
		// Polish: 1 plik, 2-4 pliki, 5+ plików
		registry._oc_l10n_registry_translations = { mirror: { [`_${singular}_::_${plural}_`]: ['%n plik', '%n pliki', '%n plików'] } }
		registry._oc_l10n_registry_plural_functions = { mirror: (count) => count === 1 ? 0 : (count % 10 >= 2 && count % 10 <= 4 && (count % 100 < 10 || count % 100 >= 20) ? 1 : 2) }
		for (const [count, text] of [[1, '1 plik'], [3, '3 pliki'], [5, '5 plików'], [22, '22 pliki']] as const) {
			expect(n('mirror', singular, plural, count)).toBe(text)
			expect(nextcloudN('mirror', singular, plural, count)).toBe(text)
		}
	})

	it('falls back to the English forms when the translation has no such form', () => {
		registry._oc_l10n_registry_translations = { mirror: { [`_${singular}_::_${plural}_`]: ['%n plik'] } }
		registry._oc_l10n_registry_plural_functions = { mirror: () => 3 }
		expect(n('mirror', singular, plural, 4)).toBe('Catching up: 4 files to copy')
	})
})

describe('t', () => {
	afterEach(() => {
		registry._oc_l10n_registry_translations = {}
	})

	it('says the translation when there is one, else the source text', () => {
		registry._oc_l10n_registry_translations = { mirror: { Copied: 'Kopiert' } }
		expect(t('mirror', 'Copied')).toBe('Kopiert')
		expect(t('mirror', 'Failed')).toBe('Failed')
	})
})

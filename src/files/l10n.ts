/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

interface L10nGlobals {
	_oc_l10n_registry_translations?: Record<string, Record<string, string | string[]> | undefined>
	_oc_l10n_registry_plural_functions?: Record<string, ((count: number) => number) | undefined>
}

/**
 * t() for the script Files loads on every page: the app's translations as Nextcloud registers
 * them (the registry @nextcloud/l10n reads too), without @nextcloud/l10n itself, whose HTML
 * sanitizer (DOMPurify, ~22 KB) would be most of this script. Plain text only, no placeholders. The catalogue
 * of state texts (src/texts/states.ts) translates with it too, as this script shows the badge's words.
 */
export function t(app: string, text: string): string {
	const translated = (window as unknown as L10nGlobals)._oc_l10n_registry_translations?.[app]?.[text]
	return typeof translated === 'string' && translated !== '' ? translated : text
}

/**
 * n() the same way: the translation's plural form that the language's plural function (registered by
 * Nextcloud beside the translations) picks for COUNT, %n replaced by COUNT, as @nextcloud/l10n does it.
 */
export function n(app: string, singular: string, plural: string, count: number): string {
	const registry = window as unknown as L10nGlobals
	const forms = registry._oc_l10n_registry_translations?.[app]?.['_' + singular + '_::_' + plural + '_']
	const pick = registry._oc_l10n_registry_plural_functions?.[app]
	const form = Array.isArray(forms) && pick ? forms[pick(count)] : undefined
	return t(app, typeof form === 'string' && form !== '' ? form : (count === 1 ? singular : plural)).replace(/%n/g, String(count))
}

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

interface L10nGlobals {
	_oc_l10n_registry_translations?: Record<string, Record<string, string | string[]> | undefined>
}

/**
 * t() for the script Files loads on every page: the app's translations as Nextcloud registers
 * them (the registry @nextcloud/l10n reads too), without @nextcloud/l10n itself, whose HTML
 * sanitizer (DOMPurify, ~22 KB) would be most of this script. Plain text only, no placeholders.
 */
export function t(app: string, text: string): string {
	const translated = (window as unknown as L10nGlobals)._oc_l10n_registry_translations?.[app]?.[text]
	return typeof translated === 'string' && translated !== '' ? translated : text
}

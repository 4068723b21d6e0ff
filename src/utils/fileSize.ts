/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

// A size as Files shows it ('0 B', '1 KB', '1.5 MB'; units of 1024, one decimal from MB on, written the
// user's way). The same output as formatFileSize(size) of @nextcloud/files 3 (fileSize.spec.ts compares
// them), without the 300 KB that importing @nextcloud/files costs (webdav, a buffer polyfill, axios):
// bench/README.md, "Bundle budgets".

import { getCanonicalLocale } from '@nextcloud/l10n'

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB']

export function formatFileSize(size: number | string): string {
	const bytes = Number(size)
	const order = Math.min(UNITS.length - 1, bytes > 0 ? Math.floor(Math.log(bytes) / Math.log(1024)) : 0)
	const relative = (bytes / Math.pow(1024, order)).toFixed(1)
	const shown = order < 2
		? parseFloat(relative).toFixed(0)
		: parseFloat(relative).toLocaleString(getCanonicalLocale())
	return shown + ' ' + UNITS[order]
}

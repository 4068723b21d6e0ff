/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import { n, t } from '@nextcloud/l10n'

const MINUTE = 60
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR
const MONTH = 30 * DAY
const YEAR = 365 * DAY

type Plural = (count: number) => string

// [unit in seconds, used below this many seconds, past, future]. The n() calls
// stay literal so the translation tooling can extract them.
const STEPS: ReadonlyArray<readonly [number, number, Plural, Plural]> = [
	[MINUTE, HOUR, (c) => n('mirror', '%n minute ago', '%n minutes ago', c), (c) => n('mirror', 'in %n minute', 'in %n minutes', c)],
	[HOUR, DAY, (c) => n('mirror', '%n hour ago', '%n hours ago', c), (c) => n('mirror', 'in %n hour', 'in %n hours', c)],
	[DAY, MONTH, (c) => n('mirror', '%n day ago', '%n days ago', c), (c) => n('mirror', 'in %n day', 'in %n days', c)],
	[MONTH, YEAR, (c) => n('mirror', '%n month ago', '%n months ago', c), (c) => n('mirror', 'in %n month', 'in %n months', c)],
	[YEAR, Infinity, (c) => n('mirror', '%n year ago', '%n years ago', c), (c) => n('mirror', 'in %n year', 'in %n years', c)],
]

/**
 * How long ago a unix timestamp (seconds) was, for people: '5 minutes ago'.
 * `null` means it never happened: 'never'. Within a minute either way: 'just now'.
 */
export function formatRelativeTime(unixSeconds: number | null, nowMs: number = Date.now()): string {
	if (unixSeconds === null) {
		return t('mirror', 'never')
	}

	const seconds = Math.round(nowMs / 1000 - unixSeconds)
	const elapsed = Math.abs(seconds)
	if (elapsed < MINUTE) {
		return t('mirror', 'just now')
	}

	const [unit, , past, future] = STEPS.find(([, below]) => elapsed < below) ?? STEPS[STEPS.length - 1]
	const count = Math.floor(elapsed / unit)
	return seconds < 0 ? future(count) : past(count)
}

/**
 * A Unix time as the browser's locale writes a date and time ('' for none): the tooltip
 * beside a relative time.
 */
export function formatAbsoluteTime(unixSeconds: number | null): string {
	return unixSeconds === null ? '' : new Date(unixSeconds * 1000).toLocaleString()
}

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import { formatAbsoluteTime, formatRelativeTime } from './format'

describe('formatRelativeTime', () => {
	const now = Date.UTC(2026, 0, 15, 12, 0, 0)
	const ago = (seconds: number) => now / 1000 - seconds

	it('says never for null', () => {
		expect(formatRelativeTime(null, now)).toBe('never')
	})

	it.each([
		[0, 'just now'],
		[59, 'just now'],
		[-30, 'just now'],
		[60, '1 minute ago'],
		[5 * 60 + 59, '5 minutes ago'],
		[3600, '1 hour ago'],
		[23 * 3600, '23 hours ago'],
		[86400, '1 day ago'],
		[3 * 86400, '3 days ago'],
		[45 * 86400, '1 month ago'],
		[400 * 86400, '1 year ago'],
		[3 * 365 * 86400, '3 years ago'],
		[-2 * 3600, 'in 2 hours'],
	])('%p seconds ago reads %p', (seconds, expected) => {
		expect(formatRelativeTime(ago(seconds), now)).toBe(expected)
	})

	it('defaults to the current time', () => {
		expect(formatRelativeTime(Math.floor(Date.now() / 1000) - 120)).toBe('2 minutes ago')
	})
})

describe('formatAbsoluteTime', () => {
	it('is empty for no time', () => {
		expect(formatAbsoluteTime(null)).toBe('')
	})

	it('writes the moment in the browser locale', () => {
		expect(formatAbsoluteTime(1_700_000_000)).toBe(new Date(1_700_000_000_000).toLocaleString())
	})
})

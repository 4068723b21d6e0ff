/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import { renderBadge, updateBadges } from './badge'

describe('updateBadges', () => {
	afterEach(() => document.body.replaceChildren())

	it('updates the badges of one file on screen, and removes them when it leaves the mirror', () => {
		const mine = renderBadge({ fileid: 1, attributes: { 'mirror-status': 'pending' } }, jest.fn())!
		const other = renderBadge({ fileid: 2, attributes: { 'mirror-status': 'pending' } }, jest.fn())!
		document.body.append(mine, other)

		updateBadges(1, 'replicated')
		expect(mine.className).toBe('mirror-badge mirror-badge--replicated')
		expect(mine.getAttribute('aria-label')).toMatch(/^Mirrored/)
		expect(other.className).toBe('mirror-badge mirror-badge--pending')

		updateBadges(1, null)
		expect(mine.isConnected).toBe(false)
		expect(other.isConnected).toBe(true)
	})
})

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import { stateLabel, stateTooltip } from './texts'
import { setStateOf, stateOf } from './state'

const node = (value?: unknown) => ({ fileid: 7, attributes: value === undefined ? {} : { 'mirror-status': value } })

describe('stateOf', () => {
	it.each(['replicated', 'pending', 'failed'])('reads %s from the WebDAV property', (state) => {
		expect(stateOf(node(state))).toBe(state)
	})

	it.each([
		['absent (out of scope)', undefined],
		['empty (Files fills a missing property with "")', ''],
		['unknown', 'maybe'],
		['not a string', 1],
	])('is null when the property is %s', (_, value) => {
		expect(stateOf(node(value))).toBeNull()
	})

	it('is null without a node or attributes', () => {
		expect(stateOf(null)).toBeNull()
		expect(stateOf({})).toBeNull()
	})
})

describe('setStateOf', () => {
	it('writes the state where Files reads it, and clears it', () => {
		const n = node('pending')
		setStateOf(n, 'replicated')
		expect(stateOf(n)).toBe('replicated')
		setStateOf(n, null)
		expect(stateOf(n)).toBeNull()
	})
})

describe('labels', () => {
	it('gives every state its own accessible label and a tooltip that says where the details are', () => {
		const labels = (['replicated', 'pending', 'failed'] as const).map(stateLabel)
		expect(new Set(labels).size).toBe(3)
		expect(stateLabel('replicated')).toMatch(/^Mirrored/)
		expect(stateLabel('pending')).toMatch(/pending/)
		expect(stateLabel('failed')).toMatch(/failed/)
		expect(stateTooltip('failed')).toBe(stateLabel('failed') + '. Open the Mirror tab for details.')
	})
})

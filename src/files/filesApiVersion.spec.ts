/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import { filesApiFor, filesApiVersion } from './filesApiVersion'

describe('filesApiFor', () => {
	it.each([
		[26, 3],
		[32, 3],
		[33, 4],
		[34, 4],
		[null, null],
		['32', null],
		[0, null],
		[32.5, null],
	])('Nextcloud %p reads @nextcloud/files %p', (major, api) => {
		expect(filesApiFor(major)).toBe(api)
	})
})

describe('filesApiVersion', () => {
	afterEach(() => document.body.replaceChildren())

	it('reads the major version the server puts in the page (LoadAdditionalScriptsListener)', () => {
		const input = document.createElement('input')
		input.type = 'hidden'
		input.id = 'initial-state-mirror-server-major'
		input.value = btoa(JSON.stringify(33))
		document.body.append(input)
		expect(filesApiVersion()).toBe(4)
	})
})

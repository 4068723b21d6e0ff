/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import { filesApiVersion } from './filesApiVersion'
import { registerWithFiles } from './register'

jest.mock('./filesApiVersion', () => ({ filesApiVersion: jest.fn() }))
const version = filesApiVersion as jest.MockedFunction<typeof filesApiVersion>

describe('registerWithFiles', () => {
	const api3 = { register: jest.fn() }
	const api4 = { register: jest.fn() }
	const load3 = jest.fn(async () => api3)
	const load4 = jest.fn(async () => api4)

	it.each([
		[3 as const, [api3], [api4]],
		[4 as const, [api4], [api3]],
		[null, [api3, api4], []],
	])('with @nextcloud/files %p loads and registers through that API only', async (api, used, unused) => {
		version.mockReturnValue(api)
		await registerWithFiles(load3, load4)
		used.forEach((a) => expect(a.register).toHaveBeenCalledTimes(1))
		unused.forEach((a) => expect(a.register).not.toHaveBeenCalled())
		expect(load3).toHaveBeenCalledTimes(api === 4 ? 0 : 1)
		expect(load4).toHaveBeenCalledTimes(api === 3 ? 0 : 1)
	})
})

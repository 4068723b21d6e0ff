/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import axios from '@nextcloud/axios'
import { getFileHistory } from './filesApi'

jest.mock('@nextcloud/axios', () => ({
	__esModule: true,
	default: { get: jest.fn(), post: jest.fn() },
}))

const http = axios as unknown as Record<'get' | 'post', jest.Mock>

describe('filesApi', () => {
	it('asks for a file\'s history at its own URL and answers the OCS data', async () => {
		const history = { fileId: 42, versions: [], deleted: [] }
		http.get.mockResolvedValue({ data: { ocs: { meta: { status: 'ok' }, data: history } } })
		await expect(getFileHistory(42)).resolves.toEqual(history)
		expect(http.get).toHaveBeenCalledWith('http://localhost/ocs/v2.php/apps/mirror/api/v1/files/42/history')
	})
})

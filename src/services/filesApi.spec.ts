/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import axios from './http'
import { getFileHistory, restoreDeletedFiles, restoreFileVersion } from './filesApi'

jest.mock('./http', () => ({
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

	it('restores a version or the mirror copy of a file at its own URL, with what to restore in the body', async () => {
		const result = { restored: 1, skipped: 0, mismatched: 0, failed: 0, more: false, files: [] }
		http.post.mockResolvedValue({ data: { ocs: { meta: { status: 'ok' }, data: result } } })
		await expect(restoreFileVersion(42, { trashId: 7 })).resolves.toEqual(result)
		expect(http.post).toHaveBeenLastCalledWith('http://localhost/ocs/v2.php/apps/mirror/api/v1/files/42/restore', { trashId: 7 })
		await restoreFileVersion(42, { targetId: 2 })
		expect(http.post).toHaveBeenLastCalledWith('http://localhost/ocs/v2.php/apps/mirror/api/v1/files/42/restore', { targetId: 2 })
	})

	it('restores a folder\'s chosen deleted files, or all of them without ids', async () => {
		http.post.mockResolvedValue({ data: { ocs: { data: { restored: 0, skipped: 0, mismatched: 0, failed: 0, more: false, files: [] } } } })
		await restoreDeletedFiles(40, [3, 4])
		expect(http.post).toHaveBeenLastCalledWith('http://localhost/ocs/v2.php/apps/mirror/api/v1/files/40/restore-deleted', { ids: [3, 4] })
		await restoreDeletedFiles(40, null)
		expect(http.post).toHaveBeenLastCalledWith('http://localhost/ocs/v2.php/apps/mirror/api/v1/files/40/restore-deleted', {})
	})
})

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import axios from './http'
import * as api from './adminApi'

jest.mock('./http', () => ({
	__esModule: true,
	default: { get: jest.fn(), post: jest.fn(), put: jest.fn(), patch: jest.fn(), delete: jest.fn() },
	isAxiosError: (error: { isAxiosError?: boolean }) => error?.isAxiosError === true,
}))

const mockInterceptors = jest.fn()
jest.mock('@nextcloud/password-confirmation', () => ({
	addPasswordConfirmationInterceptors: (...args: unknown[]) => mockInterceptors(...args),
	PwdConfirmationMode: { Lax: 'lax', Strict: 'strict' },
}))

const http = axios as unknown as Record<'get' | 'post' | 'put' | 'patch' | 'delete', jest.Mock>
// generateOcsUrl answers absolute URLs (jsdom's origin is http://localhost)
const base = 'http://localhost/ocs/v2.php/apps/mirror/api/v1/'
const headers = { 'OCS-APIRequest': 'true' }
// a change the server protects with #[PasswordConfirmationRequired]: the dialog asks unless confirmed lately
const confirmed = { headers, confirmPassword: 'lax' }

function ocs<T>(data: T) {
	return { data: { ocs: { meta: { status: 'ok' }, data } } }
}

function httpError(status: number, data: unknown) {
	return Object.assign(new Error('Request failed with status code ' + status), {
		isAxiosError: true,
		response: { status, data: { ocs: { meta: { status: 'failure', message: status === 403 ? 'Logged in account must be an admin' : '' }, data } } },
	})
}

describe('adminApi', () => {
	it('asks for the recovery key with the password in the request (strict), the dialog\'s interceptor added once', async () => {
		http.get.mockResolvedValue(ocs({ recoveryKey: 'AAAA-BBBB' }))
		await expect(api.getRecoveryKey()).resolves.toEqual({ recoveryKey: 'AAAA-BBBB' })
		await api.getRecoveryKey()
		expect(http.get).toHaveBeenLastCalledWith(base + 'recovery-key', { headers, confirmPassword: 'strict' })
		expect(mockInterceptors).toHaveBeenCalledTimes(1)
		expect(mockInterceptors).toHaveBeenCalledWith(axios)
	})

	it('lists the targets and answers the OCS data', async () => {
		http.get.mockResolvedValue(ocs([{ id: 1 }]))
		await expect(api.listTargets()).resolves.toEqual([{ id: 1 }])
		expect(http.get).toHaveBeenCalledWith(base + 'targets', { headers })
	})

	it('creates, updates, removes, checks and resyncs targets at their own URLs', async () => {
		http.post.mockResolvedValue(ocs({ id: 7 }))
		http.patch.mockResolvedValue(ocs({ id: 7 }))
		http.delete.mockResolvedValue(ocs({ id: 7, name: 'USB', path: '/mnt/usb' }))
		http.get.mockResolvedValue(ocs({ running: false }))

		await api.createTarget('/mnt/usb', 'USB')
		expect(http.post).toHaveBeenLastCalledWith(base + 'targets', { path: '/mnt/usb', name: 'USB', offlineDrive: false }, confirmed)
		await api.createTarget('/mnt/rotation', 'Away', true)
		expect(http.post).toHaveBeenLastCalledWith(base + 'targets', { path: '/mnt/rotation', name: 'Away', offlineDrive: true }, confirmed)
		await api.updateTarget(7, { enabled: false })
		expect(http.patch).toHaveBeenLastCalledWith(base + 'targets/7', { enabled: false }, confirmed)
		await expect(api.removeTarget(7)).resolves.toEqual({ id: 7, name: 'USB', path: '/mnt/usb' })
		expect(http.delete).toHaveBeenLastCalledWith(base + 'targets/7', confirmed)
		await api.checkTarget(7)
		expect(http.post).toHaveBeenLastCalledWith(base + 'targets/7/check', undefined, { headers })
		await api.startResync(7)
		expect(http.post).toHaveBeenLastCalledWith(base + 'targets/7/resync', undefined, { headers })
		await api.getResyncProgress(7)
		expect(http.get).toHaveBeenLastCalledWith(base + 'targets/7/resync', { headers })
	})

	it('reads the tripwire, releases or discards a user\'s held changes, and reads and saves the trash retention', async () => {
		http.get.mockResolvedValue(ocs({ held: [], settings: {} }))
		http.post.mockResolvedValue(ocs({ held: [], settings: {} }))
		http.put.mockResolvedValue(ocs({ retentionDays: 30 }))

		await expect(api.getTripwire()).resolves.toEqual({ held: [], settings: {} })
		expect(http.get).toHaveBeenLastCalledWith(base + 'tripwire', { headers })
		await api.releaseHeldUser('anna maria', true)
		expect(http.post).toHaveBeenLastCalledWith(base + 'tripwire/anna%20maria/release', { discard: true }, confirmed)
		await api.releaseHeldUser('bob', false)
		expect(http.post).toHaveBeenLastCalledWith(base + 'tripwire/bob/release', { discard: false }, confirmed)
		await api.getTrashSettings()
		expect(http.get).toHaveBeenLastCalledWith(base + 'trash/settings', { headers })
		await expect(api.updateTrashSettings({ retentionDays: 30 })).resolves.toEqual({ retentionDays: 30 })
		expect(http.put).toHaveBeenLastCalledWith(base + 'trash/settings', { retentionDays: 30 }, { headers })
	})

	it('asks for one status page with its query, and the target only when given', async () => {
		http.get.mockResolvedValue(ocs({ rows: [], total: 0 }))
		await api.getStatus({ offset: 25, limit: 25, sort: 'failed', direction: 'desc', filter: 'ali' })
		expect(http.get).toHaveBeenLastCalledWith(base + 'status', {
			params: { offset: 25, limit: 25, sort: 'failed', direction: 'desc', filter: 'ali' },
			headers,
		})
		await api.getStatus({ offset: 0, limit: 10, sort: 'displayName', direction: 'asc', filter: '', targetId: 3 })
		expect(http.get.mock.calls.at(-1)[1].params.targetId).toBe(3)
	})

	it('lists and retries failures', async () => {
		http.get.mockResolvedValue(ocs({ failures: [], hasMore: false }))
		http.post.mockResolvedValue(ocs({ retried: 4 }))
		await api.listFailures(20)
		expect(http.get).toHaveBeenLastCalledWith(base + 'failures', { params: { limit: 20, offset: 0 }, headers })
		await api.retryFailure(12)
		expect(http.post).toHaveBeenLastCalledWith(base + 'failures/12/retry', undefined, { headers })
		await expect(api.retryAllFailures()).resolves.toEqual({ retried: 4 })
		expect(http.post).toHaveBeenLastCalledWith(base + 'failures/retry', undefined, { headers })
	})

	it('reads the health check and changes its settings', async () => {
		const health = { conditions: [], settings: { offlineGraceMinutes: 30 } }
		http.get.mockResolvedValue(ocs(health))
		http.put.mockResolvedValue(ocs(health))
		await expect(api.getHealth()).resolves.toEqual(health)
		expect(http.get).toHaveBeenLastCalledWith(base + 'health', { headers })
		await expect(api.updateHealthSettings({ offlineGraceMinutes: 0 })).resolves.toEqual(health)
		expect(http.put).toHaveBeenLastCalledWith(base + 'health/settings', { offlineGraceMinutes: 0 }, { headers })
	})

	it('lists groups through the provisioning API, by id and display name', async () => {
		http.get.mockResolvedValue(ocs({ groups: [{ id: 'admin', displayname: 'Admins', usercount: 2 }, { id: 'family', displayname: '' }] }))
		await expect(api.listGroups('fam')).resolves.toEqual([{ id: 'admin', displayName: 'Admins' }, { id: 'family', displayName: 'family' }])
		expect(http.get).toHaveBeenLastCalledWith('http://localhost/ocs/v2.php/cloud/groups/details', { params: { search: 'fam', limit: 25 }, headers })
	})

	it('passes refusals on', async () => {
		http.post.mockRejectedValue(httpError(400, { message: 'The folder /nope does not exist.', field: 'path' }))
		await expect(api.createTarget('/nope', '')).rejects.toMatchObject({ isAxiosError: true })
	})
})

describe('describeError', () => {
	it('gives the server\'s message and the field it refused', () => {
		expect(api.describeError(httpError(400, { message: 'The name must not be empty.', field: 'name' })))
			.toEqual({ message: 'The name must not be empty.', field: 'name', status: 400 })
	})

	it('falls back to the OCS meta message (403 from Nextcloud itself)', () => {
		expect(api.describeError(httpError(403, []))).toEqual({ message: 'Logged in account must be an admin', status: 403 })
	})

	it('says that nothing changed when the password dialog was closed', () => {
		expect(api.describeError(new Error('Dialog closed'))).toEqual({ message: 'Nothing was changed: the password was not confirmed.' })
	})

	it('falls back to the transport error', () => {
		expect(api.describeError(new Error('Network Error'))).toEqual({ message: 'Network Error' })
		expect(api.describeError('odd')).toEqual({ message: 'odd' })
	})

	it('previews and starts restores, follows one, and lists a user\'s trash days', async () => {
		const options = { userId: 'alice', targetId: 1, path: 'Photos', version: 'latest', into: '', mode: 'new' as const }
		http.post.mockResolvedValue(ocs({ id: 5 }))
		http.get.mockResolvedValue(ocs([]))
		await api.previewRestore(options)
		expect(http.post).toHaveBeenLastCalledWith(base + 'restores', { ...options, dryRun: true }, { headers })
		await expect(api.startRestore(options)).resolves.toEqual({ id: 5 })
		expect(http.post).toHaveBeenLastCalledWith(base + 'restores', { ...options, dryRun: false }, { headers })
		// an overwriting restore: previewed at the same URL, started at its own, with the password confirmed
		await api.previewRestore({ ...options, mode: 'overwrite' })
		expect(http.post).toHaveBeenLastCalledWith(base + 'restores', { ...options, mode: 'overwrite', dryRun: true }, { headers })
		await expect(api.startRestore({ ...options, mode: 'overwrite' })).resolves.toEqual({ id: 5 })
		const { mode: _mode, ...withoutMode } = options
		expect(http.post).toHaveBeenLastCalledWith(base + 'restores/overwrite', withoutMode, confirmed)
		await api.getRestore(5)
		expect(http.get).toHaveBeenLastCalledWith(base + 'restores/5', { headers })
		await api.listTrashDays('alice', 1)
		expect(http.get).toHaveBeenLastCalledWith(base + 'restores/trash-days', { params: { userId: 'alice', targetId: 1 }, headers })
	})
})

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import type { ExternalStorage } from '../../types/admin'

import { flushPromises, mount } from '@vue/test-utils'
import ExternalStorages from './ExternalStorages.vue'
import { httpError } from './testFixtures'
import { getExternalStorages, setExternalStorageMode } from '../../services/adminApi'

jest.mock('../../services/adminApi', () => ({
	...jest.requireActual('../../services/adminApi'),
	getExternalStorages: jest.fn(),
	setExternalStorageMode: jest.fn(),
}))

const GB = 1024 ** 3

function storage(overrides: Partial<ExternalStorage> = {}): ExternalStorage {
	return { id: 3, mountPoint: 'Disk', backend: 'local', mode: 'off', owner: 'Disk (external storage)', mountedFor: 1, files: 12, bytes: 2 * GB, ...overrides }
}

async function card() {
	const wrapper = mount(ExternalStorages, { attachTo: document.body })
	await flushPromises()
	return wrapper
}

describe('ExternalStorages', () => {
	afterEach(() => {
		document.body.innerHTML = ''
		jest.clearAllMocks()
	})

	it('lists each storage with its size and mode, and says that the reconcile finds what changed behind Nextcloud\'s back', async () => {
		(getExternalStorages as jest.Mock).mockResolvedValue([storage(), storage({ id: 4, mountPoint: 'Films', backend: 'smb', mode: 'shared', mountedFor: 3, files: 1, bytes: 10 })])
		const wrapper = await card()
		const rows = wrapper.findAll('tbody tr')
		expect(rows).toHaveLength(2)
		expect(rows[0].text()).toContain('/Disk')
		expect(rows[0].text()).toContain('12 files, 2 GB')
		expect((rows[0].find('select').element as HTMLSelectElement).value).toBe('off')
		expect((rows[1].find('select').element as HTMLSelectElement).value).toBe('shared')
		// in each user's folder, for any number of users: it says how many copies that makes
		expect(rows[0].find('option[value="users"]').attributes('disabled')).toBeUndefined()
		expect(rows[0].find('option[value="users"]').text()).toBe('In the folder of each user it is mounted for, at "Disk": 1 copy')
		expect(rows[1].find('option[value="users"]').attributes('disabled')).toBeUndefined()
		expect(rows[1].find('option[value="users"]').text()).toBe('In the folder of each user it is mounted for, at "Films": 3 copies')
		expect(wrapper.text()).toContain('fire no event')
		wrapper.unmount()
	})

	it('shows nothing when there is no external storage', async () => {
		(getExternalStorages as jest.Mock).mockResolvedValue([])
		const wrapper = await card()
		expect(wrapper.find('table').exists()).toBe(false)
		wrapper.unmount()
	})

	it('saves a mode and tells the page to count again', async () => {
		(getExternalStorages as jest.Mock).mockResolvedValue([storage()]);
		(setExternalStorageMode as jest.Mock).mockResolvedValue(storage({ mode: 'shared' }))
		const wrapper = await card()
		await wrapper.find('select').setValue('shared')
		await flushPromises()
		expect(setExternalStorageMode).toHaveBeenCalledWith(3, 'shared')
		expect(wrapper.emitted('saved')).toHaveLength(1)
		expect((wrapper.find('select').element as HTMLSelectElement).value).toBe('shared')
		wrapper.unmount()
	})

	it('shows the server\'s refusal and what is saved', async () => {
		(getExternalStorages as jest.Mock).mockResolvedValue([storage()]);
		(setExternalStorageMode as jest.Mock).mockRejectedValue(httpError(400, { message: 'The mount point of external storage 3 is too long.', field: 'mode' }))
		const wrapper = await card()
		await wrapper.find('select').setValue('shared')
		await flushPromises()
		expect(wrapper.text()).toContain('The mount point of external storage 3 is too long.')
		expect(wrapper.emitted('saved')).toBeUndefined()
		expect(getExternalStorages).toHaveBeenCalledTimes(2)
		expect((wrapper.find('select').element as HTMLSelectElement).value).toBe('off')
		wrapper.unmount()
	})

	it('saves users for a storage mounted for one user or several', async () => {
		(getExternalStorages as jest.Mock).mockResolvedValue([storage({ mode: 'shared' })]);
		(setExternalStorageMode as jest.Mock).mockResolvedValue(storage({ mode: 'users' }))
		const wrapper = await card()
		await wrapper.find('select').setValue('users')
		await flushPromises()
		expect(setExternalStorageMode).toHaveBeenCalledWith(3, 'users')
		expect((wrapper.find('select').element as HTMLSelectElement).value).toBe('users')
		expect(wrapper.text()).toContain('each copy of the old layout moves to the mirror trash as its file is copied in the new one')
		wrapper.unmount()
	})

	it('saves users for a storage mounted for a group, and shows the copies it makes', async () => {
		(getExternalStorages as jest.Mock).mockResolvedValue([storage({ mountedFor: 4 })]);
		(setExternalStorageMode as jest.Mock).mockResolvedValue(storage({ mode: 'users', mountedFor: 4 }))
		const wrapper = await card()
		await wrapper.find('select').setValue('users')
		await flushPromises()
		expect(setExternalStorageMode).toHaveBeenCalledWith(3, 'users')
		expect((wrapper.find('select').element as HTMLSelectElement).value).toBe('users')
		expect(wrapper.find('option[value="users"]').text()).toBe('In the folder of each user it is mounted for, at "Disk": 4 copies')
		expect(wrapper.emitted('saved')).toHaveLength(1)
		wrapper.unmount()
	})
})

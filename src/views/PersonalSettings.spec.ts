/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import type { MirrorPersonalStatus } from '../types/status'

import { loadState } from '@nextcloud/initial-state'
import { flushPromises, mount } from '@vue/test-utils'
import NcDateTime from '@nextcloud/vue/components/NcDateTime'
import { getPersonalStatus } from '../services/filesApi'
import PersonalSettings from './PersonalSettings.vue'

jest.mock('@nextcloud/initial-state', () => ({ loadState: jest.fn() }))
jest.mock('../services/filesApi', () => ({ getPersonalStatus: jest.fn() }))
const mockedLoadState = loadState as jest.MockedFunction<typeof loadState>
const mockedGet = getPersonalStatus as jest.MockedFunction<typeof getPersonalStatus>

const NOW = 1_800_000_000

const status: MirrorPersonalStatus = {
	targets: [
		{ id: 1, name: 'USB drive', files: 120, replicated: 100, pending: 15, failed: 5, bytes: 3 * 1024 ** 3, lastReplicatedAt: NOW - 300, oldestPending: { fileId: 9, path: 'Photos/IMG_0001.jpg', since: NOW - 2 * 86400 } },
		{ id: 2, name: 'NFS share', files: 120, replicated: 120, pending: 0, failed: 0, bytes: 3 * 1024 ** 3, lastReplicatedAt: NOW - 60, oldestPending: null },
	],
}

beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(NOW * 1000))
afterEach(() => jest.restoreAllMocks())

describe('PersonalSettings', () => {
	it('paints the user\'s totals per target from the initial state, by name', () => {
		mockedLoadState.mockReturnValue(status)
		const wrapper = mount(PersonalSettings)

		expect(mockedLoadState).toHaveBeenCalledWith('mirror', 'personal-status', { targets: [] })
		expect(wrapper.find('h2').text()).toBe('Mirror')
		const rows = wrapper.findAll('tbody tr')
		expect(rows).toHaveLength(2)
		const cells = rows[0].findAll('th, td').map((cell) => cell.text())
		expect(cells.slice(0, 6)).toEqual(['USB drive', '120', '100', '15', '5', '5 minutes ago'])
		expect(rows[0].findAll('td')[1].attributes('title')).toBe('3 GB')
		expect(cells[6]).toContain('Photos/IMG_0001.jpg')
		expect(cells[6]).toContain('since 2 days ago')
		const [lastCopy, waiting] = rows[0].findAll('td').slice(4)
		expect(lastCopy.findComponent(NcDateTime).props('timestamp')).toBe((NOW - 300) * 1000)
		expect(waiting.findComponent(NcDateTime).props('timestamp')).toBe((NOW - 2 * 86400) * 1000)
		expect(rows[1].text()).toContain('nothing waiting')
		expect(wrapper.findAll('thead th').map((th) => th.attributes('scope'))).toEqual(Array(7).fill('col'))
	})

	it('says never for a drive that has not copied any of the user\'s files yet', () => {
		mockedLoadState.mockReturnValue({ targets: [{ ...status.targets[0], replicated: 0, lastReplicatedAt: null }] })
		const wrapper = mount(PersonalSettings)
		expect(wrapper.findAll('tbody td')[4].text()).toBe('never')
	})

	it('says so when there is no mirror drive', () => {
		mockedLoadState.mockReturnValue({ targets: [] })
		const wrapper = mount(PersonalSettings)
		expect(wrapper.find('table').exists()).toBe(false)
		expect(wrapper.text()).toContain('has not set up a mirror drive yet')
	})

	it('refreshes on request', async () => {
		mockedLoadState.mockReturnValue(status)
		mockedGet.mockResolvedValue({ targets: [{ ...status.targets[1], name: 'USB drive', pending: 0, failed: 0 }] })
		const wrapper = mount(PersonalSettings)
		await wrapper.find('button').trigger('click')
		await flushPromises()
		expect(mockedGet).toHaveBeenCalled()
		expect(wrapper.findAll('tbody tr')).toHaveLength(1)
	})
})

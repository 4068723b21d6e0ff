/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import type { StatusPage, StatusQuery } from '../../types/admin'

import { flushPromises, mount } from '@vue/test-utils'
import NcDateTime from '@nextcloud/vue/components/NcDateTime'
import RestoreDialog from './RestoreDialog.vue'
import UserStatusTable from './UserStatusTable.vue'
import { NOW, NOW_MS, row, statusPage, target } from './testFixtures'

const query: StatusQuery = { offset: 0, limit: 25, sort: 'displayName', direction: 'asc', filter: '' }

function mountTable(page: StatusPage, q: StatusQuery = query, targets = [target()]) {
	return mount(UserStatusTable, { props: { page, query: q, targets } })
}

function sortButton(wrapper: ReturnType<typeof mountTable>, label: string) {
	return wrapper.findAll('th button').find((b) => b.text().startsWith(label))!
}

jest.mock('../../services/adminApi', () => ({
	...jest.requireActual('../../services/adminApi'),
	listTrashDays: jest.fn().mockResolvedValue([]),
}))

describe('UserStatusTable', () => {
	beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(NOW_MS))
	afterEach(() => jest.restoreAllMocks())

	it('shows one row per user and target, with counts and a progress bar', () => {
		const wrapper = mountTable(statusPage([
			row(),
			row({ userId: 'bob', displayName: 'bob', files: 0, replicated: 0, pending: 0, failed: 2, bytes: 0, lastReplicatedAt: null }),
		]))
		const rows = wrapper.findAll('tbody tr')
		expect(rows).toHaveLength(2)
		expect(rows[0].find('th').text()).toContain('Alice')
		expect(rows[0].find('th').text()).toContain('alice')
		expect(rows[0].find('.user-status__files').text()).toBe('10')
		expect(rows[0].find('.user-status__replicated').text()).toBe('5')
		expect(rows[0].find('.user-status__pending').text()).toBe('5')
		expect(rows[0].find('.user-status__bytes').text()).toBe('5 MB')
		expect(rows[0].find('.user-status__last-copy').text()).toBe('1 minute ago')
		expect(rows[0].findComponent(NcDateTime).props('timestamp')).toBe((NOW - 60) * 1000)
		expect(rows[0].find('progress').attributes('value')).toBe('50')
		expect(rows[0].find('progress').attributes('aria-label')).toBe('Alice: 5 of 10 files replicated')
		expect(rows[1].find('.user-status__failures').classes()).toContain('user-status__failed')
		expect(rows[1].find('.user-status__last-copy').text()).toBe('never')
		expect(rows[1].findComponent(NcDateTime).exists()).toBe(false)
		expect(wrapper.find('.user-status__range').text()).toBe('1–2 of 2')
	})

	it('shows the folder on the drive only where it differs from the user id', () => {
		const wrapper = mountTable(statusPage([
			row(),
			row({ userId: '.hidden', displayName: 'Hidden', folder: '%2Ehidden' }),
		]))
		const rows = wrapper.findAll('tbody tr')
		expect(rows[0].find('.user-status__folder').exists()).toBe(false)
		expect(rows[1].find('.user-status__folder').text()).toBe('Folder on the drive: %2Ehidden')
	})

	it('names the target only when there are several', () => {
		const one = mountTable(statusPage([row()]))
		expect(one.findAll('thead th').map((th) => th.text())).not.toContain('Target')
		const two = mountTable(statusPage([row()]), query, [target(), target({ id: 2, name: 'NFS' })])
		expect(two.findAll('thead th').map((th) => th.text())).toContain('Target')
		expect(two.find('tbody tr').text()).toContain('USB drive')
	})

	it('sorts by a column, the other way on a second click, and says so to screen readers', async () => {
		const wrapper = mountTable(statusPage([row()]))
		expect(wrapper.find('th[aria-sort="ascending"]').text()).toContain('User')

		await sortButton(wrapper, 'Failed').trigger('click')
		expect(wrapper.emitted('update:query')?.[0]?.[0]).toEqual({ ...query, sort: 'failed', direction: 'asc' })

		await wrapper.setProps({ query: { ...query, sort: 'failed', direction: 'asc', offset: 50 } })
		expect(wrapper.find('th[aria-sort="ascending"]').text()).toContain('Failed')
		await sortButton(wrapper, 'Failed').trigger('click')
		expect(wrapper.emitted('update:query')?.[1]?.[0]).toEqual({ ...query, sort: 'failed', direction: 'desc', offset: 0 })
	})

	it('filters by name once typing pauses', async () => {
		jest.useFakeTimers()
		const wrapper = mountTable(statusPage([row()]))
		const input = wrapper.find('input[type="search"]')
		await input.setValue('al')
		await input.setValue('ali ')
		expect(wrapper.emitted('update:query')).toBeUndefined()
		jest.advanceTimersByTime(300)
		expect(wrapper.emitted('update:query')).toEqual([[{ ...query, filter: 'ali', offset: 0 }]])
		jest.useRealTimers()
	})

	it('pages through the users', async () => {
		const page = statusPage([row()], { total: 60, offset: 25, limit: 25 })
		const wrapper = mountTable(page, { ...query, offset: 25 })
		expect(wrapper.find('.user-status__range').text()).toBe('26–26 of 60')
		const [previous, next] = wrapper.findAll('nav button')
		await next.trigger('click')
		await previous.trigger('click')
		expect(wrapper.emitted('update:query')?.map(([q]) => (q as StatusQuery).offset)).toEqual([50, 0])
	})

	it('says when no user matches the filter', () => {
		const wrapper = mountTable(statusPage([], { filter: 'zed' }), { ...query, filter: 'zed' })
		expect(wrapper.find('tbody').text()).toBe('No user matches "zed".')
		const [previous, next] = wrapper.findAll('nav button')
		expect(previous.attributes('disabled')).toBeDefined()
		expect(next.attributes('disabled')).toBeDefined()
	})

	it('opens "Restore from mirror…" for the user and target of the row', async () => {
		const wrapper = mount(UserStatusTable, {
			props: { page: statusPage([row(), row({ userId: 'bob', displayName: 'Bob', targetId: 2 })]), query, targets: [target(), target({ id: 2, name: 'NAS' })] },
			attachTo: document.body,
		})
		expect(wrapper.findComponent(RestoreDialog).exists()).toBe(false)
		const buttons = wrapper.findAll('.user-status__restore')
		expect(buttons).toHaveLength(2)
		expect(buttons[1].attributes('aria-label')).toBe('Restore from mirror… (Bob)')
		await buttons[1].trigger('click')
		await flushPromises()
		const dialog = wrapper.findComponent(RestoreDialog)
		expect(dialog.props()).toMatchObject({ userId: 'bob', displayName: 'Bob', targetId: 2 })
		dialog.vm.$emit('close')
		await flushPromises()
		expect(wrapper.findComponent(RestoreDialog).exists()).toBe(false)
		wrapper.unmount()
		document.body.innerHTML = ''
	})
})

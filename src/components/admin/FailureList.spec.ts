/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import { flushPromises, mount } from '@vue/test-utils'
import NcDateTime from '@nextcloud/vue/components/NcDateTime'
import { showError } from '../../utils/notice'
import FailureList from './FailureList.vue'
import { failure, httpError, NOW, NOW_MS } from './testFixtures'
import { retryAllFailures, retryFailure } from '../../services/adminApi'

jest.mock('../../services/adminApi', () => ({
	...jest.requireActual('../../services/adminApi'),
	retryFailure: jest.fn(),
	retryAllFailures: jest.fn(),
}))
jest.mock('../../utils/notice', () => ({ showError: jest.fn(), showSuccess: jest.fn() }))

describe('FailureList', () => {
	beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(NOW_MS))
	afterEach(() => jest.restoreAllMocks())

	it('says when nothing failed', () => {
		const wrapper = mount(FailureList, { props: { page: { failures: [], hasMore: false } } })
		expect(wrapper.text()).toContain('No failures')
		expect(wrapper.find('button').exists()).toBe(false)
	})

	it('lists each failure with user, path, target, error and attempts', () => {
		const wrapper = mount(FailureList, { props: { page: { failures: [failure(), failure({ id: 43, path: null })], hasMore: true } } })
		const items = wrapper.findAll('li')
		expect(items).toHaveLength(2)
		expect(items[0].text()).toContain('Photos/2026/bad:name.jpg')
		expect(items[0].text()).toContain('Alice → USB drive')
		expect(items[0].text()).toContain('3 attempts')
		expect(items[0].text()).toContain('3 attempts · next try in 10 minutes')
		expect(items[0].findComponent(NcDateTime).props('timestamp')).toBe((NOW + 600) * 1000)
		expect(items[0].text()).toContain('The drive refuses the name "bad:name.jpg".')
		expect(items[1].text()).toContain('(file no longer exists)')
		expect(wrapper.text()).toContain('Only the latest failures are shown.')
	})

	it('retries one failure', async () => {
		(retryFailure as jest.Mock).mockResolvedValue({ retried: 1 })
		const wrapper = mount(FailureList, { props: { page: { failures: [failure()], hasMore: false } } })
		const retry = wrapper.findAll('li button')[0]
		expect(retry.attributes('aria-label')).toBe('Retry Photos/2026/bad:name.jpg now')
		await retry.trigger('click')
		await flushPromises()
		expect(retryFailure).toHaveBeenCalledWith(42)
		expect(wrapper.emitted('retried')).toHaveLength(1)
	})

	it('retries all failures', async () => {
		(retryAllFailures as jest.Mock).mockResolvedValue({ retried: 7 })
		const wrapper = mount(FailureList, { props: { page: { failures: [failure()], hasMore: false } } })
		await wrapper.find('.failures__retry-all').trigger('click')
		await flushPromises()
		expect(retryAllFailures).toHaveBeenCalled()
		expect(wrapper.emitted('retried')).toHaveLength(1)
	})

	it('shows why a retry was refused', async () => {
		(retryFailure as jest.Mock).mockRejectedValue(httpError(404, { message: 'There is no queued item with id 42: it may have been copied meanwhile.' }))
		const wrapper = mount(FailureList, { props: { page: { failures: [failure()], hasMore: false } } })
		await wrapper.findAll('li button')[0].trigger('click')
		await flushPromises()
		expect(showError).toHaveBeenCalledWith('There is no queued item with id 42: it may have been copied meanwhile.')
		expect(wrapper.emitted('retried')).toBeUndefined()
	})
})

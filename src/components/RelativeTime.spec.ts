/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import { mount } from '@vue/test-utils'
import NcDateTime from '@nextcloud/vue/components/NcDateTime'
import { nextTick } from 'vue'
import RelativeTime from './RelativeTime.vue'

const NOW_MS = Date.UTC(2026, 10, 26, 12, 0, 0)
const NOW = NOW_MS / 1000

describe('RelativeTime', () => {
	beforeEach(() => {
		jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask'] })
		jest.setSystemTime(NOW_MS)
	})
	afterEach(() => jest.useRealTimers())

	it('renders NcDateTime for a Unix time in seconds: relative, with the moment as its title', () => {
		const wrapper = mount(RelativeTime, { props: { at: NOW - 300 } })
		const time = wrapper.findComponent(NcDateTime)
		expect(time.props('timestamp')).toBe((NOW - 300) * 1000)
		expect(time.props('relativeTime')).toBe('long')
		expect(wrapper.text()).toBe('5 minutes ago')
		const span = wrapper.find('.nc-datetime')
		expect(span.attributes('title')).toBe(new Intl.DateTimeFormat('en', { dateStyle: 'short', timeStyle: 'medium' }).format((NOW - 300) * 1000))
	})

	it('writes a time ahead as ahead, down to the seconds ("next try in 30 seconds")', () => {
		expect(mount(RelativeTime, { props: { at: NOW + 2 * 3600 } }).text()).toBe('in 2 hours')
		expect(mount(RelativeTime, { props: { at: NOW + 30 } }).text()).toBe('in 30 seconds')
		expect(mount(RelativeTime, { props: { at: NOW - 20 } }).text()).toBe('20 seconds ago')
	})

	it('says never for a time that never happened', () => {
		const wrapper = mount(RelativeTime, { props: { at: null } })
		expect(wrapper.text()).toBe('never')
		expect(wrapper.findComponent(NcDateTime).exists()).toBe(false)
	})

	it('puts the time into a translated sentence where {time} stands', () => {
		const wrapper = mount(RelativeTime, { props: { at: NOW - 3 * 86400, text: 'Copied {time}, verified.' } })
		expect(wrapper.text()).toBe('Copied 3 days ago, verified.')
		expect(wrapper.find('.mirror-time').element.firstChild?.textContent).toBe('Copied ')
	})

	it('keeps up with the clock', async () => {
		const wrapper = mount(RelativeTime, { props: { at: NOW - 120 } })
		expect(wrapper.text()).toBe('2 minutes ago')
		jest.advanceTimersByTime(60_000)
		await nextTick()
		expect(wrapper.text()).toBe('3 minutes ago')
	})

	it('follows a new time and leaves no timer behind', async () => {
		const wrapper = mount(RelativeTime, { props: { at: NOW - 600 } })
		for (let minutes = 9; minutes > 0; minutes--) {
			await wrapper.setProps({ at: NOW - minutes * 60 })
		}
		expect(wrapper.text()).toBe('1 minute ago')
		expect(jest.getTimerCount()).toBe(1)
		wrapper.unmount()
		expect(jest.getTimerCount()).toBe(0)
	})
})

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import { mount } from '@vue/test-utils'
import ScrubInfo from './ScrubInfo.vue'
import { target } from './testFixtures'

describe('ScrubInfo', () => {
	it('says when every copy was last checked, how much was read and what was found', () => {
		const wrapper = mount(ScrubInfo, { props: { scrub: { ...target().scrub, checkedBad: 3 } } })
		expect(wrapper.text()).toContain('Every copy last checked')
		expect(wrapper.text()).toMatch(/5(\.\d)? GB read back/)
		expect(wrapper.find('.scrub-info__bad').text()).toBe('3 damaged copies found')
	})

	it('says when no pass has finished yet, and how far the one under way got', () => {
		const wrapper = mount(ScrubInfo, { props: { scrub: { running: true, startedAt: 1, bytes: 2048, bad: 1, checkedAt: null, checkedBytes: null, checkedBad: null } } })
		expect(wrapper.text()).toContain('Not every copy has been checked yet.')
		expect(wrapper.find('.scrub-info__running').text()).toContain('1 damaged copy found so far.')
	})
})

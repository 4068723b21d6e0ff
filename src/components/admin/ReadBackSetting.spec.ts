/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import { mount } from '@vue/test-utils'
import ReadBackSetting from './ReadBackSetting.vue'
import { offlineTarget, target } from './testFixtures'

describe('ReadBackSetting', () => {
	it('shows the setting and why copies are read back on a FUSE drive', () => {
		const online = target()
		const wrapper = mount(ReadBackSetting, { props: { target: target({ readBack: 'auto', state: { ...online.state, readBack: 'fuse' } }), disabled: false } })
		expect((wrapper.find('select').element as HTMLSelectElement).value).toBe('auto')
		expect(wrapper.find('.read-back__now').text()).toContain('it is a FUSE drive')
	})

	it('says when copies are not read back, and nothing about the drive while it is offline', () => {
		expect(mount(ReadBackSetting, { props: { target: target(), disabled: false } }).find('.read-back__now').text()).toContain('Copies are not read back')
		expect(mount(ReadBackSetting, { props: { target: offlineTarget(), disabled: false } }).find('.read-back__now').text()).not.toContain('Copies are')
	})

	it('hands a new setting to the card', async () => {
		const wrapper = mount(ReadBackSetting, { props: { target: target(), disabled: false } })
		await wrapper.find('select').setValue('always')
		expect(wrapper.emitted('change')).toEqual([['always']])
	})
})

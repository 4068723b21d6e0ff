/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import { mount } from '@vue/test-utils'
import NcSettingsSection from '@nextcloud/vue/components/NcSettingsSection'
import AdminSettings from './AdminSettings.vue'

describe('AdminSettings', () => {
	it('renders a settings section named Mirror', () => {
		const wrapper = mount(AdminSettings)

		const section = wrapper.findComponent(NcSettingsSection)
		expect(section.exists()).toBe(true)
		expect(section.props('name')).toBe('Mirror')
		expect(wrapper.find('h2').text()).toBe('Mirror')
		expect(wrapper.text()).toContain('Copies every file to the mirror drives.')
	})
})

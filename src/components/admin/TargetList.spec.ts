/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import { flushPromises, mount } from '@vue/test-utils'
import TargetCard from './TargetCard.vue'
import TargetList from './TargetList.vue'
import { target } from './testFixtures'

jest.mock('../../utils/notice', () => ({ showError: jest.fn(), showSuccess: jest.fn() }))

describe('TargetList', () => {
	it('shows the empty state with the add form', () => {
		const wrapper = mount(TargetList, { props: { targets: [] } })
		expect(wrapper.text()).toContain('No target yet: add the mount point of your backup drive')
		expect(wrapper.find('form.add-target').exists()).toBe(true)
		expect(wrapper.find('ul').exists()).toBe(false)
	})

	it('lists the targets as a labelled list', () => {
		const wrapper = mount(TargetList, { props: { targets: [target(), target({ id: 2, name: 'NFS' })] } })
		expect(wrapper.find('ul').attributes('aria-label')).toBe('Mirror targets')
		expect(wrapper.findAll('li h3').map((h) => h.text())).toEqual(['USB drive', 'NFS'])
	})

	it('passes a removal on and gives the focus to the list', async () => {
		const wrapper = mount(TargetList, { props: { targets: [target(), target({ id: 2, name: 'NFS' })] }, attachTo: document.body })
		wrapper.findAllComponents(TargetCard)[0].vm.$emit('removed', 1)
		await wrapper.setProps({ targets: [target({ id: 2, name: 'NFS' })] })
		await flushPromises()
		expect(wrapper.emitted('removed')).toEqual([[1]])
		expect(document.activeElement).toBe(wrapper.find('ul').element)
		wrapper.unmount()
	})
})

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import { flushPromises, mount } from '@vue/test-utils'
import AddTargetForm from './AddTargetForm.vue'
import { httpError, target } from './testFixtures'
import { createTarget } from '../../services/adminApi'

jest.mock('../../services/adminApi', () => ({
	...jest.requireActual('../../services/adminApi'),
	createTarget: jest.fn(),
}))
jest.mock('../../utils/notice', () => ({ showError: jest.fn(), showSuccess: jest.fn() }))

const create = createTarget as jest.Mock

function fill(wrapper: ReturnType<typeof mount>, path: string, name = '') {
	const inputs = wrapper.findAll('input')
	return Promise.all([inputs[0].setValue(path), inputs[1].setValue(name)])
}

describe('AddTargetForm', () => {
	it('labels both fields', () => {
		const wrapper = mount(AddTargetForm)
		const labels = wrapper.findAll('label').map((label) => label.text())
		expect(labels).toContain('Folder on the server (mount point of the drive)')
		expect(labels).toContain('Name (optional)')
	})

	it('adds the target and empties the form', async () => {
		create.mockResolvedValue(target({ id: 9, name: 'Backup' }))
		const wrapper = mount(AddTargetForm)
		await fill(wrapper, ' /mnt/backup ', 'Backup')
		await wrapper.find('form').trigger('submit')
		await flushPromises()

		expect(create).toHaveBeenCalledWith('/mnt/backup', 'Backup', false)
		expect(wrapper.emitted('added')?.[0]?.[0]).toMatchObject({ id: 9 })
		expect((wrapper.findAll('input')[0].element as HTMLInputElement).value).toBe('')
	})

	it('adds an offline drive when its box is ticked, and unticks it afterwards', async () => {
		create.mockResolvedValue(target({ id: 10, name: 'Away', offlineDrive: true }))
		const wrapper = mount(AddTargetForm)
		await fill(wrapper, '/mnt/rotation', 'Away')
		const box = wrapper.find('input[type="checkbox"]')
		expect(wrapper.text()).toContain('Offline drive: plugged in now and then')
		await box.setValue(true)
		await wrapper.find('form').trigger('submit')
		await flushPromises()

		expect(create).toHaveBeenCalledWith('/mnt/rotation', 'Away', true)
		expect((wrapper.find('input[type="checkbox"]').element as HTMLInputElement).checked).toBe(false)
	})

	it('shows the server\'s refusal of the path beside the path field', async () => {
		create.mockRejectedValue(httpError(400, { message: 'The folder /mnt/nope does not exist.', field: 'path' }))
		const wrapper = mount(AddTargetForm, { attachTo: document.body })
		await fill(wrapper, '/mnt/nope')
		await wrapper.find('form').trigger('submit')
		await flushPromises()

		const pathField = wrapper.find('.add-target__path')
		expect(pathField.text()).toContain('The folder /mnt/nope does not exist.')
		const input = pathField.find('input')
		expect(input.attributes('aria-invalid')).toBe('true')
		// the message is the field's description for screen readers
		const description = document.getElementById(String(input.attributes('aria-describedby')))
		expect(description?.textContent).toContain('The folder /mnt/nope does not exist.')
		expect(wrapper.find('.add-target__name').text()).not.toContain('does not exist')
		expect(document.activeElement).toBe(pathField.find('input').element)
		expect(wrapper.emitted('added')).toBeUndefined()
		wrapper.unmount()
	})

	it('shows a refused name beside the name field', async () => {
		create.mockRejectedValue(httpError(400, { message: 'The name must be at most 200 characters long.', field: 'name' }))
		const wrapper = mount(AddTargetForm)
		await fill(wrapper, '/mnt/usb', 'x'.repeat(201))
		await wrapper.find('form').trigger('submit')
		await flushPromises()

		expect(wrapper.find('.add-target__name').text()).toContain('The name must be at most 200 characters long.')
		expect(wrapper.find('.add-target__path').text()).not.toContain('200 characters')
	})

	it('clears a field\'s error as soon as it is edited', async () => {
		create.mockRejectedValue(httpError(400, { message: 'Nextcloud cannot write to /mnt/ro.', field: 'path' }))
		const wrapper = mount(AddTargetForm)
		await fill(wrapper, '/mnt/ro')
		await wrapper.find('form').trigger('submit')
		await flushPromises()
		expect(wrapper.text()).toContain('cannot write')

		await wrapper.findAll('input')[0].setValue('/mnt/rw')
		expect(wrapper.text()).not.toContain('cannot write')
	})

	it('asks for a path before asking the server', async () => {
		const wrapper = mount(AddTargetForm)
		await wrapper.find('form').trigger('submit')
		await flushPromises()
		expect(create).not.toHaveBeenCalled()
		expect(wrapper.find('.add-target__path').text()).toContain('Enter the folder where the backup drive is mounted')
	})

	it('shows other failures above the button', async () => {
		create.mockRejectedValue(new Error('Network Error'))
		const wrapper = mount(AddTargetForm)
		await fill(wrapper, '/mnt/usb')
		await wrapper.find('form').trigger('submit')
		await flushPromises()
		expect(wrapper.text()).toContain('Network Error')
	})
})

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import { flushPromises, mount } from '@vue/test-utils'
import { showSuccess } from '../../utils/notice'
import TrashSettingsForm from './TrashSettingsForm.vue'
import { httpError } from './testFixtures'
import { getTrashSettings, updateTrashSettings } from '../../services/adminApi'

jest.mock('../../services/adminApi', () => ({
	...jest.requireActual('../../services/adminApi'),
	getTrashSettings: jest.fn(),
	updateTrashSettings: jest.fn(),
}))
jest.mock('../../utils/notice', () => ({ showError: jest.fn(), showSuccess: jest.fn() }))

const load = getTrashSettings as jest.Mock
const update = updateTrashSettings as jest.Mock

async function form() {
	const wrapper = mount(TrashSettingsForm, { attachTo: document.body })
	await flushPromises()
	return wrapper
}

const days = (wrapper: Awaited<ReturnType<typeof form>>) => wrapper.find('.trash-settings__days input')
const save = (wrapper: Awaited<ReturnType<typeof form>>) => wrapper.find('button[type="submit"]')

describe('TrashSettingsForm', () => {
	beforeEach(() => {
		load.mockResolvedValue({ retentionDays: 30 })
	})
	afterEach(() => {
		document.body.innerHTML = ''
	})

	it('shows the saved retention in a number input with the documented range; Save waits for a change', async () => {
		const wrapper = await form()
		expect((days(wrapper).element as HTMLInputElement).value).toBe('30')
		expect(days(wrapper).attributes()).toMatchObject({ type: 'number', min: '1', max: '36500', step: '1' })
		expect(wrapper.find('label').text()).toBe('Keep deleted and overwritten files for (days)')
		expect(save(wrapper).attributes('disabled')).toBeDefined()
		await days(wrapper).setValue('90')
		expect(save(wrapper).attributes('disabled')).toBeUndefined()
		wrapper.unmount()
	})

	it('saves the retention as a number and shows what the server saved', async () => {
		update.mockResolvedValue({ retentionDays: 90 })
		const wrapper = await form()
		await days(wrapper).setValue('90')
		await wrapper.find('form').trigger('submit')
		await flushPromises()
		expect(update).toHaveBeenCalledWith({ retentionDays: 90 })
		expect(showSuccess).toHaveBeenCalled()
		expect((days(wrapper).element as HTMLInputElement).value).toBe('90')
		expect(save(wrapper).attributes('disabled')).toBeDefined()
		wrapper.unmount()
	})

	it('shows the server\'s refusal beside the field, marks it invalid and focuses it', async () => {
		update.mockRejectedValue(httpError(400, { message: 'The retention must be between 1 and 36500 days', field: 'retentionDays' }))
		const wrapper = await form()
		await days(wrapper).setValue('0')
		await wrapper.find('form').trigger('submit')
		await flushPromises()
		expect(wrapper.find('.trash-settings__days').text()).toContain('The retention must be between 1 and 36500 days')
		expect(days(wrapper).attributes('aria-invalid')).toBe('true')
		expect(document.activeElement).toBe(days(wrapper).element)
		expect((days(wrapper).element as HTMLInputElement).value).toBe('0')
		// typing again clears the refusal
		await days(wrapper).setValue('10')
		expect(wrapper.find('.trash-settings__days').text()).not.toContain('The retention must be')
		wrapper.unmount()
	})

	it('says so when the settings cannot be loaded', async () => {
		load.mockRejectedValue(httpError(403, {}, 'Logged in account must be an admin'))
		const wrapper = await form()
		expect(wrapper.find('form').exists()).toBe(false)
		expect(wrapper.text()).toContain('Logged in account must be an admin')
		wrapper.unmount()
	})
})

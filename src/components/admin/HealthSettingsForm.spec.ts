/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import { flushPromises, mount } from '@vue/test-utils'
import NcSelect from '@nextcloud/vue/components/NcSelect'
import HealthSettingsForm from './HealthSettingsForm.vue'
import { condition, health, healthSettings, httpError } from './testFixtures'
import { listGroups, updateHealthSettings } from '../../services/adminApi'

jest.mock('../../services/adminApi', () => ({
	...jest.requireActual('../../services/adminApi'),
	listGroups: jest.fn(),
	updateHealthSettings: jest.fn(),
}))
jest.mock('../../utils/notice', () => ({ showError: jest.fn(), showSuccess: jest.fn() }))

const groups = listGroups as jest.Mock
const update = updateHealthSettings as jest.Mock

const GROUPS = [{ id: 'admin', displayName: 'Admins' }, { id: 'family', displayName: 'Family' }]

/** The props of the group picker (NcSelect declares them untyped). */
function picker(wrapper: ReturnType<typeof mount>): Record<string, unknown> {
	return wrapper.findComponent(NcSelect).props() as Record<string, unknown>
}

/**
 * The picker is loaded when the admin asks to change the group (its button), and takes the button's place, its
 * list open; the groups are listed when it opens (a click on it, or arrow down, or typing).
 */
async function openPicker(wrapper: ReturnType<typeof mount>) {
	const change = wrapper.find('.health-settings__group-change')
	if (change.exists()) {
		await change.trigger('click')
		await flushPromises()
		return
	}
	await wrapper.find('.health-settings__group .vs__selected-options').trigger('mousedown')
}

async function form(settings = healthSettings(), { open = true } = {}) {
	const wrapper = mount(HealthSettingsForm, { props: { settings }, attachTo: document.body })
	if (open) {
		await openPicker(wrapper)
	}
	await flushPromises()
	return wrapper
}

function input(wrapper: Awaited<ReturnType<typeof form>>, name: string) {
	return wrapper.find(`.health-settings__${name} input`)
}

function saveButton(wrapper: Awaited<ReturnType<typeof form>>) {
	return wrapper.find('button[type="submit"]')
}

describe('HealthSettingsForm', () => {
	beforeEach(() => {
		groups.mockResolvedValue(GROUPS)
	})
	afterEach(() => {
		document.body.innerHTML = ''
	})

	it('asks the server nothing until the group picker opens', async () => {
		const wrapper = await form(healthSettings(), { open: false })
		expect(groups).not.toHaveBeenCalled()
		// no picker yet: the group, and the button that loads the picker
		expect(wrapper.findComponent(NcSelect).exists()).toBe(false)
		expect(wrapper.find('.health-settings__group--closed').text()).toContain('Notify the members of this group')
		expect(wrapper.find('.health-settings__group--closed strong').text()).toBe('admin')
		await openPicker(wrapper)
		await flushPromises()
		expect(picker(wrapper).modelValue).toEqual({ id: 'admin', displayName: 'Admins' })
		expect(wrapper.find('.health-settings__group-change').exists()).toBe(false)
		expect(document.activeElement).toBe(wrapper.find('.health-settings__group input').element)
		await openPicker(wrapper) // closes
		await openPicker(wrapper)
		await flushPromises()
		expect(groups).toHaveBeenCalledTimes(1)
		wrapper.unmount()
	})

	it('shows the saved thresholds in number inputs with the documented ranges, and the group by its name', async () => {
		const wrapper = await form(healthSettings({ offlineGraceMinutes: 60 }))
		const grace = input(wrapper, 'offlineGraceMinutes')
		expect((grace.element as HTMLInputElement).value).toBe('60')
		expect(grace.attributes()).toMatchObject({ type: 'number', min: '0', max: '10080', step: '1' })
		expect(input(wrapper, 'reservePercent').attributes()).toMatchObject({ min: '0', max: '50' })
		expect(input(wrapper, 'failingHours').attributes()).toMatchObject({ min: '1', max: '8760' })
		expect(wrapper.findAll('label').map((label) => label.text())).toEqual(expect.arrayContaining([
			'Report a missing drive after (minutes)',
			'Warn when a drive will be full within (days)',
			'Notify the members of this group',
		]))
		expect(groups).toHaveBeenCalledWith('')
		expect(picker(wrapper).modelValue).toEqual({ id: 'admin', displayName: 'Admins' })
		expect(saveButton(wrapper).attributes('disabled')).toBeDefined()
		wrapper.unmount()
	})

	it('sends only the values that changed, and hands the answer on', async () => {
		const answer = health([condition({ type: 'full' })], { reservePercent: 10, notifyGroup: 'family' })
		update.mockResolvedValue(answer)
		const wrapper = await form()
		await input(wrapper, 'reservePercent').setValue('10')
		await input(wrapper, 'failingHours').setValue('36')
		await input(wrapper, 'failingHours').setValue('24') // changed back to what was saved
		wrapper.findComponent(NcSelect).vm.$emit('update:modelValue', GROUPS[1])
		await flushPromises()
		expect(saveButton(wrapper).attributes('disabled')).toBeUndefined()
		await wrapper.find('form').trigger('submit')
		await flushPromises()

		expect(update).toHaveBeenCalledTimes(1)
		expect(update).toHaveBeenCalledWith({ reservePercent: 10, notifyGroup: 'family' })
		expect(wrapper.emitted('saved')?.[0]?.[0]).toBe(answer)
		wrapper.unmount()
	})

	it('keeps what the admin typed while the page refreshes the saved settings, and forgets it once saved', async () => {
		update.mockResolvedValue(health([], { laggingHours: 48 }))
		const wrapper = await form()
		await input(wrapper, 'laggingHours').setValue('48')
		await wrapper.setProps({ settings: healthSettings({ fillingDays: 7 }) }) // a poll brings another change
		expect((input(wrapper, 'laggingHours').element as HTMLInputElement).value).toBe('48')
		expect((input(wrapper, 'fillingDays').element as HTMLInputElement).value).toBe('7')

		await wrapper.find('form').trigger('submit')
		await flushPromises()
		expect(update).toHaveBeenCalledWith({ laggingHours: 48 })
		await wrapper.setProps({ settings: healthSettings({ laggingHours: 48 }) })
		expect(saveButton(wrapper).attributes('disabled')).toBeDefined()
		wrapper.unmount()
	})

	it('shows the server\'s refusal beside the field it names, and saves nothing', async () => {
		update.mockRejectedValue(httpError(400, { message: 'The parameter "reservePercent" must be a whole number from 0 to 50.', field: 'reservePercent' }))
		const wrapper = await form()
		await input(wrapper, 'reservePercent').setValue('99')
		await wrapper.find('form').trigger('submit')
		await flushPromises()

		const field = wrapper.find('.health-settings__reservePercent')
		expect(field.text()).toContain('The parameter "reservePercent" must be a whole number from 0 to 50.')
		const reserve = input(wrapper, 'reservePercent')
		expect(reserve.attributes('aria-invalid')).toBe('true')
		expect(document.getElementById(String(reserve.attributes('aria-describedby')))?.textContent).toContain('from 0 to 50')
		expect(document.activeElement).toBe(reserve.element)
		expect(wrapper.find('.health-settings__reserveGigabytes').text()).not.toContain('from 0 to 50')
		expect(wrapper.emitted('saved')).toBeUndefined()
		expect((reserve.element as HTMLInputElement).value).toBe('99')

		await reserve.setValue('20')
		expect(wrapper.find('.health-settings__reservePercent').text()).not.toContain('from 0 to 50')
		wrapper.unmount()
	})

	it('shows a refused group beside the group picker', async () => {
		update.mockRejectedValue(httpError(400, { message: 'The parameter "notifyGroup" must be an existing group.', field: 'notifyGroup' }))
		const wrapper = await form()
		wrapper.findComponent(NcSelect).vm.$emit('update:modelValue', GROUPS[1])
		await flushPromises()
		await wrapper.find('form').trigger('submit')
		await flushPromises()
		expect(wrapper.find('.health-settings__group').text()).toContain('must be an existing group')
		expect(wrapper.find('.health-settings__numbers').text()).not.toContain('existing group')
		wrapper.unmount()
	})

	it('shows other failures above the button', async () => {
		update.mockRejectedValue(new Error('Network Error'))
		const wrapper = await form()
		await input(wrapper, 'fillingDays').setValue('0')
		await wrapper.find('form').trigger('submit')
		await flushPromises()
		expect(wrapper.find('.notecard--error').text()).toBe('Network Error')
		expect(wrapper.emitted('saved')).toBeUndefined()
		wrapper.unmount()
	})

	it('asks for a whole number before asking the server', async () => {
		const wrapper = await form()
		await input(wrapper, 'failingHours').setValue('1.5')
		await wrapper.find('form').trigger('submit')
		await flushPromises()
		expect(update).not.toHaveBeenCalled()
		expect(wrapper.find('.health-settings__failingHours').text()).toContain('Enter a whole number.')
		expect(document.activeElement).toBe(input(wrapper, 'failingHours').element)
		wrapper.unmount()
	})

	it('searches the server\'s groups as the admin types', async () => {
		jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask'] })
		try {
			const wrapper = await form()
			groups.mockResolvedValue([{ id: 'parents', displayName: 'Parents' }])
			await wrapper.find('.health-settings__group input').setValue('par')
			jest.advanceTimersByTime(300)
			await flushPromises()
			expect(groups).toHaveBeenLastCalledWith('par')
			expect(picker(wrapper).options).toEqual([...GROUPS, { id: 'parents', displayName: 'Parents' }])
			wrapper.unmount()
		} finally {
			jest.useRealTimers()
		}
	})

	it('takes the group\'s id as typed when the groups cannot be listed', async () => {
		groups.mockRejectedValue(httpError(403, {}, 'Logged in account must be an admin'))
		update.mockResolvedValue(health([], { notifyGroup: 'family' }))
		const wrapper = await form()
		expect(wrapper.find('.health-settings__group').text()).toContain('The groups could not be listed (Logged in account must be an admin): type the group\'s id and press Enter.')
		const search = wrapper.find('.health-settings__group input')
		await search.setValue('family')
		await search.trigger('keydown.enter')
		await flushPromises()
		expect(picker(wrapper).modelValue).toEqual({ id: 'family', displayName: 'family' })
		await wrapper.find('form').trigger('submit')
		await flushPromises()
		expect(update).toHaveBeenCalledWith({ notifyGroup: 'family' })
		wrapper.unmount()
	})

})

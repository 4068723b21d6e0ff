/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import { flushPromises, mount } from '@vue/test-utils'
import RecoveryKeySection from './RecoveryKeySection.vue'
import { httpError } from './testFixtures'
import { getRecoveryKey } from '../../services/adminApi'

jest.mock('../../services/adminApi', () => ({
	...jest.requireActual('../../services/adminApi'),
	getRecoveryKey: jest.fn(),
}))

const load = getRecoveryKey as jest.Mock
const KEY = 'ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567-ABCD-EFGH-IJKL-MNOP-QRSQ'

describe('RecoveryKeySection', () => {
	afterEach(() => {
		load.mockReset()
	})

	it('shows the key only when asked (the password is asked for then), with the advice to keep it in a password manager', async () => {
		load.mockResolvedValue({ recoveryKey: KEY })
		const wrapper = mount(RecoveryKeySection)
		expect(wrapper.find('.recovery-key__key').exists()).toBe(false)
		expect(load).not.toHaveBeenCalled()
		await wrapper.find('button').trigger('click')
		await flushPromises()
		expect(load).toHaveBeenCalledTimes(1)
		expect(wrapper.find('.recovery-key__key').text()).toBe(KEY)
		expect(wrapper.text()).toContain('Keep it in a password manager')
		expect(wrapper.find('button').exists()).toBe(false)
	})

	it('says why when the server refuses (no password in the request) and offers the button again', async () => {
		load.mockRejectedValue(httpError(403, {}, 'Password confirmation is required'))
		const wrapper = mount(RecoveryKeySection)
		await wrapper.find('button').trigger('click')
		await flushPromises()
		expect(wrapper.find('.recovery-key__key').exists()).toBe(false)
		expect(wrapper.text()).toContain('Password confirmation is required')
		expect(wrapper.find('button').attributes('disabled')).toBeUndefined()
	})
})

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import type { HeldUser } from '../../types/admin'

import { flushPromises, mount } from '@vue/test-utils'
import { showConfirmation } from '../../utils/notice'
import TripwireBanner from './TripwireBanner.vue'
import { heldUser, httpError, NOW, NOW_MS, tripwire } from './testFixtures'
import { releaseHeldUser } from '../../services/adminApi'

jest.mock('../../services/adminApi', () => ({
	...jest.requireActual('../../services/adminApi'),
	releaseHeldUser: jest.fn(),
}))
jest.mock('../../utils/notice', () => ({ showConfirmation: jest.fn(), showError: jest.fn(), showSuccess: jest.fn() }))

const release = releaseHeldUser as jest.Mock
const confirm = showConfirmation as jest.Mock

function banner(held: HeldUser[]) {
	return mount(TripwireBanner, { props: { held } })
}

function card(wrapper: ReturnType<typeof banner>, userId: string) {
	return wrapper.find(`.tripwire-banner__card[data-user="${userId}"]`)
}

describe('TripwireBanner', () => {
	beforeEach(() => {
		jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask'] })
		jest.setSystemTime(NOW_MS)
	})
	afterEach(() => jest.useRealTimers())

	it('shows nothing when no user is held', () => {
		const wrapper = banner([])
		expect(wrapper.find('.tripwire-banner').exists()).toBe(false)
		expect(wrapper.text()).toBe('')
	})

	it('says in plain words whose changes are held since when, why, how many wait, and what still happens', () => {
		const wrapper = banner([
			heldUser({ userId: 'anna', displayName: 'Anna & Co', trippedAt: NOW - 2 * 3600, reason: 'signature', detail: 'Photos/beach.jpg', heldChanges: 12 }),
			heldUser({ userId: 'bob', displayName: 'Bob', trippedAt: NOW - 60, reason: 'rate', detail: null, heldChanges: 1 }),
		])
		const anna = card(wrapper, 'anna')
		expect(anna.classes()).toContain('notecard--error')
		expect(anna.find('.tripwire-banner__heading').text()).toBe('Mirror holds the changes of Anna & Co since 2 hours ago')
		expect(anna.find('.tripwire-banner__why').text()).toBe('Photos/beach.jpg no longer looks like its type, as when malware encrypts files.')
		expect(anna.find('.tripwire-banner__waiting').text()).toContain('12 changes wait.')
		expect(anna.text()).toContain('the mirror keeps the last good copies of this user\'s files, and new files are still copied')
		expect(anna.find('.tripwire-banner__apply').text()).toBe('Apply the held changes')
		expect(anna.find('.tripwire-banner__discard').text()).toBe('Discard them (keep the mirror as it is)')

		const bob = card(wrapper, 'bob')
		expect(bob.find('.tripwire-banner__why').text()).toBe('An unusual number of files were overwritten, deleted or renamed within an hour.')
		expect(bob.find('.tripwire-banner__waiting').text()).toContain('1 change waits.')
	})

	it('applies the held changes without asking, and hands on the server\'s answer', async () => {
		const answer = tripwire([])
		release.mockResolvedValue(answer)
		const wrapper = banner([heldUser()])
		await card(wrapper, 'anna').find('.tripwire-banner__apply').trigger('click')
		await flushPromises()
		expect(confirm).not.toHaveBeenCalled()
		expect(release).toHaveBeenCalledWith('anna', false)
		expect(wrapper.emitted('changed')).toEqual([[answer]])
	})

	it('discards only once the admin confirms', async () => {
		const answer = tripwire([])
		release.mockResolvedValue(answer)
		confirm.mockResolvedValueOnce(false)
		const wrapper = banner([heldUser()])
		await card(wrapper, 'anna').find('.tripwire-banner__discard').trigger('click')
		await flushPromises()
		expect(confirm).toHaveBeenCalledWith(expect.objectContaining({ name: 'Discard the held changes of Anna?' }))
		expect(release).not.toHaveBeenCalled()

		confirm.mockResolvedValueOnce(true)
		await card(wrapper, 'anna').find('.tripwire-banner__discard').trigger('click')
		await flushPromises()
		expect(release).toHaveBeenCalledWith('anna', true)
		expect(wrapper.emitted('changed')).toEqual([[answer]])
	})

	it('shows the server\'s refusal on the user\'s card, and the buttons work again', async () => {
		release.mockRejectedValue(httpError(404, { message: 'The changes of anna are not held' }))
		const wrapper = banner([heldUser(), heldUser({ userId: 'bob', displayName: 'Bob' })])
		await card(wrapper, 'anna').find('.tripwire-banner__apply').trigger('click')
		await flushPromises()
		expect(card(wrapper, 'anna').find('.tripwire-banner__error').text()).toBe('The changes of anna are not held')
		expect(card(wrapper, 'bob').find('.tripwire-banner__error').exists()).toBe(false)
		expect(card(wrapper, 'anna').find('.tripwire-banner__apply').attributes('disabled')).toBeUndefined()
		expect(wrapper.emitted('changed')).toBeUndefined()
	})
})

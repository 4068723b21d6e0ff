/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import type { Target } from '../../types/admin'

import { flushPromises, mount } from '@vue/test-utils'
import NcDateTime from '@nextcloud/vue/components/NcDateTime'
import TargetCard from './TargetCard.vue'
import { httpError, NOW, NOW_MS, offlineTarget, target } from './testFixtures'
import { checkTarget, removeTarget, startResync, updateTarget } from '../../services/adminApi'

jest.mock('../../services/adminApi', () => ({
	...jest.requireActual('../../services/adminApi'),
	checkTarget: jest.fn(),
	removeTarget: jest.fn(),
	startResync: jest.fn(),
	updateTarget: jest.fn(),
}))
jest.mock('../../utils/notice', () => ({ showError: jest.fn(), showSuccess: jest.fn() }))

function mountCard(data: Target = target()) {
	return mount(TargetCard, { props: { target: data }, attachTo: document.body })
}

function button(wrapper: ReturnType<typeof mountCard>, text: string) {
	const found = wrapper.findAll('button').find((b) => b.text() === text)
	if (!found) {
		throw new Error('No button ' + text)
	}
	return found
}

/** The dialog lives in a teleport on <body>. */
function dialog(): HTMLElement | null {
	return document.querySelector('[role="dialog"]')
}

function dialogButton(text: string): HTMLButtonElement {
	const found = [...(dialog()?.querySelectorAll('button') ?? [])].find((b) => b.textContent?.trim() === text)
	if (!found) {
		throw new Error('No dialog button ' + text)
	}
	return found as HTMLButtonElement
}

async function settle() {
	await flushPromises()
	jest.advanceTimersByTime(400) // NcDialog closes after its transition
	await flushPromises()
}

describe('TargetCard', () => {
	beforeEach(() => {
		jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask'] })
		jest.setSystemTime(NOW_MS)
	})
	afterEach(() => {
		jest.useRealTimers()
		document.body.innerHTML = ''
	})

	it('shows an online target: name, path, space, counts and the last copy', () => {
		const wrapper = mountCard()
		expect(wrapper.find('h3').text()).toBe('USB drive')
		expect(wrapper.text()).toContain('/mnt/usb')
		expect(wrapper.find('[role="status"]').text()).toBe('Online')
		// formatFileSize from @nextcloud/files, as the Files app writes sizes (base 1024, 'GB')
		expect(wrapper.find('.space-bar__text').text()).toBe('250 GB used, 750 GB free of 1,000 GB')
		expect(wrapper.find('progress').attributes('value')).toBe('25')
		expect(wrapper.find('.target-card__pending').text()).toBe('3 files')
		expect(wrapper.find('.target-card__failures').text()).toBe('0 files')
		expect(wrapper.find('.target-card__last-copy').text()).toBe('5 minutes ago')
		expect(wrapper.find('.target-card__last-copy').findComponent(NcDateTime).props('timestamp')).toBe((NOW - 300) * 1000)
		expect(wrapper.classes()).toContain('target-card--online')
	})

	it('says never for a target that has not copied anything yet', () => {
		const last = mountCard(target({ lastReplicatedAt: null })).find('.target-card__last-copy')
		expect(last.text()).toBe('never')
		expect(last.findComponent(NcDateTime).exists()).toBe(false)
	})

	it('shows an offline target with its reason and the server\'s explanation', () => {
		const wrapper = mountCard(offlineTarget())
		const state = wrapper.find('[role="status"]').text()
		expect(state).toContain('Offline: drive not mounted (marker file missing)')
		expect(state).toContain('the drive is not mounted')
		expect(wrapper.text()).toContain('Free space unknown while the drive is offline')
		expect(wrapper.classes()).toContain('target-card--offline')
	})

	it('warns about files blocked by symbolic links on the drive, and only then', () => {
		expect(mountCard(target()).find('.target-card__unsafe').exists()).toBe(false)
		const alert = mountCard(target({ unsafeLinks: 2 })).find('.target-card__unsafe')
		expect(alert.attributes('role')).toBe('alert')
		expect(alert.text()).toContain('2 files are blocked by symbolic links on the drive')
	})

	it('says when a drive is full or a target disabled', () => {
		const full = mountCard(target({ state: { online: true, reason: 'full', message: 'The drive is full.', freeBytes: 1024, totalBytes: 2 ** 30, filesystem: null, readBack: null, encrypted: null } }))
		expect(full.find('[role="status"]').text()).toContain('Online, but full')
		expect(full.classes()).toContain('target-card--warning')
		const disabled = mountCard(target({ enabled: false, state: { online: false, reason: 'disabled', message: 'The target is disabled.', freeBytes: null, totalBytes: null, filesystem: null, readBack: null, encrypted: null } }))
		expect(disabled.find('[role="status"]').text()).toContain('Disabled')
		expect(button(disabled, 'Resync').attributes('disabled')).toBeDefined()
	})

	it('shows a resting offline drive as resting, with the age of its last complete copy, not as offline', () => {
		const resting = offlineTarget({ offlineDrive: true, presentSince: null, lastCompleteAt: NOW - 12 * 86400, offlineDrivePhase: 'resting' })
		const wrapper = mountCard(resting)
		const state = wrapper.find('[role="status"]').text()
		expect(state).toContain('Resting — last complete copy 12 days ago')
		expect(state).not.toContain('Offline')
		expect(wrapper.classes()).toContain('target-card--online')
		expect(mountCard(offlineTarget({ offlineDrive: true, lastCompleteAt: null, offlineDrivePhase: 'resting' })).find('[role="status"]').text()).toContain('Resting — no complete copy yet')
	})

	it('shows an offline drive catching up, then safe to unplug', () => {
		const catchingUp = mountCard(target({ offlineDrive: true, presentSince: NOW - 60, lastCompleteAt: NOW - 40 * 86400, offlineDrivePhase: 'catching-up', pending: 120 }))
		expect(catchingUp.find('[role="status"]').text()).toContain('Catching up: 120 files to copy')
		const comparing = mountCard(target({ offlineDrive: true, presentSince: NOW - 10, offlineDrivePhase: 'catching-up', pending: 0, resync: { targetId: 1, running: true, requestedAt: null, usersTotal: 4, usersRemaining: 3, filesPending: 0 } }))
		expect(comparing.find('[role="status"]').text()).toContain('Catching up: comparing with the drive')
		expect(comparing.text()).toContain('1 of 4 users done')
		const done = mountCard(target({ offlineDrive: true, presentSince: NOW - 600, lastCompleteAt: NOW - 30, offlineDrivePhase: 'up-to-date', pending: 0 }))
		expect(done.find('[role="status"]').text()).toContain('Up to date — safe to unplug')
	})

	it('shows the server its drive is plugged into, and moves it to another one', async () => {
		expect(mountCard().find('.target-card__node').text()).toBe('Any')
		;(updateTarget as jest.Mock).mockResolvedValue(target({ node: 'pi-b' }))
		const wrapper = mountCard(target({ node: 'pi-a', state: { online: false, reason: 'other_node', message: 'The drive is plugged into another server; that server copies to it and checks it.', freeBytes: null, totalBytes: null, filesystem: null, readBack: null, encrypted: null } }))
		expect(wrapper.find('.target-card__node').text()).toBe('pi-a')
		expect(wrapper.text()).toContain('On another server')
		await button(wrapper, 'Move to another server').trigger('click')
		const field = wrapper.find('.rename-target input')
		expect((field.element as HTMLInputElement).value).toBe('pi-a')
		await field.setValue('pi-b')
		await wrapper.find('.rename-target').trigger('submit')
		await flushPromises()
		expect(updateTarget).toHaveBeenCalledWith(1, { node: 'pi-b' })
		expect(wrapper.emitted('updated')?.[0]?.[0]).toMatchObject({ node: 'pi-b' })
		expect(wrapper.find('.rename-target').exists()).toBe(false)
	})

	it('marks and unmarks a target as an offline drive', async () => {
		(updateTarget as jest.Mock).mockResolvedValue(target({ offlineDrive: true }))
		const wrapper = mountCard()
		const boxes = wrapper.findAll('input[type="checkbox"]')
		expect(boxes).toHaveLength(2)
		await boxes[1].setValue(true)
		await flushPromises()
		expect(updateTarget).toHaveBeenCalledWith(1, { offlineDrive: true })
		expect(wrapper.emitted('updated')?.[0]?.[0]).toMatchObject({ offlineDrive: true })
	})

	it('shows the progress of a running resync', () => {
		const wrapper = mountCard(target({ resync: { targetId: 1, running: true, requestedAt: 1, usersTotal: 4, usersRemaining: 3, filesPending: 0 } }))
		expect(wrapper.text()).toContain('1 of 4 users done')
		expect(wrapper.findAll('progress').map((bar) => bar.attributes('value'))).toContain('25')
	})

	it('asks before removing, says the data on the drive stays, and removes only when confirmed', async () => {
		(removeTarget as jest.Mock).mockResolvedValue({ id: 1, name: 'USB drive', path: '/mnt/usb' })
		const wrapper = mountCard()

		await button(wrapper, 'Remove').trigger('click')
		await flushPromises()
		expect(dialog()).not.toBeNull()
		expect(dialog()!.textContent).toContain('Remove USB drive?')
		expect(dialog()!.textContent).toContain('The data on the drive stays: nothing on it is deleted.')
		expect(removeTarget).not.toHaveBeenCalled()

		dialogButton('Remove target').click()
		await settle()
		expect(removeTarget).toHaveBeenCalledWith(1)
		expect(wrapper.emitted('removed')).toEqual([[1]])
	})

	it('removes nothing when the removal is cancelled', async () => {
		const wrapper = mountCard()
		await button(wrapper, 'Remove').trigger('click')
		await flushPromises()

		dialogButton('Cancel').click()
		await settle()
		expect(dialog()).toBeNull()
		expect(removeTarget).not.toHaveBeenCalled()
		expect(wrapper.emitted('removed')).toBeUndefined()
	})

	it('disables and enables the target', async () => {
		(updateTarget as jest.Mock).mockResolvedValue(target({ enabled: false }))
		const wrapper = mountCard()
		await wrapper.find('input[type="checkbox"]').setValue(false)
		await flushPromises()
		expect(updateTarget).toHaveBeenCalledWith(1, { enabled: false })
		expect(wrapper.emitted('updated')?.[0]?.[0]).toMatchObject({ enabled: false })
	})

	it('checks now and passes the fresh state up', async () => {
		(checkTarget as jest.Mock).mockResolvedValue(offlineTarget())
		const wrapper = mountCard()
		await button(wrapper, 'Check now').trigger('click')
		await flushPromises()
		expect(checkTarget).toHaveBeenCalledWith(1)
		expect(wrapper.emitted('updated')?.[0]?.[0]).toMatchObject({ state: { reason: 'marker_missing' } })
	})

	it('starts a resync and shows its progress', async () => {
		(startResync as jest.Mock).mockResolvedValue({ targetId: 1, running: true, requestedAt: 1, usersTotal: 4, usersRemaining: 4, filesPending: 0 })
		const wrapper = mountCard()
		await button(wrapper, 'Resync').trigger('click')
		await flushPromises()
		expect(startResync).toHaveBeenCalledWith(1)
		expect(wrapper.emitted('updated')?.[0]?.[0]).toMatchObject({ resync: { running: true, usersRemaining: 4 } })
	})

	it('renames inline, shows a refused name beside the field, and gives the focus back', async () => {
		(updateTarget as jest.Mock)
			.mockRejectedValueOnce(httpError(400, { message: 'The name must not be empty.', field: 'name' }))
			.mockResolvedValueOnce(target({ name: 'Big drive' }))
		const wrapper = mountCard()
		await button(wrapper, 'Rename').trigger('click')
		await flushPromises()
		const input = wrapper.find('.rename-target input')
		expect(document.activeElement).toBe(input.element)

		await input.setValue('  ')
		await wrapper.find('.rename-target').trigger('submit')
		await flushPromises()
		expect(wrapper.find('.rename-target').text()).toContain('The name must not be empty.')

		await input.setValue('Big drive')
		await wrapper.find('.rename-target').trigger('submit')
		await flushPromises()
		expect(updateTarget).toHaveBeenLastCalledWith(1, { name: 'Big drive' })
		expect(wrapper.find('.rename-target').exists()).toBe(false)
		expect(wrapper.emitted('updated')?.[0]?.[0]).toMatchObject({ name: 'Big drive' })
		expect(document.activeElement?.textContent?.trim()).toBe('Rename')
	})

	it('says whether the drive is encrypted (dm-crypt), with the recipe where it is not, and nothing where it is not known', () => {
		const luks = mountCard(target({ state: { ...target().state, encrypted: true } }))
		expect(luks.find('.drive-encryption').text()).toBe('Encrypted drive (LUKS)')
		expect(luks.find('.drive-encryption a').exists()).toBe(false)

		const plain = mountCard(target({ state: { ...target().state, encrypted: false } }))
		expect(plain.find('.drive-encryption strong').text()).toBe('Not encrypted')
		expect(plain.find('.drive-encryption').text()).toContain('a drive that leaves the house should be encrypted')
		expect(plain.find('.drive-encryption a').attributes('href')).toMatch(/\/mirror\/README\.md$/)

		const unknown = mountCard(target({ state: { ...target().state, encrypted: null } }))
		expect(unknown.find('.drive-encryption').exists()).toBe(false)
		expect(mountCard(offlineTarget()).find('.drive-encryption').exists()).toBe(false)
	})
})

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import { flushPromises, mount } from '@vue/test-utils'
import { showConfirmation } from '../utils/notice'
import { loadState } from '@nextcloud/initial-state'
import AdminSettings from './AdminSettings.vue'
import { condition, failure, health, heldUser, httpError, offlineTarget, row, statusPage, target, tripwire } from '../components/admin/testFixtures'
import { getCoverage, getExclusions, getHealth, getStatus, getTrashSettings, getTripwire, listFailures, listTargets, releaseHeldUser, updateHealthSettings } from '../services/adminApi'

jest.mock('@nextcloud/initial-state', () => ({ loadState: jest.fn() }))
jest.mock('../services/adminApi', () => ({
	...jest.requireActual('../services/adminApi'),
	listTargets: jest.fn(),
	getStatus: jest.fn(),
	listFailures: jest.fn(),
	getHealth: jest.fn(),
	updateHealthSettings: jest.fn(),
	getTripwire: jest.fn(),
	releaseHeldUser: jest.fn(),
	getTrashSettings: jest.fn(),
	getExclusions: jest.fn(),
	getCoverage: jest.fn(),
}))
jest.mock('../utils/notice', () => ({ showConfirmation: jest.fn(), showError: jest.fn(), showSuccess: jest.fn() }))

const initialState = loadState as jest.Mock
const api = {
	listTargets: listTargets as jest.Mock,
	getStatus: getStatus as jest.Mock,
	listFailures: listFailures as jest.Mock,
	getHealth: getHealth as jest.Mock,
	updateHealthSettings: updateHealthSettings as jest.Mock,
	getTripwire: getTripwire as jest.Mock,
	releaseHeldUser: releaseHeldUser as jest.Mock,
	getTrashSettings: getTrashSettings as jest.Mock,
	getExclusions: getExclusions as jest.Mock,
	getCoverage: getCoverage as jest.Mock,
}

function withInitialState(state: Record<string, unknown> | null) {
	initialState.mockImplementation((_app: string, key: string, fallback: unknown) => state === null ? fallback : (state[key] ?? fallback))
}

function serverAnswers(targets = [target()], rows = [row()], failures = [failure()], found = health()) {
	api.listTargets.mockResolvedValue(targets)
	api.getStatus.mockResolvedValue(statusPage(rows))
	api.listFailures.mockResolvedValue({ failures, hasMore: false })
	api.getHealth.mockResolvedValue(found)
}

function setHidden(hidden: boolean) {
	Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden })
	document.dispatchEvent(new Event('visibilitychange'))
}

describe('AdminSettings', () => {
	beforeEach(() => {
		jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask'] })
		setHidden(false)
		api.getTripwire.mockResolvedValue(tripwire([]))
		api.getTrashSettings.mockResolvedValue({ retentionDays: 30 })
		api.getExclusions.mockResolvedValue({ rules: { patterns: ['*.part'], users: [], groups: [], maxSize: null }, defaults: ['*.part'], toTrash: [] })
		api.getCoverage.mockResolvedValue({ rows: [], toTrash: [] })
	})
	afterEach(() => {
		jest.useRealTimers()
	})

	it('paints the first screen from the initial state, without a spinner or asking for it again', () => {
		withInitialState({ targets: [target()], status: statusPage([row()]), failures: { failures: [failure()], hasMore: false }, health: health() })
		const wrapper = mount(AdminSettings)
		expect(wrapper.findAll('h2').map((h) => h.text())).toEqual(['Mirror targets', 'Replication per user', 'Exclusions and coverage', 'Failed files', 'Health check', 'Mirror trash', 'Recovery key'])
		expect(wrapper.find('.health-banner').exists()).toBe(false)
		expect(wrapper.find('.target-card h3').text()).toBe('USB drive')
		expect(wrapper.findAll('tbody tr')).toHaveLength(1)
		expect(wrapper.text()).toContain('Photos/2026/bad:name.jpg')
		// (the group picker holds a hidden "Loading..." of its own)
		expect(wrapper.find('.mirror-admin__loading').exists()).toBe(false)
		expect(wrapper.text()).not.toContain('Loading the mirror status')
		expect(api.listTargets).not.toHaveBeenCalled()
		wrapper.unmount()
	})

	it('loads with a spinner when there is no initial state', async () => {
		withInitialState(null)
		serverAnswers()
		const wrapper = mount(AdminSettings)
		expect(wrapper.text()).toContain('Loading the mirror status')
		await flushPromises()
		expect(wrapper.text()).not.toContain('Loading the mirror status')
		expect(wrapper.find('.target-card h3').text()).toBe('USB drive')
		wrapper.unmount()
	})

	it('invites to add the first target when there is none', () => {
		withInitialState({ targets: [], status: statusPage([]), failures: { failures: [], hasMore: false }, health: health() })
		const wrapper = mount(AdminSettings)
		expect(wrapper.text()).toContain('No target yet: add the mount point of your backup drive')
		expect(wrapper.find('form.add-target').exists()).toBe(true)
		expect(wrapper.findAll('h2').map((h) => h.text())).toEqual(['Mirror targets'])
		wrapper.unmount()
	})

	it('shows an error, keeps what it has, and recovers by itself', async () => {
		withInitialState({ targets: [target()], status: statusPage([row()]), failures: { failures: [], hasMore: false }, health: health() })
		api.listTargets.mockRejectedValueOnce(httpError(503, {}, 'Service unavailable'))
		api.getStatus.mockResolvedValue(statusPage([row()]))
		api.listFailures.mockResolvedValue({ failures: [], hasMore: false })
		api.getHealth.mockResolvedValue(health())
		const wrapper = mount(AdminSettings)

		jest.advanceTimersByTime(5000)
		await flushPromises()
		const error = wrapper.find('.mirror-admin__error')
		expect(error.exists()).toBe(true)
		expect(error.text()).toContain('Service unavailable')
		expect(wrapper.find('.target-card h3').text()).toBe('USB drive')

		api.listTargets.mockResolvedValue([offlineTarget()])
		jest.advanceTimersByTime(5000)
		await flushPromises()
		expect(wrapper.find('.mirror-admin__error').exists()).toBe(false)
		expect(wrapper.find('.target-card [role="status"]').text()).toContain('Offline')
		wrapper.unmount()
	})

	it('refreshes by itself while visible, pauses while hidden, and catches up when shown again', async () => {
		withInitialState({ targets: [target()], status: statusPage([row()]), failures: { failures: [], hasMore: false }, health: health() })
		serverAnswers([target()], [row({ replicated: 9, pending: 1 })], [])
		const wrapper = mount(AdminSettings)

		jest.advanceTimersByTime(5000)
		await flushPromises()
		expect(api.listTargets).toHaveBeenCalledTimes(1)
		expect(wrapper.find('.user-status__replicated').text()).toBe('9')

		setHidden(true)
		jest.advanceTimersByTime(60_000)
		await flushPromises()
		expect(api.listTargets).toHaveBeenCalledTimes(1)

		api.getStatus.mockResolvedValue(statusPage([row({ replicated: 10, pending: 0 })]))
		setHidden(false)
		await flushPromises()
		expect(api.listTargets).toHaveBeenCalledTimes(2)
		expect(wrapper.find('.user-status__replicated').text()).toBe('10')
		wrapper.unmount()
	})

	it('stops polling when it goes away', async () => {
		withInitialState({ targets: [target()], status: statusPage([row()]), failures: { failures: [], hasMore: false }, health: health() })
		serverAnswers()
		const wrapper = mount(AdminSettings)
		wrapper.unmount()
		jest.advanceTimersByTime(60_000)
		await flushPromises()
		expect(api.listTargets).not.toHaveBeenCalled()
	})

	it('asks the server for the page the table wants', async () => {
		withInitialState({ targets: [target()], status: statusPage([row()]), failures: { failures: [], hasMore: false }, health: health() })
		serverAnswers()
		const wrapper = mount(AdminSettings)
		await wrapper.findAll('th button').find((b) => b.text().startsWith('Pending'))!.trigger('click')
		await flushPromises()
		expect(api.getStatus).toHaveBeenCalledWith({ offset: 0, limit: 25, sort: 'pending', direction: 'asc', filter: '' })
		wrapper.unmount()
	})

	it('shows what the health check found at the top, from the initial state, and refreshes it with the page', async () => {
		withInitialState({
			targets: [offlineTarget()],
			status: statusPage([row()]),
			failures: { failures: [], hasMore: false },
			health: health([condition({ type: 'offline', reason: 'marker_missing' })]),
		})
		serverAnswers([target()], [row()], [], health([condition({ type: 'lagging' })]))
		const wrapper = mount(AdminSettings)
		const banner = wrapper.find('.health-banner')
		expect(banner.exists()).toBe(true)
		expect(wrapper.element.firstElementChild).toBe(banner.element)
		expect(banner.find('.notecard--error').text()).toContain('Backup drive "USB drive" is offline')
		expect(banner.text()).toContain('mount it at /mnt/usb again')
		expect(api.getHealth).not.toHaveBeenCalled()

		jest.advanceTimersByTime(5000)
		await flushPromises()
		expect(api.getHealth).toHaveBeenCalledTimes(1)
		expect(wrapper.find('.health-banner .notecard--error').exists()).toBe(false)
		expect(wrapper.find('.health-banner [data-condition="lagging"]').text()).toContain('is falling behind')

		api.getHealth.mockResolvedValue(health())
		jest.advanceTimersByTime(5000)
		await flushPromises()
		expect(wrapper.find('.health-banner').exists()).toBe(false)
		wrapper.unmount()
	})

	it('updates the banner and the form from the answer to a save', async () => {
		withInitialState({ targets: [target()], status: statusPage([row()]), failures: { failures: [], hasMore: false }, health: health() })
		api.updateHealthSettings.mockResolvedValue(health([condition({ type: 'full', freeBytes: 2 ** 30, totalBytes: 100 * 2 ** 30 })], { reservePercent: 20 }))
		const wrapper = mount(AdminSettings)
		await flushPromises()
		await wrapper.find('.health-settings__reservePercent input').setValue('20')
		await wrapper.find('form.health-settings').trigger('submit')
		await flushPromises()
		expect(api.updateHealthSettings).toHaveBeenCalledWith({ reservePercent: 20 })
		expect(wrapper.find('.health-banner [data-condition="full"]').text()).toContain('1 GB free of 100 GB.')
		expect((wrapper.find('.health-settings__reservePercent input').element as HTMLInputElement).value).toBe('20')
		wrapper.unmount()
	})

	it('keeps the answer to a save when a poll that started before it answers after it', async () => {
		withInitialState({ targets: [target()], status: statusPage([row()]), failures: { failures: [], hasMore: false }, health: health() })
		serverAnswers()
		let answerPoll: (value: unknown) => void = () => undefined
		api.getHealth.mockReturnValueOnce(new Promise((resolve) => { answerPoll = resolve }))
		api.updateHealthSettings.mockResolvedValue(health([condition({ type: 'offline' })], { offlineGraceMinutes: 0 }))
		const wrapper = mount(AdminSettings)
		await flushPromises()
		jest.advanceTimersByTime(5000) // a poll starts
		await wrapper.find('.health-settings__offlineGraceMinutes input').setValue('0')
		await wrapper.find('form.health-settings').trigger('submit')
		await flushPromises()
		expect(wrapper.find('.health-banner [data-condition="offline"]').exists()).toBe(true)

		answerPoll(health()) // checked before the save
		await flushPromises()
		expect(wrapper.find('.health-banner [data-condition="offline"]').exists()).toBe(true)

		jest.advanceTimersByTime(5000) // the next poll is believed again
		await flushPromises()
		expect(wrapper.find('.health-banner').exists()).toBe(false)
		wrapper.unmount()
	})

	it('shows the held users below the health banner, asked at once, and refreshes the list from the answer to a discard', async () => {
		withInitialState({
			targets: [offlineTarget()],
			status: statusPage([row()]),
			failures: { failures: [], hasMore: false },
			health: health([condition({ type: 'offline', reason: 'marker_missing' })]),
		})
		serverAnswers([offlineTarget()], [row()], [], health([condition({ type: 'offline', reason: 'marker_missing' })]))
		api.getTripwire.mockResolvedValue(tripwire([heldUser(), heldUser({ userId: 'bob', displayName: 'Bob', reason: 'rate', detail: null })]))
		api.releaseHeldUser.mockResolvedValue(tripwire([heldUser({ userId: 'bob', displayName: 'Bob', reason: 'rate', detail: null })]))
		;(showConfirmation as jest.Mock).mockResolvedValue(true)
		const wrapper = mount(AdminSettings)
		await flushPromises()
		expect(api.getTripwire).toHaveBeenCalledTimes(1)
		expect(api.listTargets).not.toHaveBeenCalled()
		const banner = wrapper.find('.tripwire-banner')
		expect(wrapper.element.children[1]).toBe(banner.element)
		expect(banner.findAll('.tripwire-banner__card')).toHaveLength(2)
		expect(banner.text()).toContain('Mirror holds the changes of Anna since')

		await banner.find('[data-user="anna"] .tripwire-banner__discard').trigger('click')
		await flushPromises()
		expect(api.releaseHeldUser).toHaveBeenCalledWith('anna', true)
		expect(wrapper.findAll('.tripwire-banner__card').map((card) => card.attributes('data-user'))).toEqual(['bob'])

		api.getTripwire.mockResolvedValue(tripwire([]))
		jest.advanceTimersByTime(5000)
		await flushPromises()
		expect(wrapper.find('.tripwire-banner').exists()).toBe(false)
		wrapper.unmount()
	})

	it('keeps the answer to a release when a poll that started before it answers after it', async () => {
		withInitialState({ targets: [target()], status: statusPage([row()]), failures: { failures: [], hasMore: false }, health: health() })
		serverAnswers()
		api.getTripwire.mockResolvedValue(tripwire([heldUser()]))
		api.releaseHeldUser.mockResolvedValue(tripwire([]))
		const wrapper = mount(AdminSettings)
		await flushPromises()
		let answerPoll: (value: unknown) => void = () => undefined
		api.getTripwire.mockReturnValueOnce(new Promise((resolve) => { answerPoll = resolve }))
		jest.advanceTimersByTime(5000) // a poll starts
		await wrapper.find('.tripwire-banner__apply').trigger('click')
		await flushPromises()
		expect(api.releaseHeldUser).toHaveBeenCalledWith('anna', false)
		expect(wrapper.find('.tripwire-banner').exists()).toBe(false)

		answerPoll(tripwire([heldUser()])) // read before the release
		await flushPromises()
		expect(wrapper.find('.tripwire-banner').exists()).toBe(false)
		wrapper.unmount()
	})
})

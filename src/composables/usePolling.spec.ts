/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import { createPoller } from './usePolling'

function setHidden(hidden: boolean) {
	Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden })
	document.dispatchEvent(new Event('visibilitychange'))
}

/** Lets the task's promise and the scheduling after it run. */
async function flush() {
	for (let i = 0; i < 5; i++) {
		await Promise.resolve()
	}
}

describe('createPoller', () => {
	beforeEach(() => {
		jest.useFakeTimers()
		setHidden(false)
	})
	afterEach(() => {
		jest.useRealTimers()
	})

	it('runs the task every interval while the page is visible', async () => {
		const task = jest.fn().mockResolvedValue(undefined)
		const poller = createPoller(task, 5000)
		poller.start()

		expect(task).not.toHaveBeenCalled()
		jest.advanceTimersByTime(5000)
		await flush()
		expect(task).toHaveBeenCalledTimes(1)
		jest.advanceTimersByTime(5000)
		await flush()
		expect(task).toHaveBeenCalledTimes(2)
		poller.stop()
	})

	it('pauses while the tab is hidden and refreshes at once when it is back', async () => {
		const task = jest.fn().mockResolvedValue(undefined)
		const poller = createPoller(task, 5000)
		poller.start()

		setHidden(true)
		jest.advanceTimersByTime(60_000)
		await flush()
		expect(task).not.toHaveBeenCalled()

		setHidden(false)
		await flush()
		expect(task).toHaveBeenCalledTimes(1)
		jest.advanceTimersByTime(5000)
		await flush()
		expect(task).toHaveBeenCalledTimes(2)
		poller.stop()
	})

	it('never overlaps runs, and keeps polling after a failed run', async () => {
		let finish: () => void = () => undefined
		const task = jest.fn()
			.mockImplementationOnce(() => new Promise<void>((resolve) => { finish = resolve }))
			.mockRejectedValueOnce(new Error('offline'))
			.mockResolvedValue(undefined)
		const poller = createPoller(task, 1000)
		poller.start()

		jest.advanceTimersByTime(1000)
		await flush()
		void poller.refreshNow()
		jest.advanceTimersByTime(10_000)
		await flush()
		expect(task).toHaveBeenCalledTimes(1) // the first run is still going

		finish()
		await flush()
		jest.advanceTimersByTime(1000)
		await flush()
		expect(task).toHaveBeenCalledTimes(2) // failed
		jest.advanceTimersByTime(1000)
		await flush()
		expect(task).toHaveBeenCalledTimes(3)
		poller.stop()
	})

	it('stops for good', async () => {
		const task = jest.fn().mockResolvedValue(undefined)
		const poller = createPoller(task, 1000)
		poller.start()
		poller.stop()
		jest.advanceTimersByTime(10_000)
		setHidden(false)
		await flush()
		expect(task).not.toHaveBeenCalled()
	})
})

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import { onBeforeUnmount, onMounted } from 'vue'

export interface Poller {
	start(): void
	stop(): void
	/** Runs the task now (unless it is running) and restarts the interval. */
	refreshNow(): Promise<void>
}

/**
 * Runs `task` every `intervalMs` while the page is visible: nothing runs while the tab is hidden,
 * and coming back refreshes at once. Runs never overlap; the next one is timed from the end of the last.
 */
export function createPoller(task: () => Promise<void>, intervalMs: number, doc: Document = document): Poller {
	let timer: ReturnType<typeof setTimeout> | null = null
	let running: Promise<void> | null = null
	let active = false

	const clear = () => {
		if (timer !== null) {
			clearTimeout(timer)
			timer = null
		}
	}
	const schedule = () => {
		clear()
		if (active && !doc.hidden) {
			timer = setTimeout(() => {
				timer = null
				void run()
			}, intervalMs)
		}
	}
	const run = (): Promise<void> => {
		if (running) {
			return running
		}
		if (!active || doc.hidden) {
			return Promise.resolve()
		}
		running = (async () => {
			try {
				await task()
			} catch {
				// the task reports its own errors; polling goes on
			} finally {
				running = null
				schedule()
			}
		})()
		return running
	}
	const onVisibilityChange = () => {
		if (doc.hidden) {
			clear()
		} else {
			void run()
		}
	}

	return {
		start() {
			if (!active) {
				active = true
				doc.addEventListener('visibilitychange', onVisibilityChange)
				schedule()
			}
		},
		stop() {
			active = false
			clear()
			doc.removeEventListener('visibilitychange', onVisibilityChange)
		},
		refreshNow() {
			clear()
			return run()
		},
	}
}

/** {@link createPoller}, started when the component mounts and stopped when it goes. */
export function usePolling(task: () => Promise<void>, intervalMs: number): Poller {
	const poller = createPoller(task, intervalMs)
	onMounted(() => poller.start())
	onBeforeUnmount(() => poller.stop())
	return poller
}

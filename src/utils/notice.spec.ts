/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import { flushPromises } from '@vue/test-utils'
import { showConfirmation, showError, showSuccess } from './notice'

describe('notices', () => {
	afterEach(() => {
		document.body.innerHTML = ''
		jest.useRealTimers()
	})

	it('shows a success as a status and an error as an alert, as plain text, and takes them away', () => {
		jest.useFakeTimers()
		showSuccess('Saved <b>now</b>')
		showError('Refused')
		const shown = [...document.querySelectorAll('.mirror-notice')]
		expect(shown.map((e) => [e.getAttribute('role'), e.textContent, e.innerHTML.includes('<b>')]))
			.toEqual([['status', 'Saved <b>now</b>', false], ['alert', 'Refused', false]])
		jest.advanceTimersByTime(7001)
		expect([...document.querySelectorAll('.mirror-notice')].map((e) => e.textContent)).toEqual(['Refused'])
		jest.advanceTimersByTime(7000)
		expect(document.querySelectorAll('.mirror-notice')).toHaveLength(0)
	})

	it.each([[true, '.mirror-confirm__confirm'], [false, '.mirror-confirm__reject']])(
		'answers %s to a confirmation when its button is pressed, and closes it', async (answer, button) => {
			// as TargetCard.spec.ts: the dialog's focus trap starts on a timer jsdom cannot serve
			jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask'] })
			const asked = showConfirmation({ name: 'Discard?', text: 'They go.', labelConfirm: 'Discard', labelReject: 'Cancel' })
			await flushPromises()
			jest.advanceTimersByTime(400) // opened: its focus trap is on
			await flushPromises()
			expect(document.body.textContent).toContain('They go.')
			document.querySelector<HTMLElement>(button)!.click()
			await expect(asked).resolves.toBe(answer)
			jest.advanceTimersByTime(400)
			await flushPromises()
			expect(document.body.textContent).not.toContain('They go.')
		})
})

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import type { Restore, RestorePreview } from '../../types/admin'

import { flushPromises, mount } from '@vue/test-utils'
import RestoreDialog from './RestoreDialog.vue'
import { httpError, NOW, NOW_MS, target } from './testFixtures'
import { getRestore, listTrashDays, previewRestore, startRestore } from '../../services/adminApi'

jest.mock('../../services/adminApi', () => ({
	...jest.requireActual('../../services/adminApi'),
	getRestore: jest.fn(),
	listTrashDays: jest.fn(),
	previewRestore: jest.fn(),
	startRestore: jest.fn(),
}))

const mocked = {
	getRestore: getRestore as jest.Mock,
	listTrashDays: listTrashDays as jest.Mock,
	previewRestore: previewRestore as jest.Mock,
	startRestore: startRestore as jest.Mock,
}

function preview(overrides: Partial<RestorePreview> = {}): RestorePreview {
	return {
		total: 3,
		checked: 3,
		complete: true,
		restored: 2,
		skipped: 0,
		mismatched: 1,
		failed: 0,
		bytes: 2048,
		files: [
			{ path: 'Photos/a.jpg', to: 'Photos/a.jpg', result: 'restored', why: '', code: '', params: {} },
			{ path: 'Photos/b.jpg', to: 'Photos/b (restored).jpg', result: 'restored', why: '', code: '', params: {} },
			{ path: 'notes.txt', to: 'notes.txt', result: 'mismatched', why: 'the copy on the drive does not match', code: 'checksum_mismatch', params: {} },
		],
		...overrides,
	}
}

function restore(overrides: Partial<Restore> = {}): Restore {
	return {
		id: 42,
		userId: 'alice',
		targetId: 1,
		path: '',
		version: 'latest',
		into: '',
		mode: 'new',
		state: 'queued',
		total: null,
		restored: 0,
		skipped: 0,
		mismatched: 0,
		failed: 0,
		bytes: 0,
		currentFile: null,
		errors: [],
		message: null,
		code: null,
		params: {},
		attempts: 0,
		createdAt: NOW,
		startedAt: null,
		finishedAt: null,
		...overrides,
	}
}

function mountDialog(targets = [target()]) {
	return mount(RestoreDialog, {
		props: { userId: 'alice', displayName: 'Alice', targets, targetId: 1, pollInterval: 1000 },
		attachTo: document.body,
	})
}

/** The dialog lives in a teleport on <body>. */
function dialog(): HTMLElement {
	const found = document.querySelector('[role="dialog"]')
	if (!found) {
		throw new Error('No dialog')
	}
	return found as HTMLElement
}

function dialogButton(text: string): HTMLButtonElement {
	const found = [...dialog().querySelectorAll('button')].find((b) => b.textContent?.trim() === text)
	if (!found) {
		throw new Error('No dialog button ' + text)
	}
	return found as HTMLButtonElement
}

function radio(label: string): HTMLInputElement {
	const found = [...dialog().querySelectorAll('.checkbox-radio-switch')].find((el) => el.textContent?.includes(label))
	const input = found?.querySelector('input')
	if (!input) {
		throw new Error('No radio ' + label)
	}
	return input as HTMLInputElement
}

async function typeInto(selector: string, value: string) {
	const input = dialog().querySelector(selector + ' input') as HTMLInputElement
	input.value = value
	input.dispatchEvent(new Event('input'))
	await flushPromises()
}

describe('RestoreDialog', () => {
	beforeEach(() => {
		jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask'] })
		jest.setSystemTime(NOW_MS)
		mocked.listTrashDays.mockResolvedValue([{ day: '2026-11-25', entries: 4, bytes: 4096 }, { day: '2026-11-20', entries: 1, bytes: 10 }])
	})
	afterEach(() => {
		jest.useRealTimers()
		jest.resetAllMocks()
		document.body.innerHTML = ''
	})

	it('restores only after a preview, which shows the counts and what happens to each file', async () => {
		mocked.previewRestore.mockResolvedValue(preview())
		mountDialog()
		await flushPromises()
		expect(dialog().textContent).toContain('Restore Alice from the mirror')
		expect(dialogButton('Restore').disabled).toBe(true)

		dialogButton('Preview').click()
		await flushPromises()
		expect(mocked.previewRestore).toHaveBeenCalledWith({ userId: 'alice', targetId: 1, path: '', version: 'latest', into: '', mode: 'new' })
		const text = dialog().querySelector('.restore-dialog__preview')!.textContent!
		expect(text).toContain('All 3 files were checked: 2 to restore (2 KB), 0 to skip (already there), 1 damaged on the drive, 0 failing.')
		expect(text).toContain('Photos/b (restored).jpg: to restore')
		expect(text).toContain('notes.txt: damaged on the drive: not restored (the copy on the drive does not match)')
		expect(dialogButton('Restore').disabled).toBe(false)
	})

	it('sends the chosen options: a path, a trash day offered by the server, a folder, a mode; a change asks for a new preview', async () => {
		mocked.previewRestore.mockResolvedValue(preview({ complete: false, checked: 50, total: 900 }))
		mountDialog()
		await flushPromises()
		expect(mocked.listTrashDays).toHaveBeenCalledWith('alice', 1)
		await typeInto('.restore-dialog__path', ' Photos ')
		radio('What went to the mirror trash on a day').click()
		await flushPromises()
		expect(dialog().textContent).toContain('2026-11-25 – 4 files, 4 KB')
		radio('2026-11-20').click()
		await typeInto('.restore-dialog__into', 'Recovered')
		radio('Leave it alone').click()
		await flushPromises()

		dialogButton('Preview').click()
		await flushPromises()
		expect(mocked.previewRestore).toHaveBeenCalledWith({ userId: 'alice', targetId: 1, path: 'Photos', version: 'trash:2026-11-20', into: 'Recovered', mode: 'skip' })
		expect(dialog().textContent).toContain('The first 50 of 900 files were checked: 2 to restore')

		radio('Replace it').click()
		await flushPromises()
		expect(dialog().querySelector('.restore-dialog__preview')).toBeNull()
		expect(dialogButton('Restore').disabled).toBe(true)
	})

	it('shows the server\'s refusal beside the field at fault', async () => {
		mocked.previewRestore.mockRejectedValue(httpError(400, { message: 'The parameter "path" must be a path inside the user\'s files (no "..").', field: 'path' }))
		mountDialog()
		await flushPromises()
		await typeInto('.restore-dialog__path', '../etc')
		dialogButton('Preview').click()
		await flushPromises()
		expect(dialog().querySelector('.restore-dialog__path')!.textContent).toContain('must be a path inside the user\'s files')
		expect(dialogButton('Restore').disabled).toBe(true)
	})

	it('starts the restore and follows its progress until it is done, then stops asking', async () => {
		mocked.previewRestore.mockResolvedValue(preview())
		mocked.startRestore.mockResolvedValue(restore())
		mocked.getRestore
			.mockResolvedValueOnce(restore({ state: 'running', total: 4, restored: 1, currentFile: 'Photos/a.jpg' }))
			.mockResolvedValueOnce(restore({ state: 'done', total: 4, restored: 3, skipped: 0, mismatched: 1, bytes: 3072, finishedAt: NOW + 5, errors: [{ path: 'notes.txt', to: 'notes.txt', result: 'mismatched', why: 'sha256 differs', code: 'checksum_mismatch', params: {} }] }))
		mountDialog()
		await flushPromises()
		dialogButton('Preview').click()
		await flushPromises()
		dialogButton('Restore').click()
		await flushPromises()
		expect(mocked.startRestore).toHaveBeenCalledWith({ userId: 'alice', targetId: 1, path: '', version: 'latest', into: '', mode: 'new' })
		expect(dialog().textContent).toContain('Waiting for the background job to start')
		expect(dialog().querySelector('progress')!.getAttribute('value')).toBe('0')

		jest.advanceTimersByTime(1000)
		await flushPromises()
		expect(mocked.getRestore).toHaveBeenCalledWith(42)
		expect(dialog().textContent).toContain('1 of 4 files – Photos/a.jpg')
		expect(dialog().querySelector('progress')!.getAttribute('value')).toBe('25')
		expect(dialogButton('Close (the restore goes on)')).toBeTruthy()

		jest.advanceTimersByTime(1000)
		await flushPromises()
		expect(dialog().querySelector('progress')!.getAttribute('value')).toBe('100')
		expect(dialog().querySelector('.restore-dialog__summary')!.textContent).toContain('Restore finished: 3 restored (3 KB), 0 skipped (already there), 1 damaged on the drive, 0 failed.')
		expect(dialog().querySelector('.restore-dialog__errors')!.textContent).toContain('notes.txt: damaged on the drive: not restored (sha256 differs)')

		jest.advanceTimersByTime(5000)
		await flushPromises()
		expect(mocked.getRestore).toHaveBeenCalledTimes(2)
	})

	it('says why a restore stopped', async () => {
		mocked.previewRestore.mockResolvedValue(preview())
		mocked.startRestore.mockResolvedValue(restore())
		mocked.getRestore.mockResolvedValue(restore({ state: 'failed', message: 'The marker file is missing.', code: 'legacy', params: { text: 'The marker file is missing.' } }))
		mountDialog()
		await flushPromises()
		dialogButton('Preview').click()
		await flushPromises()
		dialogButton('Restore').click()
		await flushPromises()
		jest.advanceTimersByTime(1000)
		await flushPromises()
		expect(dialog().querySelector('.restore-dialog__summary')!.textContent).toContain('The restore stopped: The marker file is missing.')
	})

	it('lets the admin type a day when the trash holds nothing of the user', async () => {
		mocked.listTrashDays.mockResolvedValue([])
		mocked.previewRestore.mockResolvedValue(preview())
		mountDialog()
		await flushPromises()
		radio('What went to the mirror trash on a day').click()
		await flushPromises()
		await typeInto('.restore-dialog__day', '2026-10-01')
		dialogButton('Preview').click()
		await flushPromises()
		expect(mocked.previewRestore).toHaveBeenCalledWith(expect.objectContaining({ version: 'trash:2026-10-01' }))
	})
})

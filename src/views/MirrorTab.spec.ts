/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import type { MirrorFileHistory, MirrorFileStatus, MirrorFileTarget } from '../types/status'

import { flushPromises, mount } from '@vue/test-utils'
import NcDateTime from '@nextcloud/vue/components/NcDateTime'
import { renderBadge } from '../files/badge'
import { showRestoredInFiles } from '../files/filesList'
import { getFileHistory, getFileStatus, restoreDeletedFiles, restoreFileVersion, retryFile } from '../services/filesApi'
import MirrorTab from './MirrorTab.vue'

jest.mock('../files/filesList', () => ({ showRestoredInFiles: jest.fn().mockResolvedValue(undefined) }))
jest.mock('../services/filesApi', () => ({
	getFileStatus: jest.fn(),
	getFileHistory: jest.fn(),
	retryFile: jest.fn(),
	restoreFileVersion: jest.fn(),
	restoreDeletedFiles: jest.fn(),
}))
const mockedRestoreVersion = restoreFileVersion as jest.MockedFunction<typeof restoreFileVersion>
const mockedRestoreDeleted = restoreDeletedFiles as jest.MockedFunction<typeof restoreDeletedFiles>
const mockedGet = getFileStatus as jest.MockedFunction<typeof getFileStatus>
const mockedHistory = getFileHistory as jest.MockedFunction<typeof getFileHistory>
const mockedRetry = retryFile as jest.MockedFunction<typeof retryFile>

const NOW = 1_800_000_000

function target(overrides: Partial<MirrorFileTarget> = {}): MirrorFileTarget {
	return {
		id: 1,
		name: 'USB drive',
		online: true,
		offlineReason: null,
		state: 'replicated',
		replicatedAt: NOW - 7200,
		size: 1536,
		checksum: 'ab'.repeat(32),
		current: true,
		queuedAt: null,
		nextAttemptAt: null,
		attempts: 0,
		errorCode: null,
		error: null,
		...overrides,
	}
}

function fileStatus(overrides: Partial<MirrorFileStatus> = {}): MirrorFileStatus {
	return { fileId: 42, type: 'file', inScope: true, state: 'replicated', exclusion: null, targets: [target()], folder: null, ...overrides }
}

const props = (overrides = {}) => ({ fileId: 42, name: 'a.jpg', isFolder: false, active: true, node: null, ...overrides })

function history(overrides: Partial<MirrorFileHistory> = {}): MirrorFileHistory {
	return { fileId: 42, restorable: true, versions: [], deleted: [], ...overrides }
}

beforeEach(() => {
	jest.spyOn(Date, 'now').mockReturnValue(NOW * 1000)
	mockedHistory.mockResolvedValue(history())
})

afterEach(() => {
	jest.useRealTimers()
	jest.restoreAllMocks()
	document.body.replaceChildren()
})

describe('MirrorTab', () => {
	it('shows a replicated file per target: state, when, size and checksum, and no path', async () => {
		mockedGet.mockResolvedValue(fileStatus({
			targets: [target(), target({ id: 2, name: 'NFS share', replicatedAt: NOW - 120, size: 5.25 * 1024 ** 2 })],
		}))
		const wrapper = mount(MirrorTab, { props: props() })
		await flushPromises()

		expect(mockedGet).toHaveBeenCalledWith(42)
		expect(wrapper.text()).toContain('A verified copy is on every mirror drive.')
		const items = wrapper.findAll('li.mirror-target')
		expect(items).toHaveLength(2)
		expect(items[0].text()).toContain('USB drive')
		expect(items[0].text()).toContain('Copied')
		expect(items[0].text()).toContain('Copied 2 hours ago')
		// NcDateTime: the API's seconds in milliseconds, the date and time as the tooltip
		expect(items[0].findComponent(NcDateTime).props('timestamp')).toBe((NOW - 7200) * 1000)
		expect(items[0].find('.nc-datetime').attributes('title'))
			.toBe(new Intl.DateTimeFormat('en', { dateStyle: 'short', timeStyle: 'medium' }).format((NOW - 7200) * 1000))
		// sizes as the Files sidebar writes them (formatFileSize): whole KB, MB with one decimal
		expect(items[0].text()).toContain('Size2 KB')
		expect(items[0].text()).toContain('ab'.repeat(32))
		expect(items[1].text()).toContain('NFS share')
		expect(items[1].text()).toContain('Copied 2 minutes ago')
		expect(items[1].text()).toContain('Size5.3 MB')
		expect(wrapper.find('button').exists()).toBe(false)
		expect(wrapper.text()).not.toContain('/')
	})

	it('explains a failure and retries the file now', async () => {
		const failed = fileStatus({
			state: 'failed',
			targets: [target({
				state: 'failed',
				replicatedAt: null,
				size: null,
				checksum: null,
				current: false,
				queuedAt: NOW - 600,
				nextAttemptAt: NOW + 3 * 3600,
				attempts: 3,
				errorCode: 'full',
				error: 'The mirror drive is full: 4.8 MB needed, 10 B free. It is tried again as soon as there is room.',
			})],
		})
		mockedGet.mockResolvedValue(failed)
		mockedRetry.mockResolvedValue(fileStatus({ state: 'pending', targets: [target({ state: 'pending', attempts: 3, nextAttemptAt: NOW })] }))
		const badge = renderBadge({ fileid: 42, attributes: { 'mirror-status': 'failed' } }, jest.fn())!
		document.body.appendChild(badge)

		const wrapper = mount(MirrorTab, { props: props() })
		await flushPromises()

		const failure = wrapper.find('.mirror-target__failure')
		expect(failure.attributes('role')).toBe('alert')
		expect(failure.find('.mirror-target__error').text()).toBe('The mirror drive is full: 4.8 MB needed, 10 B free. It is tried again as soon as there is room.')
		expect(failure.text()).toContain('Failed 3 times.')
		expect(failure.text()).toContain('Next try in 3 hours.')
		expect(failure.findComponent(NcDateTime).props('timestamp')).toBe((NOW + 3 * 3600) * 1000)

		const button = wrapper.find('button')
		expect(button.text()).toBe('Retry now')
		await button.trigger('click')
		await flushPromises()
		expect(mockedRetry).toHaveBeenCalledWith(42)
		expect(wrapper.text()).toContain('Waiting to be copied')
		// the badge in the file list follows
		expect(badge.classList.contains('mirror-badge--pending')).toBe(true)
	})

	it('says when a waiting file was queued, and that the copy is of an older version', async () => {
		mockedGet.mockResolvedValue(fileStatus({
			state: 'pending',
			targets: [target({ state: 'pending', current: false, queuedAt: NOW - 600 })],
		}))
		const wrapper = mount(MirrorTab, { props: props() })
		await flushPromises()
		const item = wrapper.find('li.mirror-target')
		expect(item.text()).toContain('An older version was copied 2 hours ago')
		expect(item.text()).toContain('Queued10 minutes ago')
		const facts = item.findAll('dd')
		expect(facts[0].findComponent(NcDateTime).props('timestamp')).toBe((NOW - 7200) * 1000)
		expect(facts[facts.length - 1].findComponent(NcDateTime).props('timestamp')).toBe((NOW - 600) * 1000)
	})

	it('shows the server\'s words for a failure, and a plain sentence when it sent none', async () => {
		mockedGet.mockResolvedValue(fileStatus({
			state: 'failed',
			targets: [target({ state: 'failed', errorCode: 'name', error: null, attempts: 1, nextAttemptAt: NOW + 30 })],
		}))
		const wrapper = mount(MirrorTab, { props: props() })
		await flushPromises()
		expect(wrapper.find('.mirror-target__error').text()).toBe('The copy could not be written to the mirror drive. It is tried again later.')
		expect(wrapper.find('.mirror-target__failure').text()).toContain('It is tried again with the next background run.')
	})

	it('says when a drive is offline and the copy waits', async () => {
		mockedGet.mockResolvedValue(fileStatus({
			state: 'pending',
			targets: [target({ state: 'none', online: false, offlineReason: 'marker_missing', replicatedAt: null, size: null, checksum: null, current: false })],
		}))
		const wrapper = mount(MirrorTab, { props: props() })
		await flushPromises()
		expect(wrapper.text()).toContain('Not copied yet')
		expect(wrapper.text()).toContain('The mirror drive is not connected. Copies wait until it is back.')
	})

	it('says why a file is left out, and that a copy made before goes to the mirror trash at the next check', async () => {
		mockedGet.mockResolvedValue(fileStatus({ state: 'excluded', exclusion: { reason: 'nomirror', detail: 'Photos/Cache' } }))
		const wrapper = mount(MirrorTab, { props: props() })
		await flushPromises()

		expect(wrapper.text()).toContain('Left out')
		expect(wrapper.text()).toContain('Left out by .nomirror in Photos/Cache. The copy made before moves to the mirror trash at the next check.')
		expect(wrapper.findAll('li.mirror-target')).toHaveLength(0)
	})

	it('says a file larger than the limit is left out, with the limit as Files writes sizes', async () => {
		mockedGet.mockResolvedValue(fileStatus({ state: 'excluded', exclusion: { reason: 'size', detail: String(2 * 1024 ** 3) }, targets: [target({ replicatedAt: null, state: 'none' })] }))
		const wrapper = mount(MirrorTab, { props: props() })
		await flushPromises()

		expect(wrapper.text()).toContain('Left out: larger than the 2 GB the mirror copies.')
		expect(wrapper.text()).not.toContain('trash')
	})

	it('says a file on an external storage the administrator did not choose is left out, and that its old copy goes', async () => {
		mockedGet.mockResolvedValue(fileStatus({ state: 'excluded', exclusion: { reason: 'external', detail: 'Disk' } }))
		const wrapper = mount(MirrorTab, { props: props() })
		await flushPromises()

		expect(wrapper.text()).toContain('Left out: the external storage Disk is not mirrored. The copy made before moves to the mirror trash at the next check.')
		expect(wrapper.findAll('li.mirror-target')).toHaveLength(0)
	})

	it('says when a file is not mirrored at all', async () => {
		mockedGet.mockResolvedValue(fileStatus({ inScope: false, state: null, targets: [] }))
		const wrapper = mount(MirrorTab, { props: props() })
		await flushPromises()
		expect(wrapper.text()).toContain('Not mirrored')
	})

	it('counts a folder\'s files by state', async () => {
		mockedGet.mockResolvedValue(fileStatus({
			type: 'folder',
			state: null,
			targets: [],
			folder: {
				files: 500,
				replicated: 480,
				pending: 15,
				failed: 5,
				targets: [
					{ id: 1, name: 'USB drive', online: true, offlineReason: null, replicated: 490, pending: 5, failed: 5, none: 0 },
					{ id: 2, name: 'NFS share', online: true, offlineReason: null, replicated: 480, pending: 10, failed: 0, none: 10 },
				],
			},
		}))
		const wrapper = mount(MirrorTab, { props: props({ isFolder: true, name: 'Photos' }) })
		await flushPromises()
		const text = wrapper.find('.mirror-folder').text()
		expect(text).toContain('500 files in this folder')
		expect(wrapper.findAll('.mirror-folder__counts dd').map((dd) => dd.text())).toEqual(['480', '15', '5'])
		expect(text).toContain('NFS share')
		expect(text).toContain('480 copied, 20 waiting, 0 failed')
	})

	it('says "not found" for a file the server does not show this user', async () => {
		mockedGet.mockRejectedValue(Object.assign(new Error('Not found'), { isAxiosError: true, response: { status: 404 } }))
		const wrapper = mount(MirrorTab, { props: props() })
		await flushPromises()
		expect(wrapper.text()).toContain('Not found')
	})

	it('refreshes while visible, updates the badge when the state changes, and stops when hidden', async () => {
		jest.useFakeTimers()
		mockedGet.mockResolvedValueOnce(fileStatus({ state: 'pending', targets: [target({ state: 'pending', current: false })] }))
			.mockResolvedValue(fileStatus())
		const badge = renderBadge({ fileid: 42, attributes: { 'mirror-status': 'pending' } }, jest.fn())!
		document.body.appendChild(badge)
		const node = { fileid: 42, attributes: { 'mirror-status': 'pending' } as Record<string, unknown> }

		const wrapper = mount(MirrorTab, { props: props({ node }) })
		await flushPromises()
		expect(mockedGet).toHaveBeenCalledTimes(1)
		expect(badge.dataset.mirrorState).toBe('pending')

		await jest.advanceTimersByTimeAsync(10_000)
		await flushPromises()
		expect(mockedGet).toHaveBeenCalledTimes(2)
		expect(wrapper.text()).toContain('A verified copy is on every mirror drive.')
		expect(badge.dataset.mirrorState).toBe('replicated')
		expect(badge.getAttribute('aria-label')).toMatch(/^Mirrored/)
		expect(node.attributes['mirror-status']).toBe('replicated')

		await wrapper.setProps({ active: false })
		await jest.advanceTimersByTimeAsync(60_000)
		expect(mockedGet).toHaveBeenCalledTimes(2)

		// shown again: refresh at once
		await wrapper.setProps({ active: true })
		await flushPromises()
		expect(mockedGet).toHaveBeenCalledTimes(3)
		wrapper.unmount()
		await jest.advanceTimersByTimeAsync(60_000)
		expect(mockedGet).toHaveBeenCalledTimes(3)
	})

	it('loads the new file when the sidebar switches files', async () => {
		mockedGet.mockResolvedValue(fileStatus())
		const wrapper = mount(MirrorTab, { props: props() })
		await flushPromises()
		mockedGet.mockResolvedValue(fileStatus({ fileId: 43 }))
		await wrapper.setProps({ fileId: 43 })
		await flushPromises()
		expect(mockedGet).toHaveBeenLastCalledWith(43)
	})

	describe('what the mirror trash keeps', () => {
		const version = { id: 7, targetId: 1, targetName: 'USB drive', trashedAt: NOW - 300, size: 3000, mtime: NOW - 3 * 86400, reason: 'overwritten' }

		it('loads a file\'s earlier versions with its state and lists them under the drives', async () => {
			mockedGet.mockResolvedValue(fileStatus())
			mockedHistory.mockResolvedValue(history({ versions: [version] }))
			const wrapper = mount(MirrorTab, { props: props() })
			await flushPromises()

			expect(mockedHistory).toHaveBeenCalledWith(42)
			const section = wrapper.find('.mirror-history')
			expect(section.find('h3').text()).toBe('Earlier versions on the mirror drive')
			const items = section.findAll('li')
			expect(items).toHaveLength(1)
			expect(items[0].text()).toContain('Modified 3 days ago')
			expect(items[0].text()).toContain('3 KB')
			expect(items[0].text()).toContain('Overwritten by a newer version 5 minutes ago')
			expect(items[0].text()).toContain('On USB drive')
			// after the drives' copies
			expect(wrapper.html().indexOf('mirror-target')).toBeLessThan(wrapper.html().indexOf('mirror-history'))
		})

		it('lists a folder\'s deleted files under its counts', async () => {
			mockedGet.mockResolvedValue(fileStatus({
				type: 'folder',
				state: null,
				targets: [],
				folder: {
					files: 1,
					replicated: 1,
					pending: 0,
					failed: 0,
					targets: [{ id: 1, name: 'USB drive', online: true, offlineReason: null, replicated: 1, pending: 0, failed: 0, none: 0 }],
				},
			}))
			mockedHistory.mockResolvedValue(history({ deleted: [{ ...version, reason: 'deleted', path: 'old/notes.txt' }] }))
			const wrapper = mount(MirrorTab, { props: props({ isFolder: true, name: 'Photos' }) })
			await flushPromises()

			expect(wrapper.find('.mirror-folder').exists()).toBe(true)
			expect(wrapper.find('.mirror-history h3').text()).toBe('Deleted files kept on the mirror drive')
			const item = wrapper.find('.mirror-history li')
			expect(item.text()).toContain('old/notes.txt')
			expect(item.text()).toContain('Deleted 5 minutes ago')
		})

		it('still shows the state when the history cannot be loaded, and says so in a line', async () => {
			mockedGet.mockResolvedValue(fileStatus())
			mockedHistory.mockRejectedValue(Object.assign(new Error('Server error'), { isAxiosError: true, response: { status: 500 } }))
			const wrapper = mount(MirrorTab, { props: props() })
			await flushPromises()

			expect(wrapper.text()).toContain('A verified copy is on every mirror drive.')
			expect(wrapper.findAll('li.mirror-target')).toHaveLength(1)
			expect(wrapper.find('.mirror-history__error').text()).toBe('The earlier versions could not be loaded.')
			expect(wrapper.text()).not.toContain('The mirror state could not be loaded.')
		})

		it('keeps the last list when a refresh of it fails', async () => {
			jest.useFakeTimers()
			mockedGet.mockResolvedValue(fileStatus())
			mockedHistory.mockResolvedValueOnce(history({ versions: [version] })).mockRejectedValue(new Error('offline'))
			const wrapper = mount(MirrorTab, { props: props() })
			await flushPromises()
			await jest.advanceTimersByTimeAsync(10_000)
			await flushPromises()

			expect(mockedHistory).toHaveBeenCalledTimes(2)
			expect(wrapper.findAll('.mirror-history li')).toHaveLength(1)
			expect(wrapper.find('.mirror-history__error').exists()).toBe(false)
			wrapper.unmount()
		})

		it('shows no history where nothing is mirrored', async () => {
			mockedGet.mockResolvedValue(fileStatus({ inScope: false, state: null, targets: [] }))
			const notMirrored = mount(MirrorTab, { props: props() })
			await flushPromises()
			expect(notMirrored.find('.mirror-history').exists()).toBe(false)

			mockedGet.mockResolvedValue(fileStatus({ state: null, targets: [] }))
			const noDrive = mount(MirrorTab, { props: props() })
			await flushPromises()
			expect(noDrive.text()).toContain('No mirror drive yet')
			expect(noDrive.find('.mirror-history').exists()).toBe(false)
		})

		it('forgets the last file\'s history when the sidebar switches files', async () => {
			mockedGet.mockResolvedValue(fileStatus())
			mockedHistory.mockResolvedValueOnce(history({ versions: [version] }))
			const wrapper = mount(MirrorTab, { props: props() })
			await flushPromises()
			expect(wrapper.findAll('.mirror-history li')).toHaveLength(1)

			// the new file's history fails: no list of the other file's versions in its place
			mockedGet.mockResolvedValue(fileStatus({ fileId: 43 }))
			mockedHistory.mockRejectedValue(new Error('offline'))
			await wrapper.setProps({ fileId: 43 })
			await flushPromises()
			expect(mockedHistory).toHaveBeenLastCalledWith(43)
			expect(wrapper.findAll('.mirror-history li')).toHaveLength(0)
			expect(wrapper.find('.mirror-history__error').exists()).toBe(true)
		})
	})

	describe('restoring', () => {
		const version = { id: 7, targetId: 1, targetName: 'USB drive', trashedAt: NOW - 300, size: 3000, mtime: NOW - 3 * 86400, reason: 'overwritten' }
		const node = (path: string, fileId: number) => ({ fileId, path, mtime: NOW, size: 3000, mime: 'image/jpeg', owner: 'alice', permissions: 27 })
		const restored = (to: string, fileId = 99) => ({
			restored: 1, skipped: 0, mismatched: 0, failed: 0, more: false,
			files: [{ path: 'Photos/a.jpg', to, fileId, node: node(to, fileId), result: 'restored' as const, reason: '' as const }],
		})

		function button(wrapper: ReturnType<typeof mount>, text: string) {
			return wrapper.findAll('button').find((b) => b.text() === text)
		}

		/** What the tab says a restore did: [type, text] per note. */
		function notes(wrapper: ReturnType<typeof mount>) {
			return wrapper.findAll('.mirror-tab__restored .notecard').map((note) => [note.classes().find((c) => /^notecard--/.test(c))?.replace('notecard--', ''), note.text()])
		}

		it('restores an earlier version next to the file, names it, and refreshes the tab', async () => {
			mockedGet.mockResolvedValue(fileStatus())
			mockedHistory.mockResolvedValue(history({ versions: [version] }))
			mockedRestoreVersion.mockResolvedValue(restored('Photos/a (restored).jpg'))
			const wrapper = mount(MirrorTab, { props: props() })
			await flushPromises()
			expect(mockedHistory).toHaveBeenCalledTimes(1)

			await button(wrapper, 'Restore this version')!.trigger('click')
			await flushPromises()
			expect(mockedRestoreVersion).toHaveBeenCalledWith(42, { trashId: 7 })
			expect(notes(wrapper)).toEqual([['success', 'Restored as "a (restored).jpg"']])
			// the Files list is told, with what the server answered
			expect(showRestoredInFiles).toHaveBeenCalledWith(restored('Photos/a (restored).jpg'))
			expect(mockedHistory).toHaveBeenCalledTimes(2)
			expect(mockedGet).toHaveBeenCalledTimes(2)

			// another file in the sidebar: the note was about the last one
			mockedGet.mockResolvedValue(fileStatus({ fileId: 43 }))
			await wrapper.setProps({ fileId: 43 })
			await flushPromises()
			expect(notes(wrapper)).toEqual([])
			wrapper.unmount()
		})

		it('shows the server\'s words when a restore is refused', async () => {
			mockedGet.mockResolvedValue(fileStatus())
			mockedHistory.mockResolvedValue(history({ versions: [version] }))
			mockedRestoreVersion.mockRejectedValue(Object.assign(new Error('Conflict'), {
				isAxiosError: true,
				response: { status: 409, data: { ocs: { data: { message: 'The copy on the mirror drive does not match the checksum recorded when it was written, so it was not restored. Nothing was changed.' } } } },
			}))
			const wrapper = mount(MirrorTab, { props: props() })
			await flushPromises()
			await button(wrapper, 'Restore this version')!.trigger('click')
			await flushPromises()
			expect(notes(wrapper)).toEqual([['error', 'The copy on the mirror drive does not match the checksum recorded when it was written, so it was not restored. Nothing was changed.']])
			// ready for another try
			expect(button(wrapper, 'Restore this version')!.attributes('disabled')).toBeUndefined()
			wrapper.unmount()
		})

		it('says in its own words when what was asked for is gone, and when the server could not be reached', async () => {
			mockedGet.mockResolvedValue(fileStatus())
			mockedHistory.mockResolvedValue(history({ versions: [version] }))
			mockedRestoreVersion
				.mockRejectedValueOnce(Object.assign(new Error('Not found'), { isAxiosError: true, response: { status: 404, data: { ocs: { data: { message: 'No such version of this file' } } } } }))
				.mockRejectedValueOnce(new Error('Network Error'))
			const wrapper = mount(MirrorTab, { props: props() })
			await flushPromises()
			await button(wrapper, 'Restore this version')!.trigger('click')
			await flushPromises()
			expect(notes(wrapper)).toEqual([['error', 'This is no longer kept on the mirror drive.']])
			await button(wrapper, 'Restore this version')!.trigger('click')
			await flushPromises()
			expect(notes(wrapper)).toEqual([['error', 'The restore failed. Nothing was changed.']])
			wrapper.unmount()
		})

		it('tells nothing of a restore on another file than the one the sidebar moved to', async () => {
			mockedGet.mockResolvedValue(fileStatus())
			mockedHistory.mockResolvedValue(history({ versions: [version] }))
			let answer: (value: ReturnType<typeof restored>) => void = () => undefined
			mockedRestoreVersion.mockReturnValue(new Promise((resolve) => {
				answer = resolve
			}))
			const wrapper = mount(MirrorTab, { props: props() })
			await flushPromises()
			await button(wrapper, 'Restore this version')!.trigger('click')
			mockedGet.mockResolvedValue(fileStatus({ fileId: 43 }))
			await wrapper.setProps({ fileId: 43 })
			answer(restored('Photos/a (restored).jpg'))
			await flushPromises()
			expect(notes(wrapper)).toEqual([])
			wrapper.unmount()
		})

		it('offers the mirror copy only where the file differs from it, on a connected drive', async () => {
			mockedGet.mockResolvedValue(fileStatus())
			const same = mount(MirrorTab, { props: props() })
			await flushPromises()
			expect(button(same, 'Restore the mirror copy')).toBeUndefined()
			same.unmount()

			mockedGet.mockResolvedValue(fileStatus({ state: 'pending', targets: [target({ current: false, state: 'pending' })] }))
			mockedRestoreVersion.mockResolvedValue(restored('a (restored).jpg'))
			const differs = mount(MirrorTab, { props: props() })
			await flushPromises()
			expect(differs.text()).toContain('This file differs from the last verified copy on the mirror drive.')
			await button(differs, 'Restore the mirror copy')!.trigger('click')
			await flushPromises()
			expect(mockedRestoreVersion).toHaveBeenCalledWith(42, { targetId: 1 })
			expect(notes(differs)).toEqual([['success', 'Restored as "a (restored).jpg"']])
			differs.unmount()

			mockedGet.mockResolvedValue(fileStatus({ targets: [target({ current: false, online: false, offlineReason: 'not_found' }), target({ id: 2, name: 'NFS', current: false })] }))
			const twoDrives = mount(MirrorTab, { props: props() })
			await flushPromises()
			expect(button(twoDrives, 'Restore the copy on USB drive')).toBeUndefined()
			expect(button(twoDrives, 'Restore the copy on NFS')).toBeDefined()
			twoDrives.unmount()
		})

		it('offers no restore of a file shared with the user: only its owner restores', async () => {
			mockedGet.mockResolvedValue(fileStatus({ targets: [target({ current: false })] }))
			mockedHistory.mockResolvedValue(history({ restorable: false, versions: [version] }))
			const wrapper = mount(MirrorTab, { props: props() })
			await flushPromises()
			expect(wrapper.findAll('.mirror-history li')).toHaveLength(1)
			expect(wrapper.findAll('button').map((b) => b.text())).toEqual([])
			wrapper.unmount()
		})

		it('restores a folder\'s chosen deleted files and counts them', async () => {
			mockedGet.mockResolvedValue(fileStatus({
				type: 'folder',
				state: null,
				targets: [],
				folder: {
					files: 1,
					replicated: 1,
					pending: 0,
					failed: 0,
					targets: [{ id: 1, name: 'USB drive', online: true, offlineReason: null, replicated: 1, pending: 0, failed: 0, none: 0 }],
				},
			}))
			mockedHistory.mockResolvedValue(history({ deleted: [{ ...version, id: 8, reason: 'deleted', path: 'a.jpg' }, { ...version, id: 9, reason: 'deleted', path: 'b.jpg' }] }))
			const answer = { restored: 1, skipped: 0, mismatched: 1, failed: 0, more: false, files: [
				{ path: 'Photos/a.jpg', to: 'Photos/a.jpg', fileId: 100, node: node('Photos/a.jpg', 100), result: 'restored' as const, reason: '' },
				{ path: 'Photos/b.jpg', to: 'Photos/b.jpg', fileId: null, node: null, result: 'mismatched' as const, reason: 'mismatch' },
			] }
			mockedRestoreDeleted.mockResolvedValue(answer)
			// its own file id: a wrapper another test left polling must not count here
			const wrapper = mount(MirrorTab, { props: props({ fileId: 4242, isFolder: true, name: 'Photos' }), attachTo: document.body })
			await flushPromises()
			await button(wrapper, 'Restore deleted files …')!.trigger('click')
			await flushPromises()
			const restore = [...document.querySelectorAll('[role="dialog"] button')].find((b) => b.textContent?.trim() === 'Restore 2 files') as HTMLButtonElement
			restore.click()
			await flushPromises()
			expect(mockedRestoreDeleted).toHaveBeenCalledWith(4242, [8, 9])
			expect(showRestoredInFiles).toHaveBeenCalledWith(answer)
			expect(notes(wrapper)).toEqual([
				['success', '1 file restored'],
				['error', '1 file was not restored: its copy on the mirror drive does not match its checksum.'],
			])
			// loaded when shown, and again after the restore
			expect(mockedHistory.mock.calls.filter(([id]) => id === 4242)).toHaveLength(2)
			wrapper.unmount()
		})
	})
})

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import type { MirrorDeletedFile } from '../../types/status'

import { flushPromises, mount } from '@vue/test-utils'
import NcDateTime from '@nextcloud/vue/components/NcDateTime'
import DeletedFiles from './DeletedFiles.vue'

const NOW = 1_800_000_000

let lastId = 0
function deleted(overrides: Partial<MirrorDeletedFile> = {}): MirrorDeletedFile {
	return { id: ++lastId, targetId: 1, targetName: 'USB drive', trashedAt: NOW - 600, size: 1536, mtime: NOW - 86400, reason: 'deleted', path: 'beach.jpg', ...overrides }
}

beforeEach(() => {
	jest.spyOn(Date, 'now').mockReturnValue(NOW * 1000)
})

afterEach(() => {
	jest.restoreAllMocks()
})

describe('DeletedFiles', () => {
	it('lists each deleted file: its path in the folder, size, when it was deleted and on which drive', () => {
		const wrapper = mount(DeletedFiles, {
			props: {
				files: [
					deleted(),
					deleted({ targetId: 2, targetName: 'NFS share', path: '2025/Summer/boat.jpg', size: 5.25 * 1024 ** 2, trashedAt: NOW - 5 * 86400 }),
				],
			},
		})
		expect(wrapper.find('h3').text()).toBe('Deleted files kept on the mirror drive')
		const items = wrapper.findAll('li')
		expect(items).toHaveLength(2)

		expect(items[0].find('.mirror-history__path').text()).toBe('beach.jpg')
		expect(items[0].find('.mirror-history__size').text()).toBe('2 KB')
		expect(items[0].find('.mirror-history__meta').findAll(':scope > span').map((part) => part.text())).toEqual(['Deleted 10 minutes ago', 'On USB drive'])
		expect(items[0].findComponent(NcDateTime).props('timestamp')).toBe((NOW - 600) * 1000)

		const path = items[1].find('.mirror-history__path')
		expect(path.text()).toBe('2025/Summer/boat.jpg')
		// shortened with an ellipsis when long: the whole path as its tooltip
		expect(path.attributes('title')).toBe('2025/Summer/boat.jpg')
		expect(items[1].text()).toContain('5.3 MB')
		expect(items[1].text()).toContain('Deleted 5 days ago')
		expect(items[1].text()).toContain('On NFS share')
	})

	it('says in a line that none is kept, and offers nothing to restore', () => {
		const wrapper = mount(DeletedFiles, { props: { files: [], restorable: true } })
		expect(wrapper.find('ul').exists()).toBe(false)
		expect(wrapper.find('button').exists()).toBe(false)
		expect(wrapper.find('.mirror-history__empty').text()).toBe('No deleted file of this folder is kept on the mirror drive.')
	})

	it('says in a line that they could not be loaded', () => {
		const wrapper = mount(DeletedFiles, { props: { files: null, restorable: true } })
		expect(wrapper.find('ul').exists()).toBe(false)
		expect(wrapper.find('button').exists()).toBe(false)
		expect(wrapper.find('.mirror-history__error').text()).toBe('The deleted files could not be loaded.')
	})

	describe('restoring', () => {
		afterEach(() => {
			document.body.innerHTML = ''
		})

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

		function checkboxes(): HTMLInputElement[] {
			return [...(dialog()?.querySelectorAll<HTMLInputElement>('input[type="checkbox"]') ?? [])]
		}

		async function openDialog(files: MirrorDeletedFile[]) {
			const wrapper = mount(DeletedFiles, { props: { files, restorable: true }, attachTo: document.body })
			const open = wrapper.findAll('button').find((b) => b.text() === 'Restore deleted files …')
			expect(open).toBeDefined()
			await open!.trigger('click')
			await flushPromises()
			return wrapper
		}

		it('shows what would come back, every file chosen, and restores the ones left chosen', async () => {
			const files = [deleted({ id: 11, path: 'beach.jpg' }), deleted({ id: 12, path: '2025/boat.jpg' }), deleted({ id: 13, path: 'sun.jpg' })]
			const wrapper = await openDialog(files)
			expect(dialog()).not.toBeNull()
			expect(dialog()!.textContent).toContain('These files come back where they were.')
			expect(dialog()!.textContent).toContain('nothing is overwritten')
			const text = dialog()!.textContent ?? ''
			expect(['beach.jpg', '2025/boat.jpg', 'sun.jpg'].every((path) => text.includes(path))).toBe(true)
			// "All", then one per file, all checked
			expect(checkboxes()).toHaveLength(4)
			expect(checkboxes().map((box) => box.checked)).toEqual([true, true, true, true])
			expect(dialogButton('Restore 3 files')).toBeDefined()

			checkboxes()[2].click() // 2025/boat.jpg
			await flushPromises()
			expect(checkboxes().map((box) => box.checked)).toEqual([false, true, false, true])
			dialogButton('Restore 2 files').click()
			await flushPromises()
			expect(wrapper.emitted('restore')).toEqual([[[11, 13]]])
		})

		it('chooses none or all at once, and restores nothing with none chosen or when cancelled', async () => {
			const wrapper = await openDialog([deleted({ id: 21 }), deleted({ id: 22, path: 'b.jpg' })])
			checkboxes()[0].click() // All: off
			await flushPromises()
			expect(checkboxes().map((box) => box.checked)).toEqual([false, false, false])
			expect(dialogButton('Restore 0 files').disabled).toBe(true)

			checkboxes()[0].click() // All: on again
			await flushPromises()
			expect(checkboxes().map((box) => box.checked)).toEqual([true, true, true])
			dialogButton('Cancel').click()
			await flushPromises()
			expect(wrapper.emitted('restore')).toBeUndefined()
		})

		it('offers no restore to whom the folder is only shared with', () => {
			const wrapper = mount(DeletedFiles, { props: { files: [deleted()], restorable: false } })
			expect(wrapper.findAll('li')).toHaveLength(1)
			expect(wrapper.find('button').exists()).toBe(false)
		})

		it('starts no other restore while one is under way', () => {
			const wrapper = mount(DeletedFiles, { props: { files: [deleted()], restorable: true, busy: true } })
			expect(wrapper.find('button').attributes('disabled')).toBeDefined()
		})
	})
})

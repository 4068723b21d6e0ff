/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

// The events reach whoever subscribes through @nextcloud/event-bus (as the Files app does), with a
// node of the right @nextcloud/files that says where the file is and what it is.

import { subscribe, unsubscribe } from '@nextcloud/event-bus'
import { File as File3, Permission } from '@nextcloud/files'
import { File as File4 } from '@nextcloud/files-4'
import * as nodes3 from './filesListNodes3'
import * as nodes4 from './filesListNodes4'

const restored = { fileId: 77, path: 'Notes/plan (restored).txt', mtime: 1_800_000_000, size: 3000, mime: 'text/plain', owner: 'alice', permissions: 27 }

describe.each([
	['Nextcloud 32 (@nextcloud/files 3)', nodes3, File3],
	['Nextcloud 33+ (@nextcloud/files 4)', nodes4, File4],
])('on %s', (_, events, FileClass) => {
	const created = jest.fn()
	const updated = jest.fn()
	beforeEach(() => {
		subscribe('files:node:created', created)
		subscribe('files:node:updated', updated)
	})
	afterEach(() => {
		unsubscribe('files:node:created', created)
		unsubscribe('files:node:updated', updated)
	})

	it('emits files:node:created with a File node of the restored file', () => {
		events.announce([restored])
		expect(updated).not.toHaveBeenCalled()
		expect(created).toHaveBeenCalledTimes(1)
		const node = created.mock.calls[0][0]
		expect(node).toBeInstanceOf(FileClass)
		expect(node.fileid).toBe(77)
		expect(node.basename).toBe('plan (restored).txt')
		expect(node.path).toBe('/Notes/plan (restored).txt')
		expect(node.dirname).toBe('/Notes')
		expect(node.source).toBe('http://localhost/remote.php/dav/files/admin/Notes/plan (restored).txt')
		expect(node.encodedSource).toBe('http://localhost/remote.php/dav/files/admin/Notes/plan%20(restored).txt')
		expect(node.root).toBe('/files/admin')
		expect(node.owner).toBe('alice')
		expect(node.mime).toBe('text/plain')
		expect(node.size).toBe(3000)
		expect(node.mtime.getTime()).toBe(1_800_000_000_000)
		expect(node.permissions).toBe(Permission.READ | Permission.UPDATE | Permission.DELETE | Permission.SHARE)
	})

	it('emits one event per file', () => {
		events.announce([restored, { ...restored, fileId: 78, path: 'Notes/old.txt' }])
		expect(created.mock.calls.map(([node]) => node.fileid)).toEqual([77, 78])
	})
})

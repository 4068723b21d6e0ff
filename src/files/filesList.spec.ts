/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import type { MirrorRestoreResult } from '../types/status'

import { showRestoredInFiles } from './filesList'
import { filesApiVersion } from './filesApiVersion'

jest.mock('./filesApiVersion', () => ({ filesApiVersion: jest.fn() }))
const version = filesApiVersion as jest.MockedFunction<typeof filesApiVersion>

const node = (path: string, fileId: number) => ({ fileId, path, mtime: 1_800_000_000, size: 5000, mime: 'text/plain', owner: 'alice', permissions: 27 })
const result: MirrorRestoreResult = {
	restored: 1, skipped: 1, mismatched: 1, failed: 0, more: false,
	files: [
		{ path: 'Notes/old.txt', to: 'Notes/old.txt', fileId: 7, node: node('Notes/old.txt', 7), result: 'restored', reason: '' },
		{ path: 'Notes/same.txt', to: 'Notes/same.txt', fileId: 8, node: node('Notes/same.txt', 8), result: 'skipped', reason: 'already_there' },
		{ path: 'Notes/bad.txt', to: 'Notes/bad.txt', fileId: null, node: null, result: 'mismatched', reason: 'mismatch' },
	],
}

describe('showRestoredInFiles', () => {
	const events3 = { announce: jest.fn() }
	const events4 = { announce: jest.fn() }
	const load3 = jest.fn(async () => events3)
	const load4 = jest.fn(async () => events4)

	it.each([[3 as const, events3, events4], [4 as const, events4, events3]])('on @nextcloud/files %p announces the files that came back, with that library\'s nodes', async (api, used, unused) => {
		version.mockReturnValue(api)
		await showRestoredInFiles(result, load3, load4)
		expect(used.announce).toHaveBeenCalledWith([node('Notes/old.txt', 7)])
		expect(unused.announce).not.toHaveBeenCalled()
	})

	it('loads nothing when nothing came back', async () => {
		version.mockReturnValue(3)
		await showRestoredInFiles({ ...result, restored: 0, files: result.files.slice(1) }, load3, load4)
		expect(load3).not.toHaveBeenCalled()
		expect(load4).not.toHaveBeenCalled()
	})

	it('sends nothing on a page that does not say which Files it is', async () => {
		version.mockReturnValue(null)
		await showRestoredInFiles(result, load3, load4)
		expect(load3).not.toHaveBeenCalled()
		expect(load4).not.toHaveBeenCalled()
	})
})

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import type { MirrorFileTarget, MirrorRestoreResult, MirrorTrashVersion } from '../types/status'

import { isAxiosError } from '../services/http'
import { n, t } from '@nextcloud/l10n'
import { ref } from 'vue'
import { showRestoredInFiles } from '../files/filesList'
import { restoreDeletedFiles, restoreFileVersion } from '../services/filesApi'

/** A line of what a restore did, as the tab shows it (an NcNoteCard of this type). */
export interface RestoreNote {
	type: 'success' | 'info' | 'error'
	text: string
}

/** The last name of a path in the user's files. */
function basename(path: string): string {
	return path.slice(path.lastIndexOf('/') + 1)
}

/** Why a restore was refused: the server's own words (translated there), or a plain sentence. */
function errorText(error: unknown): string {
	if (isAxiosError(error)) {
		if (error.response?.status === 404) {
			// gone meanwhile (another tab restored it, retention pruned it), or never the user's
			return t('mirror', 'This is no longer kept on the mirror drive.')
		}
		const data: unknown = error.response?.data?.ocs?.data
		if (typeof data === 'object' && data !== null && 'message' in data && typeof data.message === 'string' && data.message !== '') {
			return data.message
		}
	}
	return t('mirror', 'The restore failed. Nothing was changed.')
}

/** What a restore did: the restored name, or counts, and every file that did not come back. */
function describe(result: MirrorRestoreResult): RestoreNote[] {
	const notes: RestoreNote[] = []
	const [only] = result.files
	if (result.files.length === 1 && only.result === 'restored') {
		notes.push({ type: 'success', text: t('mirror', 'Restored as "{name}"', { name: basename(only.to) }, { escape: false, sanitize: false }) })
	} else if (result.files.length === 1 && only.result === 'skipped') {
		notes.push({ type: 'info', text: t('mirror', 'The same file is already there: "{name}"', { name: basename(only.to) }, { escape: false, sanitize: false }) })
	} else {
		if (result.restored > 0) {
			notes.push({ type: 'success', text: n('mirror', '%n file restored', '%n files restored', result.restored) })
		}
		if (result.skipped > 0) {
			notes.push({ type: 'info', text: n('mirror', '%n file was already there', '%n files were already there', result.skipped) })
		}
	}
	if (result.mismatched > 0) {
		notes.push({ type: 'error', text: n('mirror', '%n file was not restored: its copy on the mirror drive does not match its checksum.',
			'%n files were not restored: their copies on the mirror drive do not match their checksums.', result.mismatched) })
	}
	if (result.failed > 0) {
		notes.push({ type: 'error', text: n('mirror', '%n file could not be restored.', '%n files could not be restored.', result.failed) })
	}
	if (result.more) {
		notes.push({ type: 'info', text: t('mirror', 'More deleted files are kept: restore again for the rest.') })
	}
	return notes
}

/**
 * Restores from the sidebar: one request at a time, what it did in `notes` (for the tab to show
 * beside the buttons), and the tab's data refreshed afterwards (whatever happened).
 */
export function useRestore(fileId: () => number, refresh: () => Promise<void>) {
	const busy = ref(false)
	const notes = ref<RestoreNote[]>([])

	async function run(request: () => Promise<MirrorRestoreResult>): Promise<MirrorRestoreResult | null> {
		if (busy.value) {
			return null
		}
		busy.value = true
		notes.value = []
		const asked = fileId()
		let result: MirrorRestoreResult | null = null
		let told: RestoreNote[]
		try {
			result = await request()
			told = describe(result)
			// the Files list shows what came back without a reload
			showRestoredInFiles(result).catch((error: unknown) => console.error('mirror: could not show the restored files in the Files list', error))
		} catch (error) {
			told = [{ type: 'error', text: errorText(error) }]
		} finally {
			busy.value = false
		}
		// told about the file it was for, not one the sidebar moved to meanwhile
		if (fileId() === asked) {
			notes.value = told
		}
		await refresh()
		return result
	}

	return {
		busy,
		notes,
		/** Forgets what the last restore did (another file is shown). */
		forget: () => {
			notes.value = []
		},
		/** An earlier version, next to the current file. */
		restoreVersion: (version: MirrorTrashVersion) => run(() => restoreFileVersion(fileId(), { trashId: version.id })),
		/** The copy on a mirror drive, next to the current file. */
		restoreCopy: (target: MirrorFileTarget) => run(() => restoreFileVersion(fileId(), { targetId: target.id })),
		/** A folder's deleted files, where they were. */
		restoreDeleted: (ids: number[]) => run(() => restoreDeletedFiles(fileId(), ids)),
	}
}

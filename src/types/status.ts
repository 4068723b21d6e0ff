/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

// The per-file and personal OCS answers, as lib/ResponseDefinitions.php (served by lib/Status/FileDetailsService.php and
// lib/Status/PersonalStatusService.php) describes them (psalm types of the same names).

/** A file over all enabled targets. */
export type MirrorState = 'replicated' | 'pending' | 'failed'

/** A file on one target; 'none': no copy yet and nothing queued (the periodic check queues it). */
export type MirrorTargetState = MirrorState | 'none'

export interface MirrorFileTarget {
	id: number
	name: string
	online: boolean
	offlineReason: string | null
	state: MirrorTargetState
	replicatedAt: number | null
	size: number | null
	checksum: string | null
	/** The copy holds the file's current version. */
	current: boolean
	queuedAt: number | null
	nextAttemptAt: number | null
	attempts: number
	errorCode: string | null
	/** Why the copy failed, in the reader's language (never a path on the server); null unless failed. */
	error: string | null
}

export interface MirrorFolderTarget {
	id: number
	name: string
	online: boolean
	offlineReason: string | null
	replicated: number
	pending: number
	failed: number
	none: number
}

export interface MirrorFolderCounts {
	files: number
	replicated: number
	pending: number
	failed: number
	targets: MirrorFolderTarget[]
}

export interface MirrorFileStatus {
	fileId: number
	type: 'file' | 'folder'
	inScope: boolean
	state: MirrorState | null
	targets: MirrorFileTarget[]
	folder: MirrorFolderCounts | null
}

export interface MirrorPersonalTarget {
	id: number
	name: string
	files: number
	replicated: number
	pending: number
	failed: number
	bytes: number
	lastReplicatedAt: number | null
	oldestPending: { fileId: number, path: string | null, since: number } | null
}

export interface MirrorPersonalStatus {
	targets: MirrorPersonalTarget[]
}

/** Why a copy went to the mirror trash (TrashEntry's reasons): the file changed, another file took its place, it was deleted. */
export type MirrorTrashReason = 'overwritten' | 'replaced' | 'deleted'

/** An earlier content of a file, kept in a mirror drive's trash. Times in Unix seconds. */
export interface MirrorTrashVersion {
	/** The trash entry: what a restore asks for (trashId, or one of a folder's ids). */
	id: number
	targetId: number
	/** The mirror drive's name, as the administrator set it. */
	targetName: string
	/** When it went to the trash. */
	trashedAt: number
	size: number
	/** When that content was last modified. */
	mtime: number
	/** One of MirrorTrashReason; a string, as the server may add reasons. */
	reason: string
}

/** A file deleted from a folder whose last copy is still in a mirror drive's trash. */
export interface MirrorDeletedFile extends MirrorTrashVersion {
	/** Where it was, relative to the folder asked about. */
	path: string
}

export interface MirrorFileHistory {
	fileId: number
	/** The current user owns the file and may restore from it (one shared with them is only shown). */
	restorable: boolean
	/** A file's earlier contents, newest first; empty for a folder. */
	versions: MirrorTrashVersion[]
	/** A folder's deleted files; empty for a file. */
	deleted: MirrorDeletedFile[]
}

/** Why a file was not simply restored: '' when it was. */
export type MirrorRestoreReason = '' | 'already_there' | 'mismatch' | 'not_on_drive' | 'error'

/** One file of a restore, paths in the user's own files. */
export interface MirrorRestoredFile {
	/** Where it was. */
	path: string
	/** Where it is now: next to a different file standing at its place ("photo (restored).jpg"). */
	to: string
	/** The restored (or already present) file; null when it was not restored. */
	fileId: number | null
	result: 'restored' | 'skipped' | 'mismatched' | 'failed'
	reason: MirrorRestoreReason
}

/** What a restore from the sidebar did (POST .../restore, .../restore-deleted). */
export interface MirrorRestoreResult {
	restored: number
	/** The same bytes were already there. */
	skipped: number
	/** The copy on the drive failed its sha256: not restored. */
	mismatched: number
	failed: number
	/** More deleted files are left than one request restores. */
	more: boolean
	files: MirrorRestoredFile[]
}

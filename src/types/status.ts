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

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

// The admin API's answers: one interface per schema of openapi.json, same names, same fields
// (src/types/admin.spec.ts fails when they drift apart). The PHP side is lib/ResponseDefinitions.php.

export type TargetStateReason = 'disabled' | 'not_found' | 'not_directory' | 'marker_missing' | 'marker_mismatch' | 'not_writable' | 'full'

/** What the mounted drive's filesystem takes. */
export interface DriveFilesystem {
	type: string
	/** names with : * ? " < > | \\ are kept under look-alike characters */
	encodesNames: boolean
	/** how: full-width look-alikes (：？), or %3A where the drive takes no look-alike either */
	encoding: 'lookalike' | 'percent' | null
	/** the largest file it holds (FAT32: 4 GiB - 1), null for no limit */
	maxFileSize: number | null
	/** the drive does not tell "a.jpg" from "A.jpg": the one mirrored later is kept as "A (case 2).jpg" */
	caseInsensitive: boolean
}

export interface TargetState {
	online: boolean
	reason: TargetStateReason | null
	message: string
	freeBytes: number | null
	totalBytes: number | null
	/** null while the drive is offline */
	filesystem: DriveFilesystem | null
}

export interface ResyncProgress {
	targetId: number
	/** Users are still being compared with the target. */
	running: boolean
	requestedAt: number | null
	usersTotal: number
	/** Comparisons (and folder work) not done yet. */
	usersRemaining: number
	filesPending: number
}

export interface Target {
	id: number
	uuid: string
	name: string
	path: string
	enabled: boolean
	createdAt: number
	/** plugged in now and then: unplugged (resting) is its normal state, it catches up when plugged in */
	offlineDrive: boolean
	/** an offline drive: since when its drive is plugged in; null while it rests */
	presentSince: number | null
	/** an offline drive: when it was last completely caught up (synced, manifests written) */
	lastCompleteAt: number | null
	state: TargetState
	pending: number
	failed: number
	/** failed files blocked by a symbolic link on the drive (never followed) */
	unsafeLinks: number
	lastReplicatedAt: number | null
	resync: ResyncProgress
}

export interface RemovedTarget {
	id: number
	name: string
	path: string
}

export interface UserStatus {
	userId: string
	displayName: string
	/** the user's folder on the drive: the user id, percent-encoded where it is not safe as a folder name */
	folder: string
	targetId: number
	files: number
	replicated: number
	pending: number
	failed: number
	bytes: number
	lastReplicatedAt: number | null
}

export type SortColumn = 'displayName' | 'userId' | 'files' | 'replicated' | 'pending' | 'failed' | 'bytes' | 'lastReplicatedAt' | 'progress'
export type SortDirection = 'asc' | 'desc'

export interface StatusPage {
	rows: UserStatus[]
	total: number
	offset: number
	limit: number
	sort: string
	direction: SortDirection
	filter: string
}

export interface Failure {
	id: number
	userId: string
	displayName: string
	targetId: number
	targetName: string
	fileId: number
	kind: string
	path: string | null
	error: string
	attempts: number
	nextAttemptAt: number
}

export interface FailurePage {
	failures: Failure[]
	hasMore: boolean
}

export interface Retried {
	retried: number
}

export type ConditionType = 'offline' | 'full' | 'filling' | 'failing' | 'lagging' | 'damaged' | 'reminder' | 'race'
export type ConditionSeverity = 'error' | 'warning'

/** Something about a target people must know, as the last health check (every 5 minutes) found it. */
export interface Condition {
	targetId: number
	targetName: string
	type: ConditionType
	/** offline is an error (nothing is backed up), the rest are warnings */
	severity: ConditionSeverity
	/** Unix time it began (offline: when the drive was first seen missing) */
	since: number
	/** offline: why, a {@link TargetStateReason} */
	reason: string | null
	/** offline: the target state's message */
	message: string | null
	/** full, filling */
	freeBytes: number | null
	totalBytes: number | null
	/** full, filling: at the rate of the last week; null when it is not shrinking */
	daysLeft: number | null
	/** failing: failed files; damaged: damaged copies */
	count: number | null
	/** reminder: days since the offline drive's last complete copy */
	days: number | null
	/** failing: the first few, "alice/Photos/a.jpg" */
	files: string[]
}

/** The thresholds of the health check and who is told. */
export interface HealthSettings {
	offlineGraceMinutes: number
	reservePercent: number
	reserveGigabytes: number
	fillingDays: number
	failingHours: number
	laggingHours: number
	offlineReminderDays: number
	notifyGroup: string
}

export interface Health {
	/** errors first */
	conditions: Condition[]
	settings: HealthSettings
}

/** A group the notified group can be (cloud/groups/details of the provisioning API, not openapi.json). */
export interface GroupOption {
	id: string
	displayName: string
}

export interface ApiError {
	message: string
	field?: string
}

export interface StatusQuery {
	offset: number
	limit: number
	sort: SortColumn
	direction: SortDirection
	filter: string
	targetId?: number | null
}

/** A user whose destructive changes the tripwire holds. */
export interface HeldUser {
	userId: string
	displayName: string
	trippedAt: number
	/** 'rate' (too many changes within an hour) or 'signature' (a file no longer looks like its type) */
	reason: string
	/** the file that no longer looked like its type */
	detail: string | null
	heldChanges: number
}

export interface TripwireThresholds {
	maxChanges: number
	percent: number
	minChanges: number
}

export interface Tripwire {
	held: HeldUser[]
	settings: TripwireThresholds
}

export interface TrashSettings {
	/** days the mirror trash is kept (1 to 36500) */
	retentionDays: number
}

export type RestoreMode = 'new' | 'overwrite' | 'skip'
export type RestoreResult = 'restored' | 'skipped' | 'mismatched' | 'failed'
export type RestoreState = 'queued' | 'running' | 'done' | 'failed'

/** One file of a restore: where it goes, and what happened (or would happen) to it. */
export interface RestoreFile {
	path: string
	to: string
	result: RestoreResult
	/** why it was not simply restored; empty when it was */
	why: string
}

/** A dry run of the first files of a restore. */
export interface RestorePreview {
	total: number
	checked: number
	/** every file was checked (false: only the first ones) */
	complete: boolean
	restored: number
	skipped: number
	mismatched: number
	failed: number
	bytes: number
	files: RestoreFile[]
}

/** A restore run by a background job, and how far it got. */
export interface Restore {
	id: number
	userId: string
	targetId: number
	path: string
	version: string
	into: string
	mode: RestoreMode
	state: RestoreState
	total: number | null
	restored: number
	skipped: number
	mismatched: number
	failed: number
	bytes: number
	currentFile: string | null
	errors: RestoreFile[]
	message: string | null
	attempts: number
	createdAt: number
	startedAt: number | null
	finishedAt: number | null
}

export interface TrashDay {
	day: string
	entries: number
	bytes: number
}

/** What the admin asks to restore (POST /restores). */
export interface RestoreOptions {
	userId: string
	targetId: number
	path: string
	version: string
	into: string
	mode: RestoreMode
}

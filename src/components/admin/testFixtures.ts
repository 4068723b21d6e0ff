/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

// Data for the admin components' specs, shaped like the API's answers.

import type { Condition, Failure, Health, HealthSettings, HeldUser, StatusPage, Target, Tripwire, UserStatus } from '../../types/admin'

export const NOW_MS = Date.UTC(2026, 10, 26, 12, 0, 0)
export const NOW = NOW_MS / 1000

export function target(overrides: Partial<Target> = {}): Target {
	return {
		id: 1,
		uuid: '5dee6398-1ace-4d19-9a9d-b984a28f9481',
		name: 'USB drive',
		path: '/mnt/usb',
		enabled: true,
		createdAt: NOW - 86400,
		offlineDrive: false,
		presentSince: null,
		lastCompleteAt: null,
		node: null,
		readBack: 'auto',
		scrub: { running: false, startedAt: NOW - 7 * 86400, bytes: 0, bad: 0, checkedAt: NOW - 7 * 86400 + 3600, checkedBytes: 5 * 2 ** 30, checkedBad: 0 },
		offlineDrivePhase: null,
		state: { online: true, reason: null, message: 'Online.', freeBytes: 750 * 2 ** 30, totalBytes: 1000 * 2 ** 30, filesystem: { type: 'ext4', encodesNames: false, encoding: null, maxFileSize: null, caseInsensitive: false }, readBack: null, encrypted: false },
		pending: 3,
		failed: 0,
		unsafeLinks: 0,
		lastReplicatedAt: NOW - 300,
		resync: { targetId: 1, running: false, requestedAt: null, usersTotal: 4, usersRemaining: 0, filesPending: 3 },
		...overrides,
	}
}

export function offlineTarget(overrides: Partial<Target> = {}): Target {
	return target({
		state: {
			online: false,
			reason: 'marker_missing',
			message: 'The marker file .nextcloud-mirror is missing in /mnt/usb: the drive is not mounted (or is a new, blank drive that must be adopted).',
			freeBytes: null,
			totalBytes: null,
			filesystem: null,
			readBack: null,
			encrypted: null,
		},
		...overrides,
	})
}

export function row(overrides: Partial<UserStatus> = {}): UserStatus {
	return {
		userId: 'alice',
		displayName: 'Alice',
		folder: overrides.userId ?? 'alice',
		targetId: 1,
		files: 10,
		replicated: 5,
		pending: 5,
		failed: 0,
		bytes: 5 * 2 ** 20,
		lastReplicatedAt: NOW - 60,
		...overrides,
	}
}

export function statusPage(rows: UserStatus[], overrides: Partial<StatusPage> = {}): StatusPage {
	return { rows, total: rows.length, offset: 0, limit: 25, sort: 'displayName', direction: 'asc', filter: '', ...overrides }
}

export function failure(overrides: Partial<Failure> = {}): Failure {
	return {
		id: 42,
		userId: 'alice',
		displayName: 'Alice',
		targetId: 1,
		targetName: 'USB drive',
		fileId: 1234,
		kind: 'file',
		path: 'Photos/2026/bad:name.jpg',
		error: 'The drive refuses the name "bad:name.jpg".',
		attempts: 3,
		nextAttemptAt: NOW + 600,
		...overrides,
	}
}

export function condition(overrides: Partial<Condition> = {}): Condition {
	return {
		targetId: 1,
		targetName: 'USB drive',
		type: 'offline',
		severity: overrides.type === undefined || overrides.type === 'offline' ? 'error' : 'warning',
		since: NOW - 2 * 3600,
		reason: null,
		message: null,
		freeBytes: null,
		totalBytes: null,
		daysLeft: null,
		count: null,
		days: null,
		files: [],
		node: null,
		...overrides,
	}
}

export function healthSettings(overrides: Partial<HealthSettings> = {}): HealthSettings {
	return {
		offlineGraceMinutes: 30,
		reservePercent: 5,
		reserveGigabytes: 10,
		fillingDays: 14,
		failingHours: 24,
		laggingHours: 24,
		offlineReminderDays: 30,
		notifyGroup: 'admin',
		...overrides,
	}
}

export function health(conditions: Condition[] = [], settings: Partial<HealthSettings> = {}): Health {
	return { conditions, settings: healthSettings(settings) }
}

/** An error as the app's requests reject with it when the server refuses (OCS envelope), as src/services/http.ts does. */
export function httpError(status: number, data: Record<string, unknown>, metaMessage = '') {
	return Object.assign(new Error('Request failed with status code ' + status), {
		isAxiosError: true,
		response: { status, data: { ocs: { meta: { status: 'failure', message: metaMessage }, data } } },
	})
}

export function heldUser(overrides: Partial<HeldUser> = {}): HeldUser {
	return {
		userId: 'anna',
		displayName: 'Anna',
		trippedAt: NOW - 3600,
		reason: 'signature',
		detail: 'Photos/beach.jpg',
		heldChanges: 3,
		...overrides,
	}
}

export function tripwire(held: HeldUser[] = []): Tripwire {
	return { held, settings: { maxChanges: 500, percent: 20, minChanges: 50 } }
}

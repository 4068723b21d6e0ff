/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

// The admin page's only door to the server: /ocs/v2.php/apps/mirror/api/v1/ (see openapi.json), and
// the provisioning API's group list for the notified group.

import type {
	ApiError,
	Coverage,
	ExclusionRules,
	Exclusions,
	ExternalStorage,
	ExternalStorageMode,
	FailurePage,
	GroupOption,
	Health,
	HealthSettings,
	RecoveryKey,
	RemovedTarget,
	Restore,
	RestoreOptions,
	RestorePreview,
	ResyncProgress,
	Retried,
	StatusPage,
	StatusQuery,
	Target,
	TrashDay,
	TrashSettings,
	Tripwire,
} from '../types/admin'

import type { PwdConfirmationMode } from '@nextcloud/password-confirmation'

import axios, { isAxiosError } from './http'
import { t } from '@nextcloud/l10n'
import { generateOcsUrl } from '@nextcloud/router'

interface OcsResponse<T> {
	ocs: { meta: { message?: string }, data: T }
}

function url(path: string, params?: object): string {
	return generateOcsUrl('/apps/mirror/api/v1/' + path, params)
}

// OCS wants this header from browsers (src/services/http.ts sends the CSRF token).
const headers = { 'OCS-APIRequest': 'true' }

export async function listTargets(): Promise<Target[]> {
	const response = await axios.get<OcsResponse<Target[]>>(url('targets'), { headers })
	return response.data.ocs.data
}

/**
 * Adds a target; a refusal (400) carries the field at fault, see {@link describeError}. Asks for the
 * password first unless it was confirmed in the last 30 minutes, as every change to a target does.
 */
export async function createTarget(path: string, name: string, offlineDrive = false): Promise<Target> {
	const response = await axios.post<OcsResponse<Target>>(url('targets'), { path, name, offlineDrive }, await confirmed())
	return response.data.ocs.data
}

export async function updateTarget(id: number, changes: { name?: string, enabled?: boolean, offlineDrive?: boolean, node?: string, readBack?: Target['readBack'] }): Promise<Target> {
	const response = await axios.patch<OcsResponse<Target>>(url('targets/{id}', { id }), changes, await confirmed())
	return response.data.ocs.data
}

/** Forgets the target; the files on the drive stay. */
export async function removeTarget(id: number): Promise<RemovedTarget> {
	const response = await axios.delete<OcsResponse<RemovedTarget>>(url('targets/{id}', { id }), await confirmed())
	return response.data.ocs.data
}

export async function checkTarget(id: number): Promise<Target> {
	const response = await axios.post<OcsResponse<Target>>(url('targets/{id}/check', { id }), undefined, { headers })
	return response.data.ocs.data
}

export async function startResync(id: number): Promise<ResyncProgress> {
	const response = await axios.post<OcsResponse<ResyncProgress>>(url('targets/{id}/resync', { id }), undefined, { headers })
	return response.data.ocs.data
}

export async function getResyncProgress(id: number): Promise<ResyncProgress> {
	const response = await axios.get<OcsResponse<ResyncProgress>>(url('targets/{id}/resync', { id }), { headers })
	return response.data.ocs.data
}

export async function getStatus(query: StatusQuery): Promise<StatusPage> {
	const params: Record<string, string | number> = {
		offset: query.offset,
		limit: query.limit,
		sort: query.sort,
		direction: query.direction,
		filter: query.filter,
	}
	if (query.targetId !== undefined && query.targetId !== null) {
		params.targetId = query.targetId
	}
	const response = await axios.get<OcsResponse<StatusPage>>(url('status'), { params, headers })
	return response.data.ocs.data
}

export async function listFailures(limit: number, offset = 0): Promise<FailurePage> {
	const response = await axios.get<OcsResponse<FailurePage>>(url('failures'), { params: { limit, offset }, headers })
	return response.data.ocs.data
}

export async function retryFailure(id: number): Promise<Retried> {
	const response = await axios.post<OcsResponse<Retried>>(url('failures/{id}/retry', { id }), undefined, { headers })
	return response.data.ocs.data
}

export async function retryAllFailures(): Promise<Retried> {
	const response = await axios.post<OcsResponse<Retried>>(url('failures/retry'), undefined, { headers })
	return response.data.ocs.data
}

/** What the last health check (every 5 minutes) found, errors first, and its settings. */
export async function getHealth(): Promise<Health> {
	const response = await axios.get<OcsResponse<Health>>(url('health'), { headers })
	return response.data.ocs.data
}

/**
 * Changes some thresholds or the notified group; the answer is checked with the new settings. A
 * refusal (400) names the setting at fault in `field`, and nothing is saved.
 */
export async function updateHealthSettings(changes: Partial<HealthSettings>): Promise<Health> {
	const response = await axios.put<OcsResponse<Health>>(url('health/settings'), changes, { headers })
	return response.data.ocs.data
}

/** The users whose changes the tripwire holds (since when, why, how many wait), and its thresholds. */
export async function getTripwire(): Promise<Tripwire> {
	const response = await axios.get<OcsResponse<Tripwire>>(url('tripwire'), { headers })
	return response.data.ocs.data
}

/**
 * Lets the held changes of a user through (`discard` false: they reach the mirror) or drops them
 * (`discard` true: the mirror keeps the copies it has). Answers with the held users left.
 */
export async function releaseHeldUser(userId: string, discard: boolean): Promise<Tripwire> {
	const response = await axios.post<OcsResponse<Tripwire>>(url('tripwire/{userId}/release', { userId }), { discard }, await confirmed())
	return response.data.ocs.data
}

export async function getTrashSettings(): Promise<TrashSettings> {
	const response = await axios.get<OcsResponse<TrashSettings>>(url('trash/settings'), { headers })
	return response.data.ocs.data
}

/** A refusal (400, out of 1..36500) carries the message and the field, see {@link describeError}. */
export async function updateTrashSettings(settings: TrashSettings): Promise<TrashSettings> {
	const response = await axios.put<OcsResponse<TrashSettings>>(url('trash/settings'), settings, { headers })
	return response.data.ocs.data
}

export async function getExclusions(): Promise<Exclusions> {
	const response = await axios.get<OcsResponse<Exclusions>>(url('exclusions'), { headers })
	return response.data.ocs.data
}

/** A refusal (400: a bad pattern, an unknown user or group) carries the message and the field, see {@link describeError}. */
export async function updateExclusions(rules: ExclusionRules): Promise<Exclusions> {
	const response = await axios.put<OcsResponse<Exclusions>>(url('exclusions'), rules, { headers })
	return response.data.ocs.data
}

export async function getExternalStorages(): Promise<ExternalStorage[]> {
	const response = await axios.get<OcsResponse<ExternalStorage[]>>(url('external'), { headers })
	return response.data.ocs.data
}

/** A refusal (400: a mode not available, with its code; 404: no such storage) carries the message, see {@link describeError}. */
export async function setExternalStorageMode(id: number, mode: ExternalStorageMode): Promise<ExternalStorage> {
	const response = await axios.put<OcsResponse<ExternalStorage>>(url('external/' + id), { mode }, { headers })
	return response.data.ocs.data
}

export async function getCoverage(): Promise<Coverage> {
	const response = await axios.get<OcsResponse<Coverage>>(url('coverage'), { headers })
	return response.data.ocs.data
}

/** A dry run of the first files; a refusal (400/404) carries the message, see {@link describeError}. */
export async function previewRestore(options: RestoreOptions): Promise<RestorePreview> {
	const response = await axios.post<OcsResponse<RestorePreview>>(url('restores'), { ...options, dryRun: true }, { headers })
	return response.data.ocs.data
}

/**
 * Records the restore; a background job runs it (follow it with {@link getRestore}). One that
 * overwrites files goes to its own URL, which wants the password confirmed (the dialog asks first).
 */
export async function startRestore(options: RestoreOptions): Promise<Restore> {
	if (options.mode === 'overwrite') {
		const { mode: _mode, ...rest } = options
		const response = await axios.post<OcsResponse<Restore>>(url('restores/overwrite'), rest, await confirmed())
		return response.data.ocs.data
	}
	const response = await axios.post<OcsResponse<Restore>>(url('restores'), { ...options, dryRun: false }, { headers })
	return response.data.ocs.data
}

export async function getRestore(id: number): Promise<Restore> {
	const response = await axios.get<OcsResponse<Restore>>(url('restores/{id}', { id }), { headers })
	return response.data.ocs.data
}

/** The days of which the target's mirror trash holds the user's files, newest first. */
export async function listTrashDays(userId: string, targetId: number): Promise<TrashDay[]> {
	const response = await axios.get<OcsResponse<TrashDay[]>>(url('restores/trash-days'), { params: { userId, targetId }, headers })
	return response.data.ocs.data
}

interface GroupDetails {
	id: string
	displayname: string
}

let passwordConfirmation: Promise<typeof import('@nextcloud/password-confirmation')> | null = null

/**
 * @nextcloud/password-confirmation, loaded with its dialog's style the first time it is needed (most
 * visits to the page never show the key), its interceptor added once to the shared axios.
 */
function loadPasswordConfirmation(): Promise<typeof import('@nextcloud/password-confirmation')> {
	passwordConfirmation ??= Promise.all([
		import(/* webpackChunkName: "password-confirmation" */ '@nextcloud/password-confirmation'),
		import(/* webpackChunkName: "password-confirmation" */ '@nextcloud/password-confirmation/style.css'),
	]).then(([module]) => {
		module.addPasswordConfirmationInterceptors(axios)
		return module
	})
	return passwordConfirmation
}

/**
 * The request options of a call the server protects with #[PasswordConfirmationRequired]: the dialog's
 * interceptor asks for the password when it was not confirmed in the last 30 minutes (lax mode), and the
 * request waits for it (rejected when the dialog is cancelled).
 */
async function confirmed(): Promise<{ headers: typeof headers, confirmPassword: PwdConfirmationMode }> {
	const { PwdConfirmationMode } = await loadPasswordConfirmation()
	return { headers, confirmPassword: PwdConfirmationMode.Lax }
}

/**
 * The recovery key. Asks for the admin's password first, every time: the server wants it in the
 * request itself (strict confirmation). Rejects when the dialog is cancelled.
 */
export async function getRecoveryKey(): Promise<RecoveryKey> {
	const { PwdConfirmationMode } = await loadPasswordConfirmation()
	const response = await axios.get<OcsResponse<RecoveryKey>>(url('recovery-key'), { headers, confirmPassword: PwdConfirmationMode.Strict })
	return response.data.ocs.data
}

/** Groups whose id or name contains `search` (Nextcloud's provisioning API, for admins). */
export async function listGroups(search: string, limit = 25): Promise<GroupOption[]> {
	const response = await axios.get<OcsResponse<{ groups: GroupDetails[] }>>(generateOcsUrl('/cloud/groups/details'), {
		params: { search, limit },
		headers,
	})
	return response.data.ocs.data.groups.map((group) => ({ id: group.id, displayName: group.displayname || group.id }))
}

/** What @nextcloud/password-confirmation rejects with when its dialog is closed without a password. */
const PASSWORD_DIALOG_CLOSED = 'Dialog closed'

export interface DescribedError extends ApiError {
	/** HTTP status, when the server answered at all. */
	status?: number
}

/**
 * What went wrong, for people: the server's message (and the field it refused) when it sent one,
 * else the transport's.
 */
export function describeError(error: unknown): DescribedError {
	if (isAxiosError(error) && error.response) {
		const ocs = (error.response.data as Partial<OcsResponse<Partial<ApiError>>> | undefined)?.ocs
		const message = ocs?.data?.message || ocs?.meta?.message || error.message
		const described: DescribedError = { message, status: error.response.status }
		if (typeof ocs?.data?.field === 'string') {
			described.field = ocs.data.field
		}
		if (typeof ocs?.data?.code === 'string') {
			described.code = ocs.data.code
		}
		return described
	}
	if (error instanceof Error && error.message === PASSWORD_DIALOG_CLOSED) {
		return { message: t('mirror', 'Nothing was changed: the password was not confirmed.') }
	}
	return { message: error instanceof Error ? error.message : String(error) }
}

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import type { MirrorFileHistory, MirrorFileStatus, MirrorPersonalStatus, MirrorRestoreResult } from '../types/status'

import axios from './http'
import { generateOcsUrl } from '@nextcloud/router'

interface OcsResponse<T> {
	ocs: { data: T }
}

/** The mirror state of a file (per target) or folder (counts); 404 for files the user cannot access. */
export async function getFileStatus(fileId: number): Promise<MirrorFileStatus> {
	const response = await axios.get<OcsResponse<MirrorFileStatus>>(generateOcsUrl('/apps/mirror/api/v1/files/{fileId}', { fileId }))
	return response.data.ocs.data
}

/** A file's earlier versions, or a folder's deleted files, kept in the mirror trash; 404 as above. */
export async function getFileHistory(fileId: number): Promise<MirrorFileHistory> {
	const response = await axios.get<OcsResponse<MirrorFileHistory>>(generateOcsUrl('/apps/mirror/api/v1/files/{fileId}/history', { fileId }))
	return response.data.ocs.data
}

/** Makes the file's failed copies due now; answers the state afterwards. */
export async function retryFile(fileId: number): Promise<MirrorFileStatus> {
	const response = await axios.post<OcsResponse<MirrorFileStatus>>(generateOcsUrl('/apps/mirror/api/v1/files/{fileId}/retry', { fileId }))
	return response.data.ocs.data
}

/** What to restore of a file: an earlier version (a trash entry of its history), or the copy on a mirror drive. */
export type RestoreSource = { trashId: number } | { targetId: number }

/** Restores an earlier version or the mirror copy of one's own file next to it (never over it); 404 for anyone else's. */
export async function restoreFileVersion(fileId: number, source: RestoreSource): Promise<MirrorRestoreResult> {
	const response = await axios.post<OcsResponse<MirrorRestoreResult>>(generateOcsUrl('/apps/mirror/api/v1/files/{fileId}/restore', { fileId }), source)
	return response.data.ocs.data
}

/** Restores deleted files of one's own folder where they were: these (ids from its history), or all listed when null. */
export async function restoreDeletedFiles(folderId: number, ids: number[] | null): Promise<MirrorRestoreResult> {
	const response = await axios.post<OcsResponse<MirrorRestoreResult>>(generateOcsUrl('/apps/mirror/api/v1/files/{fileId}/restore-deleted', { fileId: folderId }), ids === null ? {} : { ids })
	return response.data.ocs.data
}

/** The current user's own totals per target. */
export async function getPersonalStatus(): Promise<MirrorPersonalStatus> {
	const response = await axios.get<OcsResponse<MirrorPersonalStatus>>(generateOcsUrl('/apps/mirror/api/v1/personal'))
	return response.data.ocs.data
}

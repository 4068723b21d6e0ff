/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

import type { MirrorFileHistory, MirrorFileStatus, MirrorPersonalStatus } from '../types/status'

import axios from '@nextcloud/axios'
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

/** The current user's own totals per target. */
export async function getPersonalStatus(): Promise<MirrorPersonalStatus> {
	const response = await axios.get<OcsResponse<MirrorPersonalStatus>>(generateOcsUrl('/apps/mirror/api/v1/personal'))
	return response.data.ocs.data
}

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

// The admin API's answers, under the names the front end uses: each one is the schema of the same name
// in openapi-full.json, generated from lib/ResponseDefinitions.php and the controllers (`composer run
// openapi`, then `npm run typegen`). Only the last few types below are the front end's own.

import type { components, operations } from './openapi/openapi-full'

type Schemas = components['schemas']

export type DriveFilesystem = Schemas['DriveFilesystem']
export type TargetState = Schemas['TargetState']
export type TargetStateReason = NonNullable<TargetState['reason']>
export type ResyncProgress = Schemas['ResyncProgress']
export type Target = Schemas['Target']
export type RemovedTarget = Schemas['RemovedTarget']
export type UserStatus = Schemas['UserStatus']
export type StatusPage = Schemas['StatusPage']
export type Failure = Schemas['Failure']
export type FailurePage = Schemas['FailurePage']
export type Retried = Schemas['Retried']
export type Condition = Schemas['Condition']
export type ConditionType = Condition['type']
export type ConditionSeverity = Condition['severity']
export type HealthSettings = Schemas['HealthSettings']
export type Health = Schemas['Health']
export type ApiError = Schemas['ApiError']
/** The key that signs the manifests on the drives: 13 groups of four characters A-Z and 2-7. */
export type RecoveryKey = Schemas['RecoveryKey']
export type HeldUser = Schemas['HeldUser']
export type TripwireThresholds = Schemas['TripwireThresholds']
export type Tripwire = Schemas['Tripwire']
export type TrashSettings = Schemas['TrashSettings']
export type ExclusionRules = Schemas['ExclusionRules']
export type Exclusions = Schemas['Exclusions']
export type TrashPreview = Schemas['TrashPreview']
export type ExternalStorage = Schemas['ExternalStorage']
export type ExternalStorageMode = ExternalStorage['mode']
export type Coverage = Schemas['Coverage']
export type CoverageRow = Schemas['CoverageRow']
export type CoverageCount = Schemas['CoverageCount']
export type RestoreFile = Schemas['RestoreFile']
export type RestoreResult = RestoreFile['result']
export type RestorePreview = Schemas['RestorePreview']
export type Restore = Schemas['Restore']
export type RestoreMode = Restore['mode']
export type RestoreState = Restore['state']
export type TrashDay = Schemas['TrashDay']

type StatusParameters = NonNullable<operations['status-index']['parameters']['query']>

/** The columns GET /status sorts by. */
export type SortColumn = NonNullable<StatusParameters['sort']>
export type SortDirection = NonNullable<StatusParameters['direction']>
/** Where an offline drive is in its round: resting (unplugged), catching up, or caught up (safe to unplug). */
export type OfflineDrivePhase = NonNullable<Target['offlineDrivePhase']>

/** A group the notified group can be (cloud/groups/details of the provisioning API, not Mirror's openapi). */
export interface GroupOption {
	id: string
	displayName: string
}

export interface StatusQuery {
	offset: number
	limit: number
	sort: SortColumn
	direction: SortDirection
	filter: string
	targetId?: number | null
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


/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

// The per-file and personal OCS answers, under the names the front end uses: each one is the schema in
// openapi-full.json without the "Mirror" prefix of lib/ResponseDefinitions.php (`npm run typegen`).

import type { components } from './openapi/openapi-full'

type Schemas = components['schemas']

export type MirrorFileTarget = Schemas['FileTarget']
export type MirrorFolderTarget = Schemas['FolderTarget']
export type MirrorFolderCounts = Schemas['FolderCounts']
export type MirrorFileStatus = Schemas['FileStatus']
export type MirrorPersonalTarget = Schemas['PersonalTarget']
export type MirrorPersonalStatus = Schemas['PersonalStatus']
export type MirrorTrashVersion = Schemas['TrashVersion']
export type MirrorDeletedFile = Schemas['DeletedFile']
export type MirrorFileHistory = Schemas['FileHistory']
export type MirrorRestoredFile = Schemas['RestoredFile']
export type MirrorRestoredNode = Schemas['RestoredNode']
export type MirrorRestoreResult = Schemas['RestoreResult']
export type MirrorExclusion = Schemas['Exclusion']

/** A file on one target; 'none': no copy yet and nothing queued (the periodic check queues it). */
export type MirrorTargetState = MirrorFileTarget['state']

/** A file over all enabled targets. */
export type MirrorState = Exclude<MirrorTargetState, 'none'>

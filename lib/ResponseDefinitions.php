<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror;

/**
 * The shapes the API returns. openapi*.json are generated from them and the controllers' attributes
 * (`composer run openapi`), and the front end's types from openapi-full.json (`npm run typegen`).
 *
 * @psalm-type MirrorDriveFilesystem = array{
 *     type: string,
 *     encodesNames: bool,
 *     encoding: 'lookalike'|'percent'|null,
 *     maxFileSize: int|null,
 *     caseInsensitive: bool,
 * }
 *
 * @psalm-type MirrorTargetState = array{
 *     online: bool,
 *     reason: 'disabled'|'not_found'|'not_directory'|'marker_missing'|'marker_mismatch'|'not_writable'|'full'|'other_node'|null,
 *     message: string,
 *     freeBytes: int|null,
 *     totalBytes: int|null,
 *     filesystem: MirrorDriveFilesystem|null,
 *     readBack: 'fuse'|'removable'|'setting'|null,
 *     encrypted: bool|null,
 * }
 *
 * @psalm-type MirrorResyncProgress = array{
 *     targetId: int,
 *     running: bool,
 *     requestedAt: int|null,
 *     usersTotal: int,
 *     usersRemaining: int,
 *     filesPending: int,
 * }
 *
 * @psalm-type MirrorScrub = array{
 *     running: bool,
 *     startedAt: int|null,
 *     bytes: int,
 *     bad: int,
 *     checkedAt: int|null,
 *     checkedBytes: int|null,
 *     checkedBad: int|null,
 * }
 *
 * @psalm-type MirrorTarget = array{
 *     id: int,
 *     uuid: string,
 *     name: string,
 *     path: string,
 *     enabled: bool,
 *     createdAt: int,
 *     offlineDrive: bool,
 *     presentSince: int|null,
 *     lastCompleteAt: int|null,
 *     node: string|null,
 *     readBack: 'auto'|'always'|'never',
 *     scrub: MirrorScrub,
 *     offlineDrivePhase: 'resting'|'catching-up'|'up-to-date'|null,
 *     state: MirrorTargetState,
 *     pending: int,
 *     failed: int,
 *     unsafeLinks: int,
 *     lastReplicatedAt: int|null,
 *     resync: MirrorResyncProgress,
 * }
 *
 * @psalm-type MirrorRemovedTarget = array{
 *     id: int,
 *     name: string,
 *     path: string,
 * }
 *
 * @psalm-type MirrorUserStatus = array{
 *     userId: string,
 *     displayName: string,
 *     folder: string,
 *     targetId: int,
 *     files: int,
 *     replicated: int,
 *     pending: int,
 *     failed: int,
 *     bytes: int,
 *     lastReplicatedAt: int|null,
 * }
 *
 * @psalm-type MirrorStatusPage = array{
 *     rows: list<MirrorUserStatus>,
 *     total: int,
 *     offset: int,
 *     limit: int,
 *     sort: string,
 *     direction: 'asc'|'desc',
 *     filter: string,
 * }
 *
 * @psalm-type MirrorFailure = array{
 *     id: int,
 *     userId: string,
 *     displayName: string,
 *     targetId: int,
 *     targetName: string,
 *     fileId: int,
 *     kind: string,
 *     path: string|null,
 *     error: string,
 *     attempts: int,
 *     nextAttemptAt: int,
 * }
 *
 * @psalm-type MirrorFailurePage = array{
 *     failures: list<MirrorFailure>,
 *     hasMore: bool,
 * }
 *
 * @psalm-type MirrorRetried = array{
 *     retried: int,
 * }
 *
 * @psalm-type MirrorApiError = array{
 *     message: string,
 *     field?: string,
 *     code?: string,
 *     params?: array<string, string|int>,
 * }
 *
 * @psalm-type MirrorFileTarget = array{id: int, name: string, online: bool, offlineReason: string|null, state: 'replicated'|'pending'|'failed'|'none', replicatedAt: int|null, size: int|null, checksum: string|null, current: bool, queuedAt: int|null, nextAttemptAt: int|null, attempts: int, errorCode: string|null, error: string|null}
 *
 * @psalm-type MirrorFolderTarget = array{id: int, name: string, online: bool, offlineReason: string|null, replicated: int, pending: int, failed: int, none: int}
 *
 * @psalm-type MirrorFolderCounts = array{files: int, replicated: int, pending: int, failed: int, targets: list<MirrorFolderTarget>}
 *
 * @psalm-type MirrorExclusion = array{reason: 'nomirror'|'pattern'|'user'|'group'|'size'|'external', detail: string}
 *
 * @psalm-type MirrorFileStatus = array{fileId: int, type: 'file'|'folder', inScope: bool, state: 'replicated'|'pending'|'failed'|'excluded'|null, exclusion: MirrorExclusion|null, targets: list<MirrorFileTarget>, folder: MirrorFolderCounts|null}
 *
 * @psalm-type MirrorTrashVersion = array{id: int, targetId: int, targetName: string, trashedAt: int, size: int, mtime: int, reason: string}
 *
 * @psalm-type MirrorDeletedFile = array{id: int, targetId: int, targetName: string, trashedAt: int, size: int, mtime: int, reason: string, path: string}
 *
 * @psalm-type MirrorFileHistory = array{fileId: int, restorable: bool, versions: list<MirrorTrashVersion>, deleted: list<MirrorDeletedFile>}
 *
 * @psalm-type MirrorRestoredNode = array{fileId: int, path: string, mtime: int, size: int, mime: string, owner: string, permissions: int}
 *
 * @psalm-type MirrorRestoredFile = array{path: string, to: string, fileId: int|null, node: MirrorRestoredNode|null, result: 'restored'|'skipped'|'mismatched'|'failed', reason: ''|'already_there'|'mismatch'|'not_on_drive'|'error'}
 *
 * @psalm-type MirrorRestoreResult = array{restored: int, skipped: int, mismatched: int, failed: int, more: bool, files: list<MirrorRestoredFile>}
 *
 * @psalm-type MirrorHeldUser = array{userId: string, displayName: string, trippedAt: int, reason: string, detail: string|null, heldChanges: int}
 *
 * @psalm-type MirrorTripwireThresholds = array{maxChanges: int, percent: int, minChanges: int}
 *
 * @psalm-type MirrorTripwire = array{held: list<MirrorHeldUser>, settings: MirrorTripwireThresholds}
 *
 * @psalm-type MirrorTrashSettings = array{retentionDays: int}
 *
 * @psalm-type MirrorOldestPending = array{fileId: int, path: string|null, since: int}
 *
 * @psalm-type MirrorPersonalTarget = array{id: int, name: string, files: int, replicated: int, pending: int, failed: int, bytes: int, lastReplicatedAt: int|null, oldestPending: MirrorOldestPending|null}
 *
 * @psalm-type MirrorPersonalStatus = array{targets: list<MirrorPersonalTarget>}
 *
 * @psalm-type MirrorCondition = array{
 *     targetId: int,
 *     targetName: string,
 *     type: 'offline'|'full'|'filling'|'failing'|'lagging'|'damaged'|'reminder'|'exported'|'race'|'node_silent'|'unchecked',
 *     severity: 'error'|'warning',
 *     since: int,
 *     reason: string|null,
 *     message: string|null,
 *     freeBytes: int|null,
 *     totalBytes: int|null,
 *     daysLeft: int|null,
 *     count: int|null,
 *     days: int|null,
 *     files: list<string>,
 *     node: string|null,
 * }
 *
 * @psalm-type MirrorHealthSettings = array{
 *     offlineGraceMinutes: int,
 *     reservePercent: int,
 *     reserveGigabytes: int,
 *     fillingDays: int,
 *     failingHours: int,
 *     laggingHours: int,
 *     offlineReminderDays: int,
 *     notifyGroup: string,
 * }
 *
 * @psalm-type MirrorHealth = array{
 *     conditions: list<MirrorCondition>,
 *     settings: MirrorHealthSettings,
 * }
 *
 * @psalm-type MirrorRecoveryKey = array{
 *     recoveryKey: string,
 * }
 *
 * @psalm-type MirrorRestoreFile = array{
 *     path: string,
 *     to: string,
 *     result: 'restored'|'skipped'|'mismatched'|'failed',
 *     why: string,
 *     code: string,
 *     params?: array<string, string|int>,
 * }
 *
 * @psalm-type MirrorRestorePreview = array{
 *     total: int,
 *     checked: int,
 *     complete: bool,
 *     restored: int,
 *     skipped: int,
 *     mismatched: int,
 *     failed: int,
 *     bytes: int,
 *     files: list<MirrorRestoreFile>,
 * }
 *
 * @psalm-type MirrorRestore = array{
 *     id: int,
 *     userId: string,
 *     targetId: int,
 *     path: string,
 *     version: string,
 *     into: string,
 *     mode: 'new'|'overwrite'|'skip',
 *     state: 'queued'|'running'|'done'|'failed',
 *     total: int|null,
 *     restored: int,
 *     skipped: int,
 *     mismatched: int,
 *     failed: int,
 *     bytes: int,
 *     currentFile: string|null,
 *     errors: list<MirrorRestoreFile>,
 *     message: string|null,
 *     code: string|null,
 *     params?: array<string, string|int>,
 *     attempts: int,
 *     createdAt: int,
 *     startedAt: int|null,
 *     finishedAt: int|null,
 * }
 *
 * @psalm-type MirrorTrashDay = array{
 *     day: string,
 *     entries: int,
 *     bytes: int,
 * }
 *
 * @psalm-type MirrorCoverageCount = array{files: int, bytes: int}
 *
 * @psalm-type MirrorCoverageTarget = array{
 *     targetId: int,
 *     targetName: string,
 *     mirrored: MirrorCoverageCount,
 *     toTrash: MirrorCoverageCount,
 *     notCopied: MirrorCoverageCount,
 * }
 *
 * @psalm-type MirrorCoverageLeftOut = array{
 *     user: MirrorCoverageCount,
 *     group: MirrorCoverageCount,
 *     nomirror: MirrorCoverageCount,
 *     pattern: MirrorCoverageCount,
 *     size: MirrorCoverageCount,
 * }
 *
 * @psalm-type MirrorCoverageRow = array{
 *     kind: 'user'|'groupfolder'|'external',
 *     id: string,
 *     name: string,
 *     covered: bool,
 *     total: MirrorCoverageCount,
 *     leftOut: MirrorCoverageLeftOut,
 *     targets: list<MirrorCoverageTarget>,
 * }
 *
 * @psalm-type MirrorTrashPreview = array{targetId: int, targetName: string, files: int, bytes: int}
 *
 * @psalm-type MirrorCoverage = array{rows: list<MirrorCoverageRow>, toTrash: list<MirrorTrashPreview>}
 *
 * @psalm-type MirrorExternalStorage = array{
 *     id: int,
 *     mountPoint: string,
 *     backend: string,
 *     mode: 'off'|'users'|'shared',
 *     owner: ?string,
 *     mountedFor: int,
 *     files: int,
 *     bytes: int,
 * }
 *
 * @psalm-type MirrorExclusionRules = array{patterns: list<string>, users: list<string>, groups: list<string>, maxSize: int|null}
 *
 * @psalm-type MirrorExclusions = array{rules: MirrorExclusionRules, defaults: list<string>, toTrash: list<MirrorTrashPreview>}
 */
class ResponseDefinitions {
}

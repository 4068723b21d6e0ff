<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Status;

use OCA\Mirror\Db\ExternalStorageDirectory;
use OCA\Mirror\Db\GroupFolderDirectory;
use OCA\Mirror\Db\ReplicaMapper;
use OCA\Mirror\Db\Target;
use OCA\Mirror\Db\TargetMapper;
use OCA\Mirror\Drive\DriveFactory;
use OCA\Mirror\Drive\TargetState;
use OCA\Mirror\Drive\UserFolderName;
use OCA\Mirror\Queue\QueueReader;
use OCA\Mirror\ResponseDefinitions;
use OCP\IUser;
use OCP\IUserManager;

/**
 * Answers "is it safe?": per target, per user and target, and per file.
 *
 * @psalm-type MirrorTargetStatus = array{id: int, uuid: string, name: string, path: string, enabled: bool, createdAt: int, offlineDrive: bool, presentSince: int|null, lastCompleteAt: int|null, node: string|null, readBack: 'auto'|'always'|'never', scrub: array{running: bool, startedAt: int|null, bytes: int, bad: int, checkedAt: int|null, checkedBytes: int|null, checkedBad: int|null}, offlineDrivePhase: 'resting'|'catching-up'|'up-to-date'|null, state: array{online: bool, reason: string|null, message: string, freeBytes: int|null, totalBytes: int|null, filesystem: array{type: string, encodesNames: bool, encoding: string|null, maxFileSize: int|null, caseInsensitive: bool}|null, readBack: 'fuse'|'removable'|'setting'|null, encrypted: bool|null}, pending: int, failed: int, unsafeLinks: int, lastReplicatedAt: int|null}
 * @psalm-import-type MirrorUserStatus from ResponseDefinitions
 */
class StatusService {
	public function __construct(
		private TargetMapper $targets,
		private QueueReader $queue,
		private ReplicaMapper $replicas,
		private DriveFactory $drives,
		private UserFileCounter $fileCounter,
		private IUserManager $userManager,
		private TargetStateMessages $stateMessages,
		private GroupFolderDirectory $groupFolders,
		private ExternalStorageDirectory $external,
	) {
	}

	/**
	 * @return list<MirrorTargetStatus>
	 */
	public function targets(): array {
		$counts = [];
		foreach ($this->queue->summary() as $row) {
			$counts[$row['targetId']]['pending'] = ($counts[$row['targetId']]['pending'] ?? 0) + $row['pending'];
			$counts[$row['targetId']]['failed'] = ($counts[$row['targetId']]['failed'] ?? 0) + $row['failed'];
			$counts[$row['targetId']]['unsafe'] = ($counts[$row['targetId']]['unsafe'] ?? 0) + $row['unsafe'];
		}
		$last = $this->replicas->lastReplicatedPerTarget();
		$out = [];
		foreach ($this->targets->findAll() as $target) {
			$out[] = $this->targetStatus($target, $this->drives->forTarget($target)->state(), $counts[$target->getId()] ?? [], $last[$target->getId()] ?? null);
		}
		return $out;
	}

	/**
	 * @param array{pending?: int, failed?: int, unsafe?: int} $counts
	 * @return MirrorTargetStatus
	 */
	private function targetStatus(Target $target, TargetState $state, array $counts, ?int $last): array {
		return $target->jsonSerialize() + [
			'offlineDrivePhase' => OfflineDrivePhase::of($target),
			// the state's words in the reader's language, from its reason and the target's folder
			'state' => $this->stateMessages->view($state, $target->getPath()),
			'pending' => $counts['pending'] ?? 0,
			'failed' => $counts['failed'] ?? 0,
			'unsafeLinks' => $counts['unsafe'] ?? 0,
			'lastReplicatedAt' => $last,
		];
	}

	/**
	 * One row per user and target.
	 *
	 * @param list<string>|null $userIds null for every user
	 * @return list<MirrorUserStatus>
	 */
	public function users(?array $userIds = null): array {
		$users = [];
		if ($userIds === null) {
			$this->userManager->callForAllUsers(function (IUser $user) use (&$users): void {
				$users[$user->getUID()] = $user->getDisplayName();
			});
			foreach ([...$this->groupFolders->owners(), ...$this->external->sharedOwners()] as $owner) {
				$users[$owner] = $owner; // "Family (group folder)", "Disk (external storage)"
			}
		} else {
			foreach ($userIds as $uid) {
				$user = $this->userManager->get($uid);
				if ($user !== null) {
					$users[$user->getUID()] = $user->getDisplayName();
				} elseif ($this->groupFolders->byOwner($uid) !== null || $this->external->sharedByOwner($uid) !== null) {
					$users[$uid] = $uid;
				}
			}
		}
		$targetIds = array_map(static fn (Target $t): int => $t->getId(), $this->targets->findAll());
		return $this->rows($users, $targetIds);
	}

	/**
	 * The status rows of these users on these targets: a fixed number of queries, whatever the count.
	 *
	 * @param array<string, string> $users user id => display name
	 * @param list<int> $targetIds
	 * @return list<MirrorUserStatus>
	 */
	public function rows(array $users, array $targetIds): array {
		$ids = array_map('strval', array_keys($users));
		$replicated = [];
		foreach ($this->replicas->summarize($ids) as $row) {
			$replicated[$row['userId']][$row['targetId']] = $row;
		}
		$queued = [];
		foreach ($this->queue->summary($ids) as $row) {
			$queued[$row['userId']][$row['targetId']] = $row;
		}
		$files = $this->fileCounter->count($ids);
		$out = [];
		foreach ($users as $uid => $displayName) {
			$uid = (string)$uid;
			foreach ($targetIds as $targetId) {
				$r = $replicated[$uid][$targetId] ?? null;
				$q = $queued[$uid][$targetId] ?? null;
				$out[] = [
					'userId' => $uid,
					'displayName' => (string)$displayName,
					'folder' => UserFolderName::for($uid),
					'targetId' => $targetId,
					'files' => $files[$uid] ?? 0,
					'replicated' => $r['replicated'] ?? 0,
					'pending' => $q['pending'] ?? 0,
					'failed' => $q['failed'] ?? 0,
					'bytes' => $r['bytes'] ?? 0,
					'lastReplicatedAt' => $r['lastReplicatedAt'] ?? null,
				];
			}
		}
		return $out;
	}
}

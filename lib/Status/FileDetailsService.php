<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Status;

use OCA\Mirror\Db\ExternalStorage;
use OCA\Mirror\Db\ExternalStorageOwner;
use OCA\Mirror\Db\GroupFolderOwner;
use OCA\Mirror\Db\Target;
use OCA\Mirror\Drive\DriveFactory;
use OCA\Mirror\Exception\FileNotAccessibleException;
use OCA\Mirror\ResponseDefinitions;
use OCA\Mirror\Source\Exclusion\Exclusion;
use OCA\Mirror\Source\Exclusion\Exclusions;
use OCA\Mirror\Source\External\ExternalMounts;
use OCA\Mirror\Source\GroupFolders\MemberAccess;
use OCA\Mirror\Source\SourceResolver;
use OCA\Mirror\Trash\TrashEntry;
use OCA\Mirror\Trash\TrashService;
use OCP\Files\Folder;
use OCP\Files\Node;
use OCP\Files\NotFoundException;

/**
 * What the Mirror sidebar tab shows for one file or folder, to a user who can access it: their
 * own file, or one shared with them (then the mirror state is its owner's, as the mirror copies
 * shared files once, under their owner), a group folder's or an external storage's they see (the state
 * of its owner, "Family (group folder)", "Disk (external storage)"). Anything else is "not found", whoever
 * owns it: a user an external storage is not mounted for does not find its files.
 * Users see target names, never the paths of targets on the server.
 *
 * @psalm-import-type MirrorFileTarget from ResponseDefinitions
 * @psalm-import-type MirrorFolderTarget from ResponseDefinitions
 * @psalm-import-type MirrorFolderCounts from ResponseDefinitions
 * @psalm-import-type MirrorFileStatus from ResponseDefinitions
 * @psalm-import-type MirrorFileHistory from ResponseDefinitions
 */
class FileDetailsService {
	/** A folder's deleted files listed at most (and restored at most in one request). */
	public const DELETED_SHOWN = 200;

	public function __construct(
		private SourceResolver $resolver,
		private FileStatusService $status,
		private DriveFactory $drives,
		private FailureMessages $messages,
		private TrashService $trash,
		private SharedSince $sharedSince,
		private MemberAccess $members,
		private Exclusions $exclusions,
		private ExternalMounts $externalMounts,
	) {
	}

	/**
	 * @return MirrorFileStatus
	 * @throws FileNotAccessibleException
	 */
	public function details(string $userId, int $fileId): array {
		$node = $this->accessibleNode($userId, $fileId);
		$type = $node instanceof Folder ? 'folder' : 'file';
		$result = ['fileId' => $fileId, 'type' => $type, 'inScope' => false, 'state' => null, 'exclusion' => null, 'targets' => [], 'folder' => null];

		$external = $this->externalMounts->storageBehind($node);
		if ($external !== null && $this->externalMounts->whoseCopy($external, $node, $userId) === null) {
			return $this->storageLeftOut($result, $node, $external);
		}
		$owner = $this->ownerOf($node, $userId);
		$ownerNode = $owner === null ? null : $this->resolver->node($owner, $fileId);
		if ($owner === null || $ownerNode === null) {
			return $result; // trash, a federated share, a group folder Mirror cannot copy: not mirrored
		}
		$result['inScope'] = true;
		$path = $this->resolver->relativePath($ownerNode);
		$exclusion = $ownerNode instanceof Folder
			? $this->exclusions->folderReason($owner, $path)
			: $this->exclusions->reasonFor($owner, $path, (int)$ownerNode->getSize());
		if ($exclusion !== null) {
			// left out: no copy is made, and one made before goes to the mirror trash at the next reconcile
			$result['state'] = $ownerNode instanceof Folder ? null : 'excluded';
			$result['exclusion'] = SeenFolder::of($exclusion, $userId, $node, $path)->toArray();
		}
		$targets = $this->status->enabledTargets();
		if ($targets === []) {
			return $result;
		}

		if ($ownerNode instanceof Folder) {
			$counts = $this->status->folderCounts($owner, $this->resolver->relativePath($ownerNode));
			$folderTargets = [];
			foreach ($targets as $target) {
				$folderTargets[] = $this->targetHead($target) + $counts['targets'][$target->getId()];
			}
			$result['folder'] = [
				'files' => $counts['files'],
				'replicated' => $counts['replicated'],
				'pending' => $counts['pending'],
				'failed' => $counts['failed'],
				'targets' => $folderTargets,
			];
			return $result;
		}

		[$overall, $result['targets']] = $this->fileTargets($fileId, (string)$ownerNode->getEtag(), $targets, $owner);
		$result['state'] = $exclusion !== null ? 'excluded' : $overall;
		return $result;
	}

	/**
	 * A file or folder on an external storage the admin does not have mirrored ("off"): left out, and a
	 * file's copies made while it was mirrored are shown until the next reconcile moves them to the mirror trash.
	 *
	 * @param MirrorFileStatus $result
	 * @return MirrorFileStatus
	 */
	private function storageLeftOut(array $result, Node $node, ExternalStorage $storage): array {
		$result['inScope'] = true;
		$result['exclusion'] = (new Exclusion(Exclusion::EXTERNAL, $storage->mountPoint))->toArray();
		if ($node instanceof Folder) {
			return $result;
		}
		$result['state'] = 'excluded';
		$targets = $this->status->enabledTargets();
		if ($targets !== []) {
			$result['targets'] = $this->fileTargets((int)$node->getId(), (string)$node->getEtag(), $targets)[1];
		}
		return $result;
	}

	/**
	 * The state of one file over the targets, and on each.
	 *
	 * @param list<Target> $targets
	 * @param string|null $owner whose copies (null: the file's one copy per target, whoever's)
	 * @return array{0: 'replicated'|'pending'|'failed', 1: list<MirrorFileTarget>}
	 */
	private function fileTargets(int $fileId, string $etag, array $targets, ?string $owner = null): array {
		$row = $this->status->perTarget([$fileId => $etag], $owner === null ? [] : [$fileId => $owner])[$fileId];
		$out = [];
		foreach ($targets as $target) {
			$onTarget = $row['targets'][$target->getId()];
			$replica = $onTarget['replica'];
			$item = $onTarget['item'];
			$failed = $item !== null && $item->isFailed();
			$out[] = $this->targetHead($target) + [
				'state' => $onTarget['state'],
				'replicatedAt' => $replica?->getReplicatedAt(),
				'size' => $replica?->getSize(),
				'checksum' => $replica?->getChecksum(),
				'current' => $replica !== null && $replica->getEtag() === $etag,
				'queuedAt' => $item?->getCreatedAt(),
				'nextAttemptAt' => $item?->getNextAttemptAt(),
				'attempts' => $item?->getAttempts() ?? 0,
				'errorCode' => $failed ? $item->getErrorCode() : null,
				// in the reader's words, and never a path on the server: the owner and recipients alike
				'error' => $failed ? $this->messages->forUser($item) : null,
			];
		}
		return [$this->status->overallOf($row['targets']), $out];
	}

	/**
	 * Whether the user may have a file's failed copies retried: a file they can access that the
	 * mirror copies. The retry itself is the queue's (WorkQueue::retryAll), asked by the controller.
	 *
	 * @throws FileNotAccessibleException
	 * @throws \InvalidArgumentException not a file the mirror copies
	 */
	public function assertRetryable(string $userId, int $fileId): void {
		$node = $this->accessibleNode($userId, $fileId);
		$owner = $this->ownerOf($node, $userId);
		if ($node instanceof Folder || $owner === null || $this->resolver->node($owner, $fileId) === null) {
			throw new \InvalidArgumentException('Only files the mirror copies can be retried');
		}
	}

	/**
	 * What the mirror trash holds of a file (its earlier versions) or of a folder (the files deleted
	 * from it): dates, sizes and why, never a path on the server.
	 *
	 * @return MirrorFileHistory
	 * @throws FileNotAccessibleException
	 */
	public function history(string $userId, int $fileId): array {
		$node = $this->accessibleNode($userId, $fileId);
		$owner = $this->ownerOf($node, $userId);
		$ownerNode = $owner === null ? null : $this->resolver->node($owner, $fileId);
		if ($owner === null || $ownerNode === null) {
			return ['fileId' => $fileId, 'restorable' => false, 'versions' => [], 'deleted' => []];
		}
		// only owners restore (UserRestoreService): a recipient of a share sees, but does not restore;
		// and sees what was deleted or changed since it was shared with them, never what came before.
		// A group folder's members see all of its history they may read, and restore where they may write;
		// so do the users an external storage is mounted for (Nextcloud's permissions of their mount). A
		// recipient of a share of one of their folders is a share's recipient, as of a home's folder.
		$inGroupFolder = GroupFolderOwner::isGroupFolder($owner);
		$mounted = ($inGroupFolder || ExternalStorageOwner::isExternal($owner)) && !$this->externalMounts->throughShare($node);
		$restorable = $mounted ? ($ownerNode instanceof Folder ? $node->isCreatable() : $node->isUpdateable()) : $owner === $userId;
		$since = $restorable || $mounted ? 0 : ($this->sharedSince->of($userId, $node) ?? PHP_INT_MAX);
		$names = [];
		foreach ($this->status->enabledTargets() as $target) {
			$names[$target->getId()] = $target->getName();
		}
		$describe = static fn (TrashEntry $e): array => [
			'id' => (int)$e->getId(),
			'targetId' => $e->getTargetId(),
			'targetName' => $names[$e->getTargetId()] ?? '',
			'trashedAt' => $e->getTrashedAt(),
			'size' => $e->getSize(),
			'mtime' => $e->getMtime(),
			'reason' => $e->getReason(),
		];
		if (!$ownerNode instanceof Folder) {
			$versions = array_filter($this->trash->versionsOf($owner, $fileId), static fn (TrashEntry $e): bool => isset($names[$e->getTargetId()]) && $e->getTrashedAt() >= $since);
			return ['fileId' => $fileId, 'restorable' => $restorable, 'versions' => array_values(array_map($describe, $versions)), 'deleted' => []];
		}
		$folder = $this->resolver->relativePath($ownerNode);
		$deleted = [];
		foreach ($this->trash->deletedFrom($owner, $folder, array_keys($names), self::DELETED_SHOWN, $since) as $entry) {
			if ($inGroupFolder && !$this->members->allows($node, $owner, $entry->getPath(), false)) {
				continue; // deleted from a subfolder the member's ACLs (a recipient's sharer's) hide
			}
			$deleted[] = $describe($entry) + ['path' => $folder === '' ? $entry->getPath() : substr($entry->getPath(), strlen($folder) + 1)];
		}
		return ['fileId' => $fileId, 'restorable' => $restorable, 'versions' => [], 'deleted' => $deleted];
	}

	/**
	 * @throws FileNotAccessibleException
	 */
	private function accessibleNode(string $userId, int $fileId): Node {
		if ($fileId <= 0) {
			throw new FileNotAccessibleException($fileId);
		}
		// as the user sees it, through their own mount before a share (MemberAccess::seen())
		return $this->members->seen($userId, $fileId) ?? throw new FileNotAccessibleException($fileId);
	}

	/**
	 * The owner of a node a user sees: the user, whoever shared it, a group folder or an external storage
	 * mirrored once (their owner ids, seen through a share too); null for an external storage the mirror does not copy.
	 */
	private function ownerOf(Node $node, string $userId): ?string {
		$external = $this->externalMounts->storageBehind($node);
		if ($external !== null) {
			return $this->externalMounts->whoseCopy($external, $node, $userId);
		}
		try {
			return $this->members->ownerOf($node) ?? $node->getOwner()?->getUID();
		} catch (NotFoundException) {
			return null;
		}
	}

	/**
	 * @return array{id: int, name: string, online: bool, offlineReason: string|null}
	 */
	private function targetHead(Target $target): array {
		$state = $this->drives->forTarget($target)->state();
		return [
			'id' => $target->getId(),
			'name' => $target->getName(),
			'online' => $state->online,
			// a reason code, never the message: the message names the target's path
			'offlineReason' => $state->online ? null : $state->reason,
		];
	}
}

<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Queue;

use OCA\Mirror\Db\ExternalApplicable;
use OCA\Mirror\Db\ExternalStorageDirectory;
use OCA\Mirror\Db\ExternalStorageOwner;
use OCA\Mirror\Db\GroupFolderDirectory;
use OCA\Mirror\Db\GroupFolderOwner;
use OCP\Files\FileInfo;
use OCP\Files\IHomeStorage;
use OCP\Files\Mount\IMountManager;
use OCP\Files\Mount\IMountPoint;
use OCP\Files\Node;
use OCP\Files\NotFoundException;
use Psr\Log\LoggerInterface;

/**
 * Turns file events into queue items. Only reads what the event's node already knows (id, owner,
 * path); what to do on the mirror is decided later, by the worker, from what Nextcloud holds then.
 * What is left out (LeftOut: the admin's and the users' exclusions) is not queued at all. A change on an
 * external storage mirrored for each user it is mounted for ("users") is queued once per user: each has a copy.
 */
class ChangeRecorder {
	/** @var array<string, array{userId: string, users: list<string>, fileId: int, folder: bool, ownerPath: string|null, root: string|null}> */
	private array $deleting = [];

	public function __construct(
		private WorkQueue $queue,
		private LoggerInterface $logger,
		private GroupFolderDirectory $groupFolders,
		private IMountManager $mounts,
		private LeftOut $exclusions,
		private ExternalStorageDirectory $external,
		private ExternalApplicable $applicable,
	) {
	}

	/** Created, written, touched (restored), or the target of a copy. */
	public function changed(Node $node): void {
		$ref = $this->describe($node);
		foreach ($ref === null ? [] : $this->notLeftOut($ref, $node) as $user) {
			$this->queue->enqueue($user, $ref['fileId'], $ref['folder'] ? QueueItem::KIND_TREE : QueueItem::KIND_FILE);
		}
	}

	public function renamed(Node $source, Node $target): void {
		$ref = $this->describe($target);
		// the source no longer exists: the mount that held its path says whether it was in a group folder
		$sourceMount = $this->mounts->find($source->getPath());
		// moved out of an external storage mirrored for each of its users: those who no longer hold the file
		// (all of them, when it went into one user's home) are compared again, their copies go to their trash
		foreach (array_diff($this->usersOfMount($sourceMount), $ref['users'] ?? []) as $user) {
			$this->queue->enqueueUser($user);
		}
		if ($ref === null) {
			// moved out of the user's files (to a group folder, an external storage): the
			// reconcile of the previous owner moves the mirror copy to the trash
			$owner = $this->userOfPath($source->getPath());
			if ($owner !== null) {
				$this->queue->enqueueUser($owner);
			}
			return;
		}
		// moved into what is left out: its copy goes to the trash at the next reconcile
		$users = $this->notLeftOut($ref, $target);
		if (!$ref['folder']) {
			foreach ($users as $user) {
				$this->queue->enqueue($user, $ref['fileId'], QueueItem::KIND_FILE);
			}
			return;
		}
		$oldPath = $ref['root'] === null ? null : self::below($source->getPath(), $ref['root']);
		$sourceRoot = in_array($sourceMount?->getMountType(), ['group', 'external'], true) ? rtrim($sourceMount->getMountPoint(), '/') : null;
		if ($oldPath !== null && $sourceRoot !== null && $sourceRoot !== $ref['root']) {
			$oldPath = null; // out of a group folder or an external storage into a user's files: another owner's copies
		}
		foreach ($users as $user) {
			if ($oldPath !== null && $oldPath !== '') {
				$this->queue->enqueue($user, $ref['fileId'], QueueItem::KIND_MOVE, $oldPath);
			} else {
				// moved by a share recipient: no owner path to rename from; each file follows itself
				$this->queue->enqueue($user, $ref['fileId'], QueueItem::KIND_TREE);
			}
		}
	}

	/** Before a delete: the node still exists, remember what it was. */
	public function deleting(Node $node): void {
		$ref = $this->describe($node);
		if ($ref !== null) {
			$this->deleting[$node->getPath()] = $ref;
		}
	}

	public function deleted(Node $node): void {
		$ref = $this->deleting[$node->getPath()] ?? null;
		unset($this->deleting[$node->getPath()]);
		// one storage, deleted for everyone it is mounted for: each user's copy goes to their own mirror trash
		foreach ($ref['users'] ?? [] as $user) {
			if (!$ref['folder']) {
				$this->queue->enqueue($user, $ref['fileId'], QueueItem::KIND_FILE);
			} elseif ($ref['ownerPath'] !== null && $ref['ownerPath'] !== '') {
				$this->queue->enqueue($user, $ref['fileId'], QueueItem::KIND_DELETE_TREE, $ref['ownerPath']);
			} else {
				$this->queue->enqueueUser($user);
			}
		}
	}

	/**
	 * @return array{userId: string, users: list<string>, fileId: int, folder: bool, ownerPath: string|null, root: string|null}|null null when out of scope;
	 *                                                                                                        root: the path the owner's files start at, as the event saw them
	 */
	private function describe(Node $node): ?array {
		try {
			$actor = $this->userOfPath($node->getPath());
			if ($actor === null && !str_starts_with($node->getPath(), GroupFolderOwner::MOUNT_PREFIX) && !str_starts_with($node->getPath(), ExternalStorageOwner::MOUNT_PREFIX)) {
				return null; // not below /<uid>/files/, nor a group folder or external storage Mirror writes a restored file into
			}
			$fileId = $node->getId();
			$storage = $node->getStorage();
			if (!$storage->instanceOfStorage(IHomeStorage::class)) {
				// a group folder (as a member sees it, or through a share of its content): its own owner
				$groupFolder = $this->groupFolders->byStorage($storage->getCache()->getNumericStorageId());
				if ($groupFolder !== null) {
					$root = $actor === null ? GroupFolderOwner::MOUNT_PREFIX . $groupFolder->id . '/files' : $this->groupFolderMountOf($node);
					$ownerPath = $root === null ? null : self::below($node->getPath(), $root);
					return $fileId <= 0 || $ownerPath === '' ? null : [
						'userId' => $groupFolder->owner,
						'users' => [$groupFolder->owner],
						'fileId' => $fileId,
						'folder' => $node->getType() === FileInfo::TYPE_FOLDER,
						'ownerPath' => $ownerPath,
						'root' => $root,
					];
				}
				$external = $this->externalOf($node, $actor);
				if ($external !== null) {
					$ownerPath = self::below($node->getPath(), $external['root']);
					return $fileId <= 0 || $ownerPath === null || $ownerPath === '' ? null : [
						'userId' => $external['owner'],
						'users' => $external['users'],
						'fileId' => $fileId,
						'folder' => $node->getType() === FileInfo::TYPE_FOLDER,
						'ownerPath' => $ownerPath,
						'root' => $external['root'],
					];
				}
			}
			$owner = $actor === null ? null : $node->getOwner()?->getUID();
			if ($owner === null) {
				return null;
			}
			if ($owner === $actor && !$storage->instanceOfStorage(IHomeStorage::class)) {
				return null; // external storage: not the user's own files
			}
			if ($fileId <= 0) {
				return null;
			}
			$ownerPath = $this->ownerRelativePath($node->getPath(), $owner);
			if ($ownerPath === '') {
				return null; // the files folder itself
			}
			return [
				'userId' => $owner,
				'users' => [$owner],
				'fileId' => $fileId,
				'folder' => $node->getType() === FileInfo::TYPE_FOLDER,
				'ownerPath' => $ownerPath,
				'root' => '/' . $owner . '/files',
			];
		} catch (NotFoundException $e) {
			return null;
		} catch (\Throwable $e) {
			// never break an upload because of the mirror; the periodic reconcile catches up
			$this->logger->warning('Mirror could not record a file event: ' . $e->getMessage(), ['exception' => $e]);
			return null;
		}
	}

	/**
	 * The external storage mirrored once ("shared") that a node was seen in, and where it is mounted
	 * there; for one mirrored as part of the files of each user it is mounted for ("users"), the user who saw
	 * it, their files folder and every user whose copy the change concerns; null when it was not in one, or
	 * the storage is not mirrored so.
	 *
	 * @return array{owner: string, root: string, users: list<string>}|null
	 */
	private function externalOf(Node $node, ?string $actor): ?array {
		try {
			$mount = $node->getMountPoint();
		} catch (\Throwable) {
			return null;
		}
		if (!$mount instanceof IMountPoint) {
			return null;
		}
		if ($actor === null) {
			// Mirror's own mount of the storage (a restore writing into it): /__mirror_external_<mount id>
			$id = preg_match('#^' . preg_quote(ExternalStorageOwner::MOUNT_PREFIX, '#') . '(\d+)(?:/|$)#', $node->getPath(), $m) === 1 ? (int)$m[1] : null;
		} else {
			$id = $mount->getMountType() === 'external' ? $mount->getMountId() : null;
		}
		$storage = $id === null ? null : $this->external->byId((int)$id);
		$users = $storage === null ? [] : $this->applicable->mirroredFor($storage);
		if ($actor !== null && in_array($actor, $users, true)) {
			// part of the files of each user it is mounted for ("users"): at the same path in each one's files
			return ['owner' => $actor, 'root' => '/' . $actor . '/files', 'users' => $users];
		}
		if ($storage === null || !$storage->shared()) {
			return null;
		}
		$root = $actor === null ? ExternalStorageOwner::MOUNT_PREFIX . $storage->id : rtrim($mount->getMountPoint(), '/');
		return ['owner' => (string)$storage->owner, 'root' => $root, 'users' => [(string)$storage->owner]];
	}

	/** Where the group folder a node was seen in is mounted; null when it was not in one. */
	private function groupFolderMountOf(Node $node): ?string {
		try {
			$mount = $node->getMountPoint();
			return $mount->getMountType() === 'group' ? rtrim($mount->getMountPoint(), '/') : null;
		} catch (\Throwable) {
			return null;
		}
	}

	/**
	 * The users whose copy the change concerns, those it is left out for (their exclusions) left out.
	 *
	 * @param array{userId: string, users: list<string>, fileId: int, folder: bool, ownerPath: string|null, root: string|null} $ref
	 * @return list<string>
	 */
	private function notLeftOut(array $ref, Node $node): array {
		try {
			$size = $ref['folder'] ? 0 : (int)$node->getSize();
			return array_values(array_filter($ref['users'], fn (string $user): bool => !$this->exclusions->leavesOut($user, $ref['ownerPath'], $ref['folder'], $size)));
		} catch (\Throwable $e) {
			// never break an upload because of the mirror: queued, and the worker decides again
			$this->logger->warning('Mirror could not check its exclusions: ' . $e->getMessage(), ['exception' => $e]);
			return $ref['users'];
		}
	}

	/**
	 * The users of an external storage mirrored for each user it is mounted for ("users"), when this is its mount.
	 *
	 * @return list<string>
	 */
	private function usersOfMount(?IMountPoint $mount): array {
		$id = $mount?->getMountType() === 'external' ? $mount->getMountId() : null;
		$storage = $id === null ? null : $this->external->byId((int)$id);
		return $storage === null ? [] : $this->applicable->mirroredFor($storage);
	}

	private function userOfPath(string $path): ?string {
		if (preg_match('#^/([^/]+)/files(?:/|$)#', $path, $m) !== 1) {
			return null;
		}
		return $m[1];
	}

	/**
	 * The path inside the owner's files, when the node is seen by its owner; null otherwise.
	 */
	private function ownerRelativePath(string $path, string $owner): ?string {
		return self::below($path, '/' . $owner . '/files');
	}

	/** The path below $root ('' for $root itself); null when it is not below it. */
	private static function below(string $path, string $root): ?string {
		if ($path === $root) {
			return '';
		}
		if (!str_starts_with($path, $root . '/')) {
			return null;
		}
		return substr($path, strlen($root) + 1);
	}
}

<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Source\External;

use OCA\Mirror\Db\ExternalApplicable;
use OCA\Mirror\Db\ExternalStorage;
use OCA\Mirror\Db\ExternalStorageDirectory;
use OCA\Mirror\Db\ExternalStorageOwner;
use OCP\DB\QueryBuilder\IQueryBuilder;
use OCP\Files\Cache\IScanner;
use OCP\Files\Config\IMountProviderCollection;
use OCP\Files\Folder;
use OCP\Files\IRootFolder;
use OCP\Files\Mount\IMountManager;
use OCP\Files\Node;
use OCP\Files\NotFoundException;
use OCP\IDBConnection;
use Psr\Log\LoggerInterface;

/**
 * An external storage mirrored once ("shared"), seen as a whole: the storage files_external builds for a
 * user it is mounted for, mounted again for this process at /__mirror_external_<mount id>, whose root
 * then reads like a user's files/ folder. Its file cache paths have no "files/" in front ("Photos/a.jpg"):
 * SourceResolver::cachePrefix() says so to the readers of the file cache.
 */
class ExternalRoots {
	/** files_external's mount provider (the class name is all Mirror uses of it) */
	public const PROVIDER = 'OCA\\Files_External\\Config\\ConfigAdapter';

	public function __construct(
		private readonly ExternalStorageDirectory $directory,
		private readonly IRootFolder $rootFolder,
		private readonly IMountManager $mounts,
		private readonly IMountProviderCollection $providers,
		private readonly ExternalApplicable $applicable,
		private readonly IDBConnection $db,
		private readonly LoggerInterface $logger,
	) {
	}

	/** Whether this owner is an external storage mirrored now. */
	public function isExternal(string $owner): bool {
		return $this->directory->sharedByOwner($owner) !== null;
	}

	/** The storage's root folder, as a user's files folder; null when it is not mirrored or cannot be opened. */
	public function folder(string $owner): ?Folder {
		$storage = $this->directory->sharedByOwner($owner);
		if ($storage === null) {
			return null;
		}
		$at = ExternalStorageOwner::MOUNT_PREFIX . $storage->id;
		try {
			if ($this->mounts->find($at . '/')?->getMountPoint() !== $at . '/' && !$this->mount($storage, $at)) {
				return null;
			}
			$node = $this->rootFolder->get($at);
			return $node instanceof Folder ? $node : null;
		} catch (NotFoundException) {
			return null;
		}
	}

	/** The node of this file id in the storage (never another storage's), or null. */
	public function node(string $owner, int $fileId): ?Node {
		$root = $this->folder($owner);
		if ($root === null) {
			return null;
		}
		$qb = $this->db->getQueryBuilder();
		$qb->select('path')->from('filecache')
			->where($qb->expr()->eq('fileid', $qb->createNamedParameter($fileId, IQueryBuilder::PARAM_INT)))
			->andWhere($qb->expr()->eq('storage', $qb->createNamedParameter($root->getStorage()->getCache()->getNumericStorageId(), IQueryBuilder::PARAM_INT)));
		$result = $qb->executeQuery();
		$path = $result->fetchOne();
		$result->closeCursor();
		if (!is_string($path)) {
			return null;
		}
		try {
			return $path === '' ? $root : $root->get($path);
		} catch (NotFoundException) {
			return null;
		}
	}

	/** Whether a node is in this storage as the mirror sees it (below its mount for the mirror). */
	public function contains(Node $node, string $owner): bool {
		$storage = $this->directory->sharedByOwner($owner);
		$path = $node->getPath();
		$at = $storage === null ? null : ExternalStorageOwner::MOUNT_PREFIX . $storage->id;
		return $at !== null && ($path === $at || str_starts_with($path, $at . '/'));
	}

	/**
	 * Brings the file cache up to date with the storage: files written behind Nextcloud's back (Local,
	 * SMB) fire no event, so the reconcile scans before it compares. Nextcloud's own scanner, recursive,
	 * reusing the etags and sizes of what did not change.
	 */
	public function scan(string $owner): void {
		$folder = $this->folder($owner);
		if ($folder === null) {
			return;
		}
		try {
			$folder->getStorage()->getScanner()->scan('', IScanner::SCAN_RECURSIVE, IScanner::REUSE_ETAG | IScanner::REUSE_SIZE);
		} catch (\Throwable $e) {
			$this->logger->warning('Mirror could not scan the external storage ' . $owner . ': ' . $e->getMessage(), ['exception' => $e]);
		}
	}

	private function mount(ExternalStorage $storage, string $at): bool {
		$user = $this->applicable->anyUser($storage->id);
		if ($user === null) {
			$this->logger->warning('Mirror cannot open the external storage ' . $storage->mountPoint . ': it is mounted for no user');
			return false;
		}
		try {
			foreach ($this->providers->getUserMountsForProviderClasses($user, [self::PROVIDER]) as $mount) {
				if ($mount->getMountId() === $storage->id) {
					// the storage files_external built (wrapped once already): no further wrapper here
					/** @psalm-suppress InvalidArgument the server's MountPoint is an IMountPoint (Psalm sees no OC class) */
					$this->mounts->addMount(new \OC\Files\Mount\MountPoint($mount->getStorage(), $at));
					return true;
				}
			}
		} catch (\Throwable $e) {
			$this->logger->warning('Mirror cannot open the external storage ' . $storage->mountPoint . ': ' . $e->getMessage(), ['exception' => $e]);
		}
		return false;
	}
}

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
use OCP\Files\FileInfo;
use OCP\Files\NotFoundException;
use OCP\Files\Storage\ISharedStorage;

/**
 * Which external storage a file a user sees is on: the mount files_external built for that user (its mount
 * id is the storage's id, its provider files_external's), asked of the file's own mount. A user the storage is
 * not mounted for never gets such a node: Nextcloud finds the file only through the mounts it built for them,
 * or through a share of it (storageBehind(): the share's node, on its owner's mount).
 */
class ExternalMounts {
	/** @var array<string, ExternalStorage|null> share owner:node id => the storage the shared folder or file is on, for the request */
	private array $shared = [];

	public function __construct(
		private readonly ExternalStorageDirectory $directory,
		private readonly ExternalApplicable $applicable,
	) {
	}

	/** The storage behind the file, whatever its mode; null when the file is not on an external storage. */
	public function storageOf(FileInfo $info): ?ExternalStorage {
		try {
			$mount = $info->getMountPoint();
		} catch (NotFoundException) {
			return null;
		}
		$id = $mount->getMountId();
		return $mount->getMountProvider() !== ExternalRoots::PROVIDER || $id === null ? null : $this->directory->byId((int)$id);
	}

	/**
	 * The storage behind the file whether the user sees it through their own mount of it or through a share
	 * of one of its folders or files (the share's node, as its owner sees it, is on the storage): asked once
	 * per share and request. Null when the file is on no external storage.
	 */
	public function storageBehind(FileInfo $info): ?ExternalStorage {
		$own = $this->storageOf($info);
		if ($own !== null || !$this->throughShare($info)) {
			return $own;
		}
		/** @var ISharedStorage $storage */
		$storage = $info->getStorage();
		$share = $storage->getShare();
		$key = $share->getShareOwner() . ':' . $share->getNodeId(); // the shared node as its owner sees it
		if (!array_key_exists($key, $this->shared)) {
			if (count($this->shared) >= 100) {
				$this->shared = [];
			}
			try {
				$this->shared[$key] = $this->storageOf($share->getNode());
			} catch (NotFoundException) {
				$this->shared[$key] = null;
			}
		}
		return $this->shared[$key];
	}

	/**
	 * Whether the user sees the file through a share, not through their own mount or home (whoever owns it).
	 */
	public function throughShare(FileInfo $info): bool {
		return $info->getStorage()->instanceOfStorage(ISharedStorage::class);
	}

	/**
	 * Whose view of an external storage the user sees the file in: the share's owner (whose mount of the
	 * storage the shared node is on) when it is seen through a share, else the user themselves.
	 */
	public function seenAs(FileInfo $info, string $user): string {
		if (!$this->throughShare($info)) {
			return $user;
		}
		/** @var ISharedStorage $storage */
		$storage = $info->getStorage();
		return $storage->getShare()->getShareOwner();
	}

	/**
	 * Whose copy of a file of the storage the user sees: mirroredAs() of the view they see it in (seenAs(): the
	 * sharer's through a share, else their own); null when the storage is not mirrored for that view.
	 */
	public function whoseCopy(ExternalStorage $storage, FileInfo $info, string $user): ?string {
		return $this->mirroredAs($storage, $this->seenAs($info, $user));
	}

	/**
	 * Whose records hold the storage's files as this user sees them: its own owner when it is mirrored once
	 * ("shared"), the user themselves when it is mirrored as part of the files of each user it is mounted for
	 * ("users": one copy per user); null when it is not mirrored (for them).
	 */
	public function mirroredAs(ExternalStorage $storage, string $viewer): ?string {
		if ($storage->shared()) {
			return $storage->owner;
		}
		return $this->applicable->isMirroredFor($storage, $viewer) ? $viewer : null;
	}
}

<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Source\GroupFolders;

use OCA\Mirror\Db\GroupFolderDirectory;
use OCP\Files\Folder;
use OCP\Files\IRootFolder;
use OCP\Files\Node;
use OCP\Files\NotFoundException;
use OCP\Files\NotPermittedException;

/**
 * What a member of a group folder may see and change of it, asked of Nextcloud itself: the node as the
 * member sees it, through their own user folder, with the folder's permissions and its ACLs (advanced
 * permissions) applied by the Group folders app. Mirror keeps no ACL logic of its own.
 */
class MemberAccess {
	public function __construct(
		private readonly IRootFolder $rootFolder,
		private readonly GroupFolderDirectory $directory,
		private readonly GroupFolderRoots $roots,
	) {
	}

	/** The node with this id as the user sees it (their permissions and ACLs applied), or null. */
	public function seen(string $userId, int $fileId): ?Node {
		try {
			return $fileId > 0 ? $this->rootFolder->getUserFolder($userId)->getFirstNodeById($fileId) : null;
		} catch (NotFoundException|NotPermittedException) {
			return null;
		}
	}

	/** The group folder's owner id when the node is in a group folder (a member's view of it), else null. */
	public function ownerOf(Node $node): ?string {
		try {
			return $this->directory->byStorage($node->getStorage()->getCache()->getNumericStorageId())?->owner;
		} catch (NotFoundException) {
			return null;
		}
	}

	/**
	 * Whether the member sees ($write: may create in) the folder that holds or held this path of the group
	 * folder: the deepest of its folders that still exists in the group folder, looked up in the member's
	 * view of it. A subfolder the member's ACLs hide is absent from that view: its files, live or
	 * deleted, are not theirs to see.
	 *
	 * @param Node $seen any node of the group folder as the member sees it (what the request is about)
	 */
	public function allows(Node $seen, string $owner, string $path, bool $write): bool {
		$memberRoot = $this->memberRoot($seen);
		$whole = $this->roots->folder($owner);
		if ($memberRoot === null || $whole === null) {
			return false;
		}
		$dir = self::parent($path);
		while ($dir !== '' && !$whole->nodeExists($dir)) {
			$dir = self::parent($dir);
		}
		try {
			$folder = $dir === '' ? $memberRoot : $memberRoot->get($dir);
		} catch (NotFoundException|NotPermittedException) {
			return false;
		}
		return $folder instanceof Folder && ($write ? $folder->isCreatable() : $folder->isReadable());
	}

	/** The group folder's root as the member sees it (their mount of it); null when not seen through one. */
	private function memberRoot(Node $seen): ?Folder {
		try {
			$mount = $seen->getMountPoint();
			if ($mount->getMountType() !== 'group') {
				return null;
			}
			$root = $this->rootFolder->get(rtrim($mount->getMountPoint(), '/'));
			return $root instanceof Folder ? $root : null;
		} catch (NotFoundException|NotPermittedException) {
			return null;
		}
	}

	private static function parent(string $path): string {
		$dir = dirname(trim($path, '/'));
		return $dir === '.' ? '' : $dir;
	}
}

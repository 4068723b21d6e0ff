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
use OCP\Files\Storage\ISharedStorage;

/**
 * What a member of a group folder may see and change of it, asked of Nextcloud itself: the node as the
 * member sees it, through their own user folder, with the folder's permissions and its ACLs (advanced
 * permissions) applied by the Group folders app; and what the recipient of a share of one of its folders
 * sees of it (the shared folder, as Nextcloud shows it to them). Mirror keeps no ACL logic of its own.
 */
class MemberAccess {
	public function __construct(
		private readonly IRootFolder $rootFolder,
		private readonly GroupFolderDirectory $directory,
		private readonly GroupFolderRoots $roots,
	) {
	}

	/** The node with this id as the user sees it (their permissions and ACLs applied; ownViewFirst()), or null. */
	public function seen(string $userId, int $fileId): ?Node {
		try {
			$userFolder = $this->rootFolder->getUserFolder($userId);
			$node = $fileId > 0 ? $userFolder->getFirstNodeById($fileId) : null;
			return $node === null ? null : self::ownViewFirst($userFolder, $node);
		} catch (NotFoundException|NotPermittedException) {
			return null;
		}
	}

	/**
	 * The node through the user's own mount (a group folder's, an external storage's, their home) rather than
	 * through a share, when they see it both ways (a member a folder of the group folder is shared with too):
	 * what they may see and restore is what their own mount gives them.
	 */
	public static function ownViewFirst(Folder $userFolder, Node $node): Node {
		if (!$node->getStorage()->instanceOfStorage(ISharedStorage::class)) {
			return $node;
		}
		foreach ($userFolder->getById($node->getId()) as $other) {
			if (!$other->getStorage()->instanceOfStorage(ISharedStorage::class)) {
				return $other;
			}
		}
		return $node;
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
	 * Whether the user sees ($write: may create in) the folder that holds or held this path of the group
	 * folder: the deepest of its folders that still exists in the group folder, looked up in the user's
	 * view of it, a member's (their mount of the group folder) or a share's recipient's (the shared folder,
	 * as its sharer's permissions and ACLs let it through). A subfolder the user's ACLs hide is absent from
	 * that view, and so is all that lies outside a shared folder: its files, live or deleted, are not theirs
	 * to see.
	 *
	 * @param Node $seen any node of the group folder as the user sees it (what the request is about)
	 */
	public function allows(Node $seen, string $owner, string $path, bool $write): bool {
		$whole = $this->roots->folder($owner);
		$view = $whole === null ? null : $this->viewOf($seen, $owner, $whole);
		if ($whole === null || $view === null) {
			return false;
		}
		[$viewRoot, $base] = $view;
		$dir = self::parent($path);
		while ($dir !== '' && !$whole->nodeExists($dir)) {
			$dir = self::parent($dir);
		}
		if ($base !== '' && $dir !== $base && !str_starts_with($dir, $base . '/')) {
			return false; // outside the shared folder
		}
		$inView = ltrim(substr($dir, strlen($base)), '/');
		try {
			$folder = $inView === '' ? $viewRoot : $viewRoot->get($inView);
		} catch (NotFoundException|NotPermittedException) {
			return false;
		}
		return $folder instanceof Folder && ($write ? $folder->isCreatable() : $folder->isReadable());
	}

	/**
	 * The root of the user's view of the group folder and its path in the group folder: a member's mount of
	 * it ('' : the whole folder), or the shared folder a share's recipient sees; null for anything else.
	 *
	 * @return array{0: Folder, 1: string}|null
	 */
	private function viewOf(Node $seen, string $owner, Folder $whole): ?array {
		try {
			$mount = $seen->getMountPoint();
			$root = $this->rootFolder->get(rtrim($mount->getMountPoint(), '/'));
			if (!$root instanceof Folder) {
				return null;
			}
			if ($mount->getMountType() === 'group') {
				return [$root, ''];
			}
			if (!$seen->getStorage()->instanceOfStorage(ISharedStorage::class)) {
				return null;
			}
			$shared = $this->roots->node($owner, $root->getId());
			$base = $shared === null ? null : $whole->getRelativePath($shared->getPath());
			return $base === null ? null : [$root, trim($base, '/')];
		} catch (NotFoundException|NotPermittedException) {
			return null;
		}
	}

	private static function parent(string $path): string {
		$dir = dirname(trim($path, '/'));
		return $dir === '.' ? '' : $dir;
	}
}

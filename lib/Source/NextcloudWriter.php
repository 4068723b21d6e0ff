<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Source;

use OCA\Mirror\Db\ExternalStorageOwner;
use OCA\Mirror\Db\GroupFolderOwner;
use OCA\Mirror\Exception\RestoreException;
use OCP\Files\File;
use OCP\Files\Folder;
use OCP\Files\IRootFolder;
use OCP\Files\Node;
use OCP\Files\NotFoundException;

/**
 * Writes restored files into a user's Nextcloud files through the Files API, so that the file cache,
 * quotas, versions and events all work, and keeps each file's modification time.
 */
class NextcloudWriter {
	public function __construct(
		private IRootFolder $root,
		private SourceResolver $resolver,
	) {
	}

	/** The user's files folder, or a group folder's or external storage's (its owner id) as the mirror reads it. */
	private function filesOf(string $userId): Folder {
		$folder = self::ownRoot($userId) ? $this->resolver->userFolder($userId) : $this->root->getUserFolder($userId);
		if ($folder === null) {
			throw new \RuntimeException('There is no group folder or external storage ' . $userId);
		}
		return $folder;
	}

	/** A group folder or an external storage: an owner that is no user, whose root the mirror mounts for itself. */
	private static function ownRoot(string $userId): bool {
		return GroupFolderOwner::isGroupFolder($userId) || ExternalStorageOwner::isExternal($userId);
	}

	/**
	 * What stands at a path in the user's files now.
	 */
	public function existing(string $userId, string $path): ?Node {
		try {
			return $this->filesOf($userId)->get($path);
		} catch (NotFoundException|\RuntimeException) {
			return null;
		}
	}

	/**
	 * sha256 of a file in Nextcloud (is it the same as the mirror's copy?).
	 */
	public function sha256(File $file): ?string {
		$stream = $file->fopen('rb');
		if (!is_resource($stream)) {
			return null;
		}
		$hash = hash_init('sha256');
		hash_update_stream($hash, $stream);
		fclose($stream);
		return hash_final($hash);
	}

	/**
	 * Writes $stream to $path (creating its folders), replacing a file there (Nextcloud keeps the old
	 * one as a version), and sets its modification time.
	 *
	 * @param resource $stream
	 * @throws RestoreException a file stands where a folder must be, or a folder where the file must be
	 * @throws \RuntimeException Nextcloud refused the write
	 */
	public function write(string $userId, string $path, $stream, int $mtime): File {
		$segments = array_values(array_filter(explode('/', $path), static fn (string $s): bool => $s !== ''));
		$name = array_pop($segments);
		if ($name === null) {
			throw new \RuntimeException('Nothing to restore to');
		}
		$folder = $this->filesOf($userId);
		foreach ($segments as $segment) {
			$next = $folder->nodeExists($segment) ? $folder->get($segment) : $folder->newFolder($segment);
			if (!$next instanceof Folder) {
				throw new RestoreException('A file stands where the folder "' . $segment . '" must be', RestoreException::FOLDER_BLOCKED, ['folder' => $segment]);
			}
			$folder = $next;
		}
		if ($folder->nodeExists($name)) {
			$file = $folder->get($name);
			if (!$file instanceof File) {
				throw new RestoreException('A folder stands where the file must be', RestoreException::FILE_BLOCKED);
			}
			$file->putContent($stream);
		} else {
			$file = $folder->newFile($name, $stream);
		}
		$file->touch($mtime);
		// read again: what the file cache says now (the etag and time after the touch), not the node's old view
		$fresh = self::ownRoot($userId) ? $this->filesOf($userId)->get(implode('/', [...$segments, $name])) : $this->root->getUserFolder($userId)->getFirstNodeById($file->getId());
		return $fresh instanceof File ? $fresh : $file;
	}
}

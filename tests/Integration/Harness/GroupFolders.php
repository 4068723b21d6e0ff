<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration\Harness;

/**
 * The Group folders app in an instance, driven by its occ commands: installed from the archive in
 * ../shared/nextcloud/ (GROUPFOLDERS_ARCHIVE overrides) into the instance's extra apps folder, never
 * into the read-only server tree.
 */
final class GroupFolders {
	public const ARCHIVE_NAME = 'groupfolders-20.1.18-stable32-1e93f29.tar.gz';
	public const ARCHIVE_SHA256 = 'dd572e68cf99a03530ca13e96d18981eb7c9346e377ce5246cc6f19ce89dfc8f';

	/** occ groupfolders:permissions / :group take these words */
	public const READ = 'read';
	public const WRITE = 'write';

	public function __construct(
		private readonly Instance $nc,
	) {
	}

	/** Where the archive is; null when it is not there. */
	public static function archive(): ?string {
		$env = getenv('GROUPFOLDERS_ARCHIVE');
		$path = $env !== false && $env !== '' ? $env : dirname(Instance::appRoot(), 3) . '/shared/nextcloud/' . self::ARCHIVE_NAME;
		if (!is_file($path)) {
			$path = '/work/shared/nextcloud/' . self::ARCHIVE_NAME;
		}
		return is_file($path) ? $path : null;
	}

	/** Extracts the app into apps/groupfolders (once) and enables it. */
	public function install(): void {
		$archive = self::archive();
		if ($archive === null) {
			throw new \RuntimeException('The Group folders archive ' . self::ARCHIVE_NAME . ' is not in ../shared/nextcloud/ (set GROUPFOLDERS_ARCHIVE)');
		}
		if (hash_file('sha256', $archive) !== self::ARCHIVE_SHA256 && getenv('GROUPFOLDERS_ARCHIVE') === false) {
			throw new \RuntimeException("$archive is not the archive this harness was written for (sha256 differs)");
		}
		if (!is_dir($this->nc->appsDir . '/groupfolders')) {
			$extract = Proc::run(['tar', '-xzf', $archive, '-C', $this->nc->appsDir]);
			if (!$extract->ok() || !is_file($this->nc->appsDir . '/groupfolders/appinfo/info.xml')) {
				throw new \RuntimeException("Cannot extract $archive into {$this->nc->appsDir}:\n" . $extract->describe());
			}
		}
		$this->nc->mustOcc(['app:enable', 'groupfolders']);
	}

	/** A new group folder; its id. */
	public function create(string $mountPoint): int {
		$out = trim($this->nc->mustOcc(['groupfolders:create', $mountPoint])->stdout);
		if (preg_match('/^\d+$/', $out) !== 1) {
			throw new \RuntimeException("groupfolders:create printed no id: $out");
		}
		return (int)$out;
	}

	/** A group (created when missing) with these members. */
	public function group(string $gid, array $members): void {
		$this->nc->occ(['group:add', $gid]);
		foreach ($members as $uid) {
			$this->nc->mustOcc(['group:adduser', $gid, $uid]);
		}
	}

	/**
	 * Gives a group access to the folder.
	 *
	 * @param list<string> $permissions read, write (with create), share, delete ([]: read only)
	 */
	public function grant(int $folderId, string $gid, array $permissions = []): void {
		$this->nc->mustOcc(['groupfolders:group', (string)$folderId, $gid, ...$permissions]);
	}

	/** Turns advanced permissions (ACLs) on for the folder. */
	public function enableAcl(int $folderId): void {
		$this->nc->mustOcc(['groupfolders:permissions', (string)$folderId, '--enable']);
	}

	/**
	 * An ACL rule on a path inside the folder for a user: e.g. ['-read', '-write'] denies both.
	 *
	 * @param list<string> $rules +read, -read, +write, -write, +create, -create, +delete, -delete, +share, -share
	 */
	public function aclForUser(int $folderId, string $path, string $uid, array $rules): void {
		$this->nc->mustOcc(['groupfolders:permissions', (string)$folderId, $path, '--user', $uid, '--', ...$rules]);
	}
}

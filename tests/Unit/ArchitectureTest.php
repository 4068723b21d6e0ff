<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit;

use PHPUnit\Framework\TestCase;

/**
 * One owner per resource, by construction: only lib/Drive touches the filesystem, only lib/Queue
 * touches the queue table. A new caller elsewhere fails here, with its file and line.
 */
class ArchitectureTest extends TestCase {
	/** PHP functions that read or change a filesystem. */
	private const FILESYSTEM = [
		'chmod', 'chown', 'copy', 'disk_free_space', 'disk_total_space', 'fdatasync', 'file_exists', 'file_get_contents',
		'file_put_contents', 'fileinode', 'filemtime', 'filesize', 'fopen', 'fsync', 'glob', 'hash_file', 'is_dir', 'is_file',
		'is_link', 'is_readable', 'is_writable', 'link', 'lstat', 'mkdir', 'opendir', 'readlink', 'realpath', 'rename',
		'rmdir', 'scandir', 'stat', 'symlink', 'tempnam', 'touch', 'unlink',
	];

	/**
	 * Calls allowed outside lib/Drive, by file: reading a user's file from Nextcloud's own local
	 * storage (never a target's path) when the storage says it is local and unencrypted.
	 */
	private const SOURCE_READERS = [
		'Replication/Replicator.php' => ['is_file', 'is_link', 'fopen'],
	];

	/**
	 * @return \Generator<string, string> path relative to lib/ => source
	 */
	private static function sources(): \Generator {
		$lib = dirname(__DIR__, 2) . '/lib';
		$files = new \RecursiveIteratorIterator(new \RecursiveDirectoryIterator($lib, \FilesystemIterator::SKIP_DOTS));
		foreach ($files as $file) {
			if ($file->getExtension() === 'php') {
				yield substr($file->getPathname(), strlen($lib) + 1) => (string)file_get_contents($file->getPathname());
			}
		}
	}

	/**
	 * Global function calls in PHP source: name and line.
	 *
	 * @return list<array{0: string, 1: int}>
	 */
	private static function functionCalls(string $code): array {
		$tokens = array_values(array_filter(token_get_all($code), static fn ($t): bool => !is_array($t) || !in_array($t[0], [T_WHITESPACE, T_COMMENT, T_DOC_COMMENT], true)));
		$calls = [];
		foreach ($tokens as $i => $token) {
			if (!is_array($token) || !in_array($token[0], [T_STRING, T_NAME_FULLY_QUALIFIED], true) || ($tokens[$i + 1] ?? null) !== '(') {
				continue;
			}
			$before = $tokens[$i - 1] ?? null;
			if (is_array($before) && in_array($before[0], [T_OBJECT_OPERATOR, T_NULLSAFE_OBJECT_OPERATOR, T_DOUBLE_COLON, T_FUNCTION, T_NEW], true)) {
				continue;
			}
			$calls[] = [strtolower(ltrim($token[1], '\\')), $token[2]];
		}
		return $calls;
	}

	public function testOnlyTheDriveTouchesAFilesystem(): void {
		$found = [];
		foreach (self::sources() as $path => $code) {
			if (str_starts_with($path, 'Drive/')) {
				continue;
			}
			foreach (self::functionCalls($code) as [$name, $line]) {
				if (in_array($name, self::FILESYSTEM, true) && !in_array($name, self::SOURCE_READERS[$path] ?? [], true)) {
					$found[] = $path . ':' . $line . ' ' . $name . '()';
				}
			}
		}
		$this->assertSame([], $found, 'filesystem calls outside lib/Drive');
	}

	public function testOnlyTheQueueUsesTheQueueTable(): void {
		$found = [];
		foreach (self::sources() as $path => $code) {
			if (str_starts_with($path, 'Queue/') || str_starts_with($path, 'Db/') || str_starts_with($path, 'Migration/')) {
				continue;
			}
			if (preg_match('/\bQueueItemMapper\b|mirror_queue/', $code) === 1) {
				$found[] = $path;
			}
		}
		$this->assertSame([], $found, 'the queue table used outside lib/Queue');
	}

	public function testTheCheckSeesACallItMustRefuse(): void {
		$calls = self::functionCalls("<?php\n\$x->rename('a');\nFoo::unlink('b');\n\\rename('a', 'b');\nif (is_dir(\$p)) {}\n");
		$this->assertSame([['rename', 4], ['is_dir', 5]], $calls);
	}
}

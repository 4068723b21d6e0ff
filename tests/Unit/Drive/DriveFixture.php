<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Drive;

use OCA\Mirror\Db\Target;
use OCA\Mirror\Drive\Drive;
use OCA\Mirror\Drive\DriveFactory;
use OCA\Mirror\Drive\Fd\Libc;
use OCA\Mirror\Exception\ReplicationException;
use OCA\Mirror\Exception\UnsafePathException;
use OCP\AppFramework\Utility\ITimeFactory;
use OCP\IBinaryFinder;
use OCP\IConfig;

/**
 * A temporary folder holding a "target" folder (the mirror drive) and an "outside" folder (what
 * the web server user can write elsewhere), and real Drives on the target.
 *
 * @psalm-require-extends \PHPUnit\Framework\TestCase
 */
trait DriveFixture {
	/** the instance id in config.php (no constants in traits before PHP 8.2) */
	private string $instanceId = 'oc1';
	/** what ITimeFactory says */
	private int $now = 1800000000;

	/** what the binary finder answers for openssl (looked up once per drive, at its first large copy); false: none */
	private string|false $openssl = false;

	private string $base;
	private string $root;
	private string $outside;
	private DriveFactory $drives;

	private function setUpFolders(): void {
		// real paths: sys_get_temp_dir() may be reached through a link, and a drive follows none
		$this->base = (string)realpath(sys_get_temp_dir()) . '/mirror-drive-' . bin2hex(random_bytes(4));
		$this->root = $this->base . '/target';
		$this->outside = $this->base . '/outside';
		mkdir($this->base);
		mkdir($this->root);
		mkdir($this->outside);
		$config = $this->createMock(IConfig::class);
		$config->method('getSystemValueString')->willReturnCallback(fn (string $key, string $default = ''): string => $key === 'instanceid' ? $this->instanceId : $default);
		$time = $this->createMock(ITimeFactory::class);
		$time->method('getTime')->willReturnCallback(fn (): int => $this->now);
		$binaries = $this->createMock(IBinaryFinder::class);
		$binaries->method('findBinaryPath')->willReturnCallback(fn (string $program): string|false => $program === 'openssl' ? $this->openssl : false);
		$this->drives = new DriveFactory($config, $time, $binaries);
	}

	private function removeFolders(): void {
		// rm -rf removes links, never what they point to
		exec('rm -rf ' . escapeshellarg($this->base));
	}

	private function target(string $uuid = 'u-1', bool $enabled = true, ?string $path = null): Target {
		$target = new Target();
		$target->setUuid($uuid);
		$target->setName('USB');
		$target->setPath($path ?? $this->root);
		$target->setEnabled($enabled);
		return $target;
	}

	private function drive(string $uuid = 'u-1', bool $enabled = true, ?string $path = null): Drive {
		return $this->drives->forTarget($this->target($uuid, $enabled, $path));
	}

	/**
	 * A drive with this target's marker, whose state() found it online.
	 */
	/**
	 * @return array<string, array{0: bool}>
	 */
	public static function modes(): array {
		return ['race-free (FFI)' => [true], 'on paths' => [false]];
	}

	/** A drive whose calls are race-free (FFI) or work on paths, online; skipped where there is no FFI. */
	private function driveIn(bool $raceFree): Drive {
		if ($raceFree && Libc::load() === null) {
			$this->markTestSkipped('no FFI here: ' . Libc::reason());
		}
		$time = $this->createMock(ITimeFactory::class);
		$time->method('getTime')->willReturnCallback(fn (): int => $this->now);
		$drive = new Drive($this->target(), $this->instanceId, $time, null, null, $raceFree ? null : false);
		$drive->writeMarker();
		$this->assertTrue($drive->state()->online);
		$this->assertSame($raceFree, $drive->isRaceFree());
		return $drive;
	}

	private function onlineDrive(): Drive {
		$drive = $this->drive();
		$drive->writeMarker();
		$this->assertTrue($drive->state()->online, 'the drive must be online before the test');
		return $drive;
	}

	/**
	 * @return resource
	 */
	private static function stream(string $content) {
		$s = fopen('php://memory', 'w+b');
		fwrite($s, $content);
		rewind($s);
		return $s;
	}

	private static function noBeat(): \Closure {
		return static function (): void {
		};
	}

	private function trashDir(string $userFolder = 'alice'): string {
		return $this->root . '/' . Drive::TRASH_DIR . '/' . $userFolder . '/' . date('Y-m-d', $this->now);
	}

	/**
	 * Everything below $dir, never following a link: type, content hash or link target, mode, mtime.
	 *
	 * @return array<string, string>
	 */
	private static function snapshot(string $dir): array {
		clearstatcache();
		$out = [];
		$it = new \RecursiveIteratorIterator(new \RecursiveDirectoryIterator($dir, \FilesystemIterator::SKIP_DOTS), \RecursiveIteratorIterator::SELF_FIRST);
		foreach ($it as $path => $info) {
			$stat = lstat($path);
			$what = is_link($path) ? 'link:' . readlink($path) : (is_dir($path) ? 'dir' : 'file:' . hash_file('sha256', $path));
			$out[substr($path, strlen($dir))] = $what . ' ' . decoct($stat['mode']) . ' ' . $stat['mtime'] . ' ' . $stat['ino'];
		}
		ksort($out);
		return $out;
	}

	/**
	 * Temporary files left in $dir.
	 *
	 * @return list<string>
	 */
	private static function parts(string $dir): array {
		return array_values(array_filter(scandir($dir) ?: [], static fn (string $name): bool => str_starts_with($name, '.mirror-') && str_ends_with($name, '.part') && !is_link($dir . '/' . $name)));
	}

	private function assertUnsafe(callable $operation, string $what): void {
		try {
			$operation();
			$this->fail($what . ': expected UnsafePathException');
		} catch (UnsafePathException $e) {
			$this->assertSame(ReplicationException::UNSAFE, $e->errorCode, $what);
		}
	}
}

<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Drive;

use OCA\Mirror\Drive\IoCall;
use OCA\Mirror\Drive\ReadOnlyAfterError;
use OCA\Mirror\Exception\ReplicationException;
use PHPUnit\Framework\TestCase;

/**
 * A drive whose filesystem turned itself read-only after a write error (an ext4 journal abort: what
 * WritebackErrorTest's drive does when its journal cannot be written) refuses every write with EROFS,
 * or EIO: that is the drive's write error, not a permission. Told from the admin's read-only mount by
 * the kernel's mount table (lines as Linux 6.18 writes them).
 */
class ReadOnlyAfterErrorTest extends TestCase {
	private const TABLE = <<<'TXT'
		23 1 259:1 / / rw,relatime shared:1 - ext4 /dev/root rw,discard
		46 23 7:0 / /mnt/aborted rw,relatime - ext4 /dev/loop0 rw,noinit_itable,emergency_ro
		47 23 7:1 / /mnt/remounted rw,relatime - ext4 /dev/loop1 ro,errors=remount-ro
		48 23 7:2 / /mnt/admin\040ro ro,relatime - ext4 /dev/loop2 ro
		49 23 7:3 / /mnt/good rw,relatime - ext4 /dev/loop3 rw
		50 49 7:4 / /mnt/good/inner rw,relatime - ext4 /dev/loop4 rw,emergency_ro
		51 23 7:5 / /mnt/replugged rw,relatime - ext4 /dev/loop5 rw,emergency_ro
		52 23 7:6 / /mnt/replugged rw,relatime - ext4 /dev/loop6 rw
		TXT;

	private string $file;

	protected function setUp(): void {
		$this->file = (string)tempnam(sys_get_temp_dir(), 'mountinfo');
		file_put_contents($this->file, self::TABLE . "\n");
	}

	protected function tearDown(): void {
		@unlink($this->file);
	}

	/**
	 * @return array<string, array{string, bool}>
	 */
	public static function paths(): array {
		return [
			'journal aborted (emergency_ro)' => ['/mnt/aborted/alice/Photos/a.jpg', true],
			'the mount point itself' => ['/mnt/aborted', true],
			'errors=remount-ro: the filesystem read-only under a read-write mount' => ['/mnt/remounted/alice', true],
			'the admin mounted it read-only (a space in its name)' => ['/mnt/admin ro/alice', false],
			'a good drive' => ['/mnt/good/alice', false],
			'a drive mounted inside a good one' => ['/mnt/good/inner/alice', true],
			'the same point mounted again on top: the drive replugged' => ['/mnt/replugged/alice', false],
			'a name that only starts like a mount point' => ['/mnt/abortedx/alice', false],
			'the root filesystem' => ['/srv/mirror', false],
			'not an absolute path' => ['alice/Photos', false],
		];
	}

	#[\PHPUnit\Framework\Attributes\DataProvider('paths')]
	public function testTheMountTableSaysWhetherTheFilesystemTurnedReadOnlyAfterAnError(string $path, bool $expected): void {
		$this->assertSame($expected, (new ReadOnlyAfterError($this->file))->holds($path));
	}

	public function testWithoutAMountTableNothingIsClaimed(): void {
		$this->assertFalse((new ReadOnlyAfterError($this->file . '.none'))->holds('/mnt/aborted/a'));
	}

	/**
	 * @return array<string, array{string, string, string}>
	 */
	public static function refusals(): array {
		return [
			'EROFS after the journal aborted' => ['/mnt/aborted/alice/Photos/.mirror-1.part', 'fopen(/x): Failed to open stream: Read-only file system', ReplicationException::WRITE_BACK],
			'EIO of the write that aborted it' => ['/mnt/aborted/alice/Photos', 'rename(/a,/b): Input/output error', ReplicationException::WRITE_BACK],
			'EROFS of the admin\'s read-only drive' => ['/mnt/admin ro/alice/a.jpg', 'Read-only file system', ReplicationException::PERMISSION],
			'EIO of a good filesystem (a bad sector read)' => ['/mnt/good/alice/a.jpg', 'Input/output error', ReplicationException::IO],
			'a full drive stays a full drive' => ['/mnt/aborted/alice/a.jpg', 'No space left on device', ReplicationException::FULL],
		];
	}

	#[\PHPUnit\Framework\Attributes\DataProvider('refusals')]
	public function testARefusalOfADriveThatTurnedReadOnlyIsItsWriteError(string $path, string $detail, string $code): void {
		$e = (new IoCall(new ReadOnlyAfterError($this->file)))->errorFor('write', $path, null, $detail);
		$this->assertSame($code, $e->errorCode, $e->getMessage());
		if ($code === ReplicationException::WRITE_BACK) {
			$this->assertSame('read_only_after_error', $e->params['reason'] ?? null);
			$this->assertStringContainsString('turned read-only', $e->getMessage());
		}
	}
}

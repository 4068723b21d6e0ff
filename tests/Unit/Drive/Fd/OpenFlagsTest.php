<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Drive\Fd;

use OCA\Mirror\Drive\Fd\Libc;
use OCA\Mirror\Drive\Fd\OpenFlags;
use PHPUnit\Framework\Attributes\DataProvider;
use PHPUnit\Framework\TestCase;

class OpenFlagsTest extends TestCase {
	/**
	 * The values of the kernel headers (asm/fcntl.h) per architecture.
	 *
	 * @return array<string, array{0: string, 1: int, 2: int, 3: int}>
	 */
	public static function machines(): array {
		return [
			'x86_64' => ['x86_64', 0200000, 0400000, 0],
			'i686' => ['i686', 0200000, 0400000, 0100000],
			'aarch64 (64-bit Raspberry Pi OS)' => ['aarch64', 040000, 0100000, 0],
			'armv7l (armhf Raspberry Pi OS)' => ['armv7l', 040000, 0100000, 0400000],
			'armv6l (Raspberry Pi Zero)' => ['armv6l', 040000, 0100000, 0400000],
			'armv8l (32-bit userland, 64-bit CPU)' => ['armv8l', 040000, 0100000, 0400000],
		];
	}

	#[DataProvider('machines')]
	public function testTheFlagsOfEachArchitecture(string $machine, int $directory, int $nofollow, int $largefile): void {
		$flags = OpenFlags::forMachine($machine);
		$this->assertNotNull($flags);
		$this->assertSame($directory, $flags->directory);
		$this->assertSame($nofollow, $flags->nofollow);
		$this->assertSame($largefile, $flags->largefile);
		$this->assertSame($directory | $nofollow | OpenFlags::CLOEXEC | $largefile, $flags->folder(), 'a folder: O_DIRECTORY|O_NOFOLLOW, read-only');
		$this->assertSame(0, $flags->folder() & 3, 'O_RDONLY');
		$this->assertSame(OpenFlags::RDWR | OpenFlags::CREAT | OpenFlags::EXCL | $nofollow | OpenFlags::CLOEXEC | $largefile, $flags->createExclusive());
		$this->assertSame($nofollow, $flags->readFile() & $nofollow);
	}

	/**
	 * @return array<string, array{0: string}>
	 */
	public static function unknownMachines(): array {
		return ['riscv64' => ['riscv64'], 'ppc64le' => ['ppc64le'], 's390x' => ['s390x'], 'mips' => ['mips'], 'empty' => ['']];
	}

	#[DataProvider('unknownMachines')]
	public function testAnUnknownArchitectureGetsNoFlags(string $machine): void {
		$this->assertNull(OpenFlags::forMachine($machine), 'a guessed O_NOFOLLOW could follow links: no race-free mode');
	}

	public function testTheFlagsOfThisMachineAreWhatTheKernelTakes(): void {
		$libc = Libc::load();
		if ($libc === null) {
			$this->markTestSkipped('no FFI here: ' . Libc::reason());
		}
		$base = sys_get_temp_dir() . '/mirror-flags-' . bin2hex(random_bytes(4));
		mkdir($base);
		symlink('/etc', $base . '/link');
		file_put_contents($base . '/file', 'x');
		try {
			$dir = $libc->openat(Libc::AT_FDCWD, $base, $libc->flags->folder());
			$this->assertGreaterThanOrEqual(0, $dir, 'a folder opens as a folder');
			$this->assertLessThan(0, $libc->openat($dir, 'link', $libc->flags->folder()), 'a link is not followed');
			$this->assertContains($libc->errno(), [Libc::ELOOP, Libc::ENOTDIR]);
			$this->assertLessThan(0, $libc->openat($dir, 'file', $libc->flags->folder()), 'a file is not a folder');
			$this->assertSame(Libc::ENOTDIR, $libc->errno());
			$this->assertLessThan(0, $libc->openat($dir, 'link', $libc->flags->readFile()), 'O_NOFOLLOW on a file open too');
			$this->assertSame(Libc::ELOOP, $libc->errno());
			$libc->close($dir);
		} finally {
			exec('rm -rf ' . escapeshellarg($base));
		}
	}

	public function testMakedevIsGlibcs(): void {
		$this->assertSame(0x0801, Libc::makedev(8, 1), '/dev/sda1');
		$this->assertSame(0xfe00, Libc::makedev(254, 0));
		$this->assertSame((0x1000 << 32) | (0x1000 << 12), Libc::makedev(0x1000, 0x1000), 'large majors and minors are split as glibc splits them');
	}
}

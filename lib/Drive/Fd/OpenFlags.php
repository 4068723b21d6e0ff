<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive\Fd;

/**
 * The open() flags that differ between Linux architectures, per machine name (php_uname('m')).
 * An architecture not listed here gets no race-free drive operations (null): a wrong O_NOFOLLOW
 * would silently follow links, so guessing is worse than the path checks.
 */
final class OpenFlags {
	/** @var array<string, array{directory: int, nofollow: int, largefile: int}> */
	private const BY_FAMILY = [
		// x86_64: the kernel forces large files on 64-bit, glibc's O_LARGEFILE is 0
		'x86_64' => ['directory' => 0200000, 'nofollow' => 0400000, 'largefile' => 0],
		// i386: O_LARGEFILE must be given to the plain openat() symbol
		'x86' => ['directory' => 0200000, 'nofollow' => 0400000, 'largefile' => 0100000],
		// arm64 (the Raspberry Pi's 64-bit OS)
		'aarch64' => ['directory' => 040000, 'nofollow' => 0100000, 'largefile' => 0],
		// 32-bit arm (Raspberry Pi OS armhf): without O_LARGEFILE a file over 2 GiB fails with EOVERFLOW
		'arm' => ['directory' => 040000, 'nofollow' => 0100000, 'largefile' => 0400000],
	];

	/** The same on every architecture Linux runs here (asm-generic) */
	public const RDONLY = 0;
	public const WRONLY = 1;
	public const RDWR = 2;
	public const CREAT = 0100;
	public const EXCL = 0200;
	public const NONBLOCK = 04000;
	public const CLOEXEC = 02000000;

	private function __construct(
		public readonly string $family,
		public readonly int $directory,
		public readonly int $nofollow,
		public readonly int $largefile,
	) {
	}

	/**
	 * The flags for a machine name such as "x86_64", "aarch64", "armv7l"; null for one not known.
	 */
	public static function forMachine(string $machine): ?self {
		$family = match (true) {
			$machine === 'x86_64' || $machine === 'amd64' => 'x86_64',
			in_array($machine, ['i386', 'i486', 'i586', 'i686'], true) => 'x86',
			$machine === 'aarch64' || $machine === 'arm64' => 'aarch64',
			preg_match('/^armv[5-8]/', $machine) === 1 => 'arm', // armv6l, armv7l, armv8l (32-bit userland on a 64-bit CPU)
			default => null,
		};
		if ($family === null) {
			return null;
		}
		$flags = self::BY_FAMILY[$family];
		return new self($family, $flags['directory'], $flags['nofollow'], $flags['largefile']);
	}

	/** A folder, opened to hold it and work in it: never through a link */
	public function folder(): int {
		return self::RDONLY | $this->directory | $this->nofollow | self::CLOEXEC | $this->largefile;
	}

	/** A plain file opened to read it (or fchmod it): never through a link; a FIFO does not block */
	public function readFile(): int {
		return self::RDONLY | $this->nofollow | self::NONBLOCK | self::CLOEXEC | $this->largefile;
	}

	/** A new file, created here and nowhere else: an existing name (a planted link too) fails */
	public function createExclusive(): int {
		return self::RDWR | self::CREAT | self::EXCL | $this->nofollow | self::CLOEXEC | $this->largefile;
	}
}

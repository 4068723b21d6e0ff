<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Drive;

use OCA\Mirror\Drive\Drive;
use OCA\Mirror\Exception\ReplicationException;
use OCA\Mirror\Exception\UnsafePathException;
use PHPUnit\Framework\Attributes\DataProvider;
use PHPUnit\Framework\TestCase;

/**
 * Drive::statMany() looks at many copies folder by folder, each folder opened (race-free: FFI) or
 * walked (on paths) once for all of its copies: it must answer exactly what stat() answers for each
 * of them, links included, in both ways.
 */
class DriveStatManyTest extends TestCase {
	use DriveFixture;

	protected function setUp(): void {
		$this->setUpFolders();
	}

	protected function tearDown(): void {
		$this->removeFolders();
	}

	private function file(string $path, string $content, int $mtime): void {
		$file = $this->root . '/' . $path;
		if (!is_dir(dirname($file))) {
			mkdir(dirname($file), 0755, true);
		}
		file_put_contents($file, $content);
		touch($file, $mtime);
	}

	#[DataProvider('modes')]
	public function testEveryCopyGetsWhatStatGivesIt(bool $raceFree): void {
		$drive = $this->driveIn($raceFree);
		$this->file('alice/a.jpg', 'pixels', 1500000000);
		$this->file('alice/Photos/b.jpg', 'more pixels', 1500000001);
		$this->file('alice/Photos/2026/c.jpg', 'c', 1500000002);
		mkdir($this->root . '/alice/Photos/d.jpg'); // a folder where a copy should be
		symlink($this->outside . '/victim.jpg', $this->root . '/alice/Photos/link.jpg');
		file_put_contents($this->outside . '/victim.jpg', 'outside');
		mkdir($this->outside . '/folder');
		file_put_contents($this->outside . '/folder/e.jpg', 'outside too');
		symlink($this->outside . '/folder', $this->root . '/alice/Linked');
		$this->file('alice/Fileish', 'a file where a folder should be', 1);
		$paths = [
			10 => 'a.jpg',
			11 => 'Photos/b.jpg',
			12 => 'Photos/2026/c.jpg',
			13 => 'Photos/d.jpg',
			14 => 'Photos/link.jpg',
			15 => 'Photos/missing.jpg',
			16 => 'Linked/e.jpg',
			17 => 'Linked/Deeper/f.jpg',
			18 => 'Gone/g.jpg',
			19 => 'Fileish/h.jpg',
			20 => '/Photos//./b.jpg',
			21 => 'Photos/2026/',
			22 => 'Photos/.',
			23 => 'Linked',
		];

		$many = $drive->statMany('alice', $paths);

		$this->assertEqualsCanonicalizing(array_keys($paths), array_keys($many), 'one answer for each key');
		foreach ($paths as $key => $path) {
			try {
				$expected = $drive->stat('alice', $path);
			} catch (UnsafePathException $e) {
				$expected = $e;
			}
			if ($expected instanceof UnsafePathException) {
				$this->assertInstanceOf(UnsafePathException::class, $many[$key], $path);
				$this->assertSame($expected->getMessage(), $many[$key]->getMessage(), $path);
			} else {
				$this->assertSame($expected, $many[$key], $path);
			}
		}
		$this->assertSame(['size' => 6, 'mtime' => 1500000000], $many[10]);
		$this->assertSame(['size' => 1, 'mtime' => 1500000002], $many[12]);
		$this->assertNull($many[13]);
		$this->assertInstanceOf(UnsafePathException::class, $many[14]);
		$this->assertNull($many[15]);
		$this->assertInstanceOf(UnsafePathException::class, $many[16]);
		$this->assertInstanceOf(UnsafePathException::class, $many[17]);
		$this->assertNull($many[18]);
		$this->assertNull($many[19]);
		$this->assertSame($many[11], $many[20]);
	}

	#[DataProvider('modes')]
	public function testAPathWithAParentIsRefusedAsStatRefusesIt(bool $raceFree): void {
		$drive = $this->driveIn($raceFree);
		$this->file('alice/a.jpg', 'pixels', 1);
		foreach (['../bob/a.jpg', 'Photos/..', "a.jpg\0"] as $bad) {
			try {
				$drive->statMany('alice', [1 => 'a.jpg', 2 => $bad]);
				$this->fail('expected ReplicationException for ' . json_encode($bad));
			} catch (ReplicationException $e) {
				$this->assertSame(ReplicationException::NAME, $e->errorCode);
			}
		}
	}

	/**
	 * A folder of many copies, some of them changed, one gone, one a link to a file outside, and the
	 * folder above swapped for a link to a look-alike tree outside: every answer is the copy's own, or
	 * the link refused; nothing outside is ever taken for a copy.
	 */
	#[DataProvider('modes')]
	public function testManyCopiesInOneFolderAndAFolderSwappedForALink(bool $raceFree): void {
		$drive = $this->driveIn($raceFree);
		$paths = [];
		for ($i = 1; $i <= 300; $i++) {
			$this->file(sprintf('alice/Photos/2026/%03d.jpg', $i), str_repeat('x', $i), 1_600_000_000 + $i);
			$paths[$i] = sprintf('Photos/2026/%03d.jpg', $i);
		}
		unlink($this->root . '/alice/Photos/2026/007.jpg');
		touch($this->root . '/alice/Photos/2026/008.jpg', 5);
		file_put_contents($this->outside . '/victim.jpg', str_repeat('x', 9));
		touch($this->outside . '/victim.jpg', 1_600_000_009);
		unlink($this->root . '/alice/Photos/2026/009.jpg');
		symlink($this->outside . '/victim.jpg', $this->root . '/alice/Photos/2026/009.jpg');

		$many = $drive->statMany('alice', $paths);

		$this->assertCount(300, $many);
		$this->assertNull($many[7], 'gone');
		$this->assertSame(['size' => 8, 'mtime' => 5], $many[8], 'changed: its own numbers');
		$this->assertInstanceOf(UnsafePathException::class, $many[9], 'a link is refused, not followed');
		$this->assertSame($this->root . '/alice/Photos/2026/009.jpg', $many[9]->params['path'] ?? null);
		foreach ([1, 100, 300] as $i) {
			$this->assertSame(['size' => $i, 'mtime' => 1_600_000_000 + $i], $many[$i]);
		}

		// the same tree outside, the user's "Photos" swapped for a link to it
		mkdir($this->outside . '/Photos/2026', 0755, true);
		foreach ($paths as $i => $path) {
			file_put_contents($this->outside . '/' . $path, 'outside');
		}
		rename($this->root . '/alice/Photos', $this->root . '/alice/Photos.aside');
		symlink($this->outside . '/Photos', $this->root . '/alice/Photos');
		foreach ($drive->statMany('alice', $paths) as $key => $stat) {
			$this->assertInstanceOf(UnsafePathException::class, $stat, 'copy ' . $key . ': the link on the way is refused');
			$this->assertSame($this->root . '/alice/Photos', $stat->params['path'] ?? null);
		}
	}

	/**
	 * notCurrent() answers as statMany() for every copy that is not current (gone, another size or
	 * time, a link), and leaves out exactly the current ones (within FAT's two seconds).
	 */
	#[DataProvider('modes')]
	public function testNotCurrentLeavesOutExactlyTheCurrentCopies(bool $raceFree): void {
		$drive = $this->driveIn($raceFree);
		$paths = [];
		$recorded = [];
		for ($i = 1; $i <= 20; $i++) {
			$this->file(sprintf('alice/Photos/%02d.jpg', $i), str_repeat('x', $i), 1_600_000_000);
			$paths[$i] = sprintf('Photos/%02d.jpg', $i);
			$recorded[$i] = [$i, 1_600_000_000];
		}
		$recorded[2] = [2, 1_600_000_002]; // two seconds off: current on FAT's terms
		$recorded[3] = [3, 1_600_000_003]; // three: not
		$recorded[4] = [5, 1_600_000_000]; // another size
		unlink($this->root . '/alice/Photos/05.jpg');
		unlink($this->root . '/alice/Photos/06.jpg');
		symlink($this->outside . '/x.jpg', $this->root . '/alice/Photos/06.jpg');
		$paths[21] = 'Elsewhere/21.jpg';
		$recorded[21] = [1, 1];

		$stale = $drive->notCurrent('alice', $paths, $recorded);

		$this->assertEqualsCanonicalizing([3, 4, 5, 6, 21], array_keys($stale));
		$many = $drive->statMany('alice', $paths);
		foreach ([3, 4, 5, 21] as $key) {
			$this->assertSame($many[$key], $stale[$key], 'as statMany() answers for ' . $paths[$key]);
		}
		$this->assertInstanceOf(UnsafePathException::class, $stale[6]);
	}

	public function testNothingAsked(): void {
		$this->assertSame([], $this->onlineDrive()->statMany('alice', []));
	}
}

<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Drive;

use OCA\Mirror\Exception\ReplicationException;
use OCA\Mirror\Exception\UnsafePathException;
use PHPUnit\Framework\TestCase;

/**
 * Drive::statMany() looks at many copies folder by folder, each folder walked once for all of its
 * copies: it must answer exactly what stat() answers for each of them, links included.
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

	public function testEveryCopyGetsWhatStatGivesIt(): void {
		$drive = $this->onlineDrive();
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

	public function testAPathWithAParentIsRefusedAsStatRefusesIt(): void {
		$drive = $this->onlineDrive();
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

	public function testNothingAsked(): void {
		$this->assertSame([], $this->onlineDrive()->statMany('alice', []));
	}
}

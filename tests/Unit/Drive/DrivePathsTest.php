<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Drive;

use OCA\Mirror\Drive\DriveNames;
use OCA\Mirror\Drive\DrivePaths;
use OCA\Mirror\Drive\IoCall;
use OCA\Mirror\Drive\NamePlacer;
use OCA\Mirror\Drive\NoNameRecords;
use OCA\Mirror\Drive\PathGuard;
use OCA\Mirror\Exception\ReplicationException;
use PHPUnit\Framework\TestCase;

/**
 * encodedPath() gives a path's names on the drive joined by single slashes: on a drive that takes
 * every name, a path that is that already comes back as it is (without splitting it: a manifest asks
 * for every copy), and any other is split and joined as before.
 */
class DrivePathsTest extends TestCase {
	private function paths(DriveNames $names): DrivePaths {
		$guard = new PathGuard('/nonexistent-root', new IoCall());
		return new DrivePaths($guard, new NamePlacer($guard, new NoNameRecords()), static fn (): DriveNames => $names);
	}

	public function testAPathComesBackAsItsNamesJoined(): void {
		$plain = $this->paths(DriveNames::plain());
		$cases = [
			'a.jpg' => 'a.jpg',
			'Photos/2026/a.jpg' => 'Photos/2026/a.jpg',
			'.hidden/..dots/x...' => '.hidden/..dots/x...',
			'a:b?.jpg' => 'a:b?.jpg',
			'/Photos//a.jpg' => 'Photos/a.jpg',
			'Photos/./a.jpg' => 'Photos/a.jpg',
			'./a.jpg' => 'a.jpg',
			'Photos/' => 'Photos',
			'Photos/.' => 'Photos',
		];
		foreach ($cases as $path => $expected) {
			$this->assertSame($expected, $plain->encodedPath($path), $path);
			$this->assertSame(implode('/', $plain->driveSegments($path)), $plain->encodedPath($path), $path);
		}
		$percent = $this->paths(new DriveNames('vfat', DriveNames::PERCENT, null));
		$this->assertSame('Photos/a%3Ab%3F.jpg', $percent->encodedPath('Photos/a:b?.jpg'), 'a drive that refuses names still encodes them');
	}

	public function testAParentIsRefusedEitherWay(): void {
		foreach (['../a.jpg', 'Photos/../a.jpg', 'Photos/..', "a\0.jpg"] as $bad) {
			try {
				$this->paths(DriveNames::plain())->encodedPath($bad);
				$this->fail('expected a refusal for ' . json_encode($bad));
			} catch (ReplicationException $e) {
				$this->assertSame(ReplicationException::NAME, $e->errorCode);
			}
		}
	}
}

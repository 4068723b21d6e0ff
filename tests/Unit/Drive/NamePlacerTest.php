<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Drive;

use OCA\Mirror\Drive\DriveNames;
use OCA\Mirror\Drive\IoCall;
use OCA\Mirror\Drive\NamePlacer;
use OCA\Mirror\Drive\NameRecords;
use OCA\Mirror\Drive\PathGuard;
use PHPUnit\Framework\TestCase;

/**
 * Where a new copy goes on a drive that ignores case. The drive's own part (an entry stored under
 * another spelling) needs such a drive and is proven on fusefat (FatTargetTest); here the records'
 * part and the batch's, on a plain folder.
 */
class NamePlacerTest extends TestCase {
	private string $root;
	/** @var array<string, array{path: string, drivePath: string|null}> folder => a record below it */
	private array $below = [];
	/** @var array<string, string> on-drive path => the Nextcloud path of the record there */
	private array $claimed = [];
	private NamePlacer $placer;
	/** @var list<string> the on-drive paths the records were asked about */
	private array $asked = [];

	protected function setUp(): void {
		$this->root = (string)realpath(sys_get_temp_dir()) . '/mirror-placer-' . bin2hex(random_bytes(4));
		mkdir($this->root . '/alice/Pics', 0755, true);
		$records = new class($this) implements NameRecords {
			public function __construct(
				private NamePlacerTest $test,
			) {
			}

			public function oneBelow(string $userId, string $folder): ?array {
				return $this->test->recordBelow($folder);
			}

			public function claimedByOther(string $userId, string $drivePath, string $path): bool {
				return $this->test->isClaimed($drivePath, $path);
			}
		};
		$this->placer = new NamePlacer(new PathGuard($this->root, new IoCall()), $records);
	}

	protected function tearDown(): void {
		exec('rm -rf ' . escapeshellarg($this->root));
	}

	/** @return array{path: string, drivePath: string|null}|null */
	public function recordBelow(string $folder): ?array {
		return $this->below[$folder] ?? null;
	}

	public function isClaimed(string $drivePath, string $path): bool {
		$this->asked[] = $drivePath;
		foreach ($this->claimed as $at => $owner) {
			if (($at === $drivePath || str_starts_with($at, $drivePath . '/')) && $owner !== $path && !str_starts_with($owner, $path . '/')) {
				return true;
			}
		}
		return false;
	}

	private static function fat(): DriveNames {
		return new DriveNames('vfat', DriveNames::PERCENT, DriveNames::FAT32_MAX, true);
	}

	public function testTheSuffixIsVisibleAndKeepsTheExtension(): void {
		$this->assertSame('A (case 2).jpg', DriveNames::withSuffix('A.jpg', 2, false));
		$this->assertSame('archive.tar (case 3).gz', DriveNames::withSuffix('archive.tar.gz', 3, false));
		$this->assertSame('v1.2 (case 2)', DriveNames::withSuffix('v1.2', 2, true), 'a folder has no extension');
		$this->assertSame('.hidden (case 2)', DriveNames::withSuffix('.hidden', 2, false));
	}

	public function testOnADriveThatTellsCaseApartTheEncodedPathIsThePlace(): void {
		$this->claimed['Pics/a.jpg'] = 'Pics/A.jpg'; // would make a case-insensitive drive add a suffix
		$names = new DriveNames('ext4', DriveNames::PERCENT, null, false);
		$this->assertSame('Pics/what%3F.jpg', $this->placer->place($names, 'alice', 'alice', 'Pics/what?.jpg'));
		$this->assertSame('Pics/a.jpg', $this->placer->place($names, 'alice', 'alice', 'Pics/a.jpg'));
	}

	public function testANameRecordedForAnotherFileGetsTheNextFreeSuffix(): void {
		$this->assertSame('Pics/A.jpg', $this->placer->place(self::fat(), 'alice', 'alice', 'Pics/A.jpg'), 'free: the name itself');
		// a literal "A (case 2).jpg" in Nextcloud, where the suffixed twin of "A.jpg" already is
		$this->claimed['Pics/A (case 2).jpg'] = 'Pics/A.jpg';
		$this->assertSame('Pics/A (case 2) (case 2).jpg', $this->placer->place(self::fat(), 'alice', 'alice', 'Pics/A (case 2).jpg'));
		$this->claimed['Pics/b (case 2).jpg'] = 'Pics/B.jpg';
		$this->claimed['Pics/b (case 2) (case 2).jpg'] = 'Pics/OTHER.jpg';
		$this->assertSame('Pics/b (case 2) (case 3).jpg', $this->placer->place(self::fat(), 'alice', 'alice', 'Pics/b (case 2).jpg'));
	}

	public function testTheRecordsAreNotAskedAboutAPathWithoutASuffix(): void {
		// no copy is recorded at such a place unless it is its own encoded path
		$this->claimed['Pics/b.jpg'] = 'Pics/B.jpg';
		$this->assertSame('Pics/b.jpg', $this->placer->place(self::fat(), 'alice', 'alice', 'Pics/b.jpg'));
		$this->assertSame([], $this->asked);
		$this->placer->place(self::fat(), 'alice', 'alice', 'Pics (case 2)/b.jpg');
		$this->assertSame(['Pics (case 2)', 'Pics (case 2)/b.jpg'], $this->asked);
	}

	public function testAFolderOnceFoundIsNotLookedUpAgainUntilFoldersMove(): void {
		$this->below['photos'] = ['path' => 'photos/x.jpg', 'drivePath' => 'photos (case 2)/x.jpg'];
		$this->placer->place(self::fat(), 'alice', 'alice', 'photos/a.jpg');
		unset($this->below['photos']);
		$this->assertSame('photos (case 2)/b.jpg', $this->placer->place(self::fat(), 'alice', 'alice', 'photos/b.jpg'), 'remembered');
		$this->placer->forget();
		$this->assertSame('photos/c.jpg', $this->placer->place(self::fat(), 'alice', 'alice', 'photos/c.jpg'), 'read again: no record below it now');
	}

	public function testTheFileItselfDoesNotClaimItsOwnPlace(): void {
		$this->claimed['Pics/A (case 2).jpg'] = 'Pics/A.jpg';
		$this->assertSame('Pics/A.jpg', $this->placer->place(self::fat(), 'alice', 'alice', 'Pics/A.jpg'));
	}

	public function testAFolderStandsWhereARecordBelowItSaysAndItsNewFilesFollow(): void {
		$this->below['photos'] = ['path' => 'photos/x.jpg', 'drivePath' => 'photos (case 2)/x.jpg'];
		$this->assertSame('photos (case 2)/new.jpg', $this->placer->place(self::fat(), 'alice', 'alice', 'photos/new.jpg'));
		$this->assertSame('photos (case 2)/2025/a%3Ab.jpg', $this->placer->place(self::fat(), 'alice', 'alice', 'photos/2025/a:b.jpg'), 'below it too');
		$this->below['Docs: old'] = ['path' => 'Docs: old/a.txt', 'drivePath' => null];
		$this->assertSame('Docs%3A old/b.txt', $this->placer->place(self::fat(), 'alice', 'alice', 'Docs: old/b.txt'), 'a record at its encoded path');
	}

	public function testAFolderClaimedBelowByAnotherFolderGetsASuffix(): void {
		$this->claimed['photos (case 2)/x.jpg'] = 'photos/x.jpg';
		$this->assertSame('photos (case 2) (case 2)/z.jpg', $this->placer->place(self::fat(), 'alice', 'alice', 'photos (case 2)/z.jpg'));
	}

	public function testTwinsStagedInOneBatchGetTwoPlaces(): void {
		$this->placer->reserve('alice', 'Pics/a.jpg', 'Pics/a.jpg');
		$this->assertSame('Pics/A (case 2).jpg', $this->placer->place(self::fat(), 'alice', 'alice', 'Pics/A.jpg'));
		$this->assertSame('Pics/a.jpg', $this->placer->place(self::fat(), 'alice', 'alice', 'Pics/a.jpg'), 'its own reservation is no obstacle');
		$this->placer->release('alice', 'Pics/a.jpg');
		$this->assertSame('Pics/A.jpg', $this->placer->place(self::fat(), 'alice', 'alice', 'Pics/A.jpg'), 'released: in place (the drive says) or dropped');
	}

	public function testACopyMayStayAtItsRecordedPlaceWhenTheDriveHoldsItUnderThatName(): void {
		file_put_contents($this->root . '/alice/Pics/a.jpg', 'x');
		$this->assertTrue($this->placer->isOwnPlace(self::fat(), 'alice', 'Pics/a.jpg'));
		$this->assertTrue($this->placer->isOwnPlace(self::fat(), 'alice', 'Pics/missing.jpg'));
	}

	public function testTheProbeFindsThatAPlainFolderTellsCaseApart(): void {
		$names = DriveNames::probe($this->root);
		$this->assertFalse($names->caseInsensitive);
		$this->assertFalse($names->jsonSerialize()['caseInsensitive']);
		$this->assertSame(['alice'], array_values(array_diff(scandir($this->root) ?: [], ['.', '..'])), 'the probe leaves nothing behind');
	}
}

<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Drive;

use OCA\Mirror\Db\Replica;
use OCA\Mirror\Drive\Manifest;
use OCA\Mirror\Drive\RecoveryKey;
use PHPUnit\Framework\TestCase;

/**
 * A copy whose place on the drive is recorded (a case twin's "A (case 2).jpg", in a folder
 * "photos (case 2)"): every operation finds it there, not at its encoded path, where its twin is.
 */
class DriveRecordedPlaceTest extends TestCase {
	use DriveFixture;

	private const TWIN = 'photos (case 2)/A (case 2).jpg';

	protected function setUp(): void {
		$this->setUpFolders();
	}

	protected function tearDown(): void {
		$this->removeFolders();
	}

	private function twins(): void {
		mkdir($this->root . '/alice/photos (case 2)', 0755, true);
		mkdir($this->root . '/alice/photos');
		file_put_contents($this->root . '/alice/photos/A.jpg', 'the other file');
		file_put_contents($this->root . '/alice/' . self::TWIN, 'twin');
		touch($this->root . '/alice/' . self::TWIN, 1600000000);
	}

	public function testACopyIsWrittenAtItsRecordedPlace(): void {
		$drive = $this->onlineDrive();
		$this->twins();
		$staged = $drive->stage('alice', 'photos/A.jpg', self::stream('new twin'), 1600000100, 8, self::noBeat(), false, self::TWIN);
		$this->assertSame(self::TWIN, $staged->drivePath);
		$this->assertSame([null], $drive->commit([$staged]));
		$this->assertSame('new twin', file_get_contents($this->root . '/alice/' . self::TWIN));
		$this->assertSame('the other file', file_get_contents($this->root . '/alice/photos/A.jpg'), 'its twin is untouched');
		$this->assertSame('twin', file_get_contents($this->trashDir() . '/' . self::TWIN), 'what it replaced is kept under its own name');
		$this->assertSame(self::TWIN, $drive->recordable('photos/A.jpg', $staged->drivePath));
	}

	public function testANewCopyOnADriveThatTellsCaseApartGoesToItsEncodedPath(): void {
		$drive = $this->onlineDrive();
		$staged = $drive->stage('alice', 'Docs/a:b.txt', self::stream('x'), 1600000100, 1, self::noBeat());
		$this->assertSame('Docs/a:b.txt', $staged->drivePath, 'a Linux folder takes the colon');
		$this->assertNull($drive->recordable('Docs/a:b.txt', $staged->drivePath), 'nothing to record: it is the encoded path');
		$drive->discard([$staged]);
	}

	public function testItIsReadFromItsRecordedPlace(): void {
		$drive = $this->onlineDrive();
		$this->twins();
		$this->assertSame(['size' => 4, 'mtime' => 1600000000], $drive->stat('alice', 'photos/A.jpg', self::TWIN));
		$this->assertSame(['size' => 14], array_intersect_key((array)$drive->stat('alice', 'photos/A.jpg'), ['size' => 0]), 'without the record: the other file');
		$this->assertTrue($drive->isCurrent('alice', 'photos/A.jpg', 4, 1600000000, self::TWIN));
		$this->assertSame(hash('sha256', 'twin'), $drive->checksum('alice', 'photos/A.jpg', null, self::TWIN));
		$this->assertSame('tw', $drive->head('alice', 'photos/A.jpg', 2, self::TWIN));
		$handle = $drive->openCopy('alice', 'photos/A.jpg', self::TWIN);
		$this->assertIsResource($handle);
		$this->assertSame('twin', stream_get_contents($handle));
		fclose($handle);
		$this->assertSame($this->root . '/alice/' . self::TWIN, $drive->locate('alice', 'photos/A.jpg', self::TWIN));
		$stats = $drive->statMany('alice', [1 => 'photos/A.jpg', 2 => 'photos/A.jpg'], [1 => self::TWIN, 2 => null]);
		$this->assertSame([4, 14], [$stats[1]['size'] ?? null, $stats[2]['size'] ?? null]);
	}

	public function testItIsRenamedAndTrashedFromItsRecordedPlace(): void {
		$drive = $this->onlineDrive();
		$this->twins();
		$this->assertSame('photos/B.jpg', $drive->rename('alice', 'photos/A.jpg', 'photos/B.jpg', self::TWIN));
		$this->assertSame('twin', file_get_contents($this->root . '/alice/photos/B.jpg'));
		$this->assertSame('the other file', file_get_contents($this->root . '/alice/photos/A.jpg'));
		$this->assertSame(date('Y-m-d', $this->now) . '/photos/A.jpg', $drive->moveToTrash('alice', 'photos/A.jpg'));
		mkdir($this->root . '/alice/x (case 2)');
		file_put_contents($this->root . '/alice/x (case 2)/a%3Ab.txt', 'encoded');
		$this->assertSame(date('Y-m-d', $this->now) . '/x (case 2)', $drive->moveToTrash('alice', 'x', 'x (case 2)'), 'a folder at its recorded place');
		$this->assertSame('encoded', file_get_contents($this->trashDir() . '/x (case 2)/a%3Ab.txt'));
	}

	public function testAFolderIsFoundAndMovedThroughACopyRecordedBelowIt(): void {
		$drive = $this->onlineDrive();
		$twinBelow = self::copy('photos/2025/a.jpg', 'photos (case 2)/2025/a.jpg');
		$this->assertSame('photos (case 2)', $drive->folderOf('alice', 'photos', [$twinBelow]));
		$this->assertSame('photos', $drive->folderOf('alice', 'photos', [self::copy('photos/2025/a.jpg', null)]));
		$this->assertSame('photos', $drive->folderOf('alice', 'photos', []), 'no copy below: where the folder is given its place');
		$this->assertSame('old/2025/a.jpg', $drive->movedWith('photos', 'old', $twinBelow));
		$this->assertSame('2026-12-01/photos (case 2)/A (case 2).jpg', $drive->movedWith('photos', '2026-12-01/photos (case 2)', self::copy('photos/A.jpg', self::TWIN)));
	}

	public function testARecordedCopyIsFoundWhereItsRecordSays(): void {
		$drive = $this->onlineDrive();
		$this->assertSame(self::TWIN, $drive->copyPathOf(self::copy('photos/A.jpg', self::TWIN)), 'its recorded place');
		$this->assertSame('Docs/a:b.txt', $drive->copyPathOf(self::copy('Docs/a:b.txt', null)), 'else its path as this drive (which takes every name) names it');
	}

	private static function copy(string $path, ?string $drivePath): Replica {
		$copy = new Replica();
		$copy->setUserId('alice');
		$copy->setPath($path);
		$copy->setDrivePath($drivePath);
		return $copy;
	}

	public function testTheManifestListsTheOnDriveNamesAndMapsThemBack(): void {
		$drive = $this->onlineDrive();
		$this->twins();
		$entries = [
			['path' => 'photos/A.jpg', 'sha256' => hash('sha256', 'twin'), 'size' => 4, 'mtime' => 1, 'drivePath' => self::TWIN],
			['path' => 'Photos/A.jpg', 'sha256' => hash('sha256', 'the other file'), 'size' => 14, 'mtime' => 1, 'drivePath' => null],
		];
		// on this drive "Photos/A.jpg" is its own path: put the other file there too
		mkdir($this->root . '/alice/Photos');
		copy($this->root . '/alice/photos/A.jpg', $this->root . '/alice/Photos/A.jpg');
		$key = RecoveryKey::fromBytes(str_repeat('k', 32));
		$this->assertSame(2, $drive->writeManifest('alice', $entries, $key));
		exec('cd ' . escapeshellarg($this->root . '/alice') . ' && sha256sum -c ' . escapeshellarg($this->root . '/' . Manifest::DIR . '/alice.sha256') . ' 2>&1', $out, $rc);
		$this->assertSame(0, $rc, implode("\n", $out));
		$this->assertStringContainsString(self::TWIN, (string)file_get_contents($this->root . '/' . Manifest::DIR . '/alice.sha256'));
		$read = iterator_to_array($drive->readManifest('alice', $key, 1024 * 1024)?->entries() ?? []);
		$this->assertSame(['photos/A.jpg' => self::TWIN, 'Photos/A.jpg' => null], array_map(static fn (array $e): ?string => $e['drivePath'], $read), 'the index maps the twin back to its Nextcloud name');
	}

	public function testAStrangersOnDrivePathIsRefusedWithItsEntry(): void {
		$drive = $this->onlineDrive();
		mkdir($this->root . '/' . Manifest::DIR);
		$this->strangersManifest([
			'ok.txt' => ['size' => 1, 'mtime' => 2, 'sha256' => str_repeat('ab', 32), 'drivePath' => 'ok (case 2).txt'],
			'escape.txt' => ['size' => 1, 'mtime' => 2, 'sha256' => str_repeat('ab', 32), 'drivePath' => '../../bob/secret.txt'],
			'odd.txt' => ['size' => 1, 'mtime' => 2, 'sha256' => str_repeat('ab', 32), 'drivePath' => ['not', 'a', 'string']],
			'empty.txt' => ['size' => 1, 'mtime' => 2, 'sha256' => str_repeat('ab', 32), 'drivePath' => '/'],
		]);
		$read = $drive->readManifest('alice', RecoveryKey::fromBytes(str_repeat('k', 32)), 1024 * 1024);
		$this->assertSame(['ok.txt' => 'ok (case 2).txt'], array_map(static fn (array $e): ?string => $e['drivePath'], iterator_to_array($read?->entries() ?? [])));
	}

	public function testAnOnDrivePathThatIsNotTheFilesOwnPlaceIsRefusedWithItsEntry(): void {
		$drive = $this->onlineDrive();
		mkdir($this->root . '/' . Manifest::DIR);
		$entry = static fn (string $drivePath): array => ['size' => 1, 'mtime' => 2, 'sha256' => str_repeat('ab', 32), 'drivePath' => $drivePath];
		$this->strangersManifest([
			// places NamePlacer gives these files (any drive's encoding, a case twin's suffix)
			'photos/A.jpg' => $entry(self::TWIN),
			'Docs/a:b.txt' => $entry('Docs/a%3Ab.txt'),
			'Docs/c:d.txt' => $entry("Docs/c\u{FF1A}d.txt"),
			'y (case 5).jpg' => $entry('y (case 5) (case 2).jpg'),
			'v1.2/z.txt' => $entry('v1.2 (case 3)/z.txt'),
			// another file's copy: refused
			'b.jpg' => $entry('a.jpg'),
			'Album/x.jpg' => $entry('Camera/x.jpg'),
			'Deep/x.jpg' => $entry('x.jpg'),
			'c.jpg' => $entry('c (case 1).jpg'),
			'd.jpg' => $entry('d.jpg (case 2)'),
			'Pics/e.jpg' => $entry('Pics (case 2).jpg/e.jpg'),
		]);
		$read = $drive->readManifest('alice', RecoveryKey::fromBytes(str_repeat('k', 32)), 1024 * 1024);
		$this->assertSame(['photos/A.jpg', 'Docs/a:b.txt', 'Docs/c:d.txt', 'y (case 5).jpg', 'v1.2/z.txt'], array_keys(iterator_to_array($read?->entries() ?? [])));
	}

	/**
	 * A manifest as a stranger (or Mirror 1) writes it: one entry per line, unsigned.
	 *
	 * @param array<string, mixed> $entries
	 */
	private function strangersManifest(array $entries): void {
		$lines = [];
		foreach ($entries as $path => $entry) {
			$lines[] = json_encode((string)$path, JSON_UNESCAPED_UNICODE) . ':' . json_encode($entry, JSON_UNESCAPED_UNICODE);
		}
		file_put_contents($this->root . '/' . Manifest::DIR . '/alice.json', "{\n" . implode(",\n", $lines) . "\n}\n");
	}
}

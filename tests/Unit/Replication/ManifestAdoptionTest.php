<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Service;

use OCA\Mirror\Db\ExternalStorageDirectory;
use OCA\Mirror\Db\GroupFolderDirectory;
use OCA\Mirror\Db\Replica;
use OCA\Mirror\Db\ReplicaMapper;
use OCA\Mirror\Db\Target;
use OCA\Mirror\Db\WriteTransaction;
use OCA\Mirror\Drive\Drive;
use OCA\Mirror\Drive\DriveFactory;
use OCA\Mirror\Drive\ManifestReading;
use OCA\Mirror\Drive\RecoveryKey;
use OCA\Mirror\Exception\DamagedManifestException;
use OCA\Mirror\Replication\ManifestAdoption;
use OCA\Mirror\Replication\ManifestReader;
use OCA\Mirror\Source\FileCacheReader;
use OCA\Mirror\Source\NextcloudWriter;
use OCP\AppFramework\Utility\ITimeFactory;
use OCP\Files\File;
use OCP\IUser;
use OCP\IUserManager;
use PHPUnit\Framework\TestCase;

/**
 * Adopting a drive keeps only what a signed manifest vouches for, and looks its entries up a thousand at
 * a time, never holding the manifest whole.
 */
class ManifestAdoptionTest extends TestCase {
	/** @var list<int> how many paths each file cache lookup asked for */
	private array $lookups = [];
	/** @var list<string> paths recorded as adopted */
	private array $recorded = [];

	/**
	 * @param ManifestReading|\Throwable $manifest what reading alice's manifest gives
	 */
	private function adoption(ManifestReading|\Throwable $manifest): ManifestAdoption {
		$target = new Target();
		$target->setId(3);
		$drive = $this->createMock(Drive::class);
		$drive->method('target')->willReturn($target);
		$drive->method('isCurrent')->willReturn(true);
		$drive->method('checksum')->willReturn(hash('sha256', 'x'));
		$drives = $this->createMock(DriveFactory::class);
		$drives->method('forTarget')->willReturn($drive);
		$reader = $this->createMock(ManifestReader::class);
		$manifest instanceof \Throwable ? $reader->method('read')->willThrowException($manifest) : $reader->method('read')->willReturn($manifest);
		$cache = $this->createMock(FileCacheReader::class);
		$cache->method('countFiles')->willReturn(2500);
		$cache->method('filesAt')->willReturnCallback(function (string $userId, array $paths): array {
			$this->lookups[] = count($paths);
			$out = [];
			foreach ($paths as $path) {
				$out[$path] = ['fileId' => crc32($path), 'path' => $path, 'size' => 1, 'mtime' => 2, 'etag' => 'e'];
			}
			return $out;
		});
		$replicas = $this->createMock(ReplicaMapper::class);
		// a path recorded in an earlier thousand is known by then
		$replicas->method('findByFilesOnTarget')->willReturnCallback(function (int $targetId, array $ids): array {
			$known = [];
			foreach ($ids as $id) {
				if (in_array($id, array_map('crc32', $this->recorded), true)) {
					$known[$id] = new Replica();
				}
			}
			return $known;
		});
		$replicas->method('insert')->willReturnCallback(function (Replica $replica): Replica {
			$this->recorded[] = $replica->getPath();
			return $replica;
		});
		$transaction = $this->createMock(WriteTransaction::class);
		$transaction->method('run')->willReturnCallback(static fn (callable $writes): mixed => $writes());
		$alice = $this->createMock(IUser::class);
		$alice->method('getUID')->willReturn('alice');
		$users = $this->createMock(IUserManager::class);
		$users->method('callForAllUsers')->willReturnCallback(static function (callable $each) use ($alice): void {
			$each($alice);
		});
		$nextcloud = $this->createMock(NextcloudWriter::class);
		$nextcloud->method('existing')->willReturn($this->createMock(File::class));
		$nextcloud->method('sha256')->willReturn(hash('sha256', 'x'));
		return new ManifestAdoption($drives, $replicas, $cache, $transaction, $users, $this->createMock(ITimeFactory::class), $nextcloud, $reader, $this->createMock(GroupFolderDirectory::class), $this->createMock(ExternalStorageDirectory::class));
	}

	/**
	 * @param list<string> $paths
	 */
	private static function reading(array $paths, ?string $why): ManifestReading {
		$copy = fopen('php://temp', 'w+b');
		foreach ($paths as $path) {
			fwrite($copy, json_encode([$path, 1, 2, hash('sha256', 'x'), null]) . "\n");
		}
		return new ManifestReading($copy, $why, count($paths), 0);
	}

	private static function key(): RecoveryKey {
		return RecoveryKey::fromBytes(str_repeat('k', 32));
	}

	public function testASignedManifestIsLookedUpAThousandEntriesAtATimeAndAPathListedTwiceIsRecordedOnce(): void {
		$paths = array_map(static fn (int $i): string => 'Photos/' . $i . '.jpg', range(1, 2500));
		$paths[] = 'Photos/7.jpg'; // listed again, in another thousand
		$result = $this->adoption(self::reading($paths, null))->adopt(new Target(), self::key());
		$this->assertSame([1000, 1000, 501], $this->lookups);
		$this->assertSame(['adopted' => 2500, 'files' => 2500, 'verified' => 1, 'unverified' => [], 'damaged' => []], $result);
		$this->assertCount(2500, array_unique($this->recorded));
		$this->assertCount(2500, $this->recorded);
	}

	public function testAnUnverifiedManifestKeepsNothing(): void {
		$result = $this->adoption(self::reading(['a.jpg', 'b.jpg'], ManifestReading::MISMATCH))->adopt(new Target(), self::key());
		$this->assertSame(['adopted' => 0, 'files' => 2500, 'verified' => 0, 'unverified' => ['alice' => 'mismatch'], 'damaged' => []], $result);
		$this->assertSame([[], []], [$this->lookups, $this->recorded]);
	}

	public function testADamagedManifestIsReportedAndKeepsNothing(): void {
		$damaged = new DamagedManifestException('too big', DamagedManifestException::TOO_BIG);
		$result = $this->adoption($damaged)->adopt(new Target(), self::key());
		$this->assertSame(['adopted' => 0, 'files' => 2500, 'verified' => 0, 'unverified' => [], 'damaged' => ['alice' => $damaged]], $result);
		$this->assertSame([], $this->recorded);
	}
}

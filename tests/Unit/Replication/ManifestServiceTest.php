<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Replication;

use OCA\Mirror\Db\ChangedRecords;
use OCA\Mirror\Db\ManifestChanges;
use OCA\Mirror\Db\ReplicaMapper;
use OCA\Mirror\Db\Target;
use OCA\Mirror\Drive\Drive;
use OCA\Mirror\Drive\DriveFactory;
use OCA\Mirror\Drive\ManifestLock;
use OCA\Mirror\Drive\RecoveryKey;
use OCA\Mirror\Replication\ManifestReader;
use OCA\Mirror\Replication\ManifestService;
use OCA\Mirror\Replication\RecoveryKeys;
use OCP\IAppConfig;
use OCP\IConfig;
use PHPUnit\Framework\MockObject\MockObject;
use PHPUnit\Framework\TestCase;

/**
 * Which part of a user's manifest a run writes: one file for a small library, the changed shards of a
 * large one, the whole of it when there is nothing verified to build on or the counts disagree.
 */
class ManifestServiceTest extends TestCase {
	private ReplicaMapper&MockObject $replicas;
	private ManifestChanges&MockObject $pending;
	/** @var array{rows: list<int>, fileIds: list<int>} what ManifestChanges holds: changes of runs killed before their manifest */
	private array $killedRun = ['rows' => [], 'fileIds' => []];
	private Drive&MockObject $drive;
	private ChangedRecords $changes;
	private ManifestService $service;
	private Target $target;
	/** @var list<array{0: int, 1: int|null}> the file id ranges read from the records */
	private array $ranges = [];
	private string $dataDir;

	protected function setUp(): void {
		$this->replicas = $this->createMock(ReplicaMapper::class);
		$this->replicas->method('iterateManifestEntries')->willReturnCallback(function (int $targetId, string $userId, int $from = 0, ?int $below = null): \Generator {
			$this->ranges[] = [$from, $below];
			yield from [];
		});
		$this->drive = $this->createMock(Drive::class);
		$drives = $this->createMock(DriveFactory::class);
		$drives->method('forTarget')->willReturn($this->drive);
		$keys = $this->createMock(RecoveryKeys::class);
		$keys->method('current')->willReturn(RecoveryKey::fromBytes(str_repeat("\x42", 32)));
		$reader = $this->createMock(ManifestReader::class);
		$reader->method('cap')->willReturn(1 << 20);
		$config = $this->createMock(IAppConfig::class);
		$config->method('getValueInt')->willReturnCallback(static fn (string $app, string $key, int $default): int => $key === 'manifest_shard_entries' ? 10 : $default);
		$this->changes = new ChangedRecords();
		$this->pending = $this->createMock(ManifestChanges::class);
		$this->pending->method('pending')->willReturnCallback(fn (int $targetId, string $userId): array => $this->killedRun);
		$this->service = new ManifestService($this->replicas, $drives, $keys, $reader, $this->changes, $config, new ManifestLock($this->dataConfig()), $this->pending);
		$this->target = new Target();
		$this->target->setId(1);
	}

	protected function tearDown(): void {
		@unlink($this->dataDir . '/mirror-locks/manifest-1.lock');
		@rmdir($this->dataDir . '/mirror-locks');
		@rmdir($this->dataDir);
	}

	/** Nextcloud's data folder, a fresh one: where the manifest lock is kept */
	private function dataConfig(): IConfig {
		$this->dataDir = sys_get_temp_dir() . '/mirror-manifest-test-' . bin2hex(random_bytes(4));
		mkdir($this->dataDir);
		$config = $this->createMock(IConfig::class);
		$config->method('getSystemValueString')->willReturnCallback(fn (string $key, string $default = ''): string => $key === 'datadirectory' ? $this->dataDir : $default);
		return $config;
	}

	/**
	 * 100 records with file ids 1000–1099: width 16 for 10 a shard.
	 */
	private function library(int $count = 100): void {
		$this->replicas->method('fileIdSpan')->willReturn(['count' => $count, 'min' => 1000, 'max' => 1099]);
	}

	/**
	 * @return array{width: int, shards: array<int, array{file: string, hmac: string, entries: int}>, missing: list<int>}
	 */
	private static function listing(int $width, array $missing = []): array {
		$shards = [];
		foreach (range(62, 68) as $id) {
			$shards[$id] = ['file' => $id . '-0123456789abcdef.json', 'hmac' => str_repeat('a', 64), 'entries' => $id === 62 ? 10 : 15];
		}
		return ['width' => $width, 'shards' => $shards, 'missing' => $missing];
	}

	public function testASmallLibraryIsOneFileWrittenWhole(): void {
		$this->library(10);
		$this->drive->expects($this->once())->method('writeManifest')->willReturn(10);
		$this->drive->expects($this->never())->method('writeManifestShards');
		$this->assertSame(10, $this->service->refresh($this->target, 'alice'));
	}

	public function testOnlyTheShardsOfTheChangedRecordsAreWritten(): void {
		$this->library();
		$this->changes->record(1, 'alice', 1090); // shard 68
		$this->changes->record(1, 'alice', 1089); // 68 again
		$this->changes->record(1, 'alice', 1010); // 63
		$this->changes->record(2, 'alice', 1030); // another target's
		$listing = self::listing(16);
		$this->drive->method('manifestShards')->willReturn($listing);
		$this->drive->expects($this->once())->method('writeManifestShards')
			->with('alice', 16, $this->anything(), array_diff_key($listing['shards'], [63 => true, 68 => true]))
			->willReturnCallback(static function (string $user, int $width, iterable $entries): int {
				iterator_to_array($entries);
				return 100;
			});
		$this->assertSame(100, $this->service->refresh($this->target, 'alice'));
		$this->assertSame([[63 * 16, 64 * 16], [68 * 16, 69 * 16]], $this->ranges, 'the records of those two shards, no others');
		$this->assertSame([], $this->changes->take(1, 'alice'), 'taken');
		$this->assertSame([1030], $this->changes->take(2, 'alice'));
	}

	public function testTheShardOfARecordAKilledRunChangedIsWrittenAndItsNoteForgottenOnceWritten(): void {
		$this->library(); // the same count: a move or a new version, which the count check cannot see
		$this->changes->record(1, 'alice', 1090); // this run's: shard 68
		$this->killedRun = ['rows' => [7, 9], 'fileIds' => [1040, 1090]]; // a killed run's: shards 65 and 68
		$this->drive->method('manifestShards')->willReturn(self::listing(16));
		$this->drive->expects($this->once())->method('writeManifestShards')->willReturnCallback(static function (string $user, int $width, iterable $entries): int {
			iterator_to_array($entries);
			return 100;
		});
		$this->pending->expects($this->once())->method('forget')->with([7, 9]);
		$this->service->refresh($this->target, 'alice');
		$this->assertSame([[65 * 16, 66 * 16], [68 * 16, 69 * 16]], $this->ranges);
	}

	public function testTheNotesOfAKilledRunStayWhenTheManifestIsNotWritten(): void {
		$this->library();
		$this->killedRun = ['rows' => [7], 'fileIds' => [1040]];
		$this->drive->method('manifestShards')->willReturn(self::listing(16));
		$this->drive->method('writeManifestShards')->willThrowException(new \RuntimeException('the drive failed'));
		$this->pending->expects($this->never())->method('forget');
		$this->expectException(\RuntimeException::class);
		$this->service->refresh($this->target, 'alice');
	}

	public function testAMissingShardIsWrittenAgain(): void {
		$this->library();
		$this->drive->method('manifestShards')->willReturn(self::listing(16, [65]));
		$this->drive->expects($this->once())->method('writeManifestShards')->willReturnCallback(static function (string $user, int $width, iterable $entries): int {
			iterator_to_array($entries);
			return 100;
		});
		$this->service->refresh($this->target, 'alice');
		$this->assertSame([[65 * 16, 66 * 16]], $this->ranges);
	}

	public function testNothingToBuildOnOrAWidthThatNoLongerFitsIsWrittenWhole(): void {
		$this->library();
		$this->changes->record(1, 'alice', 1090);
		$this->drive->method('manifestShards')->willReturnOnConsecutiveCalls(null, self::listing(128));
		$this->drive->expects($this->exactly(2))->method('writeManifestShards')->with('alice', 16, $this->anything(), [])->willReturnCallback(static function (string $user, int $width, iterable $entries): int {
			iterator_to_array($entries);
			return 100;
		});
		$this->service->refresh($this->target, 'alice');
		$this->changes->record(1, 'alice', 1090);
		$this->service->refresh($this->target, 'alice');
		$this->assertSame([[0, null], [0, null]], $this->ranges, 'every record, twice');
	}

	public function testARootThatDoesNotCountWhatTheDatabaseCountsIsWrittenWhole(): void {
		$this->library(101); // a record this process did not see written (a run stopped before its manifest)
		$this->drive->method('manifestShards')->willReturn(self::listing(16));
		$this->drive->expects($this->once())->method('writeManifestShards')->with('alice', 16, $this->anything(), [])->willReturnCallback(static function (string $user, int $width, iterable $entries): int {
			iterator_to_array($entries);
			return 101;
		});
		$this->assertSame(101, $this->service->refresh($this->target, 'alice'));
		$this->assertSame([[0, null]], $this->ranges);
	}

	public function testAskedForTheWholeOrAfterAFailureEveryShardIsWritten(): void {
		$this->library();
		$this->drive->method('manifestShards')->willReturn(self::listing(16));
		$this->drive->method('writeManifestShards')->willReturnCallback(static function (string $user, int $width, iterable $entries, array $kept): int {
			iterator_to_array($entries);
			if ($kept !== []) {
				throw new \RuntimeException('the drive failed');
			}
			return 100;
		});
		$this->service->refresh($this->target, 'alice', true);
		$this->assertSame([[0, null]], $this->ranges, 'whole when asked');
		$this->changes->record(1, 'alice', 1090);
		try {
			$this->service->refresh($this->target, 'alice');
			$this->fail('the failure is not kept from the caller');
		} catch (\RuntimeException) {
		}
		$this->assertNull($this->changes->take(1, 'alice'), 'what changed is not known any more: the next run writes it whole');
	}

	public function testTheWidthIsAPowerOfTwoForAboutThePerShardRecords(): void {
		$this->assertSame(2048, ManifestService::width(['count' => 100_000, 'min' => 1, 'max' => 100_000], 2000));
		$this->assertSame(1 << 20, ManifestService::width(['count' => 3000, 'min' => 1, 'max' => 1_000_000], 2000), 'ids spread among other users\' files');
		$this->assertSame(1, ManifestService::width(['count' => 3, 'min' => 5, 'max' => 7], 1));
	}
}

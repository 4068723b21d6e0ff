<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Restore;

use OCA\Mirror\Db\ReplicaMapper;
use OCA\Mirror\Db\Target;
use OCA\Mirror\Db\WriteTransaction;
use OCA\Mirror\Drive\Drive;
use OCA\Mirror\Drive\DriveFactory;
use OCA\Mirror\Drive\ManifestReading;
use OCA\Mirror\Drive\RecoveryKey;
use OCA\Mirror\Drive\TargetState;
use OCA\Mirror\Replication\ManifestReader;
use OCA\Mirror\Restore\FromDrive;
use OCA\Mirror\Restore\RestoreReport;
use OCA\Mirror\Restore\RestoreService;
use OCA\Mirror\Source\NextcloudWriter;
use OCA\Mirror\Trash\TrashEntryMapper;
use OCP\AppFramework\Utility\ITimeFactory;
use OCP\Files\File;
use OCP\IL10N;
use PHPUnit\Framework\TestCase;

/**
 * When the database is lost, what the drive's manifest lists is restored: every file of it, a file
 * whose name PHP takes for a number ("2024") too; and only where a signed manifest says so.
 */
class RestoreServiceFromDriveTest extends TestCase {
	/** @var array<string, string> where the writer wrote what */
	private array $written = [];
	private int $recorded = 0;

	/**
	 * @param string|null $why the manifest's verdict (null: verified)
	 * @param list<string> $existing paths where a file already is in Nextcloud
	 */
	private function service(?string $why, array $existing = []): RestoreService {
		$target = new Target();
		$target->setId(7);
		$drive = $this->createMock(Drive::class);
		$drive->method('target')->willReturn($target);
		$drive->method('assertWritable')->willReturn(new TargetState(true, null, '/mnt/usb'));
		$drive->method('openCopy')->willReturnCallback(static function (string $userId, string $path) {
			$stream = fopen('php://memory', 'w+b');
			fwrite($stream, $path === '2024' ? 'a year' : 'b');
			rewind($stream);
			return $stream;
		});
		$drives = $this->createMock(DriveFactory::class);
		$drives->method('forTarget')->willReturn($drive);
		$copy = fopen('php://temp', 'w+b');
		fwrite($copy, json_encode(['2024', 6, 1, hash('sha256', 'a year'), null]) . "\n" . json_encode(['b.txt', 1, 1, hash('sha256', 'b'), null]) . "\n");
		$manifests = $this->createMock(ManifestReader::class);
		$manifests->method('read')->willReturn(new ManifestReading($copy, $why, 2, 0));
		$writer = $this->createMock(NextcloudWriter::class);
		$writer->method('existing')->willReturnCallback(fn (string $userId, string $path): ?File => in_array($path, $existing, true) ? $this->createMock(File::class) : null);
		$writer->method('write')->willReturnCallback(function (string $userId, string $path, $stream): File {
			$this->written[$path] = (string)stream_get_contents($stream);
			return $this->createMock(File::class);
		});
		$replicas = $this->createMock(ReplicaMapper::class);
		$transaction = $this->createMock(WriteTransaction::class);
		$transaction->method('run')->willReturnCallback(function (): void {
			$this->recorded++;
		});
		$time = $this->createMock(ITimeFactory::class);
		$time->method('getTime')->willReturn(1_796_000_000); // 2026-11-30
		$l = $this->createMock(IL10N::class);
		$l->method('t')->willReturnCallback(static fn (string $text, array $params = []): string => vsprintf($text, $params));
		return new RestoreService($drives, $replicas, $this->createMock(TrashEntryMapper::class), $writer, $transaction, $time, $manifests, $l);
	}

	private static function fromDrive(): FromDrive {
		return new FromDrive(RecoveryKey::fromBytes(str_repeat('k', 32)));
	}

	public function testAFileNamedLikeANumberIsRestoredFromTheDrive(): void {
		$target = new Target();
		$report = new RestoreReport();
		$this->assertTrue($this->service(null)->restore($target, 'alice', '', RestoreService::LATEST, '', RestoreService::MODE_NEW, true, $report, null, self::fromDrive()));
		$this->assertSame([['2024', '2024', RestoreReport::RESTORED], ['b.txt', 'b.txt', RestoreReport::RESTORED]],
			array_map(static fn (array $f): array => [$f['path'], $f['to'], $f['result']], $report->files));
		$this->assertSame([1, []], [$report->verifiedManifests, $report->unverified]);
	}

	public function testTheFilesOfAnUnverifiedManifestGoToQuarantineNeverOverAnything(): void {
		$target = new Target();
		$report = new RestoreReport();
		$folder = 'Restored from drive – unverified ' . date('Y-m-d', 1_796_000_000);
		// b.txt is in the way in the quarantine folder (a second run, another file): next to it
		$service = $this->service(ManifestReading::MISMATCH, ['2024', 'b.txt', $folder . '/b.txt']);
		$this->assertTrue($service->restore($target, 'alice', '', RestoreService::LATEST, '', RestoreService::MODE_OVERWRITE, false, $report, null, self::fromDrive()));
		$this->assertSame([$folder . '/2024' => 'a year', $folder . '/b (restored).txt' => 'b'], $this->written, 'never at their places, never over a file, whatever the mode');
		$this->assertSame(0, $this->recorded, 'not recorded as copies');
		$this->assertSame(['alice' => ['why' => ManifestReading::MISMATCH, 'files' => 2, 'folder' => $folder]], $report->unverified);
		$this->assertSame([0, 2], [$report->verifiedManifests, $report->unverifiedFiles()]);
	}
}

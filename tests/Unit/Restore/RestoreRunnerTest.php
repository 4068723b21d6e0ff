<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Restore;

use OCA\Mirror\Activity\ActivityPublisher;
use OCA\Mirror\Db\Target;
use OCA\Mirror\Drive\TargetOfflineException;
use OCA\Mirror\Drive\TargetState;
use OCA\Mirror\Drive\ThisNode;
use OCA\Mirror\Exception\RestoreException;
use OCA\Mirror\Restore\RestoreReport;
use OCA\Mirror\Restore\RestoreRun;
use OCA\Mirror\Restore\RestoreRunMapper;
use OCA\Mirror\Restore\RestoreRunner;
use OCA\Mirror\Restore\RestoreService;
use OCA\Mirror\Target\TargetService;
use OCP\AppFramework\Utility\ITimeFactory;
use PHPUnit\Framework\MockObject\MockObject;
use PHPUnit\Framework\TestCase;
use Psr\Log\LoggerInterface;

class RestoreRunnerTest extends TestCase {
	private RestoreService&MockObject $restore;
	private RestoreRunMapper&MockObject $runs;
	private int $now = 1_800_000_000;
	/** @var list<array{state: string, restored: int, skipped: int, current: string|null, claimedBy: string|null}> what each save wrote */
	private array $saved = [];
	private RestoreRunner $runner;
	private Target $target;

	protected function setUp(): void {
		$this->target = new Target();
		$this->restore = $this->createMock(RestoreService::class);
		$this->runs = $this->createMock(RestoreRunMapper::class);
		$this->runs->method('update')->willReturnCallback(function (RestoreRun $run): RestoreRun {
			$this->saved[] = ['state' => $run->getState(), 'restored' => $run->getRestored(), 'skipped' => $run->getSkipped(), 'current' => $run->getCurrentFile(), 'claimedBy' => $run->getClaimedBy()];
			return $run;
		});
		$targets = $this->createMock(TargetService::class);
		$targets->method('get')->willReturnCallback(fn (): Target => $this->target);
		$time = $this->createMock(ITimeFactory::class);
		$time->method('getTime')->willReturnCallback(fn (): int => $this->now);
		$this->runner = new RestoreRunner($this->restore, $this->runs, $targets, $time, $this->createMock(LoggerInterface::class), new ThisNode(), $this->createMock(ActivityPublisher::class));
	}

	private function restoreRun(): RestoreRun {
		$run = new RestoreRun();
		$run->setId(7);
		$run->setUserId('alice');
		$run->setTargetId(1);
		$run->setVersion('latest');
		$run->setMode('skip');
		$run->setClaimedBy('me');
		return $run;
	}

	public function testARestoreHeldByALiveProcessIsLeftAlone(): void {
		$this->runs->expects($this->once())->method('claim')->with(7, $this->anything(), $this->now, $this->now - RestoreRunner::STALE_SECONDS)->willReturn(false);
		$held = $this->restoreRun();
		$held->setState(RestoreRun::RUNNING);
		$this->runs->method('findById')->willReturn($held);
		$this->restore->expects($this->never())->method('restore');
		$this->assertFalse($this->runner->run(7), 'not over: the job looks again later');
	}

	public function testAFinishedOrVanishedRestoreIsOver(): void {
		$this->runs->method('claim')->willReturn(false);
		$done = $this->restoreRun();
		$done->setState(RestoreRun::DONE);
		// each run looks once before claiming (whose drive is it?) and once after the claim failed
		$this->runs->method('findById')->willReturnOnConsecutiveCalls($done, $done, null, null);
		$this->assertTrue($this->runner->run(7));
		$this->assertTrue($this->runner->run(7));
	}

	public function testProgressIsSavedEveryFewFilesAndTheEndIsRecorded(): void {
		$this->runs->method('claim')->willReturn(true);
		$run = $this->restoreRun();
		$this->runs->method('findById')->willReturn($run);
		$this->restore->method('count')->willReturn(60);
		$this->restore->expects($this->once())->method('restore')
			->with($this->anything(), 'alice', '', 'latest', '', RestoreService::MODE_SKIP, false)
			->willReturnCallback(function (Target $t, string $u, string $b, string $v, string $i, string $m, bool $dry, RestoreReport $report, callable $onFile): bool {
				for ($n = 1; $n <= 60; $n++) {
					$result = $n === 60 ? RestoreReport::MISMATCHED : RestoreReport::RESTORED;
					$onFile($report->add('alice', "f$n", "f$n", $result, $n === 60 ? RestoreException::CHECKSUM : '', [], 10));
				}
				return true;
			});
		$this->assertTrue($this->runner->run(7));
		$progress = array_values(array_filter($this->saved, static fn (array $s): bool => $s['current'] !== null));
		$this->assertSame([[25, 'f25'], [50, 'f50']], array_map(static fn (array $s): array => [$s['restored'], $s['current']], $progress), 'every 25 files, not every file');
		$last = end($this->saved);
		$this->assertSame([RestoreRun::DONE, 59, null], [$last['state'], $last['restored'], $last['claimedBy']]);
		$this->assertSame([60, 1, 1, 590], [$run->getTotal(), $run->getMismatched(), $run->getAttempts(), $run->getBytes()]);
		$this->assertSame([['path' => 'f60', 'to' => 'f60', 'result' => 'mismatched', 'code' => 'checksum_mismatch', 'params' => []]], json_decode((string)$run->getErrors(), true), 'a code, no English');
		$this->assertSame($this->now, $run->getFinishedAt());
	}

	/**
	 * Several web servers: a node whose cron picked up a restore from another node's drive leaves it
	 * unclaimed and unfailed, for the job to come back (on the drive's node).
	 */
	public function testARestoreFromAnotherNodesDriveIsLeftForThatNode(): void {
		$this->target->setNode('not-' . (new ThisNode())->name());
		$run = $this->restoreRun();
		$run->setState(RestoreRun::QUEUED);
		$this->runs->method('findById')->willReturn($run);
		$this->runs->expects($this->never())->method('claim');
		$this->restore->expects($this->never())->method('restore');
		$this->assertFalse($this->runner->run(7), 'not over: the job looks again later');
		$this->assertSame(RestoreRun::QUEUED, $run->getState());
	}

	public function testADriveThatWentAwayFailsTheRestoreWithTheReason(): void {
		$this->runs->method('claim')->willReturn(true);
		$run = $this->restoreRun();
		$this->runs->method('findById')->willReturn($run);
		$this->restore->method('restore')->willThrowException(new TargetOfflineException(new TargetState(false, TargetState::MARKER_MISSING, '/mnt/usb')));
		$this->assertTrue($this->runner->run(7));
		$this->assertSame([RestoreRun::FAILED, null, null], [$run->getState(), $run->getMessage(), $run->getClaimedBy()], 'no English stored');
		$this->assertSame(['code' => 'drive_offline', 'params' => ['reason' => 'marker_missing', 'path' => '/mnt/usb']], $run->failure());
	}

	public function testAnUnexpectedErrorIsStoredAsACodeWithTheSystemsWords(): void {
		$this->runs->method('claim')->willReturn(true);
		$run = $this->restoreRun();
		$this->runs->method('findById')->willReturn($run);
		$this->restore->method('restore')->willThrowException(new \RuntimeException('disk I/O error'));
		$this->assertTrue($this->runner->run(7));
		$this->assertSame(['code' => 'failed', 'params' => ['detail' => 'disk I/O error']], $run->failure());
	}

	public function testARestoreRecordedBeforeCodesKeepsItsSentence(): void {
		$run = $this->restoreRun();
		$run->setState(RestoreRun::FAILED);
		$run->setMessage('The marker file is missing.');
		$run->setErrors(json_encode([['path' => 'a.jpg', 'to' => 'a.jpg', 'result' => 'failed', 'why' => 'not on the mirror drive'], ['path' => 'b.jpg', 'to' => 'b.jpg', 'result' => 'skipped', 'why' => '']]));
		$this->assertSame(['code' => 'legacy', 'params' => ['text' => 'The marker file is missing.']], $run->failure());
		$this->assertSame([
			['userId' => 'alice', 'path' => 'a.jpg', 'to' => 'a.jpg', 'result' => 'failed', 'code' => 'legacy', 'params' => ['text' => 'not on the mirror drive']],
			['userId' => 'alice', 'path' => 'b.jpg', 'to' => 'b.jpg', 'result' => 'skipped', 'code' => '', 'params' => []],
		], $run->problems());
		$run->setMessage(null);
		$this->assertNull($run->failure(), 'a restore that did not fail has no message');
	}
}

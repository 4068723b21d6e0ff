<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Restore;

use OCA\Mirror\BackgroundJob\RestoreScheduling;
use OCA\Mirror\BackgroundJob\RunRestore;
use OCA\Mirror\Db\Target;
use OCA\Mirror\Drive\TargetOfflineException;
use OCA\Mirror\Drive\TargetState;
use OCA\Mirror\Exception\TargetNotFoundException;
use OCA\Mirror\Exception\UserNotFoundException;
use OCA\Mirror\Restore\RestoreJobs;
use OCA\Mirror\Restore\RestoreMessages;
use OCA\Mirror\Restore\RestoreReport;
use OCA\Mirror\Restore\RestoreRequest;
use OCA\Mirror\Restore\RestoreRun;
use OCA\Mirror\Restore\RestoreRunMapper;
use OCA\Mirror\Restore\RestoreService;
use OCA\Mirror\Source\SourceResolver;
use OCA\Mirror\Status\TargetStateMessages;
use OCA\Mirror\Target\TargetService;
use OCA\Mirror\Trash\TrashEntryMapper;
use OCP\AppFramework\Utility\ITimeFactory;
use OCP\BackgroundJob\IJobList;
use OCP\IL10N;
use PHPUnit\Framework\Attributes\DataProvider;
use PHPUnit\Framework\MockObject\MockObject;
use PHPUnit\Framework\TestCase;

class RestoreJobsTest extends TestCase {
	private RestoreService&MockObject $restore;
	private RestoreRunMapper&MockObject $runs;
	private TargetService&MockObject $targets;
	private IJobList&MockObject $jobList;
	private TargetState $state;
	private int $now = 1_800_000_000;
	private RestoreJobs $jobs;

	protected function setUp(): void {
		$this->restore = $this->createMock(RestoreService::class);
		$this->runs = $this->createMock(RestoreRunMapper::class);
		$this->targets = $this->createMock(TargetService::class);
		$this->targets->method('get')->willReturnCallback(static fn (int $id): Target => $id === 1 ? new Target() : throw new TargetNotFoundException('no'));
		$this->state = new TargetState(true, null, '/mnt/usb');
		$this->targets->method('state')->willReturnCallback(fn (): TargetState => $this->state);
		$users = $this->createMock(SourceResolver::class);
		$users->method('userExists')->willReturnCallback(static fn (string $uid): bool => $uid === 'alice');
		$this->jobList = $this->createMock(IJobList::class);
		$time = $this->createMock(ITimeFactory::class);
		$time->method('getTime')->willReturnCallback(fn (): int => $this->now);
		$l = $this->createMock(IL10N::class);
		$l->method('t')->willReturnCallback(static fn (string $text, array $params = []): string => vsprintf($text, $params));
		$this->jobs = new RestoreJobs($this->restore, $this->runs, $this->targets, $this->createMock(TrashEntryMapper::class), $users, new RestoreScheduling($this->jobList), $time, new RestoreMessages($l, new TargetStateMessages($l)));
	}

	private static function request(string $userId = 'alice', int $targetId = 1): RestoreRequest {
		return RestoreRequest::of($userId, $targetId, '', 'latest', '', 'new');
	}

	/** The service "restores" $files files in a dry run, 1 s each, until told to stop. */
	private function files(int $files, int $secondsEach = 0): void {
		$this->restore->method('count')->willReturn($files);
		$this->restore->method('restore')->willReturnCallback(function (Target $t, string $u, string $b, string $v, string $i, string $m, bool $dryRun, RestoreReport $report, callable $onFile) use ($files, $secondsEach): bool {
			$this->assertTrue($dryRun, 'a preview never writes');
			for ($n = 1; $n <= $files; $n++) {
				$this->now += $secondsEach;
				if ($onFile($report->add('alice', "f$n", "f$n", RestoreReport::RESTORED, '', [], 1)) === false) {
					return false;
				}
			}
			return true;
		});
	}

	/**
	 * @return array<string, array{int, int, int, bool}>
	 */
	public static function previews(): array {
		return [
			'a few files: all checked' => [3, 0, 3, true],
			'exactly as many as a preview checks: complete' => [RestoreJobs::PREVIEW_FILES, 0, RestoreJobs::PREVIEW_FILES, true],
			'more: the first ones' => [RestoreJobs::PREVIEW_FILES + 10, 0, RestoreJobs::PREVIEW_FILES, false],
			'slow files: stops on time' => [40, 5, 3, false],
		];
	}

	#[DataProvider('previews')]
	public function testAPreviewChecksTheFirstFilesWithinItsTime(int $files, int $secondsEach, int $checked, bool $complete): void {
		$this->files($files, $secondsEach);
		$preview = $this->jobs->preview(self::request());
		$this->assertSame([$files, $checked, $complete, $checked], [$preview['total'], $preview['checked'], $preview['complete'], $preview['restored']]);
		$this->assertCount(min($checked, RestoreJobs::PREVIEW_FILES), $preview['files']);
	}

	public function testStartingRecordsTheRestoreAndSchedulesItsJob(): void {
		$this->runs->expects($this->once())->method('insert')->willReturnCallback(static function (RestoreRun $run): RestoreRun {
			$run->setId(9);
			return $run;
		});
		$this->jobList->expects($this->once())->method('add')->with(RunRestore::class, ['id' => 9]);
		$started = $this->jobs->start(self::request(), 'admin');
		$this->assertSame([9, 'queued', 'alice', 1, 'new', null], [$started['id'], $started['state'], $started['userId'], $started['targetId'], $started['mode'], $started['total']]);
	}

	public function testAFailedRestoreIsSentWithItsCodeAndInWords(): void {
		$run = new RestoreRun();
		$run->setId(4);
		$run->setUserId('alice');
		$run->failWith('drive_offline', ['reason' => TargetState::NOT_FOUND, 'path' => '/mnt/usb']);
		$run->setProblems([['userId' => 'alice', 'path' => 'a.jpg', 'to' => 'a.jpg', 'result' => 'mismatched', 'code' => 'different_size', 'params' => ['size' => 36, 'recorded' => 9]]]);
		$this->runs->method('findById')->willReturn($run);
		$view = $this->jobs->get(4);
		$this->assertSame(['failed', 'drive_offline', ['reason' => 'not_found', 'path' => '/mnt/usb']], [$view['state'], $view['code'], $view['params']]);
		$this->assertSame('The mirror drive is not available: The folder /mnt/usb does not exist: is the drive mounted?', $view['message']);
		$this->assertSame([['path' => 'a.jpg', 'to' => 'a.jpg', 'result' => 'mismatched', 'why' => 'the copy on the drive has a different size: 36 bytes, 9 recorded', 'code' => 'different_size', 'params' => ['size' => 36, 'recorded' => 9]]], $view['errors']);
	}

	public function testARestoreThatDidNotFailHasNoMessage(): void {
		$run = new RestoreRun();
		$run->setId(5);
		$run->setState(RestoreRun::DONE);
		$this->runs->method('findById')->willReturn($run);
		$view = $this->jobs->get(5);
		$this->assertSame([null, null, []], [$view['message'], $view['code'], $view['errors']]);
		$this->assertArrayNotHasKey('params', $view, 'none: an empty one would be a JSON list');
	}

	public function testUnknownUsersAndTargetsAndAnUnpluggedDriveAreRefusedBeforeAnythingIsRecorded(): void {
		$this->runs->expects($this->never())->method('insert');
		$this->jobList->expects($this->never())->method('add');
		foreach ([[self::request('mallory'), UserNotFoundException::class], [self::request('alice', 5), TargetNotFoundException::class]] as [$request, $exception]) {
			try {
				$this->jobs->start($request, 'admin');
				$this->fail('accepted');
			} catch (\Exception $e) {
				$this->assertInstanceOf($exception, $e);
			}
		}
		$this->state = new TargetState(false, TargetState::MARKER_MISSING, '/mnt/usb');
		$this->expectException(TargetOfflineException::class);
		$this->jobs->start(self::request(), 'admin');
	}
}

<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Queue;

use OCA\Mirror\Queue\FailingFiles;
use OCA\Mirror\Queue\QueueItem;
use OCA\Mirror\Queue\QueueReader;
use PHPUnit\Framework\TestCase;

class FailingFilesTest extends TestCase {
	private const NOW = 1_800_000_000;

	public function testAFileFailsOnceItsFirstFailureIsOlderThanTheHours(): void {
		$this->assertSame(self::NOW - 24 * 3600, FailingFiles::before(self::NOW, 24));
		$this->assertSame(self::NOW - 3600, FailingFiles::before(self::NOW, 1));
	}

	public function testEveryQuestionAsksTheQueueWithTheSameThreshold(): void {
		$item = new QueueItem();
		$queue = $this->createMock(QueueReader::class);
		$queue->expects($this->once())->method('failingSince')->with(self::NOW - 48 * 3600, 3)->willReturn([2 => ['count' => 1, 'since' => 5, 'sample' => [$item]]]);
		$queue->expects($this->once())->method('failingUsers')->with(self::NOW - 48 * 3600)->willReturn(['bob' => 1]);
		$queue->expects($this->once())->method('failingOf')->with('bob', self::NOW - 48 * 3600)->willReturn([$item]);
		$failing = new FailingFiles($queue);

		$this->assertSame([2 => ['count' => 1, 'since' => 5, 'sample' => [$item]]], $failing->perTarget(self::NOW, 48, 3));
		$this->assertSame(['bob' => 1], $failing->users(self::NOW, 48));
		$this->assertSame([$item], $failing->ofUser('bob', self::NOW, 48));
	}
}

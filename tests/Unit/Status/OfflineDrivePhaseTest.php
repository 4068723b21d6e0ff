<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Status;

use OCA\Mirror\Db\Target;
use OCA\Mirror\Status\OfflineDrivePhase;
use PHPUnit\Framework\TestCase;

class OfflineDrivePhaseTest extends TestCase {
	private static function target(bool $offlineDrive, ?int $presentSince, ?int $lastCompleteAt): Target {
		$target = new Target();
		$target->setOfflineDrive($offlineDrive);
		$target->setPresentSince($presentSince);
		$target->setLastCompleteAt($lastCompleteAt);
		return $target;
	}

	public function testAnOrdinaryTargetHasNoPhase(): void {
		$this->assertNull(OfflineDrivePhase::of(self::target(false, 100, 200)));
	}

	public function testAnOfflineDriveRestsCatchesUpAndIsUpToDate(): void {
		$this->assertSame(OfflineDrivePhase::RESTING, OfflineDrivePhase::of(self::target(true, null, 500)));
		$this->assertSame(OfflineDrivePhase::CATCHING_UP, OfflineDrivePhase::of(self::target(true, 1000, null)));
		$this->assertSame(OfflineDrivePhase::CATCHING_UP, OfflineDrivePhase::of(self::target(true, 1000, 999)), 'complete before this visit');
		$this->assertSame(OfflineDrivePhase::UP_TO_DATE, OfflineDrivePhase::of(self::target(true, 1000, 1000)));
		$this->assertSame(OfflineDrivePhase::UP_TO_DATE, OfflineDrivePhase::of(self::target(true, 1000, 2000)));
	}

	public function testCaughtUpOnlyDuringAVisit(): void {
		$this->assertFalse(OfflineDrivePhase::isCaughtUp(self::target(true, null, 2000)));
		$this->assertFalse(OfflineDrivePhase::isCaughtUp(self::target(true, 1000, 999)));
		$this->assertTrue(OfflineDrivePhase::isCaughtUp(self::target(true, 1000, 1000)));
	}
}

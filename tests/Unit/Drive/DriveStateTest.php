<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Drive;

use OCA\Mirror\Drive\Drive;
use OCA\Mirror\Drive\TargetOfflineException;
use OCA\Mirror\Drive\TargetState;
use OCA\Mirror\Drive\ThisNode;
use PHPUnit\Framework\TestCase;

/**
 * The marker is the proof that the right drive is mounted.
 */
class DriveStateTest extends TestCase {
	use DriveFixture;

	protected function setUp(): void {
		$this->setUpFolders();
	}

	protected function tearDown(): void {
		$this->removeFolders();
	}

	public function testBareMountPointIsOfflineAndNothingIsWritten(): void {
		$state = $this->drive()->state();
		$this->assertFalse($state->online);
		$this->assertSame(TargetState::MARKER_MISSING, $state->reason);
		$this->assertSame(['.', '..'], scandir($this->root));
	}

	/**
	 * A drive plugged into another server (node) is not looked at here, even with its marker in place
	 * at the same path: only its node judges it.
	 */
	public function testADriveOfAnotherNodeIsNotLookedAtHere(): void {
		$this->drive()->writeMarker();
		$target = $this->target();
		$target->setNode('not-' . (new ThisNode())->name());
		$state = $this->drives->forTarget($target)->state();
		$this->assertFalse($state->online);
		$this->assertSame(TargetState::OTHER_NODE, $state->reason);
		$this->assertNull($state->freeBytes, 'not even its free space is read');
		$target->setNode((new ThisNode())->name());
		$this->assertTrue($this->drives->forTarget($target)->state()->online, 'on its own node it is online');
	}

	public function testMarkerOfThisTargetMakesItOnline(): void {
		$this->drive()->writeMarker();
		$state = $this->drive()->state();
		$this->assertTrue($state->online);
		$this->assertNull($state->reason);
		$this->assertNotNull($state->freeBytes);
		// written atomically: no temporary file is left
		$this->assertSame(['.', '..', Drive::MARKER], scandir($this->root));
	}

	public function testReadMarkerReturnsWhatWriteMarkerWrote(): void {
		$drive = $this->drive();
		$this->assertNull($drive->readMarker());
		$drive->writeMarker();
		$marker = $drive->readMarker();
		$this->assertSame('mirror', $marker['app'] ?? null);
		$this->assertSame('u-1', $marker['uuid'] ?? null);
		$this->assertSame('oc1', $marker['instanceId'] ?? null);
		$this->assertSame($this->now, $marker['createdAt'] ?? null);
	}

	public function testMarkerOfAnotherTargetIsAMismatch(): void {
		$this->drive('u-2')->writeMarker();
		$this->assertSame(TargetState::MARKER_MISMATCH, $this->drive()->state()->reason);
	}

	public function testMarkerOfAnotherInstanceIsAMismatch(): void {
		file_put_contents($this->root . '/' . Drive::MARKER, json_encode(['uuid' => 'u-1', 'instanceId' => 'other']));
		$this->assertSame(TargetState::MARKER_MISMATCH, $this->drive()->state()->reason);
	}

	public function testMissingFolderAndDisabledTarget(): void {
		$this->drive()->writeMarker();
		$this->assertSame(TargetState::NOT_FOUND, $this->drive(path: $this->root . '/gone')->state()->reason);
		$this->assertSame(TargetState::DISABLED, $this->drive('u-1', false)->state()->reason);
	}

	public function testAFileIsNotAFolder(): void {
		file_put_contents($this->base . '/file', 'x');
		$this->assertSame(TargetState::NOT_DIRECTORY, $this->drive(path: $this->base . '/file')->state()->reason);
	}

	public function testAssertWritableThrowsWithTheState(): void {
		try {
			$this->drive()->assertWritable();
			$this->fail('expected TargetOfflineException');
		} catch (TargetOfflineException $e) {
			$this->assertSame(TargetState::MARKER_MISSING, $e->state->reason);
		}
	}
}

<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Service;

use OCA\Mirror\Db\Target;
use OCA\Mirror\Exception\TargetOfflineException;
use OCA\Mirror\Model\TargetState;
use OCA\Mirror\Service\TargetHealth;
use OCP\IConfig;
use PHPUnit\Framework\TestCase;

class TargetHealthTest extends TestCase {
	private string $dir;
	private TargetHealth $health;

	protected function setUp(): void {
		$this->dir = sys_get_temp_dir() . '/mirror-health-' . bin2hex(random_bytes(4));
		mkdir($this->dir);
		$config = $this->createMock(IConfig::class);
		$config->method('getSystemValueString')->with('instanceid')->willReturn('oc123');
		$this->health = new TargetHealth($config);
	}

	protected function tearDown(): void {
		exec('rm -rf ' . escapeshellarg($this->dir));
	}

	private function target(string $uuid = 'u-1', bool $enabled = true): Target {
		$t = new Target();
		$t->setUuid($uuid);
		$t->setPath($this->dir);
		$t->setName('USB');
		$t->setEnabled($enabled);
		return $t;
	}

	public function testBareMountPointIsOfflineAndNothingIsWritten(): void {
		$state = $this->health->check($this->target());
		$this->assertFalse($state->online);
		$this->assertSame(TargetState::MARKER_MISSING, $state->reason);
		$this->assertSame(['.', '..'], scandir($this->dir));
	}

	public function testMarkerOfThisTargetMakesItOnline(): void {
		$this->health->writeMarker($this->dir, 'u-1');
		$state = $this->health->check($this->target());
		$this->assertTrue($state->online);
		$this->assertNull($state->reason);
		$this->assertNotNull($state->freeBytes);
	}

	public function testMarkerOfAnotherTargetIsAMismatch(): void {
		$this->health->writeMarker($this->dir, 'u-2');
		$this->assertSame(TargetState::MARKER_MISMATCH, $this->health->check($this->target())->reason);
	}

	public function testMarkerOfAnotherInstanceIsAMismatch(): void {
		file_put_contents($this->dir . '/' . TargetHealth::MARKER, json_encode(['uuid' => 'u-1', 'instanceId' => 'other']));
		$this->assertSame(TargetState::MARKER_MISMATCH, $this->health->check($this->target())->reason);
	}

	public function testMissingFolderAndDisabledTarget(): void {
		$t = $this->target();
		$t->setPath($this->dir . '/gone');
		$this->assertSame(TargetState::NOT_FOUND, $this->health->check($t)->reason);
		$this->assertSame(TargetState::DISABLED, $this->health->check($this->target('u-1', false))->reason);
	}

	public function testAssertWritableThrowsWithTheState(): void {
		try {
			$this->health->assertWritable($this->target());
			$this->fail('expected TargetOfflineException');
		} catch (TargetOfflineException $e) {
			$this->assertSame(TargetState::MARKER_MISSING, $e->state->reason);
		}
	}
}

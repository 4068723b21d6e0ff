<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Health;

use OCA\Mirror\Exception\InvalidParameterException;
use OCA\Mirror\Health\HealthSettings;
use OCP\IGroupManager;
use PHPUnit\Framework\TestCase;

class HealthSettingsTest extends TestCase {
	use MemoryAppConfig;

	private HealthSettings $settings;

	protected function setUp(): void {
		$groups = $this->createMock(IGroupManager::class);
		$groups->method('groupExists')->willReturnCallback(static fn (string $gid): bool => in_array($gid, ['admin', 'family-admins'], true));
		$this->settings = new HealthSettings($this->memoryAppConfig(), $groups);
	}

	public function testTheDefaultsAreThoseOfTheIssue(): void {
		$this->assertSame([
			'offlineGraceMinutes' => 30, 'reservePercent' => 5, 'reserveGigabytes' => 10, 'fillingDays' => 14,
			'failingHours' => 24, 'laggingHours' => 24, 'offlineReminderDays' => 30, 'notifyGroup' => 'admin',
		], $this->settings->get());
	}

	public function testAValueSetByHandThatMakesNoSenseFallsBackToTheDefault(): void {
		$this->appConfigValues['health_offline_grace_minutes'] = 'soon';
		$this->appConfigValues['health_failing_hours'] = '0'; // would warn about every file at once
		$this->appConfigValues['health_reserve_percent'] = '12';
		$settings = $this->settings->get();
		$this->assertSame(30, $settings['offlineGraceMinutes']);
		$this->assertSame(24, $settings['failingHours']);
		$this->assertSame(12, $settings['reservePercent'], 'a sensible value set with occ config:app:set is used');
	}

	public function testTheReserveIsTheSmallerOfItsShareAndItsSize(): void {
		$this->assertSame(53_687_091, $this->settings->reserveBytes(1024 ** 3), '5 % of 1 GiB');
		$this->assertSame(10 * 1024 ** 3, $this->settings->reserveBytes(4 * 1024 ** 4), '10 GB of a 4 TiB drive, not 200 GB');
	}

	public function testAnUpdateIsSavedWhole(): void {
		$saved = $this->settings->update(['offlineGraceMinutes' => 60, 'notifyGroup' => 'family-admins']);
		$this->assertSame(60, $saved['offlineGraceMinutes']);
		$this->assertSame('family-admins', $saved['notifyGroup']);
		$this->assertSame('60', $this->appConfigValues['health_offline_grace_minutes'], 'stored as occ config:app:set stores it');
	}

	/**
	 * @return array<string, array{0: array<string, mixed>, 1: string}>
	 */
	public static function refused(): array {
		return [
			'too large' => [['reservePercent' => 80], 'reservePercent'],
			'negative' => [['fillingDays' => -1], 'fillingDays'],
			'not a number' => [['failingHours' => '24'], 'failingHours'],
			'no such group' => [['notifyGroup' => 'nobody'], 'notifyGroup'],
			'unknown setting' => [['verbose' => 1], 'verbose'],
		];
	}

	/**
	 * @dataProvider refused
	 * @param array<string, mixed> $changes
	 */
	public function testABadValueIsRefusedWithItsNameAndNothingIsSaved(array $changes, string $field): void {
		try {
			$this->settings->update(['laggingHours' => 48] + $changes);
			$this->fail('expected InvalidParameterException');
		} catch (InvalidParameterException $e) {
			$this->assertSame($field, $e->parameter);
		}
		$this->assertArrayNotHasKey('health_lagging_hours', $this->appConfigValues, 'the good value next to it was not saved either');
	}
}

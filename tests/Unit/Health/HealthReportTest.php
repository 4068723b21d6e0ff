<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Health;

use OCA\Mirror\Health\Condition;
use OCA\Mirror\Health\HealthReport;
use OCA\Mirror\Health\HealthSettings;
use OCA\Mirror\Health\HealthStore;
use OCP\IGroupManager;
use PHPUnit\Framework\TestCase;

class HealthReportTest extends TestCase {
	use MemoryAppConfig;

	private HealthStore $store;
	private HealthReport $report;

	protected function setUp(): void {
		$config = $this->memoryAppConfig();
		$this->store = new HealthStore($config);
		$this->report = new HealthReport($this->store, new HealthSettings($config, $this->createMock(IGroupManager::class)));
	}

	public function testNothingFoundIsAnEmptyListWithTheSettings(): void {
		$this->assertSame(['conditions' => [], 'settings' => [
			'offlineGraceMinutes' => 30, 'reservePercent' => 5, 'reserveGigabytes' => 10, 'fillingDays' => 14,
			'failingHours' => 24, 'laggingHours' => 24, 'offlineReminderDays' => 30, 'notifyGroup' => 'admin',
		]], $this->report->current());
	}

	public function testWhatTheLastCheckSavedComesErrorsFirstThenByTargetAndType(): void {
		$conditions = [
			new Condition(1, 'USB', Condition::LAGGING, 100),
			new Condition(2, 'NAS', Condition::OFFLINE, 200, ['reason' => 'marker_missing', 'message' => 'not mounted']),
			new Condition(1, 'USB', Condition::FAILING, 300, ['count' => 3, 'files' => ['alice/a.jpg']]),
			new Condition(3, 'Old disk', Condition::FULL, 400, ['freeBytes' => 1, 'totalBytes' => 100]),
		];
		$this->store->saveConditions(array_combine(array_map(static fn (Condition $c): string => $c->key(), $conditions), $conditions));

		$report = $this->report->current();
		$this->assertSame(['2:offline', '1:failing', '1:lagging', '3:full'],
			array_map(static fn (array $c): string => $c['targetId'] . ':' . $c['type'], $report['conditions']));
		$this->assertSame('error', $report['conditions'][0]['severity']);
		$this->assertSame('marker_missing', $report['conditions'][0]['reason']);
		$this->assertSame(['alice/a.jpg'], $report['conditions'][1]['files']);
		$this->assertSame(3, $report['conditions'][1]['count']);
		$this->assertNull($report['conditions'][1]['daysLeft']);
	}

	public function testConditionsJustCheckedAreShownAsTheyAre(): void {
		$report = $this->report->of(['9:damaged' => new Condition(9, 'NAS', Condition::DAMAGED, 500, ['count' => 2])]);
		$this->assertSame('damaged', $report['conditions'][0]['type']);
		$this->assertSame([], $this->report->current()['conditions'], 'nothing is saved by putting it into shape');
	}
}

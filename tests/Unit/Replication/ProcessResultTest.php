<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Replication;

use OCA\Mirror\Drive\TargetState;
use OCA\Mirror\Replication\ProcessResult;
use PHPUnit\Framework\TestCase;

class ProcessResultTest extends TestCase {
	public function testASecondWorkersResultAddsUp(): void {
		$result = new ProcessResult();
		$result->done = 3;
		$result->failed = 1;
		$result->offlineTargets[2] = new TargetState(false, TargetState::NOT_FOUND);
		$second = new ProcessResult();
		$second->done = 5;
		$second->deferred = 2;
		$second->held = 1;
		$second->timedOut = true;
		$second->offlineTargets[2] = new TargetState(false, TargetState::MARKER_MISSING);
		$second->offlineTargets[4] = new TargetState(false, TargetState::FULL);
		$result->add(json_decode((string)json_encode($second), true));
		$this->assertSame(['done' => 8, 'failed' => 1, 'deferred' => 2, 'held' => 1, 'timedOut' => true, 'workers' => 2,
			'offlineTargets' => [2 => TargetState::NOT_FOUND, 4 => TargetState::FULL]], $result->jsonSerialize());
		$result->add(['done' => 'x', 'offlineTargets' => 'y']);
		$this->assertSame(8, $result->done, 'what is not a count counts for nothing');
	}
}

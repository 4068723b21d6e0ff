<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Replication;

use OCA\Mirror\Drive\TargetState;

/**
 * What one run of the queue processor did.
 */
final class ProcessResult implements \JsonSerializable {
	public int $done = 0;
	public int $failed = 0;
	/** items given back because their target went offline */
	public int $deferred = 0;
	/** destructive changes the tripwire holds */
	public int $held = 0;
	public bool $timedOut = false;
	/** @var array<int, TargetState> target id => why it was skipped */
	public array $offlineTargets = [];

	/**
	 * @return array<string, mixed>
	 */
	#[\Override]
	public function jsonSerialize(): array {
		return [
			'done' => $this->done,
			'failed' => $this->failed,
			'deferred' => $this->deferred,
			'held' => $this->held,
			'timedOut' => $this->timedOut,
			// the reason codes: occ mirror:process words them
			'offlineTargets' => array_map(static fn (TargetState $state): ?string => $state->reason, $this->offlineTargets),
		];
	}
}

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
	/** the worker processes of the run: 2 when a second worker joined it (SecondWorker) */
	public int $workers = 1;
	/** @var array<int, TargetState> target id => why it was skipped */
	public array $offlineTargets = [];

	/**
	 * Adds what a second worker of the same run did (its jsonSerialize(), read back: SecondWorker).
	 *
	 * @param array<string, mixed> $other
	 */
	public function add(array $other): void {
		$this->done += is_int($other['done'] ?? null) ? $other['done'] : 0;
		$this->failed += is_int($other['failed'] ?? null) ? $other['failed'] : 0;
		$this->deferred += is_int($other['deferred'] ?? null) ? $other['deferred'] : 0;
		$this->held += is_int($other['held'] ?? null) ? $other['held'] : 0;
		$this->timedOut = $this->timedOut || ($other['timedOut'] ?? false) === true;
		$this->workers += is_int($other['workers'] ?? null) ? $other['workers'] : 1;
		foreach (is_array($other['offlineTargets'] ?? null) ? $other['offlineTargets'] : [] as $id => $reason) {
			$this->offlineTargets[(int)$id] ??= new TargetState(false, is_string($reason) ? $reason : null);
		}
	}

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
			'workers' => $this->workers,
			// the reason codes: occ mirror:process words them
			'offlineTargets' => array_map(static fn (TargetState $state): ?string => $state->reason, $this->offlineTargets),
		];
	}
}

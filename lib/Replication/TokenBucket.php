<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Replication;

/**
 * A token bucket on bytes read: starts empty, holds at most one second's worth, refills at the
 * rate; a read takes its bytes first, and waits for what the bucket lacks. So the scheduled check
 * reads at most $bytesPerSecond on average, in bursts of at most a second's worth after a pause.
 */
final class TokenBucket {
	private float $tokens;
	private float $at;

	/**
	 * @param \Closure(): float $clock seconds (monotonic)
	 * @param \Closure(float): void $sleep waits this many seconds
	 */
	public function __construct(
		private readonly int $bytesPerSecond,
		private readonly \Closure $clock,
		private readonly \Closure $sleep,
	) {
		$this->tokens = 0.0;
		$this->at = ($this->clock)();
	}

	public static function realTime(int $bytesPerSecond): self {
		return new self($bytesPerSecond,
			static fn (): float => hrtime(true) / 1e9,
			static function (float $seconds): void {
				usleep((int)ceil($seconds * 1e6));
			});
	}

	/**
	 * Takes $bytes, first waiting until the bucket holds them (or is full, for a piece larger than a second's worth).
	 */
	public function take(int $bytes): void {
		$this->refill();
		$need = min((float)$bytes, (float)$this->bytesPerSecond);
		if ($this->tokens < $need) {
			($this->sleep)(($need - $this->tokens) / $this->bytesPerSecond);
			$this->refill();
		}
		$this->tokens -= $bytes;
	}

	private function refill(): void {
		$now = ($this->clock)();
		$this->tokens = min((float)$this->bytesPerSecond, $this->tokens + ($now - $this->at) * $this->bytesPerSecond);
		$this->at = $now;
	}
}

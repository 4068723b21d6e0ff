<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Restore;

/**
 * What a restore did: how many files were restored, skipped (already there), mismatched (the copy on
 * the drive failed its sha256: not restored) and failed, and each file that was not simply restored.
 */
final class RestoreReport implements \JsonSerializable {
	public const RESTORED = 'restored';
	public const SKIPPED = 'skipped';
	public const MISMATCHED = 'mismatched';
	public const FAILED = 'failed';

	/** @var array<string, int> */
	public array $counts = [self::RESTORED => 0, self::SKIPPED => 0, self::MISMATCHED => 0, self::FAILED => 0];
	public int $bytes = 0;
	/** @var list<array{userId: string, path: string, to: string, result: string, why: string}> */
	public array $files = [];

	/**
	 * @param int|null $keep list at most this many files (null: every one); the counts count them all
	 * @param bool $problemsOnly list only the files that were mismatched or failed
	 */
	public function __construct(
		private readonly ?int $keep = null,
		private readonly bool $problemsOnly = false,
	) {
	}

	public function add(string $userId, string $path, string $to, string $result, string $why = '', int $bytes = 0): void {
		$this->counts[$result]++;
		$this->bytes += $result === self::RESTORED ? $bytes : 0;
		if ($this->problemsOnly && $result !== self::MISMATCHED && $result !== self::FAILED) {
			return;
		}
		if ($this->keep === null || count($this->files) < $this->keep) {
			$this->files[] = ['userId' => $userId, 'path' => $path, 'to' => $to, 'result' => $result, 'why' => $why];
		}
	}

	public function total(): int {
		return array_sum($this->counts);
	}

	/**
	 * @return array{restored: int, skipped: int, mismatched: int, failed: int, bytes: int, files: list<array{userId: string, path: string, to: string, result: string, why: string}>}
	 */
	#[\Override]
	public function jsonSerialize(): array {
		return [
			'restored' => $this->counts[self::RESTORED],
			'skipped' => $this->counts[self::SKIPPED],
			'mismatched' => $this->counts[self::MISMATCHED],
			'failed' => $this->counts[self::FAILED],
			'bytes' => $this->bytes,
			'files' => $this->files,
		];
	}
}

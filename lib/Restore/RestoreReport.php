<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Restore;

/**
 * What a restore did: how many files were restored, skipped (already there), mismatched (the copy on
 * the drive failed its sha256: not restored) and failed, and each file that was not simply restored,
 * with why as a code and its parameters (RestoreException's; RestoreMessages words them).
 *
 * @psalm-type RestoredFile = array{userId: string, path: string, to: string, result: string, code: string, params: array<string, string|int>}
 */
final class RestoreReport implements \JsonSerializable {
	public const RESTORED = 'restored';
	public const SKIPPED = 'skipped';
	public const MISMATCHED = 'mismatched';
	public const FAILED = 'failed';

	/** @var array<string, int> */
	public array $counts = [self::RESTORED => 0, self::SKIPPED => 0, self::MISMATCHED => 0, self::FAILED => 0];
	public int $bytes = 0;
	/** @var list<RestoredFile> */
	public array $files = [];
	/** @var array<string, array{why: string, files: int, folder: string}> from the drive: the users whose manifest's signature does not hold (why: ManifestReading::*) */
	public array $unverified = [];
	/** @var array<string, string> from the drive: the users whose manifest was refused, and why */
	public array $damaged = [];
	/** from the drive: how many manifests were verified under the recovery key */
	public int $verifiedManifests = 0;

	/**
	 * @param int|null $keep list at most this many files (null: every one); the counts count them all
	 * @param bool $problemsOnly list only the files that were mismatched or failed
	 */
	public function __construct(
		private readonly ?int $keep = null,
		private readonly bool $problemsOnly = false,
	) {
	}

	/**
	 * @param string $code why (a RestoreException code), '' for a file simply restored
	 * @param array<string, string|int> $params what the words for the code name
	 * @return RestoredFile the file as counted
	 */
	public function add(string $userId, string $path, string $to, string $result, string $code = '', array $params = [], int $bytes = 0): array {
		$file = ['userId' => $userId, 'path' => $path, 'to' => $to, 'result' => $result, 'code' => $code, 'params' => $params];
		$this->counts[$result]++;
		$this->bytes += $result === self::RESTORED ? $bytes : 0;
		if ($this->problemsOnly && $result !== self::MISMATCHED && $result !== self::FAILED) {
			return $file;
		}
		if ($this->keep === null || count($this->files) < $this->keep) {
			$this->files[] = $file;
		}
		return $file;
	}

	/**
	 * A user's manifest was read from the drive: verified ($why null), or not and why (ManifestReading::*).
	 */
	public function manifest(string $userId, ?string $why): void {
		if ($why === null) {
			$this->verifiedManifests++;
			return;
		}
		$this->unverified[$userId] = ['why' => $why, 'files' => 0, 'folder' => ''];
	}

	/**
	 * One file of an unverified manifest went (or, in a dry run, would go) to the user's quarantine folder.
	 */
	public function quarantined(string $userId, string $folder): void {
		if (isset($this->unverified[$userId])) {
			$this->unverified[$userId]['files']++;
			$this->unverified[$userId]['folder'] = $folder;
		}
	}

	public function damaged(string $userId, string $message): void {
		$this->damaged[$userId] = $message;
	}

	public function unverifiedFiles(): int {
		return array_sum(array_column($this->unverified, 'files'));
	}

	public function total(): int {
		return array_sum($this->counts);
	}

	/**
	 * @return array{restored: int, skipped: int, mismatched: int, failed: int, bytes: int, files: list<RestoredFile>}
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

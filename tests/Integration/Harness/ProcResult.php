<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration\Harness;

/**
 * Outcome of a finished command: exit code, captured output, wall time.
 */
final class ProcResult {
	/** @param list<string> $command */
	public function __construct(
		public readonly array $command,
		public readonly int $exitCode,
		public readonly string $stdout,
		public readonly string $stderr,
		public readonly float $seconds,
	) {
	}

	public function ok(): bool {
		return $this->exitCode === 0;
	}

	public function output(): string {
		return $this->stdout . $this->stderr;
	}

	/** Decodes stdout as JSON (the whole of it, or the last line that parses). */
	public function json(): mixed {
		$out = trim($this->stdout);
		$decoded = json_decode($out, true);
		if (json_last_error() === JSON_ERROR_NONE) {
			return $decoded;
		}
		// Some commands print a progress line before the document: take the last JSON line.
		$lines = array_reverse(preg_split('/\R/', $out) ?: []);
		foreach ($lines as $line) {
			$decoded = json_decode(trim($line), true);
			if (json_last_error() === JSON_ERROR_NONE && is_array($decoded)) {
				return $decoded;
			}
		}
		throw new \RuntimeException("Output of '" . $this->commandLine() . "' is not JSON:\n" . $this->describe());
	}

	public function commandLine(): string {
		return implode(' ', array_map(static fn (string $a) => preg_match('/^[\w\/.:=@,+-]+$/', $a) ? $a : escapeshellarg($a), $this->command));
	}

	/** Human-readable summary for assertion messages. */
	public function describe(): string {
		$clip = static fn (string $s) => strlen($s) > 6000 ? substr($s, 0, 2000) . "\n[...]\n" . substr($s, -4000) : $s;
		return sprintf("\$ %s\nexit code: %d (%.1fs)\n--- stdout ---\n%s\n--- stderr ---\n%s",
			$this->commandLine(), $this->exitCode, $this->seconds, $clip($this->stdout), $clip($this->stderr));
	}
}

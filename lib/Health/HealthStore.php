<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Health;

use OCA\Mirror\AppInfo\Application;
use OCP\IAppConfig;

/**
 * What the last health check found, kept between runs (lazy app config values, read only by the
 * health check, the setup check, the widget and the admin page): the conditions in force and when
 * each began, when each target was first seen offline, and what the last verify of each target found.
 */
class HealthStore {
	private const CONDITIONS = 'health_conditions';
	private const OFFLINE_SEEN = 'health_offline_seen';
	private const VERIFY = 'health_verify';
	private const NOTIFIED = 'health_notified';
	private const SCRUB_CONFLICTS = 'scrub_conflicts';
	/** who found the damage: occ mirror:verify, or the scheduled check */
	public const BY_VERIFY = 'verify';
	public const BY_SCRUB = 'scrub';
	/** files named with the scheduled check's conflicts, at most */
	private const CONFLICTS_KEPT = 20;

	public function __construct(
		private IAppConfig $config,
	) {
	}

	/**
	 * @return array<string, Condition> by Condition::key()
	 */
	public function conditions(): array {
		$out = [];
		foreach ($this->read(self::CONDITIONS) as $data) {
			$condition = is_array($data) ? Condition::fromArray($data) : null;
			if ($condition !== null) {
				$out[$condition->key()] = $condition;
			}
		}
		return $out;
	}

	/**
	 * @param array<string, Condition> $conditions
	 */
	public function saveConditions(array $conditions): void {
		$this->write(self::CONDITIONS, array_values(array_map(static fn (Condition $c): array => $c->toArray(), $conditions)));
	}

	/**
	 * When each target was first seen offline in the current outage.
	 *
	 * @return array<int, int> target id => time
	 */
	public function offlineSeen(): array {
		return array_filter(array_map('intval', $this->read(self::OFFLINE_SEEN)), static fn (int $t): bool => $t > 0);
	}

	/**
	 * @param array<int, int> $seen
	 */
	public function saveOfflineSeen(array $seen): void {
		$this->write(self::OFFLINE_SEEN, $seen);
	}

	/**
	 * A verify of this target finished (or the scheduled check found damage, or finished a pass): how
	 * many copies were missing or different.
	 *
	 * @param self::BY_VERIFY|self::BY_SCRUB $by
	 */
	public function recordVerify(int $targetId, int $damaged, int $at, string $by = self::BY_VERIFY): void {
		$verify = $this->read(self::VERIFY);
		$verify[$targetId] = ['at' => $at, 'damaged' => $damaged, 'by' => $by];
		$this->write(self::VERIFY, $verify);
	}

	/**
	 * @return array<int, array{at: int, damaged: int, by: string}> target id => the last verify
	 */
	public function verifies(): array {
		$out = [];
		foreach ($this->read(self::VERIFY) as $targetId => $v) {
			if (is_array($v) && is_int($v['at'] ?? null) && is_int($v['damaged'] ?? null)) {
				$out[(int)$targetId] = ['at' => $v['at'], 'damaged' => $v['damaged'], 'by' => is_string($v['by'] ?? null) ? $v['by'] : self::BY_VERIFY];
			}
		}
		return $out;
	}

	/**
	 * The scheduled check found a damaged copy whose file in Nextcloud does not match the record either
	 * ("user/path"): neither is known good, nothing was copied over it.
	 */
	public function recordScrubConflict(int $targetId, string $file): void {
		$all = $this->read(self::SCRUB_CONFLICTS);
		$files = is_array($all[$targetId] ?? null) ? array_values(array_filter($all[$targetId], 'is_string')) : [];
		if (!in_array($file, $files, true)) {
			$files[] = $file;
		}
		$all[$targetId] = array_slice($files, -self::CONFLICTS_KEPT);
		$this->write(self::SCRUB_CONFLICTS, $all);
	}

	public function clearScrubConflicts(int $targetId): void {
		$all = $this->read(self::SCRUB_CONFLICTS);
		unset($all[$targetId]);
		$this->write(self::SCRUB_CONFLICTS, $all);
	}

	/**
	 * @return array<int, list<string>> target id => files ("user/path") of which neither copy is known good
	 */
	public function scrubConflicts(): array {
		$out = [];
		foreach ($this->read(self::SCRUB_CONFLICTS) as $targetId => $files) {
			if (is_array($files) && $files !== []) {
				$out[(int)$targetId] = array_values(array_filter($files, 'is_string'));
			}
		}
		return $out;
	}

	/**
	 * Who has been notified of what (a condition's key, or "user:<uid>"): nobody is told twice, and
	 * a notification someone dismissed does not come back while the condition lasts.
	 *
	 * @return array<string, list<string>> key => user ids
	 */
	public function notified(): array {
		$out = [];
		foreach ($this->read(self::NOTIFIED) as $key => $users) {
			if (is_array($users)) {
				$out[(string)$key] = array_values(array_filter($users, 'is_string'));
			}
		}
		return $out;
	}

	/**
	 * @param array<string, list<string>> $notified
	 */
	public function saveNotified(array $notified): void {
		$this->write(self::NOTIFIED, $notified);
	}

	public function forgetTarget(int $targetId): void {
		$this->saveConditions(array_filter($this->conditions(), static fn (Condition $c): bool => $c->targetId !== $targetId));
		$seen = $this->offlineSeen();
		unset($seen[$targetId]);
		$this->saveOfflineSeen($seen);
		$verify = $this->read(self::VERIFY);
		unset($verify[$targetId]);
		$this->write(self::VERIFY, $verify);
		$this->clearScrubConflicts($targetId);
		$this->saveNotified(array_filter($this->notified(), static fn (string $key): bool => !str_starts_with($key, $targetId . ':'), ARRAY_FILTER_USE_KEY));
	}

	/**
	 * @return array<array-key, mixed>
	 */
	private function read(string $key): array {
		$value = json_decode($this->config->getValueString(Application::APP_ID, $key, '[]', true), true);
		return is_array($value) ? $value : [];
	}

	/**
	 * @param array<array-key, mixed> $value
	 */
	private function write(string $key, array $value): void {
		$this->config->setValueString(Application::APP_ID, $key, (string)json_encode((object)$value, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE), true);
	}
}

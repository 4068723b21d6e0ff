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
 * How full each drive was over the last week (a sample an hour), to tell how many days are left at
 * the rate it fills.
 */
class SpaceHistory {
	private const KEY = 'health_space_history';
	private const EVERY = 3600;
	private const KEEP = 8 * 86400;
	/** The rate is measured over this long at most. */
	public const WINDOW = 7 * 86400;
	/** ... and at least this long: a day's samples say too little. */
	private const MIN_SPAN = 86400;

	public function __construct(
		private IAppConfig $config,
	) {
	}

	/**
	 * Records the free space of a target now (at most one sample an hour).
	 */
	public function record(int $targetId, int $freeBytes, int $now): void {
		$all = $this->all();
		$samples = $all[$targetId] ?? [];
		$last = $samples === [] ? null : $samples[count($samples) - 1];
		if ($last !== null && $now - $last[0] < self::EVERY) {
			return;
		}
		$samples[] = [$now, $freeBytes];
		$all[$targetId] = array_values(array_filter($samples, static fn (array $s): bool => $s[0] >= $now - self::KEEP));
		$this->config->setValueString(Application::APP_ID, self::KEY, (string)json_encode((object)$all), true);
	}

	/**
	 * Days until the target is full at the rate its free space shrank over the last week; null when it
	 * is not shrinking or there is less than a day of samples.
	 */
	public function daysLeft(int $targetId, int $freeBytes, int $now): ?int {
		$samples = array_values(array_filter($this->all()[$targetId] ?? [], static fn (array $s): bool => $s[0] >= $now - self::WINDOW));
		if ($samples === []) {
			return null;
		}
		[$firstAt, $firstFree] = $samples[0];
		$span = $now - $firstAt;
		if ($span < self::MIN_SPAN) {
			return null;
		}
		$perSecond = ($firstFree - $freeBytes) / $span;
		if ($perSecond <= 0) {
			return null;
		}
		return (int)floor($freeBytes / $perSecond / 86400);
	}

	public function forget(int $targetId): void {
		$all = $this->all();
		unset($all[$targetId]);
		$this->config->setValueString(Application::APP_ID, self::KEY, (string)json_encode((object)$all), true);
	}

	/**
	 * @return array<int, list<array{0: int, 1: int}>>
	 */
	private function all(): array {
		$data = json_decode($this->config->getValueString(Application::APP_ID, self::KEY, '{}', true), true);
		$out = [];
		foreach (is_array($data) ? $data : [] as $targetId => $samples) {
			if (!is_array($samples)) {
				continue;
			}
			foreach ($samples as $s) {
				if (is_array($s) && is_int($s[0] ?? null) && is_int($s[1] ?? null)) {
					$out[(int)$targetId][] = [$s[0], $s[1]];
				}
			}
		}
		return $out;
	}
}

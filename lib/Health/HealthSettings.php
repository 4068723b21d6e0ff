<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Health;

use OCA\Mirror\AppInfo\Application;
use OCA\Mirror\Exception\InvalidParameterException;
use OCA\Mirror\ResponseDefinitions;
use OCP\IAppConfig;
use OCP\IGroupManager;
use OCP\IUser;

/**
 * The thresholds of the health check and who is told. Stored as app config values, so that
 * `occ config:app:set mirror health_offline_grace_minutes --value=60` works as well as the admin page.
 *
 * @psalm-import-type MirrorHealthSettings from ResponseDefinitions
 */
class HealthSettings {
	/** setting => [app config key, default, minimum, maximum] */
	public const NUMBERS = [
		'offlineGraceMinutes' => ['health_offline_grace_minutes', 30, 0, 10080],
		'reservePercent' => ['health_reserve_percent', 5, 0, 50],
		'reserveGigabytes' => ['health_reserve_gb', 10, 0, 100000],
		'fillingDays' => ['health_filling_days', 14, 0, 365],
		'failingHours' => ['health_failing_hours', 24, 1, 8760],
		'laggingHours' => ['health_lagging_hours', 24, 1, 8760],
		'offlineReminderDays' => ['offline_reminder_days', 30, 1, 3650],
	];
	private const GROUP_KEY = 'health_notify_group';
	private const DEFAULT_GROUP = 'admin';

	public function __construct(
		private IAppConfig $config,
		private IGroupManager $groups,
	) {
	}

	/**
	 * @return MirrorHealthSettings
	 */
	public function get(): array {
		$out = [];
		foreach (self::NUMBERS as $name => [$key, $default, $min, $max]) {
			$value = trim($this->config->getValueString(Application::APP_ID, $key, (string)$default));
			// a value set by hand that makes no sense falls back to the default, never to "never warn"
			$out[$name] = ctype_digit($value) && (int)$value >= $min && (int)$value <= $max ? (int)$value : $default;
		}
		$group = $this->config->getValueString(Application::APP_ID, self::GROUP_KEY, self::DEFAULT_GROUP);
		$out['notifyGroup'] = $group === '' ? self::DEFAULT_GROUP : $group;
		/** @var MirrorHealthSettings $out */
		return $out;
	}

	/**
	 * Changes some settings; refuses the lot when one is wrong.
	 *
	 * @param array<string, mixed> $changes setting => new value
	 * @return MirrorHealthSettings
	 * @throws InvalidParameterException naming the first wrong setting
	 */
	public function update(array $changes): array {
		$numbers = [];
		foreach ($changes as $name => $value) {
			if ($name === 'notifyGroup') {
				if (!is_string($value) || $value === '' || !$this->groups->groupExists($value)) {
					throw new InvalidParameterException('notifyGroup', 'an existing group', InvalidParameterException::EXISTING_GROUP);
				}
				continue;
			}
			if (!isset(self::NUMBERS[$name])) {
				$names = implode(', ', [...array_keys(self::NUMBERS), 'notifyGroup']);
				throw new InvalidParameterException((string)$name, 'one of ' . $names, InvalidParameterException::ONE_OF, ['values' => $names]);
			}
			[, , $min, $max] = self::NUMBERS[$name];
			if (!is_int($value) || $value < $min || $value > $max) {
				throw new InvalidParameterException($name, sprintf('a whole number from %d to %d', $min, $max), InvalidParameterException::RANGE, ['min' => $min, 'max' => $max]);
			}
			$numbers[$name] = $value;
		}
		foreach ($numbers as $name => $value) {
			$this->config->setValueString(Application::APP_ID, self::NUMBERS[$name][0], (string)$value);
		}
		if (isset($changes['notifyGroup']) && is_string($changes['notifyGroup'])) {
			$this->config->setValueString(Application::APP_ID, self::GROUP_KEY, $changes['notifyGroup']);
		}
		return $this->get();
	}

	/**
	 * Who is told: the enabled members of the notified group, sorted.
	 *
	 * @return list<string>
	 */
	public function recipients(): array {
		$group = $this->groups->get($this->get()['notifyGroup']);
		if ($group === null) {
			return [];
		}
		$out = [];
		foreach ($group->getUsers() as $user) {
			if ($user instanceof IUser && $user->isEnabled()) {
				$out[] = $user->getUID();
			}
		}
		sort($out);
		return $out;
	}

	/**
	 * Free space under this many bytes is too little: the smaller of the percentage and the size.
	 */
	public function reserveBytes(int $totalBytes): int {
		$settings = $this->get();
		return (int)min($totalBytes * $settings['reservePercent'] / 100, $settings['reserveGigabytes'] * 1024 ** 3);
	}
}

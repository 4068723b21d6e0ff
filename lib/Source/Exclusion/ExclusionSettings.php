<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Source\Exclusion;

use OCA\Mirror\AppInfo\Application;
use OCA\Mirror\Exception\InvalidExclusionException;
use OCP\IAppConfig;
use OCP\IGroupManager;
use OCP\IUserManager;

/**
 * The admin's exclusions, kept in the app config (patterns, users and groups as JSON lists, the size
 * limit in bytes), read once per request. Everything is checked before it is stored: a bad pattern, an
 * unknown user or group is refused with its code, and nothing is changed.
 */
class ExclusionSettings {
	private const KEY_PATTERNS = 'exclude_patterns';
	private const KEY_USERS = 'exclude_users';
	private const KEY_GROUPS = 'exclude_groups';
	private const KEY_MAX_SIZE = 'exclude_max_size';

	private ?ExclusionRules $rules = null;

	public function __construct(
		private IAppConfig $config,
		private IUserManager $userManager,
		private IGroupManager $groupManager,
	) {
	}

	public function rules(): ExclusionRules {
		if ($this->rules !== null) {
			return $this->rules;
		}
		$patterns = [];
		foreach ($this->list(self::KEY_PATTERNS, ExclusionRules::DEFAULT_PATTERNS) as $text) {
			try {
				$patterns[] = Pattern::parse($text);
			} catch (InvalidExclusionException) {
				// stored by hand (occ config:app:set): ignored rather than leaving out too much
			}
		}
		$maxSize = $this->config->getValueInt(Application::APP_ID, self::KEY_MAX_SIZE, 0);
		return $this->rules = new ExclusionRules($patterns, $this->list(self::KEY_USERS, []), $this->list(self::KEY_GROUPS, []), $maxSize > 0 ? $maxSize : null);
	}

	/** Reads the config again next time (a long-running process, after a while). */
	public function forget(): void {
		if ($this->rules !== null) {
			$this->config->clearCache(); // Nextcloud's app config keeps what it read for the process, too
		}
		$this->rules = null;
	}

	/**
	 * Checks and stores new exclusions: all of them, or none.
	 *
	 * @param list<string> $patterns
	 * @param list<string> $users
	 * @param list<string> $groups
	 * @throws InvalidExclusionException
	 */
	public function save(array $patterns, array $users, array $groups, ?int $maxSize): ExclusionRules {
		$parsed = [];
		foreach (array_values(array_unique(array_map('trim', $patterns))) as $text) {
			$parsed[] = Pattern::parse($text);
		}
		$users = array_values(array_unique(array_map('trim', $users)));
		foreach ($users as $userId) {
			if (!$this->userManager->userExists($userId)) {
				throw new InvalidExclusionException('unknown_user', $userId);
			}
		}
		$groups = array_values(array_unique(array_map('trim', $groups)));
		foreach ($groups as $groupId) {
			if (!$this->groupManager->groupExists($groupId)) {
				throw new InvalidExclusionException('unknown_group', $groupId);
			}
		}
		if ($maxSize !== null && $maxSize <= 0) {
			throw new InvalidExclusionException('size_invalid', (string)$maxSize);
		}
		$rules = new ExclusionRules($parsed, $users, $groups, $maxSize);
		$array = $rules->toArray();
		$this->config->setValueString(Application::APP_ID, self::KEY_PATTERNS, json_encode($array['patterns'], JSON_THROW_ON_ERROR | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES));
		$this->config->setValueString(Application::APP_ID, self::KEY_USERS, json_encode($users, JSON_THROW_ON_ERROR | JSON_UNESCAPED_UNICODE));
		$this->config->setValueString(Application::APP_ID, self::KEY_GROUPS, json_encode($groups, JSON_THROW_ON_ERROR | JSON_UNESCAPED_UNICODE));
		$this->config->setValueInt(Application::APP_ID, self::KEY_MAX_SIZE, $maxSize ?? 0);
		return $this->rules = $rules;
	}

	/**
	 * @param list<string> $default
	 * @return list<string>
	 */
	private function list(string $key, array $default): array {
		$stored = $this->config->getValueString(Application::APP_ID, $key, '');
		if ($stored === '') {
			return $default;
		}
		$list = json_decode($stored, true);
		if (!is_array($list)) {
			return $default;
		}
		return array_values(array_filter($list, 'is_string'));
	}
}

<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Health;

use OCA\Mirror\Queue\FailingFiles;
use OCP\AppFramework\Utility\ITimeFactory;

/**
 * Runs the health check and tells people: a new condition is notified once to each member of the
 * notified group, one that cleared is withdrawn, and a user whose own files keep failing is told
 * too. The conditions are kept for the setup check, the dashboard widget and the admin page.
 */
class HealthMonitor {
	private const USER_KEY = 'user:';

	public function __construct(
		private HealthChecker $checker,
		private HealthStore $store,
		private HealthSettings $settings,
		private HealthNotifications $notifications,
		private FailingFiles $failingFiles,
		private ITimeFactory $time,
		private SpaceHistory $space,
	) {
	}

	/**
	 * A target was removed: its notifications and what was kept about it go at once.
	 */
	public function forgetTarget(int $targetId): void {
		foreach ($this->store->conditions() as $condition) {
			if ($condition->targetId === $targetId) {
				$this->notifications->withdrawCondition($targetId, $condition->type);
			}
		}
		$this->store->forgetTarget($targetId);
		$this->space->forget($targetId);
	}

	/**
	 * @return array<string, Condition> the conditions in force now
	 */
	public function run(): array {
		$now = $this->time->getTime();
		$settings = $this->settings->get();
		$previous = $this->store->conditions();
		$current = [];
		foreach ($this->checker->check($now) as $key => $condition) {
			$before = $previous[$key] ?? null;
			// a drive full since Monday is still full since Monday
			$current[$key] = $before !== null && $before->since < $condition->since && in_array($condition->type, [Condition::FULL, Condition::FILLING, Condition::EXPORTED], true)
				? new Condition($condition->targetId, $condition->targetName, $condition->type, $before->since, $condition->details)
				: $condition;
		}
		// saved first: a notification is put into words from what is saved here
		$this->store->saveConditions($current);

		$notified = $this->store->notified();
		$recipients = $this->settings->recipients();
		foreach ($current as $key => $condition) {
			$told = $notified[$key] ?? [];
			$new = array_values(array_diff($recipients, $told));
			if ($new !== []) {
				$this->notifications->notifyCondition($condition, $new);
				$notified[$key] = [...$told, ...$new];
			}
		}
		foreach ($previous as $key => $condition) {
			if (!isset($current[$key])) {
				$this->notifications->withdrawCondition($condition->targetId, $condition->type);
				unset($notified[$key]);
			}
		}

		$failingUsers = $this->failingFiles->users($now, $settings['failingHours']);
		foreach (array_keys($failingUsers) as $userId) {
			$userId = (string)$userId;
			if (!isset($notified[self::USER_KEY . $userId])) {
				$this->notifications->notifyUser($userId, $now);
				$notified[self::USER_KEY . $userId] = [$userId];
			}
		}
		foreach (array_keys($notified) as $key) {
			if (str_starts_with($key, self::USER_KEY) && !isset($failingUsers[substr($key, strlen(self::USER_KEY))])) {
				$this->notifications->withdrawUser(substr($key, strlen(self::USER_KEY)));
				unset($notified[$key]);
			} elseif (!str_starts_with($key, self::USER_KEY) && !isset($current[$key])) {
				unset($notified[$key]);
			}
		}
		$this->store->saveNotified($notified);
		return $current;
	}
}

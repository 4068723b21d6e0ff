<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tripwire;

use OCA\Mirror\Activity\ActivityPublisher;
use OCA\Mirror\AppInfo\Application;
use OCA\Mirror\Exception\HeldException;
use OCA\Mirror\Health\HealthNotifications;
use OCA\Mirror\Health\HealthSettings;
use OCP\AppFramework\Utility\ITimeFactory;
use OCP\DB\Exception as DbException;
use OCP\IAppConfig;

/**
 * The ransomware and mass-change tripwire. Every overwrite, deletion and rename that reaches the
 * worker asks it first. Above the thresholds within an hour, or when a photo's new content no longer
 * looks like a photo, it trips: that user's destructive changes are held (new files still go
 * through), so the mirror keeps the last good state until an admin looks and releases them.
 *
 * Changes are counted per target: each target applies the same user change once, so the thresholds
 * mean "changes to one mirror copy of the user's files", however many drives there are. The hold is
 * per user: a trip on any target holds the user's destructive changes on every target.
 */
class Tripwire {
	public const REASON_RATE = 'rate';
	public const REASON_SIGNATURE = 'signature';
	private const WINDOW = 3600;
	/** setting => [app config key, default] */
	public const SETTINGS = [
		'maxChanges' => ['tripwire_max_changes', 200],
		'percent' => ['tripwire_percent', 20],
		'minChanges' => ['tripwire_min_changes', 20],
	];

	public function __construct(
		private TripwireMapper $mapper,
		private TripwireCountMapper $counts,
		private IAppConfig $config,
		private ITimeFactory $time,
		private HealthNotifications $notifications,
		private HealthSettings $health,
		private ActivityPublisher $activity,
	) {
	}

	/**
	 * Asks before one destructive change of a user's mirror on one target (or $count at once: a folder).
	 *
	 * @param callable(): int $userFiles how many files the user has on this target (asked only when the share threshold matters)
	 * @param string|null $damaged a file whose new content does not match its type: trips at once
	 * @throws HeldException the change must not be applied now, on this target or any other
	 */
	public function permit(string $userId, int $targetId, callable $userFiles, int $count = 1, ?string $damaged = null): void {
		$now = $this->time->getTime();
		// read each time: a release or a trip by another worker is seen at once
		$state = $this->mapper->findByUser($userId);
		if ($state !== null && $state->getDisabledUntil() !== null && $state->getDisabledUntil() > $now) {
			return; // an admin switched it off for this user, for a while (a big reorganisation)
		}
		if ($state !== null && $state->getTrippedAt() !== null) {
			throw new HeldException($userId, $state->getTrippedAt());
		}
		$reason = $damaged !== null ? self::REASON_SIGNATURE : $this->count($userId, $targetId, $userFiles, $count, $now);
		if ($reason !== null) {
			$this->trip($state ?? $this->create($userId, $now), $reason, $damaged, $now);
			throw new HeldException($userId, $now);
		}
	}

	/**
	 * Counts $count changes to the user's copy on one target within the hour.
	 *
	 * @param callable(): int $userFiles
	 * @return string|null REASON_RATE when they are too many
	 */
	private function count(string $userId, int $targetId, callable $userFiles, int $count, int $now): ?string {
		$tally = $this->counts->findOne($userId, $targetId) ?? $this->createCount($userId, $targetId, $now);
		if ($now - $tally->getWindowStart() >= self::WINDOW) {
			$this->counts->restartWindow($tally->getId(), $tally->getWindowStart(), $now);
		}
		// counted in the database: workers applying the user's changes at once lose none
		$changes = $this->counts->add($tally->getId(), $count);
		$settings = $this->settings();
		if ($changes > $settings['maxChanges']
			|| ($changes >= $settings['minChanges'] && $changes * 100 > $settings['percent'] * max(1, $userFiles()))) {
			return self::REASON_RATE;
		}
		return null;
	}

	/**
	 * @return list<string> the users held now
	 */
	public function heldUsers(): array {
		return array_map(static fn (TripwireState $s): string => $s->getUserId(), $this->mapper->findTripped());
	}

	/**
	 * @return list<TripwireState>
	 */
	public function tripped(): array {
		return $this->mapper->findTripped();
	}

	public function stateOf(string $userId): ?TripwireState {
		return $this->mapper->findByUser($userId);
	}

	/**
	 * An admin looked: the hold ends. The caller applies or drops the held changes.
	 *
	 * @return bool false when the user was not held
	 */
	public function release(string $userId): bool {
		$state = $this->mapper->findByUser($userId);
		if ($state === null || $state->getTrippedAt() === null) {
			return false;
		}
		$state->setTrippedAt(null);
		$state->setReason(null);
		$state->setDetail(null);
		$this->mapper->update($state);
		// the count starts again on every target
		$this->counts->deleteByUser($userId);
		$this->notifications->withdrawTripwire($userId);
		return true;
	}

	/**
	 * A user was deleted: their hold and counts go with them.
	 */
	public function forgetUser(string $userId): void {
		$this->counts->deleteByUser($userId);
		$this->mapper->deleteByUser($userId);
	}

	/**
	 * A target was removed: its counts go with it (a hold stays: it is the user's, for every target).
	 */
	public function forgetTarget(int $targetId): void {
		$this->counts->deleteByTarget($targetId);
	}

	/**
	 * Switches the tripwire off for one user until $until (0: on again now).
	 */
	public function disableUntil(string $userId, int $until): void {
		$state = $this->mapper->findByUser($userId) ?? $this->create($userId, $this->time->getTime());
		$state->setDisabledUntil($until > 0 ? $until : null);
		$this->mapper->update($state);
	}

	/**
	 * @return array{maxChanges: int, percent: int, minChanges: int}
	 */
	public function settings(): array {
		$out = [];
		foreach (self::SETTINGS as $name => [$key, $default]) {
			$value = trim($this->config->getValueString(Application::APP_ID, $key, (string)$default));
			$out[$name] = ctype_digit($value) && (int)$value >= 1 ? (int)$value : $default;
		}
		/** @var array{maxChanges: int, percent: int, minChanges: int} $out */
		return $out;
	}

	private function trip(TripwireState $state, string $reason, ?string $detail, int $now): void {
		$state->setTrippedAt($now);
		$state->setReason($reason);
		$state->setDetail($detail === null ? null : mb_substr($detail, 0, 4000));
		$this->mapper->update($state);
		$this->notifications->notifyTripwire($state->getUserId(), $now, $this->health->recipients());
		$this->activity->tripwireHeld($state->getUserId(), $reason);
	}

	private function create(string $userId, int $now): TripwireState {
		$state = new TripwireState();
		$state->setUserId($userId);
		$state->setWindowStart($now); // no longer read, but the column may not be empty
		$state->setChanges(0);
		try {
			return $this->mapper->insert($state);
		} catch (DbException $e) {
			// another worker made the row first
			$existing = $this->mapper->findByUser($userId);
			if ($existing === null) {
				throw $e;
			}
			return $existing;
		}
	}

	private function createCount(string $userId, int $targetId, int $now): TripwireCount {
		$tally = new TripwireCount();
		$tally->setUserId($userId);
		$tally->setTargetId($targetId);
		$tally->setWindowStart($now);
		$tally->setChanges(0);
		try {
			return $this->counts->insert($tally);
		} catch (DbException $e) {
			// another worker made the row first
			$existing = $this->counts->findOne($userId, $targetId);
			if ($existing === null) {
				throw $e;
			}
			return $existing;
		}
	}
}

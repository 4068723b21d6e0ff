<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Source\External;

use OCA\Mirror\Db\ExternalApplicable;
use OCA\Mirror\Db\ExternalStorage;
use OCA\Mirror\Db\ExternalStorageDirectory;
use OCA\Mirror\Queue\WorkQueue;
use OCA\Mirror\ResponseDefinitions;
use OCA\Mirror\Source\ExternalStorages;
use OCP\IL10N;

/**
 * @psalm-import-type MirrorExternalStorage from ResponseDefinitions
 *
 * How the admin wants each external storage mirrored (occ mirror:external:*, the admin page): off (the
 * default), once under its own owner ("shared"), or as part of the files of each user it is mounted for
 * ("users": one copy per user). Switched on, it is compared at once (a scan and a comparison per target, by
 * the worker); switched off, nothing is deleted now: its copies go to the mirror trash at the next reconcile,
 * as for an exclusion. Switched to the other layout, each copy of the old one goes to the mirror trash as its
 * file is copied in the new one (the worker moves a copy whose user no longer holds the file so).
 */
class ExternalStorageModes {
	public function __construct(
		private readonly ExternalStorageDirectory $directory,
		private readonly ExternalStorages $storages,
		private readonly WorkQueue $queue,
		private readonly ExternalApplicable $applicable,
		private readonly IL10N $l,
	) {
	}

	/**
	 * Why a mode can't be chosen for a storage, for occ and the API alike; null when it can.
	 *
	 * @return array{code: 'mode_invalid'|'mount_point_too_long'|'mount_point_taken', message: string}|null
	 */
	public function refusal(ExternalStorage $storage, string $mode): ?array {
		if (!in_array($mode, ExternalStorage::MODES, true)) {
			return ['code' => 'mode_invalid', 'message' => $this->l->t('The mode must be off, users or shared.')];
		}
		if ($mode === ExternalStorage::SHARED && $storage->owner === null) {
			return ['code' => 'mount_point_too_long', 'message' => $this->l->t('The mount point of external storage %d is too long for Mirror\'s records (45 bytes at most): rename it to mirror it.', [$storage->id])];
		}
		$taken = $mode === ExternalStorage::SHARED ? $this->sharedUnder($storage) : null;
		if ($taken !== null) {
			// two users' personal storages "/Disk" (or an admin's beside one): one owner id, "Disk (external storage)"
			return ['code' => 'mount_point_taken', 'message' => $this->l->t('External storage %1$d is already mirrored once under the name "%2$s". Mirror this one under the user it is mounted for (users), or give it another mount point.', [$taken->id, $storage->mountPoint])];
		}
		return null;
	}

	/** How many users the storage is mounted for: in "users", how many copies of it are made. */
	public function mountedFor(ExternalStorage $storage): int {
		return $this->applicable->count($storage->id);
	}

	/** Another storage mirrored once under the owner id this one would take (the same mount point); null when there is none. */
	private function sharedUnder(ExternalStorage $storage): ?ExternalStorage {
		foreach ($this->directory->all() as $other) {
			if ($other->id !== $storage->id && $other->shared() && $other->owner === $storage->owner) {
				return $other;
			}
		}
		return null;
	}

	/** By mount id or mount point; null when there is no such storage. */
	public function find(string $name): ?ExternalStorage {
		$this->directory->forget();
		return $this->directory->byName($name);
	}

	/**
	 * @param ExternalStorage::OFF|ExternalStorage::USERS|ExternalStorage::SHARED $mode checked with refusal() first
	 * @return ExternalStorage the storage as it is now
	 */
	public function set(ExternalStorage $storage, string $mode): ExternalStorage {
		$this->directory->setMode($storage->id, $mode);
		$this->applicable->forget();
		$now = $this->directory->byId($storage->id) ?? $storage;
		// scanned and compared with every target by the worker: the storage's owner, or each of its users' files
		foreach ($now->shared() ? [(string)$now->owner] : $this->applicable->mirroredFor($now) as $user) {
			$this->queue->enqueueUser($user);
		}
		return $now;
	}

	/**
	 * Every external storage with its mode and what the file cache holds of it.
	 *
	 * @return list<MirrorExternalStorage>
	 */
	public function list(): array {
		$this->directory->forget();
		$out = [];
		foreach ($this->storages->all() as $row) {
			$storage = $this->directory->byId($row['id']);
			$mode = match ($storage?->mode) {
				ExternalStorage::SHARED => ExternalStorage::SHARED,
				ExternalStorage::USERS => ExternalStorage::USERS,
				default => ExternalStorage::OFF,
			};
			$out[] = $row + ['mode' => $mode, 'owner' => $storage?->owner, 'mountedFor' => $this->applicable->count($row['id'])];
		}
		return $out;
	}

	/**
	 * One storage as list() gives it; null when there is none with this mount id.
	 *
	 * @return MirrorExternalStorage|null
	 */
	public function listed(int $id): ?array {
		foreach ($this->list() as $row) {
			if ($row['id'] === $id) {
				return $row;
			}
		}
		return null;
	}
}

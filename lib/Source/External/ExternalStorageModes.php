<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Source\External;

use OCA\Mirror\Db\ExternalStorage;
use OCA\Mirror\Db\ExternalStorageDirectory;
use OCA\Mirror\Queue\WorkQueue;
use OCA\Mirror\ResponseDefinitions;
use OCA\Mirror\Source\ExternalStorages;

/**
 * @psalm-import-type MirrorExternalStorage from ResponseDefinitions
 *
 * How the admin wants each external storage mirrored (occ mirror:external:*, the admin page): off (the
 * default), or once under its own owner. Switched on, it is compared at once (a scan and a comparison per
 * target, by the worker); switched off, nothing is deleted now: its copies go to the mirror trash at the
 * next reconcile, as for an exclusion.
 */
class ExternalStorageModes {
	/** the modes that can be chosen now ("users" is not built yet) */
	public const AVAILABLE = [ExternalStorage::OFF, ExternalStorage::SHARED];

	public function __construct(
		private readonly ExternalStorageDirectory $directory,
		private readonly ExternalStorages $storages,
		private readonly WorkQueue $queue,
	) {
	}

	/** By mount id or mount point; null when there is no such storage. */
	public function find(string $name): ?ExternalStorage {
		$this->directory->forget();
		return $this->directory->byName($name);
	}

	/**
	 * @param ExternalStorage::OFF|ExternalStorage::SHARED $mode
	 * @return ExternalStorage the storage as it is now
	 */
	public function set(ExternalStorage $storage, string $mode): ExternalStorage {
		$this->directory->setMode($storage->id, $mode);
		$now = $this->directory->byId($storage->id) ?? $storage;
		if ($now->shared()) {
			$this->queue->enqueueUser((string)$now->owner); // scanned and compared with every target by the worker
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
			$out[] = $row + ['mode' => $mode, 'owner' => $storage?->owner];
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

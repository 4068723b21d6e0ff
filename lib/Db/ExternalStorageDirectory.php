<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Db;

use OCA\Mirror\AppInfo\Application;
use OCP\App\IAppManager;
use OCP\IAppConfig;
use OCP\IDBConnection;

/**
 * The external storages there are (files_external's own table, read only: its services are not public
 * API), each with the mode the admin chose for it (app config `external_mode_<mount id>`, off when unset),
 * remembered for the process: none while files_external is disabled.
 */
class ExternalStorageDirectory {
	public const APP = 'files_external';
	private const TABLE = 'external_mounts';
	private const KEY_PREFIX = 'external_mode_';
	/** a long-running worker (mirror:process --watch) reads the table and the modes again after this */
	private const STALE_SECONDS = 30;

	/** @var array<int, ExternalStorage>|null mount id => storage */
	private ?array $storages = null;
	private int $loadedAt = 0;

	public function __construct(
		private readonly IDBConnection $db,
		private readonly IAppManager $apps,
		private readonly IAppConfig $config,
	) {
	}

	/** @return array<int, ExternalStorage> mount id => storage, in mount id order */
	public function all(): array {
		if ($this->storages !== null && time() - $this->loadedAt >= self::STALE_SECONDS) {
			$this->storages = null;
		}
		if ($this->storages === null) {
			$this->storages = [];
			$this->loadedAt = time();
			if ($this->apps->isEnabledForAnyone(self::APP) && $this->db->tableExists(self::TABLE)) {
				$qb = $this->db->getQueryBuilder();
				$qb->select('mount_id', 'mount_point', 'storage_backend', 'type')->from(self::TABLE)->orderBy('mount_id');
				$result = $qb->executeQuery();
				while ($row = $result->fetch()) {
					$id = (int)$row['mount_id'];
					$mountPoint = trim((string)$row['mount_point'], '/');
					$this->storages[$id] = new ExternalStorage($id, $mountPoint, (string)$row['storage_backend'],
						ExternalStorageOwner::forMountPoint($mountPoint), $this->mode($id), (int)$row['type']);
				}
				$result->closeCursor();
			}
		}
		return $this->storages;
	}

	/** @return list<string> the owner ids of the storages mirrored once, under their own owner */
	public function sharedOwners(): array {
		$owners = [];
		foreach ($this->all() as $storage) {
			if ($storage->shared()) {
				$owners[] = (string)$storage->owner;
			}
		}
		return $owners;
	}

	/**
	 * @return list<string> the owner ids of every storage Mirror can name, mirrored or not: the reconcile
	 *                      compares them all, so that the copies of one switched off go to the mirror trash
	 */
	public function owners(): array {
		return array_values(array_filter(array_map(static fn (ExternalStorage $s): ?string => $s->owner, $this->all()), static fn (?string $o): bool => $o !== null));
	}

	public function byId(int $id): ?ExternalStorage {
		return $this->all()[$id] ?? null;
	}

	/** The storage with this owner id, whatever its mode; null for a user's or a group folder's. */
	public function byOwner(string $owner): ?ExternalStorage {
		if (!ExternalStorageOwner::isExternal($owner)) {
			return null;
		}
		foreach ($this->all() as $storage) {
			if ($storage->owner === $owner) {
				return $storage;
			}
		}
		return null;
	}

	/** The storage mirrored under this owner id now; null when there is none, or it is not mirrored. */
	public function sharedByOwner(string $owner): ?ExternalStorage {
		$storage = $this->byOwner($owner);
		return $storage !== null && $storage->shared() ? $storage : null;
	}

	/** By mount id or mount point, as an admin names it (occ). */
	public function byName(string $name): ?ExternalStorage {
		if (ctype_digit($name)) {
			return $this->byId((int)$name);
		}
		foreach ($this->all() as $storage) {
			if ($storage->mountPoint === trim($name, '/')) {
				return $storage;
			}
		}
		return null;
	}

	/**
	 * @param ExternalStorage::OFF|ExternalStorage::USERS|ExternalStorage::SHARED $mode
	 */
	public function setMode(int $id, string $mode): void {
		if ($mode === ExternalStorage::OFF) {
			$this->config->deleteKey(Application::APP_ID, self::KEY_PREFIX . $id);
		} else {
			$this->config->setValueString(Application::APP_ID, self::KEY_PREFIX . $id, $mode);
		}
		$this->forget();
	}

	/** Reads the table and the modes again. */
	public function forget(): void {
		$this->storages = null;
	}

	private function mode(int $id): string {
		$mode = $this->config->getValueString(Application::APP_ID, self::KEY_PREFIX . $id, ExternalStorage::OFF);
		return in_array($mode, ExternalStorage::MODES, true) ? $mode : ExternalStorage::OFF;
	}
}

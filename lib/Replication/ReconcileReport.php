<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Replication;

/**
 * What a comparison of Nextcloud, the records and a target found.
 */
final class ReconcileReport implements \JsonSerializable {
	public int $files = 0;
	/** in Nextcloud, never copied */
	public int $missing = 0;
	/** content changed in Nextcloud since the copy */
	public int $changed = 0;
	/** renamed or moved in Nextcloud */
	public int $moved = 0;
	/** recorded, but gone from Nextcloud: the copy belongs in the mirror trash */
	public int $deleted = 0;
	/** recorded, but left out now (an exclusion): the copy belongs in the mirror trash */
	public int $excluded = 0;
	/** in Nextcloud, left out and not on the mirror */
	public int $leftOut = 0;
	/** recorded, but missing on the drive */
	public int $mirrorMissing = 0;
	/** recorded, but changed on the drive (size or modification time) */
	public int $mirrorChanged = 0;
	public bool $mirrorChecked = false;
	/** @var list<array{userId: string, targetId: int, fileId: int, path: string, reason: string}> */
	public array $differences = [];

	public function add(string $userId, int $targetId, int $fileId, string $path, string $reason): void {
		match ($reason) {
			'missing' => $this->missing++,
			'changed' => $this->changed++,
			'moved' => $this->moved++,
			'deleted' => $this->deleted++,
			'excluded' => $this->excluded++,
			'mirror_missing' => $this->mirrorMissing++,
			'mirror_changed' => $this->mirrorChanged++,
			default => null,
		};
		if (count($this->differences) < 10000) {
			$this->differences[] = ['userId' => $userId, 'targetId' => $targetId, 'fileId' => $fileId, 'path' => $path, 'reason' => $reason];
		}
	}

	public function total(): int {
		return $this->missing + $this->changed + $this->moved + $this->deleted + $this->excluded + $this->mirrorMissing + $this->mirrorChanged;
	}

	public function merge(self $other): void {
		foreach (['files', 'missing', 'changed', 'moved', 'deleted', 'excluded', 'leftOut', 'mirrorMissing', 'mirrorChanged'] as $field) {
			$this->$field += $other->$field;
		}
		$this->mirrorChecked = $this->mirrorChecked || $other->mirrorChecked;
		foreach ($other->differences as $difference) {
			if (count($this->differences) < 10000) {
				$this->differences[] = $difference;
			}
		}
	}

	/**
	 * @return array<string, mixed>
	 */
	#[\Override]
	public function jsonSerialize(): array {
		return [
			'files' => $this->files,
			'missing' => $this->missing,
			'changed' => $this->changed,
			'moved' => $this->moved,
			'deleted' => $this->deleted,
			'excluded' => $this->excluded,
			'leftOut' => $this->leftOut,
			'mirrorMissing' => $this->mirrorMissing,
			'mirrorChanged' => $this->mirrorChanged,
			'mirrorChecked' => $this->mirrorChecked,
			'differences' => $this->differences,
		];
	}
}

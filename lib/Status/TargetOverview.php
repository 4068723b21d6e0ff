<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Status;

use OCA\Mirror\Db\Target;
use OCA\Mirror\Db\TargetMapper;
use OCA\Mirror\Exception\TargetNotFoundException;
use OCA\Mirror\ResponseDefinitions;
use OCP\AppFramework\Db\DoesNotExistException;

/**
 * Each target as the admin page shows it: its status (state checked now, pending, failed, last
 * copy) and the progress of a running resync.
 *
 * @psalm-import-type MirrorTarget from ResponseDefinitions
 * @psalm-import-type MirrorTargetStatus from StatusService
 */
class TargetOverview {
	public function __construct(
		private StatusService $status,
		private TargetMapper $targets,
		private ResyncProgress $resync,
	) {
	}

	/**
	 * @return list<MirrorTarget>
	 */
	public function all(): array {
		$byId = [];
		foreach ($this->targets->findAll() as $target) {
			$byId[$target->getId()] = $target;
		}
		$out = [];
		foreach ($this->status->targets() as $row) {
			$target = $byId[$row['id']] ?? null;
			if ($target !== null) {
				$out[] = $this->withResync($row, $target);
			}
		}
		return $out;
	}

	/**
	 * @return MirrorTarget
	 * @throws TargetNotFoundException
	 */
	public function one(int $id): array {
		try {
			$target = $this->targets->findById($id);
		} catch (DoesNotExistException) {
			throw new TargetNotFoundException('There is no mirror target with id ' . $id . '.');
		}
		foreach ($this->status->targets() as $row) {
			if ($row['id'] === $id) {
				return $this->withResync($row, $target);
			}
		}
		throw new TargetNotFoundException('There is no mirror target with id ' . $id . '.');
	}

	/**
	 * @param MirrorTargetStatus $row
	 * @return MirrorTarget
	 */
	private function withResync(array $row, Target $target): array {
		/** @var MirrorTarget */
		return $row + ['resync' => $this->resync->progress($target, $row['pending'])];
	}
}

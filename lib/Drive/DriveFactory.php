<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive;

use OCA\Mirror\Db\ReplicaMapper;
use OCA\Mirror\Db\Target;
use OCP\AppFramework\Utility\ITimeFactory;
use OCP\IBinaryFinder;
use OCP\IConfig;

/**
 * Hands out the Drive of a target. Within one process the same target gets the same Drive, so
 * the marker read at the start of a batch covers the batch (each operation still checks that
 * the drive it proved is the one mounted).
 */
class DriveFactory {
	/** @var array<string, Drive> */
	private array $drives = [];

	public function __construct(
		private readonly IConfig $config,
		private readonly ITimeFactory $time,
		private readonly IBinaryFinder $binaries,
		/** what the records say about names on a target's drive (none: only the drive is looked at) */
		private readonly ?ReplicaMapper $replicas = null,
		/** the mirror trash's records, told when a file of a drive's trash is renamed aside (none: not told) */
		private readonly ?TrashRecords $trashRecords = null,
	) {
	}

	public function forTarget(Target $target): Drive {
		$key = implode("\0", [(string)$target->getId(), $target->getUuid(), $target->getPath(), $target->getEnabled() ? '1' : '0', (string)$target->getNode()]);
		if ($target->getId() === null) {
			return $this->create($target);
		}
		return $this->drives[$key] ??= $this->create($target);
	}

	public function instanceId(): string {
		return $this->config->getSystemValueString('instanceid', '');
	}

	private function create(Target $target): Drive {
		$records = $this->replicas === null || $target->getId() === null ? null : new ReplicaNameRecords($this->replicas, (int)$target->getId());
		return new Drive($target, $this->instanceId(), $this->time, $this->binaries, $records, null, $this->trashRecords);
	}
}

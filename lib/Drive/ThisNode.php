<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive;

use OCA\Mirror\Db\NodeHeartbeats;
use OCA\Mirror\Db\Target;

/**
 * The server this process runs on, by its host name. With several web servers sharing one database, a
 * drive is plugged into one of them: only that node copies to it and judges it online or offline.
 */
class ThisNode {
	private ?string $name = null;

	public function name(): string {
		return $this->name ??= substr(gethostname() ?: 'localhost', 0, NodeHeartbeats::NODE_LENGTH);
	}

	/** Whether this server holds the target's drive (a target without a node: any server does). */
	public function holds(Target $target): bool {
		return $target->belongsTo($this->name());
	}

	/**
	 * @param list<Target> $targets
	 * @return list<Target> those whose drive this server holds
	 */
	public function filter(array $targets): array {
		return array_values(array_filter($targets, fn (Target $t): bool => $this->holds($t)));
	}
}

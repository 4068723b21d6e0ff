<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tripwire;

use OCA\Mirror\Db\InsertsEveryField;
use OCP\AppFramework\Db\Entity;
use OCP\DB\Types;

/**
 * The destructive changes the tripwire let through to one mirror copy of a user's files (one target)
 * in the current hour. Each target applies the same user change once, so the thresholds are counted
 * per target: with three drives one rename is one change, not three.
 *
 * @method string getUserId()
 * @method void setUserId(string $userId)
 * @method int getTargetId()
 * @method void setTargetId(int $targetId)
 * @method int getWindowStart()
 * @method void setWindowStart(int $windowStart)
 * @method int getChanges()
 * @method void setChanges(int $changes)
 */
class TripwireCount extends Entity {
	use InsertsEveryField;

	public const TABLE_NAME = 'mirror_tripwire_counts';

	protected string $userId = '';
	protected int $targetId = 0;
	protected int $windowStart = 0;
	protected int $changes = 0;

	public function __construct() {
		$this->addType('userId', Types::STRING);
		$this->addType('targetId', Types::BIGINT);
		$this->addType('windowStart', Types::BIGINT);
		$this->addType('changes', Types::INTEGER);
		$this->markEveryFieldForInsert();
	}
}

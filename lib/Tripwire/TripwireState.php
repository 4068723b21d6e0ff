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
 * The tripwire's view of one user: whether it tripped (and why), and whether an admin switched it
 * off for a while. The changes are counted per target in TripwireCount; windowStart and changes here
 * counted them for all targets together until 0.4.0 and are no longer read.
 *
 * @method string getUserId()
 * @method void setUserId(string $userId)
 * @method int getWindowStart()
 * @method void setWindowStart(int $windowStart)
 * @method int getChanges()
 * @method void setChanges(int $changes)
 * @method int|null getTrippedAt()
 * @method void setTrippedAt(?int $trippedAt)
 * @method string|null getReason()
 * @method void setReason(?string $reason)
 * @method string|null getDetail()
 * @method void setDetail(?string $detail)
 * @method int|null getDisabledUntil()
 * @method void setDisabledUntil(?int $disabledUntil)
 */
class TripwireState extends Entity {
	use InsertsEveryField;

	public const TABLE_NAME = 'mirror_tripwire';

	protected string $userId = '';
	protected int $windowStart = 0;
	protected int $changes = 0;
	protected ?int $trippedAt = null;
	/** rate or signature */
	protected ?string $reason = null;
	/** the file whose content did not match its type, for a signature trip */
	protected ?string $detail = null;
	protected ?int $disabledUntil = null;

	public function __construct() {
		$this->addType('userId', Types::STRING);
		$this->addType('windowStart', Types::BIGINT);
		$this->addType('changes', Types::INTEGER);
		$this->addType('trippedAt', Types::BIGINT);
		$this->addType('reason', Types::STRING);
		$this->addType('detail', Types::STRING);
		$this->addType('disabledUntil', Types::BIGINT);
		$this->markEveryFieldForInsert();
	}
}

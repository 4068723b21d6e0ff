<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Queue;

use OCP\AppFramework\Db\Entity;
use OCP\DB\Types;

/**
 * One unit of pending work for one target: "make the mirror agree with Nextcloud for this file
 * (or folder, or user)". Items are idempotent: processing looks at what Nextcloud holds now.
 *
 * @method int getTargetId()
 * @method void setTargetId(int $targetId)
 * @method string getUserId()
 * @method void setUserId(string $userId)
 * @method int getFileId()
 * @method void setFileId(int $fileId)
 * @method string getKind()
 * @method void setKind(string $kind)
 * @method string|null getPath()
 * @method void setPath(?string $path)
 * @method int getGeneration()
 * @method void setGeneration(int $generation)
 * @method int getAttempts()
 * @method void setAttempts(int $attempts)
 * @method int getNextAttemptAt()
 * @method void setNextAttemptAt(int $nextAttemptAt)
 * @method string|null getLastError()
 * @method void setLastError(?string $lastError)
 * @method string|null getErrorCode()
 * @method void setErrorCode(?string $errorCode)
 * @method int|null getSizeHint()
 * @method void setSizeHint(?int $sizeHint)
 * @method string|null getClaimedBy()
 * @method void setClaimedBy(?string $claimedBy)
 * @method int|null getClaimedAt()
 * @method void setClaimedAt(?int $claimedAt)
 * @method int|null getFailedSince()
 * @method void setFailedSince(?int $failedSince)
 * @method int getCreatedAt()
 * @method void setCreatedAt(int $createdAt)
 */
class QueueItem extends Entity {
	public const TABLE_NAME = 'mirror_queue';

	/** Bring one file's mirror copy up to date (copy, rename, or move to the mirror trash). */
	public const KIND_FILE = 'file';
	/** Expand a folder into one KIND_FILE item per file below it. */
	public const KIND_TREE = 'tree';
	/** A folder was renamed: rename its mirror folder once (path = the old path). */
	public const KIND_MOVE = 'move';
	/** A folder was deleted: move its mirror folder to the mirror trash (path = its path). */
	public const KIND_DELETE_TREE = 'delete_tree';
	/** Compare everything of one user with the records and queue the differences. */
	public const KIND_USER = 'user';
	/** Like KIND_USER, and also look at every recorded copy on the drive (a resync). */
	public const KIND_USER_DRIVE = 'user_drive';

	/** The error code of an item the tripwire holds (not a failure: no attempt is used up). */
	public const HELD = 'held';

	protected int $targetId = 0;
	protected string $userId = '';
	protected int $fileId = 0;
	protected string $kind = self::KIND_FILE;
	protected ?string $path = null;
	protected int $generation = 0;
	protected int $attempts = 0;
	protected int $nextAttemptAt = 0;
	protected ?string $lastError = null;
	protected ?string $errorCode = null;
	/** JSON object: the failure's parameters (see ReplicationException) */
	protected ?string $errorParams = null;
	protected ?int $sizeHint = null;
	protected ?string $claimedBy = null;
	protected ?int $claimedAt = null;
	protected int $createdAt = 0;
	/** when the item first failed (null: it has not) */
	protected ?int $failedSince = null;

	public function __construct() {
		$this->addType('targetId', Types::BIGINT);
		$this->addType('userId', Types::STRING);
		$this->addType('fileId', Types::BIGINT);
		$this->addType('kind', Types::STRING);
		$this->addType('path', Types::STRING);
		$this->addType('generation', Types::INTEGER);
		$this->addType('attempts', Types::INTEGER);
		$this->addType('nextAttemptAt', Types::BIGINT);
		$this->addType('lastError', Types::TEXT);
		$this->addType('errorCode', Types::STRING);
		$this->addType('errorParams', Types::TEXT);
		$this->addType('sizeHint', Types::BIGINT);
		$this->addType('claimedBy', Types::STRING);
		$this->addType('claimedAt', Types::BIGINT);
		$this->addType('createdAt', Types::BIGINT);
		$this->addType('failedSince', Types::BIGINT);
	}

	/**
	 * Failed (or held by the tripwire): the error code is the flag. last_error is only the English
	 * sentence of a row that failed before codes were stored.
	 */
	public function isFailed(): bool {
		return $this->errorCode !== null;
	}

	/**
	 * The failure's parameters; empty for items that failed before they were recorded.
	 *
	 * @return array<string, string|int>
	 */
	public function errorParameters(): array {
		$params = $this->errorParams === null ? null : json_decode($this->errorParams, true);
		return is_array($params) ? array_filter($params, static fn ($v): bool => is_string($v) || is_int($v)) : [];
	}
}

<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Restore;

use OCA\Mirror\Db\InsertsEveryField;
use OCP\AppFramework\Db\Entity;
use OCP\DB\Types;

/**
 * One restore started from the admin page: what was asked (user, target, path, version, into, mode)
 * and how far the background job got. The counts are those of the latest attempt: a restore picked
 * up again after the server died counts what the first attempt restored as "already there".
 *
 * @method string getUserId()
 * @method void setUserId(string $userId)
 * @method int getTargetId()
 * @method void setTargetId(int $targetId)
 * @method void setPath(string $path)
 * @method string getVersion()
 * @method void setVersion(string $version)
 * @method void setIntoPath(string $intoPath)
 * @method string getMode()
 * @method void setMode(string $mode)
 * @method string getState()
 * @method void setState(string $state)
 * @method void setRequestedBy(string $requestedBy)
 * @method int|null getTotal()
 * @method void setTotal(?int $total)
 * @method int getRestored()
 * @method void setRestored(int $restored)
 * @method int getSkipped()
 * @method void setSkipped(int $skipped)
 * @method int getMismatched()
 * @method void setMismatched(int $mismatched)
 * @method int getFailed()
 * @method void setFailed(int $failed)
 * @method int getBytes()
 * @method void setBytes(int $bytes)
 * @method string|null getCurrentFile()
 * @method void setCurrentFile(?string $currentFile)
 * @method string|null getErrors()
 * @method void setErrors(?string $errors)
 * @method string|null getMessage()
 * @method void setMessage(?string $message)
 * @method int getAttempts()
 * @method void setAttempts(int $attempts)
 * @method string|null getClaimedBy()
 * @method void setClaimedBy(?string $claimedBy)
 * @method int|null getHeartbeatAt()
 * @method void setHeartbeatAt(?int $heartbeatAt)
 * @method int getCreatedAt()
 * @method void setCreatedAt(int $createdAt)
 * @method int|null getStartedAt()
 * @method void setStartedAt(?int $startedAt)
 * @method int|null getFinishedAt()
 * @method void setFinishedAt(?int $finishedAt)
 */
class RestoreRun extends Entity {
	use InsertsEveryField;

	public const TABLE_NAME = 'mirror_restores';

	public const QUEUED = 'queued';
	public const RUNNING = 'running';
	public const DONE = 'done';
	public const FAILED = 'failed';

	protected string $userId = '';
	protected int $targetId = 0;
	/** '' for all files; read back as null where the database stores '' as NULL (Oracle) */
	protected ?string $path = '';
	protected string $version = '';
	protected ?string $intoPath = '';
	protected string $mode = '';
	protected string $state = self::QUEUED;
	protected ?string $requestedBy = '';
	protected ?int $total = null;
	protected int $restored = 0;
	protected int $skipped = 0;
	protected int $mismatched = 0;
	protected int $failed = 0;
	protected int $bytes = 0;
	protected ?string $currentFile = null;
	/** JSON: the first files that were not restored, with why */
	protected ?string $errors = null;
	/** why the whole restore failed */
	protected ?string $message = null;
	protected int $attempts = 0;
	protected ?string $claimedBy = null;
	protected ?int $heartbeatAt = null;
	protected int $createdAt = 0;
	protected ?int $startedAt = null;
	protected ?int $finishedAt = null;

	public function __construct() {
		foreach (['userId', 'path', 'version', 'intoPath', 'mode', 'state', 'requestedBy', 'currentFile', 'errors', 'message', 'claimedBy'] as $field) {
			$this->addType($field, Types::STRING);
		}
		foreach (['targetId', 'total', 'restored', 'skipped', 'mismatched', 'failed', 'bytes', 'heartbeatAt', 'createdAt', 'startedAt', 'finishedAt'] as $field) {
			$this->addType($field, Types::BIGINT);
		}
		$this->addType('attempts', Types::INTEGER);
		$this->markEveryFieldForInsert();
	}

	public function getPath(): string {
		return $this->path ?? '';
	}

	public function getIntoPath(): string {
		return $this->intoPath ?? '';
	}

	public function getRequestedBy(): string {
		return $this->requestedBy ?? '';
	}

	public function isFinished(): bool {
		return $this->state === self::DONE || $this->state === self::FAILED;
	}
}

<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Trash;

use OCA\Mirror\Db\InsertsEveryField;
use OCA\Mirror\Db\Replica;
use OCP\AppFramework\Db\Entity;
use OCP\DB\Types;

/**
 * A copy that went to the mirror trash: deleted in Nextcloud, or the old content of a file that
 * was overwritten (or stood where another file arrived). Its bytes are on the drive at
 * <target>/.mirror-trash/<user folder>/<trash path>.
 *
 * @method int getTargetId()
 * @method void setTargetId(int $targetId)
 * @method string getUserId()
 * @method void setUserId(string $userId)
 * @method int getFileId()
 * @method void setFileId(int $fileId)
 * @method string getPath()
 * @method string getPathHash()
 * @method string getTrashPath()
 * @method void setTrashPath(string $trashPath)
 * @method string getDay()
 * @method void setDay(string $day)
 * @method int getTrashedAt()
 * @method void setTrashedAt(int $trashedAt)
 * @method int getSize()
 * @method void setSize(int $size)
 * @method int getMtime()
 * @method void setMtime(int $mtime)
 * @method string getChecksum()
 * @method void setChecksum(string $checksum)
 * @method string getReason()
 * @method void setReason(string $reason)
 */
class TrashEntry extends Entity implements \JsonSerializable {
	use InsertsEveryField;

	public const TABLE_NAME = 'mirror_trash';

	public const DELETED = 'deleted';
	public const OVERWRITTEN = 'overwritten';
	/** Another file took its place (a rename or a new file at its path). */
	public const REPLACED = 'replaced';

	protected int $targetId = 0;
	protected string $userId = '';
	protected int $fileId = 0;
	/** Where the file was, inside the user's files */
	protected string $path = '';
	protected string $pathHash = '';
	/** Where it is now, below the user's folder in the mirror trash: "2026-12-01/Photos/a.jpg" */
	protected string $trashPath = '';
	/** The dated folder it is in (Y-m-d): what retention prunes by */
	protected string $day = '';
	protected int $trashedAt = 0;
	protected int $size = 0;
	protected int $mtime = 0;
	/** sha256 recorded when the copy was written */
	protected string $checksum = '';
	protected string $reason = self::DELETED;

	public function __construct() {
		$this->addType('targetId', Types::BIGINT);
		$this->addType('userId', Types::STRING);
		$this->addType('fileId', Types::BIGINT);
		$this->addType('path', Types::STRING);
		$this->addType('pathHash', Types::STRING);
		$this->addType('trashPath', Types::STRING);
		$this->addType('day', Types::STRING);
		$this->addType('trashedAt', Types::BIGINT);
		$this->addType('size', Types::BIGINT);
		$this->addType('mtime', Types::BIGINT);
		$this->addType('checksum', Types::STRING);
		$this->addType('reason', Types::STRING);
		$this->markEveryFieldForInsert();
	}

	public function setPath(string $path): void {
		$this->setter('path', [$path]);
		$this->setter('pathHash', [Replica::hashPath($path)]);
	}

	/**
	 * @return array{id: int, targetId: int, userId: string, fileId: int, path: string, trashPath: string, day: string, trashedAt: int, size: int, mtime: int, checksum: string, reason: string}
	 */
	#[\Override]
	public function jsonSerialize(): array {
		return [
			'id' => $this->getId(),
			'targetId' => $this->targetId,
			'userId' => $this->userId,
			'fileId' => $this->fileId,
			'path' => $this->path,
			'trashPath' => $this->trashPath,
			'day' => $this->day,
			'trashedAt' => $this->trashedAt,
			'size' => $this->size,
			'mtime' => $this->mtime,
			'checksum' => $this->checksum,
			'reason' => $this->reason,
		];
	}
}

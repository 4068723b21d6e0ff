<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Db;

use OCP\AppFramework\Db\Entity;
use OCP\DB\Types;

/**
 * The record of one verified copy: one row per file, target and user (the user whose files hold it: one per
 * file, its owner, except on an external storage mirrored for each user it is mounted for).
 *
 * @method int getTargetId()
 * @method void setTargetId(int $targetId)
 * @method string getUserId()
 * @method void setUserId(string $userId)
 * @method int getFileId()
 * @method void setFileId(int $fileId)
 * @method string getPath()
 * @method string|null getPathHash()
 * @method int getSize()
 * @method void setSize(int $size)
 * @method int getMtime()
 * @method void setMtime(int $mtime)
 * @method string getEtag()
 * @method void setEtag(string $etag)
 * @method string getChecksum()
 * @method void setChecksum(string $checksum)
 * @method string|null getDrivePath()
 * @method void setDrivePath(?string $drivePath)
 * @method int getReplicatedAt()
 * @method void setReplicatedAt(int $replicatedAt)
 */
class Replica extends Entity {
	use InsertsEveryField;

	public const TABLE_NAME = 'mirror_replicas';

	protected int $targetId = 0;
	protected string $userId = '';
	protected int $fileId = 0;
	/** Path inside the user's files, as on the mirror below <target>/<uid>/ */
	protected string $path = '';
	/** md5 of the path: what the path is looked up by (an index on a 4000-character column is not portable) */
	protected ?string $pathHash = null;
	protected int $size = 0;
	protected int $mtime = 0;
	/** The source's etag when it was copied: a changed etag means changed content. */
	protected string $etag = '';
	/** sha256 (hex) of the bytes written to the mirror. */
	protected string $checksum = '';
	protected int $replicatedAt = 0;
	/**
	 * Where the copy stands below <target>/<uid>/ when that is not its path with the names the drive
	 * refuses encoded (a case collision's suffix, here or in a folder above); null: the encoded path.
	 */
	protected ?string $drivePath = null;

	public function __construct() {
		$this->addType('targetId', Types::BIGINT);
		$this->addType('userId', Types::STRING);
		$this->addType('fileId', Types::BIGINT);
		$this->addType('path', Types::STRING);
		$this->addType('pathHash', Types::STRING);
		$this->addType('size', Types::BIGINT);
		$this->addType('mtime', Types::BIGINT);
		$this->addType('etag', Types::STRING);
		$this->addType('checksum', Types::STRING);
		$this->addType('replicatedAt', Types::BIGINT);
		$this->addType('drivePath', Types::STRING);
		$this->markEveryFieldForInsert();
	}

	/**
	 * The path, and its hash with it.
	 */
	public function setPath(string $path): void {
		$this->setter('path', [$path]);
		$this->setter('pathHash', [self::hashPath($path)]);
	}

	public static function hashPath(string $path): string {
		return md5($path);
	}
}

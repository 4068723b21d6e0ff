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
 * A mirror target: an absolute directory on the server (a USB drive, an NFS export).
 *
 * @method string getUuid()
 * @method void setUuid(string $uuid)
 * @method string getName()
 * @method void setName(string $name)
 * @method string getPath()
 * @method void setPath(string $path)
 * @method bool getEnabled()
 * @method void setEnabled(bool $enabled)
 * @method int getCreatedAt()
 * @method void setCreatedAt(int $createdAt)
 * @method int|null getResyncRequestedAt()
 * @method void setResyncRequestedAt(?int $resyncRequestedAt)
 */
class Target extends Entity implements \JsonSerializable {
	public const TABLE_NAME = 'mirror_targets';

	protected string $uuid = '';
	protected string $name = '';
	protected string $path = '';
	protected bool $enabled = true;
	protected int $createdAt = 0;
	protected ?int $resyncRequestedAt = null;

	public function __construct() {
		$this->addType('uuid', Types::STRING);
		$this->addType('name', Types::STRING);
		$this->addType('path', Types::STRING);
		$this->addType('enabled', Types::BOOLEAN);
		$this->addType('createdAt', Types::BIGINT);
		$this->addType('resyncRequestedAt', Types::BIGINT);
	}

	/**
	 * @return array{id: int, uuid: string, name: string, path: string, enabled: bool, createdAt: int}
	 */
	#[\Override]
	public function jsonSerialize(): array {
		return [
			'id' => $this->getId(),
			'uuid' => $this->uuid,
			'name' => $this->name,
			'path' => $this->path,
			'enabled' => $this->enabled,
			'createdAt' => $this->createdAt,
		];
	}
}

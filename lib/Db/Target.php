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
 * @method bool|null getOfflineDrive()
 * @method void setOfflineDrive(bool $offlineDrive)
 * @method int|null getPresentSince()
 * @method void setPresentSince(?int $presentSince)
 * @method int|null getLastCompleteAt()
 * @method void setLastCompleteAt(?int $lastCompleteAt)
 * @method string|null getNode()
 * @method void setNode(?string $node)
 * @method string getReadBack()
 * @method void setReadBack(string $readBack)
 * @method int|null getScrubCursor()
 * @method void setScrubCursor(?int $scrubCursor)
 * @method int|null getScrubStartedAt()
 * @method void setScrubStartedAt(?int $scrubStartedAt)
 * @method int|null getScrubBytes()
 * @method void setScrubBytes(?int $scrubBytes)
 * @method int|null getScrubBad()
 * @method void setScrubBad(?int $scrubBad)
 * @method int|null getScrubbedAt()
 * @method void setScrubbedAt(?int $scrubbedAt)
 * @method int|null getScrubbedBytes()
 * @method void setScrubbedBytes(?int $scrubbedBytes)
 * @method int|null getScrubbedBad()
 * @method void setScrubbedBad(?int $scrubbedBad)
 */
class Target extends Entity implements \JsonSerializable {
	public const TABLE_NAME = 'mirror_targets';
	/** Copies are read back after writing on FUSE and removable drives (Drive\ReadBack decides). */
	public const READ_BACK_AUTO = 'auto';
	public const READ_BACK_ALWAYS = 'always';
	public const READ_BACK_NEVER = 'never';
	public const READ_BACK_MODES = [self::READ_BACK_AUTO, self::READ_BACK_ALWAYS, self::READ_BACK_NEVER];

	protected string $uuid = '';
	protected string $name = '';
	protected string $path = '';
	protected bool $enabled = true;
	protected int $createdAt = 0;
	protected ?int $resyncRequestedAt = null;
	/** an offline drive: plugged in now and then, resting (unplugged) is its normal state */
	protected ?bool $offlineDrive = false;
	/** when its drive was last seen plugged in; null while it rests */
	protected ?int $presentSince = null;
	/** when it was last completely caught up (synced, manifests written) */
	protected ?int $lastCompleteAt = null;
	/** the host name of the server whose filesystem holds it; null: any server (one server, or set up before nodes) */
	protected ?string $node = null;
	/** whether copies are read back from the drive after writing: one of READ_BACK_MODES */
	protected string $readBack = self::READ_BACK_AUTO;
	/** the scheduled check's pass under way: the last record id checked (null: none under way), when it began, bytes and bad copies so far */
	protected ?int $scrubCursor = null;
	protected ?int $scrubStartedAt = null;
	protected ?int $scrubBytes = null;
	protected ?int $scrubBad = null;
	/** the last full pass: when it ended (every copy on the drive checked), bytes checked, bad copies found */
	protected ?int $scrubbedAt = null;
	protected ?int $scrubbedBytes = null;
	protected ?int $scrubbedBad = null;

	public function __construct() {
		$this->addType('uuid', Types::STRING);
		$this->addType('name', Types::STRING);
		$this->addType('path', Types::STRING);
		$this->addType('enabled', Types::BOOLEAN);
		$this->addType('createdAt', Types::BIGINT);
		$this->addType('resyncRequestedAt', Types::BIGINT);
		$this->addType('offlineDrive', Types::BOOLEAN);
		$this->addType('presentSince', Types::BIGINT);
		$this->addType('lastCompleteAt', Types::BIGINT);
		$this->addType('node', Types::STRING);
		$this->addType('readBack', Types::STRING);
		foreach (['scrubCursor', 'scrubStartedAt', 'scrubBytes', 'scrubBad', 'scrubbedAt', 'scrubbedBytes', 'scrubbedBad'] as $field) {
			$this->addType($field, Types::BIGINT);
		}
	}

	public function isOfflineDrive(): bool {
		return $this->offlineDrive === true;
	}

	/**
	 * Whether the server called $node may touch its drive: copy to it, judge it online or offline.
	 */
	public function belongsTo(string $node): bool {
		return $this->node === null || $this->node === '' || $this->node === $node;
	}

	/**
	 * Whether changes are queued for it now: an offline drive only while it is plugged in (while it
	 * rests, it catches up by a comparison when it comes back, so its queue stays bounded).
	 */
	public function takesChanges(): bool {
		return $this->enabled && (!$this->isOfflineDrive() || $this->presentSince !== null);
	}

	/**
	 * @return array{id: int, uuid: string, name: string, path: string, enabled: bool, createdAt: int, offlineDrive: bool, presentSince: int|null, lastCompleteAt: int|null, node: string|null, readBack: 'auto'|'always'|'never', scrub: array{running: bool, startedAt: int|null, bytes: int, bad: int, checkedAt: int|null, checkedBytes: int|null, checkedBad: int|null}}
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
			'offlineDrive' => $this->isOfflineDrive(),
			'presentSince' => $this->presentSince,
			'lastCompleteAt' => $this->lastCompleteAt,
			'node' => $this->node,
			'readBack' => match ($this->readBack) {
				self::READ_BACK_ALWAYS => self::READ_BACK_ALWAYS,
				self::READ_BACK_NEVER => self::READ_BACK_NEVER,
				default => self::READ_BACK_AUTO,
			},
			// the scheduled check: the pass under way, and the last full one (checkedAt: every copy checked)
			'scrub' => [
				'running' => $this->scrubCursor !== null,
				'startedAt' => $this->scrubStartedAt,
				'bytes' => $this->scrubBytes ?? 0,
				'bad' => $this->scrubBad ?? 0,
				'checkedAt' => $this->scrubbedAt,
				'checkedBytes' => $this->scrubbedBytes,
				'checkedBad' => $this->scrubbedBad,
			],
		];
	}
}

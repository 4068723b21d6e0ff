<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Replication;

use OCA\Mirror\Db\Replica;
use OCA\Mirror\Drive\Drive;
use OCA\Mirror\Drive\StagedCopy;
use OCA\Mirror\Queue\QueueItem;
use OCA\Mirror\Source\SourceFile;

/**
 * Copies written to their temporary files on one drive, waiting to be made durable, put in place
 * and recorded together (Replicator::flush): one sync round and one database transaction for many
 * small files instead of one each.
 */
final class CopyBatch {
	/** At most this many files, or this many bytes, wait in one batch. */
	public const MAX_FILES = 64;
	public const MAX_BYTES = 256 * 1024 * 1024;

	/** @var list<array{item: QueueItem|null, staged: StagedCopy, source: SourceFile, replica: Replica|null}> */
	private array $entries = [];
	private int $bytes = 0;

	public function __construct(
		public readonly Drive $drive,
	) {
	}

	public function add(?QueueItem $item, StagedCopy $staged, SourceFile $source, ?Replica $replica): void {
		$this->entries[] = ['item' => $item, 'staged' => $staged, 'source' => $source, 'replica' => $replica];
		$this->bytes += $staged->size;
	}

	public function isFull(): bool {
		return count($this->entries) >= self::MAX_FILES || $this->bytes >= self::MAX_BYTES;
	}

	public function isEmpty(): bool {
		return $this->entries === [];
	}

	/**
	 * Empties the batch.
	 *
	 * @return list<array{item: QueueItem|null, staged: StagedCopy, source: SourceFile, replica: Replica|null}>
	 */
	public function take(): array {
		$entries = $this->entries;
		$this->entries = [];
		$this->bytes = 0;
		return $entries;
	}
}

<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Replication;

use OCA\Mirror\Db\Target;
use OCA\Mirror\Exception\ReplicationException;
use OCA\Mirror\Queue\QueueItem;
use OCA\Mirror\Replication\Handler\DeleteTreeHandler;
use OCA\Mirror\Replication\Handler\FileHandler;
use OCA\Mirror\Replication\Handler\Handler;
use OCA\Mirror\Replication\Handler\MoveHandler;
use OCA\Mirror\Replication\Handler\TreeHandler;
use OCA\Mirror\Replication\Handler\UserHandler;

/**
 * Hands each kind of queued work to its handler.
 */
class Handlers {
	/** @var array<string, Handler> */
	private array $byKind;

	public function __construct(
		private Replicator $replicator,
		FileHandler $file,
		TreeHandler $tree,
		MoveHandler $move,
		DeleteTreeHandler $deleteTree,
		UserHandler $user,
	) {
		$this->byKind = [
			QueueItem::KIND_FILE => $file,
			QueueItem::KIND_TREE => $tree,
			QueueItem::KIND_MOVE => $move,
			QueueItem::KIND_DELETE_TREE => $deleteTree,
			QueueItem::KIND_USER => $user,
			QueueItem::KIND_USER_DRIVE => $user,
		];
	}

	/**
	 * Reads ahead what the file items of a batch need, in a few queries instead of some per file.
	 *
	 * @param list<QueueItem> $items
	 */
	public function prepare(Target $target, array $items): void {
		$this->replicator->prefetch($target, $items);
	}

	/**
	 * @see Handler::handle()
	 */
	public function handle(QueueItem $item, Work $work): bool {
		$handler = $this->byKind[$item->getKind()] ?? null;
		if ($handler === null) {
			throw new ReplicationException('Unknown kind of work "' . $item->getKind() . '"', ReplicationException::IO, null, ['detail' => 'unknown kind ' . $item->getKind()]);
		}
		if ($item->getKind() !== QueueItem::KIND_FILE) {
			// folder and user work changes records: what prepare() read may be stale now
			$this->replicator->forgetPrefetched();
		}
		return $handler->handle($item, $work);
	}
}

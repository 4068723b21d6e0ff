<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Replication;

use OCA\Mirror\Db\Replica;
use OCA\Mirror\Db\ReplicaMapper;
use OCA\Mirror\Db\Target;
use OCA\Mirror\Db\WriteTransaction;
use OCA\Mirror\Drive\Drive;
use OCA\Mirror\Exception\HeldException;
use OCA\Mirror\Exception\ReplicationException;
use OCA\Mirror\Queue\QueueItem;
use OCA\Mirror\Source\Exclusion\Exclusions;
use OCA\Mirror\Source\SourceFile;
use OCA\Mirror\Source\SourceResolver;
use OCA\Mirror\Trash\TrashEntry;
use OCA\Mirror\Trash\TrashRecorder;
use OCA\Mirror\Tripwire\Signature;
use OCA\Mirror\Tripwire\Tripwire;
use OCP\AppFramework\Utility\ITimeFactory;
use OCP\Files\NotPermittedException;
use OCP\Lock\LockedException;

/**
 * Makes the mirror agree with Nextcloud for one file: one safe copy, one rename, or one
 * move to the mirror trash. Idempotent: it decides from what Nextcloud and the drive hold now.
 * Every touch of the drive goes through its Drive.
 */
class Replicator {
	/** @var array<string, list<Replica>> every user's records read ahead for a batch, by "target:file" */
	private array $known = [];
	/** @var array<string, SourceFile|null> sources read ahead for a batch, by "user/file" */
	private array $sources = [];

	public function __construct(
		private SourceResolver $resolver,
		private ReplicaMapper $replicas,
		private WriteTransaction $transaction,
		private ITimeFactory $time,
		private TrashRecorder $trash,
		private Tripwire $tripwire,
		private Exclusions $exclusions,
	) {
	}

	/**
	 * Reads the records and the sources of a batch's files in a few queries, instead of two per file.
	 *
	 * @param list<QueueItem> $items
	 */
	public function prefetch(Target $target, array $items): void {
		$targetId = (int)$target->getId();
		$fileIds = [];
		$byUser = [];
		foreach ($items as $item) {
			if ($item->getKind() === QueueItem::KIND_FILE) {
				$fileIds[] = $item->getFileId();
				$byUser[$item->getUserId()][] = $item->getFileId();
			}
		}
		$this->sources = [];
		foreach ($byUser as $userId => $ids) {
			$found = $this->resolver->sources((string)$userId, $ids);
			foreach ($ids as $fileId) {
				$this->sources[$userId . '/' . $fileId] = $found[$fileId] ?? null;
			}
		}
		$found = $this->replicas->findByFilesOnTarget($targetId, $fileIds);
		$this->known = [];
		$others = [];
		foreach ($fileIds as $fileId) {
			$this->known[$targetId . ':' . $fileId] = $found[$fileId] ?? [];
			foreach ($found[$fileId] ?? [] as $replica) {
				if (!array_key_exists($replica->getUserId() . '/' . $fileId, $this->sources)) {
					$others[$replica->getUserId()][] = $fileId; // another user's copy: whether they still hold the file
				}
			}
		}
		foreach ($others as $userId => $ids) {
			$held = $this->resolver->sources((string)$userId, $ids);
			foreach ($ids as $fileId) {
				$this->sources[$userId . '/' . $fileId] = $held[$fileId] ?? null;
			}
		}
	}

	/**
	 * Drops what prefetch() read: folder and user work changes records.
	 */
	public function forgetPrefetched(): void {
		$this->known = [];
		$this->sources = [];
	}

	/**
	 * @param callable(): void $heartbeat
	 * @param QueueItem|null $item the queue item this is for (work taken over from a dead worker clears its temporary file)
	 * @return bool true when a copy was staged in $batch
	 */
	public function syncFile(Drive $drive, string $userId, int $fileId, callable $heartbeat, ?CopyBatch $batch = null, ?QueueItem $item = null): bool {
		$targetId = (int)$drive->target()->getId();
		$source = array_key_exists($userId . '/' . $fileId, $this->sources)
			? $this->sources[$userId . '/' . $fileId]
			: $this->resolver->file($userId, $fileId);
		unset($this->sources[$userId . '/' . $fileId]);
		$records = array_key_exists($targetId . ':' . $fileId, $this->known)
			? $this->known[$targetId . ':' . $fileId]
			: ($this->replicas->findByFilesOnTarget($targetId, [$fileId])[$fileId] ?? []);
		unset($this->known[$targetId . ':' . $fileId]);
		if ($source !== null && $this->exclusions->reasonFor($userId, $source->path, $source->size) !== null) {
			// left out: never copied; a copy made before goes to the trash (queued by a reconcile)
			$source = null;
		}
		$replica = null;
		$others = [];
		foreach ($records as $record) {
			if ($record->getUserId() === $userId) {
				$replica = $record;
			} else {
				$others[] = $record;
			}
		}
		if ($replica === null && $source !== null) {
			// a file new to this user: it may have changed owner (another user's copy of it, see trashFormerOwner())
			foreach ($others as $other) {
				$this->trashFormerOwner($drive, $other);
			}
		}

		if ($source === null) {
			// deleted, left out, or no longer the user's own file: the mirror copy goes to the trash, never away
			if ($replica !== null) {
				$this->discard($drive, $replica);
			}
			return false;
		}

		// where the copy stands on the drive (null: a new copy, the drive gives it its place)
		$at = $replica === null ? null : $drive->copyPathOf($replica);
		if ($replica !== null && $replica->getPath() !== $source->path) {
			$this->permit($targetId, $userId);
			$at = $this->followRename($drive, $replica, $source);
		}
		if ($replica !== null && $this->isUpToDate($drive, $replica, $source)) {
			return false;
		}
		if ($replica !== null && ($replica->getEtag() !== $source->etag || $replica->getSize() !== $source->size || $replica->getMtime() !== $source->mtime)) {
			// an overwrite in Nextcloud (not a repair of a copy the drive lost): the tripwire is asked first
			$this->permit($targetId, $userId, $this->damaged($drive, $source, $replica));
		}
		$own = $batch ?? new CopyBatch($drive);
		// work taken over from a worker that died mid-copy: its temporary file is cleared away
		$this->stage($own, $item, $source, $replica, $heartbeat, $item?->getClaimedBy() !== null, $at);
		if ($batch === null) {
			$error = $this->flush($own)[0][1];
			if ($error !== null) {
				throw $error;
			}
			return false;
		}
		return true;
	}

	/**
	 * Asks the tripwire before a destructive change (an overwrite, a deletion, a rename).
	 *
	 * @throws HeldException
	 */
	private function permit(int $targetId, string $userId, ?string $damaged = null): void {
		$this->tripwire->permit($userId, $targetId, fn (): int => $this->replicas->countForUser($targetId, $userId), 1, $damaged);
	}

	/**
	 * Another user's copy of a file this user now holds: when that user no longer holds the file (it changed
	 * owner: moved between a member's files and a group folder, or an external storage switched layout), their
	 * copy goes to their trash as the file is copied as this user's. A user who still holds it keeps theirs
	 * (an external storage mirrored for each user it is mounted for: one copy per user).
	 */
	private function trashFormerOwner(Drive $drive, Replica $replica): void {
		$key = $replica->getUserId() . '/' . $replica->getFileId();
		$held = array_key_exists($key, $this->sources) ? $this->sources[$key] : $this->resolver->file($replica->getUserId(), $replica->getFileId());
		if ($held === null) {
			$this->discard($drive, $replica);
		}
	}

	/** A copy to its user's mirror trash (the tripwire asked first), its record gone. */
	private function discard(Drive $drive, Replica $replica): void {
		$this->permit((int)$drive->target()->getId(), $replica->getUserId());
		$this->toTrash($drive, $replica, $replica->getUserId(), TrashEntry::DELETED);
		$this->replicas->delete($replica);
	}

	/**
	 * The file's path when its new content no longer looks like its type while the copy on the mirror did
	 * (a photo encrypted by malware); null otherwise, or for types not checked.
	 */
	private function damaged(Drive $drive, SourceFile $source, Replica $replica): ?string {
		if (Signature::matches($source->path, '') === null) {
			return null;
		}
		try {
			$stream = $this->openSource($source);
		} catch (\Throwable) {
			return null; // unreadable now: the copy fails on its own and says why
		}
		if (!is_resource($stream)) {
			return null;
		}
		$new = (string)fread($stream, Signature::HEAD);
		fclose($stream);
		if (Signature::matches($source->path, $new) !== false) {
			return null;
		}
		$old = $drive->head($source->userId, $source->path, Signature::HEAD, $replica->getDrivePath());
		return $old !== null && Signature::matches($source->path, $old) === false ? null : $source->path;
	}

	/**
	 * The file was renamed or moved: rename its mirror copy instead of copying it again.
	 *
	 * @return string|null where the copy stands now on the drive; null: it is to be copied anew
	 */
	private function followRename(Drive $drive, Replica $replica, SourceFile $source): ?string {
		$renamed = null;
		if ($drive->stat($source->userId, $replica->getPath(), $replica->getDrivePath()) !== null) {
			$renamed = $drive->rename($source->userId, $replica->getPath(), $source->path, $replica->getDrivePath());
			if ($renamed === null) {
				// something else stands at the new path: keep the old copy in the trash, copy anew
				$this->toTrash($drive, $replica, $source->userId, TrashEntry::REPLACED);
			}
		}
		$replica->setPath($source->path);
		$replica->setDrivePath($drive->recordable($source->path, $renamed));
		$this->replicas->update($replica);
		return $renamed;
	}

	/**
	 * Moves a recorded copy to the trash and records it there. A copy no longer at its place may be in
	 * the trash already, unrecorded (a move to the trash whose undo a replug lost): found by its path,
	 * size and sha256, it is recorded then, so that it can be listed and restored.
	 *
	 * @param TrashEntry::DELETED|TrashEntry::REPLACED $reason
	 */
	private function toTrash(Drive $drive, Replica $replica, string $userId, string $reason): void {
		$trashed = $drive->moveToTrash($userId, $replica->getPath(), $replica->getDrivePath());
		if ($trashed !== null) {
			$this->trash->record($replica, $trashed, $reason);
			return;
		}
		$found = $drive->trashedCopy($userId, $replica->getPath(), $replica->getDrivePath(), $replica->getSize(), $replica->getChecksum());
		if ($found !== null) {
			$this->trash->recordFound($replica, $found, $reason);
		}
	}

	/**
	 * The record describes the file as Nextcloud holds it now, and the drive holds that copy.
	 */
	private function isUpToDate(Drive $drive, Replica $replica, SourceFile $source): bool {
		return $replica->getEtag() === $source->etag && $replica->getMtime() === $source->mtime && $replica->getSize() === $source->size
			&& $drive->isCurrent($source->userId, $source->path, $replica->getSize(), $replica->getMtime(), $replica->getDrivePath());
	}

	/**
	 * Writes the file to its temporary file on the drive and adds it to the batch.
	 *
	 * @param callable(): void $heartbeat
	 */
	private function stage(CopyBatch $batch, ?QueueItem $item, SourceFile $source, ?Replica $replica, callable $heartbeat, bool $takenOver, ?string $at): void {
		try {
			$stream = $this->openSource($source);
		} catch (LockedException $e) {
			throw new ReplicationException('The file is locked in Nextcloud (being written?); it will be copied later', ReplicationException::SOURCE, null, ['reason' => 'locked']);
		} catch (NotPermittedException $e) {
			throw new ReplicationException('Nextcloud does not allow reading this file: ' . $e->getMessage(), ReplicationException::SOURCE, null, ['reason' => 'not_permitted', 'detail' => $e->getMessage()]);
		}
		if (!is_resource($stream)) {
			throw new ReplicationException('Nextcloud could not open the file for reading', ReplicationException::SOURCE, null, ['reason' => 'unreadable']);
		}
		try {
			$staged = $batch->drive->stage($source->userId, $source->path, $stream, $source->mtime, $source->size, $heartbeat, $takenOver, $at);
		} finally {
			if (is_resource($stream)) {
				fclose($stream);
			}
		}
		$batch->add($item, $staged, $source, $replica);
	}

	/**
	 * Puts the batch's copies in place (Drive::commit) and records those that made it, with their
	 * queue items completed, in one transaction.
	 *
	 * @param (callable(list<QueueItem>): void)|null $complete completes the recorded copies' queue items, inside the transaction
	 * @return list<array{0: QueueItem|null, 1: \Throwable|null}> per copy: its item, and null or why it failed
	 */
	public function flush(CopyBatch $batch, ?callable $complete = null): array {
		$entries = $batch->take();
		if ($entries === []) {
			return [];
		}
		$errors = $batch->drive->commit(array_column($entries, 'staged'));
		$targetId = (int)$batch->drive->target()->getId();
		$now = $this->time->getTime();
		// read first, then one transaction of writes only (see WriteTransaction): the records of other
		// (deleted) files at these paths, whose copies were just kept in the trash, in one query per user
		/** @var array<array-key, list<string>> $paths user id (an int key for a numeric id) => paths */
		$paths = [];
		foreach ($entries as $i => $entry) {
			if ($errors[$i] === null) {
				$paths[$entry['source']->userId][] = $entry['source']->path;
			}
		}
		$atPath = [];
		foreach ($paths as $userId => $userPaths) {
			foreach ($this->replicas->findAtPaths($targetId, (string)$userId, $userPaths) as $other) {
				$atPath[$other->getUserId()][$other->getPath()][] = $other;
			}
		}
		$records = [];
		foreach ($entries as $i => $entry) {
			if ($errors[$i] !== null) {
				continue;
			}
			$source = $entry['source'];
			$kept = null;
			if ($entry['staged']->trashedAs !== null) {
				// what the new copy replaced went to the trash: the file's own old content, or another (deleted) file's copy
				$own = $entry['replica'] !== null && $entry['replica']->getPath() === $source->path ? clone $entry['replica'] : null;
				$other = null;
				foreach ($atPath[$source->userId][$source->path] ?? [] as $candidate) {
					if ($candidate->getFileId() !== $source->fileId) {
						$other = $candidate;
						break;
					}
				}
				$kept = $own !== null ? [$own, TrashEntry::OVERWRITTEN] : ($other !== null ? [$other, TrashEntry::REPLACED] : null);
				if ($kept !== null) {
					$kept[] = $entry['staged']->trashedAs;
				}
			}
			$replica = $entry['replica'] ?? new Replica();
			$replica->setTargetId($targetId);
			$replica->setUserId($source->userId);
			$replica->setFileId($source->fileId);
			$replica->setPath($source->path);
			$replica->setDrivePath($batch->drive->recordable($source->path, $entry['staged']->drivePath));
			$replica->setSize($entry['staged']->size);
			$replica->setMtime($source->mtime);
			$replica->setEtag($source->etag);
			$replica->setChecksum($entry['staged']->checksum);
			$replica->setReplicatedAt($now);
			$others = array_filter(
				$atPath[$source->userId][$source->path] ?? [],
				static fn (Replica $other): bool => $other->getFileId() !== $replica->getFileId(),
			);
			$records[] = [$replica, $others, $entry['item'], $kept];
		}
		try {
			$this->transaction->run(function () use ($records, $complete): void {
				$new = [];
				foreach ($records as [$replica, $others, , $kept]) {
					if ($kept !== null) {
						$this->trash->record($kept[0], $kept[2], $kept[1]);
					}
					foreach ($others as $other) {
						$this->replicas->delete($other);
					}
					if ($replica->getId() === null) {
						$new[] = $replica;
					} else {
						$this->replicas->update($replica);
					}
				}
				// the new records in one statement, the queue items in another (see bench/README.md)
				$this->replicas->insertMany($new);
				if ($complete !== null) {
					$complete(array_values(array_filter(array_column($records, 2))));
				}
			});
		} catch (\Throwable $e) {
			// in place but not recorded: the next run finds the same bytes there and records them
			$errors = array_map(static fn (?\Throwable $error): \Throwable => $error ?? $e, $errors);
		}
		return array_map(static fn (array $entry, ?\Throwable $error): array => [$entry['item'], $error], $entries, $errors);
	}

	/**
	 * Local, unencrypted storage (the usual home on a Raspberry Pi): read the file directly, which
	 * spares the stream wrappers and two file-lock writes to the database per file. Nextcloud
	 * replaces files by renaming a finished upload into place, so an open file is never half-new;
	 * a file written meanwhile is queued again by its write event. Everything else (server-side
	 * encryption, object storage) is read through the home storage, whose wrappers decrypt.
	 *
	 * @return resource|false
	 */
	private function openSource(SourceFile $source) {
		$storage = $source->storage;
		if ($storage->isLocal() && !$source->encrypted) {
			$local = $storage->getLocalFile($source->internalPath);
			if (is_string($local) && is_file($local) && !is_link($local)) {
				$stream = @fopen($local, 'rb');
				if ($stream !== false) {
					// unbuffered: a photo is read with one read() instead of one per 8 KiB (25 for 200 KB)
					stream_set_read_buffer($stream, 0);
					return $stream;
				}
			}
		}
		return $storage->fopen($source->internalPath, 'r');
	}
}

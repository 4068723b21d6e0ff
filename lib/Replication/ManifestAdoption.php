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
use OCA\Mirror\Drive\DriveFactory;
use OCA\Mirror\Exception\ReplicationException;
use OCA\Mirror\Source\FileCacheReader;
use OCA\Mirror\Source\NextcloudWriter;
use OCP\AppFramework\Utility\ITimeFactory;
use OCP\Files\File;
use OCP\IUser;
use OCP\IUserManager;

/**
 * A drive being adopted that already holds copies (the same drive on a new server, a drive kept in
 * step by hand): where its manifest lists a user's file with the size and modification time the file
 * has in Nextcloud, and both the copy on the drive and the file in Nextcloud hash to the manifest's
 * sha256, the copy is recorded as replicated instead of being copied again (reading both costs no
 * write and no wear of the drive). The manifest and the copies are a stranger's files: the paths went
 * through PathGuard (Manifest::read), and nothing is believed until the bytes on both sides say so.
 */
class ManifestAdoption {
	/** records written per transaction */
	private const BATCH = 200;

	public function __construct(
		private readonly DriveFactory $drives,
		private readonly ReplicaMapper $replicas,
		private readonly FileCacheReader $cache,
		private readonly WriteTransaction $transaction,
		private readonly IUserManager $users,
		private readonly ITimeFactory $time,
		private readonly NextcloudWriter $nextcloud,
	) {
	}

	/**
	 * For a target with no records (they were just forgotten): records the copies found good.
	 *
	 * @param (callable(string, string): void)|null $onCheck called before a copy on the drive is hashed (user, path)
	 * @return array{adopted: int, files: int} copies recorded, and files the users have in all
	 */
	public function adopt(Target $target, ?callable $onCheck = null): array {
		$drive = $this->drives->forTarget($target);
		$totals = ['adopted' => 0, 'files' => 0];
		$this->users->callForAllUsers(function (IUser $user) use ($drive, $onCheck, &$totals): void {
			[$adopted, $files] = $this->adoptUser($drive, $user->getUID(), $onCheck);
			$totals['adopted'] += $adopted;
			$totals['files'] += $files;
		});
		return $totals;
	}

	/**
	 * @param (callable(string, string): void)|null $onCheck
	 * @return array{0: int, 1: int} adopted, files
	 */
	private function adoptUser(Drive $drive, string $userId, ?callable $onCheck): array {
		$manifest = $drive->readManifest($userId) ?? [];
		$targetId = (int)$drive->target()->getId();
		$files = 0;
		$adopted = 0;
		$good = [];
		foreach ($this->cache->files($userId) as $file) {
			$files++;
			$entry = $manifest[$file['path']] ?? null;
			if ($entry === null || $entry['size'] !== $file['size'] || $entry['mtime'] !== $file['mtime']) {
				continue;
			}
			if ($onCheck !== null) {
				$onCheck($userId, $file['path']);
			}
			if (!$this->onDrive($drive, $userId, $file['path'], $entry) || !$this->inNextcloud($userId, $file['path'], $entry['sha256'])) {
				continue;
			}
			$good[] = $this->replica($targetId, $userId, $file, $entry['sha256'], $drive->recordable($file['path'], $entry['drivePath']));
			if (count($good) >= self::BATCH) {
				$adopted += $this->record($good);
				$good = [];
			}
		}
		return [$adopted + $this->record($good), $files];
	}

	/**
	 * The copy on the drive is a plain file of that size and time, and its bytes hash to the sha256.
	 *
	 * @param array{size: int, mtime: int, sha256: string, drivePath: ?string} $entry
	 */
	private function onDrive(Drive $drive, string $userId, string $path, array $entry): bool {
		try {
			return $drive->isCurrent($userId, $path, $entry['size'], $entry['mtime'], $entry['drivePath'])
				&& $drive->checksum($userId, $path, null, $entry['drivePath']) === $entry['sha256'];
		} catch (ReplicationException) {
			return false; // a link on the way, a read error: copied again, as any other file
		}
	}

	/**
	 * The file in Nextcloud has the same bytes (a copy planted with the manifest's size, time and
	 * sha256 is a different file's copy: it is copied again).
	 */
	private function inNextcloud(string $userId, string $path, string $sha256): bool {
		$node = $this->nextcloud->existing($userId, $path);
		return $node instanceof File && $this->nextcloud->sha256($node) === $sha256;
	}

	/**
	 * @param array{fileId: int, path: string, size: int, mtime: int, etag: string} $file
	 */
	private function replica(int $targetId, string $userId, array $file, string $sha256, ?string $drivePath): Replica {
		$replica = new Replica();
		$replica->setTargetId($targetId);
		$replica->setUserId($userId);
		$replica->setFileId($file['fileId']);
		$replica->setPath($file['path']);
		$replica->setSize($file['size']);
		$replica->setMtime($file['mtime']);
		$replica->setEtag($file['etag']);
		$replica->setChecksum($sha256);
		$replica->setDrivePath($drivePath); // where a case twin's suffix put it (null: the encoded path)
		$replica->setReplicatedAt($this->time->getTime());
		return $replica;
	}

	/**
	 * @param list<Replica> $replicas
	 */
	private function record(array $replicas): int {
		$this->transaction->run(function () use ($replicas): void {
			foreach ($replicas as $replica) {
				$this->replicas->insert($replica);
			}
		});
		return count($replicas);
	}
}

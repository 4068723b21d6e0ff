<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Replication;

use OCA\Mirror\Db\ExternalStorageDirectory;
use OCA\Mirror\Db\GroupFolderDirectory;
use OCA\Mirror\Db\Replica;
use OCA\Mirror\Db\ReplicaMapper;
use OCA\Mirror\Db\Target;
use OCA\Mirror\Db\WriteTransaction;
use OCA\Mirror\Drive\Drive;
use OCA\Mirror\Drive\DriveFactory;
use OCA\Mirror\Drive\ManifestReading;
use OCA\Mirror\Drive\RecoveryKey;
use OCA\Mirror\Exception\DamagedManifestException;
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
 * write and no wear of the drive). The manifest and the copies are a stranger's files: only a manifest
 * signed with the recovery key is used (the copies an unsigned or forged one lists are copied again),
 * it is read within bounds (a damaged one is skipped, and only that user's files are copied again), its
 * paths went through PathGuard (Manifest::read), and nothing is believed until the bytes on both sides
 * say so. The manifest is looked up a thousand entries at a time, never held whole.
 */
class ManifestAdoption {
	/** records written per transaction */
	private const BATCH = 200;
	/** manifest entries looked up in the file cache at once */
	private const LOOKUP = 1000;

	public function __construct(
		private readonly DriveFactory $drives,
		private readonly ReplicaMapper $replicas,
		private readonly FileCacheReader $cache,
		private readonly WriteTransaction $transaction,
		private readonly IUserManager $users,
		private readonly ITimeFactory $time,
		private readonly NextcloudWriter $nextcloud,
		private readonly ManifestReader $manifests,
		private readonly GroupFolderDirectory $groupFolders,
		private readonly ExternalStorageDirectory $external,
	) {
	}

	/**
	 * For a target with no records (they were just forgotten): records the copies found good.
	 *
	 * @param (callable(string, string): void)|null $onCheck called before a copy on the drive is hashed (user, path)
	 * @param int|null $limit bytes a manifest may have (null: ManifestReader's rule)
	 * @return array{adopted: int, files: int, verified: int, unverified: array<string, string>, damaged: array<string, DamagedManifestException>}
	 *         copies recorded, files the users have in all, manifests verified; users whose manifest was not used, and why
	 */
	public function adopt(Target $target, RecoveryKey $key, ?callable $onCheck = null, ?int $limit = null): array {
		$drive = $this->drives->forTarget($target);
		$totals = ['adopted' => 0, 'files' => 0, 'verified' => 0, 'unverified' => [], 'damaged' => []];
		$adoptOwner = function (string $userId) use ($target, $drive, $key, $onCheck, $limit, &$totals): void {
			$totals['files'] += $this->cache->countFiles($userId);
			try {
				$manifest = $this->manifests->read($target, $userId, $key, $limit);
			} catch (DamagedManifestException $e) {
				$totals['damaged'][$userId] = $e; // worded for the reader where it is shown (RestoreMessages::damaged)
				return;
			}
			if ($manifest === null) {
				return;
			}
			if (!$manifest->verified()) {
				$totals['unverified'][$userId] = (string)$manifest->why;
				return;
			}
			$totals['verified']++;
			$totals['adopted'] += $this->adoptUser($drive, $userId, $manifest, $onCheck);
		};
		$this->users->callForAllUsers(static function (IUser $user) use ($adoptOwner): void {
			$adoptOwner($user->getUID());
		});
		foreach ([...$this->groupFolders->owners(), ...$this->external->sharedOwners()] as $owner) {
			$adoptOwner($owner); // a group folder's or external storage's copies, under its own manifest
		}
		return $totals;
	}

	/**
	 * @param (callable(string, string): void)|null $onCheck
	 * @return int copies adopted
	 */
	private function adoptUser(Drive $drive, string $userId, ManifestReading $manifest, ?callable $onCheck): int {
		$targetId = (int)$drive->target()->getId();
		$adopted = 0;
		$good = [];
		$chunk = [];
		$entries = $manifest->entries();
		while ($entries->valid() || $chunk !== []) {
			if ($entries->valid() && count($chunk) < self::LOOKUP) {
				$chunk[$entries->key()] = $entries->current();
				$entries->next();
				continue;
			}
			$files = $this->cache->filesAt($userId, array_map(strval(...), array_keys($chunk)));
			// a path listed twice (in an earlier thousand) is recorded once
			$known = $this->replicas->findByFilesOnTarget($targetId, array_values(array_map(static fn (array $file): int => $file['fileId'], $files)), $userId);
			foreach ($chunk as $path => $entry) {
				$file = $files[(string)$path] ?? null;
				if ($file === null || isset($known[$file['fileId']]) || $entry['size'] !== $file['size'] || $entry['mtime'] !== $file['mtime']) {
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
			$adopted += $this->record($good);
			$good = [];
			$chunk = [];
		}
		return $adopted;
	}

	/**
	 * The copy on the drive is a plain file of that size and time, and its bytes hash to the sha256.
	 *
	 * @param array{size: int, mtime: int, sha256: string, drivePath: ?string} $entry
	 */
	private function onDrive(Drive $drive, string $userId, string $path, array $entry): bool {
		try {
			return $drive->isCurrent($userId, $path, $entry['size'], $entry['mtime'], $entry['drivePath'])
				&& $drive->checksum($userId, $path, null, $entry['drivePath'], $entry['size']) === $entry['sha256'];
		} catch (ReplicationException) {
			return false; // a link on the way, a read error, a different size on the open copy: copied again, as any other file
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

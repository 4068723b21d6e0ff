<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Restore;

use OCA\Mirror\Db\Replica;
use OCA\Mirror\Db\ReplicaMapper;
use OCA\Mirror\Db\Target;
use OCA\Mirror\Db\WriteTransaction;
use OCA\Mirror\Drive\Drive;
use OCA\Mirror\Drive\DriveFactory;
use OCA\Mirror\Drive\FileName;
use OCA\Mirror\Drive\PathGuard;
use OCA\Mirror\Drive\SizedHash;
use OCA\Mirror\Drive\TargetOfflineException;
use OCA\Mirror\Exception\DamagedManifestException;
use OCA\Mirror\Exception\InvalidRestoreException;
use OCA\Mirror\Exception\ReplicationException;
use OCA\Mirror\Exception\RestoreException;
use OCA\Mirror\Replication\ManifestReader;
use OCA\Mirror\Source\NextcloudWriter;
use OCA\Mirror\Trash\TrashEntry;
use OCA\Mirror\Trash\TrashEntryMapper;
use OCP\AppFramework\Utility\ITimeFactory;
use OCP\Files\File;
use OCP\Files\Folder;
use OCP\Files\Node;
use OCP\IL10N;

/**
 * Brings files back from a mirror drive into a user's Nextcloud files: the latest copies, or the
 * versions kept in the trash on a day. Every file is checked against the sha256 recorded when it was
 * written, and one that fails is reported and not restored. A file already there with the same bytes
 * is skipped, so an interrupted restore finishes when run again. Nothing is written over a different
 * file unless asked: by default the restored file goes next to it.
 *
 * From the drive alone, only a manifest signed with the recovery key says where a file belongs; the
 * files of one that is not (unsigned, signed with another key, another user's) go into a folder of
 * their own, never over anything, and are not recorded as copies.
 *
 * @psalm-import-type RestoredFile from RestoreReport
 * @psalm-type Outcome = array{0: string, 1: string, 2: array<string, string|int>, 3: string} result, code, its parameters, where it went
 * @psalm-type Candidate = array{path: string, size: int, mtime: int, checksum: string, record: bool, entry: TrashEntry|null, open: callable(): (resource|null), drivePath: string|null, quarantine: bool}
 */
class RestoreService {
	public const LATEST = 'latest';
	public const MODE_NEW = 'new';
	public const MODE_OVERWRITE = 'overwrite';
	public const MODE_SKIP = 'skip';

	public function __construct(
		private DriveFactory $drives,
		private ReplicaMapper $replicas,
		private TrashEntryMapper $trash,
		private NextcloudWriter $writer,
		private WriteTransaction $transaction,
		private ITimeFactory $time,
		private ManifestReader $manifests,
		private IL10N $l,
	) {
	}

	/**
	 * @param string $below only this file or folder of the user's files ('' for all)
	 * @param string $version 'latest', or 'trash:Y-m-d' for what went to the trash that day
	 * @param string $into a folder of the user's files to restore into ('' for where each file was)
	 * @param self::MODE_* $mode what to do where a different file stands
	 * @param (callable(RestoredFile): (bool|null|void))|null $onFile
	 *        called after each file; returning false stops the restore there
	 * @param FromDrive|null $fromDrive what the drive's manifest lists, not the records (the database was lost)
	 * @return bool whether every file was handled (false: $onFile stopped it)
	 * @throws TargetOfflineException
	 * @throws DamagedManifestException the user's manifest is refused (from the drive)
	 * @throws InvalidRestoreException a bad version; from the drive: the trash, or no manifest
	 * @throws ReplicationException a bad path or folder (NAME)
	 */
	public function restore(Target $target, string $userId, string $below, string $version, string $into, string $mode, bool $dryRun, RestoreReport $report, ?callable $onFile = null, ?FromDrive $fromDrive = null): bool {
		$below = implode('/', PathGuard::segments($below));
		$into = implode('/', PathGuard::segments($into));
		$drive = $this->drives->forTarget($target);
		$drive->assertWritable();
		$candidates = $fromDrive !== null ? $this->fromManifest($target, $drive, $userId, $below, $version, $fromDrive, $report) : $this->candidates($drive, $userId, $below, $version);
		$quarantine = null;
		foreach ($candidates as $candidate) {
			if ($candidate['quarantine']) {
				// never over anything, never where the stranger's manifest says
				$quarantine ??= $this->l->t('Restored from drive – unverified %s', [date('Y-m-d', $this->time->getTime())]);
				$to = $quarantine . '/' . $candidate['path'];
				$outcome = $this->restoreOne($drive, $userId, $candidate, $to, self::MODE_NEW, $dryRun);
				$report->quarantined($userId, $quarantine);
			} else {
				$to = $into === '' ? $candidate['path'] : $into . '/' . $candidate['path'];
				$outcome = $this->restoreOne($drive, $userId, $candidate, $to, $mode, $dryRun);
			}
			$file = $report->add($userId, $candidate['path'], $outcome[3], $outcome[0], $outcome[1], $outcome[2], $candidate['size']);
			if ($onFile !== null && $onFile($file) === false) {
				return false;
			}
		}
		return true;
	}

	/**
	 * How many files a restore would look at (from the records: nothing is read from the drive).
	 *
	 * @throws InvalidRestoreException a bad version
	 * @throws ReplicationException a bad path (NAME)
	 */
	public function count(Target $target, string $userId, string $below, string $version): int {
		$below = implode('/', PathGuard::segments($below));
		$count = 0;
		foreach ($this->candidates($this->drives->forTarget($target), $userId, $below, $version) as $ignored) {
			$count++;
		}
		return $count;
	}

	/**
	 * Restores one copy from the trash (an earlier version, a deleted file) to $to, never over a
	 * different file: next to it. A deleted file that comes back at its place has its copy put back
	 * in the mirror, so it is recorded as copied, not copied again.
	 *
	 * @return RestoredFile
	 * @throws TargetOfflineException
	 */
	public function restoreTrashed(Target $target, string $userId, TrashEntry $entry, string $to, RestoreReport $report): array {
		$drive = $this->drives->forTarget($target);
		$drive->assertWritable();
		return $this->restoreTo($drive, $userId, $this->trashed($drive, $userId, $entry), $to, $report);
	}

	/**
	 * Restores the mirror's latest copy of one file to $to, never over a different file: next to it.
	 *
	 * @return RestoredFile
	 * @throws TargetOfflineException
	 */
	public function restoreCopy(Target $target, string $userId, Replica $replica, string $to, RestoreReport $report): array {
		$drive = $this->drives->forTarget($target);
		$drive->assertWritable();
		$candidate = $this->candidate($replica->getPath(), $replica->getSize(), $replica->getMtime(), $replica->getChecksum(), true,
			static fn () => $drive->openCopyOf($replica), $replica->getDrivePath());
		return $this->restoreTo($drive, $userId, $candidate, $to, $report);
	}

	/**
	 * @param Candidate $candidate
	 * @return RestoredFile
	 */
	private function restoreTo(Drive $drive, string $userId, array $candidate, string $to, RestoreReport $report): array {
		$to = implode('/', PathGuard::segments($to));
		[$result, $code, $params, $to] = $this->restoreOne($drive, $userId, $candidate, $to, self::MODE_NEW, false);
		return $report->add($userId, $candidate['path'], $to, $result, $code, $params, $candidate['size']);
	}

	/**
	 * @return \Generator<Candidate>
	 */
	private function candidates(Drive $drive, string $userId, string $below, string $version): \Generator {
		$targetId = (int)$drive->target()->getId();
		if ($version === self::LATEST) {
			foreach ($this->replicas->iterateForUser($targetId, $userId, $below === '' ? null : $below) as $replica) {
				if ($below !== '' && $replica->getPath() !== $below && !str_starts_with($replica->getPath(), $below . '/')) {
					continue;
				}
				yield $this->candidate($replica->getPath(), $replica->getSize(), $replica->getMtime(), $replica->getChecksum(), true,
					static fn () => $drive->openCopyOf($replica), $replica->getDrivePath());
			}
			return;
		}
		if (preg_match('/^trash:(\d{4}-\d{2}-\d{2})$/', $version, $m) !== 1) {
			throw new InvalidRestoreException('The version must be "latest" or "trash:YYYY-MM-DD", not "' . $version . '".', RestoreException::BAD_VERSION, ['version' => $version]);
		}
		$seen = [];
		// newest first: of a file trashed twice that day, the later content
		foreach ($this->trash->iterateDay($targetId, $userId, $below === '' ? null : $below, $m[1]) as $entry) {
			if (isset($seen[$entry->getPath()])) {
				continue;
			}
			$seen[$entry->getPath()] = true;
			yield $this->trashed($drive, $userId, $entry);
		}
	}

	public function hasManifest(Target $target, string $userId): bool {
		return $this->drives->forTarget($target)->hasManifest($userId);
	}

	/**
	 * When the database is lost: what the drive's own manifest lists, each file checked against it; the
	 * files of a manifest whose signature does not hold go to quarantine.
	 *
	 * @return \Generator<Candidate>
	 * @throws DamagedManifestException
	 */
	private function fromManifest(Target $target, Drive $drive, string $userId, string $below, string $version, FromDrive $fromDrive, RestoreReport $report): \Generator {
		if ($version !== self::LATEST) {
			throw new InvalidRestoreException('From the drive alone, only the latest copies can be restored (the trash is not in the manifest).', RestoreException::FROM_DRIVE_LATEST_ONLY);
		}
		$manifest = $this->manifests->read($target, $userId, $fromDrive->key, $fromDrive->limit);
		if ($manifest === null) {
			throw new InvalidRestoreException('The drive holds no manifest for "' . $userId . '".', RestoreException::NO_MANIFEST, ['userId' => $userId]);
		}
		$report->manifest($userId, $manifest->why);
		$quarantine = !$manifest->verified();
		foreach ($manifest->entries() as $path => $entry) {
			if ($below !== '' && $path !== $below && !str_starts_with($path, $below . '/')) {
				continue;
			}
			yield $this->candidate($path, $entry['size'], $entry['mtime'], $entry['sha256'], !$quarantine, static fn () => $drive->openCopy($userId, $path, $entry['drivePath']), $entry['drivePath'], null, $quarantine);
		}
	}

	/**
	 * @param callable(): (resource|null) $open
	 * @return Candidate
	 */
	private function candidate(string $path, int $size, int $mtime, string $checksum, bool $record, callable $open, ?string $drivePath = null, ?TrashEntry $entry = null, bool $quarantine = false): array {
		return ['path' => $path, 'size' => $size, 'mtime' => $mtime, 'checksum' => $checksum, 'record' => $record, 'entry' => $entry, 'open' => $open, 'drivePath' => $drivePath, 'quarantine' => $quarantine];
	}

	/**
	 * @return Candidate
	 */
	private function trashed(Drive $drive, string $userId, TrashEntry $entry): array {
		return $this->candidate($entry->getPath(), $entry->getSize(), $entry->getMtime(), $entry->getChecksum(), false,
			static fn () => $drive->openTrashed($userId, $entry->getTrashPath()), null, $entry);
	}

	/**
	 * @param Candidate $c
	 * @return Outcome
	 */
	private function restoreOne(Drive $drive, string $userId, array $c, string $to, string $mode, bool $dryRun): array {
		try {
			$existing = $this->writer->existing($userId, $to);
			if ($this->isSame($existing, $c['size'], $c['checksum'])) {
				return [RestoreReport::SKIPPED, RestoreException::ALREADY_THERE, [], $to];
			}
			if ($existing !== null) {
				if ($mode === self::MODE_SKIP) {
					return [RestoreReport::SKIPPED, RestoreException::DIFFERENT_FILE_THERE, [], $to];
				}
				if ($mode === self::MODE_NEW || $existing instanceof Folder) {
					[$to, $same] = $this->besideIt($userId, $to, $c['size'], $c['checksum']);
					if ($same) {
						return [RestoreReport::SKIPPED, RestoreException::ALREADY_THERE, [], $to];
					}
				}
			}
			// read once to check the bytes against their recorded sha256, then again, through the same
			// handle, to write them: a name on the drive swapped meanwhile (for a link to the server's
			// own files, say) is never opened a second time
			$stream = ($c['open'])();
			if ($stream === null) {
				return [RestoreReport::FAILED, RestoreException::NOT_ON_DRIVE, [], $to];
			}
			try {
				try {
					$checksum = SizedHash::of($stream, $c['size'], $c['path']); // its size first: a planted sparse file costs one fstat
				} catch (ReplicationException $e) {
					if ($e->errorCode !== ReplicationException::DIFFERENT_SIZE) {
						throw $e;
					}
					return [RestoreReport::MISMATCHED, RestoreException::DIFFERENT_SIZE, array_intersect_key($e->params, ['size' => 0, 'recorded' => 0, 'grew' => 0]), $to];
				}
				if ($checksum !== $c['checksum']) {
					return [RestoreReport::MISMATCHED, RestoreException::CHECKSUM, [], $to];
				}
				if ($dryRun) {
					return [RestoreReport::RESTORED, RestoreException::DRY_RUN, [], $to];
				}
				if (!rewind($stream)) {
					return [RestoreReport::FAILED, RestoreException::NOT_READ_AGAIN, [], $to];
				}
				$file = $this->writer->write($userId, $to, $stream, $c['mtime']);
			} finally {
				if (is_resource($stream)) {
					fclose($stream);
				}
			}
			if ($to === $c['path'] && $c['record']) {
				$this->record($drive, $userId, $file, $c['path'], $c['size'], $c['checksum'], $drive->recordable($c['path'], $c['drivePath']));
			} elseif ($to === $c['path'] && $c['entry'] !== null) {
				$this->putBack($drive, $userId, $file, $c['entry']);
			}
			return [RestoreReport::RESTORED, '', [], $to];
		} catch (TargetOfflineException $e) {
			throw $e;
		} catch (RestoreException $e) {
			return [RestoreReport::FAILED, $e->reason, $e->params, $to];
		} catch (ReplicationException $e) {
			// reading the copy on the drive failed: the system's words, for admins
			return [RestoreReport::FAILED, RestoreException::READ_FAILED, ['detail' => (string)($e->params['detail'] ?? $e->getMessage())], $to];
		} catch (\Throwable $e) {
			// Nextcloud refused the write (locked, not permitted, out of quota): its words, for admins
			return [RestoreReport::FAILED, RestoreException::WRITE_FAILED, ['detail' => $e->getMessage()], $to];
		}
	}

	/**
	 * A file restored from the trash at its place: its copy leaves the trash for its place in the
	 * mirror, and is recorded there. When that cannot be done (something stands there, a link is in
	 * the way, the drive went away), the worker copies the file as any other.
	 *
	 * Where the drive's calls are not race-free (the web request of the Files sidebar: no FFI), nothing
	 * is written to the drive: the copy stays in the drive's trash (retention prunes it with its day),
	 * its record goes as when it is put back (the file is no longer deleted), and the worker copies the
	 * restored file as a new one.
	 */
	private function putBack(Drive $drive, string $userId, File $file, TrashEntry $entry): void {
		if (!$drive->isRaceFree()) {
			$this->trash->delete($entry);
			return;
		}
		try {
			$at = $drive->untrash($userId, $entry->getTrashPath(), $entry->getPath(), $entry->getSize());
		} catch (ReplicationException|TargetOfflineException) {
			return;
		}
		if ($at !== null) {
			$this->record($drive, $userId, $file, $entry->getPath(), $entry->getSize(), $entry->getChecksum(), $drive->recordable($entry->getPath(), $at), $entry);
		}
	}

	/**
	 * "a.jpg" is taken by a different file: "a (restored).jpg", "a (restored 2).jpg"…
	 *
	 * @return array{0: string, 1: bool} the path, and whether the same bytes are already there
	 */
	private function besideIt(string $userId, string $path, int $size, string $checksum): array {
		$name = basename($path);
		$dir = dirname($path) === '.' ? '' : dirname($path) . '/';
		for ($i = 1; ; $i++) {
			$candidate = $dir . FileName::tagged($name, $i === 1 ? 'restored' : 'restored ' . $i);
			$existing = $this->writer->existing($userId, $candidate);
			if ($existing === null) {
				return [$candidate, false];
			}
			if ($this->isSame($existing, $size, $checksum)) {
				return [$candidate, true];
			}
		}
	}

	/**
	 * Is a file there with the same bytes (size first: the sha256 only when it could be)?
	 */
	private function isSame(?Node $existing, int $size, string $checksum): bool {
		return $existing instanceof File && $existing->getSize() === $size && $this->writer->sha256($existing) === $checksum;
	}

	/**
	 * The restored file is the mirror's copy, byte for byte, at the same place: it is recorded as
	 * replicated, so it is not copied back to the drive.
	 */
	private function record(Drive $drive, string $userId, File $file, string $path, int $size, string $checksum, ?string $drivePath, ?TrashEntry $untrashed = null): void {
		$targetId = (int)$drive->target()->getId();
		$others = $this->replicas->findAtPaths($targetId, $userId, [$path]);
		$this->transaction->run(function () use ($others, $file, $targetId, $userId, $path, $size, $checksum, $drivePath, $untrashed): void {
			if ($untrashed !== null) {
				$this->trash->delete($untrashed); // no longer in the trash: back in its place
			}
			foreach ($others as $other) {
				if ($other->getFileId() !== $file->getId()) {
					$this->replicas->delete($other);
				}
			}
			$replica = $this->replicas->findByFile($targetId, (int)$file->getId(), $userId) ?? new Replica();
			$replica->setTargetId($targetId);
			$replica->setUserId($userId);
			$replica->setFileId((int)$file->getId());
			$replica->setPath($path);
			$replica->setDrivePath($drivePath); // where the copy it was restored from stands
			$replica->setSize($size);
			$replica->setMtime($file->getMTime());
			$replica->setEtag($file->getEtag());
			$replica->setChecksum($checksum);
			$replica->setReplicatedAt($this->time->getTime());
			$replica->getId() === null ? $this->replicas->insert($replica) : $this->replicas->update($replica);
		});
	}
}

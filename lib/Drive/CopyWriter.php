<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive;

use OCA\Mirror\Drive\Fd\DriveCalls;
use OCA\Mirror\Exception\ReplicationException;
use OCA\Mirror\Exception\UnsafePathException;

/**
 * Writing copies to the drive: staged to a new temporary file next to where each goes (hashed while
 * written), then committed in a batch (synced, renamed into place, the old content kept in the
 * trash, the folders synced), or discarded.
 */
final class CopyWriter {
	public function __construct(
		private readonly PathGuard $guard,
		private readonly IoCall $io,
		private readonly TemporaryCopy $temporary,
		private readonly NamePlacer $placer,
		private readonly DrivePaths $paths,
		private readonly DriveTrash $trash,
		private readonly MtimeKeeper $mtimes,
		private readonly ReadBack $readBack,
		private readonly BatchSync $batchSync,
		/** @var \Closure(): void Drive::ensureMounted() */
		private readonly \Closure $mounted,
		private readonly FolderSync $folderSync,
	) {
	}

	/**
	 * Creates a user's folder (and those above it) on the drive.
	 *
	 * @throws TargetOfflineException
	 * @throws ReplicationException
	 */
	public function ensureFolder(string $userId, string $path): void {
		$this->ensureMounted();
		$this->trash->folder($userId, $this->paths->segments($userId, $path, $this->placer->place($this->paths->names(), UserFolderName::for($userId), $userId, $path, true)));
	}

	/**
	 * Copies a stream to a user's file on the drive, atomically: stage() and commit() for one file.
	 *
	 * @param resource $source
	 * @param callable(): void $heartbeat called now and then during long copies
	 * @param bool $takenOver the work was taken over from a dead worker: remove its temporary files
	 * @return array{size: int, checksum: string}
	 * @throws TargetOfflineException
	 * @throws ReplicationException
	 */
	public function copyIn(string $userId, string $path, $source, int $mtime, int $size, callable $heartbeat, bool $takenOver = false, ?string $at = null): array {
		$staged = $this->stage($userId, $path, $source, $mtime, $size, $heartbeat, $takenOver, $at);
		$error = $this->commit([$staged])[0];
		if ($error !== null) {
			throw $error;
		}
		return ['size' => $staged->size, 'checksum' => $staged->checksum];
	}

	/**
	 * Writes a user's file to a new temporary file next to where it goes, hashing it. Nothing is in
	 * place, nor durable, until commit(); discard() drops it. Where it goes: $at, where the file's copy
	 * stands as recorded; a new file (null) is given its place (NamePlacer), and so is one whose place
	 * a case twin took meanwhile. StagedCopy::$drivePath says where, for the record.
	 *
	 * @param resource $source
	 * @param callable(): void $heartbeat
	 * @param string|null $at the copy's on-drive path as recorded (Replica::drivePath, or encodedPath()); null: a new copy
	 * @throws TargetOfflineException
	 * @throws ReplicationException
	 */
	public function stage(string $userId, string $path, $source, int $mtime, int $size, callable $heartbeat, bool $takenOver = false, ?string $at = null): StagedCopy {
		$this->ensureMounted();
		$max = $this->paths->names()->maxFileSize;
		if ($max !== null && $size > $max) {
			// refused before a byte is written, not after 4 GB of it
			throw new ReplicationException(sprintf('The mirror drive\'s filesystem (%s) cannot hold a file of %d bytes (at most %d)', $this->paths->names()->filesystem, $size, $max),
				ReplicationException::TOO_LARGE, null, ['path' => $path, 'detail' => 'largest file on this filesystem: ' . $max . ' bytes']);
		}
		$userFolder = UserFolderName::for($userId);
		if ($at === null || !$this->placer->isOwnPlace($this->paths->names(), $userFolder, $at)) {
			$at = $this->placer->place($this->paths->names(), $userFolder, $userId, $path);
		}
		$segments = $this->paths->segments($userId, $path, $at);
		$name = array_pop($segments);
		$dir = $this->trash->folder($userId, $segments);
		$this->assertNoLink($dir, $name);
		if ($takenOver) {
			$this->temporary->removeStrays($dir, $name);
		}
		$copy = $this->temporary->create($userId, $path, $dir, $name, $source, $size, $mtime, $heartbeat);
		$copy->drivePath = implode('/', [...array_slice($segments, 1), $name]);
		$this->placer->reserve($userFolder, $copy->drivePath, $path);
		return $copy;
	}

	/**
	 * Puts a batch of staged copies in place: every temporary file is made durable first (one
	 * syncfs of the drive's filesystem for the batch where BatchSync can, else one fdatasync each,
	 * back to back), then each is renamed over its destination (whatever stood there is kept in the
	 * trash), then the folders' new entries are made durable (one fsync each). A crash at any
	 * point leaves each destination with its old or its new content, never a mix. A copy whose sync,
	 * or whose folder's, fails (the drive's writeback failed) is reported, not in place as far as
	 * the records go: WRITE_BACK. Last, on a drive that may lie, each copy is read back from the
	 * drive (ReadBack).
	 *
	 * @param list<StagedCopy> $batch
	 * @return list<\Throwable|null> per copy, in order: null when it is in place (and read back the
	 *                                 same), else why not (a TargetOfflineException when the drive went
	 *                                 away; WRITE_BACK when its bytes or its folder's entries may not be
	 *                                 on the disk; READ_BACK when it is in place but the drive returned other bytes)
	 */
	public function commit(array $batch): array {
		$errors = array_fill(0, count($batch), null);
		$durable = $this->batchSync->sync($batch);
		foreach ($batch as $i => $copy) {
			try {
				$this->temporary->sync($copy, $durable);
			} catch (\Throwable $e) {
				$errors[$i] = $e;
			}
		}
		$dirs = [];
		foreach ($batch as $i => $copy) {
			if ($errors[$i] !== null) {
				continue;
			}
			try {
				$this->ensureMounted();
				$this->place($copy);
				$dirs[$copy->dir] = true;
			} catch (\Throwable $e) {
				$errors[$i] = $e;
				$this->temporary->discard($copy);
			}
		}
		foreach ($batch as $copy) {
			$this->placer->release(UserFolderName::for($copy->userId), (string)$copy->drivePath);
		}
		foreach (array_keys($dirs) as $dir) {
			try {
				$this->folderSync->sync($dir);
				$dirs[$dir] = null;
			} catch (ReplicationException $e) {
				$dirs[$dir] = $e;
			}
		}
		foreach ($batch as $i => $copy) {
			// in place, but its rename may not be on the disk: not recorded, so copied again (or found in place and recorded)
			$errors[$i] ??= $dirs[$copy->dir] ?? null;
		}
		return $this->readBack->check($batch, $errors);
	}

	/**
	 * Drops staged copies that will not be committed (the drive went away, the run ends).
	 *
	 * @param list<StagedCopy> $batch
	 */
	public function discard(array $batch): void {
		foreach ($batch as $copy) {
			$this->temporary->discard($copy);
			$this->placer->release(UserFolderName::for($copy->userId), (string)$copy->drivePath);
		}
	}

	/**
	 * @throws ReplicationException
	 */
	private function place(StagedCopy $copy): void {
		$this->temporary->assertSameFile($copy->temporary, $copy->inode);
		$this->io->call(fn () => $this->calls()->touch($copy->temporary, $copy->mtime), 'mtime', $copy->temporary);
		$copy->trashedAs = $this->trash->keepBeforeReplace($copy->userId, (string)$copy->drivePath, $copy->dest, $copy->checksum, $copy->size);
		$this->guard->assertInside($copy->dir);
		$this->temporary->assertSameFile($copy->temporary, $copy->inode);
		$this->io->call(fn () => $this->calls()->rename($copy->temporary, $copy->dest, true), 'place', $copy->dest);
		$this->mtimes->keepMtime($copy->dest, $copy->mtime);
	}

	/**
	 * No link may stand where the copy goes. Where the calls are race-free, looked at from the folder
	 * held for the batch (one statx of the name, no walk from the drive's root: the folder was opened
	 * without following a link); that also spares the common case, nothing there yet, PHP's warning
	 * of a failed lstat(), which Nextcloud's error handler receives even when silenced (1.5 % of the
	 * samples of a run of 2,000 photos, bench/README.md).
	 *
	 * @throws UnsafePathException
	 */
	private function assertNoLink(string $dir, string $name): void {
		if (!$this->calls()->raceFree()) {
			$this->guard->kindNoLink($dir . '/' . $name);
			return;
		}
		$stat = $this->calls()->lstatEach($dir, [$name])[0] ?? null;
		if ($stat !== null && PathGuard::kindOf($stat['mode']) === PathGuard::LINK) {
			throw $this->guard->linkFound($dir . '/' . $name);
		}
	}

	private function calls(): DriveCalls {
		return $this->guard->calls();
	}

	/**
	 * @throws TargetOfflineException
	 */
	private function ensureMounted(): void {
		($this->mounted)();
	}
}

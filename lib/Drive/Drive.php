<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive;

use OCA\Mirror\Db\Replica;
use OCA\Mirror\Db\Target;
use OCA\Mirror\Drive\Fd\DriveCalls;
use OCA\Mirror\Drive\Fd\FdCalls;
use OCA\Mirror\Drive\Fd\Libc;
use OCA\Mirror\Drive\Fd\PathCalls;
use OCA\Mirror\Exception\DamagedManifestException;
use OCA\Mirror\Exception\ReplicationException;
use OCA\Mirror\Exception\UnsafePathException;
use OCP\AppFramework\Utility\ITimeFactory;
use OCP\IBinaryFinder;

/**
 * One mirror target's filesystem, and the only code that reads or writes it: the marker, the
 * users' folders, the trash, free space, atomic copies, renames, and the rule for "this copy is
 * current". Paths given to it are relative to a user's files; it never follows a link on the drive.
 *
 * Nothing is written unless the marker proved the right drive is mounted: state() reads the
 * marker and remembers which folder (device and inode) it found it in; every operation first
 * checks that the target's path is still that folder (an unplugged drive leaves another one, the
 * bare mount point) and reads the marker again when it is not.
 *
 * This class is the façade the rest of Mirror calls, and keeps the mount guard and the drive's
 * identity (the marker, DriveMarker). Each other job is a class of its own, where its methods are
 * documented; the methods below the marker's hand over to them: path mapping (DrivePaths), reading
 * copies (CopyReader), writing them (CopyWriter), moves (DriveMoves), the trash (DriveTrash), the
 * manifest and the sync to disk (DriveManifest). It is over 400 lines for that one job: the one door
 * to the drive, each method a line handing over, and the decisions about where a recorded copy stands
 * (copyPathOf, folderOf, movedWith) are taken here, not by its callers.
 */
class Drive {
	public const MARKER = '.nextcloud-mirror';
	public const TRASH_DIR = '.mirror-trash';
	/** FAT keeps modification times with a 2 second resolution. */
	public const MTIME_TOLERANCE = 2;
	/**
	 * Filesystems whose driver loses a folder's content when the folder is renamed (fusefat 1.0: the
	 * renamed folder is empty, its files are gone, fsck finds their clusters unused). Files are
	 * renamed one by one there.
	 */
	public const LOSES_RENAMED_FOLDERS = ['fuse.fusefat', 'fusefat'];
	/** Below this much free space a target is reported full (it is still used for files that fit). */
	private const FULL_BELOW = 16 * 1024 * 1024;

	private readonly IoCall $io;
	private readonly PathGuard $guard;
	private readonly DriveMarker $marker;
	private readonly DrivePaths $paths;
	private readonly CopyReader $reader;
	private readonly CopyWriter $writer;
	private readonly DriveMoves $moves;
	private readonly DriveTrash $trash;
	private readonly TrashedCopy $trashedCopy;
	private readonly DriveManifest $manifestFiles;
	private readonly ReadBack $readBack;
	/** what the mounted drive's filesystem takes, found out once it is seen online */
	private ?DriveNames $names = null;
	/** whether the mounted drive is a dm-crypt block device (null: not known), found out with $names */
	private ?bool $encrypted = null;
	/** @var array{0: int, 1: int}|null the drive (device and inode of its root) $names was found for */
	private ?array $namesFor = null;
	/** @var array{0: int, 1: int}|null device and inode of the root where the marker was last found */
	private ?array $identity = null;
	/** libc of the race-free calls (null: calls on paths) */
	private readonly ?Libc $libc;

	public function __construct(
		private readonly Target $target,
		private readonly string $instanceId,
		private readonly ITimeFactory $time,
		?IBinaryFinder $binaries = null,
		?NameRecords $records = null,
		/** libc for race-free calls; null: the one this process has (Libc::load()), false: calls on paths */
		Libc|false|null $libc = null,
		/** the trash records a rename aside in the trash is told of (none: nothing is told) */
		?TrashRecords $trashRecords = null,
	) {
		$this->io = new IoCall();
		$root = rtrim($target->getPath(), '/');
		$libc ??= Libc::load();
		$this->libc = $libc === false ? null : $libc;
		$calls = $this->libc === null ? new PathCalls() : new FdCalls($root, $this->libc, fn (): ?array => $this->identity);
		$this->guard = new PathGuard($root, $this->io, 0755, $calls);
		$temporary = new TemporaryCopy($this->io, $this->guard, $binaries);
		$folderSync = new FolderSync($this->io);
		$this->marker = new DriveMarker($target, $instanceId, $time, $this->guard, $this->io, $temporary, $folderSync);
		$placer = new NamePlacer($this->guard, $records ?? new NoNameRecords());
		$mounted = $this->ensureMounted(...);
		$mtimes = new MtimeKeeper($this->guard, $this->io);
		$this->paths = new DrivePaths($this->guard, $placer, $this->names(...));
		$this->reader = new CopyReader($this->guard, $this->io, $temporary, $this->paths, $mounted);
		$trashFolder = new TrashFolder($this->guard, $this->io);
		$targetId = $target->getId();
		$movedAside = $trashRecords === null || $targetId === null ? null
			: static fn (string $userId, string $from, string $to) => $trashRecords->movedAside($targetId, $userId, $from, $to);
		$this->trash = new DriveTrash($this->guard, $this->io, $temporary, $placer, $this->paths, $mtimes, $trashFolder, $time, $mounted, $folderSync, $movedAside);
		$this->trashedCopy = new TrashedCopy($this->guard, $this->paths, $trashFolder, $temporary, $mounted);
		$this->readBack = new ReadBack($this->guard, $this->io, $target->getReadBack(), $this->names(...));
		$this->writer = new CopyWriter($this->guard, $this->io, $temporary, $placer, $this->paths, $this->trash, $mtimes, $this->readBack, new BatchSync($this->guard, $this->names(...)), $mounted, $folderSync);
		$this->moves = new DriveMoves($this->guard, $this->io, $placer, $this->paths, $this->trash, $mtimes, $mounted, $folderSync);
		$manifest = new Manifest($this->guard, $this->io);
		$this->manifestFiles = new DriveManifest($this->guard, $manifest, new ManifestShards($this->guard, $manifest, $this->io), new DiskSync($binaries, $folderSync), $this->paths, $mounted);
	}

	public function target(): Target {
		return $this->target;
	}

	/**
	 * Whether the target may be written to now, and if not why. Reads the marker.
	 */
	public function state(): TargetState {
		$this->identity = null;
		$this->calls()->release(); // the drive mounted now is looked at afresh
		$path = $this->guard->root();
		if (!$this->target->getEnabled()) {
			return new TargetState(false, TargetState::DISABLED, $path);
		}
		if (!(new ThisNode())->holds($this->target)) {
			// plugged into another server: nothing here may look at the path, let alone write to it
			return new TargetState(false, TargetState::OTHER_NODE, $path);
		}
		clearstatcache();
		$root = @stat($path);
		if ($root === false) {
			return new TargetState(false, TargetState::NOT_FOUND, $path);
		}
		if (!is_dir($path)) {
			return new TargetState(false, TargetState::NOT_DIRECTORY, $path);
		}
		$marker = $this->readMarker();
		if ($marker === null) {
			return new TargetState(false, TargetState::MARKER_MISSING, $path);
		}
		if (($marker['uuid'] ?? null) !== $this->target->getUuid() || ($marker['instanceId'] ?? null) !== $this->instanceId) {
			return new TargetState(false, TargetState::MARKER_MISMATCH, $path);
		}
		if (!$this->isWritable()) {
			return new TargetState(false, TargetState::NOT_WRITABLE, $path);
		}
		if ($this->namesFor !== [$root['dev'], $root['ino']]) {
			$this->names = DriveNames::probe($path); // another drive (or the first look): what does it take?
			$this->encrypted = (new BlockDevice())->encrypted($path);
			$this->namesFor = [$root['dev'], $root['ino']];
		}
		$this->identity = [$root['dev'], $root['ino']];
		[$free, $total] = $this->space();
		$readBack = $this->readBack->reason();
		if ($free !== null && $free < self::FULL_BELOW) {
			return new TargetState(true, TargetState::FULL, $path, $free, $total, $this->names, $readBack, $this->encrypted);
		}
		return new TargetState(true, null, $path, $free, $total, $this->names, $readBack, $this->encrypted);
	}

	/**
	 * @throws TargetOfflineException
	 */
	public function assertWritable(): TargetState {
		$state = $this->state();
		if (!$state->isWritable()) {
			throw new TargetOfflineException($state);
		}
		return $state;
	}

	/**
	 * Cheap proof, before each operation, that the drive whose marker was read is still mounted.
	 *
	 * @throws TargetOfflineException
	 */
	private function ensureMounted(): void {
		clearstatcache(true, $this->guard->root());
		$root = @stat($this->guard->root());
		if ($this->identity !== null && $root !== false && [$root['dev'], $root['ino']] === $this->identity) {
			return;
		}
		$this->assertWritable();
	}

	/**
	 * How changes on the drive are made (race-free with FFI, or on paths).
	 */
	private function calls(): DriveCalls {
		return $this->guard->calls();
	}

	/**
	 * Whether changes on this drive are race-free in this process (FFI's openat()), see DriveCalls.
	 */
	public function isRaceFree(): bool {
		return $this->calls()->raceFree();
	}

	/**
	 * Why copies are read back from this drive after writing (ReadBack::FUSE, REMOVABLE, SETTING), null
	 * when they are not; and whether this process can (it needs FFI to drop the page cache).
	 *
	 * @return array{reason: ReadBack::FUSE|ReadBack::REMOVABLE|ReadBack::SETTING|null, possible: bool}
	 */
	public function readBack(): array {
		return ['reason' => $this->readBack->reason(), 'possible' => $this->readBack->possible()];
	}

	/**
	 * Whether the web server user may write in the target's folder (whatever drive is mounted there).
	 */
	public function isWritable(): bool {
		return is_writable($this->guard->root());
	}

	/**
	 * @return array{0: int|null, 1: int|null} free and total bytes
	 */
	public function space(): array {
		$free = @disk_free_space($this->guard->root());
		$total = @disk_total_space($this->guard->root());
		return [$free === false ? null : (int)$free, $total === false ? null : (int)$total];
	}

	/**
	 * The marker's content; null when there is none (or it is not a plain file: never read through a link).
	 *
	 * @return array<string, mixed>|null
	 */
	public function readMarker(): ?array {
		return $this->marker->read();
	}

	/**
	 * Writes this target's marker atomically (adding or adopting a drive).
	 *
	 * @throws ReplicationException
	 */
	public function writeMarker(): void {
		$this->marker->write();
		$this->identity = null;
	}

	/**
	 * @param array{size: int, mtime: int} $stat
	 */
	public static function matches(array $stat, int $size, int $mtime): bool {
		return $stat['size'] === $size && abs($stat['mtime'] - $mtime) <= self::MTIME_TOLERANCE;
	}

	/**
	 * What the drive's filesystem takes (plain until it was seen online).
	 */
	public function names(): DriveNames {
		return $this->names ?? DriveNames::plain();
	}

	public function locate(string $userId, string $path, ?string $drivePath = null): string {
		return $this->paths->locate($userId, $path, $drivePath);
	}

	/** Where a recorded copy stands below its user's folder: its recorded place, or its path encoded for this drive. */
	public function copyPathOf(Replica $copy): string {
		return $copy->getDrivePath() ?? $this->paths->encodedPath($copy->getPath());
	}

	/**
	 * Where a user's folder stands below their folder: as the copies recorded below it say (a case
	 * twin's has a suffix), or, with none, where it was given its place.
	 *
	 * @param list<Replica> $below
	 */
	public function folderOf(string $userId, string $folder, array $below): string {
		return $below === []
			? $this->paths->unrecordedFolderAt($userId, $folder)
			: $this->paths->folderAt($folder, $below[0]->getPath(), $below[0]->getDrivePath());
	}

	/** Where a copy below $folder stands once the folder went to $folderDrive on the drive. */
	public function movedWith(string $folder, string $folderDrive, Replica $copy): string {
		return $this->paths->movedWith($folder, $folderDrive, $copy->getPath(), $copy->getDrivePath());
	}

	public function recordable(string $path, ?string $drivePath): ?string {
		return $this->paths->recordable($path, $drivePath);
	}

	/** @throws ReplicationException */
	public function isCurrent(string $userId, string $path, int $size, int $mtime, ?string $drivePath = null): bool {
		return $this->reader->isCurrent($userId, $path, $size, $mtime, $drivePath);
	}

	/**
	 * @return array{size: int, mtime: int}|null
	 * @throws ReplicationException
	 */
	public function stat(string $userId, string $path, ?string $drivePath = null): ?array {
		return $this->reader->stat($userId, $path, $drivePath);
	}

	/**
	 * @param array<array-key, string> $paths
	 * @param array<array-key, string|null> $drivePaths
	 * @return array<array-key, array{size: int, mtime: int}|UnsafePathException|null>
	 * @throws ReplicationException
	 */
	public function statMany(string $userId, array $paths, array $drivePaths = []): array {
		return $this->reader->statMany($userId, $paths, $drivePaths);
	}

	/**
	 * The copies among these that are not current, as statMany() answers for them (CopyReader::notCurrent()).
	 *
	 * @param array<array-key, string> $paths
	 * @param array<array-key, array{0: int, 1: int}> $recorded key => recorded size and modification time
	 * @param array<array-key, string|null> $drivePaths
	 * @return array<array-key, array{size: int, mtime: int}|UnsafePathException|null>
	 * @throws ReplicationException
	 */
	public function notCurrent(string $userId, array $paths, array $recorded, array $drivePaths = []): array {
		return $this->reader->notCurrent($userId, $paths, $recorded, $drivePaths);
	}

	/**
	 * notCurrent() for batches of one user's copies, each looked at while the caller reads its next
	 * batch: in a forked child where the calls are race-free in the CLI, else here (LookAhead).
	 */
	public function lookAhead(string $userId): LookAhead {
		return new LookAhead(fn (array $paths, array $recorded, array $drivePaths): array => $this->reader->notCurrent($userId, $paths, $recorded, $drivePaths),
			$this->calls()->raceFree() ? $this->libc : null);
	}

	/**
	 * @param (callable(): void)|null $heartbeat
	 * @throws ReplicationException
	 */
	public function checksum(string $userId, string $path, ?callable $heartbeat = null, ?string $drivePath = null, ?int $size = null): ?string {
		return $this->reader->checksum($userId, $path, $heartbeat, $drivePath, $size);
	}

	/**
	 * The scheduled check: see CopyReader::recheck().
	 *
	 * @param callable(int): void $onRead
	 * @throws TargetOfflineException|ReplicationException
	 */
	public function recheck(string $userId, string $path, ?string $drivePath, int $size, callable $onRead): ?string {
		return $this->reader->recheck($userId, $path, $drivePath, $size, $onRead);
	}

	/**
	 * @return resource|null
	 * @throws TargetOfflineException|ReplicationException
	 */
	public function openCopy(string $userId, string $path, ?string $drivePath = null) {
		return $this->reader->openCopy($userId, $path, $drivePath);
	}

	/**
	 * A recorded copy, at its recorded place.
	 *
	 * @return resource|null
	 * @throws TargetOfflineException|ReplicationException
	 */
	public function openCopyOf(Replica $copy) {
		return $this->reader->openCopy($copy->getUserId(), $copy->getPath(), $copy->getDrivePath());
	}

	/**
	 * @return resource|null
	 * @throws TargetOfflineException|ReplicationException
	 */
	public function openTrashed(string $userId, string $trashPath) {
		return $this->reader->openTrashed($userId, $trashPath);
	}

	public function isFolder(string $userId, string $path, ?string $drivePath = null): bool {
		return $this->reader->isFolder($userId, $path, $drivePath);
	}

	/** @throws TargetOfflineException|ReplicationException */
	public function head(string $userId, string $path, int $bytes, ?string $drivePath = null): ?string {
		return $this->reader->head($userId, $path, $bytes, $drivePath);
	}

	/** @throws TargetOfflineException|ReplicationException */
	public function ensureFolder(string $userId, string $path): void {
		$this->writer->ensureFolder($userId, $path);
	}

	/**
	 * @param resource $source
	 * @param callable(): void $heartbeat
	 * @return array{size: int, checksum: string}
	 * @throws TargetOfflineException|ReplicationException
	 */
	public function copyIn(string $userId, string $path, $source, int $mtime, int $size, callable $heartbeat, bool $takenOver = false, ?string $at = null): array {
		return $this->writer->copyIn($userId, $path, $source, $mtime, $size, $heartbeat, $takenOver, $at);
	}

	/**
	 * @param resource $source
	 * @param callable(): void $heartbeat
	 * @throws TargetOfflineException|ReplicationException
	 */
	public function stage(string $userId, string $path, $source, int $mtime, int $size, callable $heartbeat, bool $takenOver = false, ?string $at = null): StagedCopy {
		$this->calls()->hold(); // a batch: its folders stay open until commit() or discard() (FdCalls)
		return $this->writer->stage($userId, $path, $source, $mtime, $size, $heartbeat, $takenOver, $at);
	}

	/**
	 * @param list<StagedCopy> $batch
	 * @return list<\Throwable|null>
	 */
	public function commit(array $batch): array {
		try {
			return $this->writer->commit($batch);
		} finally {
			$this->calls()->release();
		}
	}

	/** @param list<StagedCopy> $batch */
	public function discard(array $batch): void {
		try {
			$this->writer->discard($batch);
		} finally {
			$this->calls()->release();
		}
	}

	/** @throws TargetOfflineException|ReplicationException */
	public function rename(string $userId, string $from, string $to, ?string $fromDrive = null, bool $folder = false): ?string {
		return $this->moves->rename($userId, $from, $to, $fromDrive, $folder);
	}

	/** @throws TargetOfflineException|ReplicationException */
	public function untrash(string $userId, string $trashPath, string $path, ?int $size = null): ?string {
		return $this->moves->untrash($userId, $trashPath, $path, $size);
	}

	/** @throws TargetOfflineException|ReplicationException */
	public function moveToTrash(string $userId, string $path, ?string $drivePath = null): ?string {
		return $this->trash->moveToTrash($userId, $path, $drivePath);
	}

	/**
	 * Where a copy whose record still names its place is in the trash unrecorded (a move to the trash
	 * a replug kept, and not its undo: TrashedCopy); null when it is not.
	 *
	 * @throws TargetOfflineException
	 */
	public function trashedCopy(string $userId, string $path, ?string $drivePath, int $size, string $checksum): ?string {
		return $this->trashedCopy->find($userId, $path, $drivePath, $size, $checksum);
	}

	/**
	 * @return list<array{folder: string, day: string}>
	 * @throws TargetOfflineException
	 */
	public function trashDays(): array {
		return $this->trash->trashDays();
	}

	/** @throws TargetOfflineException */
	public function pruneTrashDay(string $folder, string $day): int {
		return $this->trash->pruneTrashDay($folder, $day);
	}

	/**
	 * @param iterable<array{fileId?: int, path: string, sha256: string, size: int, mtime: int, drivePath?: string|null}> $entries
	 * @throws TargetOfflineException
	 */
	public function writeManifest(string $userId, iterable $entries, RecoveryKey $key): int {
		return $this->manifestFiles->writeManifest($userId, $entries, $key);
	}

	/**
	 * @param iterable<array{fileId?: int, path: string, sha256: string, size: int, mtime: int, drivePath?: string|null}> $entries
	 * @param array<int, array{file: string, hmac: string, entries: int}> $kept
	 * @throws TargetOfflineException
	 */
	public function writeManifestShards(string $userId, int $width, iterable $entries, array $kept, RecoveryKey $key): int {
		return $this->manifestFiles->writeShards($userId, $width, $entries, $kept, $key);
	}

	/**
	 * @return array{width: int, shards: array<int, array{file: string, hmac: string, entries: int}>, missing: list<int>}|null
	 * @throws TargetOfflineException
	 */
	public function manifestShards(string $userId, RecoveryKey $key, int $maxBytes): ?array {
		return $this->manifestFiles->manifestShards($userId, $key, $maxBytes);
	}

	/**
	 * @param list<string> $userIds
	 * @throws TargetOfflineException
	 */
	public function syncToDisk(array $userIds): bool {
		return $this->manifestFiles->syncToDisk($userIds);
	}

	/** @throws TargetOfflineException|DamagedManifestException */
	public function readManifest(string $userId, RecoveryKey $key, int $maxBytes): ?ManifestReading {
		return $this->manifestFiles->readManifest($userId, $key, $maxBytes);
	}

	/** @throws TargetOfflineException */
	public function hasManifest(string $userId): bool {
		return $this->manifestFiles->hasManifest($userId);
	}
}

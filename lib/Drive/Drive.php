<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive;

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
	private const LOSES_RENAMED_FOLDERS = ['fuse.fusefat', 'fusefat'];
	/** Below this much free space a target is reported full (it is still used for files that fit). */
	private const FULL_BELOW = 16 * 1024 * 1024;

	private readonly IoCall $io;
	private readonly PathGuard $guard;
	private readonly TemporaryCopy $temporary;
	private readonly TrashFolder $trash;
	private readonly Manifest $manifest;
	private readonly NamePlacer $placer;
	private readonly DiskSync $diskSync;
	/** what the mounted drive's filesystem takes, found out once it is seen online */
	private ?DriveNames $names = null;
	/** @var array{0: int, 1: int}|null the drive (device and inode of its root) $names was found for */
	private ?array $namesFor = null;
	/** @var array{0: int, 1: int}|null device and inode of the root where the marker was last found */
	private ?array $identity = null;

	public function __construct(
		private readonly Target $target,
		private readonly string $instanceId,
		private readonly ITimeFactory $time,
		?IBinaryFinder $binaries = null,
		?NameRecords $records = null,
		/** libc for race-free calls; null: the one this process has (Libc::load()), false: calls on paths */
		Libc|false|null $libc = null,
	) {
		$this->io = new IoCall();
		$root = rtrim($target->getPath(), '/');
		$libc ??= Libc::load();
		$calls = $libc === false || $libc === null ? new PathCalls() : new FdCalls($root, $libc, fn (): ?array => $this->identity);
		$this->guard = new PathGuard($root, $this->io, 0755, $calls);
		$this->temporary = new TemporaryCopy($this->io, $this->guard, $binaries);
		$this->trash = new TrashFolder($this->guard, $this->io);
		$this->manifest = new Manifest($this->guard, $this->io);
		$this->placer = new NamePlacer($this->guard, $records ?? new NoNameRecords());
		$this->diskSync = new DiskSync($binaries);
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
			return new TargetState(false, TargetState::DISABLED, 'The target is disabled.');
		}
		clearstatcache();
		$root = @stat($path);
		if ($root === false) {
			return new TargetState(false, TargetState::NOT_FOUND, 'The folder ' . $path . ' does not exist: is the drive mounted?');
		}
		if (!is_dir($path)) {
			return new TargetState(false, TargetState::NOT_DIRECTORY, $path . ' is not a folder.');
		}
		$marker = $this->readMarker();
		if ($marker === null) {
			return new TargetState(false, TargetState::MARKER_MISSING, 'The marker file ' . self::MARKER . ' is missing in ' . $path . ': the drive is not mounted (or is a new, blank drive that must be adopted).');
		}
		if (($marker['uuid'] ?? null) !== $this->target->getUuid() || ($marker['instanceId'] ?? null) !== $this->instanceId) {
			return new TargetState(false, TargetState::MARKER_MISMATCH, 'The drive mounted at ' . $path . ' belongs to another mirror target or another Nextcloud; adopt it to use it for this target.');
		}
		if (!$this->isWritable()) {
			return new TargetState(false, TargetState::NOT_WRITABLE, 'Nextcloud cannot write to ' . $path . ' (check the owner and permissions, or a read-only mount).');
		}
		if ($this->namesFor !== [$root['dev'], $root['ino']]) {
			$this->names = DriveNames::probe($path); // another drive (or the first look): what does it take?
			$this->namesFor = [$root['dev'], $root['ino']];
		}
		$this->identity = [$root['dev'], $root['ino']];
		[$free, $total] = $this->space();
		if ($free !== null && $free < self::FULL_BELOW) {
			return new TargetState(true, TargetState::FULL, 'The drive is full.', $free, $total, $this->names);
		}
		return new TargetState(true, null, 'Online.', $free, $total, $this->names);
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
		$file = $this->guard->root() . '/' . self::MARKER;
		if ($this->guard->kind($file) !== PathGuard::FILE) {
			return null;
		}
		$content = @file_get_contents($file, false, null, 0, 65536);
		if ($content === false) {
			return null;
		}
		$data = json_decode($content, true);
		return is_array($data) ? $data : [];
	}

	/**
	 * Writes this target's marker atomically (adding or adopting a drive).
	 *
	 * @throws ReplicationException
	 */
	public function writeMarker(): void {
		$now = $this->time->getTime();
		$json = json_encode([
			'app' => 'mirror',
			'uuid' => $this->target->getUuid(),
			'instanceId' => $this->instanceId,
			'createdAt' => $now,
			'about' => 'This drive is a Nextcloud Mirror target. Do not delete this file: without it nothing is copied here.',
		], JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES) . "\n";
		$root = $this->guard->root();
		$this->guard->assertInside($root);
		if ($this->guard->kind($root . '/' . self::MARKER) === PathGuard::LINK) {
			throw $this->guard->linkFound($root . '/' . self::MARKER);
		}
		$source = fopen('php://memory', 'w+b');
		fwrite($source, $json);
		rewind($source);
		$tmp = $this->temporary->create('', self::MARKER, $root, self::MARKER, $source, strlen($json), $now, static function (): void {
		});
		fclose($source);
		$this->temporary->sync($tmp);
		$this->io->call(fn () => $this->calls()->rename($tmp->temporary, $tmp->dest, true), 'marker', $tmp->dest);
		$this->identity = null;
	}

	/**
	 * The path of a user's file on the drive, for admins' eyes (occ, logs); never for users.
	 *
	 * @param string|null $drivePath where the copy stands below the user's folder, as recorded (null: the encoded path)
	 */
	public function locate(string $userId, string $path, ?string $drivePath = null): string {
		return $this->guard->path($this->segments($userId, $path, $drivePath));
	}

	/**
	 * A path of the user's files with the names this drive refuses encoded: where a copy stands
	 * unless its record says otherwise.
	 */
	public function encodedPath(string $path): string {
		return implode('/', $this->driveSegments($path));
	}

	/**
	 * Where a folder stands on the drive (below the user's folder), read from a copy recorded below it.
	 *
	 * @param string $path the copy's path, below $folder
	 * @param string|null $drivePath the copy's on-drive path as recorded
	 */
	public function folderAt(string $folder, string $path, ?string $drivePath): string {
		$onDrive = PathGuard::segments($drivePath ?? $this->encodedPath($path));
		return implode('/', array_slice($onDrive, 0, count(PathGuard::segments($folder))));
	}

	/**
	 * Where a folder no copy is recorded below stands on the drive (below the user's folder): where
	 * it was given its place (NamePlacer), as ensureFolder() did. Not simply its encoded path: to a
	 * drive that ignores case, "photos" opens its case twin's folder "Photos".
	 */
	public function unrecordedFolderAt(string $userId, string $folder): string {
		$at = $this->placer->place($this->names(), UserFolderName::for($userId), $userId, $folder, true);
		// the folder is looked for, not created: its place is not remembered for the copies to come
		$this->placer->forget();
		return $at;
	}

	/**
	 * Where a copy below $folder stands once the folder was renamed to $folderDrive on the drive.
	 */
	public function movedWith(string $folder, string $folderDrive, string $path, ?string $drivePath): string {
		$onDrive = PathGuard::segments($drivePath ?? $this->encodedPath($path));
		return implode('/', [...PathGuard::segments($folderDrive), ...array_slice($onDrive, count(PathGuard::segments($folder)))]);
	}

	/**
	 * What to record as a copy's on-drive path: null when it is the encoded path (most copies).
	 */
	public function recordable(string $path, ?string $drivePath): ?string {
		return $drivePath === null || $drivePath === $this->encodedPath($path) ? null : $drivePath;
	}

	/**
	 * The one rule for "the copy on the drive is current": a plain file of the recorded size and
	 * modification time (within FAT's 2 seconds). Content is proved by mirror:verify.
	 *
	 * @throws ReplicationException a link on the way
	 */
	public function isCurrent(string $userId, string $path, int $size, int $mtime, ?string $drivePath = null): bool {
		$stat = $this->stat($userId, $path, $drivePath);
		return $stat !== null && self::matches($stat, $size, $mtime);
	}

	/**
	 * @param array{size: int, mtime: int} $stat
	 */
	public static function matches(array $stat, int $size, int $mtime): bool {
		return $stat['size'] === $size && abs($stat['mtime'] - $mtime) <= self::MTIME_TOLERANCE;
	}

	/**
	 * Size and modification time of a user's mirror copy; null when there is no plain file there.
	 *
	 * @return array{size: int, mtime: int}|null
	 * @throws ReplicationException a link on the way
	 */
	public function stat(string $userId, string $path, ?string $drivePath = null): ?array {
		$segments = $this->segments($userId, $path, $drivePath);
		$name = array_pop($segments);
		if ($this->guard->folder($segments) === null) {
			return null;
		}
		$file = $this->guard->path([...$segments, $name]);
		$stat = $this->guard->lstat($file); // one lstat for the kind and the numbers
		if ($stat !== null && PathGuard::kindOf($stat['mode']) === PathGuard::LINK) {
			throw $this->guard->linkFound($file);
		}
		return $stat === null || PathGuard::kindOf($stat['mode']) !== PathGuard::FILE ? null : ['size' => $stat['size'], 'mtime' => $stat['mtime']];
	}

	/**
	 * stat() of many of a user's copies, for what it costs to look at each once: the copies are taken
	 * folder by folder, each folder is walked (PathGuard::walk(), every folder on the way looked at
	 * with lstat, a link refused) once for all of its copies, its copies are looked at, then the folder
	 * is walked again and must be the same folders (device and inode). A folder swapped for a link, or
	 * renamed, while its copies were looked at is caught by the second walk: its copies are then looked
	 * at again one by one, by stat(), and nothing read in between is returned. As with every check in
	 * PathGuard (PHP has no openat()), what is not caught is a writer who swaps a folder for a link and
	 * puts the same folder back between the two walks, milliseconds apart here instead of microseconds:
	 * at worst a size and a time read elsewhere, never a write (a copy walks the folders again itself).
	 *
	 * @param array<array-key, string> $paths key => path in the user's files
	 * @param array<array-key, string|null> $drivePaths key => on-drive path as recorded (none, null: the encoded path)
	 * @return array<array-key, array{size: int, mtime: int}|UnsafePathException|null> key => what stat()
	 *                                                                                   returns, or the exception it throws for a link on the way
	 * @throws ReplicationException a path that stat() refuses too (a ".." in it)
	 */
	public function statMany(string $userId, array $paths, array $drivePaths = []): array {
		/** @var array<string, array{0: list<string>, 1: array<array-key, string>}> $folders folder => its on-drive segments, and key => on-drive name */
		$folders = [];
		foreach ($paths as $key => $path) {
			$drivePath = $drivePaths[$key] ?? null;
			// the same segments as segments() gives, split once per folder instead of once per copy
			$slash = strrpos($path, '/');
			$name = $slash === false ? $path : substr($path, $slash + 1);
			$parent = $slash === false ? '' : substr($path, 0, $slash);
			if ($drivePath !== null || $name === '' || $name === '.' || $name === '..' || str_contains($name, "\0")) {
				$segments = $this->segments($userId, $path, $drivePath); // throws for "..", else what is left of "a/b/."
				$name = array_pop($segments);
				$parent = "\0" . implode('/', $segments); // a group of its own
				$folders[$parent] ??= [$segments, []];
			} else {
				$folders[$parent] ??= [$this->segments($userId, $parent), []];
				$name = $this->names()->encode($name);
			}
			$folders[$parent][1][$key] = $name;
		}
		$result = [];
		foreach ($folders as [$segments, $names]) {
			$result += $this->statFolder($userId, $segments, $names, $paths, $drivePaths);
		}
		return $result;
	}

	/**
	 * @param list<string> $segments
	 * @param array<array-key, string> $names key => name in that folder
	 * @param array<array-key, string> $paths key => path in the user's files
	 * @param array<array-key, string|null> $drivePaths
	 * @return array<array-key, array{size: int, mtime: int}|UnsafePathException|null>
	 */
	private function statFolder(string $userId, array $segments, array $names, array $paths, array $drivePaths): array {
		try {
			$before = $this->guard->walk($segments);
		} catch (UnsafePathException $e) {
			return array_fill_keys(array_keys($names), $e);
		}
		if ($before === null) {
			return array_fill_keys(array_keys($names), null);
		}
		$folder = $this->guard->path($segments);
		$stats = $this->guard->lstatEntries($folder, $names);
		try {
			$same = $this->guard->walk($segments) === $before;
		} catch (UnsafePathException) {
			$same = false;
		}
		$result = [];
		foreach ($names as $key => $name) {
			if (!$same) { // changed while we looked: each copy again, the careful way
				try {
					$result[$key] = $this->stat($userId, $paths[$key], $drivePaths[$key] ?? null);
				} catch (UnsafePathException $e) {
					$result[$key] = $e;
				}
				continue;
			}
			$stat = $stats[$key];
			$kind = $stat === null ? null : PathGuard::kindOf($stat['mode']);
			if ($kind === PathGuard::LINK) {
				$result[$key] = $this->guard->linkFound($folder . '/' . $name);
			} else {
				$result[$key] = $stat === null || $kind !== PathGuard::FILE ? null : ['size' => $stat['size'], 'mtime' => $stat['mtime']];
			}
		}
		return $result;
	}

	/**
	 * sha256 of a user's mirror copy; null when there is no plain file there. With $size (the
	 * recorded one), the open copy's size comes first: a different one fails before a byte is read.
	 *
	 * @param (callable(): void)|null $heartbeat
	 * @throws ReplicationException a link on the way, a read error, DIFFERENT_SIZE
	 */
	public function checksum(string $userId, string $path, ?callable $heartbeat = null, ?string $drivePath = null, ?int $size = null): ?string {
		if ($this->stat($userId, $path, $drivePath) === null) {
			return null;
		}
		return $this->temporary->checksum($this->locate($userId, $path, $drivePath), $heartbeat, 'sha256', $size);
	}

	/**
	 * Opens a user's copy for reading (a restore); null when there is no plain file there. Never
	 * through a link.
	 *
	 * @return resource|null
	 * @throws TargetOfflineException
	 * @throws ReplicationException a link on the way or at the path
	 */
	public function openCopy(string $userId, string $path, ?string $drivePath = null) {
		$this->ensureMounted();
		$file = $this->existing($userId, $path, $drivePath);
		return $file === null ? null : $this->openPlainFile($file);
	}

	/**
	 * Opens a file in a user's trash ("2026-11-30/Photos/a.jpg", as recorded); null when there is none.
	 *
	 * @return resource|null
	 * @throws TargetOfflineException
	 * @throws ReplicationException a link on the way or at the path
	 */
	public function openTrashed(string $userId, string $trashPath) {
		$this->ensureMounted();
		$segments = [self::TRASH_DIR, UserFolderName::for($userId), ...PathGuard::segments($trashPath)];
		$name = array_pop($segments);
		$dir = $this->guard->folder($segments);
		return $dir === null ? null : $this->openPlainFile($dir . '/' . $name);
	}

	/**
	 * @return resource|null
	 */
	private function openPlainFile(string $file) {
		if ($this->guard->kindNoLink($file) !== PathGuard::FILE) {
			return null;
		}
		$this->guard->assertInside(dirname($file));
		$handle = $this->io->attempt(fn () => $this->calls()->openRead($file));
		return $handle === false ? null : $handle;
	}

	public function isFolder(string $userId, string $path, ?string $drivePath = null): bool {
		return $this->guard->folder($this->segments($userId, $path, $drivePath)) !== null;
	}

	/**
	 * Creates a user's folder (and those above it) on the drive.
	 *
	 * @throws TargetOfflineException
	 * @throws ReplicationException
	 */
	public function ensureFolder(string $userId, string $path): void {
		$this->ensureMounted();
		$this->folder($userId, $this->segments($userId, $path, $this->placer->place($this->names(), UserFolderName::for($userId), $userId, $path, true)));
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
		$max = $this->names()->maxFileSize;
		if ($max !== null && $size > $max) {
			// refused before a byte is written, not after 4 GB of it
			throw new ReplicationException(sprintf('The mirror drive\'s filesystem (%s) cannot hold a file of %d bytes (at most %d)', $this->names()->filesystem, $size, $max),
				ReplicationException::TOO_LARGE, null, ['path' => $path, 'detail' => 'largest file on this filesystem: ' . $max . ' bytes']);
		}
		$userFolder = UserFolderName::for($userId);
		if ($at === null || !$this->placer->isOwnPlace($this->names(), $userFolder, $at)) {
			$at = $this->placer->place($this->names(), $userFolder, $userId, $path);
		}
		$segments = $this->segments($userId, $path, $at);
		$name = array_pop($segments);
		$dir = $this->folder($userId, $segments);
		$this->guard->kindNoLink($dir . '/' . $name);
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
	 * fdatasync each, back to back), then each is renamed over its destination (whatever stood
	 * there is kept in the trash), then the folders' new entries are made durable. A crash at any
	 * point leaves each destination with its old or its new content, never a mix.
	 *
	 * @param list<StagedCopy> $batch
	 * @return list<\Throwable|null> per copy, in order: null when it is in place, else why not
	 *                                 (a TargetOfflineException when the drive went away)
	 */
	public function commit(array $batch): array {
		$errors = array_fill(0, count($batch), null);
		foreach ($batch as $i => $copy) {
			try {
				$this->temporary->sync($copy);
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
			$this->syncFolder($dir);
		}
		return $errors;
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
		$copy->trashedAs = $this->keepBeforeReplace($copy->userId, (string)$copy->drivePath, $copy->dest, $copy->checksum, $copy->size);
		$this->guard->assertInside($copy->dir);
		$this->temporary->assertSameFile($copy->temporary, $copy->inode);
		$this->io->call(fn () => $this->calls()->rename($copy->temporary, $copy->dest, true), 'place', $copy->dest);
		$this->keepMtime($copy->dest, $copy->mtime);
	}

	/**
	 * Makes a folder's entries (the renames into it) durable. Best effort: some filesystems (FUSE)
	 * refuse to sync a folder; their renames are as durable as they make them.
	 */
	private function syncFolder(string $dir): void {
		$handle = @fopen($dir, 'r');
		if ($handle !== false) {
			@fsync($handle);
			fclose($handle);
		}
	}

	/**
	 * Renames a user's file or folder on the drive. Never replaces anything. The new name is given
	 * its place as a new copy's is (NamePlacer): on a drive that ignores case, beside a case twin it
	 * gets a suffix.
	 *
	 * @param string|null $fromDrive where it stands below the user's folder, as recorded (null: the encoded path)
	 * @param bool $folder it is a folder (not renamed at once where the filesystem would lose its content: null)
	 * @return string|null where it went below the user's folder, for the record; null when there is
	 *                     nothing to rename or something already stands there
	 * @throws TargetOfflineException
	 * @throws ReplicationException
	 */
	public function rename(string $userId, string $from, string $to, ?string $fromDrive = null, bool $folder = false): ?string {
		$this->ensureMounted();
		if ($folder && in_array($this->names()->filesystem, self::LOSES_RENAMED_FOLDERS, true)) {
			return null; // the callers rename file by file instead
		}
		$old = $this->existing($userId, $from, $fromDrive);
		if ($old === null) {
			return null;
		}
		$fromSegments = $this->segments($userId, $from, $fromDrive);
		$toNames = PathGuard::segments($to);
		$toName = $this->names()->encode((string)end($toNames));
		// a change of case only ("a.jpg" -> "A.jpg") of a name the drive holds unsuffixed: to a drive that
		// ignores case that is the same entry, renamed in place
		$caseOnly = PathGuard::segments(dirname('/' . $from)) === array_slice($toNames, 0, -1)
			&& $this->names()->caseInsensitive && $this->names()->same((string)end($fromSegments), $toName);
		$toDrive = $caseOnly
			? implode('/', [...array_slice($fromSegments, 1, -1), $toName])
			: $this->placer->place($this->names(), UserFolderName::for($userId), $userId, $to, $folder);
		$toSegments = $this->segments($userId, $to, $toDrive);
		if (array_slice($toSegments, 0, count($fromSegments)) === $fromSegments) {
			return null; // into itself (Photos -> Photos/Old): the callers copy anew instead
		}
		$toName = array_pop($toSegments);
		$toParent = $this->guard->folder($toSegments);
		if (!$caseOnly && $toParent !== null && $this->guard->kindNoLink($toParent . '/' . $toName) !== null) {
			return null;
		}
		$toDir = $this->folder($userId, $toSegments);
		$new = $toDir . '/' . $toName;
		clearstatcache(true, $old);
		$mtime = @filemtime($old);
		$this->guard->assertInside(dirname($old));
		$this->guard->assertInside($toDir);
		if ($this->guard->kind($old) === PathGuard::DIR) {
			$this->placer->forget(); // the folders below it stand elsewhere now
		}
		if ($caseOnly) {
			$this->renameCaseOnly($old, $new);
		} else {
			$this->io->call(fn () => $this->calls()->rename($old, $new, false), 'rename', $new);
		}
		if ($mtime !== false) {
			$this->keepMtime($new, $mtime);
		}
		return implode('/', [...array_slice($toSegments, 1), $toName]);
	}

	/**
	 * "a.jpg" -> "A.jpg" on a drive that ignores case, through a name of its own: fusefat damages a
	 * file renamed straight onto its other spelling (all but its first cluster is lost).
	 */
	private function renameCaseOnly(string $old, string $new): void {
		$aside = dirname($new) . '/.mirror-' . bin2hex(random_bytes(8)) . '.part';
		$this->io->call(fn () => $this->calls()->rename($old, $aside, false), 'rename', $new);
		try {
			$this->guard->assertInside(dirname($new));
			$this->io->call(fn () => $this->calls()->rename($aside, $new, false), 'rename', $new);
		} catch (\Throwable $e) {
			$this->io->attempt(fn () => $this->calls()->rename($aside, $old, false)); // back where it was, for the next try
			throw $e;
		}
	}

	/**
	 * Puts a file of a user's trash ("2026-11-30/Photos/a.jpg", as recorded) back at its place in the
	 * user's folder: a deleted file restored into Nextcloud with these very bytes, so the copy is
	 * current again and nothing needs copying. Its place is given as a new copy's is (NamePlacer): on
	 * a drive that ignores case, a case twin's file goes back to its own folder, not into its twin's.
	 * Never replaces anything, never through a link.
	 *
	 * Called from a web request too (the Files sidebar's "Restore deleted files"): there, on paths
	 * with PathGuard's checks, not race-free (README).
	 *
	 * @param int|null $size the recorded size: a file of another size there is not the one recorded
	 * @return string|null where it went below the user's folder, for the record; null when no plain
	 *                     file (of $size bytes) is at $trashPath or something already stands at its place
	 * @throws TargetOfflineException
	 * @throws ReplicationException
	 */
	public function untrash(string $userId, string $trashPath, string $path, ?int $size = null): ?string {
		$this->ensureMounted();
		$segments = [self::TRASH_DIR, UserFolderName::for($userId), ...PathGuard::segments($trashPath)];
		$name = array_pop($segments);
		$dir = $this->guard->folder($segments);
		if ($dir === null || $this->guard->kindNoLink($dir . '/' . $name) !== PathGuard::FILE) {
			return null;
		}
		$old = $dir . '/' . $name;
		if ($size !== null && ($this->guard->lstat($old)['size'] ?? null) !== $size) {
			return null; // not the file recorded: the worker copies the restored file instead
		}
		$toSegments = $this->segments($userId, $path, $this->placer->place($this->names(), UserFolderName::for($userId), $userId, $path));
		$toName = array_pop($toSegments);
		$toParent = $this->guard->folder($toSegments);
		if ($toParent !== null && $this->guard->kindNoLink($toParent . '/' . $toName) !== null) {
			return null;
		}
		$toDir = $this->folder($userId, $toSegments);
		$new = $toDir . '/' . $toName;
		clearstatcache(true, $old);
		$mtime = @filemtime($old);
		$this->guard->assertInside($dir);
		$this->guard->assertInside($toDir);
		$this->io->call(fn () => $this->calls()->rename($old, $new, false), 'rename', $new);
		if ($mtime !== false) {
			$this->keepMtime($new, $mtime);
		}
		$this->syncFolder($toDir);
		return implode('/', [...array_slice($toSegments, 1), $toName]);
	}

	/**
	 * Moves a user's file or folder into the trash (<target>/.mirror-trash/<user>/<date>/<path>):
	 * a deletion never destroys the backup.
	 *
	 * @return string|null where it went, below the user's trash folder ("2026-12-01/Photos/a.jpg"); null when nothing was there
	 * @throws TargetOfflineException
	 * @throws ReplicationException
	 */
	public function moveToTrash(string $userId, string $path, ?string $drivePath = null): ?string {
		$this->ensureMounted();
		$entry = $this->existing($userId, $path, $drivePath);
		if ($entry === null) {
			return null;
		}
		return $this->trashEntry($userId, array_slice($this->segments($userId, $path, $drivePath), 1), $entry, true);
	}

	/**
	 * The first bytes of a user's copy (what the tripwire compares with the file's type); null when there is none.
	 *
	 * @throws TargetOfflineException
	 * @throws ReplicationException a link on the way or at the path
	 */
	public function head(string $userId, string $path, int $bytes, ?string $drivePath = null): ?string {
		$this->ensureMounted();
		$file = $this->existing($userId, $path, $drivePath);
		if ($file === null || $this->guard->kind($file) !== PathGuard::FILE) {
			return null;
		}
		$handle = $this->io->attempt(fn () => $this->calls()->openRead($file));
		if ($handle === false) {
			return null;
		}
		$head = fread($handle, max(1, $bytes));
		fclose($handle);
		return $head === false ? null : $head;
	}

	/**
	 * Rewrites a user's manifest on the drive (sha256sum format, and a JSON index signed with the recovery key).
	 *
	 * @param iterable<array{path: string, sha256: string, size: int, mtime: int, drivePath?: string|null}> $entries paths inside
	 *                                                                                                              the user's files, and where the copy stands as recorded (null: the encoded path)
	 * @return int how many entries
	 * @throws TargetOfflineException
	 */
	public function writeManifest(string $userId, iterable $entries, RecoveryKey $key): int {
		$this->ensureMounted();
		$onDrive = (function () use ($entries): \Generator {
			foreach ($entries as $entry) {
				// sha256sum reads the names as they are on the drive (encoded where its filesystem refuses a character, suffixed for a case twin)
				yield ['path' => $entry['path'], 'sha256' => $entry['sha256'], 'size' => $entry['size'], 'mtime' => $entry['mtime'],
					'drivePath' => $entry['drivePath'] ?? $this->encodedPath($entry['path'])];
			}
		})();
		return $this->manifest->write(UserFolderName::for($userId), $onDrive, $key);
	}

	/**
	 * Everything written to the drive reaches the disk (before it is called safe to unplug).
	 *
	 * @param list<string> $userIds whose folders are synced when the whole filesystem cannot be
	 * @return bool true when the whole filesystem was synced (syncfs), false when only the folders
	 * @throws TargetOfflineException
	 */
	public function syncToDisk(array $userIds): bool {
		$this->ensureMounted();
		$root = $this->guard->root();
		$folders = [];
		foreach ($userIds as $userId) {
			$folder = $root . '/' . UserFolderName::for($userId);
			if ($this->guard->kind($folder) === PathGuard::DIR) {
				$folders[] = $folder;
			}
		}
		return $this->diskSync->filesystemOf($root, $folders);
	}

	/**
	 * A user's manifest as found on the drive, read within bounds (see Manifest::read()); null when there is none.
	 *
	 * @param int $maxBytes a larger manifest is refused before a byte of it is read
	 * @throws TargetOfflineException
	 * @throws DamagedManifestException
	 */
	public function readManifest(string $userId, RecoveryKey $key, int $maxBytes): ?ManifestReading {
		$this->ensureMounted();
		return $this->manifest->read(UserFolderName::for($userId), $key, $maxBytes);
	}

	/**
	 * Whether the drive holds a manifest for the user (nothing of it is read).
	 *
	 * @throws TargetOfflineException
	 */
	public function hasManifest(string $userId): bool {
		$this->ensureMounted();
		$dir = $this->guard->folder([Manifest::DIR]);
		return $dir !== null && $this->guard->kind($dir . '/' . UserFolderName::for($userId) . '.json') === PathGuard::FILE;
	}

	/**
	 * The dated folders of the trash, oldest first: what retention and the space guard prune.
	 *
	 * @return list<array{folder: string, day: string}> folder: a user's folder (UserFolderName)
	 * @throws TargetOfflineException
	 */
	public function trashDays(): array {
		$this->ensureMounted();
		return $this->trash->days();
	}

	/**
	 * Removes one dated folder of one user's trash, and only that.
	 *
	 * @return int the bytes freed
	 * @throws TargetOfflineException
	 */
	public function pruneTrashDay(string $folder, string $day): int {
		$this->ensureMounted();
		return $this->trash->remove($folder, $day);
	}

	/**
	 * Where a user's file or folder stands on the drive; null when nothing does. On a drive that
	 * ignores case, an entry stored under another spelling is not this one (its copy went, and a
	 * case twin took the name): it is left alone.
	 *
	 * @throws ReplicationException a link on the way or at the path
	 */
	private function existing(string $userId, string $path, ?string $drivePath = null): ?string {
		$segments = $this->segments($userId, $path, $drivePath);
		$name = array_pop($segments);
		$dir = $this->guard->folder($segments);
		if ($dir === null || !in_array($this->guard->kindNoLink($dir . '/' . $name), [PathGuard::FILE, PathGuard::DIR], true)) {
			return null;
		}
		$relative = [...array_slice($segments, 1), $name];
		if (count($segments) > 0 && !$this->placer->isOwnPlace($this->names(), $segments[0], implode('/', $relative))) {
			return null;
		}
		return $dir . '/' . $name;
	}

	/**
	 * Keeps what stands at $dest before a new copy replaces it: nothing when it is the same bytes;
	 * a folder moves to the trash; a file is hard-linked (or copied) there and replaced by the rename.
	 *
	 * @param string $drivePath where it stands below the user's folder
	 * @return string|null where it was kept, below the user's trash folder
	 */
	private function keepBeforeReplace(string $userId, string $drivePath, string $dest, string $newChecksum, int $newSize): ?string {
		$kind = $this->guard->kindNoLink($dest);
		if ($kind === null) {
			return null;
		}
		if ($kind === PathGuard::DIR) {
			return $this->trashEntry($userId, PathGuard::segments($drivePath), $dest, true);
		}
		if ($kind !== PathGuard::FILE) {
			throw new ReplicationException('Something that is neither a file nor a folder stands at ' . $dest . ' on the mirror drive', ReplicationException::IO, null,
				['action' => 'place', 'path' => $dest, 'detail' => 'neither a file nor a folder stands there']);
		}
		// same bytes already there (an adopted drive, a re-run after a crash): nothing to keep
		try {
			if ($this->temporary->checksum($dest, null, 'sha256', $newSize) === $newChecksum) {
				return null;
			}
		} catch (ReplicationException $e) {
			if ($e->errorCode !== ReplicationException::DIFFERENT_SIZE) {
				throw $e;
			}
		}
		return $this->trashEntry($userId, PathGuard::segments($drivePath), $dest, false);
	}

	/**
	 * @param list<string> $relative where the entry stands below the user's folder (names as on the drive)
	 * @param bool $move move the entry (a deletion); false: keep a hard link or copy (it is about to be replaced)
	 * @return string where it went, below the user's trash folder ("2026-12-01/Photos/a (2).jpg")
	 */
	private function trashEntry(string $userId, array $relative, string $entry, bool $move): string {
		$segments = [self::TRASH_DIR, UserFolderName::for($userId), date('Y-m-d', $this->time->getTime()), ...($relative === [] ? [basename($entry)] : $relative)];
		$name = array_pop($segments);
		$dir = $this->guard->folder($segments, true, fn (string $blocked) => $this->moveAside($blocked));
		$trashPath = $this->freeName($dir, $name);
		$this->guard->assertInside(dirname($entry));
		$this->guard->assertInside($dir);
		$folder = $move && $this->guard->kind($entry) === PathGuard::DIR;
		if ($folder) {
			$this->placer->forget(); // the folders below it are gone
		}
		if ($folder && in_array($this->names()->filesystem, self::LOSES_RENAMED_FOLDERS, true)) {
			$this->moveFolderFileByFile($entry, $trashPath);
		} elseif ($move) {
			$this->io->call(fn () => $this->calls()->rename($entry, $trashPath, false), 'trash', $entry);
		} elseif (!$this->io->attempt(fn () => $this->calls()->link($entry, $trashPath))) {
			// a hard link keeps the old bytes without copying them; FAT has none: copy
			$this->io->call(fn () => $this->calls()->copy($entry, $trashPath), 'keep', $entry);
		}
		$userTrash = $this->guard->path([self::TRASH_DIR, UserFolderName::for($userId)]);
		return substr($trashPath, strlen($userTrash) + 1);
	}

	/**
	 * Moves a folder where renaming it would lose its content (LOSES_RENAMED_FOLDERS): a new folder at
	 * $to, each entry renamed into it (never followed: a link moves as the link it is), folders in turn,
	 * then the emptied folder is removed.
	 */
	private function moveFolderFileByFile(string $from, string $to): void {
		$this->guard->assertInside(dirname($to));
		$this->io->call(fn () => $this->calls()->mkdir($to, 0755), 'trash', $from);
		$entries = $this->io->call(fn () => scandir($from), 'trash', $from);
		foreach ($entries as $name) {
			if ($name === '.' || $name === '..') {
				continue;
			}
			$stat = $this->guard->lstat($from . '/' . $name);
			if ($stat !== null && PathGuard::kindOf($stat['mode']) === PathGuard::DIR) {
				$this->moveFolderFileByFile($from . '/' . $name, $to . '/' . $name);
				continue;
			}
			$this->guard->assertInside($from);
			$this->guard->assertInside($to);
			$this->io->call(fn () => $this->calls()->rename($from . '/' . $name, $to . '/' . $name, false), 'trash', $from . '/' . $name);
			if ($stat !== null) {
				$this->keepMtime($to . '/' . $name, $stat['mtime']);
			}
		}
		$this->guard->assertInside(dirname($from));
		$this->io->call(fn () => $this->calls()->rmdir($from), 'trash', $from);
	}

	/**
	 * A file in the trash where a dated folder must go (a clash of names): rename it aside.
	 */
	private function moveAside(string $blocked): void {
		$dir = dirname($blocked);
		$this->guard->assertInside($dir);
		$this->io->call(fn () => $this->calls()->rename($blocked, $this->freeName($dir, basename($blocked)), false), 'aside', $blocked);
	}

	/**
	 * "name", or "name (2).ext", "name (3).ext"… when taken.
	 */
	private function freeName(string $dir, string $name): string {
		if ($this->guard->kind($dir . '/' . $name) === null) {
			return $dir . '/' . $name;
		}
		for ($i = 2; ; $i++) {
			$candidate = $dir . '/' . FileName::tagged($name, (string)$i);
			if ($this->guard->kind($candidate) === null) {
				return $candidate;
			}
		}
	}

	/**
	 * A user's folder on the drive, created as needed; a file standing where a folder must be goes to the trash.
	 *
	 * @param list<string> $segments as from segments(): the user's folder first
	 */
	private function folder(string $userId, array $segments): string {
		$userRoot = $this->guard->path([$segments[0]]);
		return (string)$this->guard->folder($segments, true, function (string $blocked) use ($userId, $userRoot): void {
			$this->trashEntry($userId, $blocked === $userRoot ? [] : PathGuard::segments(substr($blocked, strlen($userRoot) + 1)), $blocked, true);
		});
	}

	/**
	 * @param string|null $drivePath where the copy stands below the user's folder, as recorded (null: the encoded path)
	 * @return non-empty-list<string> the user's folder, then the path's names on the drive
	 * @throws ReplicationException
	 */
	private function segments(string $userId, string $path, ?string $drivePath = null): array {
		$folder = UserFolderName::for($userId);
		if ($folder === '') {
			throw new ReplicationException('An empty user id cannot be mirrored', ReplicationException::NAME);
		}
		return [$folder, ...($drivePath === null ? $this->driveSegments($path) : PathGuard::segments($drivePath))];
	}

	/**
	 * A path of the user's files as names on this drive (encoded where its filesystem refuses a character).
	 *
	 * @return list<string>
	 */
	private function driveSegments(string $path): array {
		$names = $this->names();
		return array_map(static fn (string $segment): string => $names->encode($segment), PathGuard::segments($path));
	}

	/**
	 * What the drive's filesystem takes (plain until it was seen online).
	 */
	public function names(): DriveNames {
		return $this->names ?? DriveNames::plain();
	}

	/**
	 * Some filesystems (fusefat) stamp a renamed entry with the current time: put the file's own
	 * modification time back, or the next comparison would take the copy for a changed one.
	 */
	private function keepMtime(string $path, int $mtime): void {
		$stat = $this->guard->lstat($path);
		if ($stat !== null && PathGuard::kindOf($stat['mode']) !== PathGuard::LINK && abs($stat['mtime'] - $mtime) > self::MTIME_TOLERANCE) {
			$this->io->attempt(fn () => $this->calls()->touch($path, $mtime));
		}
	}
}

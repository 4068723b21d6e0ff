<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive;

use OCA\Mirror\Db\Target;
use OCA\Mirror\Drive\Fd\DriveCalls;
use OCA\Mirror\Exception\ReplicationException;
use OCP\AppFramework\Utility\ITimeFactory;

/**
 * The marker file at the target's root (Drive::MARKER): which target and which Nextcloud the mounted
 * drive belongs to, read (never through a link) and written atomically and durably (the root's fsync
 * after the rename, FolderSync: a marker lost by a replug would make the drive look unplugged).
 */
final class DriveMarker {
	public function __construct(
		private readonly Target $target,
		private readonly string $instanceId,
		private readonly ITimeFactory $time,
		private readonly PathGuard $guard,
		private readonly IoCall $io,
		private readonly TemporaryCopy $temporary,
		private readonly FolderSync $folderSync,
	) {
	}

	/**
	 * The marker's content; null when there is none (or it is not a plain file: never read through a link).
	 *
	 * @return array<string, mixed>|null
	 */
	public function read(): ?array {
		$file = $this->guard->root() . '/' . Drive::MARKER;
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
	 * @throws ReplicationException WRITE_BACK when the root's fsync failed after the rename: a new
	 *                              marker is removed again (the drive is not taken on), a replaced one
	 *                              cannot be put back (its bytes are gone) and may be either after a replug
	 */
	public function write(): void {
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
		$existing = $this->guard->kind($root . '/' . Drive::MARKER);
		if ($existing === PathGuard::LINK) {
			throw $this->guard->linkFound($root . '/' . Drive::MARKER);
		}
		$source = fopen('php://memory', 'w+b');
		fwrite($source, $json);
		rewind($source);
		$tmp = $this->temporary->create('', Drive::MARKER, $root, Drive::MARKER, $source, strlen($json), $now, static function (): void {
		});
		fclose($source);
		$this->temporary->sync($tmp);
		$this->io->call(fn () => $this->calls()->rename($tmp->temporary, $tmp->dest, true), 'marker', $tmp->dest);
		$this->folderSync->sync($root, $existing === null ? fn () => $this->calls()->unlink($tmp->dest) : null);
	}

	private function calls(): DriveCalls {
		return $this->guard->calls();
	}
}

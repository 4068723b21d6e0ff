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
 * drive belongs to, read (never through a link) and written atomically.
 */
final class DriveMarker {
	public function __construct(
		private readonly Target $target,
		private readonly string $instanceId,
		private readonly ITimeFactory $time,
		private readonly PathGuard $guard,
		private readonly IoCall $io,
		private readonly TemporaryCopy $temporary,
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
	 * @throws ReplicationException
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
		if ($this->guard->kind($root . '/' . Drive::MARKER) === PathGuard::LINK) {
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
	}

	private function calls(): DriveCalls {
		return $this->guard->calls();
	}
}

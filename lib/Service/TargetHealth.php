<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Service;

use OCA\Mirror\Db\Target;
use OCA\Mirror\Exception\TargetOfflineException;
use OCA\Mirror\Model\TargetState;
use OCP\IConfig;

/**
 * Decides whether a target may be written to. The marker file at the target's root is the proof
 * that the right drive is mounted: without it (an unplugged USB drive leaves the bare mount point
 * on the SD card) not one byte is written there.
 */
class TargetHealth {
	public const MARKER = '.nextcloud-mirror';
	/** Below this much free space a target is reported full (it is still used for files that fit). */
	private const FULL_BELOW = 16 * 1024 * 1024;

	public function __construct(
		private IConfig $config,
	) {
	}

	public function check(Target $target): TargetState {
		$path = $target->getPath();
		if (!$target->getEnabled()) {
			return new TargetState(false, TargetState::DISABLED, 'The target is disabled.');
		}
		clearstatcache();
		if (!file_exists($path)) {
			return new TargetState(false, TargetState::NOT_FOUND, 'The folder ' . $path . ' does not exist: is the drive mounted?');
		}
		if (!is_dir($path)) {
			return new TargetState(false, TargetState::NOT_DIRECTORY, $path . ' is not a folder.');
		}
		$marker = $this->readMarker($path);
		if ($marker === null) {
			return new TargetState(false, TargetState::MARKER_MISSING, 'The marker file ' . self::MARKER . ' is missing in ' . $path . ': the drive is not mounted (or is a new, blank drive that must be adopted).');
		}
		if (($marker['uuid'] ?? null) !== $target->getUuid() || ($marker['instanceId'] ?? null) !== $this->instanceId()) {
			return new TargetState(false, TargetState::MARKER_MISMATCH, 'The drive mounted at ' . $path . ' belongs to another mirror target or another Nextcloud; adopt it to use it for this target.');
		}
		if (!is_writable($path)) {
			return new TargetState(false, TargetState::NOT_WRITABLE, 'Nextcloud cannot write to ' . $path . ' (check the owner and permissions, or a read-only mount).');
		}
		$free = @disk_free_space($path);
		$total = @disk_total_space($path);
		$free = $free === false ? null : (int)$free;
		$total = $total === false ? null : (int)$total;
		if ($free !== null && $free < self::FULL_BELOW) {
			return new TargetState(true, TargetState::FULL, 'The drive is full.', $free, $total);
		}
		return new TargetState(true, null, 'Online.', $free, $total);
	}

	/**
	 * @throws TargetOfflineException
	 */
	public function assertWritable(Target $target): TargetState {
		$state = $this->check($target);
		if (!$state->isWritable()) {
			throw new TargetOfflineException($state);
		}
		return $state;
	}

	/**
	 * @return array<string, mixed>|null null when there is no readable marker
	 */
	public function readMarker(string $path): ?array {
		$file = rtrim($path, '/') . '/' . self::MARKER;
		if (!is_file($file)) {
			return null;
		}
		$content = @file_get_contents($file);
		if ($content === false) {
			return null;
		}
		$data = json_decode($content, true);
		return is_array($data) ? $data : [];
	}

	/**
	 * Writes the marker atomically.
	 *
	 * @throws \RuntimeException
	 */
	public function writeMarker(string $path, string $uuid): void {
		$file = rtrim($path, '/') . '/' . self::MARKER;
		$tmp = $file . '.tmp';
		$json = json_encode([
			'app' => 'mirror',
			'uuid' => $uuid,
			'instanceId' => $this->instanceId(),
			'createdAt' => time(),
			'about' => 'This drive is a Nextcloud Mirror target. Do not delete this file: without it nothing is copied here.',
		], JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES) . "\n";
		if (@file_put_contents($tmp, $json) === false || !@rename($tmp, $file)) {
			@unlink($tmp);
			throw new \RuntimeException('Could not write the marker file ' . $file . ': ' . (error_get_last()['message'] ?? 'unknown error'));
		}
		@chmod($file, 0644);
	}

	public function instanceId(): string {
		return $this->config->getSystemValueString('instanceid', '');
	}
}

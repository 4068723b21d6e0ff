<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive;

/**
 * Whether a target can be written to now, and if not why: a reason code and the folder it is about.
 * No sentence: TargetStateMessages (lib/Status) puts it into words, in the reader's language, at the
 * edge (the API, occ, a restore's failure).
 */
final class TargetState implements \JsonSerializable {
	public const DISABLED = 'disabled';
	public const NOT_FOUND = 'not_found';
	public const NOT_DIRECTORY = 'not_directory';
	public const MARKER_MISSING = 'marker_missing';
	public const MARKER_MISMATCH = 'marker_mismatch';
	public const NOT_WRITABLE = 'not_writable';
	public const FULL = 'full';
	/** the drive is plugged into another server (node): only that one looks at it */
	public const OTHER_NODE = 'other_node';

	/**
	 * @param string|null $reason one of the constants, null when all is well
	 * @param string $path the target's folder, which the words name
	 */
	public function __construct(
		public readonly bool $online,
		public readonly ?string $reason,
		public readonly string $path = '',
		public readonly ?int $freeBytes = null,
		public readonly ?int $totalBytes = null,
		public readonly ?DriveNames $filesystem = null,
		/** @var ReadBack::FUSE|ReadBack::REMOVABLE|ReadBack::SETTING|null why copies are read back after writing (known while online), null: they are not */
		public readonly ?string $readBack = null,
		/** whether the drive is a dm-crypt (LUKS) block device (known while online), null: unknown (FUSE, NFS, …) */
		public readonly ?bool $encrypted = null,
	) {
	}

	/** Online, possibly full: copies may be attempted. */
	public function isWritable(): bool {
		return $this->online;
	}

	/**
	 * The state without words (TargetStateMessages::view() adds its message).
	 *
	 * @return array{online: bool, reason: string|null, freeBytes: int|null, totalBytes: int|null, filesystem: array{type: string, encodesNames: bool, encoding: string|null, maxFileSize: int|null, caseInsensitive: bool}|null, readBack: 'fuse'|'removable'|'setting'|null, encrypted: bool|null}
	 */
	#[\Override]
	public function jsonSerialize(): array {
		return [
			'online' => $this->online,
			'reason' => $this->reason,
			'freeBytes' => $this->freeBytes,
			'totalBytes' => $this->totalBytes,
			// what the mounted drive's filesystem takes (known while it is online)
			'filesystem' => $this->filesystem?->jsonSerialize(),
			// why copies are read back from the drive after writing, null when they are not
			'readBack' => $this->readBack,
			// on a dm-crypt block device (BlockDevice); null: not known
			'encrypted' => $this->encrypted,
		];
	}
}

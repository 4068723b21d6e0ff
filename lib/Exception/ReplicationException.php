<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Exception;

/**
 * One file could not be mirrored: a code (what kind of failure) and parameters, stored with the queue
 * item and put into words by FailureMessages; the English message goes to the log.
 */
class ReplicationException extends \RuntimeException {
	public const FULL = 'full';
	public const PERMISSION = 'permission';
	public const NAME = 'name';
	public const TOO_LARGE = 'too_large';
	public const SOURCE = 'source';
	public const CHANGED = 'changed';
	public const IO = 'io';
	public const VERIFY = 'verify';
	/** A symbolic link (or a folder leading out of the target) on the drive: refused, never followed. */
	public const UNSAFE = 'unsafe_link';
	/** A copy on the drive is not the recorded size (found by fstat, before a byte of it is hashed). */
	public const DIFFERENT_SIZE = 'different_size';
	/** The drive returned other bytes than were written when the copy was read back (Drive\ReadBack). */
	public const READ_BACK = 'read_back';
	/**
	 * The drive failed to store bytes written to it: write() had put them in the page cache, the
	 * writeback to the disk failed (fdatasync or fsync said so: EIO, or ENOSPC from a full thin device).
	 */
	public const WRITE_BACK = 'write_back';

	/**
	 * @param string $message English, for the log and the command line
	 * @param array<string, string|int> $params what FailureMessages needs to say it in the reader's
	 *                                          language: action, path (on the drive: admins only), detail, needed, free, reason
	 */
	public function __construct(
		string $message,
		public readonly string $errorCode = self::IO,
		public readonly ?int $sizeHint = null,
		public readonly array $params = [],
	) {
		parent::__construct($message);
	}
}

<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Exception;

/**
 * Why a restore, or one file of it, did not go as asked: a code with parameters, stored as they are
 * (a restore run's message, a file's "why") and put into words by RestoreMessages (lib/Restore) in the
 * reader's language at the edge (the API, occ). The message is the same in English, for the log.
 *
 * The constants are every code a restore records, also those no exception carries (a file skipped
 * because it is already there).
 */
class RestoreException extends \RuntimeException {
	// one file
	public const ALREADY_THERE = 'already_there';
	public const DIFFERENT_FILE_THERE = 'different_file_there';
	public const DRY_RUN = 'dry_run';
	public const NOT_ON_DRIVE = 'not_on_drive';
	/** params: size and recorded (bytes), or grew (1) and recorded */
	public const DIFFERENT_SIZE = 'different_size';
	public const CHECKSUM = 'checksum_mismatch';
	public const NOT_READ_AGAIN = 'not_read_again';
	/** the file's mirror drive is not connected (a restore of several drives' files) */
	public const DRIVE_OUT = 'drive_out';
	/** params: detail (the system's words) */
	public const READ_FAILED = 'read_failed';
	/** params: folder */
	public const FOLDER_BLOCKED = 'folder_blocked';
	public const FILE_BLOCKED = 'file_blocked';
	/** params: detail (Nextcloud's words) */
	public const WRITE_FAILED = 'write_failed';
	// the whole restore
	/** params: targetId */
	public const TARGET_GONE = 'target_gone';
	/** params: reason (TargetState's), path */
	public const DRIVE_OFFLINE = 'drive_offline';
	/** params: version */
	public const BAD_VERSION = 'bad_version';
	public const FROM_DRIVE_LATEST_ONLY = 'from_drive_latest_only';
	/** params: userId */
	public const NO_MANIFEST = 'no_manifest';
	/** params: detail (the system's words) */
	public const FAILED = 'failed';
	/** recorded before restores stored codes; params: text (the English sentence stored then) */
	public const LEGACY = 'legacy';

	/**
	 * @param string $reason one of the constants
	 * @param array<string, string|int> $params what the sentence names
	 */
	public function __construct(
		string $message,
		public readonly string $reason,
		public readonly array $params = [],
		?\Throwable $previous = null,
	) {
		parent::__construct($message, 0, $previous);
	}
}

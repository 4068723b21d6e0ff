<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive;

use OCA\Mirror\Exception\ReplicationException;

/**
 * Runs one filesystem call on a drive and turns a failure (false, or a PHP warning) into a
 * ReplicationException whose code says what kind of failure it was: full, permission, name, too large, I/O.
 * Its parameters say what was being done (an ACTIONS key), where, and the system's own words:
 * FailureMessages turns them into translated text.
 */
final class IoCall {
	/** What Mirror was doing, for the log's English message (FailureMessages translates the keys). */
	public const ACTIONS = [
		'create_temporary' => 'create a temporary file in %s',
		'write' => 'write %s',
		'sync' => 'sync %s',
		'read' => 'read %s',
		'create_folder' => 'create the folder %s',
		'marker' => 'write the marker file %s',
		'mtime' => 'set the modification time of %s',
		'place' => 'move the copy into place at %s',
		'rename' => 'rename to %s',
		'trash' => 'move %s to the mirror trash',
		'keep' => 'keep the previous copy of %s in the mirror trash',
		'aside' => 'move %s aside in the mirror trash',
	];

	private ?string $lastError = null;

	public function __construct(
		/** whether a drive's filesystem turned read-only after an error: then a refusal is its write error */
		private readonly ReadOnlyAfterError $readOnlyAfterError = new ReadOnlyAfterError(),
	) {
	}

	/**
	 * @template T
	 * @param callable(): T $operation
	 * @param key-of<self::ACTIONS> $action
	 * @return T
	 * @throws ReplicationException when the call returns false
	 */
	public function call(callable $operation, string $action, string $path, ?int $sizeHint = null): mixed {
		$result = $this->attempt($operation);
		if ($result === false) {
			throw $this->errorFor($action, $path, $sizeHint);
		}
		return $result;
	}

	/**
	 * Runs a filesystem call and keeps the warning PHP gives when it fails. error_get_last() is no
	 * help inside Nextcloud: its error handler takes the warnings first.
	 *
	 * @template T
	 * @param callable(): T $operation
	 * @return T
	 */
	public function attempt(callable $operation): mixed {
		$this->lastError = null;
		set_error_handler(function (int $type, string $message): bool {
			$this->lastError = $message;
			return true;
		});
		try {
			return $operation();
		} finally {
			restore_error_handler();
		}
	}

	/**
	 * @param key-of<self::ACTIONS> $action
	 */
	public function errorFor(string $action, string $path, ?int $sizeHint = null, ?string $detail = null): ReplicationException {
		$detail ??= $this->lastError ?? 'unknown error';
		// "rename(/a/b,/c/d): Operation not permitted" -> "Operation not permitted"
		$detail = preg_replace('/^\w+\(.*?\): (Failed to open stream: )?/', '', $detail) ?? $detail;
		$lower = strtolower($detail);
		$what = sprintf(self::ACTIONS[$action] ?? '%s', $path);
		$badName = preg_match('/[:*?"<>|\\\\]|[. ]$/', basename($path)) === 1;
		$code = ReplicationException::IO;
		$message = 'Could not ' . $what . ': ' . $detail;
		$params = ['action' => $action, 'path' => $path, 'detail' => $detail];
		if ($action === 'sync') {
			// whatever the error (EIO, ENOSPC from a thin device, or none PHP could tell): the bytes written did not reach the disk
			$code = ReplicationException::WRITE_BACK;
			$message = 'The mirror drive reported a write error: the bytes written did not reach the disk; could not ' . $what . ': ' . $detail;
		} elseif ((str_contains($lower, 'read-only file system') || str_contains($lower, 'input/output error')) && $this->readOnlyAfterError->holds($path)) {
			// not the admin's read-only drive nor a permission: the filesystem stopped writing after a write error (an ext4 journal abort)
			$code = ReplicationException::WRITE_BACK;
			$params['reason'] = 'read_only_after_error';
			$message = 'The mirror drive reported a write error and its filesystem turned read-only: could not ' . $what . ': ' . $detail;
		} elseif ($badName && (str_contains($lower, 'operation not permitted') || str_contains($lower, 'invalid argument') || str_contains($lower, 'no such file'))) {
			$code = ReplicationException::NAME;
			$message = 'The mirror drive\'s filesystem refuses this name (FAT and exFAT drives do not allow : * ? " < > | \\ or a name ending in a dot or space): could not ' . $what;
		} elseif (str_contains($lower, 'no space left') || str_contains($lower, 'disk quota')) {
			$code = ReplicationException::FULL;
			$message = 'The mirror drive is full: could not ' . $what;
		} elseif (str_contains($lower, 'permission denied') || str_contains($lower, 'read-only file system') || str_contains($lower, 'operation not permitted')) {
			$code = ReplicationException::PERMISSION;
			$message = 'Permission denied on the mirror drive: could not ' . $what;
		} elseif (str_contains($lower, 'file too large')) {
			$code = ReplicationException::TOO_LARGE;
			$message = 'The mirror drive\'s filesystem cannot hold a file this large: could not ' . $what;
		} elseif (str_contains($lower, 'invalid argument') || str_contains($lower, 'file name too long') || str_contains($lower, 'illegal byte sequence')) {
			$code = ReplicationException::NAME;
			$message = 'The mirror drive\'s filesystem refuses this name: could not ' . $what;
		}
		return new ReplicationException($message, $code, $code === ReplicationException::FULL ? $sizeHint : null, $params);
	}
}

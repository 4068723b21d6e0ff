<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Exception;

/**
 * Something on the mirror drive stands where Mirror would have to follow it out of the target: a
 * symbolic link (a folder, the trash, a file, a temporary name), or a folder whose real path is
 * no longer inside the target. Mirror never follows it, never deletes it, and reports it.
 */
class UnsafePathException extends ReplicationException {
	/**
	 * @param string $path where on the drive (for admins)
	 */
	public function __construct(string $message, string $path) {
		parent::__construct($message, ReplicationException::UNSAFE, null, ['path' => $path]);
	}
}

<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Exception;

/**
 * The current user cannot see this file id: it does not exist, or belongs to someone else and is
 * not shared with them. Deliberately one case, so that an answer never tells the two apart.
 */
class FileNotAccessibleException extends \RuntimeException {
	public function __construct(int $fileId) {
		parent::__construct('File ' . $fileId . ' not found');
	}
}

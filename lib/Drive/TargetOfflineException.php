<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Drive;

/**
 * The target must not be written to now (drive unplugged, marker missing, disabled).
 * Work waits without using up attempts. The state carries the reason; the message is for the log
 * only (TargetStateMessages words the state for people).
 */
class TargetOfflineException extends \RuntimeException {
	public function __construct(
		public readonly TargetState $state,
	) {
		parent::__construct('The mirror drive at ' . $state->path . ' is not available (' . ($state->reason ?? 'offline') . ')');
	}
}

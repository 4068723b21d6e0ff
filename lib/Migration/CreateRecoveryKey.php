<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Migration;

use OCA\Mirror\Replication\RecoveryKeys;
use OCP\Migration\IOutput;
use OCP\Migration\IRepairStep;

/**
 * Creates the recovery key when the app is installed or upgraded, before any worker writes a manifest:
 * two processes creating it on first use at the same moment would each sign with a key of their own.
 */
class CreateRecoveryKey implements IRepairStep {
	public function __construct(
		private readonly RecoveryKeys $keys,
	) {
	}

	#[\Override]
	public function getName(): string {
		return 'Create the recovery key that signs the manifests on the mirror drives';
	}

	#[\Override]
	public function run(IOutput $output): void {
		$this->keys->current();
	}
}

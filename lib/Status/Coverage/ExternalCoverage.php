<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Status\Coverage;

use OCA\Mirror\Source\Exclusion\Exclusion;
use OCA\Mirror\Source\ExternalStorages;

/**
 * External storages in the coverage report: not mirrored (yet), with what the file cache holds of each.
 */
class ExternalCoverage implements CoverageSource {
	public function __construct(
		private ExternalStorages $storages,
	) {
	}

	#[\Override]
	public function rows(array $targets): array {
		$rows = [];
		foreach ($this->storages->all() as $storage) {
			$rows[] = [
				'kind' => 'external',
				'id' => (string)$storage['id'],
				'name' => $storage['mountPoint'],
				'covered' => false,
				'total' => ['files' => $storage['files'], 'bytes' => $storage['bytes']],
				'leftOut' => array_fill_keys(Exclusion::REASONS, ['files' => 0, 'bytes' => 0]),
				'targets' => [],
			];
		}
		return $rows;
	}
}

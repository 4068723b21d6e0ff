<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Status\Coverage;

use OCA\Mirror\Db\Target;
use OCA\Mirror\ResponseDefinitions;

/**
 * One kind of place files are kept in (users' homes; group folders and external storages beside them),
 * reporting its rows of the coverage report. CoverageReport asks each source in turn.
 *
 * @psalm-import-type MirrorCoverageRow from ResponseDefinitions
 */
interface CoverageSource {
	/**
	 * @param list<Target> $targets the enabled targets
	 * @return list<MirrorCoverageRow>
	 */
	public function rows(array $targets): array;
}

<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Status\Coverage;

use OCA\Mirror\Db\TargetMapper;
use OCA\Mirror\ResponseDefinitions;

/**
 * What the mirror covers, for the admin page, `occ mirror:status --coverage` and the API: a row per
 * user (and per group folder and external storage, from their own CoverageSource), and per target
 * what an exclusion added since the last reconcile will move to the mirror trash there.
 *
 * @psalm-import-type MirrorCoverage from ResponseDefinitions
 * @psalm-import-type MirrorTrashPreview from ResponseDefinitions
 * @psalm-import-type MirrorCoverageRow from ResponseDefinitions
 */
class CoverageReport {
	public function __construct(
		private TargetMapper $targets,
		private UserCoverage $users,
		private GroupFolderCoverage $groupFolders,
		private ExternalCoverage $external,
	) {
	}

	/**
	 * @return MirrorCoverage
	 */
	public function report(): array {
		$targets = $this->targets->findEnabled();
		$rows = [];
		foreach ($this->sources() as $source) {
			array_push($rows, ...$source->rows($targets));
		}
		return ['rows' => $rows, 'toTrash' => self::toTrash($rows)];
	}

	/**
	 * What is kept where the mirror does not reach: a row not covered, of one kind, and at least $minBytes.
	 *
	 * @return list<MirrorCoverageRow>
	 */
	public function notCovered(string $kind, int $minBytes = 0): array {
		$rows = [];
		foreach ($this->sources() as $source) {
			foreach ($source->rows([]) as $row) {
				if (!$row['covered'] && $row['kind'] === $kind && $row['total']['bytes'] >= $minBytes) {
					$rows[] = $row;
				}
			}
		}
		return $rows;
	}

	/**
	 * @return list<CoverageSource>
	 */
	private function sources(): array {
		return [$this->users, $this->groupFolders, $this->external];
	}

	/**
	 * Per target: the copies the next reconcile moves to the mirror trash because they are left out now.
	 *
	 * @param list<array{targets: list<array{targetId: int, targetName: string, toTrash: array{files: int, bytes: int}, ...}>, ...}> $rows
	 * @return list<MirrorTrashPreview>
	 */
	private static function toTrash(array $rows): array {
		$out = [];
		foreach ($rows as $row) {
			foreach ($row['targets'] as $target) {
				$out[$target['targetId']] ??= ['targetId' => $target['targetId'], 'targetName' => $target['targetName'], 'files' => 0, 'bytes' => 0];
				$out[$target['targetId']]['files'] += $target['toTrash']['files'];
				$out[$target['targetId']]['bytes'] += $target['toTrash']['bytes'];
			}
		}
		return array_values($out);
	}
}

<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Status\Coverage;

use OCA\Mirror\Db\ReplicaMapper;
use OCA\Mirror\Db\Target;
use OCA\Mirror\ResponseDefinitions;
use OCA\Mirror\Source\Exclusion\Exclusion;
use OCA\Mirror\Source\Exclusion\Exclusions;
use OCA\Mirror\Source\FileCacheReader;
use OCA\Mirror\Source\SourceResolver;
use OCP\IDBConnection;

/**
 * One owner's row of the coverage report (a user, a group folder, an external storage mirrored once):
 * how many files and bytes Nextcloud holds, how many are left out and why, and per target how many are
 * mirrored, how many copies go to the trash at the next reconcile (left out since they were copied) and
 * how many are not copied (yet).
 *
 * Set-based: one count of the owner's file cache, one query for the files that may be left out (the
 * exclusions as LIKE conditions and a size, a superset narrowed exactly in PHP: only those rows are
 * read), and per target one such query on the records; the mirrored counts come from the caller (one
 * GROUP BY of the records for every owner of a kind).
 *
 * @psalm-import-type MirrorCoverageRow from ResponseDefinitions
 * @psalm-import-type MirrorCoverageCount from ResponseDefinitions
 */
class OwnerCoverage {
	public function __construct(
		private FileCacheReader $cache,
		private ReplicaMapper $replicas,
		private Exclusions $exclusions,
		private IDBConnection $db,
	) {
	}

	/**
	 * The records' counts per owner and target, for these owners (null: every owner).
	 *
	 * @param list<string>|null $owners
	 * @return array<string, array<int, MirrorCoverageCount>> owner => target id => copies
	 */
	public function mirrored(?array $owners = null): array {
		if ($owners === []) {
			return [];
		}
		$mirrored = [];
		foreach ($this->replicas->summarize($owners) as $row) {
			$mirrored[$row['userId']][$row['targetId']] = ['files' => $row['replicated'], 'bytes' => $row['bytes']];
		}
		return $mirrored;
	}

	/**
	 * @param 'user'|'groupfolder'|'external' $kind
	 * @param list<Target> $targets the enabled targets
	 * @param array<int, MirrorCoverageCount> $mirrored target id => the owner's copies there
	 * @return MirrorCoverageRow
	 */
	public function row(string $kind, string $id, string $name, string $owner, array $targets, array $mirrored): array {
		$escape = $this->db->escapeLikeParameter(...);
		$total = $this->cache->totals($owner);
		$leftOut = array_fill_keys(Exclusion::REASONS, ['files' => 0, 'bytes' => 0]);
		$matcher = $this->exclusions->matcherFor($owner);
		$inCache = $this->exclusions->candidates($owner, SourceResolver::cachePrefix($owner), $escape);
		if ($inCache === null) {
			$leftOut[(string)$this->exclusions->userReason($owner)?->reason] = $total;
		} else {
			foreach ($this->cache->filesMatching($owner, $inCache['likes'], $inCache['largerThan']) as $file) {
				$reason = $matcher($file['path'], $file['size']);
				if ($reason !== null) {
					self::add($leftOut[$reason->reason], $file['size']);
				}
			}
		}
		$leftOutTotal = self::sum($leftOut);
		$onDrive = $this->exclusions->candidates($owner, '', $escape);
		$perTarget = [];
		foreach ($targets as $target) {
			$copies = $mirrored[(int)$target->getId()] ?? ['files' => 0, 'bytes' => 0];
			$toTrash = $onDrive === null ? $copies : $this->toTrash($target, $owner, $onDrive, $matcher);
			$kept = ['files' => $copies['files'] - $toTrash['files'], 'bytes' => $copies['bytes'] - $toTrash['bytes']];
			$perTarget[] = [
				'targetId' => (int)$target->getId(),
				'targetName' => $target->getName(),
				'mirrored' => $copies,
				'toTrash' => $toTrash,
				'notCopied' => [
					'files' => max(0, $total['files'] - $leftOutTotal['files'] - $kept['files']),
					'bytes' => max(0, $total['bytes'] - $leftOutTotal['bytes'] - $kept['bytes']),
				],
			];
		}
		return [
			'kind' => $kind,
			'id' => $id,
			'name' => $name,
			'covered' => true,
			'total' => $total,
			'leftOut' => $leftOut,
			'targets' => $perTarget,
		];
	}

	/**
	 * @param array{likes: list<string>, largerThan: int|null} $candidates
	 * @param \Closure(string, int): ?Exclusion $matcher
	 * @return MirrorCoverageCount
	 */
	private function toTrash(Target $target, string $owner, array $candidates, \Closure $matcher): array {
		$count = ['files' => 0, 'bytes' => 0];
		foreach ($this->replicas->iterateMatching((int)$target->getId(), $owner, $candidates['likes'], $candidates['largerThan']) as $copy) {
			if ($matcher($copy['path'], $copy['size']) !== null) {
				self::add($count, $copy['size']);
			}
		}
		return $count;
	}

	/**
	 * @param MirrorCoverageCount $count
	 */
	private static function add(array &$count, int $bytes): void {
		$count['files']++;
		$count['bytes'] += $bytes;
	}

	/**
	 * @param array<string, MirrorCoverageCount> $counts
	 * @return MirrorCoverageCount
	 */
	private static function sum(array $counts): array {
		return ['files' => array_sum(array_column($counts, 'files')), 'bytes' => array_sum(array_column($counts, 'bytes'))];
	}
}

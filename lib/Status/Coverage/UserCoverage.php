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
use OCP\IDBConnection;
use OCP\IUser;
use OCP\IUserManager;

/**
 * The coverage of each user's own files: how many files and bytes Nextcloud holds, how many are left
 * out and why, and per target how many are mirrored, how many copies go to the trash at the next
 * reconcile (left out since they were copied) and how many are not copied (yet).
 *
 * Set-based: per user one count of the file cache, one query for the files that may be left out (the
 * exclusions as LIKE conditions and a size, a superset narrowed exactly in PHP: only those rows are
 * read), and per target one such query on the records; the mirrored counts are one GROUP BY for all.
 *
 * @psalm-import-type MirrorCoverageRow from ResponseDefinitions
 * @psalm-import-type MirrorCoverageCount from ResponseDefinitions
 */
class UserCoverage implements CoverageSource {
	public function __construct(
		private IUserManager $userManager,
		private FileCacheReader $cache,
		private ReplicaMapper $replicas,
		private Exclusions $exclusions,
		private IDBConnection $db,
	) {
	}

	#[\Override]
	public function rows(array $targets): array {
		$users = [];
		$this->userManager->callForAllUsers(static function (IUser $user) use (&$users): void {
			$users[$user->getUID()] = $user->getDisplayName();
		});
		$mirrored = [];
		foreach ($this->replicas->summarize() as $row) {
			$mirrored[$row['userId']][$row['targetId']] = ['files' => $row['replicated'], 'bytes' => $row['bytes']];
		}
		$escape = $this->db->escapeLikeParameter(...);
		$rows = [];
		foreach ($users as $userId => $name) {
			$userId = (string)$userId;
			$total = $this->cache->totals($userId);
			$leftOut = array_fill_keys(Exclusion::REASONS, ['files' => 0, 'bytes' => 0]);
			$matcher = $this->exclusions->matcherFor($userId);
			$inCache = $this->exclusions->candidates($userId, 'files/', $escape);
			if ($inCache === null) {
				$leftOut[(string)$this->exclusions->userReason($userId)?->reason] = $total;
			} else {
				foreach ($this->cache->filesMatching($userId, $inCache['likes'], $inCache['largerThan']) as $file) {
					$reason = $matcher($file['path'], $file['size']);
					if ($reason !== null) {
						self::add($leftOut[$reason->reason], $file['size']);
					}
				}
			}
			$leftOutTotal = self::sum($leftOut);
			$onDrive = $this->exclusions->candidates($userId, '', $escape);
			$perTarget = [];
			foreach ($targets as $target) {
				$copies = $mirrored[$userId][$target->getId()] ?? ['files' => 0, 'bytes' => 0];
				$toTrash = $onDrive === null ? $copies : $this->toTrash($target, $userId, $onDrive, $matcher);
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
			$rows[] = [
				'kind' => 'user',
				'id' => $userId,
				'name' => (string)$name,
				'covered' => true,
				'total' => $total,
				'leftOut' => $leftOut,
				'targets' => $perTarget,
			];
		}
		return $rows;
	}

	/**
	 * @param array{likes: list<string>, largerThan: int|null} $candidates
	 * @param \Closure(string, int): ?Exclusion $matcher
	 * @return MirrorCoverageCount
	 */
	private function toTrash(Target $target, string $userId, array $candidates, \Closure $matcher): array {
		$count = ['files' => 0, 'bytes' => 0];
		foreach ($this->replicas->iterateMatching((int)$target->getId(), $userId, $candidates['likes'], $candidates['largerThan']) as $copy) {
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

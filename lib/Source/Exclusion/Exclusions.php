<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Source\Exclusion;

use OCA\Mirror\Queue\LeftOut;
use OCP\AppFramework\Utility\ITimeFactory;
use OCP\IGroupManager;
use OCP\IUserManager;

/**
 * Decides whether a user's file is left out of the mirror, and why: the user (or one of their groups)
 * is left out, a `.nomirror` in a folder above it, a name pattern, its size. Cheap enough for upload
 * requests: the rules and each user's groups are read once per request, `.nomirror` folders as
 * NoMirrorFolders caches them. Long-running processes (a worker, cron) read everything again after a minute.
 */
class Exclusions implements LeftOut {
	private const FRESH_SECONDS = 60;

	/** @var array<string, Exclusion|false> user => why all of their files are left out (false: they aren't) */
	private array $users = [];
	private int $readAt = 0;

	public function __construct(
		private ExclusionSettings $settings,
		private NoMirrorFolders $noMirror,
		private IUserManager $userManager,
		private IGroupManager $groupManager,
		private ITimeFactory $time,
	) {
	}

	#[\Override]
	public function leavesOut(string $userId, ?string $path, bool $folder, int $size): bool {
		if ($path === null) {
			// seen through a share: the worker decides from the owner's path
			$this->keepFresh();
			return $this->userReason($userId) !== null;
		}
		return ($folder ? $this->folderReason($userId, $path) : $this->reasonFor($userId, $path, $size)) !== null;
	}

	/**
	 * Why the file at this path of the user's files is left out, or null when it is mirrored.
	 */
	public function reasonFor(string $userId, string $path, int $size): ?Exclusion {
		$this->keepFresh();
		return $this->userReason($userId)
			?? $this->fileReason($path, $size, fn (): ?string => $this->noMirror->folderAbove($userId, $path));
	}

	/**
	 * Why a folder of the user's files is left out (a `.nomirror` in it or above it, a pattern on its
	 * name or above it, the user), or null.
	 */
	public function folderReason(string $userId, string $path): ?Exclusion {
		$this->keepFresh();
		$inside = $path === '' ? NoMirrorFolders::MARKER : $path . '/' . NoMirrorFolders::MARKER;
		$folder = $this->noMirror->folderAbove($userId, $inside);
		if ($folder !== null) {
			return $this->userReason($userId) ?? new Exclusion(Exclusion::NOMIRROR, $folder);
		}
		$pattern = $path === '' ? null : $this->settings->rules()->patternForFolder($path);
		return $this->userReason($userId) ?? ($pattern === null ? null : new Exclusion(Exclusion::PATTERN, $pattern->text));
	}

	/**
	 * A matcher for many files of one user (a reconcile): their `.nomirror` folders read in one query.
	 *
	 * @return \Closure(string, int): ?Exclusion path, size => why it is left out
	 */
	public function matcherFor(string $userId): \Closure {
		return $this->matchersFor($userId)[0];
	}

	/**
	 * matcherFor(), and the same for many files at once: those left out, by key (the paths, and the size of
	 * a key's file). In the usual case (only patterns can leave a file out) one expression over all of the
	 * paths (ExclusionRules::patternsAmong()).
	 *
	 * @return array{0: \Closure(string, int): ?Exclusion, 1: \Closure(array<array-key, string>, \Closure(array-key): int): array<array-key, Exclusion>}
	 */
	public function matchersFor(string $userId): array {
		$this->keepFresh();
		$userReason = $this->userReason($userId);
		if ($userReason !== null) {
			return [
				static fn (string $path, int $size): Exclusion => $userReason,
				static fn (array $paths, \Closure $size): array => array_fill_keys(array_keys($paths), $userReason),
			];
		}
		$folders = $this->noMirror->all($userId);
		$rules = $this->settings->rules();
		if ($folders === [] && $rules->maxSize === null) {
			// the usual case: only a pattern can leave a file out, and one expression says whether one does
			// (a resync asks for every file: one call instead of four, or one for all of a batch)
			return [
				static function (string $path, int $size) use ($rules): ?Exclusion {
					$pattern = $rules->patternFor($path);
					return $pattern === null ? null : new Exclusion(Exclusion::PATTERN, $pattern->text);
				},
				static fn (array $paths, \Closure $size): array => array_map(
					static fn (Pattern $pattern): Exclusion => new Exclusion(Exclusion::PATTERN, $pattern->text),
					$rules->patternsAmong($paths),
				),
			];
		}
		$one = fn (string $path, int $size): ?Exclusion => $this->fileReason($path, $size, static fn (): ?string => NoMirrorFolders::holding($folders, $path));
		return [
			$one,
			static function (array $paths, \Closure $size) use ($one): array {
				$out = [];
				foreach ($paths as $key => $path) {
					$reason = $one($path, $size($key));
					if ($reason !== null) {
						$out[$key] = $reason;
					}
				}
				return $out;
			},
		];
	}

	/**
	 * SQL conditions that every left-out file of the user matches, for a path column holding the path
	 * inside the user's files after $prefix: LIKE patterns (a superset, narrowed by matcherFor()) and
	 * a size; null when the user is left out altogether (everything matches).
	 *
	 * @param callable(string): string $escape IDBConnection::escapeLikeParameter
	 * @return array{likes: list<string>, largerThan: int|null}|null
	 */
	public function candidates(string $userId, string $prefix, callable $escape): ?array {
		$this->keepFresh();
		if ($this->userReason($userId) !== null) {
			return null;
		}
		$rules = $this->settings->rules();
		$likes = [];
		foreach ($rules->patterns as $pattern) {
			array_push($likes, ...$pattern->likes($escape, $prefix));
		}
		foreach ($this->noMirror->all($userId) as $folder) {
			$likes[] = $escape($prefix . ($folder === '' ? '' : $folder . '/')) . '%';
		}
		return ['likes' => array_values(array_unique($likes)), 'largerThan' => $rules->maxSize];
	}

	/**
	 * Why every file of this user is left out (the user, or one of their groups), or null.
	 */
	public function userReason(string $userId): ?Exclusion {
		if (!isset($this->users[$userId])) {
			if (count($this->users) > 1000) {
				$this->users = [];
			}
			$this->users[$userId] = $this->findUserReason($userId) ?? false;
		}
		return $this->users[$userId] ?: null;
	}

	public function rules(): ExclusionRules {
		return $this->settings->rules();
	}

	private function keepFresh(): void {
		$now = $this->time->getTime();
		if ($now - $this->readAt > self::FRESH_SECONDS) {
			$this->settings->forget();
			$this->noMirror->forget();
			$this->users = [];
			$this->readAt = $now;
		}
	}

	/**
	 * @param callable(): ?string $noMirrorFolder
	 */
	private function fileReason(string $path, int $size, callable $noMirrorFolder): ?Exclusion {
		// a .nomirror file leaves out its folder; it is itself in that folder
		$folder = $noMirrorFolder();
		if ($folder !== null) {
			return new Exclusion(Exclusion::NOMIRROR, $folder);
		}
		$rules = $this->settings->rules();
		$pattern = $rules->patternFor($path);
		if ($pattern !== null) {
			return new Exclusion(Exclusion::PATTERN, $pattern->text);
		}
		if ($rules->tooLarge($size)) {
			return new Exclusion(Exclusion::SIZE, (string)$rules->maxSize);
		}
		return null;
	}

	private function findUserReason(string $userId): ?Exclusion {
		$rules = $this->settings->rules();
		if (in_array($userId, $rules->users, true)) {
			return new Exclusion(Exclusion::USER, $userId);
		}
		if ($rules->groups === []) {
			return null;
		}
		$user = $this->userManager->get($userId);
		if ($user === null) {
			return null;
		}
		$groups = array_values(array_intersect($rules->groups, $this->groupManager->getUserGroupIds($user)));
		return $groups === [] ? null : new Exclusion(Exclusion::GROUP, $groups[0]);
	}
}

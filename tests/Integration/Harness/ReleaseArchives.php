<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration\Harness;

/**
 * The release archives the release tests install: this checkout's (tools/release.sh, once per run) and the
 * previous release's, 0.4.0, built from its commit (there is no tag) and cached under build/release-cache/.
 */
final class ReleaseArchives {
	/** The last state released as 0.4.0. */
	public const PREVIOUS_COMMIT = '09cb08b';
	public const PREVIOUS_VERSION = '0.4.0';

	/** This checkout's archive, built by tools/release.sh into the run's folder (the front end must be built). */
	public static function current(): string {
		$checkout = Instance::appRoot();
		$out = (getenv('MIRROR_IT_TMPDIR') ?: sys_get_temp_dir()) . '/release';
		$version = self::version($checkout);
		$archive = "$out/mirror-$version.tar.gz";
		if (!is_file($archive)) {
			@mkdir($out, 0755, true);
			$built = Proc::run([$checkout . '/tools/release.sh', $checkout, $out], [], $checkout, null, 300);
			if (!$built->ok() || !is_file($archive)) {
				throw new \RuntimeException("tools/release.sh failed (is the front end built? make build):\n" . $built->describe());
			}
		}
		return $archive;
	}

	/**
	 * The 0.4.0 archive: `git archive` of its commit, its front end built once with this checkout's
	 * node_modules (0.4.0's lockfile is this one's minus openapi-typescript, a dev tool), packed by this
	 * checkout's tools/release.sh. Cached in build/release-cache/ (about 90 s to build, once).
	 */
	public static function previous(): string {
		$cache = Instance::appRoot() . '/build/release-cache';
		@mkdir($cache, 0755, true);
		// Parallel shards (UpgradeTest on each database) build it once: the others wait, then take it.
		$lock = fopen($cache . '/.lock', 'c');
		flock($lock, LOCK_EX);
		try {
			return self::buildPrevious($cache);
		} finally {
			flock($lock, LOCK_UN);
			fclose($lock);
		}
	}

	private static function buildPrevious(string $cache): string {
		$checkout = Instance::appRoot();
		$archive = $cache . '/mirror-' . self::PREVIOUS_VERSION . '-' . self::PREVIOUS_COMMIT . '.tar.gz';
		if (is_file($archive)) {
			return $archive;
		}
		$tree = $cache . '/src-' . self::PREVIOUS_COMMIT;
		if (!is_file($tree . '/.built')) {
			Proc::run(['rm', '-rf', '--one-file-system', $tree]);
			mkdir($tree, 0755, true);
			self::must(Proc::run(['bash', '-c', 'git -C "$1" archive --format=tar "$2" | tar -x -C "$3"', 'archive',
				$checkout, self::PREVIOUS_COMMIT, $tree]), 'git archive ' . self::PREVIOUS_COMMIT);
			if (self::version($tree) !== self::PREVIOUS_VERSION) {
				throw new \RuntimeException('Commit ' . self::PREVIOUS_COMMIT . ' is not version ' . self::PREVIOUS_VERSION);
			}
			symlink($checkout . '/node_modules', $tree . '/node_modules');
			self::must(Proc::run(['npm', 'run', 'build'], [], $tree, null, 900), 'npm run build of ' . self::PREVIOUS_COMMIT);
			touch($tree . '/.built');
		}
		// 0.4.0 had no LICENSES/ folder (the same licence): what the release script packs.
		Proc::run(['cp', '-a', $checkout . '/LICENSES', $tree . '/']);
		$out = $cache . '/out-' . self::PREVIOUS_COMMIT;
		// 0.4.0 had one openapi.json (no -administration, -full): packed as it was.
		// Its files carry its commit's time (the tree sits inside this checkout, whose last commit is newer): an
		// upgrade changes every file's mtime, as a real one does, so no cache takes a new file for the old one.
		$time = trim(self::must(Proc::run(['git', '-C', $checkout, 'log', '-1', '--format=%ct', self::PREVIOUS_COMMIT]), 'git log')->stdout);
		self::must(Proc::run([$checkout . '/tools/release.sh', $tree, $out],
			['MIRROR_RELEASE_SKIP_MISSING' => '1', 'MIRROR_RELEASE_MTIME' => $time], $tree, null, 300),
			'tools/release.sh on ' . self::PREVIOUS_COMMIT);
		rename($out . '/mirror-' . self::PREVIOUS_VERSION . '.tar.gz', $archive);
		Proc::run(['rm', '-rf', '--one-file-system', $tree, $out]);
		return $archive;
	}

	/** appinfo/info.xml's version. */
	public static function version(string $appDir): string {
		$xml = simplexml_load_file($appDir . '/appinfo/info.xml');
		return $xml === false ? '' : (string)$xml->version;
	}

	/** @return list<string> the archive's file names (not folders), as tar lists them */
	public static function files(string $archive): array {
		$list = self::must(Proc::run(['tar', '-tzf', $archive]), 'tar -t ' . $archive);
		return array_values(array_filter(explode("\n", $list->stdout), static fn (string $f) => $f !== '' && !str_ends_with($f, '/')));
	}

	private static function must(ProcResult $result, string $what): ProcResult {
		if (!$result->ok()) {
			throw new \RuntimeException("$what failed:\n" . $result->describe());
		}
		return $result;
	}
}

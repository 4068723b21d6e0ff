<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

/**
 * What the drive tests share: a folder's names as the drive stores them, `occ mirror:restore`'s JSON, and
 * the restore from the drive alone.
 */
trait DriveListings {
	/**
	 * @param list<string> $args
	 * @return array<string, mixed> the restore's JSON, and its exitCode
	 */
	private function restore(array $args): array {
		$r = $this->occ(['mirror:restore', '--output=json', ...$args]);
		$json = $r->json();
		$this->assertIsArray($json, $r->describe());
		return $json + ['exitCode' => $r->exitCode];
	}

	/**
	 * The records and the user's files are lost: `mirror:restore --from-drive` brings every file back from
	 * the drive's manifest, byte for byte, under its Nextcloud name.
	 *
	 * @param array<string, string> $expected Nextcloud path => place on the drive
	 * @param array<string, string> $bytes
	 */
	private function assertComeBackFromTheDriveAlone(array $target, string $uid, array $expected, array $bytes): void {
		self::nc()->execute('DELETE FROM oc_mirror_replicas WHERE target_id = ?', [(int)$target['id']]);
		exec('rm -rf ' . escapeshellarg(self::nc()->userFilesDir($uid)) . '/*');
		$this->occOk(['files:scan', $uid]);
		$done = $this->restore(['--user=' . $uid, '--from-drive', '--target=' . $target['id']]);
		$this->assertSame([count($expected), 0], [$done['restored'], $done['failed']], json_encode($done));
		foreach (array_keys($expected) as $path) {
			$this->assertSame($bytes[$path], $this->dav()->get($uid, $path), "$path comes back from the drive alone");
		}
	}

	/**
	 * The names in a folder as the drive stores them, sorted.
	 *
	 * @return list<string>
	 */
	private static function entries(string $dir): array {
		$names = array_values(array_diff(@scandir($dir) ?: [], ['.', '..']));
		sort($names, SORT_STRING);
		return $names;
	}
}

<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

use OCA\Mirror\Tests\Integration\Harness\Instance;

/**
 * The drive that lies (issue #23): fusefat damages files it was given (a folder that grows past its
 * first cluster overwrites a file written before, the skeleton's templates show it every time), as
 * a cheap USB stick or a failing cable does. With the read-back after writing (on by default on a
 * FUSE drive), a copy the drive returned other bytes for is never recorded as a good copy: it fails
 * with read_back and is copied again; in the end the records, `mirror:verify` and `sha256sum -c`
 * over the manifest agree with the bytes on the drive.
 */
final class ReadBackTest extends IntegrationTestCase {
	public function testCopiesTheDriveDamagesAreNeverRecordedAsGoodAndAreRetried(): void {
		$uid = $this->user('readback');
		$templates = Instance::serverRoot() . '/core/skeleton/Templates';
		$this->dav()->mkdirs($uid, 'Templates');
		$sources = [];
		foreach (scandir($templates) ?: [] as $name) {
			if (is_file($templates . '/' . $name)) {
				$sources['Templates/' . $name] = hash_file('sha256', $templates . '/' . $name);
				$this->dav()->put($uid, 'Templates/' . $name, (string)file_get_contents($templates . '/' . $name), 1_650_000_000)->expect(201);
			}
		}
		$this->assertGreaterThan(30, count($sources), 'the skeleton has its templates');

		$mountPoint = $this->freshDir('lying-drive');
		$this->mounts->fat(self::nc()->base . '/images/lying.img', $mountPoint, 64);
		$target = $this->addTarget($mountPoint, 'lying');
		$id = (int)$target['id'];
		$listed = $this->listedTarget($id);
		$this->assertSame(['auto', 'fuse'], [$listed['readBack'] ?? null, $listed['state']['readBack'] ?? null], 'a FUSE drive is read back by default: ' . json_encode($listed));

		$readBackFailures = [];
		for ($round = 0; $round < 8; $round++) {
			$run = $this->processOk(['--output=json']);
			$failed = self::nc()->select("SELECT file_id, error_code, attempts FROM oc_mirror_queue WHERE target_id = ? AND error_code IS NOT NULL", [$id]);
			foreach ($failed as $row) {
				$this->assertSame('read_back', $row['error_code'], 'only the read-back fails: ' . $run->describe());
				$readBackFailures[(int)$row['file_id']] = max($readBackFailures[(int)$row['file_id']] ?? 0, (int)$row['attempts']);
			}
			if ($failed === []) {
				break;
			}
			// retried at once instead of after the backoff (a minute, doubling)
			self::nc()->execute('UPDATE oc_mirror_queue SET next_attempt_at = 0 WHERE target_id = ?', [$id]);
		}
		$this->assertNotSame([], $readBackFailures, 'fusefat damaged copies and the read-back found them');
		fwrite(STDERR, sprintf("\nReadBackTest: %d of %d copies read back different (at most %d times each), all copied again in %d rounds\n",
			count($readBackFailures), count($sources), max($readBackFailures), $round + 1));
		$this->assertSame([], self::nc()->select('SELECT id FROM oc_mirror_queue WHERE target_id = ?', [$id]), 'every copy made it in the end');

		// no record vouches for bytes the drive does not hold: each record is the file in Nextcloud and the copy
		$records = self::nc()->select('SELECT path, drive_path, checksum FROM oc_mirror_replicas WHERE target_id = ? AND user_id = ?', [$id, $uid]);
		$this->assertCount(count($sources), $records);
		foreach ($records as $record) {
			$this->assertSame($sources[$record['path']], $record['checksum'], $record['path'] . ': the record is the file in Nextcloud');
			$onDrive = $this->mirrorPath($target, $uid, (string)($record['drive_path'] ?? $record['path']));
			$this->assertSame($record['checksum'], hash_file('sha256', $onDrive), $record['path'] . ': the drive holds what the record says');
		}
		$verify = $this->occ(['mirror:verify', '--target=' . $id, '--output=json']);
		$this->assertSame(0, $verify->exitCode, 'verify agrees with the records: ' . $verify->describe());
		exec('cd ' . escapeshellarg($this->mirrorPath($target, $uid)) . ' && sha256sum -c --quiet ' . escapeshellarg($target['path'] . '/.mirror-manifest/' . $uid . '.sha256') . ' 2>&1', $out, $rc);
		$this->assertSame(0, $rc, "sha256sum -c agrees with the manifest:\n" . implode("\n", $out));
		$this->assertNoTempFiles($target);
	}
}

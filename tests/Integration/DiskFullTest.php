<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

/**
 * A small drive that fills up (issue item 7): clear per-file errors, nothing already mirrored is harmed,
 * no partial file anywhere, and everything completes once there is room again.
 */
final class DiskFullTest extends IntegrationTestCase {
	public function testAFullDriveGivesPerFileErrorsLosesNothingAndCompletesWhenGrown(): void {
		$uid = $this->user('filler');
		$mountPoint = $this->freshDir('small-drive');
		$this->mounts->tmpfs($mountPoint, '1m');
		$target = $this->addTarget($mountPoint, 'small');
		$this->dav()->mkcol($uid, 'Small');
		for ($i = 1; $i <= 5; $i++) {
			$this->dav()->put($uid, "Small/note$i.txt", str_repeat("note $i ", 1000));
		}
		$this->processOk();
		$this->assertUserMirrored($target, $uid);
		$before = [];
		foreach ($this->mirrorFiles($target, $uid) as $f) {
			$before[$f] = hash_file('sha256', $this->mirrorPath($target, $uid, $f));
		}

		$this->dav()->mkcol($uid, 'Big');
		$big = [];
		for ($i = 1; $i <= 6; $i++) {
			$big[] = $path = "Big/photo$i.jpg";
			$this->dav()->put($uid, $path, random_bytes(300_000));
		}
		$run = $this->processOk(['--output=json']);
		$report = $run->json();

		// Clear per-file errors: some files failed, each with a message that says the drive is full.
		$this->assertGreaterThan(0, $report['failed'] ?? 0, "a 1 MiB drive cannot take 1.8 MB:\n" . $run->describe());
		$this->assertNotEmpty($report['errors'] ?? [], $run->describe());
		foreach ($report['errors'] as $error) {
			$this->assertMatchesRegularExpression('/space|full/i', $error, 'the error says why');
		}
		$status = $this->targetStatus((int)$target['id']);
		$this->assertSame(count($report['errors']), $status['failed'], json_encode($status));
		$userStatus = $this->userStatus($uid, (int)$target['id']);
		$this->assertSame($status['failed'], $userStatus['failed']);

		// Nothing already mirrored is harmed, no partial file at a final path, no temporary file eating the space.
		foreach ($before as $f => $sha) {
			$this->assertSame($sha, hash_file('sha256', $this->mirrorPath($target, $uid, $f)), "$f is intact");
		}
		foreach ($big as $path) {
			if (file_exists($this->mirrorPath($target, $uid, $path))) {
				$this->assertMirrored($target, $uid, $path);
			}
		}
		$this->assertNoTempFiles($target);

		$this->mounts->resize($mountPoint, '32m'); // space freed (a bigger drive, files deleted elsewhere)
		$again = $this->processOk();

		$this->assertUserMirrored($target, $uid, '', true);
		$status = $this->targetStatus((int)$target['id']);
		$this->assertSame(0, $status['failed'], "after growing the drive nothing is failed any more:\n" . $again->describe());
		$this->assertSame(0, $status['pending'], $again->describe());
	}
}

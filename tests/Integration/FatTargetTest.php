<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

/**
 * A FAT-formatted drive (mkfs.vfat image mounted with fusefat), as many USB drives come: a name FAT refuses is a
 * clear per-file error and everything else is mirrored (issue item 7).
 *
 * FAT has no Unix modes (not checked) and keeps times to 2 s (checked with 2 s slack). fusefat also restamps a
 * file's mtime around a rename: after `mv D/.a.part D/a.pdf`, creating another file in D sets a.pdf's mtime to
 * the current time (plain shell commands show it), so the engine has to cope.
 */
final class FatTargetTest extends IntegrationTestCase {
	public function testNamesFatRefusesFailOneByOneAndTheRestIsMirrored(): void {
		$uid = $this->user('fatuser');
		$mountPoint = $this->freshDir('fat-drive');
		$this->mounts->fat(self::nc()->base . '/images/fat.img', $mountPoint, 64);
		$target = $this->addTarget($mountPoint, 'fat');

		$this->dav()->mkdirs($uid, 'Docs/Sub');
		$good = ['Docs/report.pdf' => random_bytes(40_000), 'Docs/Sub/notes.txt' => 'fine', 'top.jpg' => random_bytes(20_000)];
		$refused = ['Docs/meeting 10:30.txt' => 'colon', 'Docs/what?.txt' => 'question mark', 'Docs/Sub/a<b>.txt' => 'angle brackets'];
		foreach ($good + $refused as $path => $content) {
			$this->dav()->put($uid, $path, $content, 1_650_000_001); // odd second: FAT rounds to 2 s
		}

		$run = $this->processOk(['--output=json']);
		$report = $run->json();

		foreach (array_keys($good) as $path) {
			$this->assertMirrored($target, $uid, $path, false, 2);
		}
		$this->assertSame(count($refused), $report['failed'] ?? null, "one failure per refused name:\n" . $run->describe());
		$this->assertCount(count($refused), $report['errors'] ?? [], $run->describe());
		$errors = implode("\n", $report['errors']);
		$this->assertMatchesRegularExpression('/name|not permitted|invalid|refuse/i', $errors, 'the error says what is wrong');
		foreach (array_keys($refused) as $path) {
			$this->assertFileDoesNotExist($this->mirrorPath($target, $uid, $path));
		}
		$this->assertNoTempFiles($target);
		$this->assertSame(count($refused), $this->userStatus($uid, (int)$target['id'])['failed']);
		$this->assertSame(count($good), $this->userStatus($uid, (int)$target['id'])['replicated']);

		// Renaming a refused file to a name FAT accepts lets it through.
		$this->dav()->move($uid, 'Docs/what?.txt', 'Docs/what.txt');
		$this->processOk();
		$this->assertMirrored($target, $uid, 'Docs/what.txt', false, 2);
	}
}

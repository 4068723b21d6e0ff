<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

/**
 * Changes no event announces, and the commands that find them (issue items 3, 8, 9):
 * files added behind Nextcloud's back + files:scan, mirror:resync (and --dry-run), the periodic reconcile,
 * mirror:verify.
 */
final class ReconcileTest extends IntegrationTestCase {
	public function testFilesAddedBehindNextcloudsBackAreFoundByResync(): void {
		$uid = $this->user('scanned');
		$target = $this->newTarget('resync');
		$this->dav()->put($uid, 'known.txt', 'uploaded normally');
		$this->processOk();

		$this->addBehindTheBack($uid, ['Scanner/page1.pdf' => 'page one', 'Scanner/page2.pdf' => 'page two']);
		$this->occOk(['files:scan', $uid]);
		$this->processOk();
		$this->assertFileDoesNotExist($this->mirrorPath($target, $uid, 'Scanner/page1.pdf'), 'no event for files:scan: nothing queued yet');

		$elsewhere = $this->occOk(['mirror:resync', '--user=' . $uid, '--path=Elsewhere', '--output=json'])->json();
		$this->assertSame([], $elsewhere['differences'], '--path limits the comparison to that folder');
		$resync = $this->occOk(['mirror:resync', '--user=' . $uid, '--target=' . $target['id'], '--path=Scanner', '--output=json']);
		$report = $resync->json();
		$this->assertGreaterThanOrEqual(2, $this->countDifferences($report), "resync should report the 2 new files:\n" . $resync->describe());
		$this->processOk();

		$this->assertUserMirrored($target, $uid);
	}

	/**
	 * The database compares the file cache with the records (RecordJoin): every kind of difference it has to
	 * find, before the worker has caught up with the events, on the whole library and below a folder. A
	 * rename that changes only the case, or adds a trailing space, is a move on every database (MariaDB's
	 * comparison ignores trailing spaces: the lengths are compared there too).
	 */
	public function testTheDatabaseFindsEveryKindOfDifferenceAndNothingElse(): void {
		$uid = $this->user('compared');
		$this->newTarget('compared');
		foreach (['keep.txt', 'change.txt', 'move.txt', 'Case.txt', 'pad.txt', 'gone.txt', 'Sub/out.txt', 'Sub/stay.txt'] as $path) {
			if (str_contains($path, '/')) {
				$this->dav()->mkdirs($uid, dirname($path));
			}
			$this->dav()->put($uid, $path, 'first ' . $path)->expect(201, 204);
		}
		$this->dav()->mkdirs($uid, 'Other');
		$this->processOk();
		$clean = $this->occOk(['mirror:resync', '--user=' . $uid, '--dry-run', '--output=json'])->json();
		$this->assertSame([], $clean['differences'], 'a mirrored library has no difference');
		$this->assertSame(8, $clean['files']);

		// what the worker has not caught up with yet: the records still say what was copied
		$this->dav()->put($uid, 'new.txt', 'new')->expect(201);
		$this->dav()->put($uid, 'change.txt', 'second, longer content')->expect(204);
		$this->dav()->move($uid, 'move.txt', 'moved.txt')->expect(201);
		$this->dav()->move($uid, 'Case.txt', 'case.txt')->expect(201);
		$this->dav()->move($uid, 'pad.txt', 'pad.txt ')->expect(201);
		$this->dav()->delete($uid, 'gone.txt')->expect(204);
		$this->dav()->move($uid, 'Sub/out.txt', 'Other/out.txt')->expect(201);

		$reasons = static function (array $report): array {
			$byPath = array_column($report['differences'], 'reason', 'path');
			ksort($byPath);
			return $byPath;
		};
		$all = $this->occOk(['mirror:resync', '--user=' . $uid, '--dry-run', '--output=json'])->json();
		$this->assertSame([
			'Other/out.txt' => 'moved', 'case.txt' => 'moved', 'change.txt' => 'changed', 'gone.txt' => 'deleted',
			'moved.txt' => 'moved', 'new.txt' => 'missing', 'pad.txt ' => 'moved',
		], $reasons($all));
		$this->assertSame(8, $all['files'], 'files in Nextcloud now: keep, change, moved, case, "pad.txt ", new, Sub/stay, Other/out');

		$sub = $this->occOk(['mirror:resync', '--user=' . $uid, '--path=Sub', '--dry-run', '--output=json'])->json();
		$this->assertSame(['Sub/out.txt' => 'deleted'], $reasons($sub), 'moved out of the folder: gone from it');
		$this->assertSame(1, $sub['files']);
		$other = $this->occOk(['mirror:resync', '--user=' . $uid, '--path=Other', '--dry-run', '--output=json'])->json();
		$this->assertSame(['Other/out.txt' => 'moved'], $reasons($other), 'moved into the folder: its record is elsewhere');
		$this->assertSame(1, $other['files']);

		$this->processOk();
		$after = $this->occOk(['mirror:resync', '--user=' . $uid, '--output=json'])->json();
		$this->assertSame([], $after['differences'], 'the worker caught up: nothing differs');
	}

	public function testResyncDryRunReportsButChangesNothing(): void {
		$uid = $this->user('dryrun');
		$target = $this->newTarget('dryrun');
		$this->dav()->put($uid, 'a.txt', 'a');
		$this->dav()->put($uid, 'b.txt', 'b');
		$this->processOk();
		// Three kinds of difference: a new file nobody announced, a copy gone from the drive, a copy changed on the drive.
		$this->addBehindTheBack($uid, ['new.txt' => 'new']);
		$this->occOk(['files:scan', $uid]);
		unlink($this->mirrorPath($target, $uid, 'a.txt'));
		file_put_contents($this->mirrorPath($target, $uid, 'b.txt'), 'changed on the drive'); // other size: resync's stat sees it
		$before = $this->snapshot($target['path']);
		$statusBefore = $this->userStatus($uid, (int)$target['id']);

		$dry = $this->occOk(['mirror:resync', '--user=' . $uid, '--dry-run']);
		$this->assertStringContainsString('new.txt', $dry->stdout, "dry run names what it found:\n" . $dry->describe());
		$this->assertStringContainsString('a.txt', $dry->stdout, "dry run names what it found:\n" . $dry->describe());
		$this->assertStringContainsString('b.txt', $dry->stdout, "dry run names what it found:\n" . $dry->describe());
		$this->assertSame($statusBefore, $this->userStatus($uid, (int)$target['id']), 'a dry run queues nothing');
		$this->processOk();
		$this->assertSame($before, $this->snapshot($target['path']), 'after a dry run, processing changes nothing on the drive');

		$this->occOk(['mirror:resync', '--user=' . $uid]);
		$this->processOk();
		$this->assertUserMirrored($target, $uid);
	}

	public function testThePeriodicReconcileFromCronCatchesMissedChanges(): void {
		$uid = $this->user('periodic');
		$target = $this->newTarget('periodic');
		$this->dav()->put($uid, 'seen.txt', 'seen');
		$this->processOk();
		$this->addBehindTheBack($uid, ['Imported/old-photo.jpg' => random_bytes(5000)]);
		$this->occOk(['files:scan', $uid]);

		// No resync: the app's reconcile job (then its processing job) from plain cron.php.
		$this->cron([self::JOB_RECONCILE]);
		$this->cron([self::JOB_PROCESS]);

		$this->assertUserMirrored($target, $uid);
	}

	public function testVerifyNamesMissingAndAlteredCopiesAndRequeuesThem(): void {
		$uid = $this->user('verifier');
		$target = $this->newTarget('verify');
		foreach (['one.txt', 'two.txt', 'three.txt', 'Sub/four.txt'] as $i => $path) {
			if ($i === 3) {
				$this->dav()->mkcol($uid, 'Sub');
			}
			$this->dav()->put($uid, $path, "content $path");
		}
		$this->processOk();
		$good = $this->occ(['mirror:verify', '--target=' . $target['id'], '--user=' . $uid]);
		$this->assertSame(0, $good->exitCode, "all copies good:\n" . $good->describe());

		unlink($this->mirrorPath($target, $uid, 'two.txt'));
		$altered = $this->mirrorPath($target, $uid, 'Sub/four.txt');
		$mtime = filemtime($altered);
		file_put_contents($altered, strrev(file_get_contents($altered))); // same size, same mtime, other bytes
		touch($altered, $mtime);

		$bad = $this->occ(['mirror:verify', '--target=' . $target['id'], '--user=' . $uid]);
		$this->assertSame(1, $bad->exitCode, "verify exits 1 when it finds bad copies:\n" . $bad->describe());
		$this->assertStringContainsString('two.txt', $bad->stdout, 'the missing copy is named');
		$this->assertStringContainsString('Sub/four.txt', $bad->stdout, 'the altered copy is named');
		$this->assertStringNotContainsString('one.txt', $bad->stdout);

		$this->processOk(); // re-queued by verify
		$this->assertUserMirrored($target, $uid);
		$again = $this->occ(['mirror:verify', '--target=' . $target['id'], '--user=' . $uid, '--sample=100', '--output=json']);
		$this->assertSame(0, $again->exitCode, $again->describe());
		$json = $again->json();
		$this->assertSame(4, $json['checked'] ?? null, $again->describe());
		$this->assertSame(4, $json['ok'] ?? null, $again->describe());
	}

	public function testVerifyWithASampleChecksOnlyPartOfTheCopies(): void {
		$uid = $this->user('sampler');
		$target = $this->newTarget('sample');
		$files = [];
		for ($i = 0; $i < 40; $i++) {
			$files["many/f$i.txt"] = "file $i";
		}
		$this->addBehindTheBack($uid, $files); // quicker than 40 PUTs
		$this->occOk(['files:scan', $uid]);
		$this->occOk(['mirror:resync', '--user=' . $uid]);
		$this->processOk();
		$this->assertCount(40, $this->mirrorFiles($target, $uid));

		$r = $this->occ(['mirror:verify', '--target=' . $target['id'], '--user=' . $uid, '--sample=25', '--output=json']);
		$this->assertSame(0, $r->exitCode, $r->describe());
		$checked = $r->json()['checked'] ?? null;
		$this->assertIsInt($checked, $r->describe());
		$this->assertGreaterThan(0, $checked);
		$this->assertLessThan(40, $checked, 'a 25 % sample reads fewer than all 40 copies');
	}

	/** @param array<string,string> $files path => content, written straight into the data directory */
	private function addBehindTheBack(string $uid, array $files): void {
		foreach ($files as $path => $content) {
			$full = $this->sourcePath($uid, $path);
			if (!is_dir(dirname($full))) {
				mkdir(dirname($full), 0755, true);
			}
			file_put_contents($full, $content);
		}
	}

	/** @return array<string,string> every entry below DIR => "size mtime sha1" (directories: "dir") */
	private function snapshot(string $dir): array {
		clearstatcache();
		$result = [];
		foreach (self::filesBelow($dir, true) as $entry) {
			$full = $dir . '/' . rtrim($entry, '/');
			$result[$entry] = is_dir($full) ? 'dir' : filesize($full) . ' ' . filemtime($full) . ' ' . sha1_file($full);
		}
		return $result;
	}

	private function countDifferences(array $report): int {
		if (isset($report['differences']) && is_array($report['differences'])) {
			return count($report['differences']);
		}
		return (int)($report['missing'] ?? 0);
	}
}

<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

use OCA\Mirror\Tests\Integration\Harness\ProcResult;

/**
 * A drive that fails its writeback (issue 24): write() succeeds into the page cache, the bytes never
 * reach the disk, and syncfs (or fsync) says so with ENOSPC or EIO (Mounts::failingExt4(): ext4 on a
 * loop device whose image lies on a full tmpfs). No copy is recorded unless its bytes are on the drive,
 * the copy it would have replaced stays, the files are failed with a clear message and retried, and once
 * the drive is good again the next run copies everything and mirror:verify finds every copy right.
 * Every check of the drive's bytes is made after a replug, so it reads the disk, not the page cache.
 * Moves on that drive, moves and copies when its journal fails too (Mounts::failJournal()), and a copy
 * a replug left in the trash without its record are tested below.
 */
final class WritebackErrorTest extends IntegrationTestCase {
	private const PHOTOS = 12;
	private const BADGE = '{http://nextcloud.org/ns}mirror-status';

	public function testCopiesWhoseWritebackFailsAreNeverRecordedAndAreCopiedOnceTheDriveIsGood(): void {
		$uid = $this->user('writeback');
		$backing = $this->freshDir('writeback-backing');
		$mountPoint = $this->freshDir('writeback-drive');
		$this->mounts->failingExt4($backing, $mountPoint);
		$target = $this->addTarget($mountPoint, 'failing');
		$this->dav()->mkcol($uid, 'Photos');
		$old = random_bytes(150_000);
		$this->dav()->put($uid, 'Photos/kept.jpg', $old);
		$this->dav()->put($uid, 'Photos/earlier.jpg', random_bytes(90_000));
		$this->processOk();
		$this->assertUserMirrored($target, $uid);

		// the drive stops taking new data: every photo below (and the new version of kept.jpg) is written
		// into the page cache, and its writeback fails
		$this->mounts->starve($backing);
		$this->dav()->put($uid, 'Photos/kept.jpg', $new = random_bytes(160_000));
		for ($i = 0; $i < self::PHOTOS; $i++) {
			$this->dav()->put($uid, "Photos/IMG_$i.jpg", random_bytes(200_000 + $i));
		}
		$run = $this->process(['--output=json']);

		// the drive is good again (the tmpfs has room) and plugged in again: what is on it now is what reached the disk.
		// No record may name a copy that did not (verify hashes what the records say is there).
		$this->mounts->feed($backing);
		$this->mounts->replug($backing, $mountPoint);
		$verify = $this->occ(['mirror:verify', '--target=' . $target['id'], '--user=' . $uid]);
		$this->assertSame(0, $verify->exitCode, "every copy recorded while the drive failed is on it, byte for byte:\n" . $verify->describe() . "\n" . $run->describe());
		$inPlace = (string)file_get_contents($this->mirrorPath($target, $uid, 'Photos/kept.jpg'));
		$this->assertTrue($inPlace === $old || $inPlace === $new, 'kept.jpg on the drive is its earlier copy or its new one, whole');
		$kept = array_map('file_get_contents', [$this->mirrorPath($target, $uid, 'Photos/kept.jpg'), ...array_values($this->trashCopies($target, $uid, 'Photos/kept.jpg'))]);
		$this->assertContains($old, $kept, 'the earlier good copy of kept.jpg is not lost: in place, or in the trash if the new one replaced it durably');

		// the files whose writeback failed are failed, with words that say so, and counted as such
		$report = $run->json();
		$this->assertIsArray($report, $run->describe());
		$this->assertGreaterThan(0, $report['failed'] ?? 0, "the drive's writeback failed:\n" . $run->describe());
		foreach ($report['errors'] ?? [] as $error) {
			$this->assertStringContainsString('write error', $error, "the error says the drive failed to store the copy:\n" . $run->describe());
		}
		$status = $this->targetStatus((int)$target['id']);
		$this->assertSame($report['failed'], $status['failed'], json_encode($status));
		// kept.jpg stays counted with its earlier copy when its new one failed
		$this->assertContains((int)$this->userStatus($uid, (int)$target['id'])['replicated'], [self::PHOTOS + 2 - $report['failed'], self::PHOTOS + 3 - $report['failed']],
			'the copies that failed are not counted as mirrored');
		// the badges (the Files app's list, one PROPFIND) say which photos are mirrored and which failed; a failed
		// one's sidebar says why
		$states = [];
		foreach ($this->dav()->propfind($uid, 'Photos', 1, [self::BADGE]) as $href => $props) {
			if (str_starts_with(basename($href), 'IMG_')) {
				$states[basename($href)] = $props[self::BADGE] ?? null;
			}
		}
		$this->assertCount(self::PHOTOS, $states, json_encode($states));
		$this->assertSame([], array_values(array_diff($states, ['replicated', 'failed'])), json_encode($states));
		$failed = array_search('failed', $states, true);
		$this->assertIsString($failed, 'photos failed: ' . json_encode($states));
		$id = $this->dav()->fileId($uid, "Photos/$failed");
		$r = $this->dav()->request('GET', self::nc()->url() . "/ocs/v2.php/apps/mirror/api/v1/files/$id?format=json", $uid, ['OCS-APIRequest' => 'true', 'Accept' => 'application/json']);
		$onTarget = json_decode($r->body, true)['ocs']['data']['targets'][0] ?? [];
		$this->assertSame(['failed', 'write_back'], [$onTarget['state'] ?? null, $onTarget['errorCode'] ?? null], $r->body);
		$this->assertStringStartsWith('The mirror drive reported a write error', (string)$onTarget['error']);
		fwrite(STDERR, sprintf("\nwriteback failed for %d of %d copies\n", $report['failed'], self::PHOTOS + 1));

		// the failed files are retried (at once here, instead of after the backoff: a minute, doubling): the next run copies everything
		$again = $this->retryNowAndReplug($uid, $backing, $mountPoint, $target);
		$this->assertNoTempFiles($target);
		$status = $this->targetStatus((int)$target['id']);
		$this->assertSame(0, $status['failed'], "nothing is failed once the drive is good:\n" . $again->describe());
		$this->assertSame(0, $status['pending'], $again->describe());
		$this->assertSame(self::PHOTOS + 2, (int)$this->userStatus($uid, (int)$target['id'])['replicated']);
		$verify = $this->occ(['mirror:verify', '--target=' . $target['id'], '--user=' . $uid]);
		$this->assertSame(0, $verify->exitCode, "every copy on the drive is right:\n" . $verify->describe());
	}

	/**
	 * Moves while the drive's writeback fails: a file renamed into a new folder, a file deleted (its copy
	 * to the mirror trash). ext4's journal still works on this drive (its blocks have their pages): a
	 * rename is committed to the journal by the folder's fsync, so the moves are durable and recorded;
	 * after the drive comes back (replug: the journal is replayed onto the image) each copy is where its
	 * record says, nothing is lost and verify finds every copy right. A move whose folder sync fails is
	 * undone and failed as write_back (DriveMovesFolderSyncTest): this drive cannot make a folder's fsync fail.
	 */
	public function testMovesWhileTheWritebackFailsAreKeptOrRetriedAndNothingIsLost(): void {
		[$uid, $backing, $mountPoint, $target, $moved, $deleted] = $this->threePhotosOnAFailingDrive('wbmoves', 'failing-moves');

		$this->mounts->starve($backing);
		$this->dav()->mkcol($uid, 'Albums');
		$this->dav()->move($uid, 'Photos/moved.jpg', 'Albums/moved.jpg')->expect(201, 204);
		$this->dav()->delete($uid, 'Photos/deleted.jpg')->expect(204);
		[$run, $report] = $this->runFailingOnlyWithWriteErrors();

		// the drive as it is on the disk: every record names a copy that is there, byte for byte
		$this->mounts->feed($backing);
		$this->mounts->replug($backing, $mountPoint);
		$verify = $this->occ(['mirror:verify', '--target=' . $target['id'], '--user=' . $uid]);
		$this->assertSame(0, $verify->exitCode, "the records name the copies as the disk holds them:\n" . $verify->describe() . "\n" . $run->describe());
		fwrite(STDERR, sprintf("\nmoves while the writeback failed: %d done, %d failed\n", $report['done'] ?? -1, $report['failed'] ?? -1));

		// what failed is retried: the next run completes it
		$again = $this->retryNowAndReplug($uid, $backing, $mountPoint, $target);
		$this->assertSame([$deleted], array_values(array_map('file_get_contents', $this->trashCopies($target, $uid, 'Photos/deleted.jpg'))), 'the deleted copy is in the trash, whole');
		$this->assertSame([], $this->trashCopies($target, $uid, 'Photos/moved.jpg'), 'the moved copy was moved, not copied anew');
		$list = $this->occOk(['mirror:trash:list', '--user=' . $uid, '--output=json'])->json();
		$this->assertSame([['Photos/deleted.jpg', 'deleted', hash('sha256', $deleted)]],
			array_map(static fn (array $e): array => [$e['path'], $e['reason'], $e['checksum']], $list), 'the trashed copy is recorded, once');
		$this->assertSettledAndRight($uid, $target, $again);
	}

	/**
	 * The drive's journal fails mid-run (Mounts::failJournal(): ext4 aborts the journal and turns itself
	 * read-only, as a USB drive that dies): a rename whose folder's fsync fails, a deletion and a new copy
	 * the read-only filesystem refuses. No record changes, each item fails as write_back (never
	 * "permission": the admin did not make the drive read-only), and once the drive is back (replug) the
	 * next run completes them; nothing is lost, verify is clean.
	 */
	public function testWhenTheJournalFailsMovesAndCopiesFailAsWriteErrorsAndAreDoneAfterAReplug(): void {
		[$uid, $backing, $mountPoint, $target, $moved, $deleted] = $this->threePhotosOnAFailingDrive('wbjournal', 'failing-journal');

		$this->mounts->failJournal($backing, $mountPoint);
		$this->dav()->move($uid, 'Photos/moved.jpg', 'Photos/renamed.jpg')->expect(201, 204);
		$this->dav()->delete($uid, 'Photos/deleted.jpg')->expect(204);
		$this->dav()->put($uid, 'Photos/new.jpg', $new = random_bytes(90_000));
		[$run, $report] = $this->runFailingOnlyWithWriteErrors();
		$this->assertSame(3, $report['failed'] ?? null, "the rename, the deletion and the new copy fail:\n" . $run->describe());
		foreach (['Photos/renamed.jpg', 'Photos/new.jpg'] as $path) {
			$id = $this->dav()->fileId($uid, $path);
			$r = $this->dav()->request('GET', self::nc()->url() . "/ocs/v2.php/apps/mirror/api/v1/files/$id?format=json", $uid, ['OCS-APIRequest' => 'true', 'Accept' => 'application/json']);
			$onTarget = json_decode($r->body, true)['ocs']['data']['targets'][0] ?? [];
			$this->assertSame(['failed', 'write_back'], [$onTarget['state'] ?? null, $onTarget['errorCode'] ?? null], "$path: " . $r->body);
		}
		$this->assertSame(3, $this->targetStatus((int)$target['id'])['failed']);

		// replugged: the drive holds what it held before the journal failed, and the records still say so
		$this->mounts->feed($backing);
		$this->mounts->replug($backing, $mountPoint);
		$this->assertSame($moved, file_get_contents($this->mirrorPath($target, $uid, 'Photos/moved.jpg')), 'the rename never reached the disk');
		$this->assertSame($deleted, file_get_contents($this->mirrorPath($target, $uid, 'Photos/deleted.jpg')));
		$verify = $this->occ(['mirror:verify', '--target=' . $target['id'], '--user=' . $uid]);
		$this->assertSame(0, $verify->exitCode, "no record changed for what failed:\n" . $verify->describe() . "\n" . $run->describe());

		$again = $this->retryNowAndReplug($uid, $backing, $mountPoint, $target);
		$this->assertSame($new, file_get_contents($this->mirrorPath($target, $uid, 'Photos/new.jpg')));
		$this->assertSame([$deleted], array_values(array_map('file_get_contents', $this->trashCopies($target, $uid, 'Photos/deleted.jpg'))), 'the deleted copy is in the trash, whole');
		$this->assertSame([], $this->trashCopies($target, $uid, 'Photos/moved.jpg'), 'the renamed copy was moved, not copied anew');
		$this->assertSettledAndRight($uid, $target, $again);
	}

	/**
	 * A move to the trash whose folder sync failed is undone; a replug may keep the move and lose the undo
	 * (the drive's state is made here by hand, as that replug leaves it: the copy in a dated trash folder of an
	 * earlier day, its record still naming its place). The retry of the deletion finds the copy there, by its
	 * path, size and sha256, and records it in the trash: the admin lists it and restores it like any other.
	 */
	public function testACopyWhoseMoveToTheTrashOutlivedItsUndoIsRecordedThereAndCanBeRestored(): void {
		$uid = $this->user('wborphan');
		$target = $this->addTarget($this->freshDir('wborphan-drive'), 'orphan');
		$this->dav()->mkcol($uid, 'Photos');
		$this->dav()->put($uid, 'Photos/gone.jpg', $gone = random_bytes(80_000));
		$this->dav()->put($uid, 'Photos/stays.jpg', random_bytes(70_000));
		$this->processOk();

		$day = '2026-11-30';
		$trashDir = $target['path'] . '/' . self::TRASH . '/' . $uid . '/' . $day . '/Photos';
		mkdir($trashDir, 0755, true);
		file_put_contents($trashDir . '/gone.jpg', 'another file deleted that day: ' . str_repeat('x', 100));
		$this->assertTrue(rename($this->mirrorPath($target, $uid, 'Photos/gone.jpg'), $trashDir . '/gone (2).jpg'));
		$this->dav()->delete($uid, 'Photos/gone.jpg')->expect(204);
		$this->occOk(['trashbin:cleanup', $uid]);
		$this->processOk();

		$list = $this->occOk(['mirror:trash:list', '--user=' . $uid, '--output=json'])->json();
		$this->assertSame([['Photos/gone.jpg', $day . '/Photos/gone (2).jpg', 'deleted', hash('sha256', $gone)]],
			array_map(static fn (array $e): array => [$e['path'], $e['trashPath'] ?? null, $e['reason'], $e['checksum']], $list),
			'the copy is recorded where it is, once; the other file of that day is not taken for it: ' . json_encode($list));
		$this->processOk();
		$this->assertCount(1, $this->occOk(['mirror:trash:list', '--user=' . $uid, '--output=json'])->json(), 'recorded once');

		$r = $this->occ(['mirror:restore', '--output=json', '--user=' . $uid, '--path=Photos', '--from-version=trash:' . $day, '--target=' . $target['id']]);
		$done = $r->json();
		$this->assertIsArray($done, $r->describe());
		$this->assertSame([1, 0, 0], [$done['restored'], $done['failed'], $r->exitCode], $r->describe());
		$this->assertSame($gone, $this->dav()->get($uid, 'Photos/gone.jpg'));
	}

	/**
	 * A user with three photos in Photos/ (moved.jpg, deleted.jpg, stays.jpg) mirrored onto a failing ext4
	 * drive (Mounts::failingExt4()), before anything fails.
	 *
	 * @return array{0: string, 1: string, 2: string, 3: array<string, mixed>, 4: string, 5: string} uid, backing, mount point, target, moved.jpg's and deleted.jpg's bytes
	 */
	private function threePhotosOnAFailingDrive(string $name, string $targetName): array {
		$uid = $this->user($name);
		$backing = $this->freshDir($name . '-backing');
		$mountPoint = $this->freshDir($name . '-drive');
		$this->mounts->failingExt4($backing, $mountPoint);
		$target = $this->addTarget($mountPoint, $targetName);
		$this->dav()->mkcol($uid, 'Photos');
		$moved = random_bytes(120_000);
		$deleted = random_bytes(110_000);
		$this->dav()->put($uid, 'Photos/moved.jpg', $moved);
		$this->dav()->put($uid, 'Photos/deleted.jpg', $deleted);
		$this->dav()->put($uid, 'Photos/stays.jpg', random_bytes(100_000));
		$this->processOk();
		$this->assertUserMirrored($target, $uid);
		return [$uid, $backing, $mountPoint, $target, $moved, $deleted];
	}

	/**
	 * A run on the failing drive, whose every error is the drive's write error (never a permission).
	 *
	 * @return array{0: ProcResult, 1: array<string, mixed>} the run and its JSON report
	 */
	private function runFailingOnlyWithWriteErrors(): array {
		$run = $this->process(['--output=json']);
		$report = $run->json();
		$this->assertIsArray($report, $run->describe());
		foreach ($report['errors'] ?? [] as $error) {
			$this->assertStringContainsString('write error', $error, "only the drive's write errors fail an item, never a permission:\n" . $run->describe());
		}
		return [$run, $report];
	}

	/**
	 * What failed is retried at once; then the drive is replugged (read from the disk) and holds all of the user's files.
	 *
	 * @param array<string, mixed> $target
	 */
	private function retryNowAndReplug(string $uid, string $backing, string $mountPoint, array $target): ProcResult {
		self::nc()->execute('UPDATE oc_mirror_queue SET next_attempt_at = 0 WHERE target_id = ?', [(int)$target['id']]);
		$again = $this->processOk(['--output=json']);
		$this->mounts->replug($backing, $mountPoint);
		$this->assertUserMirrored($target, $uid);
		return $again;
	}

	/**
	 * Nothing failed or pending on the target, and verify finds every copy of the user's right.
	 *
	 * @param array<string, mixed> $target
	 */
	private function assertSettledAndRight(string $uid, array $target, ProcResult $again): void {
		$status = $this->targetStatus((int)$target['id']);
		$this->assertSame([0, 0], [$status['failed'], $status['pending']], $again->describe());
		$verify = $this->occ(['mirror:verify', '--target=' . $target['id'], '--user=' . $uid]);
		$this->assertSame(0, $verify->exitCode, "every copy on the drive is right:\n" . $verify->describe());
	}
}

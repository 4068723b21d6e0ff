<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

/**
 * What users do to files after uploading them (issue item 6): rename, move, overwrite, delete, restore, copy.
 */
final class FileOperationsTest extends IntegrationTestCase {
	public function testAnEmptyFileIsMirroredAndItsDeletionRecorded(): void {
		$uid = $this->user('empty');
		$target = $this->newTarget('empty');
		$this->dav()->put($uid, 'empty.txt', '');
		$this->processOk();
		$this->assertMirrored($target, $uid, 'empty.txt');
		$this->assertSame(0, $this->targetStatus((int)$target['id'])['failed']);
		$this->dav()->delete($uid, 'empty.txt');
		$this->processOk();
		$this->assertCount(1, $this->trashCopies($target, $uid, 'empty.txt'));
		$this->assertSame(0, $this->targetStatus((int)$target['id'])['failed']);
		$this->forgetTarget((int)$target['id']);
	}

	public function testRenamingAFileRenamesTheCopyInsteadOfCopyingAgain(): void {
		$uid = $this->user('renamer');
		$target = $this->newTarget('rename');
		$this->dav()->mkdirs($uid, 'Docs');
		$this->dav()->mkdirs($uid, 'Archive');
		$this->dav()->put($uid, 'Docs/draft.txt', 'the text');
		$this->processOk();
		$inode = self::inode($this->mirrorPath($target, $uid, 'Docs/draft.txt'));

		$this->dav()->move($uid, 'Docs/draft.txt', 'Docs/final.txt');
		$this->processOk();

		$this->assertFileDoesNotExist($this->mirrorPath($target, $uid, 'Docs/draft.txt'));
		$this->assertMirrored($target, $uid, 'Docs/final.txt');
		$this->assertSame($inode, self::inode($this->mirrorPath($target, $uid, 'Docs/final.txt')), 'the copy was renamed, not copied again');

		$this->dav()->move($uid, 'Docs/final.txt', 'Archive/final.txt');
		$this->processOk();

		$this->assertSame(['Archive/final.txt'], $this->mirrorFiles($target, $uid));
		$this->assertSame($inode, self::inode($this->mirrorPath($target, $uid, 'Archive/final.txt')), 'the copy was moved, not copied again');
		$this->assertSame([], $this->trashCopies($target, $uid, 'Docs/draft.txt'), 'a rename is not a deletion');
		$verify = $this->occ(['mirror:verify', '--target=' . $target['id'], '--user=' . $uid]);
		$this->assertSame(0, $verify->exitCode, "the record followed the rename:\n" . $verify->describe());
	}

	public function testMovingAFolderMovesTheMirrorFolderAndEveryRecordFollows(): void {
		$uid = $this->user('mover');
		$target = $this->newTarget('move');
		$this->dav()->mkdirs($uid, 'Trip/day1');
		$this->dav()->mkdirs($uid, 'Trip/day2');
		$this->dav()->mkdirs($uid, 'Albums');
		$files = ['Trip/day1/a.jpg', 'Trip/day1/b.jpg', 'Trip/day2/c.jpg', 'Trip/notes.txt'];
		foreach ($files as $file) {
			$this->dav()->put($uid, $file, random_bytes(20_000));
		}
		$this->processOk();
		$inodes = [];
		foreach ($files as $file) {
			$inodes[$file] = self::inode($this->mirrorPath($target, $uid, $file));
		}

		$this->dav()->move($uid, 'Trip', 'Albums/Trip 2024');
		$this->processOk();

		$this->assertDirectoryDoesNotExist($this->mirrorPath($target, $uid, 'Trip'));
		$this->assertUserMirrored($target, $uid);
		foreach ($files as $file) {
			$moved = 'Albums/Trip 2024/' . substr($file, strlen('Trip/'));
			$this->assertSame($inodes[$file], self::inode($this->mirrorPath($target, $uid, $moved)), "$moved was moved with its folder, not copied again");
		}
		$verify = $this->occ(['mirror:verify', '--target=' . $target['id'], '--user=' . $uid]);
		$this->assertSame(0, $verify->exitCode, "every record followed the folder move:\n" . $verify->describe());
		$status = $this->userStatus($uid, (int)$target['id']);
		$this->assertSame(['files' => 4, 'replicated' => 4, 'pending' => 0, 'failed' => 0],
			array_intersect_key($status, ['files' => 0, 'replicated' => 0, 'pending' => 0, 'failed' => 0]));

		// A file changed after the move is still tracked at its new place.
		$this->dav()->put($uid, 'Albums/Trip 2024/notes.txt', 'edited after the move');
		$this->processOk();
		$this->assertSame('edited after the move', file_get_contents($this->mirrorPath($target, $uid, 'Albums/Trip 2024/notes.txt')));
	}

	public function testOverwritingGivesTheMirrorTheNewContentAndKeepsTheOldInMirrorTrash(): void {
		$uid = $this->user('writer');
		$target = $this->newTarget('overwrite');
		$this->dav()->put($uid, 'list.txt', 'old content');
		$this->processOk();

		$this->dav()->put($uid, 'list.txt', 'new content, longer than before');
		$this->processOk();

		$this->assertMirrored($target, $uid, 'list.txt');
		$this->assertSame('new content, longer than before', file_get_contents($this->mirrorPath($target, $uid, 'list.txt')));
		$old = $this->trashCopies($target, $uid, 'list.txt');
		$this->assertCount(1, $old, 'the overwritten copy is kept in .mirror-trash/<uid>/<date>/');
		$this->assertSame('old content', file_get_contents(reset($old)));
		$this->assertRecentDate((string)array_key_first($old));
		$this->assertNoTempFiles($target);
	}

	public function testDeletingMovesTheCopyToMirrorTrash(): void {
		$uid = $this->user('deleter');
		$target = $this->newTarget('delete');
		$this->dav()->mkdirs($uid, 'Old/sub');
		$this->dav()->put($uid, 'Old/sub/one.txt', 'one');
		$this->dav()->put($uid, 'Old/two.txt', 'two');
		$this->dav()->put($uid, 'single.txt', 'single');
		$this->dav()->put($uid, 'keep.txt', 'keep');
		$this->processOk();

		$this->dav()->delete($uid, 'single.txt');
		$this->dav()->delete($uid, 'Old');
		$this->processOk();

		$this->assertSame(['keep.txt'], $this->mirrorFiles($target, $uid));
		foreach (['single.txt' => 'single', 'Old/sub/one.txt' => 'one', 'Old/two.txt' => 'two'] as $path => $content) {
			$copies = $this->trashCopies($target, $uid, $path);
			$this->assertCount(1, $copies, "$path should be in .mirror-trash/$uid/<date>/");
			$this->assertSame($content, file_get_contents(reset($copies)));
			$this->assertRecentDate((string)array_key_first($copies));
		}
	}

	public function testRestoringFromTheTrashBinPutsTheFileBackOnTheMirror(): void {
		$uid = $this->user('restorer');
		$target = $this->newTarget('restore');
		$this->dav()->mkdirs($uid, 'Photos');
		$this->dav()->put($uid, 'Photos/cat.jpg', random_bytes(30_000), 1_500_000_000);
		$this->processOk();
		$this->dav()->delete($uid, 'Photos/cat.jpg');
		$this->processOk();
		$this->assertFileDoesNotExist($this->mirrorPath($target, $uid, 'Photos/cat.jpg'));

		$this->dav()->restoreFromTrash($uid, 'Photos/cat.jpg');
		$this->assertFileExists($this->sourcePath($uid, 'Photos/cat.jpg'));
		$this->processOk();

		$this->assertMirrored($target, $uid, 'Photos/cat.jpg');
		$this->assertUserMirrored($target, $uid);
	}

	public function testCopyingAFolderMirrorsAllItsChildren(): void {
		$uid = $this->user('copier');
		$target = $this->newTarget('copy');
		$this->dav()->mkdirs($uid, 'Project/src/deep');
		$this->dav()->put($uid, 'Project/readme.md', '# readme');
		$this->dav()->put($uid, 'Project/src/main.c', 'int main(){}');
		$this->dav()->put($uid, 'Project/src/deep/data.bin', random_bytes(10_000));
		$this->processOk();

		$this->dav()->copy($uid, 'Project', 'Project copy');
		$this->processOk();

		$this->assertSame(['readme.md', 'src/deep/data.bin', 'src/main.c'], $this->mirrorFiles($target, $uid, 'Project copy'));
		$this->assertUserMirrored($target, $uid);
	}

	private function assertRecentDate(string $dateDir): void {
		$this->assertMatchesRegularExpression('/^\d{4}-\d{2}-\d{2}$/', $dateDir, 'trash folder is named YYYY-MM-DD');
		$days = abs(strtotime($dateDir . ' 12:00 UTC') - time()) / 86400;
		$this->assertLessThan(1.6, $days, "trash date $dateDir should be today");
	}
}

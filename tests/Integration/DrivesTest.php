<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

/**
 * Drives that go away and come back (issue item 1): an unplugged USB drive (a bind mount undone leaves the bare
 * mount-point directory), the same drive plugged back, a blank replacement drive, swapped drives, a vanished path.
 * Not one byte may be written to a target whose marker is missing or foreign.
 */
final class DrivesTest extends IntegrationTestCase {
	protected static function deleteUsersAfterEachTest(): bool {
		return true;
	}

	public function testUnpluggedDriveGetsNothingAndCatchesUpWhenPluggedBack(): void {
		$uid = $this->user('unplug');
		[$drive, $mountPoint] = $this->plugNewDrive('usb');
		$target = $this->addTarget($mountPoint, 'usb');
		$this->dav()->mkcol($uid, 'Photos');
		$this->dav()->put($uid, 'Photos/a.jpg', 'version 1');
		$this->dav()->put($uid, 'doomed.txt', 'deleted while unplugged');
		$this->processOk();
		$this->assertUserMirrored($target, $uid);

		$this->mounts->unmount($mountPoint); // unplugged: the bare directory stays
		$this->dav()->put($uid, 'Photos/a.jpg', 'version 2');
		$this->dav()->put($uid, 'Photos/b.jpg', 'new while unplugged');
		$this->dav()->mkdirs($uid, 'New/Deep');
		$this->dav()->put($uid, 'New/Deep/c.txt', 'in a new folder');
		$this->dav()->delete($uid, 'doomed.txt');
		$this->processOk();
		$this->cron();

		$this->assertBareDirUntouched($mountPoint);
		$state = $this->listedTarget((int)$target['id'])['state'];
		$this->assertFalse($state['online']);
		$this->assertSame('marker_missing', $state['reason'], json_encode($state));
		$this->assertNotSame('', (string)$state['message']);
		$status = $this->targetStatus((int)$target['id']);
		$this->assertFalse($status['state']['online']);
		$this->assertGreaterThan(0, $status['pending'], 'the work waits');
		$this->assertSame(0, $status['failed'], 'an offline target does not use up attempts');

		$this->mounts->bind($drive, $mountPoint); // the same drive, back with its content
		$this->processOk();

		$this->assertTrue($this->listedTarget((int)$target['id'])['state']['online']);
		$this->assertUserMirrored($target, $uid);
		$old = $this->trashCopies($target, $uid, 'Photos/a.jpg');
		$this->assertCount(1, $old, 'the copy overwritten while unplugged is in the mirror trash');
		$this->assertSame('version 1', file_get_contents(reset($old)));
		$this->assertCount(1, $this->trashCopies($target, $uid, 'doomed.txt'));
		$status = $this->targetStatus((int)$target['id']);
		$this->assertSame(0, $status['pending']);
		$this->assertSame(0, $status['failed']);
	}

	public function testDriveUnpluggedDuringARunGetsNothingOnTheBareDirectory(): void {
		$uid = $this->user('midway');
		[$drive, $mountPoint] = $this->plugNewDrive('usb-midway');
		$target = $this->addTarget($mountPoint, 'usb-midway');
		$files = [];
		for ($i = 0; $i < 400; $i++) {
			$files[sprintf('Batch/%02d/f%03d.bin', $i % 20, $i)] = random_bytes(20_000);
		}
		$this->putBehindTheBack($uid, $files);

		$run = self::nc()->occStart(['mirror:process']);
		$deadline = microtime(true) + 120;
		while (count(self::filesBelow($drive . '/' . $uid)) < 40 && $run->isRunning() && microtime(true) < $deadline) {
			usleep(5_000);
		}
		$this->assertTrue($run->isRunning(), 'the run should still be copying when the drive is pulled (copy more files?)');
		// Pulled out while in use: a lazy unmount detaches at once, like a USB drive yanked out.
		$this->mounts->yank($mountPoint);
		$copiedBeforeUnplug = count(self::filesBelow($drive . '/' . $uid));
		$result = $run->wait(300);

		$this->assertBareDirUntouched($mountPoint);
		$this->assertLessThan(400, $copiedBeforeUnplug);
		$this->assertSame(0, $this->targetStatus((int)$target['id'])['failed'], "an unplugged drive uses up no attempts:\n" . $result->describe());

		$this->mounts->bind($drive, $mountPoint);
		$this->processOk();
		$this->assertUserMirrored($target, $uid);
		$this->assertNoTempFiles($target);
	}

	public function testDriveUnpluggedWhileALargeFileIsCopiedGetsNothingAndCatchesUp(): void {
		$uid = $this->user('midcopy');
		[$drive, $mountPoint] = $this->plugNewDrive('usb-midcopy');
		$target = $this->addTarget($mountPoint, 'usb-midcopy');
		self::makeFile($this->sourcePath($uid, 'Videos/long.mkv'), 200 * 1024 * 1024);
		$this->putBehindTheBack($uid, ['Videos/short.txt' => 'short', 'other.txt' => 'other']);

		$run = self::nc()->occStart(['mirror:process']);
		$deadline = microtime(true) + 120;
		$temp = [];
		while ($run->isRunning() && microtime(true) < $deadline) {
			$temp = glob($drive . '/' . $uid . '/Videos/.mirror-*.part') ?: [];
			clearstatcache();
			if ($temp !== [] && (int)@filesize($temp[0]) > 0) {
				break;
			}
			usleep(1_000);
		}
		$this->assertTrue($run->isRunning(), 'the run should still be copying the large file');
		$this->mounts->yank($mountPoint); // in the middle of the large file
		$result = $run->wait(300);

		$this->assertBareDirUntouched($mountPoint);
		$this->assertFileDoesNotExist($drive . '/' . $uid . '/Videos/long.mkv', 'no partial file at the final path');
		$status = $this->targetStatus((int)$target['id']);
		$this->assertFalse($status['state']['online']);
		$this->assertSame(0, $status['failed'], "an unplugged drive uses up no attempts:\n" . $result->describe());

		$this->mounts->bind($drive, $mountPoint);
		$this->processOk();
		$this->assertUserMirrored($target, $uid);
		$this->assertNoTempFiles($target);
	}

	public function testBlankReplacementDriveStaysOfflineUntilAdopted(): void {
		$uid = $this->user('replaced');
		[, $mountPoint] = $this->plugNewDrive('old-drive');
		$target = $this->addTarget($mountPoint, 'replaceable');
		$this->dav()->put($uid, 'a.txt', 'a');
		$this->dav()->put($uid, 'b.txt', 'b');
		$this->processOk();

		$this->mounts->unmount($mountPoint);
		$this->mounts->tmpfs($mountPoint, '16m'); // a new, blank drive in the old one's place
		$this->dav()->put($uid, 'c.txt', 'c');
		$this->processOk();

		$this->assertBareDirUntouched($mountPoint, 'the blank drive');
		$state = $this->listedTarget((int)$target['id'])['state'];
		$this->assertFalse($state['online']);
		$this->assertSame('marker_missing', $state['reason']);

		$declined = $this->occ(['mirror:target:adopt', (string)$target['id']], "n\n");
		$this->assertNotSame(0, $declined->exitCode, "declining changes nothing:\n" . $declined->describe());
		$this->assertBareDirUntouched($mountPoint, 'the blank drive after a declined adopt');

		$adopt = $this->occ(['mirror:target:adopt', (string)$target['id'], '--force']);
		$this->assertSame(0, $adopt->exitCode, $adopt->describe());
		$marker = json_decode((string)@file_get_contents($mountPoint . '/' . self::MARKER), true);
		$this->assertIsArray($marker, 'adopt writes a fresh marker');
		$this->assertSame(self::nc()->instanceId(), $marker['instanceId']);
		$this->assertTrue($this->listedTarget((int)$target['id'])['state']['online']);

		$this->processOk(); // adopting queues everything: the new drive fills up by itself
		$this->assertUserMirrored($target, $uid);
	}

	public function testAdoptCanBeConfirmedInteractively(): void {
		$uid = $this->user('confirmer');
		[, $mountPoint] = $this->plugNewDrive('confirm-old');
		$target = $this->addTarget($mountPoint, 'confirm');
		$this->dav()->put($uid, 'x.txt', 'x');
		$this->processOk();
		$this->mounts->unmount($mountPoint);
		$this->mounts->tmpfs($mountPoint, '8m');

		$adopt = $this->occ(['mirror:target:adopt', (string)$target['id']], "y\n");
		$this->assertSame(0, $adopt->exitCode, $adopt->describe());
		$this->assertFileExists($mountPoint . '/' . self::MARKER);
		$this->processOk();
		$this->assertUserMirrored($target, $uid);
	}

	public function testSwappedDrivesAreRecognisedByTheirMarkers(): void {
		$uid = $this->user('swapper');
		[$driveA, $mountA] = $this->plugNewDrive('swap-a');
		[$driveB, $mountB] = $this->plugNewDrive('swap-b');
		$targetA = $this->addTarget($mountA, 'A');
		$targetB = $this->addTarget($mountB, 'B');
		$this->dav()->put($uid, 'one.txt', 'one');
		$this->processOk();
		$this->mounts->unmount($mountA);
		$this->mounts->unmount($mountB);
		$this->mounts->bind($driveB, $mountA); // plugged into each other's place
		$this->mounts->bind($driveA, $mountB);
		$before = [self::filesBelow($driveA, true), self::filesBelow($driveB, true)];

		$this->dav()->put($uid, 'two.txt', 'two');
		$this->processOk();

		foreach ([$targetA, $targetB] as $t) {
			$state = $this->listedTarget((int)$t['id'])['state'];
			$this->assertFalse($state['online'], json_encode($state));
			$this->assertSame('marker_mismatch', $state['reason'], json_encode($state));
		}
		$this->assertSame($before, [self::filesBelow($driveA, true), self::filesBelow($driveB, true)], 'nothing written to either drive');
		$adopt = $this->occ(['mirror:target:adopt', (string)$targetA['id'], '--force']);
		$this->assertNotSame(0, $adopt->exitCode, "adopting another target's drive is refused:\n" . $adopt->describe());
	}

	public function testAVanishedTargetFolderIsNotRecreated(): void {
		$uid = $this->user('vanish');
		$dir = $this->freshDir('vanishing');
		$target = $this->addTarget($dir, 'vanishing');
		$this->dav()->put($uid, 'a.txt', 'a');
		$this->processOk();
		\OCA\Mirror\Tests\Integration\Harness\Proc::run(['rm', '-rf', $dir]);

		$this->dav()->put($uid, 'b.txt', 'b');
		$this->processOk();

		$this->assertDirectoryDoesNotExist($dir, 'the engine never creates the target folder itself');
		$this->assertSame('not_found', $this->listedTarget((int)$target['id'])['state']['reason']);
	}

	/** @return array{0:string,1:string} the drive's folder and its mount point (plugged in) */
	private function plugNewDrive(string $name): array {
		$drive = $this->freshDir('drive-' . $name);
		$mountPoint = $this->freshDir('mnt-' . $name);
		$this->mounts->bind($drive, $mountPoint);
		return [$drive, $mountPoint];
	}

	private function assertBareDirUntouched(string $dir, string $what = 'the bare mount point'): void {
		$entries = array_values(array_diff(scandir($dir) ?: [], ['.', '..']));
		$this->assertSame([], $entries, "nothing at all may be written to $what");
	}

	/** @param array<string,string> $files */
	private function putBehindTheBack(string $uid, array $files): void {
		foreach ($files as $path => $content) {
			$full = $this->sourcePath($uid, $path);
			if (!is_dir(dirname($full))) {
				mkdir(dirname($full), 0755, true);
			}
			file_put_contents($full, $content);
		}
		$this->occOk(['files:scan', $uid]);
		$this->occOk(['mirror:resync', '--user=' . $uid]);
	}
}

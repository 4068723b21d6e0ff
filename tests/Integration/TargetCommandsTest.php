<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

use OCA\Mirror\Tests\Integration\Harness\Proc;

/**
 * Managing targets with occ (issue item 1): validation, the marker, list, enable/disable, remove.
 */
final class TargetCommandsTest extends IntegrationTestCase {
	public function testAddingATargetWritesItsMarkerAndListsItOnline(): void {
		$dir = $this->freshDir('marker');
		$target = $this->addTarget($dir, 'USB backup');

		$this->assertSame('USB backup', $target['name']);
		$this->assertSame($dir, $target['path']);
		$this->assertTrue((bool)$target['enabled']);
		$marker = json_decode((string)file_get_contents($dir . '/' . self::MARKER), true);
		$this->assertIsArray($marker, 'the marker is JSON');
		$this->assertSame($target['uuid'], $marker['uuid']);
		$this->assertSame(self::nc()->instanceId(), $marker['instanceId']);

		$listed = $this->listedTarget((int)$target['id']);
		$this->assertNotNull($listed);
		$this->assertTrue($listed['state']['online'], json_encode($listed));
		$this->assertNull($listed['state']['reason']);
		$this->assertGreaterThan(0, $listed['state']['freeBytes']);
		$this->assertGreaterThanOrEqual($listed['state']['freeBytes'], $listed['state']['totalBytes']);

		$plain = $this->occOk(['mirror:target:list']);
		$this->assertStringContainsString('USB backup', $plain->stdout);
	}

	public function testAddingRejectsUnusablePathsWithAClearMessageAndWritesNothing(): void {
		$file = $this->freshDir('afile') . '/file.txt';
		file_put_contents($file, 'x');
		$readOnly = $this->freshDir('ro');
		$this->mounts->bind($this->freshDir('ro-src'), $readOnly, true);
		$insideData = self::nc()->dataDir . '/mirror-inside-data';
		mkdir($insideData);

		$cases = [
			'relative' => ['backup/drive', '/absolute/i'],
			'missing' => [self::nc()->targetsDir . '/does-not-exist', '/not exist|missing|not found/i'],
			'not a directory' => [$file, '/not a (folder|directory)/i'],
			'not writable' => [$readOnly, '/writ/i'],
			'data dir' => [self::nc()->dataDir, '/data/i'],
			'inside data dir' => [$insideData, '/data/i'],
		];
		foreach ($cases as $case => [$path, $message]) {
			$r = $this->occ(['mirror:target:add', $path]);
			$this->assertNotSame(0, $r->exitCode, "$case: must be rejected\n" . $r->describe());
			$this->assertMatchesRegularExpression($message, $r->output(), "$case: the message says why\n" . $r->describe());
			if (is_dir($path)) {
				$this->assertFileDoesNotExist($path . '/' . self::MARKER, "$case: no marker written");
			}
		}

		// A folder inside the (read-only) server tree. The command runs in a private mount namespace where a tmpfs
		// covers that folder: any write lands there and vanishes, and no other process sees the tmpfs.
		$insideInstall = self::nc()->root . '/themes/example';
		$script = 'mount -t tmpfs -o size=1m tmpfs "$0" || exit 97; "$@"; rc=$?; echo "entries:$(ls -A "$0" | tr "\n" " ")"; exit $rc';
		$r = Proc::run(array_merge(['unshare', '--mount', '--propagation', 'private', 'sh', '-c', $script, $insideInstall],
			self::nc()->occCommand(['mirror:target:add', $insideInstall])), self::nc()->env(), self::nc()->root);
		$this->assertNotSame(97, $r->exitCode, "could not cover the folder with a tmpfs:\n" . $r->describe());
		$this->assertNotSame(0, $r->exitCode, "inside install dir: must be rejected\n" . $r->describe());
		$this->assertMatchesRegularExpression('/install/i', $r->output(), "inside install dir: the message says why\n" . $r->describe());
		$this->assertStringContainsString("entries:\n", $r->stdout . "\n", "nothing written inside the install dir:\n" . $r->describe());
		$this->assertSame([], $this->targetList(), 'no target was added');
	}

	public function testAFolderInMntWithNoDriveMountedIsRefusedAndTakenOnceTheDriveIsMounted(): void {
		// the cron job's old harm: the drive is not mounted, and the copies fill the SD card
		$mountPoint = '/mnt/mirror-it-' . bin2hex(random_bytes(4));
		mkdir($mountPoint);
		try {
			$r = $this->occ(['mirror:target:add', $mountPoint, '--name=USB']);
			$this->assertSame(1, $r->exitCode, $r->describe());
			$this->assertStringContainsString('Nothing is mounted at ' . $mountPoint . ': it is a folder on the server\'s own disk. Mount the backup drive there first', $r->output());
			$this->assertFileDoesNotExist($mountPoint . '/' . self::MARKER);
			$this->assertSame([], $this->targetList());

			// the drive is plugged in and mounted: a folder of the same disk bind-mounted there counts as one
			$this->mounts->bind($this->freshDir('usb-drive'), $mountPoint);
			$target = $this->addTarget($mountPoint, 'USB');
			$this->assertTrue($this->listedTarget((int)$target['id'])['state']['online']);
			$this->assertFileExists($mountPoint . '/' . self::MARKER);
		} finally {
			$this->mounts->unmountAll();
			@rmdir($mountPoint);
		}
	}

	public function testTargetsMustNeitherBeInsideNorContainAnotherTarget(): void {
		$outer = $this->freshDir('nest');
		mkdir($outer . '/drive');
		mkdir($outer . '/drive/sub');
		$this->addTarget($outer . '/drive', 'drive');

		foreach (['inside' => $outer . '/drive/sub', 'containing' => $outer, 'same' => $outer . '/drive/'] as $case => $path) {
			$r = $this->occ(['mirror:target:add', $path]);
			$this->assertNotSame(0, $r->exitCode, "$case: must be rejected\n" . $r->describe());
			$this->assertMatchesRegularExpression('/target/i', $r->output(), $r->describe());
		}
		$this->assertFileDoesNotExist($outer . '/' . self::MARKER);
		$this->assertFileDoesNotExist($outer . '/drive/sub/' . self::MARKER);
		$this->assertCount(1, $this->targetList());
	}

	public function testAddingATargetQueuesTheFilesAlreadyThere(): void {
		$uid = $this->user('early');
		$this->dav()->mkcol($uid, 'Before');
		$this->dav()->put($uid, 'Before/one.txt', 'one');
		$this->dav()->put($uid, 'Before/two.txt', 'two');

		$target = $this->newTarget('late-drive');
		$this->processOk(); // no resync needed

		$this->assertUserMirrored($target, $uid);
	}

	public function testADisabledTargetGetsNothingAndCatchesUpWhenEnabled(): void {
		$uid = $this->user('pauser');
		$target = $this->newTarget('disabled');
		$this->dav()->put($uid, 'first.txt', 'first');
		$this->processOk();
		$this->occOk(['mirror:target:disable', (string)$target['id']]);
		$state = $this->listedTarget((int)$target['id'])['state'];
		$this->assertFalse($state['online']);
		$this->assertSame('disabled', $state['reason']);

		$this->dav()->put($uid, 'second.txt', 'second');
		$this->dav()->delete($uid, 'first.txt');
		// And a file no event announces: only re-enabling (which queues everything) can bring it over.
		file_put_contents($this->sourcePath($uid, 'scanned.txt'), 'added behind the back');
		$this->occOk(['files:scan', $uid]);
		$this->processOk();
		$this->assertSame(['first.txt'], $this->mirrorFiles($target, $uid), 'a disabled target is left alone');
		$this->assertSame(0, $this->targetStatus((int)$target['id'])['failed'], 'waiting is not failing');

		$this->occOk(['mirror:target:enable', (string)$target['id']]);
		$this->processOk();
		$this->assertUserMirrored($target, $uid);
		$this->assertCount(1, $this->trashCopies($target, $uid, 'first.txt'));
	}

	public function testRemovingATargetForgetsItButKeepsItsData(): void {
		$uid = $this->user('remover');
		$target = $this->newTarget('removed');
		$this->dav()->put($uid, 'precious.txt', 'keep me');
		$this->processOk();
		$this->dav()->put($uid, 'deleted-later.txt', 'x');
		$this->processOk();
		$this->dav()->delete($uid, 'deleted-later.txt');
		$this->processOk();

		$this->occOk(['mirror:target:remove', (string)$target['id']]);
		$this->forgetTarget((int)$target['id']);

		$this->assertNull($this->listedTarget((int)$target['id']));
		$this->assertSame('keep me', file_get_contents($this->mirrorPath($target, $uid, 'precious.txt')), 'remove never deletes data');
		$this->assertCount(1, $this->trashCopies($target, $uid, 'deleted-later.txt'), 'the mirror trash stays too');
		$this->dav()->put($uid, 'after.txt', 'after');
		$this->processOk();
		$this->assertFileDoesNotExist($this->mirrorPath($target, $uid, 'after.txt'), 'a removed target gets nothing new');
		$this->assertNotContains((int)$target['id'], array_map(static fn (array $t) => (int)$t['id'], $this->mirrorStatus()['targets']));
	}
}

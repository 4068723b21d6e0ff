<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Unit\Drive;

use OCA\Mirror\Drive\Drive;
use OCA\Mirror\Drive\TargetOfflineException;
use OCA\Mirror\Drive\TargetState;
use OCA\Mirror\Drive\UserFolderName;
use PHPUnit\Framework\Attributes\DataProvider;
use PHPUnit\Framework\TestCase;

/**
 * Whoever can write to the drive (it may be exported over the network) plants symbolic links where
 * Mirror works. Mirror never follows one: nothing outside the target changes, nothing is created
 * there, and the operation is refused (unsafe_link) or does nothing. And nothing is written at all
 * without the marker that proves the right drive is mounted.
 */
class DriveSecurityTest extends TestCase {
	use DriveFixture;

	private string $victim;

	protected function setUp(): void {
		$this->setUpFolders();
		// what an attacker aims at: a file and a folder the web server user can write, outside the target
		$this->victim = $this->outside . '/victim.php';
		file_put_contents($this->victim, "<?php // the server's own code\n");
		mkdir($this->outside . '/folder');
		file_put_contents($this->outside . '/folder/a.jpg', 'a file outside the target');
	}

	protected function tearDown(): void {
		$this->removeFolders();
	}

	public function testALinkNamedLikeATemporaryFileIsLeftAloneAndTheCopyStillLands(): void {
		$drive = $this->onlineDrive();
		mkdir($this->root . '/alice');
		$prefix = '.mirror-' . substr(hash('sha256', 'photo.jpg'), 0, 16);
		$links = [
			$prefix . '.part' => $this->victim, // the old, predictable name
			$prefix . '.000000000000.part' => $this->victim,
			$prefix . '.ffffffffffff.part' => $this->outside . '/created-by-mirror',
			$prefix . '.0123456789ab.part' => $this->outside . '/folder',
		];
		foreach ($links as $name => $to) {
			symlink($to, $this->root . '/alice/' . $name);
		}
		$before = self::snapshot($this->outside);

		// taken over from a dead worker: its temporary files are cleared, links never
		$result = $drive->copyIn('alice', 'photo.jpg', self::stream('pixels'), 1500000000, 6, self::noBeat(), true);

		$this->assertSame('pixels', file_get_contents($this->root . '/alice/photo.jpg'));
		$this->assertSame(hash('sha256', 'pixels'), $result['checksum']);
		$this->assertSame($before, self::snapshot($this->outside), 'nothing outside the target may change');
		foreach ($links as $name => $to) {
			$this->assertTrue(is_link($this->root . '/alice/' . $name), $name . ' is left where it is');
			$this->assertSame($to, readlink($this->root . '/alice/' . $name));
		}
		$this->assertSame([], self::parts($this->root . '/alice'));
	}

	/**
	 * @return array<string, array{0: bool}>
	 */
	public static function linkTargets(): array {
		return ['to an existing file' => [true], 'dangling' => [false]];
	}

	#[DataProvider('linkTargets')]
	public function testALinkAtTheFilesPathIsRefused(bool $existing): void {
		$drive = $this->onlineDrive();
		mkdir($this->root . '/alice');
		$to = $existing ? $this->victim : $this->outside . '/created-by-mirror.php';
		symlink($to, $this->root . '/alice/a.jpg');
		$before = self::snapshot($this->outside);

		$this->assertUnsafe(fn () => $drive->copyIn('alice', 'a.jpg', self::stream('pixels'), 1, 6, self::noBeat()), 'copyIn');

		$this->assertSame($before, self::snapshot($this->outside));
		$this->assertSame($existing, file_exists($to));
		$this->assertSame($to, readlink($this->root . '/alice/a.jpg'), 'the link is left as it is');
		$this->assertSame([], self::parts($this->root . '/alice'));
		$this->assertDirectoryDoesNotExist($this->root . '/' . Drive::TRASH_DIR);
	}

	public function testTheUsersFolderAsALinkIsRefusedByEveryOperation(): void {
		$drive = $this->onlineDrive();
		symlink($this->outside . '/folder', $this->root . '/alice');
		$before = self::snapshot($this->outside);

		$this->assertUnsafe(fn () => $drive->copyIn('alice', 'a.jpg', self::stream('pixels'), 1, 6, self::noBeat()), 'copyIn over a file');
		$this->assertUnsafe(fn () => $drive->copyIn('alice', 'new.jpg', self::stream('pixels'), 1, 6, self::noBeat()), 'copyIn of a new file');
		$this->assertUnsafe(fn () => $drive->moveToTrash('alice', 'a.jpg'), 'moveToTrash');
		$this->assertUnsafe(fn () => $drive->moveToTrash('alice', ''), 'moveToTrash of the whole folder');
		$this->assertUnsafe(fn () => $drive->rename('alice', 'a.jpg', 'b.jpg'), 'rename');
		$this->assertUnsafe(fn () => $drive->ensureFolder('alice', 'New'), 'ensureFolder');
		$this->assertUnsafe(fn () => $drive->ensureFolder('alice', ''), 'ensureFolder of the user\'s folder');
		$this->assertUnsafe(fn () => $drive->stat('alice', 'a.jpg'), 'stat');
		$this->assertUnsafe(fn () => $drive->checksum('alice', 'a.jpg'), 'checksum');
		$this->assertUnsafe(fn () => throw $drive->statMany('alice', [1 => 'a.jpg'])[1], 'statMany');
		$this->assertUnsafe(fn () => throw $drive->statMany('alice', [1 => 'Photos/a.jpg'])[1], 'statMany below');

		$this->assertSame($before, self::snapshot($this->outside));
		$this->assertSame($this->outside . '/folder', readlink($this->root . '/alice'));
		$this->assertDirectoryDoesNotExist($this->root . '/' . Drive::TRASH_DIR);
	}

	public function testASubfolderAsALinkIsRefused(): void {
		$drive = $this->onlineDrive();
		mkdir($this->root . '/alice');
		file_put_contents($this->root . '/alice/x.jpg', 'a mirror copy');
		symlink($this->outside . '/folder', $this->root . '/alice/Photos');
		$before = self::snapshot($this->outside);

		$this->assertUnsafe(fn () => $drive->moveToTrash('alice', 'Photos/a.jpg'), 'moveToTrash of a file in it');
		$this->assertUnsafe(fn () => $drive->moveToTrash('alice', 'Photos'), 'moveToTrash of the folder');
		$this->assertUnsafe(fn () => $drive->rename('alice', 'Photos', 'Renamed'), 'rename of the folder');
		$this->assertUnsafe(fn () => $drive->rename('alice', 'Photos/a.jpg', 'b.jpg'), 'rename of a file out of it');
		$this->assertUnsafe(fn () => $drive->rename('alice', 'x.jpg', 'Photos/x.jpg'), 'rename of a file into it');
		$this->assertUnsafe(fn () => $drive->copyIn('alice', 'Photos/a.jpg', self::stream('pixels'), 1, 6, self::noBeat()), 'copyIn into it');
		$many = $drive->statMany('alice', [1 => 'Photos/a.jpg', 2 => 'x.jpg', 3 => 'Photos']);
		$this->assertUnsafe(fn () => throw $many[1], 'statMany of a file in it');
		$this->assertUnsafe(fn () => throw $many[3], 'statMany of the folder');
		$this->assertSame(['size' => 13, 'mtime' => filemtime($this->root . '/alice/x.jpg')], $many[2], 'a copy beside it is looked at');

		$this->assertSame($before, self::snapshot($this->outside));
		$this->assertSame('a file outside the target', file_get_contents($this->outside . '/folder/a.jpg'));
		$this->assertSame($this->outside . '/folder', readlink($this->root . '/alice/Photos'));
		$this->assertSame(['.', '..', 'Photos', 'x.jpg'], scandir($this->root . '/alice'));
		$this->assertSame('a mirror copy', file_get_contents($this->root . '/alice/x.jpg'));
		$this->assertDirectoryDoesNotExist($this->root . '/' . Drive::TRASH_DIR);
	}

	/**
	 * @return array<string, array{0: string}>
	 */
	public static function trashLinks(): array {
		return [
			'the trash' => [''],
			'the user\'s trash' => ['/alice'],
			'the day\'s trash' => ['/alice/{date}'],
		];
	}

	#[DataProvider('trashLinks')]
	public function testTheTrashAsALinkIsRefused(string $below): void {
		$drive = $this->onlineDrive();
		mkdir($this->root . '/alice');
		file_put_contents($this->root . '/alice/a.jpg', 'the good copy');
		$link = $this->root . '/' . Drive::TRASH_DIR . str_replace('{date}', date('Y-m-d', $this->now), $below);
		if (!is_dir(dirname($link))) {
			mkdir(dirname($link), 0755, true);
		}
		symlink($this->outside . '/folder', $link);
		$before = self::snapshot($this->outside);

		$this->assertUnsafe(fn () => $drive->moveToTrash('alice', 'a.jpg'), 'moveToTrash');
		$this->assertUnsafe(fn () => $drive->copyIn('alice', 'a.jpg', self::stream('other bytes'), 1, 11, self::noBeat()), 'copyIn over a different file');

		$this->assertSame($before, self::snapshot($this->outside));
		$this->assertSame('the good copy', file_get_contents($this->root . '/alice/a.jpg'), 'the mirror copy is still in place');
		$this->assertSame([], self::parts($this->root . '/alice'));
		$this->assertSame($this->outside . '/folder', readlink($link));
	}

	public function testAMarkerThatIsALinkIsNoMarker(): void {
		$this->drive()->writeMarker();
		rename($this->root . '/' . Drive::MARKER, $this->outside . '/marker.json');
		symlink($this->outside . '/marker.json', $this->root . '/' . Drive::MARKER);
		$drive = $this->drive();

		$state = $drive->state();
		$this->assertFalse($state->online);
		$this->assertSame(TargetState::MARKER_MISSING, $state->reason);
		$this->assertNull($drive->readMarker());
		$this->expectException(TargetOfflineException::class);
		$drive->ensureFolder('alice', '');
	}

	public function testWritingTheMarkerNeverWritesThroughALink(): void {
		symlink($this->victim, $this->root . '/' . Drive::MARKER);
		$before = self::snapshot($this->outside);

		$this->assertUnsafe(fn () => $this->drive()->writeMarker(), 'writeMarker');

		$this->assertSame($before, self::snapshot($this->outside));
		$this->assertSame($this->victim, readlink($this->root . '/' . Drive::MARKER));
		$this->assertSame([], self::parts($this->root));
	}

	/**
	 * @return array<string, array{0: string|null}>
	 */
	public static function noValidMarker(): array {
		return [
			'no marker' => [null],
			'another target\'s marker' => ['{"uuid": "u-2", "instanceId": "oc1"}'],
			'another Nextcloud\'s marker' => ['{"uuid": "u-1", "instanceId": "other"}'],
			'a marker that is not JSON' => ['not json'],
		];
	}

	#[DataProvider('noValidMarker')]
	public function testNothingIsWrittenWithoutAValidMarker(?string $marker): void {
		mkdir($this->root . '/alice');
		file_put_contents($this->root . '/alice/a.jpg', 'a copy');
		if ($marker !== null) {
			file_put_contents($this->root . '/' . Drive::MARKER, $marker);
		}
		$before = self::snapshot($this->root);
		$drive = $this->drive();
		$operations = [
			'copyIn' => fn () => $drive->copyIn('alice', 'b.jpg', self::stream('pixels'), 1, 6, self::noBeat()),
			'copyIn over a file' => fn () => $drive->copyIn('alice', 'a.jpg', self::stream('pixels'), 1, 6, self::noBeat()),
			'ensureFolder' => fn () => $drive->ensureFolder('bob', 'Photos'),
			'moveToTrash' => fn () => $drive->moveToTrash('alice', 'a.jpg'),
			'rename' => fn () => $drive->rename('alice', 'a.jpg', 'b.jpg'),
		];
		// before anyone asked for the state, and after state() found the drive offline
		foreach ([false, true] as $afterState) {
			if ($afterState) {
				$this->assertFalse($drive->state()->online);
			}
			foreach ($operations as $what => $operation) {
				try {
					$operation();
					$this->fail($what . ': expected TargetOfflineException');
				} catch (TargetOfflineException $e) {
					$this->assertFalse($e->state->online, $what);
				}
			}
		}
		$this->assertSame($before, self::snapshot($this->root), 'nothing may be created, moved or changed on the drive');
	}

	public function testADriveUnpluggedAfterItsStateWasReadGetsNothing(): void {
		$drive = $this->onlineDrive();
		$drive->copyIn('alice', 'a.jpg', self::stream('first'), 1, 5, self::noBeat());
		// the drive is unplugged: the bare mount point is an empty folder at the same path
		rename($this->root, $this->base . '/unplugged');
		mkdir($this->root);
		$unplugged = self::snapshot($this->base . '/unplugged');

		try {
			$drive->copyIn('alice', 'b.jpg', self::stream('second'), 1, 6, self::noBeat());
			$this->fail('expected TargetOfflineException');
		} catch (TargetOfflineException $e) {
			$this->assertSame(TargetState::MARKER_MISSING, $e->state->reason);
		}
		foreach ([
			'ensureFolder' => fn () => $drive->ensureFolder('alice', 'Photos'),
			'moveToTrash' => fn () => $drive->moveToTrash('alice', 'a.jpg'),
			'rename' => fn () => $drive->rename('alice', 'a.jpg', 'c.jpg'),
		] as $what => $operation) {
			try {
				$operation();
				$this->fail($what . ': expected TargetOfflineException');
			} catch (TargetOfflineException) {
			}
		}

		$this->assertSame(['.', '..'], scandir($this->root), 'the bare mount point stays empty');
		$this->assertSame($unplugged, self::snapshot($this->base . '/unplugged'));
	}

	/**
	 * @return array<string, array{0: string, 1: string}>
	 */
	public static function userFolderNames(): array {
		return [
			'a plain id' => ['alice', 'alice'],
			'a leading dot' => ['.hidden', '%2Ehidden'],
			'a dot inside' => ['config.php', 'config.php'],
			'a trailing dot' => ['a.', 'a%2E'],
			'a trailing space' => ['b ', 'b%20'],
			'the parent folder' => ['..', '%2E%2E'],
			'the current folder' => ['.', '%2E'],
			'Mirror\'s trash' => ['.mirror-trash', '%2Emirror-trash'],
			'Mirror\'s marker' => ['.nextcloud-mirror', '%2Enextcloud-mirror'],
			'other characters' => ['a@b_c-d\'e f', 'a@b_c-d\'e f'],
			'a percent sign' => ['100%', '100%25'],
			'a slash' => ['a/b', 'a%2Fb'],
		];
	}

	#[DataProvider('userFolderNames')]
	public function testUserFolderNames(string $userId, string $folder): void {
		$this->assertSame($folder, UserFolderName::for($userId));
	}

	public function testAUserWhoseIdStartsWithADotIsMirroredUnderTheEncodedName(): void {
		$drive = $this->onlineDrive();
		$drive->copyIn('.hidden', 'a.jpg', self::stream('pixels'), 1, 6, self::noBeat());
		$this->assertSame('pixels', file_get_contents($this->root . '/%2Ehidden/a.jpg'));
		$this->assertFileDoesNotExist($this->root . '/.hidden');
		$this->assertSame($this->root . '/%2Ehidden/a.jpg', $drive->locate('.hidden', 'a.jpg'));
		$this->assertNotNull($drive->moveToTrash('.hidden', 'a.jpg'));
		$this->assertSame('pixels', file_get_contents($this->trashDir('%2Ehidden') . '/a.jpg'));
	}

	public function testAUserNamedLikeMirrorsTrashDoesNotReachIt(): void {
		$drive = $this->onlineDrive();
		mkdir($this->trashDir(), 0755, true);
		file_put_contents($this->trashDir() . '/kept.jpg', 'kept');
		$trash = self::snapshot($this->root . '/' . Drive::TRASH_DIR);
		$drive->copyIn('.mirror-trash', 'alice/' . date('Y-m-d', $this->now) . '/kept.jpg', self::stream('other'), 1, 5, self::noBeat());
		$this->assertSame($trash, self::snapshot($this->root . '/' . Drive::TRASH_DIR));
		$this->assertSame('other', file_get_contents($this->root . '/%2Emirror-trash/alice/' . date('Y-m-d', $this->now) . '/kept.jpg'));
	}
}

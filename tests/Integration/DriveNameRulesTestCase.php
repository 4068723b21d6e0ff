<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

/**
 * The name rules on a real filesystem a family plugs in (FatTargetTest's cases, run per drive type): the
 * characters Windows refuses, trailing dots and spaces, reserved device names, case twins; then renames, the
 * mirror trash, restores (from the trash, from the latest copies, from the drive alone), `mirror:verify` and
 * `sha256sum -c` on the drive's manifest at each step. Each drive type says what its filesystem does: how it
 * reports itself, and where each Nextcloud path must be on it (null: the drive refuses the name outright, and
 * the file fails with a clear error while every other file is mirrored).
 *
 * Not fusefat: it loses and changes files (issue 23), so it proves nothing about names.
 */
abstract class DriveNameRulesTestCase extends IntegrationTestCase {
	use DriveListings;

	/** the paths a name rule is about */
	protected const NAMES = ['Names/colon:.txt', 'Names/star*.txt', 'Names/question?.txt', 'Names/quote".txt', 'Names/less<.txt', 'Names/more>.txt',
		'Names/pipe|.txt', 'Names/notes.', 'Names/draft ', 'Names/CON', 'Names/nul.txt'];
	/** case twins: files, and a folder with its twin */
	protected const TWINS = ['Pics/a.jpg', 'Pics/A.jpg', 'Pics/c.jpg', 'Pics/C.jpg', 'Pics/e.jpg', 'Pics/E.jpg', 'Photos/x.jpg', 'photos/x.jpg', 'photos/y.jpg'];
	/** old path => new path */
	protected const RENAMES = ['Names/colon:.txt' => 'Names/colon 2:.txt', 'Pics/A.jpg' => 'Pics/Renamed.jpg', 'Names/more>.txt' => 'Names/MORE>.txt',
		'photos/x.jpg' => 'photos-old/x.jpg', 'photos/y.jpg' => 'photos-old/y.jpg'];

	/**
	 * Where the names a drive refuses go when it takes the full-width look-alikes (exFAT, NTFS with windows_names).
	 *
	 * @return array<string, string>
	 */
	protected static function lookAlikePlaces(): array {
		return [
			'Names/colon:.txt' => "Names/colon\u{FF1A}.txt",
			'Names/colon 2:.txt' => "Names/colon 2\u{FF1A}.txt",
			'Names/star*.txt' => "Names/star\u{FF0A}.txt",
			'Names/question?.txt' => "Names/question\u{FF1F}.txt",
			'Names/quote".txt' => "Names/quote\u{FF02}.txt",
			'Names/less<.txt' => "Names/less\u{FF1C}.txt",
			'Names/more>.txt' => "Names/more\u{FF1E}.txt",
			'Names/MORE>.txt' => "Names/MORE\u{FF1E}.txt",
			'Names/pipe|.txt' => "Names/pipe\u{FF5C}.txt",
			'Names/notes.' => "Names/notes\u{FF0E}",
			'Names/draft ' => "Names/draft\u{2420}",
		];
	}

	protected static function deleteUsersAfterEachTest(): bool {
		return true;
	}

	/** Mounts a new drive of this type on $dir, its image at $image. */
	abstract protected function plugIn(string $image, string $dir): void;

	/**
	 * What the admin page says of the drive's filesystem (a subset of the target's state.filesystem).
	 *
	 * @return array<string, mixed>
	 */
	abstract protected static function filesystem(): array;

	/**
	 * Where each Nextcloud path the cases use must be on the drive, below the user's folder (null: refused).
	 *
	 * @return array<string, string|null>
	 */
	abstract protected static function places(): array;

	public function testNamesCaseTwinsRenamesTrashAndRestoresOnTheDrive(): void {
		$uid = $this->user('names');
		$mountPoint = $this->freshDir('names-drive');
		$this->plugIn(self::nc()->base . '/images/' . (new \ReflectionClass($this))->getShortName() . '.img', $mountPoint);
		$target = $this->addTarget($mountPoint, 'names');
		$filesystem = $this->listedTarget((int)$target['id'])['state']['filesystem'] ?? [];
		$this->assertSame(static::filesystem(), array_intersect_key($filesystem, static::filesystem()), json_encode($filesystem));

		$places = static::places();
		$refused = array_keys(array_filter($places, static fn (?string $p): bool => $p === null));
		$expected = [];
		foreach ([...self::NAMES, ...self::TWINS] as $path) {
			if ($places[$path] !== null) {
				$expected[$path] = $places[$path];
			}
		}
		foreach (['Names', 'Pics', 'Photos', 'photos'] as $folder) {
			$this->dav()->mkdirs($uid, $folder);
		}
		$bytes = [];
		foreach ([...self::NAMES, ...self::TWINS] as $path) {
			$this->dav()->put($uid, $path, $bytes[$path] = $path . ':' . random_bytes(3000), 1_650_000_000)->expect(201);
		}

		// one run, one batch: the twins are staged side by side before any is in place
		$run = $this->processOk(['--output=json']);
		$this->assertSame(count($refused), $run->json()['failed'] ?? null, $run->describe());
		foreach ($refused as $path) {
			$this->assertMatchesRegularExpression('/refuses this name/', implode("\n", $run->json()['errors'] ?? []), "$path: a clear error\n" . $run->describe());
		}
		$this->assertOnDrive($target, $uid, $expected, $bytes, 'first copies');
		$this->assertSame(count($expected), $this->userStatus($uid, (int)$target['id'])['replicated']);
		$this->assertNoTempFiles($target);

		// the same places on the next comparison: nothing moves, no third name appears
		$this->occOk(['mirror:resync', '--user=' . $uid]);
		$this->processOk();
		$this->assertOnDrive($target, $uid, $expected, $bytes, 'after a resync');
		$this->assertSame([], self::entries($target['path'] . '/' . self::TRASH), 'nothing was replaced');

		// renames: an encoded file, a twin, a twin folder, a change of case only
		foreach (self::RENAMES as $old => $new) {
			if (str_starts_with($old, 'photos/')) {
				continue;
			}
			$this->dav()->move($uid, $old, $new)->expect(201);
		}
		$this->dav()->move($uid, 'photos', 'photos-old')->expect(201);
		$this->processOk();
		foreach (self::RENAMES as $old => $new) {
			unset($expected[$old]);
			$expected[$new] = (string)$places[$new];
			$bytes[$new] = $bytes[$old];
		}
		$this->assertOnDrive($target, $uid, $expected, $bytes, 'after the renames');

		// deletions go to the mirror trash under the drive's names, and come back from there
		$day = date('Y-m-d');
		$trash = $target['path'] . '/' . self::TRASH . '/' . $uid . '/' . $day;
		foreach (['Names/star*.txt', 'Pics/C.jpg'] as $path) {
			$this->dav()->delete($uid, $path)->expect(204);
		}
		$this->occOk(['trashbin:cleanup', $uid]);
		$this->processOk();
		foreach (['Names/star*.txt', 'Pics/C.jpg'] as $path) {
			$this->assertSame($bytes[$path], @file_get_contents($trash . '/' . $expected[$path]), "$path is in the mirror trash as " . $expected[$path]);
			$this->assertFileDoesNotExist($this->mirrorPath($target, $uid, $expected[$path]));
			$done = $this->restore(['--user=' . $uid, '--path=' . $path, '--from-version=trash:' . $day, '--target=' . $target['id']]);
			$this->assertSame([1, 0, 0], [$done['restored'], $done['failed'], $done['exitCode']], json_encode($done));
			$this->assertSame($bytes[$path], $this->dav()->get($uid, $path), "$path comes back from the mirror trash");
		}
		$this->assertSame($bytes['Pics/c.jpg'], $this->dav()->get($uid, 'Pics/c.jpg'), 'its twin is untouched');

		// lost in Nextcloud before the worker ran: the latest copies, at their recorded places, bring them back
		foreach (['Names/pipe|.txt', 'Pics/E.jpg'] as $path) {
			$this->dav()->delete($uid, $path)->expect(204);
			$done = $this->restore(['--user=' . $uid, '--path=' . $path, '--target=' . $target['id']]);
			$this->assertSame([1, 0, 0], [$done['restored'], $done['failed'], $done['exitCode']], json_encode($done));
			$this->assertSame($bytes[$path], $this->dav()->get($uid, $path), "$path comes back from its copy on the drive");
		}
		$this->processOk();
		$this->assertOnDrive($target, $uid, $expected, $bytes, 'after the restores');

		// the database and the files are lost: the drive's manifest maps each copy back to its Nextcloud name
		$this->assertComeBackFromTheDriveAlone($target, $uid, $expected, $bytes);
	}

	/**
	 * Every file at its place with its bytes, nothing else in the folders (no lost twin, no third name),
	 * `mirror:verify` content, and the drive's manifest checked by `sha256sum -c` from the user's folder.
	 *
	 * @param array<string, string> $expected Nextcloud path => place on the drive
	 * @param array<string, string> $bytes
	 */
	private function assertOnDrive(array $target, string $uid, array $expected, array $bytes, string $when): void {
		foreach ($expected as $path => $onDrive) {
			$this->assertSame($bytes[$path], @file_get_contents($this->mirrorPath($target, $uid, $onDrive)), "$when: $path is on the drive as $onDrive");
		}
		$folders = [];
		foreach ($expected as $onDrive) {
			$segments = explode('/', $onDrive);
			for ($i = 0; $i < count($segments); $i++) {
				$folders[implode('/', array_slice($segments, 0, $i))][$segments[$i]] = true;
			}
		}
		foreach ($folders as $folder => $names) {
			$dir = $this->mirrorPath($target, $uid, $folder);
			foreach (array_diff(self::entries($dir), array_keys($names)) as $other) {
				// only a folder a move or a deletion left empty (Mirror leaves folders), never a file or a third name
				$this->assertSame([], is_dir($dir . '/' . $other) && !is_link($dir . '/' . $other) ? self::entries($dir . '/' . $other) : [$other], "$when: nothing else in /$folder");
			}
		}
		$verify = $this->occ(['mirror:verify', '--target=' . $target['id']]);
		$this->assertSame(0, $verify->exitCode, "$when\n" . $verify->describe());
		exec('cd ' . escapeshellarg($this->mirrorPath($target, $uid)) . ' && sha256sum -c ' . escapeshellarg($target['path'] . '/.mirror-manifest/' . $uid . '.sha256') . ' 2>&1', $out, $rc);
		$this->assertSame(0, $rc, "$when: the manifest names the files as they are on the drive:\n" . implode("\n", $out));
	}

}

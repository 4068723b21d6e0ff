<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

use OCA\Mirror\Tests\Integration\Harness\Proc;

/**
 * The mirror drive is exported over NFS, so anyone on the family's network may write to it. Here a writer
 * of the drive plants symbolic links where Mirror works (a temporary name, the user's folder, a subfolder,
 * the trash at each level), then the user works in Nextcloud as usual: upload, overwrite, rename, move,
 * delete. Whatever happens, nothing outside the target changes, nothing is created there, no mirror copy is
 * lost, and Mirror names the link (per-file error, unsafe_link, and the target's count).
 */
final class DriveSecurityTest extends IntegrationTestCase {
	private string $outside;
	private string $victim;

	protected function setUp(): void {
		parent::setUp();
		// what an attacker would aim at: a file and a folder the web server user can write, outside the target
		$this->outside = $this->scratchDir('outside');
		$this->victim = $this->outside . '/victim.php';
		file_put_contents($this->victim, "<?php // the server's own code\n");
		mkdir($this->outside . '/folder');
		file_put_contents($this->outside . '/folder/a.jpg', 'not a photo of the family: a file outside the target');
		file_put_contents($this->outside . '/folder/keep.txt', 'keep me');
	}

	/**
	 * Everything below $dir: type, content hash or link, mode and mtime.
	 *
	 * @return array<string, string>
	 */
	public static function snapshot(string $dir): array {
		$out = [];
		$it = new \RecursiveIteratorIterator(new \RecursiveDirectoryIterator($dir, \FilesystemIterator::SKIP_DOTS), \RecursiveIteratorIterator::SELF_FIRST);
		foreach ($it as $path => $info) {
			/** @var \SplFileInfo $info */
			$stat = lstat($path);
			$what = is_link($path) ? 'link:' . readlink($path) : (is_dir($path) ? 'dir' : 'file:' . hash_file('sha256', $path));
			$out[substr($path, strlen($dir))] = $what . ' ' . decoct($stat['mode']) . ' ' . $stat['mtime'];
		}
		ksort($out);
		return $out;
	}

	private function assertOutsideUntouched(array $before, string $context): void {
		clearstatcache();
		$this->assertSame($before, self::snapshot($this->outside), "$context: nothing outside the target may change");
	}

	/** @return list<array<string, mixed>> the user's failures with code unsafe_link, from mirror:status and the failures list */
	private function unsafeCount(array $target): int {
		return (int)$this->targetStatus((int)$target['id'])['unsafeLinks'];
	}

	public function testASymlinkAtATemporaryNameIsNeverWrittenThrough(): void {
		$uid = $this->user('tempvictim');
		$target = $this->newTarget('temp-link');
		$this->dav()->put($uid, 'first.txt', 'makes the user folder');
		$this->processOk();
		$userDir = $this->mirrorPath($target, $uid);
		// the old, predictable temporary name, and names with the new prefix: existing and dangling targets
		$prefix = '.mirror-' . substr(hash('sha256', 'photo.jpg'), 0, 16);
		symlink($this->victim, $userDir . '/' . $prefix . '.part');
		symlink($this->victim, $userDir . '/' . $prefix . '.000000000000.part');
		symlink($this->outside . '/created-by-mirror', $userDir . '/' . $prefix . '.ffffffffffff.part');
		$before = self::snapshot($this->outside);

		$photo = random_bytes(50_000);
		$this->dav()->put($uid, 'photo.jpg', $photo);
		$this->processOk();

		$this->assertOutsideUntouched($before, 'upload');
		$this->assertFileDoesNotExist($this->outside . '/created-by-mirror', 'a dangling link is not created');
		$this->assertSame($photo, file_get_contents($userDir . '/photo.jpg'), 'the photo is mirrored all the same (random temporary names)');
		$this->assertMirrored($target, $uid, 'photo.jpg');
		$this->assertTrue(is_link($userDir . '/' . $prefix . '.part'), 'the planted link is left alone, not deleted');
		$verify = $this->occ(['mirror:verify', '--target=' . $target['id'], '--user=' . $uid]);
		$this->assertSame(0, $verify->exitCode, $verify->describe());
	}

	public function testASymlinkedUserFolderIsReportedAndNeverFollowed(): void {
		$uid = $this->user('linkeduser');
		$target = $this->newTarget('user-link');
		$this->dav()->mkdirs($uid, 'folder');
		$this->dav()->put($uid, 'folder/a.jpg', 'the real photo');
		// the writer of the drive makes the user's folder point elsewhere before anything was copied
		symlink($this->outside, $this->mirrorPath($target, $uid));
		$before = self::snapshot($this->outside);

		$this->processOk();
		$this->dav()->put($uid, 'folder/a.jpg', 'overwritten');
		$this->dav()->move($uid, 'folder/a.jpg', 'folder/b.jpg');
		$this->processOk();
		$this->dav()->move($uid, 'folder', 'moved');
		$this->dav()->delete($uid, 'moved');
		$this->processOk();

		$this->assertOutsideUntouched($before, 'upload, overwrite, rename, folder move and delete');
		$this->assertTrue(is_link($this->mirrorPath($target, $uid)), 'the link is not deleted');
		$this->assertSame([], glob($target['path'] . '/.mirror-trash/' . $uid . '/*/*') ?: [], 'nothing moved into the trash through the link');
		$this->assertGreaterThan(0, $this->unsafeCount($target), 'the target reports the files blocked by the link');
		$failures = self::nc()->occ(['mirror:status', '--output=json'])->stdout;
		$this->assertStringContainsString('unsafeLinks', $failures);
	}

	public function testASymlinkedSubfolderTurnsNoActionIntoAMoveOfOutsideFiles(): void {
		$uid = $this->user('linkedsub');
		$target = $this->newTarget('sub-link');
		$this->dav()->mkdirs($uid, 'Photos');
		$this->dav()->put($uid, 'Photos/a.jpg', 'photo a');
		$this->dav()->put($uid, 'Photos/b.jpg', 'photo b');
		$this->processOk();
		$this->assertUserMirrored($target, $uid);
		// swap the mirrored folder for a link to a folder outside that holds an a.jpg too
		$photos = $this->mirrorPath($target, $uid, 'Photos');
		rename($photos, $photos . '.moved-by-attacker');
		symlink($this->outside . '/folder', $photos);
		$before = self::snapshot($this->outside);

		$this->dav()->delete($uid, 'Photos/a.jpg');
		$this->processOk();
		$this->assertOutsideUntouched($before, 'delete Photos/a.jpg');
		$this->dav()->put($uid, 'Photos/new.jpg', 'new photo');
		$this->dav()->put($uid, 'Photos/b.jpg', 'b overwritten');
		$this->processOk();
		$this->assertOutsideUntouched($before, 'upload and overwrite in Photos');
		$this->dav()->move($uid, 'Photos/b.jpg', 'b-renamed.jpg');
		$this->processOk();
		$this->assertOutsideUntouched($before, 'move a file out of Photos');
		$this->dav()->move($uid, 'Photos', 'Albums');
		$this->processOk();
		$this->assertOutsideUntouched($before, 'folder rename');
		$this->assertDirectoryDoesNotExist($this->mirrorPath($target, $uid, 'Albums/keep.txt'), 'the outside folder was not moved into the target');
		$this->assertFileDoesNotExist($this->mirrorPath($target, $uid, 'Albums/keep.txt'));
		$this->dav()->delete($uid, 'Albums');
		$this->processOk();
		$this->assertOutsideUntouched($before, 'folder delete');
		$this->assertSame([], array_filter(self::filesBelow($target['path'] . '/.mirror-trash'), static fn (string $f) => str_ends_with($f, 'keep.txt')),
			'no outside file reached the trash');
		$this->assertTrue(is_link($photos), 'the link is left alone');
		$this->assertGreaterThan(0, $this->unsafeCount($target), 'the target reports the blocked files');
	}

	/**
	 * @return iterable<string, array{string}>
	 */
	public static function trashLevels(): iterable {
		yield 'the trash' => ['trash'];
		yield 'the user\'s trash' => ['user'];
		yield 'the dated trash folder' => ['date'];
	}

	/**
	 * @dataProvider trashLevels
	 */
	public function testASymlinkedTrashIsNeverWrittenThroughAndNoCopyIsLost(string $level): void {
		$uid = $this->user('trash' . $level);
		$target = $this->newTarget('trash-link-' . $level);
		$this->dav()->put($uid, 'keep.jpg', 'the good copy');
		$this->dav()->put($uid, 'gone.jpg', 'deleted later');
		$this->processOk();
		$trash = $target['path'] . '/' . self::TRASH;
		$link = match ($level) {
			'trash' => $trash,
			'user' => $trash . '/' . $uid,
			'date' => $trash . '/' . $uid . '/' . gmdate('Y-m-d'),
		};
		@mkdir(dirname($link), 0755, true);
		symlink($this->outside . '/folder', $link);
		$before = self::snapshot($this->outside);

		$this->dav()->put($uid, 'keep.jpg', 'encrypted by ransomware');
		$this->dav()->delete($uid, 'gone.jpg');
		$this->processOk();

		$this->assertOutsideUntouched($before, 'overwrite and delete with ' . $level . ' as a link');
		$this->assertSame('the good copy', file_get_contents($this->mirrorPath($target, $uid, 'keep.jpg')), 'the old copy stays in place: it could not be kept in the trash');
		$this->assertSame('deleted later', file_get_contents($this->mirrorPath($target, $uid, 'gone.jpg')), 'a deleted file stays on the mirror rather than go through the link');
		$this->assertTrue(is_link($link), 'the link is left alone');
		$this->assertGreaterThan(0, $this->unsafeCount($target), 'the target reports the blocked files');
	}

	public function testUserIdsThatAreNotSafeFolderNamesAreMirroredUnderTheirEncodedName(): void {
		$target = $this->newTarget('user-names');
		$dotted = $this->user('.hidden');
		$config = $this->user('config.php');
		$this->dav()->put($dotted, 'secret.txt', 'a dotted user');
		$this->dav()->put($config, 'notes.txt', 'a user called config.php');
		$this->processOk();

		$this->assertSame('a dotted user', file_get_contents($target['path'] . '/%2Ehidden/secret.txt'));
		$this->assertSame('a user called config.php', file_get_contents($target['path'] . '/config.php/notes.txt'));
		$this->assertFileDoesNotExist($target['path'] . '/.hidden');
		$rows = [];
		foreach ($this->mirrorStatus()['users'] as $row) {
			if ((int)$row['targetId'] === (int)$target['id']) {
				$rows[$row['userId']] = $row;
			}
		}
		$this->assertSame('%2Ehidden', $rows['.hidden']['folder'] ?? null, 'the mapping is shown');
		$this->assertSame(1, $rows['.hidden']['replicated'] ?? null);
		$this->assertSame('config.php', $rows['config.php']['folder'] ?? null);

		$this->dav()->delete($dotted, 'secret.txt');
		$this->processOk();
		$this->assertSame('a dotted user', file_get_contents($target['path'] . '/' . self::TRASH . '/%2Ehidden/' . gmdate('Y-m-d') . '/secret.txt'),
			'the trash uses the same folder name');
	}

	public function testSystemAndNextcloudFoldersAreRefusedWithAReason(): void {
		$cases = [
			'/' => '/system folder/i',
			'/dev' => '/system folder/i',
			'/proc' => '/system folder/i',
			'/usr/lib' => '/system folder/i',
			rtrim(self::nc()->configDir, '/') => '/configuration folder/i',
			self::nc()->dataDir => '/data folder/i',
			self::nc()->root => '/install/i',
			dirname(self::nc()->dataDir) => '/data folder|configuration folder/i',
		];
		foreach ($cases as $path => $message) {
			$r = $this->occ(['mirror:target:add', $path]);
			$this->assertNotSame(0, $r->exitCode, "$path must be refused:\n" . $r->describe());
			$this->assertMatchesRegularExpression($message, $r->output(), "$path: the message says why\n" . $r->describe());
			$this->assertStringNotContainsString('stat failed', $r->output(), $r->describe());
		}
		$this->assertFileDoesNotExist('/' . self::MARKER);
		$this->assertFileDoesNotExist(self::nc()->configDir . self::MARKER);

		// /etc in a private mount namespace, covered by a copy of itself (PHP reads its configuration
		// there): a write would land in the copy, and no other process sees it
		$copy = $this->scratchDir('etc-copy');
		$script = 'cp -a /etc/. "$0"/ && mount --bind "$0" /etc || exit 97; "$@"; rc=$?; echo "markers:$(ls -A /etc | grep -c "^\\.nextcloud-mirror")"; exit $rc';
		$r = Proc::run(array_merge(['unshare', '--mount', '--propagation', 'private', 'sh', '-c', $script, $copy],
			self::nc()->occCommand(['mirror:target:add', '/etc'])), self::nc()->env(), self::nc()->root);
		$this->assertNotSame(97, $r->exitCode, "could not cover /etc with a copy:\n" . $r->describe());
		$this->assertNotSame(0, $r->exitCode, "/etc must be refused\n" . $r->describe());
		$this->assertMatchesRegularExpression('/system folder/i', $r->output(), $r->describe());
		$this->assertStringContainsString('markers:0', $r->stdout, "nothing written in /etc:\n" . $r->describe());
		$this->assertFileDoesNotExist($copy . '/' . self::MARKER);
		$this->assertSame([], $this->targetList(), 'no target was added');
	}

	public function testBadInputGetsAClearErrorNot500(): void {
		$admin = 'admin';
		$url = self::nc()->url() . '/ocs/v2.php/apps/mirror/api/v1/targets?format=json';
		foreach (['{"path": ["/mnt"]}' => 'path', '{"path": "/mnt", "name": {"a": 1}}' => 'name'] as $body => $field) {
			$r = $this->dav()->request('POST', $url, $admin, ['OCS-APIRequest' => 'true', 'Content-Type' => 'application/json', 'Accept' => 'application/json'], $body);
			$this->assertSame(400, $r->status, "$body:\n" . $r->body);
			$data = json_decode($r->body, true)['ocs']['data'] ?? null;
			$this->assertSame($field, $data["field"] ?? null, $r->body);
			$this->assertStringContainsString('must be text', (string)($data['message'] ?? ''), $r->body);
		}
		$r = $this->occ(['mirror:resync', '--path=../..']);
		$this->assertNotSame(0, $r->exitCode, $r->describe());
		$this->assertMatchesRegularExpression('/inside the users/i', $r->output(), $r->describe());
	}
}

<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

use OCA\Mirror\Tests\Integration\Harness\Instance;
use OCA\Mirror\Tests\Integration\Harness\Proc;
use OCA\Mirror\Tests\Integration\Harness\ProcResult;
use OCA\Mirror\Tests\Integration\Harness\WebSession;

/**
 * Issue "Security II": whoever can write the drive (an NFS export) writes the manifest too. Only a
 * manifest signed with the server's recovery key places files; the files of any other go to a
 * quarantine folder of the user, never over anything; and a manifest of any size costs bounded memory
 * and seconds.
 */
final class ManifestSecurityTest extends IntegrationTestCase {
	/** what any occ run may take, whatever is on the drive */
	private const MAX_RSS = 128 * 1024 * 1024;

	protected static function deleteUsersAfterEachTest(): bool {
		return true;
	}

	private static function quarantine(): string {
		return 'Restored from drive – unverified ' . date('Y-m-d');
	}

	private static function index(array $target, string $uid): string {
		return $target['path'] . '/.mirror-manifest/' . $uid . '.json';
	}

	/**
	 * `occ ARGS` under GNU time: the result, its peak resident memory in bytes and its wall time.
	 *
	 * @param list<string> $args
	 * @return array{0: ProcResult, 1: int, 2: float}
	 */
	private function measured(array $args): array {
		$started = microtime(true);
		$r = Proc::run(array_merge(['/usr/bin/time', '-v'], self::nc()->occCommand($args)), self::nc()->env(), self::nc()->root);
		$seconds = microtime(true) - $started;
		$this->assertMatchesRegularExpression('/Maximum resident set size \(kbytes\): (\d+)/', $r->stderr, $r->describe());
		preg_match('/Maximum resident set size \(kbytes\): (\d+)/', $r->stderr, $m);
		fwrite(STDERR, sprintf("\n  measured: occ %s: %.1f s, max RSS %.1f MiB\n", implode(' ', $args), $seconds, (int)$m[1] / 1024));
		return [$r, (int)$m[1] * 1024, $seconds];
	}

	/**
	 * Every file of a user as WebDAV lists it: path => sha256 of the bytes WebDAV serves, sorted.
	 *
	 * @return array<string, string>
	 */
	private function davTree(string $uid): array {
		$out = [];
		$prefix = '/remote.php/dav/files/' . $uid . '/';
		$folders = [''];
		while ($folders !== []) {
			$folder = array_shift($folders);
			foreach ($this->dav()->propfind($uid, $folder, 1, ['{DAV:}resourcetype']) as $href => $props) {
				$path = trim(rawurldecode(substr($href, strpos($href, $prefix) + strlen($prefix))), '/');
				if ($path === $folder) {
					continue;
				}
				if (str_ends_with($href, '/')) {
					$folders[] = $path;
				} else {
					$out[$path] = hash('sha256', $this->dav()->get($uid, $path));
				}
			}
		}
		ksort($out);
		return $out;
	}

	/**
	 * path => bytes as davTree() lists them: path => sha256, sorted.
	 *
	 * @param array<string, string> $files
	 * @return array<string, string>
	 */
	private static function hashed(array $files): array {
		ksort($files);
		return array_map(static fn (string $bytes): string => hash('sha256', $bytes), $files);
	}

	/**
	 * @param array<string, string> $files path => bytes
	 */
	private function upload(string $uid, array $files): void {
		foreach ($files as $path => $bytes) {
			if (str_contains($path, '/')) {
				$this->dav()->mkdirs($uid, dirname($path));
			}
			$this->dav()->put($uid, $path, $bytes, 1_760_000_000);
		}
	}

	/**
	 * One line of a manifest, as Mirror writes it.
	 */
	private static function line(string $path, string $bytes): string {
		return json_encode($path, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE) . ':' . json_encode(['size' => strlen($bytes), 'mtime' => 1_760_000_000, 'sha256' => hash('sha256', $bytes)]);
	}

	/**
	 * The manifest of Mirror 1: the same entries, one per line, no header, no signature.
	 */
	private static function asVersion1(string $signed): string {
		$lines = [];
		foreach (json_decode($signed, true, 512, JSON_THROW_ON_ERROR) as $path => $entry) {
			if ($path !== '' && $path !== '..') {
				$lines[] = json_encode((string)$path, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE) . ':' . json_encode($entry, JSON_UNESCAPED_SLASHES);
			}
		}
		return "{\n" . implode(",\n", $lines) . "\n}\n";
	}

	public function testAPlantedEntryInAManifestWithAWrongSignatureEndsUpInQuarantineAndNothingInTheUsersFiles(): void {
		$alice = $this->user('planted-alice');
		$target = $this->newTarget('planted');
		$own = ['Photos/a.jpg' => random_bytes(20_000), 'todo.txt' => 'buy milk'];
		$this->upload($alice, $own);
		$this->processOk();
		$signed = (string)file_get_contents(self::index($target, $alice));
		$this->assertStringStartsWith('{"":{"manifest":"mirror","version":2,"user":"' . $alice . '"},' . "\n", $signed);
		$this->assertMatchesRegularExpression('/\n"\.\.":\{"hmac-sha256":"[0-9a-f]{64}"\}\n\}\n$/', $signed);

		// The writer plants a file with its entry (a line like Mirror's; the signature left as it was), and
		// swaps the copy of todo.txt and its sha256 for its own bytes.
		mkdir($this->mirrorPath($target, $alice, 'Planted'));
		file_put_contents($this->mirrorPath($target, $alice, 'Planted/evil.txt'), 'evil');
		touch($this->mirrorPath($target, $alice, 'Planted/evil.txt'), 1_760_000_000);
		file_put_contents($this->mirrorPath($target, $alice, 'todo.txt'), 'BUY EVIL');
		$forged = str_replace(hash('sha256', 'buy milk'), hash('sha256', 'BUY EVIL'), $signed);
		$forged = preg_replace('/\n/', "\n" . self::line('Planted/evil.txt', 'evil') . ",\n", $forged, 1);
		file_put_contents(self::index($target, $alice), $forged);
		// ...and writes the admin a file and a manifest of its own, in the old unsigned format
		mkdir($this->mirrorPath($target, Instance::ADMIN));
		file_put_contents($this->mirrorPath($target, Instance::ADMIN, 'planted-admin.txt'), 'admin evil');
		touch($this->mirrorPath($target, Instance::ADMIN, 'planted-admin.txt'), 1_760_000_000);
		file_put_contents(self::index($target, Instance::ADMIN), "{\n" . self::line('planted-admin.txt', 'admin evil') . "\n}\n");
		$adminBefore = $this->davTree(Instance::ADMIN);

		try {
			foreach ([true, false] as $dryRun) {
				$r = $this->occ(array_merge(['mirror:restore', '--all-users', '--from-drive', '--overwrite', '--target=' . $target['id'], '--output=json'], $dryRun ? ['--dry-run'] : []));
				$this->assertSame(1, $r->exitCode, 'unverified files are a problem to look at: ' . $r->describe());
				$done = $r->json();
				$unverified = array_column($done['unverified'], null, 'userId');
				ksort($unverified);
				$this->assertSame([Instance::ADMIN, $alice], array_keys($unverified), $r->stdout);
				$this->assertSame(['unsigned', 1, self::quarantine()], [$unverified[Instance::ADMIN]['why'], $unverified[Instance::ADMIN]['files'], $unverified[Instance::ADMIN]['folder']]);
				$this->assertSame(['mismatch', 3, self::quarantine()], [$unverified[$alice]['why'], $unverified[$alice]['files'], $unverified[$alice]['folder']]);
				$this->assertSame('the manifest\'s signature does not match the recovery key', $unverified[$alice]['reason']);
				$this->assertSame([0, []], [$done['verifiedManifests'], $done['damaged']]);
				$this->assertLessThan(self::MAX_RSS, $done['peakMemory']);
			}
			$text = $this->occ(['mirror:restore', '--user=' . $alice, '--from-drive', '--target=' . $target['id']]);
			$this->assertStringContainsString($alice . ': 3 files restored into "' . self::quarantine() . '", not to their places: the manifest\'s signature does not match the recovery key.', $text->stdout, $text->describe());

			// the user's own files are as they were; the drive's files are apart, never over anything
			$this->assertSame(self::hashed($own + [
				self::quarantine() . '/Photos/a.jpg' => $own['Photos/a.jpg'],
				self::quarantine() . '/Planted/evil.txt' => 'evil',
				self::quarantine() . '/todo.txt' => 'BUY EVIL',
			]), $this->davTree($alice), 'WebDAV: nothing at the planted paths, nothing replaced');
			$this->assertFileDoesNotExist($this->sourcePath($alice, 'Planted'));
			$this->assertSame('buy milk', file_get_contents($this->sourcePath($alice, 'todo.txt')), 'on disk: --overwrite replaced nothing');
			$this->assertSame('evil', file_get_contents($this->sourcePath($alice, self::quarantine() . '/Planted/evil.txt')));
			$this->assertFileDoesNotExist($this->sourcePath(Instance::ADMIN, 'planted-admin.txt'));
			$adminAfter = $adminBefore + [self::quarantine() . '/planted-admin.txt' => hash('sha256', 'admin evil')];
			ksort($adminAfter);
			$this->assertSame($adminAfter, $this->davTree(Instance::ADMIN));
		} finally {
			$this->dav()->delete(Instance::ADMIN, self::quarantine());
		}
	}

	public function testBobsSignedManifestCopiedAsAlicesIsNotValidForAlice(): void {
		$alice = $this->user('swap-alice');
		$bob = $this->user('swap-bob');
		$target = $this->newTarget('swap');
		$this->upload($alice, ['notes.txt' => 'alice']);
		$this->upload($bob, ['Music/song.mp3' => $song = random_bytes(5000)]);
		$this->processOk();
		copy(self::index($target, $bob), self::index($target, $alice));
		mkdir($this->mirrorPath($target, $alice, 'Music'));
		copy($this->mirrorPath($target, $bob, 'Music/song.mp3'), $this->mirrorPath($target, $alice, 'Music/song.mp3'));
		touch($this->mirrorPath($target, $alice, 'Music/song.mp3'), 1_760_000_000);

		$r = $this->occ(['mirror:restore', '--all-users', '--from-drive', '--target=' . $target['id'], '--output=json']);
		$this->assertSame(1, $r->exitCode, $r->describe());
		$done = $r->json();
		$this->assertSame([['userId' => $alice, 'files' => 1, 'folder' => self::quarantine(), 'why' => 'other_user', 'reason' => 'the manifest is signed for another user\'s folder']], $done['unverified']);
		$this->assertSame(self::hashed(['notes.txt' => 'alice', self::quarantine() . '/Music/song.mp3' => $song]), $this->davTree($alice));
		$this->assertFileDoesNotExist($this->sourcePath($alice, 'Music'));
		$this->assertSame(self::hashed(['Music/song.mp3' => $song]), $this->davTree($bob), 'bob\'s file is already there: skipped');
		$forBob = $this->occ(['mirror:restore', '--user=' . $bob, '--from-drive', '--target=' . $target['id'], '--output=json']);
		$this->assertSame(0, $forBob->exitCode, $forBob->describe());
		$this->assertSame([1, [], 1], [$forBob->json()['verifiedManifests'], $forBob->json()['unverified'], $forBob->json()['skipped']], 'bob\'s own manifest is valid for bob');
	}

	/**
	 * The shards a root of format 3 lists: shard => [file, hmac, entries].
	 *
	 * @return array<int, array{file: string, hmac: string, entries: int}>
	 */
	private static function shards(array $target, string $uid): array {
		$root = json_decode((string)file_get_contents(self::index($target, $uid)), true, 512, JSON_THROW_ON_ERROR);
		unset($root[''], $root['..']);
		return $root;
	}

	/**
	 * The shards listed differently in $after than in $before (written again, new, or gone).
	 *
	 * @return list<int>
	 */
	private static function rewritten(array $before, array $after): array {
		$ids = array_unique([...array_keys($before), ...array_keys($after)]);
		return array_values(array_filter($ids, static fn (int $id): bool => ($before[$id] ?? null) !== ($after[$id] ?? null)));
	}

	private static function shardFile(array $target, string $uid, int $shard): string {
		return $target['path'] . '/.mirror-manifest/' . $uid . '.shards/' . self::shards($target, $uid)[$shard]['file'];
	}

	/**
	 * Why `mirror:restore --from-drive --dry-run` does not trust the user's manifest (null: verified).
	 */
	private function fromDriveWhy(array $target, string $uid): ?string {
		$r = $this->occ(['mirror:restore', '--user=' . $uid, '--from-drive', '--dry-run', '--target=' . $target['id'], '--output=json']);
		$this->assertContains($r->exitCode, [0, 1], $r->describe());
		$json = $r->json();
		return $json['unverified'] === [] ? ($json['verifiedManifests'] === 1 ? null : 'none') : $json['unverified'][0]['why'];
	}

	public function testAManifestInShardsIsRewrittenShardByShardAndNoShardPassesForAnother(): void {
		$this->occ(['config:app:set', 'mirror', 'manifest_shard_entries', '--value=2']);
		try {
			$dan = $this->user('shard-dan');
			$eve = $this->user('shard-eve');
			$target = $this->newTarget('shards');
			$files = [];
			for ($i = 1; $i <= 8; $i++) {
				$files[sprintf('Photos/%02d/img.jpg', $i)] = random_bytes(1000 + $i);
			}
			$this->upload($dan, $files);
			$this->upload($eve, ['Photos/01/img.jpg' => 'eve', 'Photos/02/img.jpg' => 'eve2', 'Photos/03/img.jpg' => 'eve3']);
			$this->processOk();
			$root = (string)file_get_contents(self::index($target, $dan));
			$this->assertStringStartsWith('{"":{"manifest":"mirror","version":3,"user":"' . $dan . '"', $root);
			$before = self::shards($target, $dan);
			$this->assertGreaterThan(1, count($before), $root);
			$this->assertSame(8, array_sum(array_column($before, 'entries')));
			$this->assertNull($this->fromDriveWhy($target, $dan), 'verified');
			exec('cd ' . escapeshellarg($this->mirrorPath($target, $dan)) . ' && cat ' . escapeshellarg($target['path'] . '/.mirror-manifest/' . $dan . '.shards') . '/*.sha256 | sha256sum -c - 2>&1', $out, $rc);
			$this->assertSame(0, $rc, implode("\n", $out));

			// one new photo: its shard and the root are written, no other shard
			$this->upload($dan, ['Photos/09/img.jpg' => random_bytes(2000)]);
			$this->processOk();
			$after = self::shards($target, $dan);
			$this->assertSame(9, array_sum(array_column($after, 'entries')));
			$this->assertCount(1, self::rewritten($before, $after), 'one shard written: ' . json_encode([$before, $after]));
			$this->assertNull($this->fromDriveWhy($target, $dan));

			// a photo changed: its own shard is written again; the earlier one put back is not vouched for
			$first = (int)array_key_first($after);
			$stale = (string)file_get_contents(self::shardFile($target, $dan, $first));
			$this->upload($dan, ['Photos/01/img.jpg' => random_bytes(3000)]);
			$this->processOk();
			$changed = self::shards($target, $dan);
			$this->assertSame([$first], self::rewritten($after, $changed), 'the changed photo\'s shard, no other');
			$this->assertNull($this->fromDriveWhy($target, $dan));
			$good = (string)file_get_contents(self::shardFile($target, $dan, $first));
			file_put_contents(self::shardFile($target, $dan, $first), $stale);
			$this->assertSame('mismatch', $this->fromDriveWhy($target, $dan), 'a stale shard, validly signed');
			file_put_contents(self::shardFile($target, $dan, $first), $good);

			// a shard under another shard's name
			$ids = array_keys($changed);
			$other = (string)file_get_contents(self::shardFile($target, $dan, $ids[1]));
			copy(self::shardFile($target, $dan, $ids[0]), self::shardFile($target, $dan, $ids[1]));
			$this->assertSame('mismatch', $this->fromDriveWhy($target, $dan), 'a shard renamed');
			file_put_contents(self::shardFile($target, $dan, $ids[1]), $other);
			// another user's shard
			$eves = self::shards($target, $eve);
			$mine = (string)file_get_contents(self::shardFile($target, $dan, $ids[0]));
			copy(self::shardFile($target, $eve, array_key_first($eves)), self::shardFile($target, $dan, $ids[0]));
			$this->assertSame('other_user', $this->fromDriveWhy($target, $dan), 'eve\'s shard');
			file_put_contents(self::shardFile($target, $dan, $ids[0]), $mine);
			// the root lying about its shards: one left out, a count changed
			$signedRoot = (string)file_get_contents(self::index($target, $dan));
			file_put_contents(self::index($target, $dan), preg_replace('/^"' . $ids[1] . '":.*\n/m', '', $signedRoot));
			$this->assertSame('mismatch', $this->fromDriveWhy($target, $dan), 'a shard left out of the root');
			file_put_contents(self::index($target, $dan), preg_replace('/"entries":(\d+)/', '"entries":9$1', $signedRoot, 1));
			$this->assertSame('mismatch', $this->fromDriveWhy($target, $dan), 'a count changed');
			file_put_contents(self::index($target, $dan), $signedRoot);
			$this->assertNull($this->fromDriveWhy($target, $dan), 'as written');

			// a missing shard: not vouched for until the next run writes it again
			unlink(self::shardFile($target, $dan, $ids[0]));
			$this->assertSame('mismatch', $this->fromDriveWhy($target, $dan), 'a shard missing');
			$this->upload($eve, ['later.txt' => 'later']);
			$this->upload($dan, ['later.txt' => 'later']);
			$this->processOk();
			$this->assertFileExists(self::shardFile($target, $dan, $ids[0]));
			$this->assertNull($this->fromDriveWhy($target, $dan), 'written again');

			// adopting the drive keeps what the shards vouch for
			$inode = self::inode($this->mirrorPath($target, $dan, 'Photos/01/img.jpg'));
			unlink($target['path'] . '/.nextcloud-mirror');
			$adopt = $this->occ(['mirror:target:adopt', (string)$target['id'], '--force']);
			$this->assertSame(0, $adopt->exitCode, $adopt->describe());
			$this->assertMatchesRegularExpression('/\b(1[4-9]|[2-9]\d) files already on the drive/', $adopt->stdout, 'dan\'s 10 and eve\'s 4 at least');
			$this->assertStringNotContainsString($dan . ': the manifest was not used', $adopt->stdout);
			$this->processOk();
			$this->assertSame($inode, self::inode($this->mirrorPath($target, $dan, 'Photos/01/img.jpg')), 'adopted, not copied again');
			$this->assertMirrored($target, $dan, 'Photos/09/img.jpg');
		} finally {
			$this->occ(['config:app:delete', 'mirror', 'manifest_shard_entries']);
		}
	}

	/**
	 * The paths the shards of a user's manifest list, as read from the drive.
	 *
	 * @return list<string>
	 */
	private static function shardPaths(array $target, string $uid): array {
		$paths = [];
		foreach (self::shards($target, $uid) as $id => $shard) {
			$entries = json_decode((string)file_get_contents(self::shardFile($target, $uid, (int)$id)), true, 512, JSON_THROW_ON_ERROR);
			unset($entries[''], $entries['..']);
			$paths = [...$paths, ...array_map('strval', array_keys($entries))];
		}
		sort($paths);
		return $paths;
	}

	/**
	 * A run killed after it recorded a rename (the copy renamed, its record changed) and before it wrote its
	 * manifest (kill -9 at the shard's rename into place, strace) leaves the old root and the old shard: signed,
	 * counting as many files as the database, and naming the old path. The next run, with nothing of its own to
	 * do, writes that shard again (ManifestChanges), so a restore from the drive finds the file at its new place.
	 */
	public function testAShardLeftStaleByARunKilledBeforeItsManifestIsWrittenByTheNextRun(): void {
		$this->occ(['config:app:set', 'mirror', 'manifest_shard_entries', '--value=2']);
		try {
			$uid = $this->user('stale-shard');
			$target = $this->newTarget('stale-shard');
			$files = [];
			for ($i = 1; $i <= 6; $i++) {
				$files[sprintf('Photos/%02d/img.jpg', $i)] = random_bytes(1000 + $i);
			}
			$this->upload($uid, $files);
			$this->processOk();
			$this->assertGreaterThan(1, count(self::shards($target, $uid)), 'a manifest in shards');
			$this->assertSame(array_keys($files), self::shardPaths($target, $uid));

			$this->dav()->move($uid, 'Photos/03/img.jpg', 'Photos/03/renamed.jpg')->expect(201);
			// the first rename is the copy's, the second the new shard's into place: killed there, before the root
			$run = self::nc()->occStart(['mirror:process'], [], ['strace', '-f', '-qq', '-o', '/dev/null', '-e', 'trace=rename,renameat,renameat2',
				'-e', 'inject=rename,renameat,renameat2:signal=SIGKILL:when=2']);
			$killed = $run->wait(300);
			$this->assertNotSame(0, $killed->exitCode, "the worker was killed at its second rename:\n" . $killed->describe());
			$this->assertFileExists($this->mirrorPath($target, $uid, 'Photos/03/renamed.jpg'), 'the copy was renamed');
			$this->assertSame('Photos/03/renamed.jpg', self::nc()->select('SELECT path FROM oc_mirror_replicas WHERE user_id = ? AND path LIKE ?', [$uid, 'Photos/03/%'])[0]['path'] ?? null, 'and recorded');
			$stale = self::shardPaths($target, $uid);
			$this->assertContains('Photos/03/img.jpg', $stale, 'the manifest on the drive is the one before the rename');
			$this->assertNull($this->fromDriveWhy($target, $uid), 'signed and counting every file: nothing but its content tells it is stale');

			$this->processOk();
			$expected = array_keys($files);
			$expected[2] = 'Photos/03/renamed.jpg';
			sort($expected);
			$this->assertSame($expected, self::shardPaths($target, $uid), 'the next run wrote the stale shard again');
			$this->assertNull($this->fromDriveWhy($target, $uid));
			$this->assertSame(0, (int)(self::nc()->select('SELECT COUNT(*) AS n FROM oc_mirror_mchanges WHERE user_id = ?', [$uid])[0]['n'] ?? -1), 'nothing left to write');
		} finally {
			$this->occ(['config:app:delete', 'mirror', 'manifest_shard_entries']);
		}
	}

	public function testAnOldUnsignedManifestIsUnverifiedAndAdoptingCopiesItsFilesAgain(): void {
		$carol = $this->user('v1-carol');
		$target = $this->newTarget('v1');
		$files = ['Photos/a.jpg' => random_bytes(3000), 'b.txt' => 'b'];
		$this->upload($carol, $files);
		$this->processOk();
		file_put_contents(self::index($target, $carol), self::asVersion1((string)file_get_contents(self::index($target, $carol))));
		$this->dav()->delete($carol, 'Photos/a.jpg');

		$r = $this->occ(['mirror:restore', '--user=' . $carol, '--from-drive', '--target=' . $target['id'], '--output=json']);
		$this->assertSame(1, $r->exitCode, $r->describe());
		$this->assertSame([['userId' => $carol, 'files' => 2, 'folder' => self::quarantine(), 'why' => 'unsigned',
			'reason' => 'the manifest is not signed (written by Mirror before version 2, or not by Mirror)']], $r->json()['unverified']);
		$this->assertSame(self::hashed(['b.txt' => 'b', self::quarantine() . '/Photos/a.jpg' => $files['Photos/a.jpg'], self::quarantine() . '/b.txt' => 'b']), $this->davTree($carol),
			'the deleted photo is not put back at its place by an unsigned manifest');

		// adopting keeps nothing an unsigned manifest vouches for: everything is copied again
		$inode = self::inode($this->mirrorPath($target, $carol, 'b.txt'));
		unlink($target['path'] . '/.nextcloud-mirror');
		$adopt = $this->occ(['mirror:target:adopt', (string)$target['id'], '--force']);
		$this->assertSame(0, $adopt->exitCode, $adopt->describe());
		$this->assertStringContainsString('0 files already on the drive', $adopt->stdout);
		$this->assertStringContainsString($carol . ': the manifest was not used, every file is copied again: the manifest is not signed', $adopt->stdout);
		$this->processOk();
		$this->assertNotSame($inode, self::inode($this->mirrorPath($target, $carol, 'b.txt')), 'copied again');
		$this->assertMirrored($target, $carol, 'b.txt');
		$this->assertMirrored($target, $carol, self::quarantine() . '/Photos/a.jpg');
		// the next manifest written is signed: the upgrade needs nothing else
		$this->assertStringStartsWith('{"":{"manifest":"mirror","version":2', (string)file_get_contents(self::index($target, $carol)));
		$again = $this->occ(['mirror:restore', '--user=' . $carol, '--from-drive', '--target=' . $target['id'], '--output=json']);
		$this->assertSame(0, $again->exitCode, $again->describe());
		$this->assertSame([[], 1], [$again->json()['unverified'], $again->json()['verifiedManifests']]);
	}

	public function testHugeManifestsAreRefusedWithinSecondsInBoundedMemory(): void {
		$sparse = $this->user('huge-sparse');
		$many = $this->user('huge-many');
		$fine = $this->user('huge-fine');
		$target = $this->newTarget('huge');
		foreach ([$sparse, $many, $fine] as $uid) {
			$this->upload($uid, ['a.txt' => $uid]);
		}
		$this->processOk();
		// a 1 GiB sparse manifest
		$handle = fopen(self::index($target, $sparse), 'wb');
		ftruncate($handle, 1024 * 1024 * 1024);
		fclose($handle);
		// 1.5 million entries, streamed to disk (about 170 MB)
		$handle = fopen(self::index($target, $many), 'wb');
		fwrite($handle, "{\n");
		$hash = hash('sha256', 'x');
		for ($i = 0; $i < 1_500_000; $i += 10_000) {
			$chunk = '';
			for ($j = $i; $j < $i + 10_000; $j++) {
				$chunk .= '"Photos/2026/IMG_' . sprintf('%07d', $j) . '.jpg":{"size":123456,"mtime":1760000000,"sha256":"' . $hash . '"}' . ($j === 1_499_999 ? "\n" : ",\n");
			}
			fwrite($handle, $chunk);
		}
		fwrite($handle, "}\n");
		fclose($handle);
		$this->assertGreaterThan(150_000_000, filesize(self::index($target, $many)));

		foreach ([['--dry-run'], []] as $extra) {
			[$r, $rss, $seconds] = $this->measured(array_merge(['mirror:restore', '--all-users', '--from-drive', '--target=' . $target['id'], '--output=json'], $extra));
			$this->assertSame(1, $r->exitCode, $r->describe());
			$done = $r->json();
			$damaged = array_column($done['damaged'], 'message', 'userId');
			ksort($damaged);
			$this->assertSame([$many, $sparse], array_keys($damaged), $r->stdout);
			$this->assertStringContainsString('1,073,741,824 bytes, more than the 1,052,672 bytes a manifest of this user\'s files can take', $damaged[$sparse]);
			$this->assertSame(1, $done['skipped'], 'the other user\'s manifest is read: ' . $r->stdout);
			$this->assertLessThan(self::MAX_RSS, $rss);
			$this->assertLessThan(self::MAX_RSS, $done['peakMemory']);
			$this->assertLessThan(20.0, $seconds, 'refused within seconds');
		}

		// adopting, as on a rebuilt server (no records: the 64 MiB ceiling)
		unlink($target['path'] . '/.nextcloud-mirror');
		[$adopt, $rss, $seconds] = $this->measured(['mirror:target:adopt', (string)$target['id'], '--force']);
		$this->assertSame(0, $adopt->exitCode, $adopt->describe());
		$this->assertStringContainsString($sparse . ': damaged manifest, not used, every file is copied again: The manifest', $adopt->stdout);
		$this->assertStringContainsString($many . ': damaged manifest, not used', $adopt->stdout);
		$this->assertStringContainsString('more than the 67,108,864 bytes', $adopt->stdout);
		$this->assertLessThan(self::MAX_RSS, $rss);
		$this->assertLessThan(20.0, $seconds);

		// with the ceiling raised, the 1.5 million entries are read through (and, unsigned, not used):
		// streamed, memory stays bounded
		unlink($target['path'] . '/.nextcloud-mirror');
		[$adopt, $rss, $seconds] = $this->measured(['mirror:target:adopt', (string)$target['id'], '--force', '--manifest-limit=256']);
		$this->assertSame(0, $adopt->exitCode, $adopt->describe());
		$this->assertStringContainsString($many . ': the manifest was not used, every file is copied again: the manifest is not signed', $adopt->stdout);
		$this->assertStringContainsString($sparse . ': damaged manifest', $adopt->stdout, '1 GiB is more than 256 MiB');
		$this->assertLessThan(self::MAX_RSS, $rss);
		$this->processOk();
	}

	public function testAMalformedRecoveryKeyIsAClearError(): void {
		$target = $this->newTarget('bad-key');
		foreach ([
			['mirror:restore', '--all-users', '--from-drive', '--target=' . $target['id'], '--recovery-key=not-a-key'],
			['mirror:target:adopt', (string)$target['id'], '--force', '--recovery-key=AAAA-BBBB'],
		] as $args) {
			$r = $this->occ($args);
			$this->assertNotSame(0, $r->exitCode, $r->describe());
			$this->assertStringContainsString('This is not a Mirror recovery key: one is 52 letters A-Z and digits 2-7 in groups of four', $r->output());
		}
		$r = $this->occ(['mirror:restore', '--all-users', '--recovery-key=AAAA']);
		$this->assertStringContainsString('--recovery-key and --manifest-limit only go with --from-drive.', $r->output());
		$this->assertTrue(self::nc()->occ(['mirror:target:list'])->ok(), 'the target is still there, online');
	}

	public function testTheRecoveryKeyIsShownToAnAdminOnlyWithThePasswordInTheRequest(): void {
		$user = $this->user('key-user');
		$url = self::nc()->url() . '/ocs/v2.php/apps/mirror/api/v1/recovery-key?format=json';
		$ocs = ['OCS-APIRequest' => 'true', 'Accept' => 'application/json'];
		$key = $this->occOk(['mirror:recovery-key', '--output=json'])->json()['recoveryKey'];
		$text = $this->occOk(['mirror:recovery-key'])->stdout;
		$this->assertStringContainsString('Recovery key: ' . $key, $text);
		$this->assertStringContainsString('Keep it in a password manager', $text);

		// the admin's session, recently logged in, but no password in the request: refused
		$session = WebSession::loggedIn(self::nc(), Instance::ADMIN);
		[$status, $body] = $session->ocs('GET', 'recovery-key');
		$this->assertSame(403, $status, $body);
		$this->assertStringNotContainsString($key, $body);
		// in the same way, with the session, a page that needs no confirmation answers: the session works
		[$status, $body] = $session->ocs('GET', 'health');
		$this->assertSame(200, $status, $body);

		// with the password in the request (as the password dialog sends it): the key
		$r = $this->dav()->request('GET', $url, Instance::ADMIN, $ocs);
		$this->assertSame(200, $r->status, $r->body);
		$this->assertSame(['recoveryKey' => $key], json_decode($r->body, true)['ocs']['data']);
		// not for users
		$this->assertSame(403, $this->dav()->request('GET', $url, $user, $ocs)->status);
		$this->assertStringNotContainsString($key, (string)file_get_contents(self::nc()->dataDir . '/nextcloud.log'), 'never logged');
	}
}

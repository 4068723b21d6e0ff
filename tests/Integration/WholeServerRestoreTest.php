<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

use OCA\Mirror\Tests\Integration\Harness\Instance;

/**
 * Issue #12 (part 3): a drive that describes itself is enough to rebuild a whole server, and the
 * manifest spares copies when a drive is adopted; restores started from the admin API run in a
 * background job with durable progress.
 */
final class WholeServerRestoreTest extends IntegrationTestCase {
	private const RUN_RESTORE = 'OCA\\Mirror\\BackgroundJob\\RunRestore';

	protected static function deleteUsersAfterEachTest(): bool {
		return true;
	}

	/**
	 * @return array{status: int, data: mixed}
	 */
	private function ocs(string $uid, string $method, string $path, ?array $body = null, ?Instance $nc = null): array {
		$nc ??= self::nc();
		$r = $nc->dav()->request($method, $nc->url() . '/ocs/v2.php/apps/mirror/api/v1' . $path . (str_contains($path, '?') ? '&' : '?') . 'format=json', $uid,
			['OCS-APIRequest' => 'true', 'Accept' => 'application/json', 'Content-Type' => 'application/json'], $body === null ? null : json_encode($body));
		return ['status' => $r->status, 'data' => json_decode($r->body, true)['ocs']['data'] ?? null];
	}

	/**
	 * The server's answer fits what openapi-full.json documents (tests/Browser/openapi-check.mjs, the validator
	 * the browser test uses).
	 */
	private function assertFitsOpenApi(mixed $data, string $path, string $method, int $status): void {
		$root = dirname(__DIR__, 2);
		$script = 'import { dataSchema, loadOpenApi, validate } from ' . json_encode($root . '/tests/Browser/openapi-check.mjs') . ';'
			. 'const doc = loadOpenApi(' . json_encode($root . '/openapi-full.json') . ');'
			. 'const data = JSON.parse(process.argv[1]);'
			. 'console.log(JSON.stringify(validate(data, dataSchema(doc, ' . json_encode($path) . ', ' . json_encode($method) . ', ' . $status . '), doc)));';
		$out = [];
		exec('node --input-type=module -e ' . escapeshellarg($script) . ' ' . escapeshellarg((string)json_encode($data)) . ' 2>&1', $out, $rc);
		$this->assertSame(0, $rc, implode("\n", $out));
		$this->assertSame([], json_decode(implode('', $out), true), "$method $path $status should fit openapi-full.json: " . implode("\n", $out));
	}

	/**
	 * Every file of a user as Nextcloud holds it: path => [sha256 of the bytes WebDAV serves, mtime WebDAV reports].
	 *
	 * @return array<string, array{0: string, 1: int}>
	 */
	private static function tree(Instance $nc, string $uid): array {
		$out = [];
		$prefix = '/remote.php/dav/files/' . $uid . '/';
		$folders = [''];
		while ($folders !== []) {
			$folder = array_shift($folders);
			foreach ($nc->dav()->propfind($uid, $folder, 1, ['{DAV:}getlastmodified', '{DAV:}resourcetype']) as $href => $props) {
				$path = trim(rawurldecode(substr($href, strpos($href, $prefix) + strlen($prefix))), '/');
				if ($path === $folder) {
					continue;
				}
				if (str_ends_with($href, '/')) {
					$folders[] = $path;
				} else {
					$out[$path] = [hash('sha256', $nc->dav()->get($uid, $path)), (int)strtotime((string)$props['{DAV:}getlastmodified'])];
				}
			}
		}
		ksort($out);
		return $out;
	}

	/**
	 * @param list<string> $extra
	 */
	private function adopt(int $targetId, ?Instance $nc = null, array $extra = []): array {
		$r = ($nc ?? self::nc())->occ(array_merge(['mirror:target:adopt', (string)$targetId, '--force'], $extra));
		$this->assertSame(0, $r->exitCode, $r->describe());
		$this->assertMatchesRegularExpression('/(\d+) files already on the drive .* (\d+) files queued/', $r->stdout, $r->describe());
		preg_match('/(\d+) files already on the drive .* (\d+) files queued/', $r->stdout, $m);
		return ['adopted' => (int)$m[1], 'queued' => (int)$m[2]];
	}

	public function testASecondServerAdoptsTheDriveAndGetsEveryUsersFilesBackByteForByte(): void {
		$alice = $this->user('whole-alice');
		$bob = $this->user('whole-bob');
		$drive = $this->freshDir('drive-whole');
		$mount = $this->freshDir('mnt-whole');
		$this->mounts->bind($drive, $mount);
		$target = $this->addTarget($mount, 'family');
		$this->dav()->mkdirs($alice, 'Photos/2026');
		$this->dav()->put($alice, 'Photos/2026/a.jpg', random_bytes(40_000), 1_760_000_000);
		$this->dav()->put($alice, 'Photos/2026/b.jpg', random_bytes(30_000), 1_760_000_100);
		$this->dav()->put($alice, 'Photos/2026/gone.jpg', random_bytes(1000), 1_760_000_200);
		$this->dav()->put($alice, 'todo.txt', 'buy milk', 1_760_000_300);
		$this->dav()->mkdirs($bob, 'Music');
		$this->dav()->put($bob, 'Music/song.mp3', random_bytes(50_000), 1_760_001_000);
		$this->dav()->put($bob, 'notes.txt', "bob's notes", 1_760_001_100);
		$this->processOk();
		// the manifest must follow a rename and a deletion
		$this->dav()->move($alice, 'Photos/2026/b.jpg', 'Photos/2026/b-renamed.jpg');
		$this->dav()->delete($alice, 'Photos/2026/gone.jpg');
		$this->processOk();
		$index = json_decode((string)file_get_contents($mount . '/.mirror-manifest/' . $alice . '.json'), true);
		$this->assertSame(['', '..', 'Photos/2026/a.jpg', 'Photos/2026/b-renamed.jpg', 'todo.txt'], array_keys(self::sorted($index)), 'the header, the signature and the files');
		$expected = [$alice => self::tree(self::nc(), $alice), $bob => self::tree(self::nc(), $bob)];
		$this->assertCount(3, $expected[$alice]);

		// 1. The same server, the drive adopted again (its marker lost): what the manifest lists and the
		// bytes prove is kept; a copy that rotted (same size and time, other bytes) is copied again.
		unlink($mount . '/.nextcloud-mirror');
		$rotten = $this->mirrorPath($target, $alice, 'todo.txt');
		file_put_contents($rotten, 'BUY MILK');
		touch($rotten, 1_760_000_300);
		// a stranger swapped a copy for a link to the same bytes elsewhere: never followed, never trusted
		$linked = $this->mirrorPath($target, $alice, 'Photos/2026/b-renamed.jpg');
		$outside = $this->scratchDir('outside') . '/b.jpg';
		rename($linked, $outside);
		symlink($outside, $linked);
		// a stranger planted other bytes of the same size and time, and wrote their sha256 into the manifest:
		// the drive and the manifest agree, but the manifest's signature does not: none of bob's copies is kept
		$planted = $this->mirrorPath($target, $bob, 'notes.txt');
		file_put_contents($planted, "BOB'S NOTES");
		touch($planted, 1_760_001_100);
		$bobIndex = $mount . '/.mirror-manifest/' . $bob . '.json';
		file_put_contents($bobIndex, str_replace(hash('sha256', "bob's notes"), hash('sha256', "BOB'S NOTES"), (string)file_get_contents($bobIndex)));
		$inode = self::inode($this->mirrorPath($target, $alice, 'Photos/2026/a.jpg'));
		$counts = $this->adopt((int)$target['id']);
		$this->assertSame(['adopted' => 1, 'queued' => 4], $counts, 'alice\'s a.jpg kept; the rotten todo.txt, the link, and bob\'s song and planted notes (a forged manifest) queued');
		unlink($linked); // the admin removes the link (a link in the way is never deleted by Mirror)
		$this->processOk();
		$this->assertFalse(is_link($linked));
		$this->assertSame('buy milk', file_get_contents($rotten), 'the rotten copy is replaced');
		$this->assertSame("bob's notes", file_get_contents($planted), 'the planted copy is replaced');
		$this->assertSame($inode, self::inode($this->mirrorPath($target, $alice, 'Photos/2026/a.jpg')), 'an adopted copy is not copied again');
		$this->assertUserMirrored($target, $alice);
		$this->assertUserMirrored($target, $bob);

		// 2. A second, fresh server: the users are created, the drive is plugged in and adopted with the
		// first server's recovery key (from the household's password manager), and the whole drive comes back.
		$key = self::nc()->occ(['mirror:recovery-key', '--output=json'])->json()['recoveryKey'];
		$this->assertMatchesRegularExpression('/^[A-Z2-7]{4}(-[A-Z2-7]{4}){12}$/', $key);
		$this->assertStringNotContainsString($key, implode('', array_map(static fn (string $f): string => (string)file_get_contents($drive . '/' . $f), self::filesBelow($drive))), 'never on the drive');
		$second = Instance::create('WholeServerRestore-second');
		try {
			$second->mustOcc(['app:enable', 'mirror']);
			$second->addUser($alice);
			$second->addUser($bob);
			// bob had already put his notes back by hand: adopting keeps the drive's copy of them
			$second->dav()->put($bob, 'notes.txt', "bob's notes", 1_760_001_100);
			$mount2 = $second->targetsDir . '/family';
			mkdir($mount2);
			$added = $second->mustOcc(['mirror:target:add', $mount2, '--output=json'])->json();
			$this->mounts->bind($drive, $mount2); // the drive plugged into the new server
			$this->assertNotSame($key, $second->occ(['mirror:recovery-key', '--output=json'])->json()['recoveryKey'], 'a server of its own, with a key of its own');
			$this->assertSame(['adopted' => 1, 'queued' => 0], $this->adopt((int)$added['id'], $second, ['--recovery-key=' . strtolower($key)]), 'bob\'s notes match the manifest: not copied');
			$this->assertSame($key, $second->occ(['mirror:recovery-key', '--output=json'])->json()['recoveryKey'], 'the key that verified the drive is the server\'s now');
			$copies = self::copiesOnDrive($drive);
			$this->assertCount(5, $copies);

			// typed unseen (here: piped in), out of the shell history and the audit log
			$r = $second->occ(['mirror:restore', '--all-users', '--from-drive', '--target=' . $added['id'], '--recovery-key=-', '--output=json'], [], $key . "\n");
			$this->assertSame(0, $r->exitCode, $r->describe());
			$done = $r->json();
			$this->assertSame([4, 1, 0, 0], [$done['restored'], $done['skipped'], $done['mismatched'], $done['failed']], json_encode($done));
			$this->assertSame([[], []], [$done['unverified'], $done['damaged']], 'every manifest verified: everything in its place');
			$this->assertSame($expected[$alice], self::tree($second, $alice), 'alice\'s files, bytes and times');
			$this->assertSame($expected[$bob], self::tree($second, $bob), 'bob\'s files, bytes and times');

			// the restored files are recorded as on the drive: the new server's worker copies nothing
			$process = $second->occ(['mirror:process']);
			$this->assertSame(0, $process->exitCode, $process->describe());
			$this->assertSame($copies, self::copiesOnDrive($drive), 'no copy on the drive was written again, none went to the trash');
		} finally {
			if (isset($mount2)) {
				$this->mounts->unmount($mount2);
			}
			$second->destroy();
		}
	}

	public function testTheAdminRestoresFromThePageInABackgroundJobThatSurvivesADeadProcess(): void {
		$carol = $this->user('api-carol');
		$target = $this->newTarget('api-restore');
		$tid = (int)$target['id'];
		$this->dav()->mkdirs($carol, 'Photos');
		$this->dav()->put($carol, 'Photos/a.jpg', $a = random_bytes(20_000), 1_765_000_000);
		$this->dav()->put($carol, 'Photos/b.jpg', $b = random_bytes(10_000), 1_765_000_100);
		$this->dav()->put($carol, 'kept.txt', 'still here', 1_765_000_200);
		$this->processOk();
		// deleted, the Nextcloud trash emptied: the photos are only in the mirror trash now
		$this->dav()->delete($carol, 'Photos/a.jpg');
		$this->dav()->delete($carol, 'Photos/b.jpg');
		$this->occOk(['trashbin:cleanup', $carol]);
		$this->processOk();
		$ask = ['userId' => $carol, 'targetId' => $tid, 'path' => '', 'version' => 'trash:' . date('Y-m-d'), 'into' => '', 'mode' => 'new'];

		// not for users
		$this->assertSame(403, $this->ocs($carol, 'POST', '/restores', $ask + ['dryRun' => true])['status']);
		$this->assertSame(403, $this->ocs($carol, 'GET', '/restores')['status']);

		// bad input: a clear message, and the field at fault
		foreach ([
			[['mode' => 'sometimes'], 400, 'mode'],
			[['version' => 'trash:2026-02-30'], 400, 'version'],
			[['version' => 'yesterday'], 400, 'version'],
			[['path' => '../../etc'], 400, 'path'],
			[['into' => 'a/../../b'], 400, 'into'],
			[['userId' => 'nobody-here'], 404, null],
			[['targetId' => 987654], 404, null],
		] as [$change, $status, $field]) {
			$r = $this->ocs(Instance::ADMIN, 'POST', '/restores', $change + $ask);
			$this->assertSame($status, $r['status'], json_encode([$change, $r]));
			$this->assertIsString($r['data']['message'] ?? null, json_encode($r));
			$this->assertNotSame('', $r['data']['message']);
			$this->assertSame($field, $r['data']['field'] ?? null, json_encode($r));
			$this->assertFitsOpenApi($r['data'], 'restores', 'post', $status);
		}
		$this->assertSame(404, $this->ocs(Instance::ADMIN, 'GET', '/restores/987654')['status']);
		// the drive unplugged (its marker gone): neither a preview nor a restore that could only fail
		rename($target['path'] . '/.nextcloud-mirror', $target['path'] . '/marker.away');
		foreach ([true, false] as $dryRun) {
			$r = $this->ocs(Instance::ADMIN, 'POST', '/restores', $ask + ['dryRun' => $dryRun]);
			$this->assertSame([400, 'targetId'], [$r['status'], $r['data']['field'] ?? null], json_encode($r));
			$this->assertStringStartsWith('The mirror drive is not available: ', $r['data']['message']);
		}
		rename($target['path'] . '/marker.away', $target['path'] . '/.nextcloud-mirror');
		$this->assertSame([], self::nc()->jobs(self::RUN_RESTORE), 'nothing refused was scheduled');

		// the preview: counts and what would happen to each file; nothing written
		$preview = $this->ocs(Instance::ADMIN, 'POST', '/restores', $ask + ['dryRun' => true]);
		$this->assertSame(200, $preview['status'], json_encode($preview));
		$p = $preview['data'];
		$this->assertFitsOpenApi($p, 'restores', 'post', 200);
		$this->assertSame([2, 2, true, 2, 0, 0, 0, 30_000], [$p['total'], $p['checked'], $p['complete'], $p['restored'], $p['skipped'], $p['mismatched'], $p['failed'], $p['bytes']], json_encode($p));
		$results = array_column($p['files'], 'result', 'path');
		ksort($results);
		$this->assertSame(['Photos/a.jpg' => 'restored', 'Photos/b.jpg' => 'restored'], $results);
		$latest = $this->ocs(Instance::ADMIN, 'POST', '/restores', ['version' => 'latest', 'dryRun' => true] + $ask)['data'];
		$this->assertSame([1, 0, 1], [$latest['total'], $latest['restored'], $latest['skipped']], 'the latest copies: only kept.txt, already there');
		$this->assertFileDoesNotExist($this->sourcePath($carol, 'Photos/a.jpg'), 'a preview writes nothing');

		// the trash days the dialog offers
		$days = $this->ocs(Instance::ADMIN, 'GET', '/restores/trash-days?userId=' . $carol . '&targetId=' . $tid);
		$this->assertSame(200, $days['status']);
		$this->assertSame([['day' => date('Y-m-d'), 'entries' => 2, 'bytes' => 30_000]], $days['data']);
		$this->assertFitsOpenApi($days['data'], 'restores/trash-days', 'get', 200);

		// the restore itself: recorded, scheduled, run by cron
		$started = $this->ocs(Instance::ADMIN, 'POST', '/restores', $ask);
		$this->assertSame(202, $started['status'], json_encode($started));
		$id = $started['data']['id'];
		$this->assertSame('queued', $started['data']['state']);
		$this->assertFitsOpenApi($started['data'], 'restores', 'post', 202);
		$this->assertCount(1, self::nc()->jobs(self::RUN_RESTORE));

		// a process holds it (fresh heartbeat): cron leaves it alone, and looks again later
		self::nc()->execute('UPDATE oc_mirror_restores SET state = ?, claimed_by = ?, heartbeat_at = ? WHERE id = ?', ['running', 'another-process', time(), $id]);
		$this->cron([self::RUN_RESTORE]);
		$held = $this->ocs(Instance::ADMIN, 'GET', '/restores/' . $id)['data'];
		$this->assertSame(['running', 0], [$held['state'], $held['attempts']], json_encode($held));
		$this->assertFileDoesNotExist($this->sourcePath($carol, 'Photos/a.jpg'));
		$jobs = self::nc()->jobs(self::RUN_RESTORE);
		$this->assertCount(1, $jobs, 'the job stays to look again');
		$this->assertGreaterThan(time() + 60, (int)$jobs[0]['last_checked'], 'not due again at once (cron.php would spin on it)');

		// that process died (no heartbeat for an hour): the next cron takes the restore over
		self::nc()->execute('UPDATE oc_mirror_restores SET heartbeat_at = ? WHERE id = ?', [time() - 3600, $id]);
		$this->cron([self::RUN_RESTORE]);
		$done = $this->ocs(Instance::ADMIN, 'GET', '/restores/' . $id);
		$this->assertSame(200, $done['status']);
		$d = $done['data'];
		$this->assertSame(['done', 2, 2, 0, 0, 0, 30_000, 1, null, []], [$d['state'], $d['total'], $d['restored'], $d['skipped'], $d['mismatched'], $d['failed'], $d['bytes'], $d['attempts'], $d['message'], $d['errors']], json_encode($d));
		$this->assertNotNull($d['finishedAt']);
		$this->assertFitsOpenApi($d, 'restores/{id}', 'get', 200);
		$this->assertSame($a, $this->dav()->get($carol, 'Photos/a.jpg'));
		$this->assertSame($b, $this->dav()->get($carol, 'Photos/b.jpg'));
		$this->assertSame(1_765_000_100, $this->nextcloudMtime($carol, 'Photos/b.jpg'));
		$this->assertSame([], self::nc()->jobs(self::RUN_RESTORE), 'the job is gone once the restore is over');
		$this->assertSame($id, $this->ocs(Instance::ADMIN, 'GET', '/restores')['data'][0]['id'], 'listed first among the recent restores');

		// a copy that rotted on the drive is reported by the job, not restored
		$this->dav()->delete($carol, 'kept.txt');
		file_put_contents($this->mirrorPath($target, $carol, 'kept.txt'), 'STILL HERE');
		$again = $this->ocs(Instance::ADMIN, 'POST', '/restores', ['path' => 'kept.txt', 'version' => 'latest'] + $ask);
		$this->cron([self::RUN_RESTORE]);
		$r = $this->ocs(Instance::ADMIN, 'GET', '/restores/' . $again['data']['id'])['data'];
		$this->assertSame(['done', 1, 0, 1], [$r['state'], $r['total'], $r['restored'], $r['mismatched']], json_encode($r));
		$this->assertSame('kept.txt', $r['errors'][0]['path']);
		$this->assertSame('mismatched', $r['errors'][0]['result']);
		$this->assertFitsOpenApi($this->ocs(Instance::ADMIN, 'GET', '/restores')['data'], 'restores', 'get', 200);
		$this->assertFileDoesNotExist($this->sourcePath($carol, 'kept.txt'));
	}

	/**
	 * The users' copies on a drive (not the marker, manifests or trash): path => inode.
	 *
	 * @return array<string, int>
	 */
	private static function copiesOnDrive(string $drive): array {
		$out = [];
		foreach (self::filesBelow($drive) as $file) {
			if (!str_starts_with($file, '.')) {
				$out[$file] = self::inode($drive . '/' . $file);
			}
		}
		return $out;
	}

	/**
	 * @param array<string, mixed> $a
	 * @return array<string, mixed>
	 */
	private static function sorted(array $a): array {
		ksort($a);
		return $a;
	}

	public function testADayOfMoreThanAHundredThousandDeletedFilesIsRestoredWhole(): void {
		// a photo library of 100,050 files deleted in one day (recorded straight into the database:
		// the count is read from the records alone, without a file being read)
		$dave = $this->user('api-dave');
		$target = $this->newTarget('big-day');
		$tid = (int)$target['id'];
		$day = date('Y-m-d');
		$files = 100_050;
		// `||` joins strings on SQLite and PostgreSQL, but is OR on MariaDB, whose CONCAT() SQLite 3.40 lacks
		$concat = static fn (string ...$parts): string => static::database() === 'mysql'
			? 'CONCAT(' . implode(', ', $parts) . ')'
			: '(' . implode(' || ', $parts) . ')';
		self::nc()->execute('INSERT INTO oc_mirror_trash (target_id, user_id, file_id, path, path_hash, trash_path, day, trashed_at, size, mtime, checksum, reason)'
			. ' WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ' . $files . ')'
			. ' SELECT ' . $tid . ', ?, 1000000 + i, ' . $concat("'Lost/'", 'i', "'.jpg'") . ', ' . $concat("'h'", 'i')
			. ', ' . $concat('?', "'/Lost/'", 'i', "'.jpg'") . ', ?, ' . time() . ' - i, 1, 1, ?, \'deleted\' FROM n',
			[$dave, $day, $day, str_repeat('ab', 32)]);

		$r = $this->ocs(Instance::ADMIN, 'POST', '/restores', ['userId' => $dave, 'targetId' => $tid, 'path' => '', 'version' => 'trash:' . $day, 'into' => '', 'mode' => 'new', 'dryRun' => true]);
		$this->assertSame(200, $r['status'], json_encode($r));
		$this->assertSame($files, $r['data']['total'] ?? null, 'every file of the day, not the first 100,000');
		self::nc()->execute('DELETE FROM oc_mirror_trash WHERE target_id = ' . $tid);
	}
}

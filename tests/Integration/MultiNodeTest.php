<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

use OCA\Mirror\Tests\Integration\Harness\Dav;
use OCA\Mirror\Tests\Integration\Harness\Instance;
use OCA\Mirror\Tests\Integration\Harness\Proc;
use OCA\Mirror\Tests\Integration\Harness\ProcResult;

/**
 * Several servers, one drive. Node A is this machine as it is; node B shares the instance's config,
 * database and data folder but runs in a UTS namespace of its own (another host name) and a mount
 * namespace where the drive is not mounted. B's cron and worker never take A's drive's work and
 * never judge it offline; A's worker copies everything, once. B also runs a web server of its own in
 * those namespaces: uploads through both web servers are mirrored once by A's watcher.
 */
class MultiNodeTest extends IntegrationTestCase {
	private const JOB_HEALTH = 'OCA\\Mirror\\BackgroundJob\\HealthCheck';

	/**
	 * A command as node B: host name node-b, the drive unmounted (only in B's own mount namespace).
	 *
	 * @return list<string>
	 */
	private static function onNodeB(string $mountPoint): array {
		return ['unshare', '--uts', '--mount', '--propagation', 'private', 'sh', '-c',
			'hostname node-b && umount -l "$0" && exec "$@"', $mountPoint];
	}

	private static function onB(string $mountPoint, array $occArgs): ProcResult {
		return self::nc()->occStart($occArgs, [], self::onNodeB($mountPoint))->wait();
	}

	/** @return list<array<string, mixed>> the health conditions the admin page shows (served by A, or by the web server at $url) */
	private function conditions(?string $url = null): array {
		return $this->adminApi('/health', $url)['conditions'] ?? [];
	}

	private function adminApi(string $path, ?string $url = null): mixed {
		$r = $this->dav()->request('GET', ($url ?? self::nc()->url()) . '/ocs/v2.php/apps/mirror/api/v1' . $path . '?format=json', Instance::ADMIN,
			['OCS-APIRequest' => 'true', 'Accept' => 'application/json']);
		$this->assertSame(200, $r->status, $r->body);
		return json_decode($r->body, true)['ocs']['data'];
	}

	public function testTheDrivesNodeDoesAllTheWorkAndTheOtherRaisesNoAlarm(): void {
		$nodeA = (string)gethostname();
		$this->assertNotSame('node-b', $nodeA);
		$drive = $this->scratchDir('usb-a');
		$mountPoint = $this->freshDir('mnt');
		$this->mounts->bind($drive, $mountPoint);
		$target = $this->addTarget($mountPoint, 'usb-on-a');
		$this->assertSame($nodeA, $target['node'], 'the node that added it holds it');

		// node B really is elsewhere: another host name, and no drive at the mount point
		$look = Proc::run(array_merge(self::onNodeB($mountPoint), ['sh', '-c', 'hostname; ls -A "$0"', $mountPoint]));
		$this->assertSame("node-b\n", $look->stdout, $look->describe());

		$uid = $this->user('nodes-alice');
		$this->dav()->mkcol($uid, 'Photos');
		foreach (range(1, 20) as $i) {
			$this->assertSame(201, $this->dav()->put($uid, 'Photos/p' . $i . '.jpg', str_repeat(chr(64 + $i), 1000 + $i))->status);
		}

		// B: cron (the worker's job and the health check) and occ mirror:process take nothing, see nothing offline
		self::nc()->makeJobsDue([self::JOB_PROCESS, self::JOB_HEALTH]);
		$cron = self::nc()->cronStart([self::JOB_PROCESS, self::JOB_HEALTH], self::onNodeB($mountPoint))->wait(900);
		$this->assertSame(0, $cron->exitCode, $cron->describe());
		$process = self::onB($mountPoint, ['mirror:process', '--output=json']);
		$this->assertSame(0, $process->exitCode, $process->describe());
		$this->assertSame(0, $process->json()['done'] ?? null, $process->stdout);
		$this->assertSame([], $process->json()['offlineTargets'] ?? null, 'not offline: not B\'s drive');
		$this->assertSame([], $this->mirrorFiles($target, $uid), 'B copied nothing');
		$this->assertSame([], $this->conditions(), 'no alarm from B');
		$status = self::onB($mountPoint, ['mirror:status', '--output=json']);
		$this->assertSame(0, $status->exitCode, $status->describe());
		$onB = array_values(array_filter($status->json()['targets'], static fn (array $t): bool => (int)$t['id'] === (int)$target['id']))[0];
		$this->assertSame([$nodeA, 'other_node'], [$onB['node'], $onB['state']['reason']]);
		$this->assertGreaterThanOrEqual(20, $onB['pending'], 'the work waits for A');
		$table = self::onB($mountPoint, ['mirror:status']);
		$this->assertStringContainsString($nodeA, $table->stdout, 'the table names its server');

		// A: its worker copies everything, once
		$this->processOk();
		$this->assertUserMirrored($target, $uid);
		$this->assertCount(20, $this->mirrorFiles($target, $uid));
		$this->assertSame(0, $this->targetStatus((int)$target['id'])['pending']);
		$seen = self::nc()->select('SELECT node FROM oc_mirror_nodes ORDER BY node');
		$this->assertContains($nodeA, array_column($seen, 'node'), 'A\'s worker told it ran');

		// more uploads; B runs first again, A last: still everything once, and no alarm
		foreach (range(21, 25) as $i) {
			$this->assertSame(201, $this->dav()->put($uid, 'Photos/p' . $i . '.jpg', str_repeat(chr(64 + $i), 2000 + $i))->status);
		}
		self::nc()->makeJobsDue([self::JOB_PROCESS, self::JOB_HEALTH]);
		$this->assertSame(0, self::nc()->cronStart([self::JOB_PROCESS, self::JOB_HEALTH], self::onNodeB($mountPoint))->wait(900)->exitCode);
		$this->assertCount(20, $this->mirrorFiles($target, $uid), 'B still took nothing');
		$this->cron([self::JOB_PROCESS, self::JOB_HEALTH]);
		$this->assertUserMirrored($target, $uid);
		$this->assertCount(25, $this->mirrorFiles($target, $uid));
		$this->assertSame([], $this->conditions());

		// the drive moves to B: A no longer touches it, B (where it is not mounted) now judges it
		$this->occOk(['mirror:target:move-node', (string)$target['id'], 'node-b']);
		$this->assertSame('other_node', $this->targetStatus((int)$target['id'])['state']['reason']);
		$bad = $this->occ(['mirror:target:move-node', (string)$target['id'], 'not a host']);
		$this->assertSame(1, $bad->exitCode, $bad->describe());
		$this->assertStringContainsString('is not a host name', $bad->stdout . $bad->stderr);
		$this->occOk(['mirror:target:move-node', (string)$target['id'], $nodeA]);
		$this->assertNull($this->targetStatus((int)$target['id'])['state']['reason']);
	}

	public function testUploadsThroughBothWebServersAreMirroredOnceByTheDrivesNode(): void {
		$nodeA = (string)gethostname();
		$drive = $this->scratchDir('usb-web');
		$mountPoint = $this->freshDir('mnt-web');
		$this->mounts->bind($drive, $mountPoint);
		$target = $this->addTarget($mountPoint, 'usb-web-on-a');
		$this->assertSame($nodeA, $target['node']);

		// B's own web server, in B's namespaces: it sees the drive as another server's
		$webB = self::nc()->startWebServer(self::onNodeB($mountPoint), 'node-b');
		$this->assertNotSame(self::nc()->url(), $webB->url);
		$seenByB = array_values(array_filter($this->adminApi('/targets', $webB->url), static fn (array $t): bool => $t['id'] === (int)$target['id']))[0];
		$this->assertSame([$nodeA, false, 'other_node'], [$seenByB['node'], $seenByB['state']['online'], $seenByB['state']['reason']], 'B\'s web server runs as node-b');
		$seenByA = array_values(array_filter($this->adminApi('/targets'), static fn (array $t): bool => $t['id'] === (int)$target['id']))[0];
		$this->assertSame([true, null], [$seenByA['state']['online'], $seenByA['state']['reason']]);

		$watch = self::nc()->occStart(['mirror:process', '--watch']);
		try {
			$uid = $this->user('nodes-web');
			$this->assertSame(201, $this->dav()->mkcol($uid, 'Photos')->status);
			$uploads = [];
			foreach (range(1, 30) as $i) {
				// odd files through A's web server, even ones through B's; cron on both now and then
				$path = sprintf('Photos/img-%02d.jpg', $i);
				$uploads[$path] = "\xFF\xD8\xFF\xE0" . random_bytes(3000 + $i);
				$url = ($i % 2 === 1 ? self::nc()->url() : $webB->url) . '/remote.php/dav/files/' . rawurlencode($uid) . '/' . Dav::encodePath($path);
				$put = $this->dav()->request('PUT', $url, $uid, ['Content-Type' => 'application/octet-stream'], $uploads[$path]);
				$this->assertSame(201, $put->status, $path . ': ' . $put->body);
				if ($i % 10 === 0) {
					self::nc()->makeJobsDue([self::JOB_PROCESS, self::JOB_HEALTH]);
					$cronB = self::nc()->cronStart([self::JOB_PROCESS, self::JOB_HEALTH], self::onNodeB($mountPoint))->wait(900);
					$this->assertSame(0, $cronB->exitCode, $cronB->describe());
					$this->cron([self::JOB_PROCESS, self::JOB_HEALTH]);
				}
			}
			// no file waits twice: the queue holds one row per file and target at most
			$this->assertSame([], self::nc()->select('SELECT file_id, COUNT(*) AS n FROM oc_mirror_queue WHERE target_id = ? GROUP BY file_id HAVING COUNT(*) > 1', [(int)$target['id']]));

			$deadline = microtime(true) + 120;
			while (microtime(true) < $deadline && (count($this->mirrorFiles($target, $uid)) < 30
				|| self::nc()->select('SELECT id FROM oc_mirror_queue WHERE target_id = ?', [(int)$target['id']]) !== [])) {
				$this->assertTrue($watch->isRunning(), "A's watcher keeps running:\n" . $watch->peekStdout());
				usleep(250_000);
			}
			$this->assertSame(array_map(static fn (string $p): string => substr($p, strlen('Photos/')), array_keys($uploads)), $this->mirrorFiles($target, $uid, 'Photos'),
				"every upload on A's drive:\n" . $watch->peekStdout());
			foreach ($uploads as $path => $content) {
				$this->assertSame(hash('sha256', $content), hash_file('sha256', $this->mirrorPath($target, $uid, $path)), $path);
			}
			// once: one record per file, and the copies stay as they are while both nodes' cron and A's watcher run on
			$records = self::nc()->select('SELECT file_id, COUNT(*) AS n FROM oc_mirror_replicas WHERE target_id = ? AND user_id = ? GROUP BY file_id', [(int)$target['id'], $uid]);
			$this->assertCount(30, $records);
			$this->assertSame([1], array_values(array_unique(array_map(static fn (array $r): int => (int)$r['n'], $records))));
			$inodes = array_map(fn (string $path): int => self::inode($this->mirrorPath($target, $uid, $path)), array_keys($uploads));
			self::nc()->makeJobsDue([self::JOB_PROCESS, self::JOB_HEALTH]);
			$this->assertSame(0, self::nc()->cronStart([self::JOB_PROCESS, self::JOB_HEALTH], self::onNodeB($mountPoint))->wait(900)->exitCode);
			$this->cron([self::JOB_PROCESS, self::JOB_HEALTH]);
			usleep(2_500_000); // a round of the watcher
			clearstatcache();
			$this->assertSame($inodes, array_map(fn (string $path): int => self::inode($this->mirrorPath($target, $uid, $path)), array_keys($uploads)), 'no file copied a second time');
			$this->assertDirectoryDoesNotExist($target['path'] . '/' . self::TRASH . '/' . $uid, 'nothing replaced on the drive');
			$this->assertSame(0, $this->targetStatus((int)$target['id'])['pending']);
			$this->assertSame(0, $this->targetStatus((int)$target['id'])['failed']);

			// no alarm, whichever web server is asked
			$this->assertSame([], $this->conditions());
			$this->assertSame([], $this->conditions($webB->url));
			$this->assertContains($nodeA, array_column(self::nc()->select('SELECT node FROM oc_mirror_nodes'), 'node'));
		} finally {
			$watch->kill(SIGTERM);
			$stopped = $watch->wait(900); // Proc::wait counts from the start of the process: minutes ago
			$webB->stop();
		}
		$this->assertSame(0, $stopped->exitCode, $stopped->describe());
		$this->assertStringNotContainsString('Fatal', $webB->log());
	}
}

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

/**
 * Several servers, one drive. Node A is this machine as it is; node B shares the instance's config,
 * database and data folder but runs in a UTS namespace of its own (another host name) and a mount
 * namespace where the drive is not mounted. B's cron and worker never take A's drive's work and
 * never judge it offline; A's worker copies everything, once.
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

	/** @return list<array<string, mixed>> the health conditions the admin page shows */
	private function conditions(): array {
		$r = $this->dav()->request('GET', self::nc()->url() . '/ocs/v2.php/apps/mirror/api/v1/health?format=json', Instance::ADMIN,
			['OCS-APIRequest' => 'true', 'Accept' => 'application/json']);
		$this->assertSame(200, $r->status, $r->body);
		return json_decode($r->body, true)['ocs']['data']['conditions'] ?? [];
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
}

<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

use OCA\Mirror\Tests\Integration\Harness\Instance;
use OCA\Mirror\Tests\Integration\Harness\Proc;

/**
 * Never silent (issue "Never silent"): the health check job, read through Nextcloud's own notifications
 * app (its OCS API) and setup checks (`occ setupchecks`), on a real server with real mounts.
 */
final class HealthTest extends IntegrationTestCase {
	private const JOB_HEALTH = 'OCA\\Mirror\\BackgroundJob\\HealthCheck';

	protected static function deleteUsersAfterEachTest(): bool {
		return true;
	}

	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		self::nc()->mustOcc(['app:enable', 'notifications']);
		self::nc()->addUser('admin2');
		self::nc()->mustOcc(['group:adduser', 'admin', 'admin2']);
	}

	protected function tearDown(): void {
		// every test starts without conditions: clear what the health check kept and told
		foreach (['health_conditions', 'health_offline_seen', 'health_notified', 'health_verify', 'health_space_history'] as $key) {
			self::nc()->occ(['config:app:delete', 'mirror', $key]);
		}
		self::nc()->execute("DELETE FROM oc_notifications WHERE app = 'mirror'");
		parent::tearDown();
	}

	private function health(): void {
		$this->cron([self::JOB_HEALTH]);
	}

	/**
	 * Mirror's notifications of a user, through the notifications app's OCS API.
	 *
	 * @return list<array<string, mixed>>
	 */
	private function notifications(string $uid): array {
		$r = $this->dav()->request('GET', self::nc()->url() . '/ocs/v2.php/apps/notifications/api/v2/notifications?format=json', $uid,
			['OCS-APIRequest' => 'true', 'Accept' => 'application/json']);
		$this->assertSame(200, $r->status, $r->body);
		$all = json_decode($r->body, true)['ocs']['data'] ?? [];
		return array_values(array_filter($all, static fn (array $n): bool => $n['app'] === 'mirror'));
	}

	/**
	 * @return array{severity: string, description: string}|null Mirror's entry in `occ setupchecks`
	 */
	private function setupCheck(): ?array {
		// exits 1 when any check of the server is an error (here: AppAPI's missing deploy daemon)
		$r = $this->occ(['setupchecks', '--output=json']);
		$this->assertIsArray($r->json(), $r->describe());
		foreach ($r->json() as $category) {
			foreach ($category as $check) {
				if (($check['name'] ?? '') === 'Mirror backup drives') {
					return ['severity' => (string)$check['severity'], 'description' => (string)($check['description'] ?? '')];
				}
			}
		}
		return null;
	}

	private function unplugged(string $uid, string $name): array {
		$drive = $this->freshDir('drive-' . $name);
		$mountPoint = $this->freshDir('mnt-' . $name);
		$this->mounts->bind($drive, $mountPoint);
		$target = $this->addTarget($mountPoint, $name);
		$this->dav()->put($uid, 'a.txt', 'kept');
		$this->processOk();
		$this->mounts->unmount($mountPoint);
		return [$target, $drive, $mountPoint];
	}

	public function testAnUnpluggedDriveTellsEachAdminOnceAfterTheGracePeriodAndClearsWhenBack(): void {
		$uid = $this->user('family');
		[$target, $drive, $mountPoint] = $this->unplugged($uid, 'usb-1');
		$id = (int)$target['id'];

		$this->health();
		$this->assertSame([], $this->notifications(Instance::ADMIN), 'a drive missing for a moment is no alarm yet');
		$this->assertSame('success', $this->setupCheck()['severity'] ?? null);

		// the drive has been missing for an hour (the grace period is 30 minutes)
		self::nc()->mustOcc(['config:app:set', 'mirror', 'health_offline_seen', '--lazy', '--value=' . json_encode([(string)$id => time() - 3600])]);
		$this->health();
		$this->health(); // and again: still one notification each
		foreach ([Instance::ADMIN, 'admin2'] as $admin) {
			$mine = $this->notifications($admin);
			$this->assertCount(1, $mine, "$admin gets exactly one notification: " . json_encode($mine));
			$this->assertStringContainsString('"usb-1" is offline', $mine[0]['subject']);
			$this->assertNotSame('', $mine[0]['message']);
			$this->assertStringContainsString('/settings/admin/mirror', $mine[0]['link']);
		}
		$this->assertSame([], $this->notifications($uid), 'users are not told about drives');
		$check = $this->setupCheck();
		$this->assertSame('error', $check['severity'] ?? null, json_encode($check));
		$this->assertStringContainsString('"usb-1" is offline', $check['description']);

		$this->mounts->bind($drive, $mountPoint); // plugged back
		$this->health();
		$this->assertSame([], $this->notifications(Instance::ADMIN), 'the notification goes by itself');
		$this->assertSame([], $this->notifications('admin2'));
		$this->assertSame('success', $this->setupCheck()['severity'] ?? null);
	}

	public function testAnotherDriveInThePlaceOfTheTargetCountsAtOnce(): void {
		$uid = $this->user('swapper');
		[$target, , $mountPoint] = $this->unplugged($uid, 'usb-2');
		$stranger = $this->freshDir('drive-stranger');
		file_put_contents($stranger . '/.nextcloud-mirror', json_encode(['uuid' => 'someone-else', 'instanceId' => 'elsewhere']));
		$this->mounts->bind($stranger, $mountPoint);

		$this->health();
		$mine = $this->notifications(Instance::ADMIN);
		$this->assertCount(1, $mine, json_encode($mine));
		$this->assertStringContainsString('Another drive is mounted', $mine[0]['message']);
		$this->mounts->unmount($mountPoint);
		$this->forgetTarget((int)$target['id']);
	}

	public function testAFullDriveIsReported(): void {
		$uid = $this->user('filler');
		$mountPoint = $this->freshDir('mnt-small');
		$this->mounts->tmpfs($mountPoint, '4m');
		$target = $this->addTarget($mountPoint, 'small');
		// 4 MiB with a 4.1 MB file: under 5 % (the default reserve) stays free
		$this->dav()->put($uid, 'big.bin', random_bytes(4_100_000));
		$this->processOk();
		$this->assertMirrored($target, $uid, 'big.bin');

		$this->health();
		$mine = $this->notifications(Instance::ADMIN);
		$this->assertCount(1, $mine, json_encode($mine));
		$this->assertStringContainsString('"small" is full', $mine[0]['subject']);
		$this->assertSame('warning', $this->setupCheck()['severity'] ?? null);

		$this->mounts->resize($mountPoint, '64m');
		$this->health();
		$this->assertSame([], $this->notifications(Instance::ADMIN));
	}

	public function testATargetExportedReadWriteIsAWarningUntilItIsExportedReadOnly(): void {
		$target = $this->newTarget('exported');
		// the server's real /etc is never touched: a copy, bind-mounted over /etc in a mount namespace of its own
		$etc = $this->scratchDir('etc') . '/etc';
		$copy = Proc::run(['cp', '-a', '/etc', $etc]);
		$this->assertSame(0, $copy->exitCode, $copy->describe());
		$realBefore = @file_get_contents('/etc/exports');
		$realSamba = @file_get_contents('/etc/samba/smb.conf');
		$inside = ['unshare', '--mount', '--propagation', 'private', 'sh', '-c', 'mount --bind "$0" /etc && exec "$@"', $etc];
		$health = function () use ($inside): void {
			$r = self::nc()->runCron([self::JOB_HEALTH], $inside);
			$this->assertSame(0, $r->exitCode, $r->describe());
		};
		$conditions = function () use ($target): array {
			$r = $this->dav()->request('GET', self::nc()->url() . '/ocs/v2.php/apps/mirror/api/v1/health?format=json', Instance::ADMIN,
				['OCS-APIRequest' => 'true', 'Accept' => 'application/json']);
			$this->assertSame(200, $r->status, $r->body);
			$all = json_decode($r->body, true)['ocs']['data']['conditions'] ?? [];
			return array_values(array_filter($all, static fn (array $c): bool => $c['targetId'] === (int)$target['id'] && $c['type'] === 'exported'));
		};

		file_put_contents($etc . '/exports', "# the family's computers\n" . $target['path'] . " 192.168.1.0/24(rw,sync,no_subtree_check)\n");
		$health();
		$found = $conditions();
		$this->assertCount(1, $found, 'an /etc/exports line exporting the target read-write raises the condition');
		$this->assertSame(['warning', 'nfs'], [$found[0]['severity'], $found[0]['reason']], json_encode($found));
		$this->assertSame(['/etc/exports: ' . $target['path'] . ' 192.168.1.0/24(rw,sync,no_subtree_check)'], $found[0]['files']);
		$check = $this->setupCheck();
		$this->assertSame('warning', $check['severity'] ?? null, json_encode($check));
		$this->assertStringContainsString('exported read-write over NFS', $check['description']);
		$this->assertStringContainsString($target['path'] . ' 192.168.1.0/24(ro,sync,no_subtree_check)', $check['description'], 'the one-line fix');
		$told = $this->notifications(Instance::ADMIN);
		$this->assertCount(1, $told, json_encode($told));
		$this->assertStringContainsString('exported read-write', $told[0]['subject']);

		$status = self::nc()->occStart(['mirror:status'], [], $inside)->wait();
		$this->assertSame(0, $status->exitCode, $status->describe());
		$this->assertStringContainsString('exported read-write over NFS', $status->stdout);
		$this->assertStringNotContainsString('exported read-write', self::nc()->mustOcc(['mirror:status'])->stdout, 'outside the namespace, the real /etc exports nothing');

		// read-only: the condition clears
		file_put_contents($etc . '/exports', $target['path'] . " 192.168.1.0/24(ro,sync,no_subtree_check)\n");
		$health();
		$this->assertSame([], $conditions());
		$this->assertSame('success', $this->setupCheck()['severity'] ?? null);
		$this->assertSame([], $this->notifications(Instance::ADMIN), 'the notification went with it');

		// Samba: a share of the folder above the target, writable
		file_put_contents($etc . '/exports', '');
		@mkdir($etc . '/samba');
		file_put_contents($etc . '/samba/smb.conf', "[global]\n   workgroup = HOME\n[everything]\n   path = " . dirname($target['path']) . "\n   read only = no\n");
		$health();
		$found = $conditions();
		$this->assertSame([['samba'], ['/etc/samba/smb.conf: [everything] path = ' . dirname($target['path'])]], [[$found[0]['reason'] ?? null], $found[0]['files'] ?? null], json_encode($found));
		$this->assertStringContainsString('[everything] read only = yes', $this->setupCheck()['description'] ?? '');

		$this->assertSame([$realBefore, $realSamba], [@file_get_contents('/etc/exports'), @file_get_contents('/etc/samba/smb.conf')], 'the real /etc is as it was');
	}

	public function testFilesFailingForADayTellTheAdminsAndEachOwnerOnlyOfTheirOwnFiles(): void {
		$alice = $this->user('alice-h');
		$bob = $this->user('bob-h');
		$mountPoint = $this->freshDir('mnt-tiny');
		$this->mounts->tmpfs($mountPoint, '1m');
		$target = $this->addTarget($mountPoint, 'tiny');
		$this->dav()->put($alice, 'alice-video.mp4', random_bytes(1_500_000));
		$this->dav()->put($bob, 'bob-video.mp4', random_bytes(1_500_000));
		$this->process();
		$this->assertSame(2, $this->targetStatus((int)$target['id'])['failed'], json_encode($this->occOk(['mirror:status', '--output=json'])->json()));

		$this->health();
		$this->assertSame([], $this->notifications($bob), 'a file that failed a minute ago is not news yet');
		// they have been failing for 25 hours
		self::nc()->execute('UPDATE oc_mirror_queue SET failed_since = ? WHERE target_id = ?', [time() - 25 * 3600, (int)$target['id']]);
		$this->health();

		$admin = array_values(array_filter($this->notifications(Instance::ADMIN), static fn (array $n): bool => str_contains($n['subject'], 'more than a day')));
		$this->assertCount(1, $admin, json_encode($this->notifications(Instance::ADMIN)));
		$this->assertStringContainsString('2 files have not reached mirror drive "tiny"', $admin[0]['subject']);
		$this->assertStringContainsString('alice-video.mp4', $admin[0]['message']);
		$this->assertStringContainsString('bob-video.mp4', $admin[0]['message']);

		$forBob = $this->notifications($bob);
		$this->assertCount(1, $forBob, json_encode($forBob));
		$this->assertStringContainsString('1 of your files has not been backed up', $forBob[0]['subject']);
		$this->assertStringContainsString('bob-video.mp4', $forBob[0]['message']);
		$this->assertStringNotContainsString('alice', $forBob[0]['message'], 'a user reads only the names of their own files');
		$this->assertStringNotContainsString($mountPoint, $forBob[0]['message'], 'and never a path on the server');

		$this->mounts->resize($mountPoint, '64m');
		self::nc()->mustOcc(['mirror:process']);
		$this->occOk(['mirror:status']); // retried when the drive has room
		$this->processOk();
		$this->health();
		$this->assertSame([], $this->notifications($bob), 'copied at last: the notification goes');
	}

	public function testAnAdminWhoAskedForEmailsIsMailedTheOfflineNotice(): void {
		$mails = self::nc()->base . '/mails.txt';
		// port 0: the system picks a free one (a random one clashed with a port in use on a busy machine)
		$sink = Proc::start([PHP_BINARY, __DIR__ . '/Harness/smtp-sink.php', '0', $mails]);
		try {
			for ($i = 0; $i < 100 && preg_match('/^listening (\d+)$/m', $sink->peekStdout()) !== 1; $i++) {
				usleep(100_000);
			}
			$this->assertSame(1, preg_match('/^listening (\d+)$/m', $sink->peekStdout(), $listening), 'the SMTP sink runs: ' . $sink->peekStdout());
			$port = (int)$listening[1];
			foreach (['mail_smtpmode' => 'smtp', 'mail_smtphost' => '127.0.0.1', 'mail_from_address' => 'cloud', 'mail_domain' => 'example.test', 'mail_smtpsecure' => ''] as $key => $value) {
				self::nc()->mustOcc(['config:system:set', $key, '--value=' . $value]);
			}
			self::nc()->mustOcc(['config:system:set', 'mail_smtpport', '--type=integer', '--value=' . $port]);
			// `occ user:setting ... email` also renders an avatar, which this server tree cannot (no fonts): the row itself
			self::nc()->execute("DELETE FROM oc_preferences WHERE userid = ? AND appid = 'settings' AND configkey = 'email'", [Instance::ADMIN]);
			self::nc()->execute("INSERT INTO oc_preferences (userid, appid, configkey, configvalue) VALUES (?, 'settings', 'email', 'admin@example.test')", [Instance::ADMIN]);
			// the admin asked for an email about missed notifications every hour
			$r = $this->dav()->request('POST', self::nc()->url() . '/ocs/v2.php/apps/notifications/api/v2/settings?format=json', Instance::ADMIN,
				['OCS-APIRequest' => 'true', 'Content-Type' => 'application/json', 'Accept' => 'application/json'],
				json_encode(['batchSetting' => 1, 'soundNotification' => 'yes', 'soundTalk' => 'yes']));
			$this->assertSame(200, $r->status, $r->body);

			$uid = $this->user('mailed');
			[$target] = $this->unplugged($uid, 'usb-mail');
			self::nc()->mustOcc(['config:app:set', 'mirror', 'health_offline_seen', '--lazy', '--value=' . json_encode([(string)$target['id'] => time() - 3600])]);
			$this->health();
			$this->assertCount(1, $this->notifications(Instance::ADMIN));
			$this->cron(['OCA\\Notifications\\BackgroundJob\\SendNotificationMails']);

			$this->assertFileExists($mails, 'a mail was sent');
			$mail = (string)file_get_contents($mails);
			$this->assertStringContainsString('admin@example.test', $mail);
			$decoded = quoted_printable_decode($mail);
			foreach (preg_split('/\R/', $mail) ?: [] as $line) {
				if (preg_match('#^[A-Za-z0-9+/=]{20,}$#', $line) === 1) {
					$decoded .= base64_decode($line);
				}
			}
			$this->assertStringContainsString('"usb-mail" is offline', $decoded, 'the mail says which drive and what happened');
		} finally {
			$sink->kill();
			self::nc()->occ(['config:system:delete', 'mail_smtpmode']);
		}
	}
}

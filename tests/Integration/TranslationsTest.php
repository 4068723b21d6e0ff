<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

use OCA\Mirror\Tests\Integration\Harness\Instance;

/**
 * Mirror speaks its reader's language on the server: a notification read through the notifications app's OCS API
 * in the language of whoever reads it, and occ in the system's default language (l10n/<lang>.json).
 */
final class TranslationsTest extends IntegrationTestCase {
	private const JOB_HEALTH = 'OCA\\Mirror\\BackgroundJob\\HealthCheck';

	protected static function deleteUsersAfterEachTest(): bool {
		return true;
	}

	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		self::nc()->mustOcc(['app:enable', 'notifications']);
		self::nc()->addUser('admin-de');
		self::nc()->mustOcc(['group:adduser', 'admin', 'admin-de']);
		self::nc()->mustOcc(['user:setting', 'admin-de', 'core', 'lang', 'de']);
	}

	protected function tearDown(): void {
		self::nc()->occ(['config:system:delete', 'default_language']);
		foreach (['health_conditions', 'health_offline_seen', 'health_notified'] as $key) {
			self::nc()->occ(['config:app:delete', 'mirror', $key]);
		}
		self::nc()->execute("DELETE FROM oc_notifications WHERE app = 'mirror'");
		parent::tearDown();
	}

	/**
	 * @return list<array<string, mixed>> Mirror's notifications of a user, through the notifications app's OCS API
	 */
	private function notifications(string $uid): array {
		$r = $this->dav()->request('GET', self::nc()->url() . '/ocs/v2.php/apps/notifications/api/v2/notifications?format=json', $uid,
			['OCS-APIRequest' => 'true', 'Accept' => 'application/json']);
		$this->assertSame(200, $r->status, $r->body);
		$all = json_decode($r->body, true)['ocs']['data'] ?? [];
		return array_values(array_filter($all, static fn (array $n): bool => $n['app'] === 'mirror'));
	}

	public function testAGermanAdminReadsTheNotificationInGermanAndAnEnglishOneInEnglish(): void {
		$uid = $this->user('familie');
		$drive = $this->freshDir('drive-usb');
		$mountPoint = $this->freshDir('mnt-usb');
		$this->mounts->bind($drive, $mountPoint);
		$target = $this->addTarget($mountPoint, 'USB-Platte');
		$this->dav()->put($uid, 'a.txt', 'kept');
		$this->processOk();
		$this->mounts->unmount($mountPoint);
		// missing for an hour: past the grace period
		self::nc()->mustOcc(['config:app:set', 'mirror', 'health_offline_seen', '--lazy', '--value=' . json_encode([(string)$target['id'] => time() - 3600])]);
		$this->cron([self::JOB_HEALTH]);

		$german = $this->notifications('admin-de');
		$this->assertCount(1, $german, json_encode($german));
		$this->assertSame('Spiegellaufwerk „USB-Platte“ ist offline', $german[0]['subject']);
		$this->assertStringStartsWith('Seit ', $german[0]['message'], json_encode($german[0]));
		$this->assertStringContainsString('Das Laufwerk ist nicht eingehängt', $german[0]['message']);
		$this->assertSame('Mirror-Einstellungen öffnen', $german[0]['actions'][0]['label'] ?? null, json_encode($german[0]));

		$english = $this->notifications(Instance::ADMIN);
		$this->assertCount(1, $english);
		$this->assertSame('Mirror drive "USB-Platte" is offline', $english[0]['subject']);
		$this->assertSame('Open Mirror settings', $english[0]['actions'][0]['label'] ?? null);
		$this->mounts->bind($drive, $mountPoint);
	}

	public function testOccSpeaksTheDefaultLanguage(): void {
		$missing = self::nc()->targetsDir . '/gibt-es-nicht';
		$r = $this->occ(['mirror:target:add', $missing]);
		$this->assertSame(1, $r->exitCode, $r->describe());
		$this->assertStringContainsString('The folder ' . $missing . ' does not exist.', $r->stdout, $r->describe());

		$this->occOk(['config:system:set', 'default_language', '--value=de']);
		$r = $this->occ(['mirror:target:add', $missing]);
		$this->assertSame(1, $r->exitCode, $r->describe());
		$this->assertStringContainsString('Der Ordner ' . $missing . ' existiert nicht.', $r->stdout, $r->describe());
		$r = $this->occ(['mirror:target:remove', '999999']);
		$this->assertSame(1, $r->exitCode, $r->describe());
		$this->assertStringContainsString('Es gibt kein Spiegelziel mit der ID 999999.', $r->stdout, $r->describe());

		$target = $this->addTarget($this->freshDir('sicherung'), 'Sicherung');
		$r = $this->occOk(['mirror:target:disable', (string)$target['id']]);
		$this->assertStringContainsString('Ziel ' . $target['id'] . ' „Sicherung“ ist deaktiviert.', $r->stdout);
		$r = $this->occOk(['mirror:target:list']);
		$this->assertStringNotContainsString('No mirror target', $r->stdout);
		$this->assertMatchesRegularExpression('/\\bPfad\\b.*\\bZustand\\b/', $r->stdout, 'the table headers are German too');
		// a missing target named by --target: the catalogue's words, not TargetNotFoundException's English
		$r = $this->occ(['mirror:verify', '--target=999999']);
		$this->assertSame(2, $r->exitCode, $r->describe());
		$this->assertStringContainsString('Es gibt kein Spiegelziel mit der ID 999999.', $r->stdout, $r->describe());
	}
}

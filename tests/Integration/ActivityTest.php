<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

use OCA\Mirror\Tests\Integration\Harness\Instance;

/**
 * Mirror in the Activity stream, read through the Activity app's own OCS API, as its web page and the
 * mobile apps read it: a user sees their restores (one file by name, more by number), the admins see a
 * tripwire hold and its release; all in German for German readers, naming drives by name and never a
 * path on the server.
 */
class ActivityTest extends IntegrationTestCase {
	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		$r = self::nc()->occ(['app:enable', 'activity']);
		if ($r->exitCode !== 0) {
			throw new \RuntimeException('the activity app could not be enabled: ' . $r->describe());
		}
	}

	protected static function deleteUsersAfterEachTest(): bool {
		return true;
	}

	public function testRestoresAndTheTripwireReachTheActivityStreamInTheReadersLanguage(): void {
		$uid = $this->user('aktiv');
		$this->occOk(['user:setting', $uid, 'core', 'lang', 'de']);
		$this->occOk(['user:setting', Instance::ADMIN, 'core', 'lang', 'de']);
		$target = $this->addTarget($this->freshDir('usb'), 'USB backup');
		$this->dav()->mkcol($uid, 'Urlaub');
		foreach (['Photo.jpg', 'a.jpg', 'b.jpg'] as $name) {
			$this->dav()->put($uid, 'Urlaub/' . $name, self::photo());
		}
		$this->processOk();
		foreach (['Photo.jpg', 'a.jpg', 'b.jpg'] as $name) {
			$this->assertSame(204, $this->dav()->delete($uid, 'Urlaub/' . $name)->status);
		}
		$this->occOk(['trashbin:cleanup', $uid]);
		$this->processOk();

		// from the Files sidebar: one deleted file, then the two others
		$folderId = $this->dav()->fileId($uid, 'Urlaub');
		$deleted = $this->mirror($uid, 'GET', '/files/' . $folderId . '/history')['deleted'];
		$ids = array_column($deleted, 'id', 'path');
		$one = $this->mirror($uid, 'POST', '/files/' . $folderId . '/restore-deleted', ['ids' => [$ids['Photo.jpg']]]);
		$this->assertSame(1, $one['restored'], json_encode($one));
		$two = $this->mirror($uid, 'POST', '/files/' . $folderId . '/restore-deleted', ['ids' => [$ids['a.jpg'], $ids['b.jpg']]]);
		$this->assertSame(2, $two['restored'], json_encode($two));

		$subjects = $this->subjects($uid);
		$this->assertContains('Photo.jpg wurde vom Spiegel wiederhergestellt (USB backup)', $subjects, implode("\n", $subjects));
		$this->assertContains('2 Dateien vom Spiegel wiederhergestellt (USB backup)', $subjects, implode("\n", $subjects));
		$file = array_values(array_filter($this->activities($uid), static fn (array $a): bool => str_starts_with($a['subject'], 'Photo.jpg')))[0];
		$this->assertSame('Urlaub/Photo.jpg', $file['subject_rich'][1]['file']['path'], 'the file, by its path in the user\'s files');
		$this->assertSame((string)$this->dav()->fileId($uid, 'Urlaub/Photo.jpg'), $file['subject_rich'][1]['file']['id']);

		// ransomware overwrites the photo (on the mirror again): the tripwire holds the user, the admin releases the hold
		$this->processOk();
		$this->dav()->put($uid, 'Urlaub/Photo.jpg', random_bytes(2_004));
		$run = $this->processOk(['--output=json'])->json();
		$this->assertGreaterThanOrEqual(1, $run['held'] ?? 0, json_encode($run));
		$r = $this->dav()->request('POST', self::nc()->url() . '/ocs/v2.php/apps/mirror/api/v1/tripwire/' . $uid . '/release?format=json', Instance::ADMIN,
			['OCS-APIRequest' => 'true', 'Accept' => 'application/json', 'Content-Type' => 'application/json'], json_encode(['discard' => true]));
		$this->assertSame(200, $r->status, $r->body);

		$admin = $this->subjects(Instance::ADMIN);
		$this->assertContains('Die Stolperfalle hält die Änderungen von aktiv zurück: der neue Inhalt einer Datei passt nicht zu ihrem Typ', $admin, implode("\n", $admin));
		$this->assertContains('Die Stolperfalle hat aktiv freigegeben: 1 zurückgehaltene Änderung wurde verworfen, der Spiegel behält die letzten guten Kopien', $admin, implode("\n", $admin));
		$this->assertNotContains('Photo.jpg wurde vom Spiegel wiederhergestellt (USB backup)', $admin, 'a user\'s restores are theirs');
		$this->assertSame([], array_filter($this->subjects($uid), static fn (string $s): bool => str_contains($s, 'Stolperfalle')), 'the tripwire is for the admins');

		foreach ([...$this->activities($uid), ...$this->activities(Instance::ADMIN)] as $activity) {
			$this->assertStringNotContainsString($target['path'], json_encode($activity, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE), 'no path on the server');
		}
	}

	/**
	 * Mirror's activities of a user, newest first, from the Activity app's OCS API.
	 *
	 * @return list<array<string, mixed>>
	 */
	private function activities(string $uid): array {
		$r = $this->dav()->request('GET', self::nc()->url() . '/ocs/v2.php/apps/activity/api/v2/activity/all?format=json&limit=100', $uid,
			['OCS-APIRequest' => 'true', 'Accept' => 'application/json']);
		if ($r->status === 304) {
			return [];
		}
		$this->assertSame(200, $r->status, $r->body);
		return array_values(array_filter(json_decode($r->body, true)['ocs']['data'], static fn (array $a): bool => $a['app'] === 'mirror'));
	}

	/**
	 * @return list<string>
	 */
	private function subjects(string $uid): array {
		return array_column($this->activities($uid), 'subject');
	}

	/**
	 * @param array<string, mixed>|null $body
	 */
	private function mirror(string $uid, string $method, string $path, ?array $body = null): mixed {
		$r = $this->dav()->request($method, self::nc()->url() . '/ocs/v2.php/apps/mirror/api/v1' . $path . '?format=json', $uid,
			['OCS-APIRequest' => 'true', 'Accept' => 'application/json', 'Content-Type' => 'application/json'], $body === null ? null : json_encode($body));
		$this->assertSame(200, $r->status, $r->body);
		return json_decode($r->body, true)['ocs']['data'];
	}

	/** A JPEG-looking photo: the signature, then noise. */
	private static function photo(): string {
		return "\xFF\xD8\xFF\xE0" . random_bytes(2_000);
	}
}

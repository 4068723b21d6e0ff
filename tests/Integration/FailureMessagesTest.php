<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

/**
 * A failure is stored as a code and its parameters and put into words by the server for whoever reads
 * it: a German-speaking user reads German and never a path on the server; the admin reads where on
 * the drive it happened.
 */
final class FailureMessagesTest extends IntegrationTestCase {
	private const UNSAFE_DE = 'Eine symbolische Verknüpfung auf dem Spiegellaufwerk steht dort, wo diese Datei hingehört. Mirror folgt Verknüpfungen auf dem Laufwerk nie: Ein Administrator muss sie entfernen.';
	private const UNSAFE_EN = 'A symbolic link on the mirror drive stands where this file goes. Mirror never follows links on the drive: an administrator has to remove it.';

	/**
	 * @return array{status: int, data: mixed}
	 */
	private function ocs(string $uid, string $path): array {
		$r = $this->dav()->request('GET', self::nc()->url() . '/ocs/v2.php/apps/mirror/api/v1' . $path . (str_contains($path, '?') ? '&' : '?') . 'format=json', $uid,
			['OCS-APIRequest' => 'true', 'Accept' => 'application/json']);
		return ['status' => $r->status, 'data' => json_decode($r->body, true)['ocs']['data'] ?? null];
	}

	public function testUsersReadFailuresInTheirLanguageAndAdminsReadWhere(): void {
		$uid = $this->user('hans');
		$this->occOk(['user:setting', $uid, 'core', 'lang', 'de']);
		$target = $this->newTarget('catalogue');
		$this->dav()->mkdirs($uid, 'Gesperrt');
		$this->dav()->put($uid, 'Gesperrt/a.txt', 'a');
		@mkdir($target['path'] . '/' . $uid, 0755, true);
		symlink($this->scratchDir('elsewhere'), $target['path'] . '/' . $uid . '/Gesperrt');
		$this->process();

		$id = $this->dav()->fileId($uid, 'Gesperrt/a.txt');
		$mine = $this->ocs($uid, "/files/$id");
		$this->assertSame(200, $mine['status']);
		$this->assertSame('unsafe_link', $mine['data']['targets'][0]['errorCode']);
		$this->assertSame(self::UNSAFE_DE, $mine['data']['targets'][0]['error'], 'the user reads German');
		$this->assertStringNotContainsString($target['path'], json_encode($mine['data']), 'and no path on the server');

		$failures = $this->ocs('admin', '/failures?targetId=' . $target['id']);
		$this->assertSame(200, $failures['status']);
		$errors = array_column(array_filter($failures['data']['failures'], static fn (array $f): bool => $f['userId'] === $uid && $f['kind'] === 'file'), 'error');
		$this->assertCount(1, $errors, json_encode($failures['data']));
		$errors = array_values($errors);
		$this->assertStringStartsWith(self::UNSAFE_EN, $errors[0], 'the admin reads English');
		$this->assertStringContainsString('Where: ' . $target['path'] . '/' . $uid . '/Gesperrt', $errors[0], 'and where on the drive');
	}
}

<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

use OCA\Mirror\Tests\Integration\Harness\Instance;
use OCA\Mirror\Tests\Integration\Harness\WebSession;

/**
 * The admin API's dangerous changes want the password confirmed in the last 30 minutes, as Nextcloud's
 * own settings do: adding, changing (enabling, disabling, offline drive on or off) and forgetting a
 * target, ending a tripwire hold, starting a restore that overwrites files. An admin's browser session
 * restored from "remember me" (no password typed in it) gets 403 and changes nothing; after the
 * password dialog's POST /login/confirm the same calls work.
 */
class PasswordConfirmationTest extends IntegrationTestCase {
	public function testProtectedEndpointsNeedARecentConfirmation(): void {
		$uid = $this->user('pc-user');
		$drive = $this->freshDir('pc-drive');
		$this->mounts->tmpfs($drive, '4m'); // a drive of its own: only those can become offline drives
		$target = $this->addTarget($drive, 'pc-target');
		$id = (int)$target['id'];
		$newPath = $this->freshDir('pc-new');
		$calls = [
			'add a target' => ['POST', 'targets', ['path' => $newPath, 'name' => 'New drive']],
			'start an overwriting restore' => ['POST', 'restores/overwrite', ['userId' => $uid, 'targetId' => $id]],
			'release a hold' => ['POST', 'tripwire/' . $uid . '/release', ['discard' => false]],
			'discard a hold' => ['POST', 'tripwire/' . $uid . '/release', ['discard' => true]],
			'turn an offline drive on' => ['PATCH', 'targets/' . $id, ['offlineDrive' => true]],
			'disable a target' => ['PATCH', 'targets/' . $id, ['enabled' => false]],
			'forget a target' => ['DELETE', 'targets/' . $id, null],
		];

		$session = WebSession::restored(self::nc(), Instance::ADMIN);
		[$status, $body] = $session->ocs('GET', 'targets');
		$this->assertSame(200, $status, 'the restored session is an admin\'s: reading needs no confirmation. ' . $body);
		foreach ($calls as $what => [$method, $path, $json]) {
			[$status, $body] = $session->ocs($method, $path, $json);
			$this->assertSame(403, $status, $what . ' without a recent confirmation: ' . $body);
		}
		// nothing changed
		$listed = $this->listedTarget($id);
		$this->assertNotNull($listed, 'the target is still there');
		$this->assertTrue((bool)$listed['enabled'], 'still enabled');
		$this->assertFalse((bool)($listed['offlineDrive'] ?? false), 'not an offline drive');
		$this->assertCount(1, $this->targetList(), 'no target added');
		$this->assertSame([], self::nc()->select('SELECT id FROM oc_mirror_restores WHERE user_id = ?', [$uid]), 'no restore recorded');
		// a preview and a restore that overwrites nothing need no confirmation; an overwriting one is
		// refused at the unprotected URL, confirmed or not
		[$status, $body] = $session->ocs('POST', 'restores', ['userId' => $uid, 'targetId' => $id, 'mode' => 'overwrite', 'dryRun' => true]);
		$this->assertSame(200, $status, $body);
		[$status, $body] = $session->ocs('POST', 'restores', ['userId' => $uid, 'targetId' => $id, 'mode' => 'overwrite']);
		$this->assertSame(400, $status, $body);
		$this->assertSame('mode', json_decode($body, true)['ocs']['data']['field'] ?? null, $body);

		// the dialog: a wrong password is refused and confirms nothing
		$this->assertSame(403, $session->confirmPassword('not-the-password'));
		[$status] = $session->ocs('PATCH', 'targets/' . $id, ['enabled' => false]);
		$this->assertSame(403, $status, 'still unconfirmed after a wrong password');
		$this->assertSame(200, $session->confirmPassword(Instance::ADMIN_PASSWORD));

		$expected = [
			'add a target' => 201,
			'disable a target' => 200,
			'turn an offline drive on' => 200,
			'release a hold' => 200,
			'discard a hold' => 200,
			'start an overwriting restore' => 202,
			'forget a target' => 200,
		];
		$answers = [];
		foreach ($calls as $what => [$method, $path, $json]) {
			[$status, $body] = $session->ocs($method, $path, $json);
			$this->assertSame($expected[$what], $status, $what . ' after the confirmation: ' . $body);
			$answers[$what] = json_decode($body, true)['ocs']['data'];
		}
		$this->assertFalse($answers['disable a target']['enabled']);
		$this->assertTrue($answers['turn an offline drive on']['offlineDrive']);
		$this->assertSame('overwrite', $answers['start an overwriting restore']['mode']);
		$this->assertNull($this->listedTarget($id), 'forgotten');
		$this->forgetTarget($id);
		$added = (int)$answers['add a target']['id'];
		$this->assertNotNull($this->listedTarget($added), 'added');
		$this->occOk(['mirror:target:remove', (string)$added]);
	}
}

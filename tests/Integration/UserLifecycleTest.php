<?php

declare(strict_types=1);

/**
 * SPDX-FileCopyrightText: 2026 Mirror contributors
 * SPDX-License-Identifier: AGPL-3.0-or-later
 */

namespace OCA\Mirror\Tests\Integration;

/**
 * A user deleted from Nextcloud (issue item 10): their queue rows and records go, their mirrored data stays.
 */
final class UserLifecycleTest extends IntegrationTestCase {
	public function testADeletedUsersQueueAndRecordsGoButTheMirroredDataStays(): void {
		$leaver = $this->user('leaver');
		$stayer = $this->user('stayer');
		$target = $this->newTarget('lifecycle');
		$this->dav()->mkcol($leaver, 'Photos');
		$this->dav()->put($leaver, 'Photos/summer.jpg', 'summer');
		$this->dav()->put($leaver, 'diary.txt', 'dear diary');
		$this->dav()->put($stayer, 'mine.txt', 'mine');
		$this->processOk();
		$this->dav()->put($leaver, 'pending.txt', 'uploaded, never copied');
		$this->assertGreaterThan(0, $this->userStatus($leaver, (int)$target['id'])['pending']);
		$mirrored = $this->mirrorFiles($target, $leaver);
		$this->assertSame(['Photos/summer.jpg', 'diary.txt'], $mirrored);

		$deleted = self::nc()->deleteUser($leaver);
		$this->assertSame(0, $deleted->exitCode, $deleted->describe());

		$status = $this->mirrorStatus();
		$rows = array_filter($status['users'], static fn (array $row) => $row['userId'] === $leaver);
		$this->assertSame([], array_values($rows), 'no status rows (records, queue) left for a deleted user');
		$this->assertSame(0, $this->targetStatus((int)$target['id'])['pending'], 'their queued work is gone');

		$run = $this->processOk();
		$this->assertSame(0, $this->targetStatus((int)$target['id'])['failed'], $run->describe());
		$this->assertSame($mirrored, $this->mirrorFiles($target, $leaver), 'their mirrored data stays, untouched');
		$this->assertSame('dear diary', file_get_contents($this->mirrorPath($target, $leaver, 'diary.txt')));
		$this->assertDirectoryDoesNotExist($target['path'] . '/' . self::TRASH . '/' . $leaver, 'not moved to the mirror trash either');
		$this->assertUserMirrored($target, $stayer);

		$verify = $this->occ(['mirror:verify', '--target=' . $target['id']]);
		$this->assertSame(0, $verify->exitCode, "nothing left to verify for the deleted user:\n" . $verify->describe());
	}
}
